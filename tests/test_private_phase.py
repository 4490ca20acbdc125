"""The private phase driven by keys: turns, PINs, coming back, and the reveal."""

from __future__ import annotations

import re

from builders import make_app
from screen_text import screen_text
from textual import events

from phr_tui.session import Phase, Progress
from phr_tui.storage import backup_path
from phr_tui.store import SessionStore

KEY_OF = {"working-well": "1", "could-be-strengthened": "2", "questions-or-issues": "3"}


def saved(store):
    """The session as it is in the file now."""
    return SessionStore.open(store.path).session


def screen_name(app) -> str:
    return type(app.screen).__name__


def fill(store, row: int, *, submit: bool) -> None:
    """Through the model: a participant rates every indicator ★ (and submits)."""

    def edit(s):
        pid = s.participants[row].id
        s.start_turn(pid)
        for indicator in s.rubric.indicators:
            s.rate(pid, indicator.id, "working-well")
        if submit:
            s.rate_health(pid, "strong-strategic", "")
            s.submit(pid)

    store.change(edit)


async def pick(pilot, row: int) -> None:
    """Move the lobby's cursor to a participant's row, by keys."""
    people = pilot.app.screen.query_one("#lobby-people")
    while people.highlighted > row:
        await pilot.press("up")
    while people.highlighted < row:
        await pilot.press("down")


async def begin(pilot, row: int, pin: str = "") -> None:
    """From the lobby, hand over to a participant and start their turn."""
    await pick(pilot, row)
    await pilot.press("enter")
    assert screen_name(pilot.app) == "HandoverScreen"
    if pin:
        await pilot.press(*pin)
    await pilot.press("enter")
    await pilot.pause()


async def write_notes(pilot, text: str) -> None:
    """Open the notes box, paste the text, and leave the box with escape."""
    await pilot.press("n")
    pilot.app.post_message(events.Paste(text))
    await pilot.press("escape")


async def test_a_whole_private_phase_by_keys(store):
    plan = {
        "Ann Lee": ("12312312", "2", "Ann: pipeline is thin"),
        "Bo Chen": ("33221133", "4", "Bo: [bold]not[/] aligned 😀"),
        "Cy Diaz": ("11111111", "1", ""),
    }
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert screen_name(app) == "LobbyScreen"
        for row, (name, (ratings, health, note)) in enumerate(plan.items()):
            await pick(pilot, row)
            await pilot.press("enter")
            assert f"Over to {name}" in screen_text(app)
            # From the hand-over to submitted, every key a participant presses:
            keys = ["enter", *ratings, health, "right", "s"]
            if note:
                await pilot.press(keys.pop(0))
                await write_notes(pilot, note)
            await pilot.press(*keys)
            await pilot.pause()
            assert screen_name(app) == "LobbyScreen"
            if not note:
                assert len(keys) <= 2 * len(ratings)

            session = saved(store)
            person = session.participants[row]
            assert person.name == name
            assert person.progress is Progress.SUBMITTED
            rubric = session.rubric
            given = "".join(
                KEY_OF[person.answer(i.id).rating] for i in rubric.indicators
            )
            assert given == ratings
            assert person.answer("financial").note == note
            assert person.health == rubric.health_levels[int(health) - 1].id
            later = session.participants[row + 1 :]
            assert all(p.progress is Progress.NOT_STARTED for p in later)
            if row < 2:
                assert f"{row + 1} of 3 submitted" in screen_text(app)

        assert "Everyone has submitted" in screen_text(app)
        await pilot.press("v")
        assert "Reveal the ratings?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert screen_name(app) == "RevealScreen"
    assert saved(store).phase is Phase.REVEALED


async def test_reveal_before_everyone_names_who_is_missing(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, 0)
        await pilot.press("1", "2", "escape", "y")
        await pilot.pause()
        assert "in progress, 2 of 8 rated" in screen_text(app)
        await pilot.press("v")
        text = screen_text(app)
        assert "Reveal before everyone has submitted?" in text
        for name in ("Ann Lee", "Bo Chen", "Cy Diaz"):
            assert name in text
        await pilot.press("n")
        assert screen_name(app) == "LobbyScreen"
        assert saved(store).phase is Phase.RATING
        await pilot.press("v", "y")
        await pilot.pause()
        assert screen_name(app) == "RevealScreen"
    assert saved(store).phase is Phase.REVEALED


async def test_a_pin_is_set_checked_and_reset(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await begin(pilot, 0, pin="12")
        assert "A PIN is 4 or more digits" in screen_text(app)
        assert saved(store).participants[0].progress is Progress.NOT_STARTED
        # The refused digits are cleared, so a retry is the PIN as typed.
        assert app.screen.query_one("#handover-pin").value == ""
        await pilot.press("escape")
        await begin(pilot, 0, pin="2468")
        assert screen_name(app) == "RatingScreen"
        await pilot.press("1", "escape", "y")
        await pilot.pause()
        ann = saved(store).participants[0]
        assert ann.has_pin and ann.answer("financial").rating == "working-well"
        assert "set" in screen_text(app)  # the PIN column, not the PIN

        # A wrong PIN is refused, on the screen and in the file.
        await begin(pilot, 0, pin="1111")
        assert screen_name(app) == "HandoverScreen"
        assert "That PIN is not right" in screen_text(app)
        await pilot.press(*"2468", "enter")
        await pilot.pause()
        assert screen_name(app) == "RatingScreen"
        assert "Indicator 2 of 8" in screen_text(app)
        await pilot.press("escape", "y")
        await pilot.pause()

        # Resetting the PIN clears the answers instead of showing them, from
        # the file's backup (the version before the last save) too.
        backup = backup_path(store.path)
        pin_hash = saved(store).participants[0].pin_hash
        assert pin_hash in backup.read_text(encoding="utf-8")
        await pick(pilot, 0)
        await pilot.press("k")
        assert "Reset Ann Lee's PIN?" in screen_text(app)
        assert "answers are cleared" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        ann = saved(store).participants[0]
        assert not ann.has_pin
        assert ann.answers == {} and ann.progress is Progress.NOT_STARTED
        assert "not started" in screen_text(app)
        for copy in (store.path, backup):
            assert pin_hash not in copy.read_text(encoding="utf-8")

        # Without a PIN there is nothing to reset.
        await pick(pilot, 1)
        await pilot.press("k")
        await pilot.pause()
        assert "Bo Chen has no PIN to reset" in screen_text(app)


async def test_coming_back_after_submitting_to_change_an_answer(store):
    fill(store, 0, submit=True)
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        assert "You have submitted your answers" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Review and submit" in screen_text(app)
        assert "Submitted. You can still change anything" in screen_text(app)
        await pilot.press("down", "down", "enter")  # the third indicator
        assert "Indicator 3 of 8" in screen_text(app)
        await pilot.press("3")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert screen_name(app) == "LobbyScreen"
    ann = saved(store).participants[0]
    assert ann.answer("customer-impact").rating == "questions-or-issues"
    assert ann.progress is Progress.SUBMITTED


async def test_moving_between_pages_and_notes_keep_everything(store):
    long_note = "line one [x]\n" + "😀 李 [x] " * 3000 + "\nend"
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, 0)
        await pilot.press("right", "right")
        assert "Indicator 3 of 8" in screen_text(app)
        await pilot.press("left")
        assert "Indicator 2 of 8" in screen_text(app)
        await write_notes(pilot, long_note)
        await pilot.press("2")
        assert "Indicator 3 of 8" in screen_text(app)
        await pilot.press("p")
        text = screen_text(app)
        assert "▶ (2) ✓ Generally functioning" in text
        assert "line one [x]" in text

        # Submitting with gaps is refused, saying what is left.
        await pilot.press("r", "s")
        text = screen_text(app)
        assert screen_name(app) == "RatingScreen"
        assert "Still to rate before you can submit" in text
        assert "7 indicators and the overall health" in text
    ann = saved(store).participants[0]
    answer = ann.answer("customer-satisfaction")
    assert answer.note == long_note and len(long_note) > 20_000
    assert answer.rating == "could-be-strengthened"
    assert ann.progress is Progress.IN_PROGRESS


async def test_overall_health_note_and_closing_answer_are_saved(store):
    fill(store, 0, submit=False)
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await begin(pilot, 0)
        assert "Overall health" in screen_text(app)
        await write_notes(pilot, "health: fragile but hopeful")
        await pilot.press("3")
        assert "What are the implications" in screen_text(app)
        await pilot.press("tab")
        pilot.app.post_message(events.Paste("Meet monthly"))
        await pilot.press("tab", "right")
        assert "Review and submit" in screen_text(app)
        assert "Meet monthly" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
    ann = saved(store).participants[0]
    assert ann.health == "developing-inconsistent"
    assert ann.health_note == "health: fragile but hopeful"
    assert ann.implications == "Meet monthly"
    assert ann.progress is Progress.SUBMITTED


async def test_the_mouse_rates_and_a_quit_keeps_typed_notes(store):
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        # A click on a participant's row (Ann's is the first) begins their turn.
        await pilot.click("#lobby-people", offset=(3, 0))
        await pilot.pause()
        await pilot.click("#handover-begin")
        await pilot.pause()
        assert screen_name(app) == "RatingScreen"
        choices = app.screen.query(".answer-choice")
        await pilot.click(choices[2])
        await pilot.pause()
        assert "Indicator 2 of 8" in screen_text(app)
        # Quit straight after typing, before the pause that would save it.
        await pilot.press("n", *"quick", "enter", *"note")
        await pilot.press("ctrl+q")
    ann = saved(store).participants[0]
    assert ann.answer("financial").rating == "questions-or-issues"
    assert ann.answer("customer-satisfaction").note == "quick\nnote"


def read(text: str) -> str:
    """Screen text as one line of words, without borders, bars or line breaks."""
    return " ".join(re.sub(r"[█│╭╮╰╯─▁▂▃▄▅▆▇▔▊▎]+", " ", text).split())


async def test_the_handover_shows_how_to_fill_in_the_form(store):
    app = make_app(store.path.parent, open_path=store.path)
    # The smallest terminal phr works in: the guidance has the least room.
    async with app.run_test(size=(60, 20)) as pilot:
        await pick(pilot, 0)
        await pilot.press("enter")
        await pilot.pause()
        seen = read(screen_text(app))
        assert "Before you begin" in seen
        assert "This self-reflection is designed to support" in seen
        assert "↓ Read on" in seen  # the footer
        # The arrows read on, the PIN field and the buttons staying in view.
        wanted = {
            "current reality, not the ideal state.",
            "learning and improvement—not evaluation",
            "Diverse perspectives are expected and valued",
        }
        for _ in range(30):
            await pilot.press("down", "down")
            await pilot.pause()
            seen = read(screen_text(app))
            assert "Begin (enter)" in seen and "PIN" in seen
            wanted -= {words for words in wanted if words in seen}
            if not wanted:
                break
        assert not wanted
        # Reading adds nothing to the way in: enter still begins.
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(app) == "RatingScreen"


async def test_the_last_participants_thanks_do_not_greet_the_next(store):
    fill(store, 0, submit=False)
    app = make_app(store.path.parent, open_path=store.path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await begin(pilot, 0)
        await pilot.press("1", "right", "s")
        await pilot.pause()
        assert screen_name(app) == "LobbyScreen"
        assert "Thank you, Ann Lee" in screen_text(app)
        await pick(pilot, 1)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Over to Bo Chen" in text
        assert "Thank you" not in text
        assert "Before you begin" in text
        assert "This self-reflection is designed to support" in text


async def test_a_session_opened_read_only_offers_no_turns(sessions_dir):
    from builders import make_app, make_store
    from screen_text import screen_text

    from phr_tui.session import Progress
    from phr_tui.store import SessionStore

    store = make_store(sessions_dir)
    before = store.path.read_bytes()
    app = make_app(sessions_dir, open_path=store.path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "read-only" in text
        assert "Begin turn" not in text.split("\n")[-1]  # not in the footer
        await pilot.press("enter", "v", "k")
        await pilot.pause()
        assert type(app.screen).__name__ == "LobbyScreen"
    assert store.path.read_bytes() == before
    reopened = SessionStore.open(store.path).session
    assert all(p.progress is Progress.NOT_STARTED for p in reopened.participants)
