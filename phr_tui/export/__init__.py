"""Exports of a session: a Markdown report, CSV for spreadsheets, and JSON.

Plain Python with no Textual import, so `phr export` runs anywhere. Every
format follows one rule: before the reveal nobody's answers leave the session,
only who has finished. A session that ended early (someone never submitted,
indicators never discussed) exports everything it has and says what is missing.

Files go to `exports/` beside the sessions folder (made when missing) unless
`-o OUT` says where, named after the session file: `NAME.md`, `NAME.json`, and
for CSV two files, `NAME-ratings.csv` and `NAME-next-steps.csv`. Every file is
written atomically. The folder `OUT` is in must exist already: a mistyped path
is an error, not a new tree of folders. `-o -` writes Markdown or JSON to
standard output, in UTF-8; CSV is two files, so it refuses `-`.

The CSV files' guard against formulas is described in
`phr_tui.export.csv_files`, and the JSON export's shape (version 1) in
`phr_tui.export.json_export`.
"""

from __future__ import annotations

from pathlib import Path

from phr_tui.errors import PhrError
from phr_tui.export.common import (
    FORMATS,
    OVERALL_HEALTH,
    STANDARD_OUTPUT,
    WHOLE_PARTNERSHIP,
    check_folder,
    check_format,
    export_folder,
    missing,
    write_file,
    write_to_stream,
)
from phr_tui.export.csv_files import (
    FORMULA_STARTS,
    RATING_COLUMNS,
    STEP_COLUMNS,
    csv_cell,
    next_steps_csv,
    ratings_csv,
)
from phr_tui.export.json_export import (
    JSON_FORMAT,
    JSON_VERSION,
    json_data,
    json_export,
)
from phr_tui.export.markdown import HIDDEN_BEFORE_REVEAL, markdown_report, md_text
from phr_tui.session import Phase, Session

__all__ = [
    "FORMATS",
    "FORMULA_STARTS",
    "HIDDEN_BEFORE_REVEAL",
    "JSON_FORMAT",
    "JSON_VERSION",
    "OVERALL_HEALTH",
    "RATING_COLUMNS",
    "STANDARD_OUTPUT",
    "STEP_COLUMNS",
    "WHOLE_PARTNERSHIP",
    "csv_cell",
    "export_folder",
    "export_note",
    "export_session",
    "export_text",
    "json_data",
    "json_export",
    "markdown_report",
    "md_text",
    "missing",
    "next_steps_csv",
    "ratings_csv",
    "write_to_stream",
]


def export_session(
    session: Session, session_path: Path, fmt: str, output: Path | None = None
) -> list[Path]:
    """Write the session in a format ("md", "csv" or "json"); the paths written.

    `output` names the file to write (for CSV, the ratings file; the next
    steps go beside it as `<stem>-next-steps.csv`). An existing folder as
    `output` takes the default file names. Only the default exports folder is
    made when missing; any other folder `output` names must exist.
    """
    check_format(fmt)
    stem = session_path.stem
    folder = export_folder(session_path)
    if output is not None and output.is_dir():
        folder, output = output, None
    if output is not None:
        check_folder(output, folder)

    if fmt == "csv":
        ratings = output or folder / f"{stem}-ratings.csv"
        steps = ratings.with_name(f"{ratings.stem}-next-steps.csv")
        if output is None:
            steps = folder / f"{stem}-next-steps.csv"
        files = [(ratings, ratings_csv(session)), (steps, next_steps_csv(session))]
    elif fmt == "json":
        files = [(output or folder / f"{stem}.json", json_export(session))]
    else:
        files = [(output or folder / f"{stem}.md", markdown_report(session))]

    for path, _ in files:
        if path.absolute().resolve() == session_path.absolute().resolve():
            raise PhrError(
                f"{path} is the session file itself; export to another file."
            )
    for path, text in files:
        write_file(path, text)
    return [path for path, _ in files]


def export_text(session: Session, fmt: str) -> str:
    """The export as one text, for standard output: Markdown or JSON only."""
    check_format(fmt)
    if fmt == "csv":
        raise PhrError(
            "A CSV export is two files (the ratings and the next steps), so it "
            "cannot go to standard output. Give -o a file or a folder instead, "
            "or choose --format md or json."
        )
    return json_export(session) if fmt == "json" else markdown_report(session)


def export_note(session: Session, fmt: str) -> str:
    """A word on what an export leaves out, to show beside its paths; or ''."""
    if session.phase is Phase.RATING:
        if fmt == "csv":
            return (
                "The ratings are not revealed yet, so the ratings file holds its "
                "column names only."
            )
        return "The ratings are not revealed yet, so the export shows progress only."
    if not missing(session):
        return ""
    if session.phase is Phase.CLOSED:
        return "This session ended early; the export says what is missing."
    return "The discussion is still under way; the export says what it lacks so far."
