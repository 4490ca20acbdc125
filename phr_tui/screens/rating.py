"""One participant's private turn: rate each indicator, overall health, submit.

The pages, in order: one per indicator, overall health, the closing question,
and a review of the participant's own answers. A rating is one key and moves
on; every change is saved at once, and typed notes within half a second, when
the notes box is left, and when the screen goes.

A keystroke is drawn in one frame: no widget here changes size in a way that
makes Textual lay the screen out again (see widgets/answer_choices.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, DataTable, TextArea

from phr_tui.errors import PhrError
from phr_tui.rubric import Indicator
from phr_tui.screens.base import SessionScreen
from phr_tui.screens.dialogs import ConfirmDialog
from phr_tui.screens.rating_pages import (
    NOTES_LABELS,
    NOTES_LINES,
    closing_text,
    health_text,
    indicator_text,
    level_choices,
    notes_label,
    scale_choices,
    stored_text,
    write_text,
)
from phr_tui.session import Participant, Phase, Session
from phr_tui.widgets.answer_choices import AnswerChoices
from phr_tui.widgets.answer_review import AnswerReview
from phr_tui.widgets.answer_strip import AnswerStrip
from phr_tui.widgets.key_footer import KeyFooter
from phr_tui.widgets.steady_text import PageSpace, PageText, SteadyText

T = TypeVar("T")

SAVE_DELAY_SECONDS = 0.5
"""How long typing may pause before the notes are saved."""

RATE_KEYS = Binding.Group("Rate", compact=True)


class PageScroll(VerticalScroll, can_focus=False):
    """The page's content; never focused, so arrows and digits stay the screen's."""


class RatingScreen(SessionScreen):
    """A participant rates, privately, at the shared keyboard."""

    AUTO_FOCUS = ""
    EXPORTS = False
    BINDINGS = [
        *(
            Binding(str(d), f"choose('{d}')", "Rate", group=RATE_KEYS)
            for d in range(1, 10)
        ),
        Binding("left", "previous", "Back", key_display="←"),
        Binding("right", "next", "Next", key_display="→"),
        Binding("p", "previous", "Back", show=False),
        Binding("space", "next", "Next", show=False),
        Binding("n,enter", "notes", "Notes", key_display="n"),
        Binding("tab", "toggle_notes", "Notes", show=False),
        Binding("r", "review", "Review"),
        Binding("s", "submit", "Submit"),
        Binding("escape", "done_writing", "Done writing"),
        Binding("escape", "leave_turn", "Leave"),
        Binding("up", "scroll_page(-1)", show=False),
        Binding("down", "scroll_page(1)", show=False),
    ]

    def __init__(self, participant_id: str) -> None:
        super().__init__()
        self.participant_id = participant_id
        self.page = 0
        """Which page shows: an indicator's index, then health, closing, review."""
        self._text_page: int | None = None
        self._text = ""
        self._save_timer: Timer | None = None
        self._leaving = False
        self._drawn_below = False
        """Whether the caller draws the page after the change being told."""
        self._offered: tuple[str, bool, bool] | None = None
        self._label = ""

    # Pages.

    @property
    def participant(self) -> Participant:
        """Whose turn it is."""
        return self.session.participant(self.participant_id)

    @property
    def health_page(self) -> int:
        """The overall health page's number."""
        return len(self.session.rubric.indicators)

    @property
    def closing_page(self) -> int:
        """The closing question's page number."""
        return self.health_page + 1

    @property
    def review_page(self) -> int:
        """The review page's number, the last."""
        return self.health_page + 2

    def indicator(self) -> Indicator | None:
        """The indicator on this page, if it is an indicator's page."""
        indicators = self.session.rubric.indicators
        return indicators[self.page] if self.page < len(indicators) else None

    def first_page(self) -> int:
        """Where to start: the review when submitted, else the first unrated."""
        participant = self.participant
        if participant.submitted_at:
            return self.review_page
        for n, indicator in enumerate(self.session.rubric.indicators):
            if not participant.answer(indicator.id).rating:
                return n
        return self.health_page if participant.health is None else self.review_page

    # Layout.

    def compose(self) -> ComposeResult:
        """A heading, the progress strip, the page, and the review."""
        rubric = self.session.rubric
        yield SteadyText(id="rating-heading", classes="screen-title")
        yield AnswerStrip(id="rating-strip")
        with PageScroll(id="rating-page"):
            yield PageText(id="rating-text")
            yield AnswerChoices(scale_choices(rubric), id="rating-scale")
            yield AnswerChoices(level_choices(rubric), id="rating-levels")
            yield SteadyText(id="rating-notes-label")
            yield TextArea(
                "",
                id="rating-notes",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="Optional.",
            )
            yield PageSpace()
        yield AnswerReview(id="rating-review")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Say what each text may show; open at the page most likely wanted."""
        pages = range(self.review_page + 1)
        self.query_one("#rating-heading", SteadyText).may_show(
            lambda: (self._heading(page) for page in pages)
        )
        self.query_one(PageText).may_show(
            lambda: (indicator_text(i) for i in self.session.rubric.indicators)
        )
        self.query_one("#rating-notes-label", SteadyText).may_show(
            lambda: (
                notes_label(kind, editing)
                for kind in NOTES_LABELS
                for editing in (False, True)
            )
        )
        self.show_page(self.first_page())

    _back_to_review = False
    """Whether this page was opened from the review, where a rating returns."""

    def show_page(self, page: int) -> None:
        """Save what was typed, then draw another page."""
        self.save_text()
        self._back_to_review = False
        self.page = max(0, min(page, self.review_page))
        self.query_one("#rating-notes", TextArea).blur()
        self.draw()
        self._load_text()
        self.query_one("#rating-page", PageScroll).scroll_home(animate=False)
        if self.page == self.review_page:
            self.query_one(AnswerReview).focus_answers()
        else:
            self.set_focus(None)
        self._refresh_keys()

    def draw(self) -> None:
        """Draw the page from the session (the notes box is left alone)."""
        session = self.session
        participant = self.participant
        reviewing = self.page == self.review_page
        self.query_one("#rating-heading", SteadyText).show(self._heading(self.page))
        self.query_one(AnswerStrip).show_page(session, participant, self.page)
        self.query_one("#rating-page").display = not reviewing
        review = self.query_one(AnswerReview)
        review.display = reviewing
        if reviewing:
            review.show(session, self.participant_id)
            return

        indicator = self.indicator()
        health = self.page == self.health_page
        scale = self.query_one("#rating-scale", AnswerChoices)
        levels = self.query_one("#rating-levels", AnswerChoices)
        text = self.query_one(PageText)
        scale.display = indicator is not None
        levels.display = health
        if indicator is not None:
            text.show(indicator_text(indicator))
            scale.show_chosen(participant.answer(indicator.id).rating)
        elif health:
            text.show(health_text(session.rubric))
            levels.show_chosen(participant.health)
        else:
            text.show(closing_text(session.rubric))
        text.set_class(health, "-health")
        self._fill_page()
        self._draw_label()

    def _fill_page(self) -> None:
        """Size the notes box for this page, and blank lines to end it.

        Every indicator's page is as tall as the one with the most words, so
        moving between them changes the height of nothing but the words and
        the blank lines, which are laid out in the keystroke's own frame.
        """
        kind = self._kind()
        spare = 0
        if kind == "indicator":
            text = self.query_one(PageText)
            spare = max(0, text.most_lines - text.lines)
        # Setting a height it already has does nothing, so no layout either.
        self.query_one("#rating-notes", TextArea).styles.height = NOTES_LINES[kind]
        self.query_one(PageSpace).styles.height = spare

    def on_page_text_rewrapped(self) -> None:
        """The words wrapped anew (a new width): fill the page again."""
        if self.page != self.review_page:
            self._fill_page()

    def _draw_label(self) -> None:
        editing = self._editing()
        label = notes_label(self._kind(), editing)
        if label != self._label:
            self._label = label
            self.query_one("#rating-notes-label", SteadyText).show(Content(label))
        self.query_one("#rating-notes-label").set_class(editing, "-editing")

    def _kind(self) -> str:
        """Which kind of page this is: indicator, health, closing or review."""
        if self.indicator() is not None:
            return "indicator"
        return ("health", "closing", "review")[self.page - self.health_page]

    def _heading(self, page: int) -> Content:
        participant = self.participant
        return Content(
            f"{participant.name} ({participant.organisation})  —  {self._where(page)}"
        )

    def _where(self, page: int) -> str:
        total = len(self.session.rubric.indicators)
        if page < total:
            return f"Indicator {page + 1} of {total}"
        if page == self.health_page:
            return "Overall health"
        if page == self.closing_page:
            return "Closing question"
        return "Review and submit"

    # The notes box.

    def _load_text(self) -> None:
        if self.page == self.review_page:
            self._text_page = None
            return
        self._text_page = self.page
        self._text = stored_text(self.session, self.participant_id, self.page)
        notes = self.query_one("#rating-notes", TextArea)
        if self._text or notes.text:
            notes.load_text(self._text)
        else:
            # Empty before and after (no notes, the usual case): loading would
            # redraw the box and post a change for nothing on every page. Undo
            # must still not reach back into the page before.
            notes.history.clear()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Keep what is typed, and save it once typing pauses."""
        event.stop()
        if self._text_page is None:
            return
        self._text = event.text_area.text
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY_SECONDS, self.save_text)

    def save_text(self) -> None:
        """Save the notes box if its text differs from what is saved."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        page = self._text_page
        if page is None or self.phr.store is None:
            return
        if self.session.phase is not Phase.RATING:
            return
        text = self._text
        if text == stored_text(self.session, self.participant_id, page):
            return
        self.change(lambda s: write_text(s, self.participant_id, page, text))

    def on_descendant_focus(self) -> None:
        """Page keys step aside while the notes box has the keyboard."""
        self._notes_focus_changed()

    def on_descendant_blur(self) -> None:
        """Leaving the notes box saves it."""
        self.save_text()
        self._notes_focus_changed()

    def _notes_focus_changed(self) -> None:
        if self.page != self.review_page:
            self._draw_label()
            notes = self.query_one("#rating-notes", TextArea)
            if not notes.has_focus:
                # A long note, left, reads from its start.
                notes.scroll_home(animate=False)
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer only when the keys on offer change (it is costly)."""
        offered = (self._kind(), self.page == 0, self._editing())
        if offered != self._offered:
            self._offered = offered
            self.refresh_bindings()

    def _editing(self) -> bool:
        return self.focused is self.query_one("#rating-notes", TextArea)

    # Keys.

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only the keys that mean something on this page."""
        editing = self._editing()
        reviewing = self.page == self.review_page
        if action == "choose":
            choices = self._choices()
            key = str(parameters[0])
            return not editing and choices is not None and bool(choices.by_key(key))
        if action == "previous":
            return not editing and self.page > 0
        if action in ("next", "scroll_page"):
            return not editing and not reviewing
        if action == "notes":
            return not editing and not reviewing
        if action == "toggle_notes":
            return not reviewing
        if action == "review":
            return not editing and not reviewing
        if action == "submit":
            return reviewing
        if action == "done_writing":
            return editing
        if action == "leave_turn":
            return not editing
        return True

    def _choices(self) -> AnswerChoices | None:
        if self.indicator() is not None:
            return self.query_one("#rating-scale", AnswerChoices)
        if self.page == self.health_page:
            return self.query_one("#rating-levels", AnswerChoices)
        return None

    def action_choose(self, key: str) -> None:
        """A rating key records the rating and moves on."""
        choices = self._choices()
        choice = choices.by_key(key) if choices is not None else None
        if choice is not None:
            self.choose(choice.id)

    def on_answer_choices_chosen(self, event: AnswerChoices.Chosen) -> None:
        """A click on a choice records it and moves on."""
        event.stop()
        self.choose(event.choice_id)

    def choose(self, choice_id: str) -> None:
        """Record this page's answer and go to the next page."""
        self.save_text()
        pid = self.participant_id
        indicator = self.indicator()
        if indicator is not None:

            def rate(s: Session) -> bool:
                s.rate(pid, indicator.id, choice_id)
                return True

        elif self.page == self.health_page:
            note = self._text

            def rate(s: Session) -> bool:
                s.rate_health(pid, choice_id, note)
                return True

        else:
            return
        # The page is drawn once, below, not also as the change is told about:
        # a rating is a keystroke, and drawing costs part of its frame.
        self._drawn_below = True
        try:
            saved = self.change(rate)
        finally:
            self._drawn_below = False
        if saved:
            # A change made from the review goes back there, not on to the
            # next page, which was answered already.
            self.show_page(self.review_page if self._back_to_review else self.page + 1)
        elif not self._leaving:
            self.draw()

    def action_previous(self) -> None:
        """The page before."""
        self.show_page(self.page - 1)

    def action_next(self) -> None:
        """The page after, without answering this one."""
        self.show_page(self.page + 1)

    def action_goto(self, page: int) -> None:
        """A page picked from the progress strip or the review."""
        self.show_page(page)

    def action_review(self) -> None:
        """Straight to the review page."""
        self.show_page(self.review_page)

    def action_scroll_page(self, direction: int) -> None:
        """Scroll a page too long for the terminal."""
        page = self.query_one("#rating-page", PageScroll)
        # Not animated: keys pressed quickly each scroll a line, rather than
        # each restarting one animation from where the last had got to.
        if direction < 0:
            page.scroll_up(animate=False)
        else:
            page.scroll_down(animate=False)

    def action_notes(self) -> None:
        """Write in the notes box."""
        self._write(True)

    def action_toggle_notes(self) -> None:
        """Tab goes into the notes box and out again."""
        self._write(not self._editing())

    def action_done_writing(self) -> None:
        """Out of the notes box, back to the page's keys."""
        self._write(False)

    def _write(self, writing: bool) -> None:
        self.set_focus(self.query_one("#rating-notes", TextArea) if writing else None)
        # The focus events come a frame later: the label and the keys on offer
        # change in this one, with the box.
        self._notes_focus_changed()

    def action_leave_turn(self) -> None:
        """Leave the turn, after asking; the answers so far are kept."""
        self.save_text()
        self.app.push_screen(
            ConfirmDialog(
                "Leave your turn?",
                "Your answers so far are kept, and nobody sees them before the "
                "reveal. You can come back to finish or change them.",
                yes="Leave",
                no="Stay",
            ),
            self._leave_answered,
        )

    def _leave_answered(self, leave: bool | None) -> None:
        if leave:
            self.leave()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """A row of the review goes to that page."""
        event.stop()
        if event.row_key.value is not None:
            self.show_page(int(event.row_key.value))
            self._back_to_review = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Submit, or leave."""
        event.stop()
        if event.button.id == "review-submit":
            self.action_submit()
        elif event.button.id == "review-leave":
            self.action_leave_turn()

    def action_submit(self) -> None:
        """Hand in the answers, then hand back to the facilitator."""
        self.save_text()
        pid = self.participant_id
        if self.session.unanswered(pid):
            self.draw()
            return
        if self.change(lambda s: s.submit(pid) or True):
            name = self.participant.name
            self.leave()
            self.notify(
                f"Thank you, {name}: your answers are in. Please hand back to the "
                "facilitator.",
                title="Submitted",
                markup=False,
            )

    # Going away.

    def leave(self) -> None:
        """Back to the lobby, with nothing of this participant's left on screen."""
        self.save_text()
        self._leaving = True
        self._text_page = None
        self.app.clear_notifications()
        self.dismiss()

    def on_screen_suspend(self) -> None:
        """A dialog on top: keep what was typed."""
        self.save_text()

    def on_unmount(self) -> None:
        """The screen goes (or the app quits): keep what was typed."""
        self._leaving = True  # nothing is left to redraw
        self.save_text()

    def change(self, edit: Callable[[Session], T]) -> T | None:
        """Save a change to this participant's answers, while the turn lasts.

        The file is read again before each change, so a reset or reveal made
        in another window is seen here first: then nothing typed is saved over
        it, and the screen goes.
        """
        pid = self.participant_id

        def in_turn(session: Session) -> T:
            if not session.participant(pid).started_at:
                raise PhrError("This turn was ended in another window.")
            return edit(session)

        result = super().change(in_turn)
        if result is None:
            self.session_changed()
        return result

    def session_changed(self) -> None:
        """Follow a change here or in another program; leave if the turn ended."""
        if self._leaving or self.phr.store is None:
            return
        session = self.session
        try:
            participant = session.participant(self.participant_id)
        except PhrError:
            participant = None
        # Another window revealed the ratings, or reset this participant's
        # PIN (which clears their answers): the turn is over, and what was
        # being typed must not be saved over that.
        if (
            session.phase is not Phase.RATING
            or participant is None
            or not participant.started_at
        ):
            self._leaving = True
            self._text_page = None
            self.app.clear_notifications()
            self.notify(
                "This turn was ended from another window: the ratings were "
                "revealed, or the PIN was reset.",
                title="Turn ended",
                severity="warning",
            )
            self.app.call_later(self.phr.show_session)
            return
        if not self._drawn_below:
            self.draw()
