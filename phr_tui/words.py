"""Small helpers for the words phr shows, shared by screens, exports and the CLI."""


def plural(count: int, word: str) -> str:
    """A count with its word, such as '1 next step' or '2 next steps'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
