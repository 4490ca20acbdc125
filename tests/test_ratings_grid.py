"""The reveal overview's grid in a big meeting: moving, scrolling and choosing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from builders import answer_all, make_app, make_session, make_store
from screen_text import screen_text

from phr_tui.rubric import default_rubric_path
from phr_tui.rubric_file import load_rubric
from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.screens.reveal import RevealScreen
from phr_tui.store import SessionStore
from phr_tui.widgets.ratings_grid import RatingsGrid

INDICATORS = 24
LONG_NAME = "[bold]A long name that is [red]not[/red] markup"
"""The fifth indicator's name: too long for its column, and like markup."""

PEOPLE = (
    ("Ann Lee", "Acme Learning"),
    ("Bo Chen", "Beta Schools"),
    ("Ivy Jones", "Cedar Trust"),
    ("Cy Diaz", "Acme Learning"),
    ("Di Egan", "Beta Schools"),
    ("Kai Lund", "Cedar Trust"),
    ("Eve Fox", "Acme Learning"),
    ("Fay Gill", "Beta Schools"),
    ("Mo Nash", "Cedar Trust"),
)
"""Nine participants from three partner organisations, interleaved."""

HEADINGS = "Indicator Spread Agreed AL CD EF │ BC DE FG │ IJ KL MN"
"""The column headings: grouped by organisation, whatever the order of people."""


def big_rubric(folder: Path) -> Path:
    """The default rubric's scale with 24 indicators, named 'Indicator n'."""
    data = yaml.safe_load(default_rubric_path().read_text(encoding="utf-8"))
    data["id"] = "big"

    def indicator(n: int) -> dict[str, object]:
        return {
            "id": f"indicator-{n}",
            "name": LONG_NAME if n == 5 else f"Indicator {n}",
            "description": "What partners do.",
            "measures": ["a measure"],
        }

    data["categories"] = [
        {
            "id": f"category-{c + 1}",
            "name": f"Category {c + 1}",
            "indicators": [indicator(8 * c + n + 1) for n in range(8)],
        }
        for c in range(INDICATORS // 8)
    ]
    path = folder / "big.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def big(sessions_dir: Path, tmp_path: Path) -> SessionStore:
    """A revealed session: everyone agrees on every third indicator only."""
    rubric = load_rubric(big_rubric(tmp_path))
    store = make_store(sessions_dir, make_session(rubric, people=PEOPLE))
    scale = [r.id for r in rubric.scale]
    answer_all(
        store,
        {
            name: [
                scale[0] if m % 3 == 2 else scale[(n + n // 3 + m) % 3]
                for m in range(INDICATORS)
            ]
            for n, (name, _) in enumerate(PEOPLE)
        },
    )
    store.change(lambda s: s.reveal())
    return store


def rows(text: str) -> list[int]:
    """The numbers of the indicators the grid shows, top to bottom."""
    found = []
    for line in text.splitlines():
        match = re.match(r"\s*(≠)?\s*Indicator (\d+)\b", line)
        if match:
            found.append(int(match.group(2)))
        elif "[bold]A long" in line:
            found.append(5)
    return found


def headings(text: str) -> str:
    """The grid's line of column headings, single-spaced."""
    line = next(line for line in text.splitlines() if "Spread" in line)
    return " ".join(line.split())


def current(text: str) -> int:
    """The number of the indicator the line below the grid is about."""
    lines = text.splitlines()
    border = max(n for n, line in enumerate(lines) if line.startswith("────"))
    match = re.match(r"\s*Category \d+ - Indicator (\d+):", lines[border + 1])
    assert match, lines[border + 1]
    return int(match.group(1))


def row_of(text: str, number: int) -> str:
    """An indicator's row, single-spaced."""
    line = next(line for line in text.splitlines() if f"Indicator {number} " in line)
    return " ".join(line.split())


async def test_moving_down_scrolls_the_rows_under_the_headings(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = rows(screen_text(app))
        assert shown[0] == 1 and 4 < len(shown) < INDICATORS
        await pilot.press(*["down"] * len(shown))
        await pilot.pause()
        text = screen_text(app)
        # One row further than fitted: every row moved up by one.
        assert rows(text) == [n + 1 for n in shown]
        assert headings(text).startswith("Indicator Spread Agreed AL CD")
        assert current(text) == len(shown) + 1

        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert rows(text)[-1] == current(text) == INDICATORS
        # A page up moves the cursor and the rows by as many rows as fit.
        await pilot.press("pageup")
        await pilot.pause()
        text = screen_text(app)
        assert rows(text)[-1] == current(text) == INDICATORS - len(shown)
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert rows(text) == shown and current(text) == 1
        await pilot.press("pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert rows(text)[0] == current(text) == len(shown) + 1


async def test_participants_scroll_sideways_beside_the_summary(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert headings(text).startswith("Indicator Spread Agreed AL CD")
        assert "MN" not in headings(text)
        first_row = next(line for line in text.splitlines() if "Indicator 1 " in line)

        await pilot.press(*["right"] * 12)
        await pilot.pause()
        text = screen_text(app)
        # The last participants are in view; the indicator, spread and agreed
        # columns stayed where they were.
        assert headings(text).startswith("Indicator Spread Agreed")
        assert "│ IJ KL MN" in headings(text)
        assert " AL " not in headings(text)
        row = next(line for line in text.splitlines() if "Indicator 1 " in line)
        assert row[:30] == first_row[:30]

        # Scrolling stops short of a column's start at the far right; a column
        # cut at the left is left out, not shown as a stray fragment.
        grid = app.screen.query_one(RatingsGrid)
        grid.scroll_to(x=2, animate=False)
        await pilot.pause()
        shown = headings(screen_text(app)).split("Agreed", 1)[1].split()
        assert shown[:2] == ["CD", "EF"], shown

        await pilot.press(*["left"] * 12)
        await pilot.pause()
        assert headings(screen_text(app)).startswith("Indicator Spread Agreed AL")


async def test_columns_are_grouped_by_organisation(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert headings(text) == HEADINGS
        # Ann ✓ Cy ? Eve ★ │ Bo ? Di ★ Fay ✓ │ Ivy ★ Kai ✓ Mo ?.
        assert row_of(text, 2) == "≠ Indicator 2 ★3 ✓3 ?3 ✓ ? ★ │ ? ★ ✓ │ ★ ✓ ?"
        # Everyone agreed on the third: no mark.
        assert row_of(text, 3) == "Indicator 3 ★9 ✓0 ?0 ★ ★ ★ │ ★ ★ ★ │ ★ ★ ★"


async def test_names_are_clipped_and_never_markup(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = next(
            line for line in screen_text(app).splitlines() if "A long" in line
        )
        assert "≠ [bold]A long" in narrow and "…" in narrow
        await pilot.resize_terminal(160, 30)
        await pilot.pause()
        wide = next(line for line in screen_text(app).splitlines() if "A long" in line)
        assert f"≠ {LONG_NAME}" in wide


async def test_a_click_moves_the_cursor_and_a_second_opens(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        shown = rows(screen_text(app))
        # The headings are the grid's first line; the third row is below them.
        await pilot.click(RatingsGrid, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        assert current(screen_text(app)) == shown[2] != INDICATORS
        await pilot.click(RatingsGrid, offset=(5, 3))
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert f"{shown[2]} of {INDICATORS}, rubric order" in screen_text(app)


async def test_a_change_redraws_its_row_and_keeps_the_cursor(big, sessions_dir):
    ann = big.session.participants[0].id
    big.change(lambda s: s.revise(ann, "indicator-11", "working-well", "Changed"))
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*["down"] * 10)
        await pilot.pause()
        text = screen_text(app)
        # Ann first thought ✓, and now ★.
        assert row_of(text, 11) == "≠ Indicator 11 ★4 ✓2 ?3 ✓→★ ? ★ │ ? ★ ✓ │ ★ ✓ ?"
        before = rows(text)

        await pilot.press("enter", "1", "escape")
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, RevealScreen)
        assert row_of(text, 11) == "≠ Indicator 11 ★4 ✓2 ?3 ★ ✓→★ ? ★ │ ? ★ ✓ │ ★ ✓ ?"
        assert rows(text) == before and current(text) == 11
    agreed = SessionStore.open(big.path).session.discussion("indicator-11").agreed
    assert agreed == "working-well"


async def test_moving_within_view_repaints_only_two_rows(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(RatingsGrid)
        painted: list[int] = []
        render_line = grid.render_line

        def counted(y: int):
            painted.append(y)
            return render_line(y)

        grid.render_line = counted  # type: ignore[method-assign]
        await pilot.press("down")
        await pilot.pause()
        # The headings are line 0: the first row (left) and the second.
        assert sorted(painted) == [1, 2]


async def test_the_cursor_row_reads_without_colour(
    big, sessions_dir, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        grid = app.screen.query_one(RatingsGrid)

        def styles(y: int) -> set[tuple[bool, bool]]:
            strip = grid.render_line(y)
            return {(bool(s.style.bold), bool(s.style.underline)) for s in strip}

        assert styles(2) == {(True, True)}  # the cursor's row, on the second
        assert (False, False) in styles(1) and (False, True) not in styles(1)
        assert (False, False) in styles(3)


async def test_rows_are_striped(big, sessions_dir):
    app = make_app(sessions_dir, open_path=big.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(RatingsGrid)

        def background(y: int) -> object:
            # Past the summary columns, where a row has its stripe's colour.
            return [s.style.bgcolor for s in grid.render_line(y).crop(60, 61)]

        assert background(2) != background(3)
        assert background(2) == background(4)
