"""The stylesheet in sections: the first screen looks as it would with all of them."""

from __future__ import annotations

import re

import pytest
from builders import answer_all, make_app, make_session, make_store

from phr_tui import app as app_module
from phr_tui.screens.base import SessionScreen
from phr_tui.store import SessionStore
from phr_tui.styles import SHARED, STYLESHEET, read_sections


def _added(app) -> set[str]:
    """The sections the app's stylesheet holds."""
    return {name for path, name in app.stylesheet.source if path == str(STYLESHEET)}


def test_the_sections_hold_the_whole_file_each_rule_on_its_own_line():
    text = STYLESHEET.read_text(encoding="utf-8")
    sections = read_sections()
    assert SHARED in sections and "lobby" in sections
    file_lines = text.splitlines()
    for name, css in sections.items():
        for number, line in enumerate(css.splitlines()):
            if line.strip():
                assert file_lines[number] == line, (name, number)
    rules = "".join(css.strip("\n") for css in sections.values())
    assert re.sub(r"/\* == .+? == \*/|\s", "", text).endswith(
        re.sub(r"\s", "", rules)
    )


async def _first_screen_against_all_styles(app) -> tuple[set[str], str, str]:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = _added(app)
        before = app.export_screenshot()
        app.add_styles()
        app.update_styles(app, animate=False)
        await pilot.pause()
        return first, before, app.export_screenshot()


@pytest.mark.parametrize("phase", ["home", "rating", "revealed", "review"])
async def test_a_first_screen_has_every_rule_it_needs(
    phase, monkeypatch, sessions_dir, store: SessionStore
):
    # The other sections wait until after the screenshot.
    monkeypatch.setattr(app_module, "OTHER_STYLES_SECONDS", 60)
    if phase == "revealed":
        answer_all(store)
        store.change(lambda s: s.reveal())
    if phase == "home":
        app = make_app(sessions_dir)
    elif phase == "review":
        # One file would open that session; two show the review of both.
        other = make_store(sessions_dir, make_session(title="Spring review"))
        app = make_app(sessions_dir, review_paths=(store.path, other.path))
    else:
        app = make_app(sessions_dir, open_path=store.path)
    first, before, after = await _first_screen_against_all_styles(app)
    assert SHARED in first
    assert first < set(read_sections()), "start-up should not read every section"
    assert before == after


async def test_screens_after_the_first_have_every_section(sessions_dir, store):
    app = make_app(sessions_dir, open_path=store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert _added(app) == set(read_sections())
