"""Walk every screen of the private phase: nothing of another participant shows.

Ann and Bo have answered, with notes no other text could contain. While Cy
takes a turn, the test visits the lobby, the home screen, hand-overs (with a
PIN prompt), every page of Cy's rating screen, the review, and every dialog,
and reads the whole screen, notifications included, each time.
"""

from __future__ import annotations

import pytest
from builders import make_app
from screen_text import screen_text

from phr_tui.app import OUTSIDE_CHANGE_SECONDS
from phr_tui.rubric_file import load_rubric
from phr_tui.session import Progress
from phr_tui.store import SessionStore

RUBRIC = load_rubric()
INDICATORS = RUBRIC.indicators
ANSWERS = {
    "Ann Lee": ("working-well", "strong-strategic"),
    "Bo Chen": ("questions-or-issues", "misaligned-fragile"),
}
"""What Ann and Bo answered: the same rating everywhere, and a health level."""


def secrets_of(name: str) -> list[str]:
    """Every note, health note and answer a participant wrote, all distinctive."""
    tag = name.split()[0].upper()
    notes = [f"{tag}-NOTE-{n}-zq" for n in range(len(INDICATORS))]
    return [*notes, f"{tag}-HEALTH-zq", f"{tag}-CLOSING-zq"]


OTHERS_SECRETS = secrets_of("Ann Lee") + secrets_of("Bo Chen")
CY_SECRETS = secrets_of("Cy Diaz")
OTHERS_RATINGS = [
    RUBRIC.rating(ANSWERS["Ann Lee"][0]).symbol,
    RUBRIC.rating(ANSWERS["Ann Lee"][0]).label,
    RUBRIC.rating(ANSWERS["Bo Chen"][0]).label,
]
"""Ann's and Bo's rating as symbol and words (Bo's '?' is too common to test)."""
HEALTH_WORDS = [level.name for level in RUBRIC.health_levels]
CY_RATING = "could-be-strengthened"


@pytest.fixture
def answered(store: SessionStore) -> SessionStore:
    """Ann (with a PIN) and Bo have submitted; Cy has not started."""

    def answer(s, name: str, rating: str, level: str, pin: str | None) -> None:
        person = next(p for p in s.participants if p.name == name)
        s.start_turn(person.id)
        if pin:
            s.set_pin(person.id, pin)
        secrets = secrets_of(name)
        for indicator, note in zip(INDICATORS, secrets, strict=False):
            s.rate(person.id, indicator.id, rating)
            s.write_note(person.id, indicator.id, note)
        s.rate_health(person.id, level, secrets[-2])
        s.answer_implications(person.id, secrets[-1])
        s.submit(person.id)

    store.change(lambda s: answer(s, "Ann Lee", *ANSWERS["Ann Lee"], "9999"))
    store.change(lambda s: answer(s, "Bo Chen", *ANSWERS["Bo Chen"], None))
    return store


class Walk:
    """Reads the screen at every step and remembers where it has been."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: list[str] = []

    def check(self, where: str, *, allow: tuple[str, ...] = ()) -> str:
        """Nothing of Ann's or Bo's shows; rating words only where allowed."""
        text = screen_text(self.app)
        self.seen.append(where)
        for secret in OTHERS_SECRETS:
            assert secret not in text, f"{secret} shows on {where}"
        for word in OTHERS_RATINGS + HEALTH_WORDS:
            if word not in allow:
                assert word not in text, f"'{word}' shows on {where}"
        return text


async def test_nothing_of_another_participant_shows_anywhere(answered):
    app = make_app(answered.path.parent, open_path=answered.path)
    walk = Walk(app)
    scale_words = tuple(OTHERS_RATINGS)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        text = walk.check("the lobby")
        assert "2 of 3 submitted" in text

        # The home screen, and back.
        await pilot.press("b")
        await pilot.pause()
        assert "2 of 3 submitted" in walk.check("the home screen")
        await pilot.press("enter")
        await pilot.pause()

        # Dialogs the facilitator can open from the lobby.
        await pilot.press("v")
        assert "Cy Diaz" in walk.check("the early-reveal dialog")
        await pilot.press("n")
        await pilot.press("up", "up", "k")
        assert "Reset Ann Lee's PIN?" in walk.check("the reset-PIN dialog")
        await pilot.press("n")
        await pilot.press("x")
        walk.check("the export dialog")
        await pilot.press("escape")

        # Ann's hand-over asks for her PIN and shows nothing else.
        await pilot.press("enter")
        assert "Enter your PIN" in walk.check("Ann's PIN prompt")
        await pilot.press(*"1234", "enter")
        assert "not right" in walk.check("a refused PIN")
        await pilot.press("escape")

        # Cy's turn: every page, before and after rating it.
        await pilot.press("down", "down", "enter")
        assert "Over to Cy Diaz" in walk.check("Cy's hand-over")
        await pilot.press("enter")
        await pilot.pause()
        for n in range(len(INDICATORS)):
            text = walk.check(f"indicator {n + 1}, unrated", allow=scale_words)
            assert f"Indicator {n + 1} of {len(INDICATORS)}" in text
            assert "(chosen)" not in text and "▶" not in text
            if n == 2:
                await pilot.press("n")
                walk.check("the notes box", allow=scale_words)
                await pilot.press(*"cy-own", "escape")
            if n % 2:
                await pilot.press("right")  # left unrated
            else:
                await pilot.press("2")
        text = walk.check("overall health", allow=scale_words + tuple(HEALTH_WORDS))
        assert "(chosen)" not in text
        await pilot.press("left")
        walk.check("an indicator Cy left unrated", allow=scale_words)
        await pilot.press("left")
        text = walk.check("an indicator Cy rated", allow=scale_words)
        assert "▶ (2) ✓" in text and text.count("(chosen)") == 1
        await pilot.press("r")
        text = walk.check("Cy's review")
        assert "(not rated yet)" in text and "✓ Generally function" in text
        await pilot.press("x")
        # The export key is off during a private turn: it is not the
        # participant's to use, and it keeps the footer to their own keys.
        assert type(app.screen).__name__ == "RatingScreen"
        walk.check("Cy's review after x")
        await pilot.press("escape")
        assert "Leave your turn?" in walk.check("the leave dialog")
        await pilot.press("n", "left")
        walk.check("the closing question")
        await pilot.press("left")
        walk.check("overall health again", allow=tuple(HEALTH_WORDS) + scale_words)

        # Cy leaves, comes back, finishes and submits.
        await pilot.press("escape", "y")
        await pilot.pause()
        text = walk.check("the lobby after Cy left")
        assert "cy-own" not in text and "in progress" in text
        await pilot.press("enter")
        walk.check("Cy's hand-over, coming back")
        await pilot.press("enter")
        await pilot.pause()
        walk.check("Cy's first unrated indicator", allow=scale_words)
        await pilot.press("r")
        for row in range(1, len(INDICATORS), 2):
            await pilot.press("home", *["down"] * row, "enter", "2", "r")
        await pilot.press("end", "up", "enter")
        await pilot.press("2", "right", "s")
        await pilot.pause()
        text = walk.check("the lobby after Cy submitted")
        assert "cy-own" not in text
        assert "Everyone has submitted" in text

    assert len(walk.seen) >= 20
    session = SessionStore.open(answered.path).session
    cy = session.participants[2]
    assert cy.progress is Progress.SUBMITTED
    assert {cy.answer(i.id).rating for i in INDICATORS} == {CY_RATING}
    assert cy.answer(INDICATORS[2].id).note == "cy-own"


async def test_the_check_would_catch_a_leak(answered):
    """The walk's check fails when another participant's note is on screen."""
    app = make_app(answered.path.parent, open_path=answered.path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notify(OTHERS_SECRETS[0], markup=False)
        await pilot.pause()
        with pytest.raises(AssertionError):
            Walk(app).check("a screen with a leak")


def test_the_secrets_are_distinctive():
    """No secret is part of another, and none is a word the app might show."""
    everything = OTHERS_SECRETS + CY_SECRETS
    assert len(set(everything)) == len(everything)
    for secret in everything:
        assert sum(secret in other for other in everything) == 1
    assert not [c for c in CY_SECRETS if c in "cy-own"]


async def test_a_reset_in_another_window_ends_the_turn_on_screen(store):
    """The facilitator resets a PIN from a second terminal mid-turn."""
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", *"4321", "enter")
        await pilot.pause()
        await pilot.press("1", "n", *"ann-typing")
        assert "ann-typing" in screen_text(app)

        other = SessionStore.open(store.path)
        other.change(lambda s: s.reset_pin(s.participants[0].id))
        await pilot.pause(OUTSIDE_CHANGE_SECONDS + 0.5)
        text = screen_text(app)
        assert type(app.screen).__name__ == "LobbyScreen"
        assert "ann-typing" not in text
        assert "Working well overall" not in text
    ann = SessionStore.open(store.path).session.participants[0]
    assert ann.answers == {} and not ann.has_pin
