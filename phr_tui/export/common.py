"""What every export format shares: names, paths, writing files, what is missing.

Plain Python with no Textual import, so `phr export` runs anywhere. Every
format follows one rule: before the reveal nobody's answers leave the session,
only who has finished.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from phr_tui.errors import PhrError
from phr_tui.rubric import Indicator
from phr_tui.session import Phase, Progress, Session
from phr_tui.storage import write_atomically

FORMATS = ("md", "csv", "json")
"""The export formats, as `phr export --format` names them."""

STANDARD_OUTPUT = "-"
"""What `-o` takes to mean standard output."""

OVERALL_HEALTH = "Overall health"
WHOLE_PARTNERSHIP = "The partnership as a whole"


# Writing files.


def export_folder(session_path: Path) -> Path:
    """Where exports go by default: `exports/` beside the sessions folder."""
    # Lexically tidied: a path given as "work/../sessions/x.json" says
    # ".../exports", not ".../work/../exports".
    return Path(os.path.abspath(session_path)).parent.parent / "exports"


def write_to_stream(text: str, stream: TextIO) -> None:
    """Write an export to a stream such as standard output, as UTF-8."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        stream.write(text)
    else:
        # UTF-8 whatever the terminal's locale, as the files are.
        stream.flush()
        binary.write(text.encode("utf-8"))
        binary.flush()


def check_format(fmt: str) -> None:
    """Refuse a format that is not one of FORMATS."""
    if fmt not in FORMATS:
        raise PhrError(f"'{fmt}' is not an export format: choose md, csv or json.")


def check_folder(output: Path, default: Path) -> None:
    """Refuse an output in a folder that does not exist, but the default one."""
    parent = output.absolute().parent
    if parent.is_dir() or parent == default.absolute():
        return
    if parent.exists():
        raise PhrError(
            f"Cannot write {output}: {output.parent} is a file, not a folder."
        )
    raise PhrError(
        f"Cannot write {output}: the folder {output.parent} does not exist. Make "
        "it first, or choose another place with -o."
    )


def write_file(path: Path, text: str) -> None:
    """Write one export file atomically, making its folder; PhrError on failure."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text, keep_backup=False)
    except OSError as error:
        raise PhrError(f"Could not write {path}: {error.strerror or error}.") from None


# What a session lacks.


def missing(session: Session) -> list[str]:
    """What an early-ended session lacks, in sentences; empty when complete."""
    if session.phase is Phase.RATING:
        return []
    gaps = []
    for participant in session.missing:
        if participant.progress is Progress.NOT_STARTED:
            gaps.append(f"{participant.name} never rated.")
        else:
            gaps.append(
                f"{participant.name} never submitted; the ratings they had "
                "given are shown."
            )
    indicators = session.rubric.indicators
    undiscussed = [i for i in indicators if not _discussed(session, i)]
    if len(undiscussed) == len(indicators):
        gaps.append("No indicator was discussed.")
    elif undiscussed:
        gaps.append(
            f"{len(undiscussed)} of {len(indicators)} indicators were not discussed."
        )
    unagreed = [i for i in indicators if not session.discussion(i.id).agreed]
    if unagreed:
        gaps.append(
            f"{len(unagreed)} of {len(indicators)} indicators have no agreed rating."
        )
    if session.overall.agreed is None:
        gaps.append("The group did not agree an overall health level.")
    if not session.next_steps:
        gaps.append("No next steps were recorded.")
    undecided = [c for c in session.carried_steps if c.outcome is None]
    if undecided:
        gaps.append(f"{len(undecided)} next steps brought along were not followed up.")
    return gaps


def _discussed(session: Session, indicator: Indicator) -> bool:
    discussion = session.discussion(indicator.id)
    return bool(discussion.notes.strip() or discussion.agreed)
