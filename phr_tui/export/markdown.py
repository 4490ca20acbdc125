"""The Markdown export: a report to paste into a wiki or an email."""

from __future__ import annotations

import re
from collections.abc import Iterable

from phr_tui.export.common import OVERALL_HEALTH, WHOLE_PARTNERSHIP, missing
from phr_tui.rubric import Indicator
from phr_tui.session import Participant, Phase, Progress, Session, StepOutcome
from phr_tui.spread import health_counts, spread_of

HIDDEN_BEFORE_REVEAL = (
    "The ratings have not been revealed yet, so this shows each participant's "
    "progress only, never their answers."
)

_INLINE = re.compile(r"([\\`*_\[\]<>|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_HASH = re.compile(r"(^|\s)#")
_LIST_MARK = re.compile(r"^(\s*)([-+=])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def md_text(text: str) -> str:
    """User text as Markdown that shows as typed, on one line (breaks as <br>).

    One line, so it fits a table cell and nothing in it can start a heading,
    list, quote or code block; the escapes stop emphasis, links, HTML, GitHub's
    maths ($) and table pipes from reading the text as anything but text.
    """
    return "<br>".join(_md_line(line) for line in _NEWLINE.split(text))


def _md_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _HASH.sub(r"\1\\#", line)
    line = _LIST_MARK.sub(r"\1\\\2", line)
    return _NUMBERED.sub(r"\1\\\2", line)


def _table(head: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    """A GitHub table; cells are Markdown already (run user text through md_text)."""
    head = list(head)
    lines = [_row(head), "| " + " | ".join("---" for _ in head) + " |"]
    lines += [_row(row) for row in rows]
    return lines


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _by_organisation(session: Session) -> list[Participant]:
    return [p for _, people in session.by_organisation() for p in people]


def _rating_badge(session: Session, rating_id: str | None) -> str:
    if rating_id is None:
        return "_not rated_"
    try:
        return md_text(session.rubric.rating(rating_id).badge)
    except KeyError:
        return md_text(rating_id)


def _level_name(session: Session, level_id: str | None) -> str:
    if level_id is None:
        return "_not rated_"
    try:
        return md_text(session.rubric.health_level(level_id).name)
    except KeyError:
        return md_text(level_id)


def _step_source(session: Session, indicator_id: str | None) -> str:
    if indicator_id is None:
        return WHOLE_PARTNERSHIP
    try:
        return session.rubric.indicator(indicator_id).title
    except KeyError:
        return indicator_id


def markdown_report(session: Session) -> str:
    """A report to paste into a wiki or an email; GitHub-flavoured Markdown."""
    lines = [f"# {md_text(session.title)}", ""]
    lines += _md_details(session)
    if session.phase is Phase.RATING:
        lines += [f"> {HIDDEN_BEFORE_REVEAL}", ""]
        lines += _md_progress(session)
        lines += _md_carried(session)
        return "\n".join(lines).rstrip() + "\n"

    gaps = missing(session)
    if gaps:
        if session.phase is Phase.CLOSED:
            lead = "This session ended early. It is missing:"
        else:
            lead = "The discussion is still under way. So far this session lacks:"
        lines += [f"> **{lead}**", ">"]
        lines += [f"> - {md_text(gap)}" for gap in gaps]
        lines.append("")
    lines += _md_participants(session)
    lines += _md_scale(session)
    lines += _md_carried(session)
    for category in session.rubric.categories:
        lines += [f"## {md_text(category.name)}", ""]
        for indicator in category.indicators:
            lines += _md_indicator(session, indicator)
    lines += _md_overall(session)
    lines += _md_next_steps(session)
    return "\n".join(lines).rstrip() + "\n"


def _md_details(session: Session) -> list[str]:
    phase = {
        Phase.RATING: "private rating (not revealed yet)",
        Phase.REVEALED: "revealed; discussion under way",
        Phase.CLOSED: f"closed {session.closed_at or ''}".strip(),
    }[session.phase]
    rubric = session.rubric
    return [
        f"- **Partnership:** {md_text(session.partnership)}",
        f"- **Date:** {md_text(session.date)}",
        f"- **Facilitator:** {md_text(session.facilitator) or '_not named_'}",
        f"- **Rubric:** {md_text(rubric.title)} "
        f"({md_text(rubric.id)}, version {md_text(rubric.version)})",
        f"- **Phase:** {md_text(phase)}",
        "",
    ]


def _md_progress(session: Session) -> list[str]:
    lines = ["## Participants", ""]
    lines += _table(
        ("Organisation", "Participant", "Progress"),
        (
            (md_text(p.organisation), md_text(p.name), p.progress.value)
            for p in _by_organisation(session)
        ),
    )
    return [*lines, ""]


def _md_participants(session: Session) -> list[str]:
    lines = ["## Participants", ""]
    for organisation in session.organisations:
        names = [
            md_text(p.name)
            + ("" if p.progress is Progress.SUBMITTED else " (did not submit)")
            for p in session.participants
            if p.organisation == organisation
        ]
        lines.append(f"- **{md_text(organisation)}:** {', '.join(names)}")
    return [*lines, ""]


def _md_scale(session: Session) -> list[str]:
    badges = " · ".join(md_text(r.badge) for r in session.rubric.scale)
    return [f"Ratings: {badges}", ""]


def _md_indicator(session: Session, indicator: Indicator) -> list[str]:
    lines = [f"### {md_text(indicator.title)}", ""]
    if indicator.description:
        lines += [f"*{md_text(indicator.description)}*", ""]

    spread = spread_of(session, indicator)
    revised = any(indicator.id in p.revisions for p in session.participants)
    counts = ", ".join(
        f"{md_text(session.rubric.rating(r).symbol)} {n}" for r, n in spread.counts
    )
    line = f"**Spread{' (revised ratings counted)' if revised else ''}:** {counts}"
    if spread.unrated:
        line += f"; {spread.unrated} not rated"
    if spread.disagreement:
        line += " — **participants disagree**"
    lines += [line, ""]

    head = ["Organisation", "Participant", "Rating", "Notes"]
    if revised:
        head.append("Revised rating")
    rows = []
    for participant in _by_organisation(session):
        answer = participant.answer(indicator.id)
        row = [
            md_text(participant.organisation),
            md_text(participant.name),
            _rating_badge(session, answer.rating),
            md_text(answer.note),
        ]
        if revised:
            revision = participant.revisions.get(indicator.id)
            row.append(
                f"{_rating_badge(session, revision.rating)}: {md_text(revision.note)}"
                if revision
                else ""
            )
        rows.append(row)
    lines += [*_table(head, rows), ""]

    discussion = session.discussion(indicator.id)
    lines += [
        f"**Discussion:** {md_text(discussion.notes) or '_not discussed_'}",
        "",
        "**Agreed rating:** "
        + (
            _rating_badge(session, discussion.agreed)
            if discussion.agreed
            else "_none agreed_"
        ),
        "",
    ]
    steps = [s for s in session.next_steps if s.indicator_id == indicator.id]
    if steps:
        lines += ["**Next steps from this indicator:**", ""]
        lines += [f"- {_md_step(s.what, s.owner, s.due)}" for s in steps]
        lines.append("")
    return lines


def _md_step(what: str, owner: str, due: str) -> str:
    extra = [f"owner: {md_text(owner)}" if owner else "", f"due {due}" if due else ""]
    extra = [e for e in extra if e]
    return md_text(what) + (f" ({', '.join(extra)})" if extra else "")


def _md_overall(session: Session) -> list[str]:
    rubric = session.rubric
    lines = [f"## {OVERALL_HEALTH}", ""]
    counts = ", ".join(
        f"{md_text(rubric.health_level(level).name)} {n}"
        for level, n in health_counts(session)
    )
    lines += [f"**Spread:** {counts}", ""]
    lines += _table(
        ("Organisation", "Participant", OVERALL_HEALTH, "Notes"),
        (
            (
                md_text(p.organisation),
                md_text(p.name),
                _level_name(session, p.health),
                md_text(p.health_note),
            )
            for p in _by_organisation(session)
        ),
    )
    overall = session.overall
    agreed = _level_name(session, overall.agreed) if overall.agreed else "_none_"
    lines += [
        "",
        f"**Discussion:** {md_text(overall.notes) or '_not discussed_'}",
        "",
        f"**Agreed overall health:** {agreed}",
        "",
        f"### {md_text(rubric.closing_question)}",
        "",
    ]
    lines += _table(
        ("Organisation", "Participant", "Answer"),
        (
            (md_text(p.organisation), md_text(p.name), md_text(p.implications))
            for p in _by_organisation(session)
        ),
    )
    group = md_text(overall.implications) or "_not recorded_"
    return [*lines, "", f"**The group's answer:** {group}", ""]


def _md_next_steps(session: Session) -> list[str]:
    lines = ["## Next steps", ""]
    if not session.next_steps:
        return [*lines, "_No next steps were recorded._", ""]
    lines += _table(
        ("#", "Next step", "Owner", "Due", "From"),
        (
            (
                str(n),
                md_text(s.what),
                md_text(s.owner),
                s.due,
                md_text(_step_source(session, s.indicator_id)),
            )
            for n, s in enumerate(session.next_steps, start=1)
        ),
    )
    return [*lines, ""]


def _outcome_words(outcome: StepOutcome | None, phase: Phase) -> str:
    if outcome is not None:
        return outcome.value
    return "to follow up" if phase is not Phase.CLOSED else "not followed up"


def _md_carried(session: Session) -> list[str]:
    if not session.carried_steps:
        return []
    lines = ["## Next steps brought along from earlier sessions", ""]
    lines += _table(
        ("Next step", "Owner", "Due", "From session", "Outcome"),
        (
            (
                md_text(c.what),
                md_text(c.owner),
                md_text(c.due),
                md_text(f"{c.from_session} ({c.from_date})"),
                _outcome_words(c.outcome, session.phase),
            )
            for c in session.carried_steps
        ),
    )
    return [*lines, ""]
