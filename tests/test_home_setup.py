"""The home screen lists saved sessions; the setup screen creates a new one."""

from __future__ import annotations

import json
from datetime import date

from builders import make_app, make_store
from screen_text import screen_text
from textual import events

from phr_tui.rubric_file import load_rubric
from phr_tui.store import SessionStore

ENTERS_TO_CREATE = 9
"""Enter from the title through every field of an empty form reaches Create."""


async def type_text(pilot, text: str, *, keys: bool = False) -> None:
    """Put text in the focused field: pasted, or (keys=True) typed key by key.

    Pasting keeps the tests fast; Pilot cannot press keys outside the basic
    plane (emoji), which a terminal sends as a paste more often anyway.
    """
    if keys:
        await pilot.press(*text)
        return
    pilot.app.post_message(events.Paste(text))


async def fill_setup(
    pilot, title, partnership, facilitator, people, when=None, keys=False
):
    """Fill the setup form from its first field using only typing and enter."""
    await type_text(pilot, title, keys=keys)
    await pilot.press("enter")
    await type_text(pilot, partnership, keys=keys)
    await pilot.press("enter")
    if when is not None:
        await pilot.press("ctrl+u")  # clear today's date, then type another
        await type_text(pilot, when, keys=True)
    await pilot.press("enter")
    await type_text(pilot, facilitator, keys=keys)
    await pilot.press("enter", "enter")  # past the rubric: the default
    for name, organisation in people:
        await type_text(pilot, name, keys=keys)
        await pilot.press("enter")
        await type_text(pilot, organisation, keys=keys)
        await pilot.press("enter")
    # An empty name on the last row moves to Create; enter presses it.
    await pilot.press("enter", "enter")
    await pilot.pause()


# The home screen.


async def test_home_shows_an_empty_state(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "No saved sessions here yet" in text
        assert "Press n to set up a new session" in text


async def test_home_lists_sessions_and_damaged_files(sessions_dir):
    make_store(sessions_dir)
    (sessions_dir / "broken.json").write_text('{"session": {"1": {', "utf-8")
    (sessions_dir / "other.json").write_text('{"hello": 1}', "utf-8")
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "2026-12-04" in text
        assert "Autumn review" in text
        assert "Acme & Beta" in text
        assert "private rating, 0 of 3 submitted" in text
        assert "broken.json" in text and "other.json" in text
        assert "cannot be opened" in text
        assert "not a phr-tui session file" in text
        flat = " ".join(text.split())
        assert "1 session in" in flat and "2 files cannot be opened" in flat


async def test_home_opens_a_session_with_enter(sessions_dir):
    store = make_store(sessions_dir)
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LobbyScreen"
        assert app.store is not None and app.store.path == store.path
        await pilot.press("b")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.store is None
        assert "Autumn review" in screen_text(app)


async def test_home_explains_a_damaged_file_and_keeps_running(sessions_dir):
    broken = sessions_dir / "broken.json"
    broken.write_text("", "utf-8")
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "This session file cannot be opened" in text
        assert "the file is empty" in text
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert broken.read_text("utf-8") == ""


async def test_home_reloads_when_a_session_is_closed(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No saved sessions" in screen_text(app)
        make_store(sessions_dir)
        await pilot.press("r")
        await pilot.pause()
        assert "Autumn review" in screen_text(app)


# The setup screen.


async def test_setup_shows_every_problem_and_creates_nothing(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "SetupScreen"
        await pilot.press(*["enter"] * ENTERS_TO_CREATE)
        assert app.focused.id == "setup-create"
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "The session needs a title." in text
        assert "The session needs the partnership's name." in text
        assert "A session needs at least 2 participants." in text
        assert type(app.screen).__name__ == "SetupScreen"
    assert list(sessions_dir.glob("*.json")) == []


async def test_setup_names_a_missing_organisation_and_a_bad_date(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await fill_setup(
            pilot,
            "Review",
            "Acme & Beta",
            "Fay",
            [("Ann", "Acme"), ("Bo", "")],
            when="2026-13-45",
        )
        text = screen_text(app)
        assert "Bo needs a partner organisation." in text
        assert "'2026-13-45' is not a date" in text
    assert list(sessions_dir.glob("*.json")) == []


async def test_setup_shows_a_broken_rubric_in_words(sessions_dir, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\nscale: [\n", "utf-8")
    app = make_app(sessions_dir, rubric_path=broken)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "The rubric has 1 problem" in text
        assert "broken.yaml:" in text
        assert "Traceback" not in text
        await pilot.click("#setup-create")
        await pilot.pause()
        assert "The rubric cannot be used" in screen_text(app)
    assert list(sessions_dir.glob("*.json")) == []


async def test_setup_can_add_and_remove_participant_rows(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        assert len(setup.rows) == 2
        await pilot.click("#setup-add")
        await pilot.pause()
        assert len(setup.rows) == 3
        assert "3." in screen_text(app)
        second = setup.rows[1]
        await pilot.click(second.query_one(".setup-person-remove"))
        await pilot.pause()
        assert len(setup.rows) == 2
        assert [row.number for row in setup.rows] == [1, 2]


async def test_setup_creates_the_session_file(sessions_dir):
    people = [
        ("Ann Lee", "Acme Learning"),
        ("Bo Chen", "Beta Schools"),
        ("Cy Diaz", "Acme Learning"),
    ]
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert date.today().isoformat() in screen_text(app)
        await fill_setup(pilot, "Spring review", "Acme & Beta", "Fay Okafor", people)
        assert type(app.screen).__name__ == "LobbyScreen"
        text = screen_text(app)
        assert "Spring review" in text
        for name, organisation in people:
            assert name in text and organisation in text

    [path] = sessions_dir.glob("*.json")
    session = SessionStore.open(path).session
    assert session.title == "Spring review"
    assert session.partnership == "Acme & Beta"
    assert session.date == date.today().isoformat()
    assert session.facilitator == "Fay Okafor"
    assert [(p.name, p.organisation) for p in session.participants] == people
    assert session.organisations == ["Acme Learning", "Beta Schools"]
    raw = json.loads(path.read_text("utf-8"))
    assert raw["rubric"]["1"] == load_rubric().data
    assert raw["session"]["1"]["phase"] == "rating"


async def test_setup_uses_the_rubric_typed(sessions_dir, tmp_path):
    rubric_text = load_rubric().data
    rubric_text = dict(rubric_text, id="our-own", title="Our own rubric")
    import yaml

    own = tmp_path / "own.yaml"
    own.write_text(yaml.safe_dump(rubric_text, allow_unicode=True), "utf-8")
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen
        setup.query_one("#setup-title").focus()
        await type_text(pilot, "Own")
        await pilot.press("enter")
        await type_text(pilot, "P")
        await pilot.press("enter", "enter", "enter")
        await type_text(pilot, str(own))
        await pilot.press("enter")
        await pilot.pause()
        assert "Our own rubric, version 1" in screen_text(app)
        for name in ("Ann", "Bo"):
            await type_text(pilot, name)
            await pilot.press("enter")
            await type_text(pilot, "Org")
            await pilot.press("enter")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LobbyScreen"
    [path] = sessions_dir.glob("*.json")
    assert SessionStore.open(path).session.rubric.id == "our-own"


async def test_odd_text_in_names_is_shown_exactly(sessions_dir):
    people = [
        ("[bold]x[/]", "Acme [red]Learning"),
        ("Zoë 😀", "Beta Schools"),
        ("李小龙", "北京 Partners"),
        ("שלום עליכם", "Acme [red]Learning"),
    ]
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await fill_setup(pilot, "[i]Odd[/i] review", "Acme & Beta", "Fay", people)
        assert type(app.screen).__name__ == "LobbyScreen"
        text = screen_text(app)
        assert "[i]Odd[/i] review" in text
        for name, organisation in people:
            assert name in text
            assert organisation in text
    [path] = sessions_dir.glob("*.json")
    session = SessionStore.open(path).session
    assert [(p.name, p.organisation) for p in session.participants] == people


async def test_a_second_session_offers_the_earlier_next_steps(sessions_dir):
    from builders import answer_all

    earlier = make_store(sessions_dir)
    answer_all(earlier)
    earlier.change(lambda s: s.reveal())
    earlier.change(lambda s: s.add_step("Write a joint plan", "Ann Lee"))
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await fill_setup(
            pilot, "Spring review", "Acme & Beta", "Fay", [("Ann", "A"), ("Bo", "B")]
        )
        assert "Write a joint plan" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "LobbyScreen"
        new_path = app.store.path
    session = SessionStore.open(new_path).session
    assert [c.what for c in session.carried_steps] == ["Write a joint plan"]


async def test_setup_creates_with_f2_from_any_field(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert "f2 Create" in screen_text(app)  # the footer
        assert "Create session (f2)" in screen_text(app)
        await type_text(pilot, "Spring review")
        await pilot.press("enter")
        await type_text(pilot, "Acme & Beta")
        await pilot.press("enter", "enter")
        await type_text(pilot, "Fay")
        await pilot.press("enter", "enter")
        for name, organisation in [("Ann", "Acme"), ("Bo", "Beta")]:
            await type_text(pilot, name)
            await pilot.press("enter")
            await type_text(pilot, organisation)
            if name == "Ann":
                await pilot.press("enter")
        # Still in Bo's organisation field, where enter would add a row.
        assert app.focused is app.screen.rows[1].organisation_input
        await pilot.press("f2")
        await pilot.pause()
        assert type(app.screen).__name__ == "LobbyScreen"
    [path] = sessions_dir.glob("*.json")
    session = SessionStore.open(path).session
    assert [(p.name, p.organisation) for p in session.participants] == [
        ("Ann", "Acme"),
        ("Bo", "Beta"),
    ]


async def test_setup_asks_before_escape_discards_what_was_typed(sessions_dir):
    app = make_app(sessions_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        # Nothing typed: escape goes straight back.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"

        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Spring review")
        await pilot.press("escape")
        await pilot.pause()
        assert "Discard this new session?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "SetupScreen"
        assert app.screen.query_one("#setup-title").value == "Spring review"

        # The Cancel button asks too; yes discards.
        await pilot.click("#setup-cancel")
        await pilot.pause()
        assert "Discard this new session?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"
    assert list(sessions_dir.glob("*.json")) == []
