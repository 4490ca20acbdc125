"""`phr open` shows its first screen without modules it does not need yet.

Start-up is measured by `benchmarks/run.py`; this test keeps the costly
imports it found from creeping back, in a fresh interpreter of its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from phr_tui.app import AppConfig, create_app
from phr_tui.store import SessionStore

async def main():
    path = Path(sys.argv[1])
    app = create_app(AppConfig(sessions_folder=path.parent), SessionStore.open(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = type(app.screen).__name__
    print(json.dumps({"screen": screen, "modules": sorted(sys.modules)}))

asyncio.run(main())
"""

NOT_AT_START = {
    "yaml": "PyYAML reads rubric files; a session's rubric copy is plain data",
    "rich._emoji_codes": "rich's emoji table, loaded when a str is read as markup",
    "textual.widgets._data_table": "DataTable; the lobby lists people in an OptionList",
    "phr_tui.screens.dialogs": "dialogs open only when asked for",
    "phr_tui.screens.handover": "the hand-over comes after the first screen",
}


def test_the_lobby_shows_without_modules_it_does_not_need(store):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(store.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "LobbyScreen"
    loaded = {
        name: why for name, why in NOT_AT_START.items() if name in seen["modules"]
    }
    assert not loaded, f"imported before they are needed: {loaded}"
