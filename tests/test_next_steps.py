"""Next steps: added, changed and removed, from the list or from an indicator."""

from __future__ import annotations

from builders import make_app
from screen_text import screen_text
from test_discussion import type_text
from test_reveal import reveal

from phr_tui.screens.next_steps import NextStepsScreen
from phr_tui.store import SessionStore


def steps(path) -> list[tuple[str, str, str, str | None]]:
    """The next steps as the session file holds them."""
    session = SessionStore.open(path).session
    return [(s.what, s.owner, s.due, s.indicator_id) for s in session.next_steps]


async def test_add_edit_and_remove_land_in_the_file(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert "No next steps yet. Press a to add one." in screen_text(app)

        await pilot.press("a")
        await type_text(pilot, "Plan [joint] training")
        await pilot.press("tab")
        await type_text(pilot, "Ann")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-31")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [
            ("Plan [joint] training", "Ann", "2027-01-31", None)
        ]
        text = screen_text(app)
        assert "Plan [joint] training" in text
        assert "the partnership as a whole" in text

        # Change the owner and the indicator it came from.
        await pilot.press("e", "tab", "backspace", "backspace", "backspace")
        await type_text(pilot, "Bo")
        await pilot.press("tab", "tab", "enter", "down", "enter", "tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [
            ("Plan [joint] training", "Bo", "2027-01-31", "financial")
        ]
        assert "From: Financial" in screen_text(app)

        await pilot.press("r")
        await pilot.pause()
        assert "Remove this next step?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert len(steps(store.path)) == 1
        await pilot.press("r", "y")
        await pilot.pause()
        assert steps(store.path) == []
        assert "No next steps yet." in screen_text(app)


async def test_a_bad_due_date_is_explained(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "a", "enter")
        await pilot.pause()
        assert "Say what will be done." in screen_text(app)
        await type_text(pilot, "Call Bo")
        await pilot.press("tab", "tab")
        await type_text(pilot, "next week")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "'next week' is not a date: write it as year-month-day" in text
        assert steps(store.path) == []
        for _ in "next week":
            await pilot.press("backspace")
        await type_text(pilot, "2027-02-30")
        await pilot.press("enter")
        await pilot.pause()
        assert "'2027-02-30' is not a date" in screen_text(app)
        assert steps(store.path) == []
        await pilot.press("backspace", "backspace", "2", "8", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Call Bo", "", "2027-02-28", None)]


async def test_a_next_step_from_an_indicator(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter", "t")
        await pilot.pause()
        assert "Customer - Impact" in screen_text(app)
        await type_text(pilot, "Share impact data")
        await pilot.press("enter")
        await pilot.pause()
        assert steps(store.path) == [("Share impact data", "", "", "customer-impact")]
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert "Next step: Share impact data" in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert "0 of 8 agreed · 1 next step" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "Share impact data" in text
        assert "From: Customer - Impact" in text
