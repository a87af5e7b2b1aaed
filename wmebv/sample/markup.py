"""Markdown-light used in content files: paragraphs, "- " bullet lists and [label](href) links."""

from __future__ import annotations

import html
import re

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def resolve_href(href: str, loket: str) -> str:
    """Replace the `{loket}` placeholder with the e-loket base URL."""
    return href.replace("{loket}", loket)


def inline(text: str, loket: str) -> str:
    """Escape text and turn [label](href) into links."""
    out: list[str] = []
    pos = 0
    for match in LINK.finditer(text):
        out.append(html.escape(text[pos:match.start()], quote=False))
        href = html.escape(resolve_href(match.group(2), loket))
        out.append(f'<a href="{href}">{html.escape(match.group(1), quote=False)}</a>')
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def render_text(text: str, loket: str) -> str:
    """Render Markdown-light text to HTML paragraphs and lists."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{inline(line[2:], loket)}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
            continue
        paragraph: list[str] = []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    blocks.append(f"<p>{inline(' '.join(paragraph), loket)}</p>")
                    paragraph = []
                blocks.append(f"<ul><li>{inline(line[2:], loket)}</li></ul>")
            else:
                paragraph.append(line)
        if paragraph:
            blocks.append(f"<p>{inline(' '.join(paragraph), loket)}</p>")
    return "\n".join(blocks).replace("</ul>\n<ul>", "")


def plain_text(text: str) -> str:
    """Strip Markdown-light to plain text (for abstracts and script payloads)."""
    text = LINK.sub(lambda m: m.group(1), text)
    return " ".join(line.strip().removeprefix("- ") for line in text.split())


def links_in(text: str) -> list[str]:
    """Return the raw hrefs of all links in a Markdown-light text."""
    return [match.group(2) for match in LINK.finditer(text)]
