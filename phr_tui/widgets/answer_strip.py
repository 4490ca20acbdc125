"""The strip along the top of a private turn: every page, and which are answered.

It marks only the participant's own answers as given or not, never what
they were; each item is a link to its page.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text

from phr_tui.session import Participant, Session
from phr_tui.widgets.steady_text import SteadyText

RATED_MARK, UNRATED_MARK = "■", "□"
CURRENT_MARK = "▸"


def strip_text(session: Session, participant: Participant, page: int) -> Text:
    """The strip with `page` as the current page."""
    indicators = session.rubric.indicators
    strip = Text()

    def item(label: str, target: int, mark: str = "") -> None:
        current = target == page
        style = Style(bold=current, reverse=current) + Style.from_meta(
            {"@click": f"screen.goto({target})"}
        )
        if strip:
            strip.append(" ")
        strip.append((CURRENT_MARK if current else "") + label + mark, style=style)

    for n, indicator in enumerate(indicators):
        rated = participant.answer(indicator.id).rating is not None
        item(str(n + 1), n, RATED_MARK if rated else UNRATED_MARK)
    strip.append(" ")
    item(
        "Health",
        len(indicators),
        RATED_MARK if participant.health else UNRATED_MARK,
    )
    item("Question", len(indicators) + 1)
    item("Review", len(indicators) + 2)
    strip.append(f"   {RATED_MARK} rated", style="dim")
    return strip


class AnswerStrip(SteadyText):
    """Pages 1..n, Health, Question and Review; clicking one goes there.

    As tall as the strip is on any page, so moving on never changes its height.
    """

    _shown: tuple[Session, Participant] | None = None

    def show_page(self, session: Session, participant: Participant, page: int) -> None:
        """Draw the strip with `page` as the current page."""
        self._shown = (session, participant)
        self.show(strip_text(session, participant, page))

    def texts(self) -> Iterable[Text]:
        """The strip as it is drawn on each page."""
        if self._shown is None:
            return ()
        session, participant = self._shown
        pages = len(session.rubric.indicators) + 3
        return (strip_text(session, participant, page) for page in range(pages))
