"""The rules of the meeting, on the session model alone (no store, no terminal)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import PEOPLE, make_session

from phr_tui.errors import PhrError, SessionLockedError
from phr_tui.session import Phase, Progress, Session, StepOutcome, check_due

WELL, BETTER, ISSUES = "working-well", "could-be-strengthened", "questions-or-issues"


def ids(session: Session) -> list[str]:
    return [p.id for p in session.participants]


def rate_everything(session: Session, pid: str, rating: str = WELL) -> None:
    session.start_turn(pid)
    for indicator in session.rubric.indicators:
        session.rate(pid, indicator.id, rating)
    session.rate_health(pid, session.rubric.health_levels[1].id, "")
    session.submit(pid)


def revealed(rubric) -> Session:
    session = make_session(rubric)
    for pid in ids(session):
        rate_everything(session, pid)
    session.reveal()
    return session


def round_trip(session: Session) -> Session:
    docs = json.loads(json.dumps(session.to_docs()))
    return Session.from_docs(docs, Path("session.json"))


# Setting up.


def test_a_new_session_is_checked_and_trimmed(rubric):
    session = Session.create(
        rubric,
        title="  Spring review ",
        partnership=" Acme & Beta ",
        facilitator=" Fay ",
        participants=[(" Ann ", " Acme "), ("Bo", "Beta"), ("", "")],
    )

    assert session.title == "Spring review"
    assert session.partnership == "Acme & Beta"
    assert session.facilitator == "Fay"
    assert [(p.name, p.organisation) for p in session.participants] == [
        ("Ann", "Acme"),
        ("Bo", "Beta"),
    ]
    assert session.date == date.today().isoformat()
    assert session.phase is Phase.RATING
    assert len(set(ids(session))) == 2


@pytest.mark.parametrize(
    ("options", "says"),
    [
        ({"title": " "}, "needs a title"),
        ({"partnership": ""}, "partnership's name"),
        ({"participants": [("Ann", "Acme")]}, "at least 2 participants"),
        ({"participants": [("Ann", "Acme"), ("Bo", "")]}, "Bo needs a partner"),
        ({"participants": [("Ann", "Acme"), ("", "Beta")]}, "from 'Beta' has no name"),
        ({"participants": [("Ann", "A"), ("ann", "B")]}, "Two participants are called"),
        ({"on": "2026-13-01"}, "'2026-13-01' is not a date"),
        ({"on": "next Tuesday"}, "write it like"),
    ],
)
def test_a_session_that_cannot_run_is_refused_in_words(rubric, options, says):
    given = {
        "title": "Review",
        "partnership": "Acme & Beta",
        "facilitator": "Fay",
        "participants": [("Ann", "Acme"), ("Bo", "Beta")],
        "on": "2026-12-04",
    } | options
    with pytest.raises(PhrError, match=says):
        Session.create(rubric, **given)


def test_every_problem_of_a_setup_is_said_at_once(rubric):
    with pytest.raises(PhrError) as caught:
        Session.create(
            rubric, title="", partnership="", facilitator="", participants=[]
        )
    assert len(str(caught.value).splitlines()) == 3


def test_organisations_keep_the_order_participants_were_listed(rubric):
    assert make_session(rubric).organisations == ["Acme Learning", "Beta Schools"]


# The private phase.


def test_a_participant_moves_from_not_started_to_submitted(rubric):
    session = make_session(rubric)
    ann = session.participants[0]
    assert ann.progress is Progress.NOT_STARTED

    session.start_turn(ann.id)
    assert ann.progress is Progress.IN_PROGRESS

    rate_everything(session, ann.id)
    assert ann.progress is Progress.SUBMITTED
    assert [p.name for p in session.missing] == ["Bo Chen", "Cy Diaz"]
    assert session.progress_text == "1 of 3 submitted"


def test_a_note_keeps_the_rating_and_a_rating_keeps_the_note(rubric):
    session = make_session(rubric)
    pid = ids(session)[0]
    session.rate(pid, "financial", BETTER)
    session.write_note(pid, "financial", "Pipeline is thin [really]")
    session.rate(pid, "financial", ISSUES)

    answer = session.participant(pid).answer("financial")
    assert (answer.rating, answer.note) == (ISSUES, "Pipeline is thin [really]")

    session.rate(pid, "financial", None)
    assert session.participant(pid).answer("financial").rating is None
    assert session.participant(pid).answer("financial").note.endswith("[really]")


def test_submitting_needs_every_indicator_and_the_overall_health(rubric):
    session = make_session(rubric)
    pid = ids(session)[0]
    session.start_turn(pid)
    session.rate(pid, "financial", WELL)

    with pytest.raises(PhrError, match="Still to rate: Customer - Satisfaction"):
        session.submit(pid)
    gaps = session.unanswered(pid)
    assert len(gaps) == len(rubric.indicators) - 1 + 1
    assert gaps[-1] == "Overall health"
    assert session.participant(pid).progress is Progress.IN_PROGRESS


def test_a_participant_can_come_back_until_the_reveal(rubric):
    session = make_session(rubric)
    pid = ids(session)[0]
    rate_everything(session, pid)

    session.start_turn(pid)
    session.rate(pid, "financial", ISSUES)

    assert session.participant(pid).answer("financial").rating == ISSUES
    assert session.participant(pid).progress is Progress.SUBMITTED


def test_a_pin_guards_a_participants_answers(rubric):
    session = make_session(rubric)
    pid = ids(session)[0]
    session.start_turn(pid)
    session.set_pin(pid, "2468")
    session.rate(pid, "financial", WELL)

    with pytest.raises(PhrError, match="PIN is not right"):
        session.start_turn(pid, "1111")
    with pytest.raises(PhrError, match="PIN is not right"):
        session.start_turn(pid)
    session.start_turn(pid, "2468")
    assert session.pin_matches(pid, " 2468 ")
    assert "2468" not in json.dumps(session.to_docs())


@pytest.mark.parametrize("pin", ["123", "abcd", "12 34", ""])
def test_a_pin_is_four_or_more_digits(rubric, pin):
    session = make_session(rubric)
    with pytest.raises(PhrError, match="four or more digits"):
        session.set_pin(ids(session)[0], pin)


def test_resetting_a_forgotten_pin_clears_the_answers_rather_than_show_them(rubric):
    session = make_session(rubric)
    pid = ids(session)[0]
    rate_everything(session, pid)
    session.set_pin(pid, "2468")

    session.reset_pin(pid)

    participant = session.participant(pid)
    assert not participant.has_pin
    assert participant.answers == {}
    assert participant.health is None
    assert participant.progress is Progress.NOT_STARTED
    session.start_turn(pid)


# The reveal and the discussion.


def test_the_reveal_locks_private_answers(rubric):
    session = revealed(rubric)
    pid = ids(session)[0]

    assert session.phase is Phase.REVEALED
    for edit in (
        lambda: session.rate(pid, "financial", ISSUES),
        lambda: session.write_note(pid, "financial", "later"),
        lambda: session.start_turn(pid),
        lambda: session.submit(pid),
        lambda: session.reset_pin(pid),
        lambda: session.reveal(),
    ):
        with pytest.raises(SessionLockedError):
            edit()
    assert session.participant(pid).answer("financial").rating == WELL


def test_revealing_early_is_allowed_and_says_who_is_missing(rubric):
    session = make_session(rubric)
    rate_everything(session, ids(session)[0])

    assert [p.name for p in session.missing] == ["Bo Chen", "Cy Diaz"]
    session.reveal()
    assert session.phase is Phase.REVEALED
    assert session.revealed_at


def test_a_revised_rating_sits_beside_the_original(rubric):
    session = revealed(rubric)
    pid = ids(session)[0]

    session.revise(pid, "financial", ISSUES, "After hearing Bo")

    participant = session.participant(pid)
    assert participant.answer("financial").rating == WELL
    assert participant.current_rating("financial") == ISSUES
    assert participant.revisions["financial"].note == "After hearing Bo"
    session.withdraw_revision(pid, "financial")
    assert participant.current_rating("financial") == WELL


def test_the_discussion_needs_the_reveal_and_keeps_private_ratings(rubric):
    session = make_session(rubric)
    with pytest.raises(SessionLockedError, match="Reveal the ratings"):
        session.discuss("financial", "early", None)

    session = revealed(rubric)
    session.discuss("financial", "We agree it works", WELL)
    session.discuss_overall("Solid", rubric.health_levels[0].id, "Keep going")

    assert session.discussion("financial").agreed == WELL
    assert session.discussion("customer-impact").agreed is None
    assert session.overall.implications == "Keep going"
    assert all(p.answer("financial").rating == WELL for p in session.participants)
    assert session.progress_text == "1 of 8 agreed, 0 next steps"


def test_next_steps_are_added_edited_and_removed(rubric):
    session = revealed(rubric)
    step = session.add_step(" Map the pipeline ", " Bo ", "2027-03-31", "financial")
    whole = session.add_step("Meet monthly")

    assert (step.what, step.owner, step.due) == ("Map the pipeline", "Bo", "2027-03-31")
    assert whole.indicator_id is None
    session.edit_step(step.id, "Map it", "Ann", "", None)
    assert (step.what, step.owner, step.due, step.indicator_id) == (
        "Map it",
        "Ann",
        "",
        None,
    )
    session.remove_step(whole.id)
    assert [s.what for s in session.next_steps] == ["Map it"]
    with pytest.raises(PhrError, match="no longer in this session"):
        session.remove_step(whole.id)


@pytest.mark.parametrize(
    ("what", "due", "says"),
    [(" ", "", "needs to say what"), ("Plan", "31/03/2027", "is not a date")],
)
def test_a_next_step_that_does_not_make_sense_is_refused(rubric, what, due, says):
    session = revealed(rubric)
    with pytest.raises(PhrError, match=says):
        session.add_step(what, "", due)
    assert session.next_steps == []


def test_check_due():
    assert check_due(" 2027-01-05 ") == "2027-01-05"
    assert check_due("") == ""
    with pytest.raises(PhrError, match="like 2027-03-31"):
        check_due("soon")


def test_next_steps_of_an_earlier_session_come_along_once(rubric):
    earlier = revealed(rubric)
    earlier.add_step("Map the pipeline", "Bo", "2027-03-31", "financial")
    later = make_session(rubric, title="Winter review")

    assert later.bring_along(earlier) == 1
    assert later.bring_along(earlier) == 0
    carried = later.carried_steps[0]
    assert (carried.what, carried.from_session) == ("Map the pipeline", "Autumn review")
    with pytest.raises(SessionLockedError):
        later.follow_up(carried.id, StepOutcome.DONE)

    for pid in ids(later):
        rate_everything(later, pid)
    later.reveal()
    later.follow_up(carried.id, StepOutcome.CARRIED)

    next_time = make_session(rubric, title="Spring review")
    assert next_time.bring_along(later) == 1


def test_closing_makes_the_session_read_only(rubric):
    session = revealed(rubric)
    session.close()

    assert session.read_only
    assert session.phase is Phase.CLOSED
    for edit in (
        lambda: session.discuss("financial", "late", None),
        lambda: session.add_step("late"),
        lambda: session.close(),
        lambda: session.revise(ids(session)[0], "financial", ISSUES, ""),
    ):
        with pytest.raises(SessionLockedError):
            edit()
    assert session.progress_text == "0 of 8 agreed, 0 next steps"


# The documents a session is saved as.


def test_a_session_round_trips_through_its_documents_at_every_phase(rubric):
    session = make_session(rubric, people=PEOPLE)
    assert round_trip(session).to_docs() == session.to_docs()

    pid = ids(session)[0]
    session.start_turn(pid)
    session.set_pin(pid, "2468")
    session.rate(pid, "financial", WELL)
    session.write_note(pid, "financial", "Zoë said ★ [b]bold[/b]\nsecond line")
    assert round_trip(session).to_docs() == session.to_docs()

    for other in ids(session)[1:]:
        rate_everything(session, other)
    session.reveal()
    session.revise(pid, "financial", ISSUES, "changed")
    session.discuss("financial", "notes", WELL)
    session.discuss_overall("overall", rubric.health_levels[0].id, "so what")
    session.add_step("Plan", "Bo", "2027-01-01", "financial")
    again = round_trip(session)
    assert again.to_docs() == session.to_docs()
    assert again.pin_matches(pid, "2468")
    assert again.participant(pid).current_rating("financial") == ISSUES

    session.close()
    assert round_trip(session).phase is Phase.CLOSED


def test_documents_keep_the_rubric_and_the_format_version(rubric):
    docs = make_session(rubric).to_docs()
    meta = docs["session"]["1"]

    assert meta["schema_version"] == 1
    assert meta["rubric_id"] == "partnership-health"
    assert docs["rubric"]["1"] == rubric.data
    assert set(docs) == {
        "session",
        "rubric",
        "participants",
        "discussions",
        "next_steps",
        "carried_steps",
    }


def test_rebuilding_with_a_known_rubric_skips_reading_its_copy(rubric):
    session = make_session(rubric)
    docs = session.to_docs()
    docs["rubric"]["1"] = {"not": "read"}

    again = Session.from_docs(docs, Path("session.json"), rubric=rubric)

    assert again.rubric is rubric
