"""The discussion: notes, agreed ratings, revised ratings and overall health."""

from __future__ import annotations

import json

from builders import make_app
from screen_text import screen_text
from test_reveal import RATINGS, reveal, row

from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.screens.overall import OverallHealthScreen
from phr_tui.store import SessionStore


def private_answers(path) -> list:
    """Every participant's private answers, as the file holds them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (p["answers"], p["health"], p["health_note"], p["implications"])
        for p in data["participants"].values()
    ]


async def type_text(pilot, text: str) -> None:
    """Type text into the focused field, a key at a time."""
    await pilot.press(*("space" if c == " " else c for c in text))


async def test_notes_and_agreed_rating_land_in_the_file(store, sessions_dir):
    reveal(store)
    before = private_answers(store.path)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter", "d")
        await pilot.pause()
        assert "Discussion notes: Customer - Impact" in screen_text(app)
        await type_text(pilot, "Bo sees gaps")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert "Bo sees gaps" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert "Agreed: ✓ Generally functioning" in screen_text(app)

        session = SessionStore.open(store.path).session
        assert session.discussion("customer-impact").notes == "Bo sees gaps"
        assert session.discussion("customer-impact").agreed == "could-be-strengthened"
        assert private_answers(store.path) == before

        # The dialog changes and clears it; Esc in a dialog changes nothing.
        await pilot.press("a")
        await pilot.pause()
        assert "x  Clear: no agreed rating yet" in screen_text(app)
        await pilot.press("escape", "a", "x")
        await pilot.pause()
        assert "Agreed: not yet" in screen_text(app)
        await pilot.press("a", "down", "down", "enter")
        await pilot.pause()
        assert "Agreed: ? A lot of questions" in screen_text(app)
        await pilot.press("d", "escape")
        await pilot.pause()
        session = SessionStore.open(store.path).session
        assert session.discussion("customer-impact").agreed == "questions-or-issues"
        assert session.discussion("customer-impact").notes == "Bo sees gaps"

        await pilot.press("b")
        await pilot.pause()
        assert row(screen_text(app), "Impact") == "≠Impact★2✓0?1?★★│?"
    assert private_answers(store.path) == before


async def test_revised_rating_is_kept_beside_the_original(store, sessions_dir):
    reveal(store)
    before = private_answers(store.path)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "enter", "r")
        await pilot.pause()
        text = screen_text(app)
        assert "Revised rating: Customer - Impact" in text
        assert "Original rating, kept as it is: ★ Working well overall" in text
        # Bo Chen, second in the list, rated ? and now thinks ✓.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "Original rating, kept as it is: ? A lot of questions" in (
            screen_text(app)
        )
        await pilot.press("2", "tab", "tab")
        await type_text(pilot, "heard the others")
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)

        session = SessionStore.open(store.path).session
        bo = session.participants[1]
        assert bo.name == "Bo Chen"
        assert bo.answer("customer-impact").rating == "questions-or-issues"
        assert bo.revisions["customer-impact"].rating == "could-be-strengthened"
        assert bo.revisions["customer-impact"].note == "heard the others"
        assert private_answers(store.path) == before

        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        assert (
            "Bo Chen: ? A lot of questions or areas/issues to work on  → revised"
            in (text)
        )
        assert "Why revised: heard the others" in text
        await pilot.press("b")
        await pilot.pause()
        # The spread counts the revised rating; the cell shows both.
        assert row(screen_text(app), "Impact") == "≠Impact★2✓1?0★★│?→✓"


async def test_revision_needs_a_rating_and_can_be_taken_back(store, sessions_dir):
    reveal(store)
    ann = store.session.participants[0].id
    store.change(lambda s: s.revise(ann, "financial", "questions-or-issues", "hmm"))
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        await pilot.pause()
        assert "Revised already to ? A lot of questions" in screen_text(app)
        await pilot.click("#withdraw")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert SessionStore.open(store.path).session.participants[0].revisions == {}

        await pilot.press("r")
        await pilot.click("#save")
        await pilot.pause()
        assert "Choose the rating they would give now." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)


async def test_overall_health(store, sessions_dir):
    reveal(store, RATINGS)
    before = private_answers(store.path)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, OverallHealthScreen)
        text = screen_text(app)
        # What a reader scrolling down the page sees, top to bottom.
        lines = text.splitlines()
        for _ in range(3):
            await pilot.press("pagedown")
            await pilot.wait_for_scheduled_animations()
            lines += screen_text(app).splitlines()

        def at(words: str) -> int:
            return next(n for n, line in enumerate(lines) if words in line)

        # answer_all gives Ann, Bo and Cy the first, second and third levels.
        assert at("Acme Learning") < at("Ann Lee: Strong & Strategic")
        assert at("Ann Lee health note") < at("Ann Lee implications")
        assert at("Ann Lee implications") < at("Cy Diaz: Developing & Inconsistent")
        assert (
            at("Cy Diaz: Developing") < at("Beta Schools") < at("Bo Chen: Functional")
        )
        assert "1  Strong & Strategic" in text
        assert "0  Misaligned & Fragile" in text
        assert "≠ The participants chose different levels." in text

        await pilot.press("home", "2", "d")
        await type_text(pilot, "Mostly good")
        await pilot.press("tab", "enter", "i")
        await type_text(pilot, "Meet monthly")
        await pilot.press("tab", "enter", "end")
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        assert "Overall health · Agreed: Functional & Productive" in text
        assert "Discussion notes: Mostly good" in text
        assert "What are the implications for your partnership? Meet monthly" in text

    overall = SessionStore.open(store.path).session.overall
    assert overall.agreed == "functional-productive"
    assert overall.notes == "Mostly good"
    assert overall.implications == "Meet monthly"
    assert private_answers(store.path) == before


async def test_escape_keeps_typed_notes_and_cancel_leaves_them(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)

    def notes() -> str:
        return SessionStore.open(store.path).session.discussion("financial").notes

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "d")
        await pilot.pause()
        text = screen_text(app)
        assert "Esc saves what you typed" in text
        assert "Save (esc)" in text and "Cancel (f3)" in text
        assert "esc Save" in text and "f3 Cancel" in text  # the footer
        await type_text(pilot, "Kept")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert notes() == "Kept"
        assert "Kept" in screen_text(app)

        # Cancel, by its key or its button, leaves the notes as they were.
        await pilot.press("d")
        await type_text(pilot, " gone")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        await pilot.press("d")
        await type_text(pilot, " gone")
        await pilot.click("#cancel")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert notes() == "Kept"
        assert "gone" not in screen_text(app)


async def test_escape_keeps_the_groups_overall_notes_and_answer(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("h", "d")
        await type_text(pilot, "Good")
        await pilot.press("escape", "i")
        await pilot.pause()
        assert "Cancel (f3)" in screen_text(app)
        await type_text(pilot, "Meet")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverallHealthScreen)
        await pilot.press("i")
        await type_text(pilot, " no")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, OverallHealthScreen)
    overall = SessionStore.open(store.path).session.overall
    assert overall.notes == "Good"
    assert overall.implications == "Meet"
