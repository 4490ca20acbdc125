"""Every dialog shows its buttons in a short terminal: the body scrolls instead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import make_app, make_session, make_store
from screen_text import screen_text
from test_follow_up import LONG_STEP
from test_reveal import reveal
from textual.screen import ModalScreen

from phr_tui.screens.bring_along import BringAlongDialog
from phr_tui.screens.dialogs import ConfirmDialog, MessageDialog
from phr_tui.screens.discussion import (
    ChoiceDialog,
    RevisionDialog,
    TextDialog,
    rating_choices,
)
from phr_tui.screens.export_dialog import ExportDialog
from phr_tui.screens.next_steps import NextStepDialog
from phr_tui.screens.setup import RubricPicker
from phr_tui.store import SessionStore

LONG_TEXT = "\n".join(
    f"Line {n} of a long message, [kept] as written." for n in range(40)
)
"""Far more than a short terminal holds."""

Build = Callable[[SessionStore, Path], ModalScreen]

DIALOGS: dict[str, tuple[Build, list[str]]] = {
    "confirm": (
        lambda store, _: ConfirmDialog("Sure?", LONG_TEXT, yes="Remove", no="Keep"),
        ["Remove (y)", "Keep (n)"],
    ),
    "message": (lambda store, _: MessageDialog("Damaged", LONG_TEXT), ["OK (o)"]),
    "text": (
        lambda store, _: TextDialog("Notes", LONG_TEXT, prompt=LONG_TEXT[:300]),
        ["Save (esc)", "Cancel (f3)"],
    ),
    "choice": (
        lambda store, _: ChoiceDialog(
            "Agreed rating", rating_choices(store.session), None, "No agreed rating"
        ),
        ["Cancel (esc)"],
    ),
    "revision": (
        lambda store, _: RevisionDialog(
            store.session, store.session.rubric.indicators[0]
        ),
        ["Save (esc)", "Take back", "Cancel (f3)"],
    ),
    "next step": (
        lambda store, _: NextStepDialog(store.session),
        ["Save (esc)", "Cancel (f3)"],
    ),
    "export": (
        lambda store, _: ExportDialog(store.session, store.path),
        ["Markdown (m)", "CSV (c)", "JSON (j)", "Cancel (n)"],
    ),
    "bring along": (
        lambda store, earlier: BringAlongDialog(earlier),
        ["Bring them along (y)", "Not now (n)"],
    ),
    "rubric picker": (lambda store, _: RubricPicker(), ["Cancel (escape)"]),
}


def buttons_in_view(app, labels: list[str]) -> list[str]:
    """The labels that can be read on screen, on the rows of the dialog's buttons."""
    text = screen_text(app)
    return [label for label in labels if label in text]


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
@pytest.mark.parametrize("name", list(DIALOGS))
async def test_every_dialog_shows_its_buttons(sessions_dir, size, name):
    earlier = reveal(make_store(sessions_dir, make_session(title="Spring review")))
    # Many long steps, so the list of steps to bring along is long too.
    for n in range(6):
        earlier.change(lambda s, n=n: s.add_step(f"{n}: {LONG_STEP}"))
    store = reveal(make_store(sessions_dir, make_session(title="Autumn review")))
    ann = store.session.participants[0].id
    # A revision to take back, so the revision dialog shows all its buttons.
    store.change(lambda s: s.revise(ann, "financial", "questions-or-issues", "hmm"))
    build, labels = DIALOGS[name]
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(build(store, earlier.path))
        await pilot.pause()
        assert buttons_in_view(app, labels) == labels
        # The buttons are whole: their lower edge is drawn below the label.
        for label in labels:
            button = app.screen.query_one(f"Button#{_button_id(app, label)}")
            region = button.region
            assert region.height == 3
            assert region.bottom <= size[1] - 1, f"{label} is under the footer"


def _button_id(app, label: str) -> str:
    for button in app.screen.query("Button"):
        if str(button.label) == label:
            return str(button.id)
    raise AssertionError(f"no button {label}")


async def test_a_long_message_scrolls_to_its_end(sessions_dir):
    store = reveal(make_store(sessions_dir))
    app = make_app(sessions_dir, open_path=store.path)
    message = LONG_TEXT + "\nThe very last line."
    async with app.run_test(size=(60, 20)) as pilot:
        app.push_screen(MessageDialog("Damaged", message))
        await pilot.pause()
        assert "The very last line." not in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "The very last line." in text
        assert "OK (o)" in text
        assert "Damaged" in text


@pytest.mark.parametrize(
    ("yes", "no"), [("Remove", "Keep"), ("Reset and clear", "Keep"), ("Yes", "No")]
)
async def test_a_confirm_footer_says_what_its_buttons_say(sessions_dir, yes, no):
    store = reveal(make_store(sessions_dir))
    app = make_app(sessions_dir, open_path=store.path)
    answers: list[bool | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(
            ConfirmDialog("Sure?", "Really.", yes=yes, no=no), answers.append
        )
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert footer.split() == ["y", *yes.split(), "n", *no.split()]
        assert isinstance(app.screen, ConfirmDialog)
        # The keys still answer, and Escape answers no.
        await pilot.press("y")
        app.push_screen(
            ConfirmDialog("Sure?", "Really.", yes=yes, no=no), answers.append
        )
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert answers == [True, False]
