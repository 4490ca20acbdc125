"""The next-step dialog: Escape keeps what was typed; a past due date is warned of."""

from __future__ import annotations

from builders import make_app
from screen_text import screen_text
from test_discussion import type_text
from test_next_steps import steps
from test_reveal import reveal

from phr_tui.screens.next_steps import NextStepsScreen


async def test_escape_keeps_a_next_step_and_f3_leaves_it(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "a")
        await pilot.pause()
        text = screen_text(app)
        assert "Save (esc)" in text and "Cancel (f3)" in text
        assert "esc Save" in text and "f3 Cancel" in text  # the footer
        await type_text(pilot, "Meet monthly")
        await pilot.press("tab")
        await type_text(pilot, "Fay")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Meet monthly", "Fay", "", None)]
        assert "Meet monthly" in screen_text(app)

        # F3, or the Cancel button, leaves the step as it was.
        await pilot.press("e")
        await type_text(pilot, " or so")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        await pilot.press("e")
        await type_text(pilot, " or so")
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Meet monthly", "Fay", "", None)]
        assert "or so" not in screen_text(app)

        # Escape with nothing changed, or nothing typed, just closes.
        await pilot.press("e", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        await pilot.press("a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Meet monthly", "Fay", "", None)]


async def test_escape_asks_before_dropping_a_step_it_cannot_save(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        # An owner and a date, but nothing to do yet.
        await pilot.press("s", "a", "tab")
        await type_text(pilot, "Bo")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-31")
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Discard this next step?" in text
        assert "Say what will be done." in text
        assert "Discard (y)" in text and "Go back (n)" in text
        assert "y Discard" in text and "n Go back" in text  # the footer

        # Escape again goes back to the form, with everything typed kept.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#step-owner").value == "Bo"
        assert app.screen.query_one("#step-due").value == "2027-01-31"
        assert "Say what will be done." in screen_text(app)
        await type_text(pilot, "Send the plan")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Send the plan", "Bo", "2027-01-31", None)]

        # A date that is not a date: asked too, and Discard drops the change.
        await pilot.press("e", "tab", "tab")
        for _ in "2027-01-31":
            await pilot.press("backspace")
        await type_text(pilot, "soon")
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Discard your changes?" in text
        assert "'soon' is not a date" in text
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Send the plan", "Bo", "2027-01-31", None)]


async def test_a_due_date_before_the_session_is_warned_of_and_kept(store, sessions_dir):
    reveal(store)
    assert store.session.date == "2026-12-04"
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "a")
        await type_text(pilot, "Renew the contract")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-12-04")
        await pilot.pause()
        assert "overdue" not in screen_text(app)  # the session's own day
        await pilot.press("backspace")
        await type_text(pilot, "3")
        await pilot.pause()
        text = screen_text(app)
        assert "2026-12-03 is before this session's date (2026-12-04)" in text
        assert "already overdue. It can still be saved." in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert steps(store.path) == [("Renew the contract", "", "2026-12-03", None)]
        assert "Due: 2026-12-03 (before this session's date: overdue)" in (
            screen_text(app)
        )

        # Changing it to a later date takes the warning away.
        await pilot.press("e")
        await pilot.pause()
        assert "2026-12-03 is before this session's date" in screen_text(app)
        await pilot.press("tab", "tab", "end", "backspace", "backspace")
        await type_text(pilot, "15")
        await pilot.pause()
        assert "overdue" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert steps(store.path) == [("Renew the contract", "", "2026-12-15", None)]
        assert "overdue" not in screen_text(app)


def test_the_domain_says_which_due_dates_are_before_the_session(store):
    session = store.session
    assert session.date == "2026-12-04"
    assert session.due_before_session("2026-12-03")
    assert session.due_before_session(" 2025-01-01 ")
    assert not session.due_before_session("2026-12-04")
    assert not session.due_before_session("2027-01-01")
    assert not session.due_before_session("")
    assert not session.due_before_session("next week")


async def test_a_step_added_overdue_from_an_indicator_says_so(
    store, sessions_dir, monkeypatch
):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    notices: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: notices.append(message))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("t")
        await type_text(pilot, "Renew the contract")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-12-01")
        await pilot.press("escape")
        await pilot.pause()
        assert notices == [
            "Next step added: Renew the contract (due before this session's date: "
            "overdue)"
        ]
    assert steps(store.path)[0][:3] == ("Renew the contract", "", "2026-12-01")
