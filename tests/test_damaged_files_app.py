"""The app meets damaged session files: it explains, offers the good copy, runs on."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import answer_all, make_app
from data.damaged_sessions import DAMAGES, Damage, damage_file
from screen_text import screen_text

from phr_tui.app import AppConfig, create_app
from phr_tui.screens.dialogs import ConfirmDialog, MessageDialog
from phr_tui.screens.home import HomeScreen
from phr_tui.screens.lobby import LobbyScreen
from phr_tui.storage import backup_path
from phr_tui.store import SessionStore

BORDERS = "█▎▊▌▐▔▁▀▄│ "


def words_on_screen(app) -> str:
    """The screen's text with borders gone and wrapped lines joined by spaces."""
    lines = (line.strip(BORDERS) for line in screen_text(app).splitlines())
    return " ".join(" ".join(line for line in lines if line).split())


def short(path: Path) -> Path:
    """The path from the test's own folder, so messages fit without folding."""
    return path.relative_to(Path.cwd())


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
async def test_a_damaged_file_is_explained_and_the_app_runs_on(store, damage: Damage):
    raw = damage_file(store.path, damage)
    path = short(store.path)
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.open_session(path) is False
        await pilot.pause()

        assert isinstance(app.screen, MessageDialog)
        seen = words_on_screen(app)
        assert "This session file cannot be opened" in seen
        assert f"{path}: " in seen
        assert " ".join(damage.says.split()) in seen
        assert "Traceback" not in seen

        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.store is None
        assert app.is_running

    assert store.path.read_bytes() == raw


async def test_the_home_screen_lists_and_explains_a_damaged_file(store):
    damage_file(store.path, DAMAGES[0])
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listed = words_on_screen(app)
        assert f"{store.path.name} cannot be opened" in listed
        assert "the file is empty" in listed

        await pilot.press("enter")
        await pilot.pause()

        assert isinstance(app.screen, MessageDialog)
        assert "the file is empty" in words_on_screen(app)
    assert store.path.read_bytes() == b""


async def test_the_last_good_copy_is_offered_and_restored(store):
    answer_all(store)
    good = backup_path(store.path).read_bytes()
    damaged = damage_file(store.path, DAMAGES[2])
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.open_session(short(store.path))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        seen = words_on_screen(app)
        assert "cut short" in seen
        assert f"A last good copy exists: {short(backup_path(store.path))}" in seen
        assert "Restore the last good copy?" in seen

        await pilot.press("y")
        await pilot.pause()

        assert isinstance(app.screen, LobbyScreen)
        assert app.store is not None
        assert "Autumn review" in words_on_screen(app)
        assert "The damaged file is kept as" in words_on_screen(app)

    assert store.path.read_bytes() == good
    [kept] = store.path.parent.glob(f"{store.path.name}.damaged-*")
    assert kept.read_bytes() == damaged


async def test_leaving_a_damaged_file_changes_nothing(store):
    answer_all(store)
    damaged = damage_file(store.path, DAMAGES[4])
    before = sorted(p.name for p in store.path.parent.iterdir())
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(short(store.path))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)

        await pilot.press("n")
        await pilot.pause()

        assert isinstance(app.screen, HomeScreen)
        assert app.store is None

    assert store.path.read_bytes() == damaged
    assert sorted(p.name for p in store.path.parent.iterdir()) == before


async def test_a_newer_format_is_not_offered_an_older_copy(store):
    answer_all(store)
    newer = next(d for d in DAMAGES if d.name == "a newer format")
    damage_file(store.path, newer)
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_session(short(store.path))
        await pilot.pause()

        assert isinstance(app.screen, MessageDialog)
        seen = words_on_screen(app)
        assert "Update phr-tui to open it" in seen
        assert "last good copy" not in seen


async def test_a_folder_and_a_missing_file_are_explained(sessions_dir):
    folder = Path("sessions") / "2026-01-01-folder.json"
    folder.mkdir()
    app = make_app(Path("sessions"))

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for path, says in (
            (folder, "this is a folder"),
            (Path("gone.json"), "no such"),
        ):
            app.open_session(path)
            await pilot.pause()
            assert isinstance(app.screen, MessageDialog)
            assert says in words_on_screen(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_a_file_damaged_while_open_is_not_written(store):
    app = make_app(Path("sessions"))
    pid = store.session.participants[0].id

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.open_session(short(store.path))
        await pilot.pause()
        raw = damage_file(store.path, DAMAGES[3])

        assert app.change(lambda s: s.start_turn(pid)) is None
        await pilot.pause()

        seen = words_on_screen(app)
        assert "does not hold JSON" in seen
        assert "was not saved" in seen
        assert app.is_running
    assert store.path.read_bytes() == raw


async def test_a_store_opened_by_the_command_line_is_shown(store):
    opened = SessionStore.open(store.path)
    app = create_app(AppConfig(sessions_folder=Path("sessions")), opened)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        assert app.store is opened
