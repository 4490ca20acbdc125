"""The lobby at any size of meeting and terminal: who goes next stays in view."""

from __future__ import annotations

from builders import make_app, make_session
from screen_text import screen_text

from phr_tui.store import SessionStore

ORGS = ("Acme Learning", "Beta Schools", "Cedar Trust")


def many(sessions_dir, count: int) -> SessionStore:
    people = [(f"Participant {n + 1}", ORGS[n % 3]) for n in range(count)]
    return SessionStore.create(sessions_dir, make_session(people=people))


async def test_a_long_list_scrolls_and_keeps_the_title_and_status(sessions_dir):
    store = many(sessions_dir, 25)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(30):
            await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "Autumn review" in text and "0 of 25 submitted" in text
        assert "Participant 25" in text and "Participant 1 " not in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Over to Participant 25" in screen_text(app)


async def test_a_narrow_screen_cuts_words_before_names(sessions_dir):
    store = many(sessions_dir, 4)
    pid = store.session.participants[0].id

    def started(s):
        s.start_turn(pid)
        s.rate(pid, s.rubric.indicators[0].id, s.rubric.scale[0].id)

    store.change(started)
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Participant 1" in line)
        assert "◐ 1 of 8 rated" in row and "Acme Learning" in row
        assert any("Organisation" in line and "PIN" in line for line in lines)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "◐ in progress, 1 of 8 rated" in text
        assert "Partner organisation" in text


async def test_read_only_says_nobody_can_rate(sessions_dir):
    store = many(sessions_dir, 3)
    app = make_app(sessions_dir, open_path=store.path, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Opened read-only" in text and "nobody can rate" in text
        assert "Pick who goes next" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Over to" not in screen_text(app)


async def test_names_alike_but_for_their_ends_read_apart(sessions_dir):
    people = [
        ("Dr. Alexandra Montgomery-Smithson", "Alpha International Foundation"),
        ("Dr. Alexandra Montgomery-Smithers", "Alpha International Federation"),
    ]
    store = SessionStore.create(sessions_dir, make_session(people=people))
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        rows = [line for line in text.splitlines() if "Dr. Alex" in line]
        assert len(rows) == 3 and rows[0] != rows[1]  # two rows and "Picked:"
        assert "ithson" in rows[0] and "ithers" in rows[1]
        assert f"Picked: {people[0][0]} ({people[0][1]})" in " ".join(text.split())
        await pilot.press("down")
        await pilot.pause()
        assert f"Picked: {people[1][0]}" in " ".join(screen_text(app).split())
