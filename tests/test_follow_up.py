"""Bringing last time's next steps along, and following them up in the discussion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import answer_all, make_app, make_session, make_store
from screen_text import screen_text

from phr_tui.errors import PhrError
from phr_tui.history import find_earlier_session
from phr_tui.screens.bring_along import BringAlongDialog
from phr_tui.screens.follow_up import FollowUpScreen
from phr_tui.session import StepOutcome
from phr_tui.store import SessionStore

LONG_STEP = " ".join(["Agree a shared [data] plan | with *both* teams 🎉"] * 10)


def earlier_store(folder: Path) -> SessionStore:
    """A closed session of the partnership with three next steps."""
    session = make_session(title="Spring review")
    session.date = "2026-04-01"
    store = make_store(folder, session)
    answer_all(store)
    store.change(lambda s: s.reveal())
    store.change(lambda s: s.add_step(LONG_STEP, "Ann Lee", "2026-06-30", "financial"))
    store.change(lambda s: s.add_step("Call [Bo] weekly", "Cy Diaz"))
    store.change(lambda s: s.add_step("Write the contingency plan"))
    store.change(lambda s: s.close())
    return store


@pytest.fixture
def earlier(sessions_dir: Path) -> SessionStore:
    """The partnership's earlier session, closed, with three next steps."""
    return earlier_store(sessions_dir)


def outcomes(path: Path) -> list[str | None]:
    """The follow-up of each brought-along step, as saved in the file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    steps = sorted(data["carried_steps"].values(), key=lambda d: d["order"])
    return [d["outcome"] for d in steps]


def test_bring_along_and_follow_up_through_the_model(sessions_dir, earlier):
    later = make_store(sessions_dir, make_session(title="Autumn review"))
    found = find_earlier_session(sessions_dir, "Acme & Beta", exclude=later.path)
    assert found == earlier.path
    assert later.change(lambda s: s.bring_along(earlier.session)) == 3
    assert later.change(lambda s: s.bring_along(earlier.session)) == 0
    first, second, third = (c.id for c in later.session.carried_steps)
    with pytest.raises(PhrError, match="Reveal"):
        later.change(lambda s: s.follow_up(first, StepOutcome.DONE))

    answer_all(later)
    later.change(lambda s: s.reveal())
    later.change(lambda s: s.follow_up(first, StepOutcome.DONE))
    later.change(lambda s: s.follow_up(second, StepOutcome.DROPPED))
    later.change(lambda s: s.follow_up(third, StepOutcome.CARRIED))
    assert outcomes(later.path) == ["done", "dropped", "carried over"]
    reopened = SessionStore.open(later.path).session
    carried = reopened.carried_steps[0]
    assert (carried.what, carried.owner, carried.due) == (
        LONG_STEP,
        "Ann Lee",
        "2026-06-30",
    )
    assert (carried.from_session, carried.from_date) == ("Spring review", "2026-04-01")

    # Only the step carried over comes along to the session after.
    later.change(lambda s: s.close())
    after = make_store(sessions_dir, make_session(title="Winter review"))
    assert find_earlier_session(sessions_dir, "Acme & Beta", after.path) == later.path
    after.change(lambda s: s.bring_along(SessionStore.open(later.path).session))
    assert [c.what for c in after.session.carried_steps] == [
        "Write the contingency plan"
    ]
    assert after.session.carried_steps[0].from_session == "Spring review"


async def test_the_bring_along_dialog_lists_the_steps_and_brings_them(
    sessions_dir, earlier
):
    later = make_store(sessions_dir, make_session(title="Autumn review"))
    app = make_app(sessions_dir, open_path=later.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(BringAlongDialog(earlier.path))
        await pilot.pause()
        text = screen_text(app)
        assert "Spring review (2026-04-01) left 3 next steps open" in text
        assert "Call [Bo] weekly (owner Cy Diaz)" in text
        assert "• Agree a shared [data] plan | with *both* teams" in text
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, BringAlongDialog)
    assert outcomes(later.path) == [None, None, None]
    saved = SessionStore.open(later.path).session.carried_steps
    assert [c.what for c in saved][1:] == [
        "Call [Bo] weekly",
        "Write the contingency plan",
    ]


async def test_not_now_brings_nothing(sessions_dir, earlier):
    later = make_store(sessions_dir, make_session(title="Autumn review"))
    app = make_app(sessions_dir, open_path=later.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(BringAlongDialog(earlier.path))
        await pilot.pause()
        await pilot.click("#no")
        await pilot.pause()
        assert not isinstance(app.screen, BringAlongDialog)
    assert SessionStore.open(later.path).session.carried_steps == []


async def test_the_group_marks_each_step_on_the_follow_up_screen(sessions_dir, earlier):
    later = make_store(sessions_dir, make_session(title="Autumn review"))
    later.change(lambda s: s.bring_along(earlier.session))
    answer_all(later)
    later.change(lambda s: s.reveal())
    app = make_app(sessions_dir, open_path=later.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(FollowUpScreen())
        await pilot.pause()
        text = screen_text(app)
        assert "3 of 3 still to decide" in text
        assert "Call [Bo] weekly" in text
        assert "From: Spring review (2026-04-01)" in text
        assert "About: Financial" in text

        await pilot.press("1")  # done; the cursor moves on to the next step
        await pilot.pause()
        assert outcomes(later.path) == ["done", None, None]
        await pilot.press("3")
        await pilot.pause()
        assert outcomes(later.path) == ["done", "carried over", None]
        await pilot.click("#dropped")
        await pilot.pause()
        assert outcomes(later.path) == ["done", "carried over", "dropped"]
        text = screen_text(app)
        assert "✔ done" in text and "→ carried over" in text
        assert "✘ dropped" in text and "0 of 3 still to decide" in text

        await pilot.press("up", "0")  # undecided again
        await pilot.pause()
        assert outcomes(later.path) == ["done", None, "dropped"]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FollowUpScreen)


async def test_the_follow_up_of_a_closed_session_is_read_only(sessions_dir, earlier):
    later = make_store(sessions_dir, make_session(title="Autumn review"))
    later.change(lambda s: s.bring_along(earlier.session))
    answer_all(later)
    later.change(lambda s: s.reveal())
    first = later.session.carried_steps[0].id
    later.change(lambda s: s.follow_up(first, StepOutcome.DONE))
    later.change(lambda s: s.close())
    before = later.path.read_bytes()
    app = make_app(sessions_dir, open_path=later.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(FollowUpScreen())
        await pilot.pause()
        text = screen_text(app)
        assert "This session is closed" in text
        assert "✔ done" in text
        assert "Done (1)" not in text
        await pilot.press("2", "down", "3")
        await pilot.pause()
    assert later.path.read_bytes() == before
