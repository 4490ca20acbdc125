"""Two programs on one session file keep each other's changes and never tear it."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

import phr_tui.file_lock as file_lock_module
from phr_tui.errors import SessionBusyError
from phr_tui.store import SessionStore, load_session

ROOT = Path(__file__).resolve().parent.parent
CHANGES = 40

FACILITATOR = """
import sys
from phr_tui.store import SessionStore

path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
indicators = sys.argv[4].split(",")
store = SessionStore.open(path)
print("ready", flush=True)
sys.stdin.readline()
for number in range(count):
    mine = indicators[number % len(indicators)]

    def edit(s, number=number, mine=mine):
        # The same list for both, a part of its own, and one field for both.
        s.add_step(f"{name} step {number}", name, "", None)
        s.discuss(mine, f"{name} on {mine} {number}", None)
        s.discuss_overall(f"{name} overall {number}", None, "")

    store.change(edit)
print("done", flush=True)
"""


def start(path: Path, name: str, indicators: list[str]) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            FACILITATOR,
            str(path),
            name,
            str(CHANGES),
            ",".join(indicators),
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n", child.communicate()[1]
    return child


def test_two_processes_keep_each_others_changes(revealed_store):
    path = revealed_store.path
    indicators = [i.id for i in revealed_store.session.rubric.indicators]
    halves = {"Ann": indicators[:4], "Bo": indicators[4:]}
    children = {name: start(path, name, part) for name, part in halves.items()}

    for child in children.values():
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    # Meanwhile this program reads the file over and over, as the app's
    # polling does: it must always open whole.
    viewer = SessionStore.open(path, read_only=True)
    seen_changes = 0
    while any(child.poll() is None for child in children.values()):
        load_session(path)
        seen_changes += viewer.refresh()
    for name, child in children.items():
        out, err = child.communicate(timeout=30)
        assert child.returncode == 0, f"{name}: {err}"
        assert out.strip() == "done"

    session = load_session(path)
    steps = sorted(step.what for step in session.next_steps)
    expected = sorted(f"{n} step {k}" for n in halves for k in range(CHANGES))
    assert steps == expected, "a next step one program added was lost"
    for name, part in halves.items():
        for position, indicator in enumerate(part):
            last = max(k for k in range(CHANGES) if k % len(part) == position)
            notes = session.discussion(indicator).notes
            assert notes == f"{name} on {indicator} {last}"
    assert session.overall.notes in {f"{name} overall {CHANGES - 1}" for name in halves}
    json.loads(path.read_text(encoding="utf-8"))

    assert seen_changes > 0
    viewer.refresh()
    assert viewer.session.to_docs() == session.to_docs()


def test_refresh_shows_what_another_process_saved(store):
    pid = store.session.participants[1].id
    script = (
        "import sys\n"
        "from phr_tui.store import SessionStore\n"
        "store = SessionStore.open(sys.argv[1])\n"
        "pid = sys.argv[2]\n"
        "store.change(lambda s: (s.start_turn(pid), s.write_note(pid, 'financial',"
        " 'from the other terminal')))\n"
    )
    assert not store.refresh()

    subprocess.run(
        [sys.executable, "-c", script, str(store.path), pid], cwd=ROOT, check=True
    )

    assert store.refresh()
    note = store.session.participant(pid).answer("financial").note
    assert note == "from the other terminal"
    assert not store.refresh()


def test_a_lock_held_too_long_is_a_message(store, monkeypatch):
    monkeypatch.setattr(file_lock_module, "LOCK_WAIT_SECONDS", 0.2)
    before = store.path.read_bytes()
    lock_path = store.path.with_name(f".{store.path.name}.lock")
    pid = store.session.participants[0].id

    with open(lock_path, "a") as other_program:
        fcntl.flock(other_program, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(SessionBusyError, match="Try again in a moment"):
            store.change(lambda s: s.start_turn(pid))
        assert time.monotonic() - started < 2

    assert store.path.read_bytes() == before
    assert store.session.participant(pid).started_at is None
    store.change(lambda s: s.start_turn(pid))
    assert load_session(store.path).participant(pid).started_at is not None
