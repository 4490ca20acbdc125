"""Read what the user sees: the current screen as plain text lines."""

from __future__ import annotations

import html
import re
from collections import defaultdict

from textual.app import App

# The screenshot's own title is drawn as text too; its class ends in "-title".
_TEXT = re.compile(
    r'<text class="[^"]*?-r\d+"[^>]*?\sx="([\d.]+)"[^>]*?\sy="([\d.]+)"[^>]*>'
    r"(.*?)</text>",
    re.S,
)


def screen_text(app: App) -> str:
    """The screen's text, line by line, from Textual's public SVG screenshot."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    for x, y, content in _TEXT.findall(svg):
        text = html.unescape(re.sub(r"<[^>]+>", "", content)).replace("\xa0", " ")
        rows[float(y)].append((float(x), text))
    lines = []
    for y in sorted(rows):
        lines.append("".join(text for _, text in sorted(rows[y])).rstrip())
    return "\n".join(lines)
