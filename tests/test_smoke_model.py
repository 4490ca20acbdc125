"""The foundation holds together: a whole session through the model and store."""

from phr_tui.session import Phase, Progress
from phr_tui.store import SessionStore


def test_revealed_store_round_trips(revealed_store):
    reopened = SessionStore.open(revealed_store.path)
    session = reopened.session
    assert session.phase is Phase.REVEALED
    assert [p.progress for p in session.participants] == [Progress.SUBMITTED] * 3
    ann = session.participants[0]
    assert ann.answer("financial").note == "Ann Lee on Financial"
