"""Fixtures shared by all tests: every session lives in the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import answer_all, make_store

from phr_tui.rubric import Rubric
from phr_tui.rubric_file import load_rubric
from phr_tui.store import SessionStore


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the real sessions folder and colours."""
    monkeypatch.setenv("PHR_SESSIONS", str(tmp_path / "sessions"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def rubric() -> Rubric:
    """The default rubric."""
    return load_rubric()


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    """An empty sessions folder."""
    folder = tmp_path / "sessions"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def store(sessions_dir: Path) -> SessionStore:
    """A saved session with three participants from two organisations."""
    return make_store(sessions_dir)


@pytest.fixture
def revealed_store(store: SessionStore) -> SessionStore:
    """A session where everyone submitted and the ratings are revealed."""
    answer_all(store)
    store.change(lambda s: s.reveal())
    return store
