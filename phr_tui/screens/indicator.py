"""One indicator in full: what everyone rated and wrote, and the discussion."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from phr_tui.rubric import Indicator
from phr_tui.screens.discussion import (
    ChoiceDialog,
    Chosen,
    RevisionChange,
    RevisionDialog,
    TextDialog,
    rating_choices,
    said,
)
from phr_tui.screens.next_steps import NextStepDialog, StepFields
from phr_tui.screens.reveal import RevealedScreen
from phr_tui.session import Participant, Session
from phr_tui.spread import Spread, spread_of, spreads
from phr_tui.widgets.key_footer import KeyFooter
from phr_tui.widgets.spread_bar import DIFFER_MARK, SpreadBars


class IndicatorScreen(RevealedScreen):
    """An indicator's ratings and notes by organisation, and the group's view."""

    VIEW = "Indicator"
    EDITS = frozenset({"notes", "agree", "agree_key", "revise", "add_step"})
    BINDINGS = [
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous"),
        Binding("right", "step(1)", "Next", show=False, priority=True),
        Binding("left", "step(-1)", "Previous", show=False, priority=True),
        Binding("d", "notes", "Notes"),
        Binding("a", "agree", "Agree"),
        *(Binding(str(n), f"agree_key('{n}')", show=False) for n in range(10)),
        Binding("r", "revise", "Revise"),
        Binding("t", "add_step", "Next step"),
        Binding("b,escape", "back", "Back"),
    ]

    def __init__(self, indicator_id: str, *, most_disagreement_first: bool) -> None:
        super().__init__()
        self.indicator_id = indicator_id
        """The indicator shown; stepping changes it."""
        self.most_disagreement_first = most_disagreement_first
        self._order: list[str] = []

    def compose(self) -> ComposeResult:
        """A fixed heading over everything said about the indicator."""
        yield Header(icon="")
        yield Static(id="indicator-heading", classes="screen-title", markup=False)
        with VerticalScroll(id="indicator-body"):
            yield Static(id="indicator-about", markup=False)
            yield SpreadBars(id="indicator-spread", classes="spread")
            # Widgets are named by place, as a participant id from a file
            # written elsewhere need not be a valid widget id.
            place = {p.id: n for n, p in enumerate(self.session.participants)}
            for org, people in self.session.by_organisation():
                yield Static(org, classes="org-heading", markup=False)
                for p in people:
                    n = place[p.id]
                    yield Static(id=f"who-{n}", classes="who", markup=False)
                    yield Static(id=f"note-{n}", classes="note", markup=False)
            yield Static("The group", classes="org-heading", id="indicator-group")
            yield Static(id="indicator-discussion", classes="note", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        """Step in the order the overview had when this was opened."""
        # The order is kept while stepping, so a revised rating that moves an
        # indicator up or down does not make stepping skip or repeat one.
        rows = spreads(
            self.session, most_disagreement_first=self.most_disagreement_first
        )
        self._order = [spread.indicator.id for spread in rows]
        # Textual runs RevealedScreen.on_mount (the first drawing) after this;
        # calling it here as well drew every note twice.

    @property
    def indicator(self) -> Indicator:
        """The indicator shown."""
        return self.session.rubric.indicator(self.indicator_id)

    def redraw(self) -> None:
        """Fill in the indicator, everyone's ratings and the discussion."""
        session = self.session
        indicator = self.indicator
        spread = spread_of(session, indicator)
        self.query_one("#indicator-heading", Static).update(self._heading(spread))
        about = Content.assemble((indicator.description, "italic"))
        if indicator.measures:
            about += Content("\nMeasures: " + "; ".join(indicator.measures))
        self.query_one("#indicator-about", Static).update(about)
        self.query_one("#indicator-spread", SpreadBars).show_ratings(session, spread)
        for n, p in enumerate(session.participants):
            who, note = self._said_by(session, p)
            self.query_one(f"#who-{n}", Static).update(who)
            self.query_one(f"#note-{n}", Static).update(note)
        self.query_one("#indicator-discussion", Static).update(self._discussion())

    def _heading(self, spread: Spread) -> str:
        rubric = self.session.rubric
        place = self._order.index(self.indicator_id) + 1
        order = "most disagreement first" if self.most_disagreement_first else "rubric"
        heading = f"{place} of {len(self._order)}, {order} order · "
        heading += f"{spread.indicator.title}\n"
        if spread.disagreement:
            heading += f"{DIFFER_MARK} ratings differ · "
        agreed = self.session.discussion(self.indicator_id).agreed
        if agreed:
            return heading + f"Agreed: {rubric.rating(agreed).badge}"
        if self.read_only:
            return heading + "Agreed: none"
        keys = ", ".join(r.key for r in rubric.scale)
        return heading + f"Agreed: not yet (press {keys} or a)"

    def _said_by(self, session: Session, p: Participant) -> tuple[Content, Content]:
        rubric = session.rubric
        answer = p.answer(self.indicator_id)
        rating = rubric.rating(answer.rating).badge if answer.rating else "not rated"
        who = Content.assemble((p.name, "bold"), ": ", rating)
        note = said(answer.note)
        revision = p.revisions.get(self.indicator_id)
        if revision is not None:
            who += Content.assemble(
                "  → revised to ", (rubric.rating(revision.rating).badge, "bold")
            )
            note += Content.assemble(
                "\n", ("Why revised: ", "italic"), said(revision.note)
            )
        return who, note

    def _discussion(self) -> Content:
        session = self.session
        discussion = session.discussion(self.indicator_id)
        agreed = discussion.agreed
        lines = [
            Content.assemble(
                "Agreed rating: ",
                (session.rubric.rating(agreed).badge, "bold") if agreed else "not yet",
            ),
            Content.assemble(("Discussion notes: ", "italic"), said(discussion.notes)),
        ]
        steps = [s for s in session.next_steps if s.indicator_id == self.indicator_id]
        for step in steps:
            owner = f" ({step.owner})" if step.owner else ""
            due = f", by {step.due}" if step.due else ""
            lines.append(Content(f"Next step: {step.what}{owner}{due}"))
        return Content("\n").join(lines)

    def action_step(self, by: int) -> None:
        """Show the next or previous indicator."""
        place = self._order.index(self.indicator_id) + by
        if not 0 <= place < len(self._order):
            edge = "last" if by > 0 else "first"
            self.notify(f"This is the {edge} indicator.", timeout=2)
            return
        self.indicator_id = self._order[place]
        self.remember(indicator=self.indicator_id)
        self.redraw()
        self.query_one("#indicator-body", VerticalScroll).scroll_home(animate=False)

    def action_notes(self) -> None:
        """Write the group's discussion notes on this indicator."""
        indicator_id = self.indicator_id

        def done(text: str | None) -> None:
            if text is None:
                return
            self.change(
                lambda s: s.discuss(
                    indicator_id, text, s.discussion(indicator_id).agreed
                )
            )
            # After the new notes are laid out, so they are in view in full.
            self.call_after_refresh(
                self.query_one("#indicator-body").scroll_to_widget,
                self.query_one("#indicator-discussion"),
                animate=False,
            )

        notes = self.session.discussion(indicator_id).notes
        self.app.push_screen(
            TextDialog(f"Discussion notes: {self.indicator.title}", notes), done
        )

    def action_agree(self) -> None:
        """Choose the rating the group agrees on, or clear it."""

        def done(chosen: Chosen | None) -> None:
            if chosen is not None:
                self._agree(chosen.value)

        self.app.push_screen(
            ChoiceDialog(
                f"Agreed rating: {self.indicator.title}",
                rating_choices(self.session),
                self.session.discussion(self.indicator_id).agreed,
                "No agreed rating yet",
            ),
            done,
        )

    def action_agree_key(self, key: str) -> None:
        """A rating's digit makes it the agreed rating."""
        for rating in self.session.rubric.scale:
            if rating.key == key:
                self._agree(rating.id)
                return

    def _agree(self, rating_id: str | None) -> None:
        indicator_id = self.indicator_id
        self.change(
            lambda s: s.discuss(
                indicator_id, s.discussion(indicator_id).notes, rating_id
            )
        )

    def action_revise(self) -> None:
        """Record a participant's revised rating beside their original one."""
        indicator_id = self.indicator_id

        def done(revision: RevisionChange | None) -> None:
            if revision is None:
                return
            who, rating = revision.participant_id, revision.rating_id
            if rating is None:
                self.change(lambda s: s.withdraw_revision(who, indicator_id))
            else:
                self.change(
                    lambda s: s.revise(who, indicator_id, rating, revision.note)
                )

        self.app.push_screen(RevisionDialog(self.session, self.indicator), done)

    def action_add_step(self) -> None:
        """Add a next step that came from this indicator."""

        def done(fields: StepFields | None) -> None:
            if fields is None:
                return
            added = self.change(
                lambda s: s.add_step(
                    fields.what, fields.owner, fields.due, fields.indicator_id
                )
            )
            if added is not None:
                late = self.session.due_before_session(added.due)
                overdue = " (due before this session's date: overdue)" if late else ""
                self.notify(f"Next step added: {added.what}{overdue}", markup=False)

        self.app.push_screen(
            NextStepDialog(self.session, indicator_id=self.indicator_id), done
        )
