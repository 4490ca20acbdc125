"""Sessions and apps for tests, built through the same code users run."""

from __future__ import annotations

from pathlib import Path

from phr_tui.app import AppConfig, PhrApp, create_app
from phr_tui.rubric import Rubric
from phr_tui.rubric_file import load_rubric
from phr_tui.session import Session
from phr_tui.store import SessionStore

PEOPLE = (
    ("Ann Lee", "Acme Learning"),
    ("Bo Chen", "Beta Schools"),
    ("Cy Diaz", "Acme Learning"),
)
"""Three participants from two partner organisations."""


def make_session(
    rubric: Rubric | None = None, people=PEOPLE, title="Autumn review"
) -> Session:
    """A new session in the private phase, nobody started."""
    return Session.create(
        rubric or load_rubric(),
        title=title,
        partnership="Acme & Beta",
        facilitator="Fay Okafor",
        participants=list(people),
        on="2026-12-04",
    )


def make_store(folder: Path, session: Session | None = None) -> SessionStore:
    """A new session saved in `folder`."""
    return SessionStore.create(folder, session or make_session())


def answer_all(
    store: SessionStore, ratings: dict[str, list[str]] | None = None
) -> None:
    """Every participant rates every indicator and submits.

    `ratings` maps a participant's name to rating ids in rubric order; anyone
    not named rates every indicator by its position on the scale, cycling.
    """
    rubric = store.session.rubric
    scale = [r.id for r in rubric.scale]
    for n, participant in enumerate(store.session.participants):
        chosen = (ratings or {}).get(participant.name) or [
            scale[(n + m) % len(scale)] for m in range(len(rubric.indicators))
        ]

        def fill(
            s: Session, pid=participant.id, chosen=chosen, name=participant.name, n=n
        ):
            s.start_turn(pid)
            for indicator, rating in zip(s.rubric.indicators, chosen, strict=True):
                s.rate(pid, indicator.id, rating)
                s.write_note(pid, indicator.id, f"{name} on {indicator.name}")
            level = s.rubric.health_levels[n % 4].id
            s.rate_health(pid, level, f"{name} health note")
            s.answer_implications(pid, f"{name} implications")
            s.submit(pid)

        store.change(fill)


def make_app(folder: Path, **options) -> PhrApp:
    """The app as `phr` builds it, on a sessions folder of the test's own."""
    return create_app(AppConfig(sessions_folder=folder, **options))
