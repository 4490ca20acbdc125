"""`kill -9` in the middle of saving never tears a session or loses a saved change.

A child process saves a large session over and over, printing each change's
number once `store.change` has returned (the change was reported saved). The
test kills it with SIGKILL at a random moment, then checks that the file opens
and holds every change reported saved. PHR_CRASH_TRIALS sets how many times
(25 by default, to keep CI quick); PHR_CRASH_SEED repeats a run.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import make_session

from phr_tui.storage import backup_path, temporary_files
from phr_tui.store import SessionStore, load_session

ROOT = Path(__file__).resolve().parent.parent
TRIALS = int(os.environ.get("PHR_CRASH_TRIALS", "25"))
NOTE = "n" * 2000

SAVER = """
import sys
from phr_tui.store import SessionStore

path, number = sys.argv[1], int(sys.argv[2])
store = SessionStore.open(path)
people = [p.id for p in store.session.participants]
indicators = [i.id for i in store.session.rubric.indicators]
filler = "x" * 1900
print("ready", flush=True)
while True:
    slot = number % (len(people) * len(indicators))
    pid = people[slot // len(indicators)]
    iid = indicators[slot % len(indicators)]
    store.change(lambda s: s.write_note(pid, iid, f"change {number} {filler}"))
    print(number, flush=True)
    number += 1
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def big_session_file(folder: Path) -> Path:
    """A session of 30 participants with a 2,000-character note on everything."""
    people = [(f"Person {n}", f"Organisation {n % 3}") for n in range(30)]
    session = make_session(people=people)
    for participant in session.participants:
        session.start_turn(participant.id)
        for indicator in session.rubric.indicators:
            session.rate(participant.id, indicator.id, "working-well")
            session.write_note(participant.id, indicator.id, NOTE)
    return SessionStore.create(folder, session).path


def notes_on_disk(path: Path) -> dict[int, int]:
    """Each slot's latest change number (-1 for none), from the file as it is."""
    session = SessionStore.open(path, read_only=True).session
    indicators = [i.id for i in session.rubric.indicators]
    found = {}
    for p, participant in enumerate(session.participants):
        for i, indicator in enumerate(indicators):
            note = participant.answer(indicator).note
            number = int(note.split()[1]) if note.startswith("change ") else -1
            found[p * len(indicators) + i] = number
    return found


def run_and_kill(path: Path, first: int, delay: float) -> list[int]:
    """Start a saver, kill it `delay` seconds after it is ready; what it reported."""
    child = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(path), str(first)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    assert ready == "ready\n", child.communicate()[1]
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL, err
    return [int(line) for line in out.split()]


def test_kill_9_while_saving_loses_nothing_reported_saved(sessions_dir):
    seed = int(os.environ.get("PHR_CRASH_SEED", random.randrange(1 << 30)))
    chance = random.Random(seed)
    path = big_session_file(sessions_dir)
    state = notes_on_disk(path)
    slots = len(state)
    first = 0
    saved_in_all = 0

    for trial in range(TRIALS):
        reported = run_and_kill(path, first, chance.uniform(0.0, 0.15))
        where = f"trial {trial}, seed {seed}"
        assert reported == list(range(first, first + len(reported))), where
        saved_in_all += len(reported)

        expected = dict(state)
        for number in reported:
            expected[number % slots] = number
        # The change after the last reported one may have reached the disk
        # just before the kill, without being reported.
        in_flight = first + len(reported)
        found = notes_on_disk(path)
        for slot, number in found.items():
            allowed = {expected[slot]}
            if slot == in_flight % slots:
                allowed.add(in_flight)
            assert number in allowed, f"{where}: slot {slot} holds change {number}"

        backup = backup_path(path)
        if backup.exists():
            load_session(backup)
        assert len(temporary_files(path)) <= 1, where
        state = found
        first = in_flight + 1

    assert saved_in_all > TRIALS, "the savers were killed before saving anything"
    # The next save sweeps what a killed save left behind.
    store = SessionStore.open(path)
    pid = store.session.participants[0].id
    store.change(lambda s: s.write_note(pid, "financial", "after the crashes"))
    assert temporary_files(path) == []
