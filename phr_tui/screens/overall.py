"""Overall health after the reveal: everyone's view, and the group's."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import (
    Footer,
    Header,
    Static,
)

from phr_tui.screens.discussion import (
    ChoiceDialog,
    Chosen,
    TextDialog,
    level_choices,
    said,
)
from phr_tui.screens.reveal import RevealedScreen
from phr_tui.widgets.spread_bar import SpreadBars


class OverallHealthScreen(RevealedScreen):
    """Everyone's view of the partnership's overall health, and the group's."""

    VIEW = "Overall health"
    EDITS = frozenset({"notes", "agree", "agree_key", "answer"})
    BINDINGS = [
        Binding("d", "notes", "Notes"),
        Binding("a", "agree", "Agree"),
        Binding("i", "answer", "Implications"),
        *(Binding(str(n), f"agree_key('{n}')", show=False) for n in range(10)),
        Binding("b,escape", "back", "Back"),
    ]

    def compose(self) -> ComposeResult:
        """Each participant's level and notes by organisation, then the group's."""
        rubric = self.session.rubric
        yield Header(icon="")
        yield Static(id="health-heading", classes="screen-title", markup=False)
        with VerticalScroll(id="health-body"):
            yield Static(rubric.health_prompt, classes="hint", markup=False)
            yield SpreadBars(id="health-spread", classes="spread")
            place = {p.id: n for n, p in enumerate(self.session.participants)}
            for org, people in self.session.by_organisation():
                yield Static(org, classes="org-heading", markup=False)
                for p in people:
                    n = place[p.id]
                    yield Static(id=f"who-{n}", classes="who", markup=False)
                    yield Static(id=f"note-{n}", classes="note", markup=False)
            yield Static("The group", classes="org-heading")
            yield Static(id="health-group", classes="note", markup=False)
        yield Footer()

    def redraw(self) -> None:
        """Fill in everyone's answers and the group's."""
        session = self.session
        rubric = session.rubric
        question = rubric.closing_question
        agreed_level = session.overall.agreed
        self.query_one("#health-heading", Static).update(
            "Overall health · Agreed: "
            + (rubric.health_level(agreed_level).name if agreed_level else "not yet")
        )
        self.query_one("#health-spread", SpreadBars).show_health(session)
        for n, p in enumerate(session.participants):
            level = rubric.health_level(p.health).name if p.health else "no level"
            self.query_one(f"#who-{n}", Static).update(
                Content.assemble((p.name, "bold"), ": ", (level, "bold"))
            )
            self.query_one(f"#note-{n}", Static).update(
                Content.assemble(
                    said(p.health_note),
                    "\n",
                    (question, "italic"),
                    " ",
                    said(p.implications),
                )
            )
        overall = session.overall
        if overall.agreed:
            level = rubric.health_level(overall.agreed)
            agreed = Content.assemble(
                "Agreed level: ", (level.name, "bold"), f" — {level.description}"
            )
        else:
            agreed = Content("Agreed level: none yet")
        self.query_one("#health-group", Static).update(
            Content.assemble(
                agreed,
                "\n",
                ("Discussion notes: ", "italic"),
                said(overall.notes),
                "\n",
                (question, "italic"),
                " ",
                said(overall.implications),
            )
        )

    def action_notes(self) -> None:
        """Write the group's notes on overall health."""

        def done(text: str | None) -> None:
            if text is not None:
                self.change(
                    lambda s: s.discuss_overall(
                        text, s.overall.agreed, s.overall.implications
                    )
                )

        self.app.push_screen(
            TextDialog(
                "The group's notes on overall health", self.session.overall.notes
            ),
            done,
        )

    def action_answer(self) -> None:
        """Write the group's answer to the closing question."""

        def done(text: str | None) -> None:
            if text is not None:
                self.change(
                    lambda s: s.discuss_overall(s.overall.notes, s.overall.agreed, text)
                )

        self.app.push_screen(
            TextDialog(
                "The group's answer",
                self.session.overall.implications,
                prompt=self.session.rubric.closing_question,
            ),
            done,
        )

    def action_agree(self) -> None:
        """Choose the overall-health level the group agrees on."""

        def done(chosen: Chosen | None) -> None:
            if chosen is not None:
                self._agree(chosen.value)

        self.app.push_screen(
            ChoiceDialog(
                "The overall health the group agrees on",
                level_choices(self.session),
                self.session.overall.agreed,
                "No agreed level yet",
            ),
            done,
        )

    def action_agree_key(self, key: str) -> None:
        """A level's digit sets it as the agreed level."""
        for level in self.session.rubric.health_levels:
            if level.key == key:
                self._agree(level.id)
                return

    def _agree(self, level_id: str | None) -> None:
        self.change(
            lambda s: s.discuss_overall(
                s.overall.notes, level_id, s.overall.implications
            )
        )
