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

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(and some read a leading tab or carriage return the same way), so a note such
as `=HYPERLINK(...)` could act when the file is opened. In both CSV files every
such cell starts with an apostrophe instead (`'=HYPERLINK(...)`, `'-5 is
fine`), which spreadsheets show as text; other cells are written as they are.

The JSON export has this shape (version 1; fields are only ever added):

    {
      "format": "phr-tui-session-export",
      "version": 1,
      "revealed": true,                # false before the reveal: no answers below
      "session": {"id", "title", "partnership", "date", "facilitator", "phase",
                  "created_at", "revealed_at", "closed_at"},
      "rubric": {"id", "version", "title",
                 "scale": [{"id", "symbol", "label"}],
                 "categories": [{"id", "name",
                                 "indicators": [{"id", "name", "description",
                                                 "measures": [text]}]}],
                 "health_levels": [{"id", "name", "description"}],
                 "closing_question"},
      "participants": [{"id", "name", "organisation", "progress",
                        "started_at", "submitted_at",
                        # null before the reveal, never an empty answer:
                        "answers": [{"indicator_id", "rating", "note",
                                     "revised": {"rating", "note", "at"} | null}],
                        "health", "health_note", "implications"}],
      "indicators": [{"id", "category_id", "title",
                      "counts": {rating id: n} | null,   # null before the reveal
                      "unrated": n | null,
                      "discussion": {"notes", "agreed"}}],
      "overall": {"counts": {level id: n} | null, "notes", "agreed",
                  "implications"},
      "next_steps": [{"id", "what", "owner", "due", "indicator_id",
                      "created_at"}],
      "carried_steps": [{"id", "what", "owner", "due", "indicator_id",
                         "from_session", "from_date", "outcome"}],
      "missing": [text]                 # what an early-ended session lacks
    }

Ids are the rubric's ids; `rating`, `agreed` and `health` are null when not
given; `outcome` is "done", "dropped", "carried over" or null; dates are
YYYY-MM-DD and times ISO 8601 in UTC.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

from phr_tui.errors import PhrError
from phr_tui.rubric import Indicator
from phr_tui.session import Participant, Phase, Progress, Session, StepOutcome
from phr_tui.spread import health_counts, spread_of
from phr_tui.storage import write_atomically

FORMATS = ("md", "csv", "json")
"""The export formats, as `phr export --format` names them."""

STANDARD_OUTPUT = "-"
"""What `-o` takes to mean standard output."""

JSON_FORMAT = "phr-tui-session-export"
JSON_VERSION = 1

RATING_COLUMNS = (
    "session",
    "date",
    "partnership",
    "participant",
    "organisation",
    "category",
    "indicator",
    "rating id",
    "rating symbol",
    "notes",
    "revised rating",
)
"""The ratings CSV's columns, in order."""

STEP_COLUMNS = (
    "session",
    "date",
    "partnership",
    "next step",
    "owner",
    "due",
    "category",
    "indicator",
    "brought along from",
    "outcome",
)
"""The next steps CSV's columns, in order."""

OVERALL_HEALTH = "Overall health"
WHOLE_PARTNERSHIP = "The partnership as a whole"
HIDDEN_BEFORE_REVEAL = (
    "The ratings have not been revealed yet, so this shows each participant's "
    "progress only, never their answers."
)


# Writing files.


def export_folder(session_path: Path) -> Path:
    """Where exports go by default: `exports/` beside the sessions folder."""
    return session_path.absolute().parent.parent / "exports"


def export_session(
    session: Session, session_path: Path, fmt: str, output: Path | None = None
) -> list[Path]:
    """Write the session in a format ("md", "csv" or "json"); the paths written.

    `output` names the file to write (for CSV, the ratings file; the next
    steps go beside it as `<stem>-next-steps.csv`). An existing folder as
    `output` takes the default file names. Only the default exports folder is
    made when missing; any other folder `output` names must exist.
    """
    _check_format(fmt)
    stem = session_path.stem
    folder = export_folder(session_path)
    if output is not None and output.is_dir():
        folder, output = output, None
    if output is not None:
        _check_folder(output, folder)

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
        _write(path, text)
    return [path for path, _ in files]


def export_text(session: Session, fmt: str) -> str:
    """The export as one text, for standard output: Markdown or JSON only."""
    _check_format(fmt)
    if fmt == "csv":
        raise PhrError(
            "A CSV export is two files (the ratings and the next steps), so it "
            "cannot go to standard output. Give -o a file or a folder instead, "
            "or choose --format md or json."
        )
    return json_export(session) if fmt == "json" else markdown_report(session)


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


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise PhrError(f"'{fmt}' is not an export format: choose md, csv or json.")


def _check_folder(output: Path, default: Path) -> None:
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


def _write(path: Path, text: str) -> None:
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


# Markdown.

_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_HASH = re.compile(r"(^|\s)#")
_LIST_MARK = re.compile(r"^(\s*)([-+=])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md_text(text: str) -> str:
    """User text as Markdown that shows as typed, on one line (breaks as <br>).

    One line, so it fits a table cell and nothing in it can start a heading,
    list, quote or code block; the escapes stop emphasis, links, HTML, GitHub's
    maths ($) and table pipes from reading the text as anything but text.
    """
    return "<br>".join(_md_line(line) for line in _NEWLINE.split(text))


def _md_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _HASH.sub(r"\1\\#", line)
    line = _LIST_MARK.sub(r"\1\\\2", line)
    return _NUMBERED.sub(r"\1\\\2", line)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A GitHub table; cells are Markdown already (run user text through md_text)."""
    head = list(head)
    lines = [_row(head), "| " + " | ".join("---" for _ in head) + " |"]
    lines += [_row(row) for row in rows]
    return lines


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _by_organisation(session: Session) -> list[Participant]:
    order = session.organisations
    return sorted(session.participants, key=lambda p: order.index(p.organisation))


def _rating_badge(session: Session, rating_id: str | None) -> str:
    if rating_id is None:
        return "_not rated_"
    try:
        return md_text(session.rubric.rating(rating_id).badge)
    except KeyError:
        return md_text(rating_id)


def _level_name(session: Session, level_id: str | None) -> str:
    if level_id is None:
        return "_not rated_"
    try:
        return md_text(session.rubric.health_level(level_id).name)
    except KeyError:
        return md_text(level_id)


def _step_source(session: Session, indicator_id: str | None) -> str:
    if indicator_id is None:
        return WHOLE_PARTNERSHIP
    try:
        return session.rubric.indicator(indicator_id).title
    except KeyError:
        return indicator_id


def markdown_report(session: Session) -> str:
    """A report to paste into a wiki or an email; GitHub-flavoured Markdown."""
    lines = [f"# {md_text(session.title)}", ""]
    lines += _md_details(session)
    if session.phase is Phase.RATING:
        lines += [f"> {HIDDEN_BEFORE_REVEAL}", ""]
        lines += _md_progress(session)
        lines += _md_carried(session)
        return "\n".join(lines).rstrip() + "\n"

    gaps = missing(session)
    if gaps:
        if session.phase is Phase.CLOSED:
            lead = "This session ended early. It is missing:"
        else:
            lead = "The discussion is still under way. So far this session lacks:"
        lines += [f"> **{lead}**", ">"]
        lines += [f"> - {md_text(gap)}" for gap in gaps]
        lines.append("")
    lines += _md_participants(session)
    lines += _md_scale(session)
    lines += _md_carried(session)
    for category in session.rubric.categories:
        lines += [f"## {md_text(category.name)}", ""]
        for indicator in category.indicators:
            lines += _md_indicator(session, indicator)
    lines += _md_overall(session)
    lines += _md_next_steps(session)
    return "\n".join(lines).rstrip() + "\n"


def _md_details(session: Session) -> list[str]:
    phase = {
        Phase.RATING: "private rating (not revealed yet)",
        Phase.REVEALED: "revealed; discussion under way",
        Phase.CLOSED: f"closed {session.closed_at or ''}".strip(),
    }[session.phase]
    rubric = session.rubric
    return [
        f"- **Partnership:** {md_text(session.partnership)}",
        f"- **Date:** {md_text(session.date)}",
        f"- **Facilitator:** {md_text(session.facilitator) or '_not named_'}",
        f"- **Rubric:** {md_text(rubric.title)} "
        f"({md_text(rubric.id)}, version {md_text(rubric.version)})",
        f"- **Phase:** {md_text(phase)}",
        "",
    ]


def _md_progress(session: Session) -> list[str]:
    lines = ["## Participants", ""]
    lines += _table(
        ("Organisation", "Participant", "Progress"),
        (
            (md_text(p.organisation), md_text(p.name), p.progress.value)
            for p in _by_organisation(session)
        ),
    )
    return [*lines, ""]


def _md_participants(session: Session) -> list[str]:
    lines = ["## Participants", ""]
    for organisation in session.organisations:
        names = [
            md_text(p.name)
            + ("" if p.progress is Progress.SUBMITTED else " (did not submit)")
            for p in session.participants
            if p.organisation == organisation
        ]
        lines.append(f"- **{md_text(organisation)}:** {', '.join(names)}")
    return [*lines, ""]


def _md_scale(session: Session) -> list[str]:
    badges = " · ".join(md_text(r.badge) for r in session.rubric.scale)
    return [f"Ratings: {badges}", ""]


def _md_indicator(session: Session, indicator: Indicator) -> list[str]:
    lines = [f"### {md_text(indicator.title)}", ""]
    if indicator.description:
        lines += [f"*{md_text(indicator.description)}*", ""]

    spread = spread_of(session, indicator)
    revised = any(indicator.id in p.revisions for p in session.participants)
    counts = ", ".join(
        f"{md_text(session.rubric.rating(r).symbol)} {n}" for r, n in spread.counts
    )
    line = f"**Spread{' (revised ratings counted)' if revised else ''}:** {counts}"
    if spread.unrated:
        line += f"; {spread.unrated} not rated"
    if spread.disagreement:
        line += " — **participants disagree**"
    lines += [line, ""]

    head = ["Organisation", "Participant", "Rating", "Notes"]
    if revised:
        head.append("Revised rating")
    rows = []
    for participant in _by_organisation(session):
        answer = participant.answer(indicator.id)
        row = [
            md_text(participant.organisation),
            md_text(participant.name),
            _rating_badge(session, answer.rating),
            md_text(answer.note),
        ]
        if revised:
            revision = participant.revisions.get(indicator.id)
            row.append(
                f"{_rating_badge(session, revision.rating)}: {md_text(revision.note)}"
                if revision
                else ""
            )
        rows.append(row)
    lines += [*_table(head, rows), ""]

    discussion = session.discussion(indicator.id)
    lines += [
        f"**Discussion:** {md_text(discussion.notes) or '_not discussed_'}",
        "",
        "**Agreed rating:** "
        + (
            _rating_badge(session, discussion.agreed)
            if discussion.agreed
            else "_none agreed_"
        ),
        "",
    ]
    steps = [s for s in session.next_steps if s.indicator_id == indicator.id]
    if steps:
        lines += ["**Next steps from this indicator:**", ""]
        lines += [f"- {_md_step(s.what, s.owner, s.due)}" for s in steps]
        lines.append("")
    return lines


def _md_step(what: str, owner: str, due: str) -> str:
    extra = [f"owner: {md_text(owner)}" if owner else "", f"due {due}" if due else ""]
    extra = [e for e in extra if e]
    return md_text(what) + (f" ({', '.join(extra)})" if extra else "")


def _md_overall(session: Session) -> list[str]:
    rubric = session.rubric
    lines = [f"## {OVERALL_HEALTH}", ""]
    counts = ", ".join(
        f"{md_text(rubric.health_level(level).name)} {n}"
        for level, n in health_counts(session)
    )
    lines += [f"**Spread:** {counts}", ""]
    lines += _table(
        ("Organisation", "Participant", OVERALL_HEALTH, "Notes"),
        (
            (
                md_text(p.organisation),
                md_text(p.name),
                _level_name(session, p.health),
                md_text(p.health_note),
            )
            for p in _by_organisation(session)
        ),
    )
    overall = session.overall
    agreed = _level_name(session, overall.agreed) if overall.agreed else "_none_"
    lines += [
        "",
        f"**Discussion:** {md_text(overall.notes) or '_not discussed_'}",
        "",
        f"**Agreed overall health:** {agreed}",
        "",
        f"### {md_text(rubric.closing_question)}",
        "",
    ]
    lines += _table(
        ("Organisation", "Participant", "Answer"),
        (
            (md_text(p.organisation), md_text(p.name), md_text(p.implications))
            for p in _by_organisation(session)
        ),
    )
    group = md_text(overall.implications) or "_not recorded_"
    return [*lines, "", f"**The group's answer:** {group}", ""]


def _md_next_steps(session: Session) -> list[str]:
    lines = ["## Next steps", ""]
    if not session.next_steps:
        return [*lines, "_No next steps were recorded._", ""]
    lines += _table(
        ("#", "Next step", "Owner", "Due", "From"),
        (
            (
                str(n),
                md_text(s.what),
                md_text(s.owner),
                s.due,
                md_text(_step_source(session, s.indicator_id)),
            )
            for n, s in enumerate(session.next_steps, start=1)
        ),
    )
    return [*lines, ""]


def _outcome_words(outcome: StepOutcome | None, phase: Phase) -> str:
    if outcome is not None:
        return outcome.value
    return "to follow up" if phase is not Phase.CLOSED else "not followed up"


def _md_carried(session: Session) -> list[str]:
    if not session.carried_steps:
        return []
    lines = ["## Next steps brought along from earlier sessions", ""]
    lines += _table(
        ("Next step", "Owner", "Due", "From session", "Outcome"),
        (
            (
                md_text(c.what),
                md_text(c.owner),
                md_text(c.due),
                md_text(f"{c.from_session} ({c.from_date})"),
                _outcome_words(c.outcome, session.phase),
            )
            for c in session.carried_steps
        ),
    )
    return [*lines, ""]


# CSV.


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may read a cell as a formula for, when the cell starts so."""


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a possible formula gets a leading '."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(head: tuple[str, ...], rows: Iterable[Iterable[str]]) -> str:
    """CSV text, UTF-8 with a byte-order mark so spreadsheets detect UTF-8.

    The csv module quotes every field that holds a comma, quote or line
    break, so notes keep their newlines; rows end with CRLF as RFC 4180 and
    spreadsheets expect. Every cell goes through csv_cell, so no text typed in
    a meeting runs as a formula.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def ratings_csv(session: Session) -> str:
    """One row per participant per indicator, then each one's overall health.

    `revised rating` is the id of a rating revised after the reveal (empty
    when none). Overall health rows have the category "Overall health", the
    level's id as rating id and no symbol.
    """
    # Before the reveal the file holds its column names only: a row per
    # participant with empty ratings would read as "rated nothing", and any
    # rating or note here would leave the room before the group sees it.
    if session.phase is Phase.RATING:
        return _csv(RATING_COLUMNS, [])
    base = (session.title, session.date, session.partnership)
    rows = []
    for participant in session.participants:
        for indicator in session.rubric.indicators:
            answer = participant.answer(indicator.id)
            symbol = ""
            if answer.rating:
                symbol = _lookup(session.rubric.rating, answer.rating, "symbol")
            revision = participant.revisions.get(indicator.id)
            rows.append(
                (
                    *base,
                    participant.name,
                    participant.organisation,
                    indicator.category_name,
                    indicator.name,
                    answer.rating or "",
                    symbol,
                    answer.note,
                    revision.rating if revision else "",
                )
            )
    for participant in session.participants:
        rows.append(
            (
                *base,
                participant.name,
                participant.organisation,
                OVERALL_HEALTH,
                OVERALL_HEALTH,
                participant.health or "",
                "",
                participant.health_note,
                "",
            )
        )
    return _csv(RATING_COLUMNS, rows)


def _lookup(find: Callable[[str], Any], key: str, attribute: str) -> str:
    try:
        return str(getattr(find(key), attribute))
    except KeyError:
        return ""


def next_steps_csv(session: Session) -> str:
    """One row per next step, then the steps brought along with their outcome."""
    base = (session.title, session.date, session.partnership)
    rows = []
    for step in session.next_steps:
        where = _where(session, step)
        rows.append((*base, step.what, step.owner, step.due, *where, "", ""))
    for carried in session.carried_steps:
        rows.append(
            (
                *base,
                carried.what,
                carried.owner,
                carried.due,
                *_where(session, carried),
                f"{carried.from_session} ({carried.from_date})",
                carried.outcome.value if carried.outcome else "",
            )
        )
    return _csv(STEP_COLUMNS, rows)


def _where(session: Session, step: Any) -> tuple[str, str]:
    if step.indicator_id is None:
        return "", WHOLE_PARTNERSHIP
    try:
        indicator = session.rubric.indicator(step.indicator_id)
    except KeyError:
        return "", step.indicator_id
    return indicator.category_name, indicator.name


# JSON.


def json_data(session: Session) -> dict[str, Any]:
    """The session in the export's documented shape (see the module's docstring)."""
    revealed = session.phase is not Phase.RATING
    rubric = session.rubric
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "revealed": revealed,
        "session": {
            "id": session.id,
            "title": session.title,
            "partnership": session.partnership,
            "date": session.date,
            "facilitator": session.facilitator,
            "phase": session.phase.value,
            "created_at": session.created_at,
            "revealed_at": session.revealed_at,
            "closed_at": session.closed_at,
        },
        "rubric": {
            "id": rubric.id,
            "version": rubric.version,
            "title": rubric.title,
            "scale": [
                {"id": r.id, "symbol": r.symbol, "label": r.label} for r in rubric.scale
            ],
            "categories": [
                {
                    "id": c.id,
                    "name": c.name,
                    "indicators": [
                        {
                            "id": i.id,
                            "name": i.name,
                            "description": i.description,
                            "measures": list(i.measures),
                        }
                        for i in c.indicators
                    ],
                }
                for c in rubric.categories
            ],
            "health_levels": [
                {"id": h.id, "name": h.name, "description": h.description}
                for h in rubric.health_levels
            ],
            "closing_question": rubric.closing_question,
        },
        "participants": [
            _json_participant(p, rubric, revealed) for p in session.participants
        ],
        "indicators": [
            _json_indicator(session, i, revealed) for i in rubric.indicators
        ],
        "overall": {
            "counts": dict(health_counts(session)) if revealed else None,
            "notes": session.overall.notes,
            "agreed": session.overall.agreed,
            "implications": session.overall.implications,
        },
        "next_steps": [
            {
                "id": s.id,
                "what": s.what,
                "owner": s.owner,
                "due": s.due,
                "indicator_id": s.indicator_id,
                "created_at": s.created_at,
            }
            for s in session.next_steps
        ],
        "carried_steps": [
            {
                "id": c.id,
                "what": c.what,
                "owner": c.owner,
                "due": c.due,
                "indicator_id": c.indicator_id,
                "from_session": c.from_session,
                "from_date": c.from_date,
                "outcome": c.outcome.value if c.outcome else None,
            }
            for c in session.carried_steps
        ],
        "missing": missing(session),
    }


def _json_participant(p: Participant, rubric: Any, revealed: bool) -> dict[str, Any]:
    answers = None
    if revealed:
        answers = []
        for indicator in rubric.indicators:
            answer = p.answer(indicator.id)
            revision = p.revisions.get(indicator.id)
            answers.append(
                {
                    "indicator_id": indicator.id,
                    "rating": answer.rating,
                    "note": answer.note,
                    "revised": vars(revision).copy() if revision else None,
                }
            )
    return {
        "id": p.id,
        "name": p.name,
        "organisation": p.organisation,
        "progress": p.progress.value,
        "started_at": p.started_at,
        "submitted_at": p.submitted_at,
        "answers": answers,
        "health": p.health if revealed else None,
        "health_note": p.health_note if revealed else None,
        "implications": p.implications if revealed else None,
    }


def _json_indicator(
    session: Session, indicator: Indicator, revealed: bool
) -> dict[str, Any]:
    spread = spread_of(session, indicator)
    discussion = session.discussion(indicator.id)
    return {
        "id": indicator.id,
        "category_id": indicator.category_id,
        "title": indicator.title,
        "counts": dict(spread.counts) if revealed else None,
        "unrated": spread.unrated if revealed else None,
        "discussion": {"notes": discussion.notes, "agreed": discussion.agreed},
    }


def json_export(session: Session) -> str:
    """The JSON export as text: UTF-8, readable, with names as typed."""
    return json.dumps(json_data(session), ensure_ascii=False, indent=2) + "\n"
