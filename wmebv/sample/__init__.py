"""The bundled sample municipality "Gemeente Voorbeeldstad": content, renderer, server, manifest."""
