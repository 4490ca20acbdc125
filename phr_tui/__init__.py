"""phr-tui: run a partnership health reflection in the terminal."""

__version__ = "0.1.0"
