"""Exports: Markdown that renders on GitHub, CSV a spreadsheet reads, stable JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import answer_all, make_app, make_session, make_store
from markdown_it import MarkdownIt
from screen_text import screen_text

from phr_tui.cli import main
from phr_tui.errors import PhrError
from phr_tui.export import (
    JSON_FORMAT,
    RATING_COLUMNS,
    STEP_COLUMNS,
    csv_cell,
    export_session,
    json_data,
    markdown_report,
    md_text,
    next_steps_csv,
    ratings_csv,
)
from phr_tui.screens.export_dialog import ExportDialog
from phr_tui.session import Phase, Session, StepOutcome
from phr_tui.store import SessionStore

NASTY_NOTE = (
    "Pipes | and || more, *stars* and **bold**, _under_ __score__, `code`,\n"
    "# not a heading\n"
    "- not a list\n"
    "1. not numbered\n"
    "> not a quote\n"
    "<b>not html</b> & &amp; [link](http://example.com) ![img](x.png)\n"
    "[bold]not markup[/bold] $5 and $6 ~~strike~~ \\backslash\\\n"
    "emoji 🎉👩🏽‍💻, CJK 合作伙伴, RTL שותפות, combining e\u0301\n"
    "\n"
    "after a blank line, ending in a pipe |"
)
LONG_NOTE = "A long note, with | pipes and *stars*. " * 520  # over 20,000 chars
NASTY_NAME = "Ann [admin] | *Lee*"


# Reading rendered Markdown back, as a GitHub reader would see it.


class _Html(HTMLParser):
    """Tables (rows of cells as text, with the tags found inside), and paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell_tags: list[str] = []
        self.paragraphs: list[str] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._block: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br":
            for part in (self._cell, self._block):
                if part is not None:
                    part.append("\n")
        elif tag in ("p", "h1", "h2", "h3"):
            self._block = []
            self._in_head = tag != "p"
        elif self._cell is not None:
            self.cell_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag in ("p", "h1", "h2", "h3") and self._block is not None:
            text = "".join(self._block)
            (self.headings if self._in_head else self.paragraphs).append(text)
            self._block = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._block):
            if part is not None:
                part.append(data)


def render(markdown: str) -> _Html:
    """Render GitHub-flavoured Markdown and read the HTML back."""
    html = MarkdownIt("gfm-like").render(markdown)
    parsed = _Html()
    parsed.feed(html)
    return parsed


_CELL_EDGE = re.compile(r"(?<!\\)(?:\\\\)*\|")
"""A pipe that is not escaped: one preceded by an even number of backslashes."""


def assert_tables_regular(report: str) -> _Html:
    """Every table row has as many cells as its header, in the source and rendered.

    A renderer pads or cuts rows to the header's width, so a stray pipe in
    user text shows only in the source (and as a cell's text being wrong).
    """
    parsed = render(report)
    assert parsed.tables, "the report has no tables"
    for table in parsed.tables:
        widths = {len(row) for row in table}
        assert len(widths) == 1, f"rows of different widths: {table}"
    blocks: list[list[str]] = [[]]
    for line in report.splitlines():
        if line.startswith("|"):
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    tables = [block for block in blocks if block]
    assert len(tables) == len(parsed.tables)
    for block in tables:
        edges = {len(_CELL_EDGE.findall(line)) for line in block}
        assert len(edges) == 1, f"rows of different widths: {block}"
    return parsed


def row_of(parsed: _Html, first: str, second: str) -> list[str]:
    """The first table row whose first two cells are these."""
    for table in parsed.tables:
        for row in table:
            if row[:2] == [first, second]:
                return row
    raise AssertionError(f"no row for {first!r}, {second!r}")


def read_csv(path: Path) -> list[list[str]]:
    """A CSV file as a spreadsheet would read it."""
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte-order mark"
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.reader(file))


# Sessions at each phase.


def nasty_store(folder: Path) -> SessionStore:
    """A revealed session whose names, notes and steps are full of odd text."""
    session = make_session(
        people=((NASTY_NAME, "Acme | Learning"), ("Bo Chen", "Beta *Schools*"))
    )
    session.title = "Autumn # review | <2026>"
    store = make_store(folder, session)
    answer_all(store)
    ann = store.session.participants[0].id
    first, second = (i.id for i in store.session.rubric.indicators[:2])
    rating = store.session.rubric.scale[0].id

    def notes(s: Session) -> None:
        s.reveal()
        s.revise(ann, first, rating, "changed | my *mind*")
        s.discuss(first, NASTY_NOTE, rating)
        s.discuss(second, LONG_NOTE, None)
        s.discuss_overall("overall\nnotes | here", s.rubric.health_levels[0].id, "")
        s.add_step("Fix the | pipeline\nsoon", "Ann *A*", "2027-01-31", first)
        s.add_step("Meet <monthly>", "", "", None)

    store.change(notes)
    return store


@pytest.fixture
def nasty(sessions_dir: Path) -> SessionStore:
    """A revealed session full of odd text."""
    return nasty_store(sessions_dir)


def private_store(folder: Path) -> SessionStore:
    """A session in the private phase: one submitted, one part-way, one not begun."""
    store = make_store(folder)
    s = store.session
    ann, bo = s.participants[0].id, s.participants[1].id
    first = s.rubric.indicators[0].id

    def answers(s: Session) -> None:
        s.start_turn(ann)
        for indicator in s.rubric.indicators:
            s.rate(ann, indicator.id, "questions-or-issues")
            s.write_note(ann, indicator.id, "SECRET-ANN " + NASTY_NOTE)
        s.rate_health(ann, s.rubric.health_levels[3].id, "SECRET-HEALTH")
        s.answer_implications(ann, "SECRET-IMPLICATIONS")
        s.submit(ann)
        s.start_turn(bo)
        s.rate(bo, first, "working-well")
        s.write_note(bo, first, "SECRET-BO")

    store.change(answers)
    return store


def test_before_the_reveal_every_format_shows_progress_only(sessions_dir):
    store = private_store(sessions_dir)
    session = store.session
    secrets = ["SECRET", "Working well", "Misaligned", "not a heading"]

    report = markdown_report(session)
    parsed = assert_tables_regular(report)
    assert row_of(parsed, "Acme Learning", "Ann Lee")[2] == "submitted"
    assert row_of(parsed, "Beta Schools", "Bo Chen")[2] == "in progress"
    assert row_of(parsed, "Acme Learning", "Cy Diaz")[2] == "not started"
    assert "progress only, never their answers" in report
    # The JSON carries the rubric (its labels); everything else must be clean.
    data = json_data(session)
    exported = json.dumps({**data, "rubric": None}, ensure_ascii=False)
    assert "questions-or-issues" not in exported
    for secret in secrets:
        assert secret not in report
        assert secret not in ratings_csv(session)
        assert secret not in exported
    assert "★" not in report and "★" not in ratings_csv(session)
    assert data["revealed"] is False
    ann = data["participants"][0]
    assert ann["progress"] == "submitted"
    assert ann["answers"] is None and ann["health"] is None
    assert all(i["counts"] is None for i in data["indicators"])
    assert data["overall"]["counts"] is None

    ratings, steps = export_session(session, store.path, "csv")
    assert read_csv(ratings) == [list(RATING_COLUMNS)]
    assert read_csv(steps) == [list(STEP_COLUMNS)]


@pytest.mark.parametrize("phase", ["new", "private", "revealed", "closed", "nasty"])
def test_the_report_renders_with_regular_tables_at_every_phase(sessions_dir, phase):
    if phase == "new":
        store = make_store(sessions_dir)
    elif phase == "private":
        store = private_store(sessions_dir)
    elif phase == "nasty":
        store = nasty_store(sessions_dir)
    else:
        store = make_store(sessions_dir)
        answer_all(store)
        store.change(lambda s: s.reveal())
        if phase == "closed":
            store.change(lambda s: s.close())
    report = markdown_report(store.session)
    parsed = assert_tables_regular(report)
    assert parsed.headings[0] == store.session.title
    # Only the report's own headings: no user text turned into one.
    own = [line for line in report.splitlines() if line.startswith("#")]
    assert len(parsed.headings) == len(own)


def test_nasty_text_reads_back_exactly_as_typed(nasty):
    session = nasty.session
    report = markdown_report(session)
    parsed = assert_tables_regular(report)
    assert parsed.headings[0] == "Autumn # review | <2026>"

    first = session.rubric.indicators[0]
    row = row_of(parsed, "Acme | Learning", NASTY_NAME)
    assert row[3] == f"{NASTY_NAME} on {first.name}"
    assert row[4].startswith("★ Working well overall: changed | my *mind*")
    discussion = [p for p in parsed.paragraphs if p.startswith("Discussion: Pipes")]
    assert discussion == ["Discussion: " + NASTY_NOTE]
    long = [p for p in parsed.paragraphs if p.startswith("Discussion: A long")]
    assert long == ["Discussion: " + LONG_NOTE.strip()]
    assert row_of(parsed, "1", "Fix the | pipeline\nsoon")[2] == "Ann *A*"
    assert row_of(parsed, "2", "Meet <monthly>")[4] == "The partnership as a whole"
    # User text never became a link, an image, code or emphasis in a cell.
    assert set(parsed.cell_tags) <= {"em"}, parsed.cell_tags


def test_md_text_is_one_line_with_every_marker_escaped():
    text = md_text("# a\n- b\r\n1. c\r> d | e")
    assert "\n" not in text
    assert text == "\\# a<br>\\- b<br>1\\. c<br>\\> d \\| e"


def test_csv_reads_back_as_saved(nasty, tmp_path):
    session = nasty.session
    ratings, steps = export_session(session, nasty.path, "csv")
    assert ratings == tmp_path / "exports" / f"{nasty.path.stem}-ratings.csv"
    assert steps == tmp_path / "exports" / f"{nasty.path.stem}-next-steps.csv"

    rows = read_csv(ratings)
    assert rows[0] == list(RATING_COLUMNS)
    indicators = session.rubric.indicators
    expected = []
    for participant in session.participants:
        for indicator in indicators:
            answer = participant.answer(indicator.id)
            revision = participant.revisions.get(indicator.id)
            expected.append(
                [
                    session.title,
                    "2026-12-04",
                    "Acme & Beta",
                    participant.name,
                    participant.organisation,
                    indicator.category_name,
                    indicator.name,
                    answer.rating,
                    session.rubric.rating(answer.rating).symbol,
                    answer.note,
                    revision.rating if revision else "",
                ]
            )
    for participant in session.participants:
        expected.append(
            [
                session.title,
                "2026-12-04",
                "Acme & Beta",
                participant.name,
                participant.organisation,
                "Overall health",
                "Overall health",
                participant.health,
                "",
                participant.health_note,
                "",
            ]
        )
    assert rows[1:] == expected

    step_rows = read_csv(steps)
    assert step_rows[0] == list(STEP_COLUMNS)
    assert step_rows[1][3:8] == [
        "Fix the | pipeline\nsoon",
        "Ann *A*",
        "2027-01-31",
        "Financial",
        "Financial",
    ]
    assert step_rows[2][3:8] == [
        "Meet <monthly>",
        "",
        "",
        "",
        "The partnership as a whole",
    ]


def test_csv_keeps_nasty_and_long_notes_intact(sessions_dir):
    store = make_store(sessions_dir)
    answer_all(store)
    ann = store.session.participants[0].id
    first = store.session.rubric.indicators[0].id
    store.change(
        lambda s: s.write_note(ann, first, NASTY_NOTE + '\r\n"quoted", ' + LONG_NOTE)
    )
    store.change(lambda s: s.reveal())
    text = ratings_csv(store.session)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert rows[1][9] == NASTY_NOTE + '\r\n"quoted", ' + LONG_NOTE
    assert len(rows) == 1 + 3 * len(store.session.rubric.indicators) + 3


FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "-5 is fine",
    "+1 for this",
    "@SUM(A1:A9)",
    "\tindented with a tab",
    "\rafter a carriage return",
]


def test_csv_cells_that_could_run_as_formulas_start_with_an_apostrophe(
    sessions_dir, tmp_path
):
    session = make_session(people=(("=Ann", "@Acme"), ("Bo Chen", "Beta Schools")))
    session.title = "+Autumn"
    store = make_store(sessions_dir, session)
    answer_all(store)
    ann = store.session.participants[0].id
    indicators = store.session.rubric.indicators
    ordinary = "A plain note - with a dash, = and @ inside, not at the start"

    def write(s: Session) -> None:
        for indicator, note in zip(indicators, [*FORMULAS, ordinary], strict=False):
            s.write_note(ann, indicator.id, note)
        s.reveal()
        s.add_step("=cmd|' /C calc'!A0", "@owner")

    store.change(write)
    ratings, steps = export_session(store.session, store.path, "csv")

    rows = read_csv(ratings)
    ann_rows = [row for row in rows if row[3] == "'=Ann"]
    assert len(ann_rows) == len(indicators) + 1
    assert all(row[0] == "'+Autumn" and row[4] == "'@Acme" for row in ann_rows)
    notes = [row[9] for row in ann_rows[: len(FORMULAS) + 1]]
    assert notes == [*("'" + note for note in FORMULAS), ordinary]
    assert "'-5 is fine" in notes
    bo = next(row for row in rows if row[3] == "Bo Chen")
    assert bo[4] == "Beta Schools" and bo[9] == f"Bo Chen on {indicators[0].name}"
    # Nothing a spreadsheet would run is left at the start of any cell.
    for row in [*rows, *read_csv(steps)]:
        assert not any(
            cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row
        )
    step = read_csv(steps)[1]
    assert step[3:5] == ["'=cmd|' /C calc'!A0", "'@owner"]


def test_csv_cell_leaves_ordinary_text_alone():
    assert csv_cell("") == ""
    assert csv_cell("Working well - mostly") == "Working well - mostly"
    assert csv_cell("2027-01-31") == "2027-01-31"
    assert csv_cell("★") == "★"
    assert csv_cell(" =not at the start") == " =not at the start"
    assert csv_cell("-5 is fine") == "'-5 is fine"
    assert csv_cell("=1+1") == "'=1+1"


def test_json_holds_the_whole_session_in_the_documented_shape(nasty, tmp_path):
    (path,) = export_session(nasty.session, nasty.path, "json")
    assert path == tmp_path / "exports" / f"{nasty.path.stem}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == JSON_FORMAT and data["version"] == 1
    assert set(data) == {
        "format",
        "version",
        "revealed",
        "session",
        "rubric",
        "participants",
        "indicators",
        "overall",
        "next_steps",
        "carried_steps",
        "missing",
    }
    session = nasty.session
    assert data["session"]["title"] == session.title
    assert data["session"]["phase"] == "revealed"
    assert [r["id"] for r in data["rubric"]["scale"]] == [
        r.id for r in session.rubric.scale
    ]
    ann = data["participants"][0]
    assert ann["name"] == NASTY_NAME
    first = session.rubric.indicators[0].id
    assert ann["answers"][0] == {
        "indicator_id": first,
        "rating": session.participants[0].answer(first).rating,
        "note": session.participants[0].answer(first).note,
        "revised": {
            "rating": "working-well",
            "note": "changed | my *mind*",
            "at": session.participants[0].revisions[first].at,
        },
    }
    assert "pin_hash" not in json.dumps(data)
    assert data["indicators"][0]["discussion"] == {
        "notes": NASTY_NOTE,
        "agreed": "working-well",
    }
    assert data["indicators"][1]["discussion"]["notes"] == LONG_NOTE
    assert sum(data["indicators"][0]["counts"].values()) == 2
    assert data["next_steps"][0]["what"] == "Fix the | pipeline\nsoon"
    assert data["overall"]["agreed"] == session.rubric.health_levels[0].id


def test_an_early_ended_session_exports_what_it_has_and_says_so(sessions_dir):
    store = make_store(sessions_dir)
    ann = store.session.participants[0].id
    first = store.session.rubric.indicators[0].id

    def partly(s: Session) -> None:
        s.start_turn(ann)
        s.rate(ann, first, "working-well")
        s.write_note(ann, first, "Only this one")
        s.reveal()
        s.close()

    store.change(partly)
    report = markdown_report(store.session)
    assert "This session ended early" in report
    assert "Ann Lee never submitted" in report
    assert "Bo Chen never rated." in report
    assert "No indicator was discussed." in report
    assert "No next steps were recorded." in report
    parsed = assert_tables_regular(report)
    assert row_of(parsed, "Acme Learning", "Ann Lee")[2:] == [
        "★ Working well overall",
        "Only this one",
    ]
    assert row_of(parsed, "Beta Schools", "Bo Chen")[2:] == ["not rated", ""]

    data = json_data(store.session)
    assert "Bo Chen never rated." in data["missing"]
    rows = list(csv.reader(io.StringIO(ratings_csv(store.session)[1:])))
    bo_rows = [r for r in rows if r[3] == "Bo Chen"]
    assert bo_rows and all(r[7] == r[9] == "" for r in bo_rows)


def test_carried_steps_and_their_follow_up_are_exported(sessions_dir):
    earlier = make_store(sessions_dir)
    answer_all(earlier)
    earlier.change(lambda s: s.reveal())
    earlier.change(lambda s: s.add_step("Write a | plan", "Ann", "2026-06-30"))
    earlier.change(lambda s: s.add_step("Call Bo", "Cy"))
    later = make_store(sessions_dir, make_session(title="Spring"))
    later.change(lambda s: s.bring_along(earlier.session))
    before = markdown_report(later.session)
    assert "Write a \\| plan" in before and "to follow up" in before

    answer_all(later)
    done, carried = (c.id for c in later.session.carried_steps)
    later.change(lambda s: s.reveal())
    later.change(lambda s: s.follow_up(done, StepOutcome.DONE))
    later.change(lambda s: s.follow_up(carried, StepOutcome.CARRIED))
    parsed = assert_tables_regular(markdown_report(later.session))
    assert row_of(parsed, "Write a | plan", "Ann")[3:] == [
        "Autumn review (2026-12-04)",
        "done",
    ]
    assert row_of(parsed, "Call Bo", "Cy")[4] == "carried over"
    outcomes = [c["outcome"] for c in json_data(later.session)["carried_steps"]]
    assert outcomes == ["done", "carried over"]
    steps = list(csv.reader(io.StringIO(next_steps_csv(later.session)[1:])))
    assert steps[1][3] == "Write a | plan" and steps[1][9] == "done"


def test_output_paths_and_refusals(store, tmp_path):
    (tmp_path / "out").mkdir()
    (md,) = export_session(store.session, store.path, "md", tmp_path / "out" / "r.md")
    assert md == tmp_path / "out" / "r.md" and md.read_text().startswith("# ")
    ratings, steps = export_session(
        store.session, store.path, "csv", tmp_path / "out" / "table.csv"
    )
    assert steps == tmp_path / "out" / "table-next-steps.csv"
    (into,) = export_session(store.session, store.path, "json", tmp_path / "out")
    assert into == tmp_path / "out" / f"{store.path.stem}.json"
    assert not list((tmp_path / "out").glob(".*.tmp")), "a temporary file was left"
    with pytest.raises(PhrError, match="session file itself"):
        export_session(store.session, store.path, "json", store.path)
    with pytest.raises(PhrError, match="not an export format"):
        export_session(store.session, store.path, "pdf")
    assert SessionStore.open(store.path).session.title == "Autumn review"


def test_an_output_in_a_missing_folder_is_refused(store, tmp_path, capsys):
    missing = tmp_path / "nonexistent" / "dir" / "x.json"
    with pytest.raises(PhrError, match="does not exist"):
        export_session(store.session, store.path, "json", missing)
    assert (
        main(["export", str(store.path), "--format", "json", "-o", str(missing)]) == 1
    )
    err = capsys.readouterr().err
    assert f"the folder {missing.parent} does not exist" in err
    assert not (tmp_path / "nonexistent").exists()

    afile = tmp_path / "notes.txt"
    afile.write_text("a file, not a folder")
    with pytest.raises(PhrError, match="is a file, not a folder"):
        export_session(store.session, store.path, "md", afile / "r.md")

    # The default exports folder is still made when it is missing, also when
    # -o names a file in it.
    (md,) = export_session(
        store.session, store.path, "md", tmp_path / "exports" / "report.md"
    )
    assert md.is_file()


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_dash_writes_to_standard_output(revealed_store, tmp_path, capsys, fmt):
    assert main(["export", str(revealed_store.path), "--format", fmt, "-o", "-"]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        assert json.loads(out)["session"]["title"] == "Autumn review"
    else:
        assert out == markdown_report(revealed_store.session)
    assert not (tmp_path / "exports").exists()
    assert not (tmp_path / "-").exists()


def test_dash_refuses_csv_which_is_two_files(revealed_store, tmp_path, capsys):
    assert main(["export", str(revealed_store.path), "--format", "csv", "-o", "-"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "two files" in captured.err and "standard output" in captured.err
    assert not (tmp_path / "exports").exists()


def test_phr_export_prints_where_it_wrote(revealed_store, tmp_path, capsys):
    assert main(["export", str(revealed_store.path), "--format", "csv"]) == 0
    out = capsys.readouterr().out.split()
    assert out == [
        str(tmp_path / "exports" / f"{revealed_store.path.stem}-ratings.csv"),
        str(tmp_path / "exports" / f"{revealed_store.path.stem}-next-steps.csv"),
    ]
    damaged = tmp_path / "sessions" / "damaged.json"
    damaged.write_text('{"session": {"1": {"schema_version": 1')
    assert main(["export", str(damaged)]) == 1
    assert "damaged.json" in capsys.readouterr().err
    assert not (tmp_path / "exports" / "damaged.md").exists()


# The export key in the app.


async def test_the_export_key_writes_files_at_any_phase(sessions_dir, tmp_path):
    store = private_store(sessions_dir)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "progress only" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        report = tmp_path / "exports" / f"{store.path.stem}.md"
        assert report.is_file()
        assert "SECRET" not in report.read_text(encoding="utf-8")
        assert not isinstance(app.screen, ExportDialog)

        app.change(lambda s: s.reveal())
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.click("#csv")
        await pilot.pause()
        ratings = tmp_path / "exports" / f"{store.path.stem}-ratings.csv"
        assert len(read_csv(ratings)) > 1
        assert any("SECRET-ANN" in row[9] for row in read_csv(ratings))

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert not (tmp_path / "exports" / f"{store.path.stem}.json").exists()
        assert SessionStore.open(store.path).session.phase is Phase.REVEALED


async def test_the_export_key_does_nothing_on_the_home_screen(sessions_dir, tmp_path):
    make_store(sessions_dir)
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert "Export" not in screen_text(app)
    assert not (tmp_path / "exports").exists()


def test_the_default_exports_folder_is_tidied(store):
    from phr_tui.export.common import export_folder

    untidy = store.path.parent / ".." / store.path.parent.name / store.path.name
    assert export_folder(untidy) == store.path.parent.parent / "exports"
    assert ".." not in str(export_folder(untidy))
