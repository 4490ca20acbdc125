"""The revised-rating dialog: Escape keeps what was chosen and typed; F3 leaves it."""

from __future__ import annotations

from builders import make_app
from screen_text import screen_text
from test_discussion import private_answers, type_text
from test_reveal import reveal

from phr_tui.screens.discussion import RevisionDialog
from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.store import SessionStore


def revisions(path) -> list[dict[str, tuple[str, str]]]:
    """Every participant's revised ratings, as the file holds them."""
    session = SessionStore.open(path).session
    return [
        {i: (r.rating, r.note) for i, r in p.revisions.items()}
        for p in session.participants
    ]


async def test_escape_saves_a_revised_rating(store, sessions_dir):
    reveal(store)
    before = private_answers(store.path)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        # Financial: Ann Lee, first in the list, rated ★ and now thinks ?.
        await pilot.press("enter", "r")
        await pilot.pause()
        text = screen_text(app)
        assert "Save (esc)" in text and "Cancel (f3)" in text
        assert "esc Save" in text and "f3 Cancel" in text  # the footer
        await pilot.press("3", "tab", "tab")
        await type_text(pilot, "heard Bo")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert revisions(store.path)[0] == {
            "financial": ("questions-or-issues", "heard Bo")
        }
        assert "Why revised: heard Bo" in screen_text(app)

        # F3 leaves the revision as it was, whatever was changed.
        await pilot.press("r", "2", "tab", "tab")
        await type_text(pilot, " and Cy")
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        # Escape with nothing changed closes without a question.
        await pilot.press("r", "escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert revisions(store.path)[0] == {
            "financial": ("questions-or-issues", "heard Bo")
        }
    assert private_answers(store.path) == before


async def test_escape_asks_before_dropping_a_note_without_a_rating(store, sessions_dir):
    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r", "tab", "tab")
        await type_text(pilot, "not sure now")
        await pilot.press("escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Discard Ann Lee's revised rating?" in text
        assert "Choose the rating they would give now." in text
        assert "y Discard" in text and "n Go back" in text  # the footer

        # Escape again goes back, with the note kept, to choose the rating.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RevisionDialog)
        assert "not sure now" in screen_text(app)
        await pilot.press("2", "escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert revisions(store.path)[0] == {
            "financial": ("could-be-strengthened", "not sure now")
        }

        # The rating they first gave is no revision: asked, and discarded.
        await pilot.press("r", "1")
        await pilot.press("escape")
        await pilot.pause()
        assert "That is the rating they gave." not in screen_text(app)
        # Ann had a revision, so going back to her first rating takes it back.
        assert isinstance(app.screen, IndicatorScreen)
        assert revisions(store.path)[0] == {}
        await pilot.press("r", "1", "escape")
        await pilot.pause()
        assert "That is the rating they gave." in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert revisions(store.path) == [{}, {}, {}]


async def test_switching_participant_and_back_keeps_what_was_typed(store, sessions_dir):
    from textual.widgets import Select

    reveal(store)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "r")
        await pilot.pause()
        await pilot.press("3", "tab", "tab")
        await type_text(pilot, "heard Bo")
        who = app.screen.query_one("#revision-who", Select)
        ann, bo = (p.id for p in store.session.participants[:2])
        who.value = bo
        await pilot.pause()
        assert "heard Bo" not in screen_text(app)
        who.value = ann
        await pilot.pause()
        assert "heard Bo" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
    assert revisions(store.path)[0] == {
        "financial": ("questions-or-issues", "heard Bo")
    }
