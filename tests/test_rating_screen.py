"""The rating screen: each keystroke settles in one frame, and the page reads as before.

Textual lays a screen out a second time, a frame later, when a widget changes
size during a layout. The rating screen keeps every widget whose size could
change on a keystroke either at one height or drawn by the Line API, so a
keystroke is laid out at most once. These tests count the layouts through the
screen's public `screen_layout_refresh_signal`.
"""

from __future__ import annotations

import pytest
from builders import make_app
from screen_text import screen_text

from phr_tui.store import SessionStore

KEYS_TO_HEALTH = 8
"""The default rubric's indicators: one digit each to reach the health page."""


async def begin_turn(pilot) -> None:
    """From the lobby, hand over to the first participant and start the turn."""
    await pilot.pause()
    await pilot.press("enter", "enter")
    await pilot.pause()
    assert type(pilot.app.screen).__name__ == "RatingScreen"


def count_layouts(screen) -> list[int]:
    """A list that grows by one each time the screen is laid out."""
    layouts: list[int] = []
    screen.screen_layout_refresh_signal.subscribe(
        screen, lambda _: layouts.append(1), immediate=True
    )
    return layouts


async def layouts_for(pilot, key: str, layouts: list[int]) -> int:
    """How many layouts one keystroke took, waiting well past a second frame."""
    before = len(layouts)
    await pilot.press(key)
    await pilot.pause(0.1)
    return len(layouts) - before


def choices_row(text: str) -> int:
    """The screen line of the first choice on an indicator's page."""
    lines = text.splitlines()
    return next(n for n, line in enumerate(lines) if "(1) ★" in line)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_rating_and_stepping_back_take_one_layout_each(store, size):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=size) as pilot:
        await begin_turn(pilot)
        pid = app.screen.participant_id
        await pilot.pause(0.1)
        layouts = count_layouts(app.screen)
        rubric = app.session.rubric
        # Digits through all but the last indicator, then back again.
        for n in range(KEYS_TO_HEALTH - 1):
            assert await layouts_for(pilot, str(1 + n % 3), layouts) <= 1, n
            # Each rating is in the file as soon as it is shown.
            rating = SessionStore.open(store.path).session.participant(pid)
            indicator = rubric.indicators[n]
            assert rating.answer(indicator.id).rating == rubric.scale[n % 3].id
        for n in range(KEYS_TO_HEALTH - 1):
            assert await layouts_for(pilot, "left", layouts) <= 1, n
        assert app.screen.page == 0


async def test_the_health_page_once_seen_takes_one_layout(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin_turn(pilot)
        await pilot.press(*"1" * KEYS_TO_HEALTH, "left")
        await pilot.pause(0.1)
        layouts = count_layouts(app.screen)
        # From the last indicator to the health page and back, as the
        # benchmark does; the health page's choices have been laid out once.
        assert await layouts_for(pilot, "right", layouts) <= 1
        assert "Overall health" in screen_text(app)
        assert await layouts_for(pilot, "left", layouts) <= 1
        assert "Indicator 8 of 8" in screen_text(app)


async def test_the_choices_follow_each_indicators_words(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin_turn(pilot)
        rows = set()
        for n, indicator in enumerate(app.session.rubric.indicators):
            text = screen_text(app)
            lines = text.splitlines()
            row = choices_row(text)
            rows.add(row)
            # One blank line between the words and the choices, as ever: the
            # page's spare lines go below the notes box, not above the choices.
            assert lines[row - 1] == "", indicator.id
            assert lines[row - 2].strip(), indicator.id
            assert lines[2] == indicator.title
            assert "Your notes or examples (n to write):" in lines[row + 4]
            if n < KEYS_TO_HEALTH - 1:
                await pilot.press("right")
        # The words differ in length, so the choices move with them.
        assert len(rows) > 1


async def test_resizing_rewraps_and_coming_back_shows_the_same_page(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin_turn(pilot)
        await pilot.press("right", "right")
        await pilot.pause()
        wide = screen_text(app)

        await pilot.resize_terminal(60, 20)
        await pilot.pause(0.1)
        narrow = screen_text(app)
        assert "Indicator 3 of 8" in narrow
        assert max(len(line) for line in narrow.splitlines()) <= 60
        assert "(1) ★ Working well overall" in narrow
        layouts = count_layouts(app.screen)
        assert await layouts_for(pilot, "right", layouts) <= 1
        assert await layouts_for(pilot, "left", layouts) <= 1

        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)
        assert screen_text(app) == wide


def answered_app(store, closing: str = ""):
    """The app on a session where the first participant answered everything
    (✓ on each indicator) but has not submitted."""
    pid = store.session.participants[0].id

    def answered(s):
        s.start_turn(pid)
        for indicator in s.rubric.indicators:
            s.rate(pid, indicator.id, s.rubric.scale[1].id)
        s.rate_health(pid, s.rubric.health_levels[1].id, "")
        s.answer_implications(pid, closing)

    store.change(answered)
    return make_app(store.path.parent, open_path=store.path)


async def to_the_review(pilot) -> None:
    """From the lobby, through the hand-over, to the review page."""
    for key in ("enter", "enter", "r"):
        await pilot.press(key)
        await pilot.pause()


async def test_the_review_keeps_every_column_in_view_at_60x20(store):
    app = answered_app(store, closing="Meet monthly with both teams")
    async with app.run_test(size=(60, 20)) as pilot:
        await to_the_review(pilot)
        text = screen_text(app)
        assert "Notes" in text and "Meet monthly" in text
        assert "✓ Generally fun…" in text  # cut, and marked as cut


def test_a_long_answer_wraps_under_its_name():
    from rich.console import Console

    from phr_tui.widgets.answer_choices import Choice, choice_text

    choice = Choice("ok", "2", "Generally functioning but could be improved", "✓")
    console = Console(width=30, record=True, color_system=None)
    console.print(choice_text(choice, chosen=True))
    lines = console.export_text().splitlines()
    assert lines[0].startswith("▶ (2) ✓ Generally")
    # The words go on under the name, not under the key.
    name_at = lines[0].index("Generally")
    assert all(line[:name_at].strip() == "" for line in lines[1:]), lines
    assert "(chosen)" in " ".join(lines)


async def test_a_rating_changed_from_the_review_goes_back_to_it(store):
    app = answered_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_review(pilot)
        await pilot.press("down", "down", "enter")  # the third indicator
        await pilot.pause()
        assert "Indicator 3 of 8" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert "Review and submit" in screen_text(app)
        # Stepping on from a page opened from the review goes on as usual.
        await pilot.press("up", "enter")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert "Indicator 3 of 8" in screen_text(app)
        await pilot.press("3")
        await pilot.pause()
        assert "Indicator 4 of 8" in screen_text(app)
    saved = SessionStore.open(store.path).session.participants[0]
    third = store.session.rubric.indicators[2].id
    assert saved.answer(third).rating == store.session.rubric.scale[2].id


async def test_arrows_scroll_a_long_page_a_line_each_and_notes_read_from_the_top(
    store,
):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen.query_one("#rating-page")
        assert page.max_scroll_y >= 3
        await pilot.press("down", "down", "down")
        assert page.scroll_y == 3
        await pilot.press("up")
        assert page.scroll_y == 2

        await pilot.press("n")
        notes = app.screen.query_one("#rating-notes")
        notes.insert("\n".join(f"line {n}" for n in range(1, 30)))
        await pilot.pause()
        assert notes.scroll_y > 0
        await pilot.press("escape")
        await pilot.pause()
        assert notes.scroll_y == 0
