"""The store without a terminal: saving, refusing, damaged files, old formats."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from builders import answer_all, make_session, make_store
from data.damaged_sessions import DAMAGES, Damage, damage_file

import phr_tui.session as session_module
import phr_tui.session_file as session_file_module
import phr_tui.storage as storage
import phr_tui.store as store_module
from phr_tui.errors import (
    PhrError,
    SessionFileError,
    SessionLockedError,
    SessionSaveError,
)
from phr_tui.session import Phase, Session
from phr_tui.storage import DocumentText, backup_path, dump
from phr_tui.store import (
    SLUG_BYTES,
    SLUG_CHARACTERS,
    SessionStore,
    SessionSummary,
    list_sessions,
    load_session,
    read_session_data,
    restore_backup,
    slug,
)


def first_id(store: SessionStore) -> str:
    return store.session.participants[0].id


def rate_first(store: SessionStore, indicator: str = "financial") -> None:
    pid = first_id(store)
    store.change(lambda s: (s.start_turn(pid), s.rate(pid, indicator, "working-well")))


def count_writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the storage replaces, from now on."""
    written: list[Path] = []
    real = storage.replace_file

    def counting(path, content, **options):
        written.append(path)
        return real(path, content, **options)

    monkeypatch.setattr(storage, "replace_file", counting)
    return written


# The file on disk.


def test_a_new_session_file_is_readable_utf8_json(sessions_dir):
    session = make_session(people=(("Zoë Ångström", "Ærø ★ Skolen"), ("李雷", "北")))
    store = SessionStore.create(sessions_dir, session)

    raw = store.path.read_bytes()
    assert "Zoë Ångström".encode() in raw
    assert "李雷".encode() in raw
    assert b"\\u" not in raw
    assert json.loads(raw) == session.to_docs()
    assert store.path.name == "2026-12-04-autumn-review.json"


def test_the_file_is_a_tinydb_database(store):
    from tinydb import TinyDB

    answer_all(store)
    db = TinyDB(store.path, access_mode="r")
    try:
        names = {d["name"] for d in db.table("participants").all()}
        assert names == {"Ann Lee", "Bo Chen", "Cy Diaz"}
        assert db.table("session").get(doc_id=1)["schema_version"] == 1
    finally:
        db.close()


def test_a_second_session_of_the_same_name_gets_its_own_file(sessions_dir):
    taken = sessions_dir / "2026-12-04-autumn-review.json"
    taken.write_text("someone else's file")

    store = SessionStore.create(sessions_dir, make_session())

    assert store.path.name == "2026-12-04-autumn-review-2.json"
    assert taken.read_text() == "someone else's file"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Autumn review", "autumn-review"),
        ("日本語 タイトル", "日本語-タイトル"),
        ("مراجعة الخريف", "مراجعة-الخريف"),
        ("हिन्दी समीक्षा", "हिन्दी-समीक्षा"),
        ("Café Crème", "café-crème"),
        ("Cafe\u0301 Cre\u0300me", "café-crème"),  # NFD typed, NFC kept
        ("STRASSE Straße", "strasse-strasse"),
        ("Zoë & Ünal — Q4/2026!", "zoë-ünal-q4-2026"),
        ("../../etc/passwd", "etc-passwd"),
        (".hidden", "hidden"),
        ("tab\there\nnew\x00line", "tab-here-new-line"),
        ("right\u202eto-left override", "right-to-left-override"),
        ("\u0301 a loose accent", "a-loose-accent"),
        ("🎉🎉 👩🏽‍💻", "session"),
        ("", "session"),
        ("...", "session"),
    ],
)
def test_slug_keeps_letters_and_digits_of_any_script(title, name):
    assert slug(title) == name


def test_slug_is_bounded_in_characters_and_bytes():
    assert slug("a" * 100) == "a" * SLUG_CHARACTERS
    assert len(slug("合" * 100).encode("utf-8")) <= SLUG_BYTES
    assert slug("合" * 100) == "合" * (SLUG_BYTES // 3)
    assert slug("word " * 30) == ("word-" * 8).rstrip("-")
    assert not slug("a" * 39 + " b").endswith("-")


def test_a_title_in_another_script_names_the_file(sessions_dir):
    store = SessionStore.create(sessions_dir, make_session(title="日本語 タイトル"))
    assert store.path.name == "2026-12-04-日本語-タイトル.json"
    assert SessionStore.open(store.path).session.title == "日本語 タイトル"


def test_a_file_with_a_byte_order_mark_opens_and_is_saved_without_one(store):
    raw = store.path.read_bytes()
    store.path.write_bytes(b"\xef\xbb\xbf" + raw)

    assert load_session(store.path).title == "Autumn review"
    assert read_session_data(store.path) == json.loads(raw)
    [listed] = list_sessions(store.path.parent)
    assert listed.opens and listed.title == "Autumn review"

    reopened = SessionStore.open(store.path)
    rate_first(reopened)
    saved = store.path.read_bytes()
    assert not saved.startswith(b"\xef\xbb\xbf")
    assert SessionStore.open(store.path).session.participants[0].answers

    # A program that had the file open before the mark appeared reads it too.
    store.path.write_bytes(b"\xef\xbb\xbf" + saved)
    rate_first(store, "customer-satisfaction")
    assert not store.path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_headline_counts_only_sessions_that_open(sessions_dir):
    assert (
        SessionSummary.headline([], sessions_dir) == f"Sessions folder: {sessions_dir}"
    )
    make_store(sessions_dir)
    for n in range(12):
        (sessions_dir / f"2026-01-{n + 1:02}-damaged.json").write_text("{")
    summaries = list_sessions(sessions_dir)
    assert len(summaries) == 13
    assert [s.opens for s in summaries].count(True) == 1
    assert SessionSummary.headline(summaries, sessions_dir) == (
        f"1 session in {sessions_dir} · 12 files cannot be opened"
    )
    good = [s for s in summaries if s.opens]
    assert SessionSummary.headline(good * 2, sessions_dir) == (
        f"2 sessions in {sessions_dir}"
    )
    bad = [s for s in summaries if not s.opens][:1]
    assert SessionSummary.headline(bad, sessions_dir) == (
        f"0 sessions in {sessions_dir} · 1 file cannot be opened"
    )


def test_a_sessions_folder_that_is_a_file_is_refused_in_words(tmp_path):
    folder = tmp_path / "sessions"
    folder.write_text("not a folder")

    with pytest.raises(SessionSaveError, match="cannot be made"):
        SessionStore.create(folder, make_session())


def test_the_layout_is_one_answer_a_line_and_decodes_to_the_same_data(store):
    answer_all(store)
    text = store.path.read_text(encoding="utf-8")

    assert '    "financial": {"rating": "working-well", "note": "Ann Lee on Fin' in text
    assert json.loads(text) == store.session.to_docs()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"t": {}},
        {"t": {"1": {"a": [], "b": {}, "c": [1, [2, {"d": None}]], "e": 1.5}}},
        {"t": {"1": {"text": 'quote " slash \\ newline \n tab \t ★'}}},
        {"t": [1, 2], "u": "text", "v": {"1": [{"x": True}]}},
    ],
)
def test_dump_round_trips(data):
    assert json.loads(dump(data)) == data
    assert json.loads(DocumentText().encode(data)) == data


def test_reused_document_text_matches_a_fresh_encoding(store, monkeypatch):
    # Saving reuses the text of unchanged documents; the file must still be
    # exactly what encoding the whole data afresh gives, after every change.
    pid = first_id(store)
    store.change(lambda s: s.start_turn(pid))
    for n, indicator in enumerate(store.session.rubric.indicators):
        store.change(lambda s, i=indicator.id, n=n: s.write_note(pid, i, f"note {n}"))
        raw = store.path.read_bytes()
        assert raw == DocumentText().encode(json.loads(raw))
    answer_all(store)
    store.change(lambda s: s.reveal())
    store.change(lambda s: s.add_step("Plan", "Ann", "2027-01-31", "financial"))
    step = store.session.next_steps[0].id
    store.change(lambda s: s.remove_step(step))
    raw = store.path.read_bytes()
    assert raw == DocumentText().encode(json.loads(raw))
    assert json.loads(raw)["next_steps"] == {}


def test_one_change_is_one_file_write(store, monkeypatch):
    written = count_writes(monkeypatch)
    pid = first_id(store)

    def many_things(s: Session) -> None:
        s.start_turn(pid)
        for indicator in s.rubric.indicators:
            s.rate(pid, indicator.id, "working-well")
            s.write_note(pid, indicator.id, "noted")

    store.change(many_things)
    assert written == [store.path]

    store.change(lambda s: s.rate(pid, "financial", "working-well"))
    assert written == [store.path], "a change that changes nothing writes nothing"


def test_a_change_spanning_tables_is_one_write(revealed_store, monkeypatch):
    written = count_writes(monkeypatch)

    def discuss_and_plan(s: Session) -> None:
        s.discuss("financial", "We agree", "working-well")
        s.add_step("Plan the pipeline", "Bo", "", "financial")
        s.discuss_overall("Fine", s.rubric.health_levels[0].id, "Keep going")

    revealed_store.change(discuss_and_plan)

    assert written == [revealed_store.path]
    data = json.loads(revealed_store.path.read_text())
    assert data["discussions"]["1"]["agreed"] == "working-well"
    assert data["next_steps"]["1"]["what"] == "Plan the pipeline"
    assert data["session"]["1"]["overall"]["implications"] == "Keep going"


def test_the_backup_is_the_previous_version(store):
    before = store.path.read_bytes()
    rate_first(store)

    assert backup_path(store.path).read_bytes() == before
    assert store.path.read_bytes() != before


def test_saving_keeps_the_file_mode(store):
    store.path.chmod(0o600)
    rate_first(store)

    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_a_change_is_saved_durably(store, monkeypatch):
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))

    rate_first(store)

    # The new file's contents, then the folder holding the rename.
    assert len(synced) == 2


def test_reopening_finds_every_change(store):
    answer_all(store)
    store.change(lambda s: s.reveal())
    store.change(lambda s: s.discuss("financial", "Talked ★", "working-well"))

    again = SessionStore.open(store.path).session
    assert again.to_docs() == store.session.to_docs()
    assert again.phase is Phase.REVEALED


# Refusals and failures leave the file and the session as they were.


def test_a_refused_edit_changes_nothing(store):
    pid = first_id(store)
    before = store.path.read_bytes()

    def half_then_refuse(s: Session) -> None:
        s.start_turn(pid)
        s.rate(pid, "financial", "working-well")
        raise PhrError("No, not now.")

    with pytest.raises(PhrError, match="not now"):
        store.change(half_then_refuse)

    assert store.path.read_bytes() == before
    assert store.session.participant(pid).answers == {}
    assert store.session.participant(pid).started_at is None
    rate_first(store, "customer-impact")
    saved = SessionStore.open(store.path).session.participant(pid)
    assert list(saved.answers) == ["customer-impact"]


def test_a_full_disk_is_a_message_and_the_file_stays_whole(store, monkeypatch):
    rate_first(store)
    before = store.path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(SessionSaveError, match="no space left on device"):
        rate_first(store, "customer-impact")

    assert store.path.read_bytes() == before
    assert storage.temporary_files(store.path) == []
    assert "customer-impact" not in store.session.participants[0].answers

    monkeypatch.undo()
    rate_first(store, "process-operation")
    saved = SessionStore.open(store.path).session.participants[0]
    assert sorted(saved.answers) == ["financial", "process-operation"]


def test_a_read_only_store_refuses_changes(store):
    viewer = SessionStore.open(store.path, read_only=True)
    with pytest.raises(SessionLockedError):
        rate_first(viewer)


def test_a_closed_session_opens_read_only(revealed_store):
    revealed_store.change(lambda s: s.close())
    reopened = SessionStore.open(revealed_store.path)

    assert reopened.read_only
    with pytest.raises(SessionLockedError):
        reopened.change(lambda s: s.discuss("financial", "late", None))


def test_closing_in_another_program_makes_this_one_read_only(revealed_store):
    other = SessionStore.open(revealed_store.path)
    other.change(lambda s: s.close())
    before = revealed_store.path.read_bytes()

    with pytest.raises(SessionLockedError, match="closed in another program"):
        revealed_store.change(lambda s: s.discuss("financial", "late", None))

    assert revealed_store.read_only
    assert revealed_store.path.read_bytes() == before


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
def test_a_file_damaged_while_open_is_never_written(store, damage: Damage):
    rate_first(store)
    raw = damage_file(store.path, damage)

    with pytest.raises(SessionSaveError) as caught:
        rate_first(store, "customer-impact")

    message = str(caught.value)
    assert str(store.path) in message
    assert damage.says in message
    assert "was not saved" in message
    assert store.path.read_bytes() == raw
    with pytest.raises(SessionFileError):
        store.refresh()
    assert store.path.read_bytes() == raw


def test_a_file_removed_while_open_is_not_made_again(store):
    store.path.unlink()

    with pytest.raises(SessionSaveError, match="there is no such file"):
        rate_first(store)

    assert not store.path.exists()


def test_leftovers_of_a_killed_save_are_swept(store):
    leftover = store.path.with_name(f".{store.path.name}.abc123.tmp")
    leftover.write_text("half a save")

    rate_first(store)

    assert not leftover.exists()


def test_a_folder_without_write_permission_is_a_message(store, monkeypatch):
    real_open = open

    def no_lock(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_lock)
    with pytest.raises(SessionSaveError, match="cannot make its lock file"):
        rate_first(store)


# Damaged files.


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
def test_a_damaged_file_is_explained_and_left_alone(sessions_dir, damage: Damage):
    path = make_store(sessions_dir).path
    raw = damage_file(path, damage)

    for read_only in (False, True):
        with pytest.raises(SessionFileError) as caught:
            SessionStore.open(path, read_only=read_only)
        message = str(caught.value)
        assert message.startswith(f"{path}: ")
        assert damage.says in message
        assert "Traceback" not in message

    assert path.read_bytes() == raw
    assert sorted(p.name for p in sessions_dir.iterdir()) == [path.name]
    [listed] = list_sessions(sessions_dir)
    assert damage.says in listed.problem


def test_a_folder_is_not_a_session_file(sessions_dir):
    folder = sessions_dir / "2026-01-01-folder.json"
    folder.mkdir()

    with pytest.raises(SessionFileError, match="this is a folder"):
        SessionStore.open(folder)


def test_a_missing_file_is_explained(sessions_dir):
    with pytest.raises(SessionFileError, match="there is no such file"):
        SessionStore.open(sessions_dir / "nowhere.json")


def test_a_file_without_read_permission_is_explained(store, monkeypatch):
    if os.geteuid() != 0:
        store.path.chmod(0)
    else:
        # root reads any file, so the refusal the system would give is faked.
        real = os.open

        def refuse(path, flags, *args):
            if Path(path) == store.path:
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real(path, flags, *args)

        monkeypatch.setattr(os, "open", refuse)

    with pytest.raises(SessionFileError, match="not allowed to read it"):
        SessionStore.open(store.path)


def test_the_last_good_copy_is_offered_and_restored(store):
    rate_first(store)
    good = backup_path(store.path).read_bytes()
    damaged = damage_file(store.path, DAMAGES[2])

    with pytest.raises(SessionFileError) as caught:
        SessionStore.open(store.path)
    assert caught.value.backup == backup_path(store.path)
    assert f"A last good copy exists: {backup_path(store.path)}" in str(caught.value)

    kept = restore_backup(store.path)

    assert kept.read_bytes() == damaged
    assert kept.name.startswith(f"{store.path.name}.damaged-")
    assert store.path.read_bytes() == good
    assert SessionStore.open(store.path).session.participants[0].answers == {}
    assert [s.path for s in list_sessions(store.path.parent)] == [store.path]


def test_a_damaged_backup_is_not_offered(store):
    rate_first(store)
    backup_path(store.path).write_text("{")
    damage_file(store.path, DAMAGES[0])

    with pytest.raises(SessionFileError) as caught:
        SessionStore.open(store.path)

    assert caught.value.backup is None
    assert "last good copy" not in str(caught.value)
    with pytest.raises(SessionFileError, match="no good copy"):
        restore_backup(store.path)


def test_a_newer_format_offers_no_older_copy(store):
    rate_first(store)
    damage_file(store.path, next(d for d in DAMAGES if d.name == "a newer format"))

    with pytest.raises(SessionFileError) as caught:
        SessionStore.open(store.path)

    assert caught.value.backup is None


def test_a_sound_file_is_not_restored_over(store):
    rate_first(store)
    before = store.path.read_bytes()

    with pytest.raises(SessionFileError, match="opens as it is"):
        restore_backup(store.path)

    assert store.path.read_bytes() == before


# Older formats.


def _old_format(data: dict) -> dict:
    """Pretend format 1 called a participant's organisation their 'partner'."""
    for doc in data["participants"].values():
        doc["partner"] = doc.pop("organisation")
    return data


def _from_format_1(data: dict) -> dict:
    for doc in data["participants"].values():
        doc["organisation"] = doc.pop("partner")
    return data


@pytest.fixture
def format_2(monkeypatch: pytest.MonkeyPatch) -> dict:
    """This phr-tui writes a pretend format 2, and upgrades format 1 to it."""
    monkeypatch.setattr(session_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(session_file_module, "SCHEMA_VERSION", 2)
    migrations = {1: _from_format_1}
    monkeypatch.setattr(session_file_module, "MIGRATIONS", migrations)
    return migrations


def _format_1_file(store: SessionStore) -> bytes:
    answer_all(store)
    data = _old_format(json.loads(store.path.read_text()))
    data["session"]["1"]["schema_version"] = 1
    raw = json.dumps(data, indent=1).encode()
    store.path.write_bytes(raw)
    return raw


def test_an_older_format_is_upgraded_keeping_the_original(store, format_2):
    raw = _format_1_file(store)

    upgraded = SessionStore.open(store.path)

    original = store.path.with_name(store.path.name + ".schema-1")
    assert upgraded.original_copy == original
    assert original.read_bytes() == raw
    data = json.loads(store.path.read_text())
    assert data["session"]["1"]["schema_version"] == 2
    assert data["participants"]["1"]["organisation"] == "Acme Learning"
    assert "partner" not in data["participants"]["1"]
    assert upgraded.session.organisations == ["Acme Learning", "Beta Schools"]
    rate_again = upgraded.session.participants[0].answers["financial"].note
    assert rate_again == "Ann Lee on Financial"
    assert [s.path for s in list_sessions(store.path.parent)] == [store.path]


def test_an_older_format_opened_read_only_is_upgraded_in_memory(store, format_2):
    raw = _format_1_file(store)

    viewer = SessionStore.open(store.path, read_only=True)

    assert viewer.session.organisations == ["Acme Learning", "Beta Schools"]
    assert store.path.read_bytes() == raw
    assert read_session_data(store.path)["session"]["1"]["schema_version"] == 2
    assert not list(store.path.parent.glob("*.schema-*"))


def test_a_format_with_no_upgrade_is_explained(store, format_2):
    raw = _format_1_file(store)
    format_2.clear()

    with pytest.raises(SessionFileError, match="cannot upgrade"):
        SessionStore.open(store.path)

    assert store.path.read_bytes() == raw


def test_a_damaged_older_file_is_not_upgraded(store, format_2):
    answer_all(store)
    data = json.loads(store.path.read_text())  # no 'partner' field to rename
    data["session"]["1"]["schema_version"] = 1
    raw = json.dumps(data).encode()
    store.path.write_bytes(raw)

    with pytest.raises(SessionFileError, match="could not be upgraded"):
        SessionStore.open(store.path)

    assert store.path.read_bytes() == raw
    assert not store.path.with_name(store.path.name + ".schema-1").exists()


# Another program's changes.


def test_refresh_reads_another_programs_change(store):
    other = SessionStore.open(store.path)
    assert not store.refresh()

    rate_first(other)

    assert store.refresh()
    assert store.session.participants[0].answer("financial").rating == "working-well"
    assert not store.refresh()


def test_two_stores_keep_each_others_changes(store):
    other = SessionStore.open(store.path)
    first, second = (p.id for p in store.session.participants[:2])

    other.change(
        lambda s: (s.start_turn(second), s.write_note(second, "financial", "B"))
    )
    store.change(lambda s: (s.start_turn(first), s.write_note(first, "financial", "A")))
    other.change(lambda s: s.write_note(second, "customer-impact", "B2"))

    final = SessionStore.open(store.path).session
    assert final.participant(first).answer("financial").note == "A"
    assert final.participant(second).answer("financial").note == "B"
    assert final.participant(second).answer("customer-impact").note == "B2"


def test_a_replaced_file_is_noticed_even_with_the_same_size_and_time(store):
    # Another program's save can match the old file's size and (coarse)
    # modification time; the file's identity still tells them apart.
    rate_first(store)
    old = store.path.stat()
    text = store.path.read_text()
    replacement = store.path.with_name("replacement")
    replacement.write_text(text.replace("Fay Okafor", "Fay Okafo2"))
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, store.path)
    assert store.path.stat().st_size == old.st_size
    assert store.path.stat().st_mtime_ns == old.st_mtime_ns

    assert store.refresh()
    assert store.session.facilitator == "Fay Okafo2"


def test_a_file_changed_in_place_is_noticed(store):
    text = store.path.read_text()
    store.path.write_text(text.replace("Fay Okafor", "Fay Okafo2"))

    assert store.refresh()
    assert store.session.facilitator == "Fay Okafo2"


def test_a_session_opened_through_a_symlink_keeps_the_link(store, tmp_path):
    link = tmp_path / "shared-drive.json"
    link.symlink_to(store.path)
    opened = SessionStore.open(link)
    pid = opened.session.participants[0].id
    opened.change(lambda s: s.start_turn(pid))
    assert link.is_symlink() and link.resolve() == store.path
    assert SessionStore.open(store.path).session.participants[0].started_at
