"""The `phr` command: the app, and what facilitators do before and after a meeting.

Only the app's own commands import Textual, so `phr export` and `phr rubric
check` start quickly and run where there is no terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from phr_tui import __version__
from phr_tui.errors import PhrError
from phr_tui.words import plural

if TYPE_CHECKING:
    from phr_tui.store import SessionStore

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The command line's words and options."""
    parser = argparse.ArgumentParser(
        prog="phr",
        description="Run a partnership health reflection: private ratings, a reveal, "
        "discussion and next steps, saved to a session file.",
        epilog="With no command, phr opens the home screen.",
    )
    parser.add_argument("--version", action="version", version=f"phr-tui {__version__}")
    folder = argparse.ArgumentParser(add_help=False)
    folder.add_argument(
        "--sessions",
        metavar="DIR",
        type=Path,
        help="the sessions folder (default: $PHR_SESSIONS, else ./sessions)",
    )
    rubric = argparse.ArgumentParser(add_help=False)
    rubric.add_argument(
        "--rubric",
        metavar="FILE",
        type=Path,
        help="a rubric YAML file for new sessions",
    )
    # The same options before the command; a subcommand's own would overwrite
    # these if they shared a name, so they are kept apart.
    parser.add_argument(
        "--sessions",
        dest="top_sessions",
        metavar="DIR",
        type=Path,
        help="the sessions folder (default: $PHR_SESSIONS, else ./sessions)",
    )
    parser.add_argument(
        "--rubric",
        dest="top_rubric",
        metavar="FILE",
        type=Path,
        help="a rubric YAML file for new sessions",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "home", parents=[folder, rubric], help="open the home screen (the default)"
    )

    new = commands.add_parser(
        "new",
        parents=[folder, rubric],
        help="set up a session before the meeting and print its file's path",
        description="Set up a session and print the path of its file.",
    )
    new.add_argument("--title", required=True, help="the session's title")
    new.add_argument("--partnership", required=True, help="the partnership's name")
    new.add_argument("--facilitator", default="", help="the facilitator's name")
    new.add_argument("--date", help="the meeting's date, YYYY-MM-DD (default: today)")
    new.add_argument(
        "--participant",
        action="append",
        default=[],
        metavar="NAME=ORGANISATION",
        help="a participant and their partner organisation; give two or more",
    )

    open_ = commands.add_parser(
        "open", parents=[folder], help="open a saved session where it was left"
    )
    open_.add_argument("file", type=Path, help="a session file")
    open_.add_argument(
        "--read-only", action="store_true", help="look without changing anything"
    )
    open_.add_argument(
        "--restore",
        action="store_true",
        help="put a damaged file's last good copy (FILE.bak) in place first, "
        "keeping the damaged file beside it",
    )

    review = commands.add_parser(
        "review",
        parents=[folder],
        help="review saved sessions read-only, and how ratings moved over time",
    )
    review.add_argument("files", type=Path, nargs="+", metavar="FILE")

    export = commands.add_parser(
        "export", help="write a session as a Markdown report, CSV or JSON"
    )
    export.add_argument("file", type=Path, help="a session file")
    export.add_argument("--format", choices=("md", "csv", "json"), default="md")
    export.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="where to write it"
    )

    rubric_cmd = commands.add_parser("rubric", help="work with rubric files")
    rubric_commands = rubric_cmd.add_subparsers(dest="rubric_command", metavar="ACTION")
    rubric_commands.required = True
    check = rubric_commands.add_parser("check", help="check a rubric and list problems")
    check.add_argument("file", type=Path, help="a rubric YAML file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run `phr`; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except PhrError as error:
        print(f"phr: {error}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as error:
        # A file phr-tui was asked to write or read and could not; say which.
        where = f"{error.filename}: " if error.filename else ""
        print(f"phr: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return EXIT_PROBLEM


def _run(args: argparse.Namespace) -> int:
    command = args.command or "home"
    if command == "new":
        return _new(args)
    if command == "export":
        return _export(args)
    if command == "rubric":
        return _check_rubric(args.file)
    return _launch(args, command)


def _sessions_folder(args: argparse.Namespace) -> Path:
    from phr_tui.store import default_sessions_folder

    return (
        getattr(args, "sessions", None)
        or args.top_sessions
        or (default_sessions_folder())
    )


def _rubric_path(args: argparse.Namespace) -> Path | None:
    return getattr(args, "rubric", None) or args.top_rubric


def _new(args: argparse.Namespace) -> int:
    from phr_tui.rubric_file import load_rubric
    from phr_tui.session import Session
    from phr_tui.store import SessionStore

    people = []
    for spec in args.participant:
        name, sep, organisation = spec.partition("=")
        if not sep:
            raise PhrError(
                f"--participant '{spec}' needs a partner organisation: write it as "
                'NAME=ORGANISATION, like "Ann Lee=Acme Learning".'
            )
        people.append((name, organisation))
    rubric = load_rubric(_rubric_path(args))
    session = Session.create(
        rubric,
        title=args.title,
        partnership=args.partnership,
        facilitator=args.facilitator,
        participants=people,
        on=args.date,
    )
    store = SessionStore.create(_sessions_folder(args), session)
    print(store.path)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from phr_tui import export
    from phr_tui.store import SessionStore

    store = SessionStore.open(args.file, read_only=True)
    if str(args.output) == export.STANDARD_OUTPUT:
        text = export.export_text(store.session, args.format)
        export.write_to_stream(text, sys.stdout)
    else:
        written = export.export_session(
            store.session, store.path, args.format, args.output
        )
        for path in written:
            print(path)
    note = export.export_note(store.session, args.format)
    if note:
        print(note, file=sys.stderr)
    return EXIT_OK


def _check_rubric(path: Path) -> int:
    from phr_tui.rubric_file import check_rubric

    problems = check_rubric(path)
    if not problems:
        print(f"{path}: this rubric is sound.")
        return EXIT_OK
    for problem in problems:
        print(problem)
    count = len(problems)
    print(f"{plural(count, 'problem')} found.", file=sys.stderr)
    return EXIT_PROBLEM


def _launch(args: argparse.Namespace, command: str) -> int:
    # Open the session and check the rubric before Textual starts, so a damaged
    # file or a broken rubric is a plain message and exit status, not a screen.
    from phr_tui.rubric_file import load_rubric

    rubric_path = _rubric_path(args)
    if rubric_path is not None:
        load_rubric(rubric_path)
    store = None
    path = getattr(args, "file", None)
    read_only = getattr(args, "read_only", False)
    if path is not None:
        store = _open_session(path, read_only, getattr(args, "restore", False))

    from phr_tui.app import AppConfig, create_app

    config = AppConfig(
        sessions_folder=_sessions_folder(args),
        rubric_path=rubric_path,
        open_path=path,
        read_only=read_only,
        review_paths=tuple(getattr(args, "files", ()) or ()),
    )
    app = create_app(config, store)
    app.run()
    return app.return_code or EXIT_OK


def _open_session(path: Path, read_only: bool, restore: bool) -> SessionStore:
    from phr_tui.errors import SessionFileError
    from phr_tui.store import SessionStore, restore_backup

    try:
        store = SessionStore.open(path, read_only=read_only)
    except SessionFileError as error:
        if error.backup is None:
            raise
        if restore:
            kept = restore_backup(path)
            print(f"phr: restored {path}; the damaged file is {kept}", file=sys.stderr)
            return SessionStore.open(path, read_only=read_only)
        raise SessionFileError(
            error.path,
            f"{error.problem}\nA last good copy exists: {error.backup}\n"
            f"To open that copy, run: phr open {path} --restore "
            "(the damaged file is kept beside it).",
        ) from None
    if restore:
        print(f"phr: {path} opens as it is; nothing was restored.", file=sys.stderr)
    return store


if __name__ == "__main__":
    raise SystemExit(main())
