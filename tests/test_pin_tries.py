"""Guessing a PIN: after five wrong ones in a row, the next try has to wait."""

from __future__ import annotations

import pytest
from builders import make_app
from screen_text import screen_text
from test_private_phase import pick, saved, screen_name

from phr_tui.screens import handover

WAIT = "5 wrong PINs in a row: please wait"


class Clock:
    """A clock the test moves on, so a wait passes without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The hand-over's clock, moved on by the test."""
    fake = Clock()
    monkeypatch.setattr(handover, "monotonic", fake)
    return fake


@pytest.fixture
def ann_has_a_pin(store):
    """Ann Lee has started her turn and set the PIN 2468."""

    def edit(s):
        ann = s.participants[0].id
        s.start_turn(ann)
        s.set_pin(ann, "2468")

    store.change(edit)
    return store


def said(app) -> str:
    """What the screen says, its lines joined up without the card's borders."""
    return " ".join(screen_text(app).replace("█", " ").split())


async def try_pin(pilot, pin: str) -> None:
    """Type a PIN on the hand-over and press Enter."""
    await pilot.press(*pin, "enter")
    await pilot.pause()


async def test_the_sixth_try_waits_and_says_why(ann_has_a_pin, clock):
    store = ann_has_a_pin
    before = store.path.read_text(encoding="utf-8")
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        for _ in range(4):
            await try_pin(pilot, "1111")
            text = screen_text(app)
            assert "That PIN is not right" in text
            assert WAIT not in text
        await try_pin(pilot, "1111")
        text = said(app)
        assert f"{WAIT} 30 seconds before the next try." in text
        assert (
            "If the PIN is forgotten, the facilitator can reset it from the lobby "
            "(k); that clears your answers."
        ) in text

        # Even the right PIN is not taken while waiting: the field is closed.
        await try_pin(pilot, "2468")
        assert screen_name(app) == "HandoverScreen"
        assert app.screen.query_one("#handover-pin").value == ""
        clock.now += 12
        await pilot.press("enter")
        assert f"{WAIT} 18 seconds" in screen_text(app)

        # Leaving the hand-over and coming back does not end the wait.
        await pilot.press("escape")
        await pilot.pause()
        assert screen_name(app) == "LobbyScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert f"{WAIT} 18 seconds" in screen_text(app)

        clock.now += 18
        await pilot.press("enter")
        assert "You can try your PIN again now." in screen_text(app)
        # Another wrong one waits again, and says how many there have been.
        await try_pin(pilot, "1111")
        assert "6 wrong PINs in a row: please wait 30 seconds" in said(app)
        clock.now += 30
        await pilot.press("enter")
        assert "You can try your PIN again now." in screen_text(app)
        await try_pin(pilot, "2468")
        assert screen_name(app) == "RatingScreen"
    # The wrong tries are kept in memory only: nothing of them is in the file.
    after = store.path.read_text(encoding="utf-8")
    assert after == before


async def test_the_wait_ends_by_itself(ann_has_a_pin, clock):
    store = ann_has_a_pin
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        for _ in range(5):
            await try_pin(pilot, "1111")
        assert WAIT in screen_text(app)
        clock.now += 30
        # The countdown looks once a second; wait for it rather than a key.
        for _ in range(30):
            await pilot.pause(0.1)
            if "You can try your PIN again now." in screen_text(app):
                break
        assert "You can try your PIN again now." in screen_text(app)
        await try_pin(pilot, "2468")
        assert screen_name(app) == "RatingScreen"


async def test_a_pin_reset_ends_the_wait_and_a_new_pin_counts_afresh(
    ann_has_a_pin, clock
):
    store = ann_has_a_pin
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        for _ in range(5):
            await try_pin(pilot, "1111")
        assert WAIT in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k", "y")
        await pilot.pause()
        assert not saved(store).participants[0].has_pin

        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert WAIT not in text
        assert "Optional: a PIN of 4 or more digits" in text
        await try_pin(pilot, "1357")
        assert screen_name(app) == "RatingScreen"
        await pilot.press("escape", "y")
        await pilot.pause()

        # The new PIN gets its own five tries.
        await pick(pilot, 0)
        await pilot.press("enter")
        await try_pin(pilot, "1111")
        text = screen_text(app)
        assert "That PIN is not right" in text and WAIT not in text
        await try_pin(pilot, "1357")
        assert screen_name(app) == "RatingScreen"


async def test_the_right_pin_and_an_empty_enter_do_not_count(ann_has_a_pin, clock):
    store = ann_has_a_pin
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        for _ in range(4):
            await try_pin(pilot, "1111")
        # Enter with nothing typed is not a wrong PIN.
        await pilot.press("enter")
        assert "Type your PIN, then press Enter." in screen_text(app)
        await try_pin(pilot, "2468")
        assert screen_name(app) == "RatingScreen"
        await pilot.press("escape", "y")
        await pilot.pause()

        # The right PIN started the count again: four more wrong ones wait not.
        await pick(pilot, 0)
        await pilot.press("enter")
        for _ in range(4):
            await try_pin(pilot, "1111")
        assert WAIT not in screen_text(app)
        await try_pin(pilot, "1111")
        assert WAIT in screen_text(app)
