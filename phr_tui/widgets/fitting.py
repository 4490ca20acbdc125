"""Text cut to fit a column, counted in terminal cells (CJK and emoji are two)."""

from __future__ import annotations

from rich.cells import cell_len


def clip(text: str, width: int) -> str:
    """Text cut to `width` cells, ending in '…' where it was cut."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def clip_middle(text: str, width: int) -> str:
    """Text cut to `width` cells in the middle, keeping both its ends.

    Names that differ only at the end ("Smithson", "Smithers", "Foundation 1",
    "Foundation 2") still read apart.
    """
    if cell_len(text) <= width:
        return text
    room = max(width - 1, 0)
    head = ""
    for char in text:
        if cell_len(head + char) > room - room // 2:
            break
        head += char
    tail = ""
    for char in reversed(text[len(head) :]):
        if cell_len(head + char + tail) > room:
            break
        tail = char + tail
    return f"{head.rstrip()}…{tail.lstrip()}"
