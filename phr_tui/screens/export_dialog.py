"""Export the open session from the app: pick a format, then say where it went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from phr_tui.errors import PhrError
from phr_tui.export import export_folder, export_note, export_session
from phr_tui.screens.dialogs import dialog_box
from phr_tui.session import Phase, Session

if TYPE_CHECKING:
    from pathlib import Path

    from phr_tui.app import PhrApp

FORMAT_NAMES = {"md": "Markdown report", "csv": "CSV for spreadsheets", "json": "JSON"}


class ExportDialog(ModalScreen[str | None]):
    """Ask which format to export; dismisses with "md", "csv", "json" or None."""

    BINDINGS = [
        Binding("m", "choose('md')", "Markdown"),
        Binding("c", "choose('csv')", "CSV"),
        Binding("j", "choose('json')", "JSON"),
        Binding("escape,n", "choose(None)", "Cancel"),
    ]

    def __init__(self, session: Session, session_path: Path) -> None:
        super().__init__()
        self.session = session
        self.session_path = session_path

    def compose(self) -> ComposeResult:
        """Where the files go, what they hold, and a button per format."""
        folder = export_folder(self.session_path)
        message = f"The files go to {folder}."
        if self.session.phase is Phase.RATING:
            message += (
                "\n\nThe ratings are not revealed yet, so the export shows each "
                "participant's progress only, never their answers."
            )
        with dialog_box():
            yield Static("Export this session", classes="dialog-title")
            yield Static(message, classes="dialog-body", markup=False)
            with Horizontal(classes="dialog-buttons export-formats"):
                yield Button("Markdown (m)", id="md", variant="primary")
                yield Button("CSV (c)", id="csv")
                yield Button("JSON (j)", id="json")
                yield Button("Cancel (n)", id="cancel")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button picks its format, or cancels."""
        choice = event.button.id
        self.dismiss(choice if choice in FORMAT_NAMES else None)

    def action_choose(self, choice: str | None) -> None:
        """A key picks its format, or cancels."""
        self.dismiss(choice)


def export_open_session(app: PhrApp, fmt: str | None) -> list[Path]:
    """Export the app's open session in `fmt` and tell the user where it went."""
    if fmt is None or app.store is None:
        return []
    store = app.store
    try:
        written = export_session(store.session, store.path, fmt)
    except PhrError as error:
        app.show_problem(error)
        return []
    lines = [str(path) for path in written]
    note = export_note(store.session, fmt)
    if note:
        lines += ["", note]
    app.notify(
        "\n".join(lines),
        title=f"Exported: {FORMAT_NAMES[fmt]}",
        timeout=10,
        markup=False,
    )
    return written
