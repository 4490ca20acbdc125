"""The reveal overview, and what every screen after the reveal shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import log
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Header, Static

from phr_tui.errors import PhrError
from phr_tui.screens.base import SessionScreen
from phr_tui.screens.dialogs import ConfirmDialog
from phr_tui.session import Phase
from phr_tui.spread import spread_of, spreads
from phr_tui.widgets.fitting import clip
from phr_tui.widgets.key_footer import KeyFooter
from phr_tui.widgets.overview_cells import REVISED_MARK, short_names
from phr_tui.widgets.ratings_grid import RatingsGrid
from phr_tui.widgets.spread_bar import DIFFER_MARK, compact_spread, verdict
from phr_tui.words import plural

if TYPE_CHECKING:
    from phr_tui.screens.indicator import IndicatorScreen


class RevealedScreen(SessionScreen):
    """A screen of a revealed or closed session: read-only once it is closed."""

    EDITS: ClassVar[frozenset[str]] = frozenset()
    """Actions that change the session, hidden and refused when read-only."""
    VIEW: ClassVar[str] = ""
    """What this screen shows, for the title bar."""

    @property
    def read_only(self) -> bool:
        """Whether nothing may change: the session is closed or opened read-only."""
        return self.store.read_only or self.session.read_only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the editing keys of a read-only session."""
        editing = action in self.EDITS and self.phr.store is not None
        return not (editing and self.read_only)

    def on_mount(self) -> None:
        """Draw the session as it is."""
        self.session_changed()

    def session_changed(self) -> None:
        """Redraw from the session, and say in the title bar when it is read-only."""
        if self.phr.store is None:
            return
        self.title = self.session.title
        if self.session.phase is Phase.CLOSED:
            state = "Closed — read-only"
        elif self.read_only:
            state = "Read-only"
        else:
            state = ""
        # The state first: on a narrow screen the end of the title is cut off.
        self.sub_title = " · ".join(part for part in (state, self.VIEW) if part)
        self.refresh_bindings()
        self.redraw()

    def redraw(self) -> None:
        """Show the session; each screen draws its own parts."""

    def action_back(self) -> None:
        """Go back to the overview."""
        self.remember(screen="overview")
        self.app.pop_screen()

    def remember(self, **view: str) -> None:
        """Keep where the facilitator is, so reopening the file resumes here."""
        store = self.phr.store
        if store is None or self.read_only or self.session.phase is not Phase.REVEALED:
            return
        if all(self.session.view.get(k) == v for k, v in view.items()):
            return
        try:
            # Straight to the store: no screen needs redrawing for this.
            store.change(lambda s: s.view.update(view))
        except PhrError as error:
            log.warning(f"could not keep the view: {error}")


LEGEND_NAME_LINES = 3
"""Lines the overview gives to who is who before it shortens the list."""


class RevealScreen(RevealedScreen):
    """All indicators by all participants, with the spread and disagreement."""

    VIEW = "Reveal"
    EDITS = frozenset({"close"})
    BINDINGS = [
        # Above the grid's own Enter, so the Footer shows it.
        Binding("enter", "open", "Open", priority=True),
        Binding("o", "order", "Order"),
        Binding("h", "health", "Health"),
        Binding("s", "steps", "Next steps"),
        Binding("f", "follow_up", "Earlier"),
        Binding("c", "close", "Close"),
        Binding("b", "home", "Home"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.most_disagreement_first = False
        """Whether the rows, and stepping through them, put disagreement first."""
        self._detail: IndicatorScreen | None = None
        self._current_text: str | None = None

    def compose(self) -> ComposeResult:
        """Who took part, the grid of ratings, and the highlighted indicator."""
        self.most_disagreement_first = self.session.view.get("order") == "disagreement"
        yield Header(icon="")
        yield Static(id="reveal-about", markup=False)
        yield Static(id="reveal-legend", markup=False)
        yield RatingsGrid(id="reveal-grid")
        yield Static(id="reveal-current", markup=False)
        yield KeyFooter()

    def redraw(self) -> None:
        """Draw the header lines and the grid."""
        session = self.session
        carried = len(session.carried_steps)
        agreed = sum(1 for d in session.discussions.values() if d.agreed)
        about = [
            session.partnership,
            session.date,
            f"{agreed} of {len(session.rubric.indicators)} agreed",
            plural(len(session.next_steps), "next step"),
        ]
        if carried:
            about.append(f"{plural(carried, 'earlier step')} (f)")
        self.query_one("#reveal-about", Static).update(" · ".join(about))
        self.query_one("#reveal-legend", Static).update(self._legend())
        rows = spreads(session, most_disagreement_first=self.most_disagreement_first)
        self.query_one(RatingsGrid).show(session, rows)
        self._show_current()

    def _legend(self) -> Content:
        names = short_names(self.session.participants)
        teams = self.session.by_organisation()
        groups = Content("  │  ").join(
            Content.assemble(
                (org, "bold"),
                ": ",
                ", ".join(f"{names[p.id]} = {p.name}" for p in people),
            )
            for org, people in teams
        )
        width = max((self.size.width or self.app.size.width) - 2, 20)
        if len(groups.wrap(width)) > LEGEND_NAME_LINES:
            # A big meeting's names would push the key and the grid off the
            # screen; the indicator's own screen names everyone.
            groups = Content("  │  ").join(
                Content.assemble(
                    (org, "bold"),
                    f" ({len(people)}): {names[people[0].id]} … {names[people[-1].id]}",
                )
                for org, people in teams
            ) + Content(" · names on each indicator (enter)").stylize("dim")
        order = "most disagreement first" if self.most_disagreement_first else "rubric"
        scale = self.session.rubric.scale
        room = max(12, (self.size.width - 2) // len(scale) - 3)
        words = " · ".join(clip(r.badge, room) for r in scale)
        key = Content(
            f"{words}\n{DIFFER_MARK} ratings differ · ✓{REVISED_MARK}★ revised · "
            f"{order} order"
        ).stylize("dim")
        return groups + "\n" + key

    def _show_current(self) -> None:
        indicator_id = self.query_one(RatingsGrid).indicator_id
        text = "" if indicator_id is None else self._about(indicator_id)
        if text == self._current_text:
            return  # a repaint would cost a frame for nothing
        self._current_text = text
        # Its height is fixed, so the grid need not be laid out again.
        self.query_one("#reveal-current", Static).update(text, layout=False)

    def _about(self, indicator_id: str) -> str:
        rubric = self.session.rubric
        spread = spread_of(self.session, rubric.indicator(indicator_id))
        text = f"{spread.indicator.title}: {compact_spread(self.session, spread)}. "
        text += verdict(spread)
        agreed = self.session.discussion(indicator_id).agreed
        if agreed:
            text += f" Agreed: {rubric.rating(agreed).badge}."
        return text

    def on_resize(self) -> None:
        """Fit the legend to the new width."""
        if self.phr.store is not None:
            self.query_one("#reveal-legend", Static).update(self._legend())

    def on_mount(self) -> None:
        """Say more about the indicator under the cursor, as soon as it moves."""
        # Watched rather than told by a message: a message is handled after
        # the grid has been painted, so the line under the grid would change
        # a frame after the cursor did.
        grid = self.query_one(RatingsGrid)
        self.watch(grid, "cursor_row", self._show_current, init=False)
        # After the first drawing, which RevealedScreen.on_mount does next.
        self.call_after_refresh(self.resume)

    def on_ratings_grid_indicator_chosen(
        self, event: RatingsGrid.IndicatorChosen
    ) -> None:
        """Open the indicator a row was chosen for."""
        self._open(event.indicator_id)

    @property
    def _order_name(self) -> str:
        return "disagreement" if self.most_disagreement_first else "rubric"

    def resume(self) -> None:
        """Go back to where the facilitator was when the file was last saved."""
        view = self.session.view
        indicator = view.get("indicator")
        if indicator is not None:
            self.query_one(RatingsGrid).select(indicator)
        screen = view.get("screen")
        if screen == "indicator" and indicator in {
            i.id for i in self.session.rubric.indicators
        }:
            self._open(indicator)
        elif screen == "health":
            self.action_health()
        elif screen == "steps":
            self.action_steps()

    def on_screen_resume(self) -> None:
        """Come back to the indicator last looked at."""
        if self._detail is not None:
            self.query_one(RatingsGrid).select(self._detail.indicator_id)
            self._detail = None

    def action_open(self) -> None:
        """Look at the indicator under the cursor closely."""
        indicator_id = self.query_one(RatingsGrid).indicator_id
        if indicator_id is not None:
            self._open(indicator_id)

    def _open(self, indicator_id: str) -> None:
        from phr_tui.screens.indicator import IndicatorScreen

        self.remember(screen="indicator", indicator=indicator_id)
        self._detail = IndicatorScreen(
            indicator_id, most_disagreement_first=self.most_disagreement_first
        )
        self.app.push_screen(self._detail)

    def action_order(self) -> None:
        """Switch between rubric order and the most disagreement first."""
        self.most_disagreement_first = not self.most_disagreement_first
        self.remember(order=self._order_name)
        self.redraw()
        order = "Most disagreement first" if self.most_disagreement_first else "Rubric"
        self.notify(f"{order} order.", timeout=2)

    def action_health(self) -> None:
        """Show everyone's view of the partnership's overall health."""
        from phr_tui.screens.overall import OverallHealthScreen

        self.remember(screen="health")
        self.app.push_screen(OverallHealthScreen())

    def action_steps(self) -> None:
        """Show the next steps."""
        from phr_tui.screens.next_steps import NextStepsScreen

        self.remember(screen="steps")
        self.app.push_screen(NextStepsScreen())

    def action_follow_up(self) -> None:
        """Follow up the next steps brought along from an earlier session."""
        from phr_tui.screens.follow_up import FollowUpScreen

        self.app.push_screen(FollowUpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer earlier next steps only when some were brought along."""
        if action == "follow_up":
            return self.phr.store is not None and bool(self.session.carried_steps)
        return super().check_action(action, parameters)

    def action_close(self) -> None:
        """Close the session, after asking; it is read-only from then on."""
        session = self.session
        agreed = sum(1 for d in session.discussions.values() if d.agreed)
        message = (
            "Closing marks the session complete. It then opens read-only, for "
            "review: nothing can be changed any more.\n\n"
            f"{agreed} of {len(session.rubric.indicators)} indicators have an agreed "
            f"rating. Next steps recorded: {len(session.next_steps)}."
        )

        def close(confirmed: bool | None) -> None:
            if not confirmed:
                return
            self.change(lambda s: s.close())
            if self.session.read_only:
                self.notify("The session is closed and kept for review.")

        self.app.push_screen(
            ConfirmDialog("Close the session?", message, yes="Close", no="Keep open"),
            close,
        )

    def action_home(self) -> None:
        """Go back to the home screen."""
        self.phr.close_session()
