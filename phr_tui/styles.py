"""The app's stylesheet, read in sections so start-up parses only what it shows.

Textual takes tens of milliseconds to parse the whole app's styles, so the
app adds the shared section and its first screen's at start, and the rest
once that screen is up. The styles stay one file, `app.tcss`, in sections
headed `/* == name == */`.
"""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).with_name("app.tcss")

SHARED = "shared"
"""The section every screen needs: dialogs, titles, hints, button rows."""

_HEADING = re.compile(r"^/\* == (.+?) == \*/$", re.MULTILINE)


def read_sections(path: Path = STYLESHEET) -> dict[str, str]:
    """Each section's rules by name, in the file's order."""
    text = path.read_text(encoding="utf-8")
    sections: dict[str, str] = {}
    headings = list(_HEADING.finditer(text))
    for n, heading in enumerate(headings):
        end = headings[n + 1].start() if n + 1 < len(headings) else len(text)
        # Blank lines in front keep each rule on its line of the file, so a
        # mistake in the CSS is reported where it is.
        lines_before = text.count("\n", 0, heading.end())
        sections[heading.group(1)] = "\n" * lines_before + text[heading.end() : end]
    return sections
