"""The shared core: store, page model, UPL, site configuration, errors and data paths."""
