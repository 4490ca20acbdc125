"""Reopening a revealed session resumes where the facilitator was."""

from builders import make_app
from screen_text import screen_text

from phr_tui.screens.indicator import IndicatorScreen
from phr_tui.screens.reveal import RevealScreen
from phr_tui.store import SessionStore


async def test_reopening_resumes_the_order_and_the_indicator(revealed_store):
    path = revealed_store.path
    app = make_app(revealed_store.path.parent, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("o", "enter", "n")
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        where = app.screen.indicator_id
    view = SessionStore.open(path).session.view
    assert view == {"order": "disagreement", "screen": "indicator", "indicator": where}

    app = make_app(path.parent, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, IndicatorScreen)
        assert app.screen.indicator_id == where
        assert "most disagreement first order" in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        assert "most disagreement first order" in screen_text(app)
    assert SessionStore.open(path).session.view["screen"] == "overview"


async def test_a_damaged_view_is_forgotten_not_fatal(revealed_store):
    import json

    data = json.loads(revealed_store.path.read_text("utf-8"))
    data["session"]["1"]["view"] = ["not", "a", "view"]
    revealed_store.path.write_text(json.dumps(data), "utf-8")
    assert SessionStore.open(revealed_store.path).session.view == {}
