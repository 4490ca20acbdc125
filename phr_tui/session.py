"""The session: participants' private answers, the reveal, discussion, next steps.

Plain Python with no Textual import. Every rule of the meeting lives here (who
may change what in which phase), so screens, the command line and tests share
one set of rules. A session turns into TinyDB documents and back with
`to_docs` and `from_docs`; `phr_tui.store` keeps those on disk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from phr_tui.errors import PhrError, SessionLockedError
from phr_tui.rubric import Rubric
from phr_tui.rubric_file import rubric_from_data
from phr_tui.words import plural

SCHEMA_VERSION = 1
"""The version of the session file format this code writes."""

MIN_PARTICIPANTS = 2


class Phase(StrEnum):
    """Where the meeting is: private rating, revealed for discussion, or closed."""

    RATING = "rating"
    REVEALED = "revealed"
    CLOSED = "closed"


class Progress(StrEnum):
    """How far a participant is with their private answers."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    SUBMITTED = "submitted"


class StepOutcome(StrEnum):
    """What became of a next step brought along from an earlier session."""

    DONE = "done"
    DROPPED = "dropped"
    CARRIED = "carried over"


def now() -> str:
    """The current time as ISO 8601 text in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_id() -> str:
    """A short random id for a participant or next step."""
    return uuid.uuid4().hex[:12]


@dataclass
class Answer:
    """A participant's rating of one indicator, with their notes."""

    rating: str | None = None
    note: str = ""


@dataclass
class Revision:
    """A rating a participant gave after the reveal, kept beside the original."""

    rating: str
    note: str
    at: str


@dataclass
class Participant:
    """A person taking part, from one partner organisation, with their answers."""

    id: str
    name: str
    organisation: str
    answers: dict[str, Answer] = field(default_factory=dict)
    health: str | None = None
    health_note: str = ""
    implications: str = ""
    started_at: str | None = None
    submitted_at: str | None = None
    pin_salt: str | None = None
    pin_hash: str | None = None
    revisions: dict[str, Revision] = field(default_factory=dict)

    @property
    def progress(self) -> Progress:
        """Whether this participant has not started, is under way, or submitted."""
        if self.submitted_at:
            return Progress.SUBMITTED
        if self.started_at:
            return Progress.IN_PROGRESS
        return Progress.NOT_STARTED

    @property
    def has_pin(self) -> bool:
        """Whether changing these answers needs a PIN."""
        return self.pin_hash is not None

    def answer(self, indicator_id: str) -> Answer:
        """This participant's answer for an indicator (empty when not given)."""
        return self.answers.get(indicator_id) or Answer()

    def rated_count(self, rubric: Rubric) -> int:
        """How many of the rubric's indicators this participant has rated."""
        return sum(1 for i in rubric.indicators if self.answer(i.id).rating)

    def current_rating(self, indicator_id: str) -> str | None:
        """The revised rating where there is one, else the private rating."""
        revision = self.revisions.get(indicator_id)
        return revision.rating if revision else self.answer(indicator_id).rating


@dataclass
class Discussion:
    """What the group said about one indicator, and the rating it agreed."""

    notes: str = ""
    agreed: str | None = None


@dataclass
class OverallDiscussion:
    """The group's view of the partnership's overall health."""

    notes: str = ""
    agreed: str | None = None
    implications: str = ""


@dataclass
class NextStep:
    """An agreed action: what, who owns it, by when, and where it came from."""

    id: str
    what: str
    owner: str = ""
    due: str = ""
    indicator_id: str | None = None
    created_at: str = ""


@dataclass
class CarriedStep:
    """A next step of an earlier session, brought along to be followed up."""

    id: str
    what: str
    owner: str
    due: str
    indicator_id: str | None
    from_session: str
    from_date: str
    outcome: StepOutcome | None = None


def _hash_pin(pin: str, salt: str) -> str:
    # hashlib and secrets are imported only for PINs, to start quickly.
    import hashlib

    return hashlib.pbkdf2_hmac(
        "sha256", pin.encode(), bytes.fromhex(salt), 100_000
    ).hex()


def check_due(text: str) -> str:
    """A due date as YYYY-MM-DD, or empty; anything else is refused in words."""
    text = text.strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise PhrError(
            f"'{text}' is not a date: write it as year-month-day, like 2027-03-31"
        ) from None


@dataclass
class Session:
    """One partnership health reflection meeting."""

    rubric: Rubric
    title: str
    partnership: str
    date: str
    facilitator: str
    participants: list[Participant]
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    phase: Phase = Phase.RATING
    discussions: dict[str, Discussion] = field(default_factory=dict)
    overall: OverallDiscussion = field(default_factory=OverallDiscussion)
    next_steps: list[NextStep] = field(default_factory=list)
    carried_steps: list[CarriedStep] = field(default_factory=list)
    created_at: str = field(default_factory=now)
    view: dict[str, str] = field(default_factory=dict)
    """Where the facilitator was after the reveal (screen, order, indicator),
    so reopening the file resumes there."""
    revealed_at: str | None = None
    closed_at: str | None = None

    @classmethod
    def create(
        cls,
        rubric: Rubric,
        *,
        title: str,
        partnership: str,
        facilitator: str,
        participants: list[tuple[str, str]],
        on: str | None = None,
    ) -> Session:
        """A new session, checked: names given, two or more participants."""
        title, partnership = title.strip(), partnership.strip()
        problems = []
        if not title:
            problems.append("The session needs a title.")
        if not partnership:
            problems.append("The session needs the partnership's name.")
        people = [(name.strip(), org.strip()) for name, org in participants]
        people = [(name, org) for name, org in people if name or org]
        for name, org in people:
            if not name:
                problems.append(f"A participant from '{org}' has no name.")
            if not org:
                problems.append(f"{name} needs a partner organisation.")
        names = [name.casefold() for name, _ in people]
        for name, _ in people:
            if names.count(name.casefold()) > 1:
                problems.append(f"Two participants are called {name}; tell them apart.")
                break
        if len(people) < MIN_PARTICIPANTS:
            problems.append(
                f"A session needs at least {MIN_PARTICIPANTS} participants."
            )
        on = (on or date.today().isoformat()).strip()
        try:
            on = date.fromisoformat(on).isoformat()
        except ValueError:
            problems.append(f"'{on}' is not a date: write it like 2026-12-04.")
        if problems:
            raise PhrError("\n".join(problems))
        return cls(
            rubric=rubric,
            title=title,
            partnership=partnership,
            date=on,
            facilitator=facilitator.strip(),
            participants=[Participant(new_id(), n, o) for n, o in people],
        )

    # Looking things up.

    @property
    def organisations(self) -> list[str]:
        """The partner organisations, in the order participants were listed."""
        return list(dict.fromkeys(p.organisation for p in self.participants))

    def by_organisation(self) -> list[tuple[str, list[Participant]]]:
        """The participants grouped by partner organisation, in listed order."""
        return [
            (org, [p for p in self.participants if p.organisation == org])
            for org in self.organisations
        ]

    def participant(self, participant_id: str) -> Participant:
        """The participant with this id."""
        for participant in self.participants:
            if participant.id == participant_id:
                return participant
        raise PhrError("That participant is not in this session.")

    def discussion(self, indicator_id: str) -> Discussion:
        """The group's discussion of an indicator (empty when none yet)."""
        return self.discussions.get(indicator_id) or Discussion()

    @property
    def missing(self) -> list[Participant]:
        """Participants who have not submitted their answers."""
        return [p for p in self.participants if p.progress is not Progress.SUBMITTED]

    @property
    def read_only(self) -> bool:
        """A closed session is kept for review and changes no more."""
        return self.phase is Phase.CLOSED

    @property
    def progress_text(self) -> str:
        """A short line on how far the session is, for lists of sessions."""
        if self.phase is Phase.RATING:
            done = len(self.participants) - len(self.missing)
            return f"{done} of {len(self.participants)} submitted"
        # Lists show the phase beside this, so it is not said again here.
        agreed = sum(1 for d in self.discussions.values() if d.agreed)
        total = len(self.rubric.indicators)
        steps = plural(len(self.next_steps), "next step")
        return f"{agreed} of {total} agreed, {steps}"

    # The private phase.

    def _private(self, participant_id: str) -> Participant:
        if self.phase is not Phase.RATING:
            raise SessionLockedError(
                "The ratings have been revealed, so private answers are locked. "
                "A participant who has changed their mind can record a revised rating."
            )
        return self.participant(participant_id)

    def start_turn(self, participant_id: str, pin: str | None = None) -> None:
        """Begin (or come back to) a participant's private turn."""
        participant = self._private(participant_id)
        if participant.has_pin and not self.pin_matches(participant_id, pin or ""):
            raise PhrError("That PIN is not right.")
        if not participant.started_at:
            participant.started_at = now()

    def set_pin(self, participant_id: str, pin: str) -> None:
        """Protect a participant's answers with a PIN of four or more digits."""
        participant = self._private(participant_id)
        pin = pin.strip()
        if len(pin) < 4 or not pin.isdigit():
            raise PhrError("A PIN is four or more digits.")
        import secrets

        participant.pin_salt = secrets.token_hex(16)
        participant.pin_hash = _hash_pin(pin, participant.pin_salt)

    def pin_matches(self, participant_id: str, pin: str) -> bool:
        """Whether this is the participant's PIN (true when they have none)."""
        participant = self.participant(participant_id)
        if participant.pin_hash is None or participant.pin_salt is None:
            return True
        import secrets

        given = _hash_pin(pin.strip(), participant.pin_salt)
        return secrets.compare_digest(given, participant.pin_hash)

    def reset_pin(self, participant_id: str) -> None:
        """Forget a PIN and, so nothing is shown to the wrong person, the answers."""
        participant = self._private(participant_id)
        participant.pin_salt = participant.pin_hash = None
        participant.answers = {}
        participant.health = None
        participant.health_note = participant.implications = ""
        participant.started_at = participant.submitted_at = None

    def rate(
        self, participant_id: str, indicator_id: str, rating_id: str | None
    ) -> None:
        """Set (or with None, clear) a participant's rating of an indicator."""
        participant = self._private(participant_id)
        self.rubric.indicator(indicator_id)
        if rating_id is not None:
            self.rubric.rating(rating_id)
        answer = participant.answer(indicator_id)
        participant.answers[indicator_id] = Answer(rating_id, answer.note)

    def write_note(self, participant_id: str, indicator_id: str, note: str) -> None:
        """Set a participant's notes on an indicator."""
        participant = self._private(participant_id)
        self.rubric.indicator(indicator_id)
        answer = participant.answer(indicator_id)
        participant.answers[indicator_id] = Answer(answer.rating, note)

    def rate_health(self, participant_id: str, level_id: str | None, note: str) -> None:
        """Set a participant's view of the overall health, with notes."""
        participant = self._private(participant_id)
        if level_id is not None:
            self.rubric.health_level(level_id)
        participant.health = level_id
        participant.health_note = note

    def answer_implications(self, participant_id: str, text: str) -> None:
        """Set a participant's answer to the closing question."""
        self._private(participant_id).implications = text

    def unanswered(self, participant_id: str) -> list[str]:
        """What a participant has yet to answer, in words, before submitting."""
        participant = self.participant(participant_id)
        gaps = [
            i.title
            for i in self.rubric.indicators
            if not participant.answer(i.id).rating
        ]
        if participant.health is None:
            gaps.append("Overall health")
        return gaps

    def submit(self, participant_id: str) -> None:
        """Hand in a participant's answers; every indicator must be rated."""
        participant = self._private(participant_id)
        gaps = self.unanswered(participant_id)
        if gaps:
            raise PhrError("Still to rate: " + ", ".join(gaps) + ".")
        participant.submitted_at = now()

    # The reveal and the discussion.

    def reveal(self) -> None:
        """Show everyone's answers; private answers are locked from now on."""
        if self.phase is not Phase.RATING:
            raise SessionLockedError("The ratings are already revealed.")
        self.phase = Phase.REVEALED
        self.revealed_at = now()

    def _discussing(self) -> None:
        if self.phase is Phase.RATING:
            raise SessionLockedError("Reveal the ratings before the discussion.")
        if self.phase is Phase.CLOSED:
            raise SessionLockedError("This session is closed and kept for review.")

    def revise(
        self, participant_id: str, indicator_id: str, rating_id: str, note: str
    ) -> None:
        """Record a participant's changed mind beside their original rating."""
        self._discussing()
        self.rubric.indicator(indicator_id)
        self.rubric.rating(rating_id)
        self.participant(participant_id).revisions[indicator_id] = Revision(
            rating_id, note, now()
        )

    def withdraw_revision(self, participant_id: str, indicator_id: str) -> None:
        """Take back a revised rating, leaving the original."""
        self._discussing()
        self.participant(participant_id).revisions.pop(indicator_id, None)

    def discuss(self, indicator_id: str, notes: str, agreed: str | None) -> None:
        """Record the group's notes on an indicator and the rating it agreed."""
        self._discussing()
        self.rubric.indicator(indicator_id)
        if agreed is not None:
            self.rubric.rating(agreed)
        self.discussions[indicator_id] = Discussion(notes, agreed)

    def discuss_overall(
        self, notes: str, agreed: str | None, implications: str
    ) -> None:
        """Record the group's view of overall health and the implications."""
        self._discussing()
        if agreed is not None:
            self.rubric.health_level(agreed)
        self.overall = OverallDiscussion(notes, agreed, implications)

    def _step_fields(
        self, what: str, owner: str, due: str, indicator_id: str | None
    ) -> tuple[str, str, str]:
        what = what.strip()
        if not what:
            raise PhrError("A next step needs to say what will be done.")
        if indicator_id is not None:
            self.rubric.indicator(indicator_id)
        return what, owner.strip(), check_due(due)

    def add_step(
        self, what: str, owner: str = "", due: str = "", indicator_id: str | None = None
    ) -> NextStep:
        """Add an agreed next step."""
        self._discussing()
        what, owner, due = self._step_fields(what, owner, due, indicator_id)
        step = NextStep(new_id(), what, owner, due, indicator_id, now())
        self.next_steps.append(step)
        return step

    def edit_step(
        self, step_id: str, what: str, owner: str, due: str, indicator_id: str | None
    ) -> None:
        """Change a next step."""
        self._discussing()
        step = self.step(step_id)
        step.what, step.owner, step.due = self._step_fields(
            what, owner, due, indicator_id
        )
        step.indicator_id = indicator_id

    def remove_step(self, step_id: str) -> None:
        """Remove a next step."""
        self._discussing()
        self.next_steps.remove(self.step(step_id))

    def step(self, step_id: str) -> NextStep:
        """The next step with this id."""
        for step in self.next_steps:
            if step.id == step_id:
                return step
        raise PhrError("That next step is no longer in this session.")

    def due_before_session(self, due: str) -> bool:
        """Whether a due date is before this session's date: allowed, but overdue."""
        # A team may record a step that is already late, so this only warns;
        # no date, or text that is not a date, is not "before" anything.
        try:
            due = check_due(due)
        except PhrError:
            return False
        return bool(due) and due < self.date

    def bring_along(self, earlier: Session) -> int:
        """Bring an earlier session's next steps here to be followed up."""
        if self.phase is Phase.CLOSED:
            raise SessionLockedError("This session is closed and kept for review.")
        known = {c.id for c in self.carried_steps}
        sources = [
            CarriedStep(
                s.id,
                s.what,
                s.owner,
                s.due,
                s.indicator_id,
                earlier.title,
                earlier.date,
            )
            for s in earlier.next_steps
        ]
        # Steps the earlier session carried over themselves come along again.
        sources += [
            CarriedStep(
                c.id,
                c.what,
                c.owner,
                c.due,
                c.indicator_id,
                c.from_session,
                c.from_date,
            )
            for c in earlier.carried_steps
            if c.outcome in (None, StepOutcome.CARRIED)
        ]
        added = [c for c in sources if c.id not in known]
        self.carried_steps.extend(added)
        return len(added)

    def follow_up(self, step_id: str, outcome: StepOutcome | None) -> None:
        """Mark a brought-along step done, dropped or carried over."""
        self._discussing()
        for carried in self.carried_steps:
            if carried.id == step_id:
                carried.outcome = outcome
                return
        raise PhrError("That earlier next step is not in this session.")

    def close(self) -> None:
        """Mark the session complete; it opens read-only from now on."""
        self._discussing()
        self.phase = Phase.CLOSED
        self.closed_at = now()

    # The session file's documents.

    def to_docs(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The session as TinyDB tables of documents, keyed by document id."""
        meta = {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "title": self.title,
            "partnership": self.partnership,
            "date": self.date,
            "facilitator": self.facilitator,
            "phase": self.phase.value,
            "created_at": self.created_at,
            "revealed_at": self.revealed_at,
            "closed_at": self.closed_at,
            "rubric_id": self.rubric.id,
            "rubric_version": self.rubric.version,
            "overall": vars(self.overall).copy(),
            "view": dict(self.view),
        }
        return {
            "session": {"1": meta},
            "rubric": {"1": self.rubric.data},
            "participants": {
                str(n): _participant_doc(p, n)
                for n, p in enumerate(self.participants, start=1)
            },
            "discussions": {
                str(n): {"indicator_id": key, "notes": d.notes, "agreed": d.agreed}
                for n, (key, d) in enumerate(self.discussions.items(), start=1)
            },
            "next_steps": {
                str(n): {"order": n, **vars(s)}
                for n, s in enumerate(self.next_steps, start=1)
            },
            "carried_steps": {
                str(n): {
                    "order": n,
                    **vars(c),
                    "outcome": c.outcome.value if c.outcome else None,
                }
                for n, c in enumerate(self.carried_steps, start=1)
            },
        }

    @classmethod
    def from_docs(
        cls, tables: dict[str, Any], origin: Path, *, rubric: Rubric | None = None
    ) -> Session:
        """Rebuild a session from its tables; KeyError or ValueError when damaged.

        `rubric`, when given, is the already-checked rubric its copy holds.
        """
        meta = _only_doc(tables, "session")
        if rubric is None:
            rubric = rubric_from_data(_only_doc(tables, "rubric"), origin)
        participants = sorted(_docs(tables, "participants"), key=lambda d: d["order"])
        steps = sorted(_docs(tables, "next_steps"), key=lambda d: d["order"])
        carried = sorted(_docs(tables, "carried_steps"), key=lambda d: d["order"])
        overall = meta.get("overall") or {}
        return cls(
            rubric=rubric,
            id=_text(meta["id"]),
            title=_text(meta["title"]),
            partnership=_text(meta["partnership"]),
            date=_text(meta["date"]),
            facilitator=_text(meta.get("facilitator", "")),
            phase=Phase(meta["phase"]),
            created_at=_text(meta.get("created_at", "")),
            view=_view(meta.get("view")),
            revealed_at=meta.get("revealed_at"),
            closed_at=meta.get("closed_at"),
            participants=[_participant(d) for d in participants],
            discussions={
                _text(d["indicator_id"]): Discussion(_text(d["notes"]), d["agreed"])
                for d in _docs(tables, "discussions")
            },
            overall=OverallDiscussion(
                _text(overall.get("notes", "")),
                overall.get("agreed"),
                _text(overall.get("implications", "")),
            ),
            next_steps=[
                NextStep(
                    _text(d["id"]),
                    _text(d["what"]),
                    _text(d["owner"]),
                    _text(d["due"]),
                    d.get("indicator_id"),
                    _text(d.get("created_at", "")),
                )
                for d in steps
            ],
            carried_steps=[
                CarriedStep(
                    _text(d["id"]),
                    _text(d["what"]),
                    _text(d["owner"]),
                    _text(d["due"]),
                    d.get("indicator_id"),
                    _text(d["from_session"]),
                    _text(d["from_date"]),
                    StepOutcome(d["outcome"]) if d.get("outcome") else None,
                )
                for d in carried
            ],
        )


def _participant_doc(p: Participant, order: int) -> dict[str, Any]:
    return {
        "order": order,
        "id": p.id,
        "name": p.name,
        "organisation": p.organisation,
        "answers": {key: vars(a).copy() for key, a in p.answers.items()},
        "health": p.health,
        "health_note": p.health_note,
        "implications": p.implications,
        "started_at": p.started_at,
        "submitted_at": p.submitted_at,
        "pin_salt": p.pin_salt,
        "pin_hash": p.pin_hash,
        "revisions": {key: vars(r).copy() for key, r in p.revisions.items()},
    }


def _participant(d: dict[str, Any]) -> Participant:
    return Participant(
        id=_text(d["id"]),
        name=_text(d["name"]),
        organisation=_text(d["organisation"]),
        answers={
            _text(key): Answer(a.get("rating"), _text(a.get("note", "")))
            for key, a in d.get("answers", {}).items()
        },
        health=d.get("health"),
        health_note=_text(d.get("health_note", "")),
        implications=_text(d.get("implications", "")),
        started_at=d.get("started_at"),
        submitted_at=d.get("submitted_at"),
        pin_salt=d.get("pin_salt"),
        pin_hash=d.get("pin_hash"),
        revisions={
            _text(key): Revision(
                _text(r["rating"]), _text(r.get("note", "")), _text(r["at"])
            )
            for key, r in d.get("revisions", {}).items()
        },
    )


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, found {type(value).__name__}")
    return value


def _docs(tables: dict[str, Any], name: str) -> list[dict[str, Any]]:
    table = tables.get(name, {})
    if not isinstance(table, dict) or not all(
        isinstance(d, dict) for d in table.values()
    ):
        raise ValueError(f"the '{name}' table is damaged")
    return list(table.values())


def _only_doc(tables: dict[str, Any], name: str) -> dict[str, Any]:
    docs = _docs(tables, name)
    if len(docs) != 1:
        raise ValueError(f"the '{name}' table should hold one document")
    return docs[0]


def _view(value: Any) -> dict[str, str]:
    # Only where the facilitator was: a damaged one is forgotten, not fatal.
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}
