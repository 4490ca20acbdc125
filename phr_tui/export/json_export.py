"""The JSON export: the whole session, for other programs to read.

The JSON export has this shape (version 1; fields are only ever added):

    {
      "format": "phr-tui-session-export",
      "version": 1,
      "revealed": true,                # false before the reveal: no answers below
      "session": {"id", "title", "partnership", "date", "facilitator", "phase",
                  "created_at", "revealed_at", "closed_at"},
      "rubric": {"id", "version", "title",
                 "scale": [{"id", "symbol", "label"}],
                 "categories": [{"id", "name",
                                 "indicators": [{"id", "name", "description",
                                                 "measures": [text]}]}],
                 "health_levels": [{"id", "name", "description"}],
                 "closing_question"},
      "participants": [{"id", "name", "organisation", "progress",
                        "started_at", "submitted_at",
                        # null before the reveal, never an empty answer:
                        "answers": [{"indicator_id", "rating", "note",
                                     "revised": {"rating", "note", "at"} | null}],
                        "health", "health_note", "implications"}],
      "indicators": [{"id", "category_id", "title",
                      "counts": {rating id: n} | null,   # null before the reveal
                      "unrated": n | null,
                      "discussion": {"notes", "agreed"}}],
      "overall": {"counts": {level id: n} | null, "notes", "agreed",
                  "implications"},
      "next_steps": [{"id", "what", "owner", "due", "indicator_id",
                      "created_at"}],
      "carried_steps": [{"id", "what", "owner", "due", "indicator_id",
                         "from_session", "from_date", "outcome"}],
      "missing": [text]                 # what an early-ended session lacks
    }

Ids are the rubric's ids; `rating`, `agreed` and `health` are null when not
given; `outcome` is "done", "dropped", "carried over" or null; dates are
YYYY-MM-DD and times ISO 8601 in UTC.
"""

from __future__ import annotations

import json
from typing import Any

from phr_tui.export.common import missing
from phr_tui.rubric import Indicator
from phr_tui.session import Participant, Phase, Session
from phr_tui.spread import health_counts, spread_of

JSON_FORMAT = "phr-tui-session-export"
JSON_VERSION = 1


def json_data(session: Session) -> dict[str, Any]:
    """The session in the export's documented shape (see the module's docstring)."""
    revealed = session.phase is not Phase.RATING
    rubric = session.rubric
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "revealed": revealed,
        "session": {
            "id": session.id,
            "title": session.title,
            "partnership": session.partnership,
            "date": session.date,
            "facilitator": session.facilitator,
            "phase": session.phase.value,
            "created_at": session.created_at,
            "revealed_at": session.revealed_at,
            "closed_at": session.closed_at,
        },
        "rubric": {
            "id": rubric.id,
            "version": rubric.version,
            "title": rubric.title,
            "scale": [
                {"id": r.id, "symbol": r.symbol, "label": r.label} for r in rubric.scale
            ],
            "categories": [
                {
                    "id": c.id,
                    "name": c.name,
                    "indicators": [
                        {
                            "id": i.id,
                            "name": i.name,
                            "description": i.description,
                            "measures": list(i.measures),
                        }
                        for i in c.indicators
                    ],
                }
                for c in rubric.categories
            ],
            "health_levels": [
                {"id": h.id, "name": h.name, "description": h.description}
                for h in rubric.health_levels
            ],
            "closing_question": rubric.closing_question,
        },
        "participants": [
            _json_participant(p, rubric, revealed) for p in session.participants
        ],
        "indicators": [
            _json_indicator(session, i, revealed) for i in rubric.indicators
        ],
        "overall": {
            "counts": dict(health_counts(session)) if revealed else None,
            "notes": session.overall.notes,
            "agreed": session.overall.agreed,
            "implications": session.overall.implications,
        },
        "next_steps": [
            {
                "id": s.id,
                "what": s.what,
                "owner": s.owner,
                "due": s.due,
                "indicator_id": s.indicator_id,
                "created_at": s.created_at,
            }
            for s in session.next_steps
        ],
        "carried_steps": [
            {
                "id": c.id,
                "what": c.what,
                "owner": c.owner,
                "due": c.due,
                "indicator_id": c.indicator_id,
                "from_session": c.from_session,
                "from_date": c.from_date,
                "outcome": c.outcome.value if c.outcome else None,
            }
            for c in session.carried_steps
        ],
        "missing": missing(session),
    }


def _json_participant(p: Participant, rubric: Any, revealed: bool) -> dict[str, Any]:
    answers = None
    if revealed:
        answers = []
        for indicator in rubric.indicators:
            answer = p.answer(indicator.id)
            revision = p.revisions.get(indicator.id)
            answers.append(
                {
                    "indicator_id": indicator.id,
                    "rating": answer.rating,
                    "note": answer.note,
                    "revised": vars(revision).copy() if revision else None,
                }
            )
    return {
        "id": p.id,
        "name": p.name,
        "organisation": p.organisation,
        "progress": p.progress.value,
        "started_at": p.started_at,
        "submitted_at": p.submitted_at,
        "answers": answers,
        "health": p.health if revealed else None,
        "health_note": p.health_note if revealed else None,
        "implications": p.implications if revealed else None,
    }


def _json_indicator(
    session: Session, indicator: Indicator, revealed: bool
) -> dict[str, Any]:
    spread = spread_of(session, indicator)
    discussion = session.discussion(indicator.id)
    return {
        "id": indicator.id,
        "category_id": indicator.category_id,
        "title": indicator.title,
        "counts": dict(spread.counts) if revealed else None,
        "unrated": spread.unrated if revealed else None,
        "discussion": {"notes": discussion.notes, "agreed": discussion.agreed},
    }


def json_export(session: Session) -> str:
    """The JSON export as text: UTF-8, readable, with names as typed."""
    return json.dumps(json_data(session), ensure_ascii=False, indent=2) + "\n"
