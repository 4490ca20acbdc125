"""The `phr` command: help, setting up sessions, checking rubrics, damaged files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import answer_all
from data.damaged_sessions import DAMAGES, damage_file

import phr_tui.app
from phr_tui import __version__, cli
from phr_tui.storage import backup_path
from phr_tui.store import load_session

ROOT = Path(__file__).resolve().parent.parent
RUBRICS = Path(__file__).parent / "data" / "rubrics"
NEW = [
    "new",
    "--title",
    "Autumn review",
    "--partnership",
    "Acme & Beta",
    "--facilitator",
    "Fay Okafor",
    "--date",
    "2026-12-04",
    "--participant",
    "Ann Lee=Acme Learning",
    "--participant",
    "Zoë Brandt=Beta Schools",
]


def phr(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `phr` as users do, in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "phr_tui", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout


class FakeApp:
    """Stands in for the Textual app, recording what it was made with."""

    made: list[FakeApp] = []

    def __init__(self, config, store=None) -> None:
        self.config, self.store = config, store
        self.return_code = 0
        FakeApp.made.append(self)

    def run(self) -> None:
        """The app would run here."""


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> type[FakeApp]:
    FakeApp.made = []
    monkeypatch.setattr(phr_tui.app, "create_app", FakeApp)
    return FakeApp


# Help and usage.


def test_help_names_the_commands():
    result = phr("--help")

    assert result.returncode == 0
    for word in ("new", "open", "review", "export", "rubric", "--sessions"):
        assert word in result.stdout
    no_traceback(result)


def test_version():
    result = phr("--version")

    assert result.returncode == 0
    assert result.stdout.strip() == f"phr-tui {__version__}"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["frobnicate"], "invalid choice"),
        (["new", "--partnership", "P"], "--title"),
        (["export", "x.json", "--format", "pdf"], "invalid choice"),
        (["rubric"], "ACTION"),
        (["open"], "file"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_bad_arguments_are_a_short_usage_error(capsys, args, says):
    with pytest.raises(SystemExit) as caught:
        cli.main(args)

    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: phr")
    assert says in err
    assert len(err.splitlines()) <= 6


def test_a_bad_command_in_a_process_exits_2():
    result = phr("frobnicate")

    assert result.returncode == 2
    assert "usage: phr" in result.stderr
    no_traceback(result)


# Setting up a session before the meeting.


def test_new_prints_the_path_of_a_file_that_holds_the_session(tmp_path):
    folder = tmp_path / "prepared"
    result = phr(*NEW, "--sessions", str(folder))

    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == folder
    session = load_session(path)
    assert session.title == "Autumn review"
    assert session.partnership == "Acme & Beta"
    assert session.facilitator == "Fay Okafor"
    assert session.date == "2026-12-04"
    assert [(p.name, p.organisation) for p in session.participants] == [
        ("Ann Lee", "Acme Learning"),
        ("Zoë Brandt", "Beta Schools"),
    ]
    assert "Zoë Brandt".encode() in path.read_bytes()


def test_the_sessions_folder_can_come_before_the_command(tmp_path, capsys):
    folder = tmp_path / "before"

    assert cli.main(["--sessions", str(folder), *NEW]) == 0

    path = Path(capsys.readouterr().out.strip())
    assert path.parent == folder
    assert load_session(path).title == "Autumn review"


def test_the_sessions_folder_defaults_to_phr_sessions(tmp_path, capsys):
    assert cli.main(NEW) == 0

    path = Path(capsys.readouterr().out.strip())
    assert path.parent == tmp_path / "sessions"


def test_new_on_another_rubric(tmp_path, capsys):
    rubric = RUBRICS / "four-point.yaml"

    assert cli.main([*NEW, "--rubric", str(rubric)]) == 0

    session = load_session(Path(capsys.readouterr().out.strip()))
    assert session.rubric.id == "school-partnership"
    assert len(session.rubric.scale) == 4


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (["--participant", "Ann Lee=Acme Learning"], "at least 2 participants"),
        (["--participant", "Ann=", "--participant", "Bo=B"], "Ann needs a partner"),
        (["--participant", "Ann", "--participant", "Bo=B"], "NAME=ORGANISATION"),
        (["--date", "2026-02-30"], "'2026-02-30' is not a date"),
        (["--title", " "], "needs a title"),
    ],
)
def test_new_with_bad_input_says_why_in_plain_words(tmp_path, capsys, change, says):
    args = NEW[:]
    if change[0] == "--participant":
        args = args[: args.index("--participant")] + change
    else:
        args[args.index(change[0]) + 1] = change[1]

    assert cli.main([*args, "--sessions", str(tmp_path / "s")]) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("phr: ")
    assert says in captured.err
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").iterdir())


def test_new_with_bad_input_in_a_process_exits_1_without_a_traceback(tmp_path):
    result = phr(*NEW[:-2], "--sessions", str(tmp_path / "s"))

    assert result.returncode == 1
    assert result.stderr.startswith("phr: ")
    assert "at least 2 participants" in result.stderr
    no_traceback(result)


def test_new_with_a_broken_rubric_lists_its_problems(tmp_path, capsys):
    broken = RUBRICS / "many-problems.yaml"

    assert cli.main([*NEW, "--rubric", str(broken), "--sessions", "s"]) == 1

    err = capsys.readouterr().err
    assert "The rubric has 6 problems" in err
    assert f"{broken}:3:10:" in err


def test_new_into_a_folder_that_is_a_file_is_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")

    result = phr(*NEW, "--sessions", str(blocker))

    assert result.returncode == 1
    assert "cannot be made" in result.stderr
    no_traceback(result)


# Checking a rubric.


def test_rubric_check_of_a_sound_rubric_exits_0():
    result = phr("rubric", "check", str(RUBRICS / "four-point.yaml"))

    assert result.returncode == 0
    assert "sound" in result.stdout


def test_rubric_check_prints_every_problem_and_exits_1():
    path = RUBRICS / "many-problems.yaml"
    result = phr("rubric", "check", str(path))

    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    assert all(line.startswith(f"{path}:") for line in lines)
    assert "6 problems found" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("name", ["not-utf8.yaml", "not-yaml.yaml", "empty.yaml"])
def test_rubric_check_of_files_that_are_not_rubrics(capsys, name):
    assert cli.main(["rubric", "check", str(RUBRICS / name)]) == 1
    assert str(RUBRICS / name) in capsys.readouterr().out


def test_rubric_check_of_a_missing_file(tmp_path, capsys):
    assert cli.main(["rubric", "check", str(tmp_path / "none.yaml")]) == 1
    assert "there is no such file" in capsys.readouterr().out


def test_the_app_is_not_started_on_a_broken_rubric(fake_app, capsys):
    assert cli.main(["--rubric", str(RUBRICS / "tabs.yaml")]) == 1

    assert fake_app.made == []
    assert "a tab character" in capsys.readouterr().err


# Opening and exporting damaged files.


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
@pytest.mark.parametrize("command", ["open", "export"])
def test_a_damaged_file_exits_1_naming_file_and_problem(store, command, damage):
    raw = damage_file(store.path, damage)

    result = phr(command, str(store.path))

    assert result.returncode == 1
    assert result.stderr.startswith(f"phr: {store.path}: ")
    assert damage.says in result.stderr
    assert result.stdout == ""
    no_traceback(result)
    assert store.path.read_bytes() == raw


def test_opening_a_folder_or_a_missing_file(tmp_path):
    for path, says in ((tmp_path, "this is a folder"), (tmp_path / "x", "no such")):
        result = phr("open", str(path))
        assert result.returncode == 1
        assert says in result.stderr
        no_traceback(result)


def test_a_damaged_file_with_a_good_copy_says_how_to_restore_it(store, fake_app):
    answer_all(store)
    good = backup_path(store.path).read_bytes()
    damage_file(store.path, DAMAGES[2])

    result = phr("open", str(store.path))
    assert result.returncode == 1
    assert f"A last good copy exists: {backup_path(store.path)}" in result.stderr
    assert f"phr open {store.path} --restore" in result.stderr

    assert cli.main(["open", str(store.path), "--restore"]) == 0

    [app] = fake_app.made
    assert app.store is not None and app.store.path == store.path
    assert store.path.read_bytes() == good
    assert list(store.path.parent.glob(f"{store.path.name}.damaged-*"))


def test_open_gives_the_app_the_opened_store(store, fake_app):
    assert cli.main(["open", str(store.path), "--read-only"]) == 0

    [app] = fake_app.made
    assert app.store.path == store.path
    assert app.store.read_only
    assert app.config.open_path == store.path


def test_restore_leaves_a_sound_file_alone(store, fake_app, capsys):
    answer_all(store)
    before = store.path.read_bytes()

    assert cli.main(["open", str(store.path), "--restore"]) == 0

    assert store.path.read_bytes() == before
    assert "nothing was restored" in capsys.readouterr().err


# Exporting from the command line.


def test_export_into_a_missing_folder_is_an_error_in_plain_words(store, tmp_path):
    result = phr("export", str(store.path), "-o", "/nonexistent/dir/x.json")

    assert result.returncode == 1
    assert result.stderr == (
        "phr: Cannot write /nonexistent/dir/x.json: the folder /nonexistent/dir "
        "does not exist. Make it first, or choose another place with -o.\n"
    )
    assert result.stdout == ""
    assert not Path("/nonexistent").exists()


def test_export_to_standard_output_is_utf8_whatever_the_locale(revealed_store):
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run(
        [sys.executable, "-m", "phr_tui", "export", str(revealed_store.path)]
        + ["--format", "md", "-o", "-"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        env=env,
        stdin=subprocess.DEVNULL,
    )

    assert result.returncode == 0, result.stderr
    report = result.stdout.decode("utf-8")
    assert report.startswith("# Autumn review\n")
    assert "★ Working well overall" in report
    assert not (revealed_store.path.parent.parent / "exports").exists()


def test_export_never_writes_over_a_device_or_pipe(store, tmp_path, capsys):
    # A rename over -o /dev/null once put a plain file in its place; a pipe of
    # the test's own stands in for any file that is not an ordinary one.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    answer_all(store)

    status = cli.main(["export", str(store.path), "--format", "md", "-o", str(pipe)])

    assert status == 1
    assert "is not an ordinary file" in capsys.readouterr().err
    assert pipe.is_fifo()
