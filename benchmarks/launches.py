"""Figures that need a process of their own: start-up time and peak memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAUNCH_TIMEOUT_SECONDS = 120


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PHR_SESSIONS"] = str(folder)
    # An installed phr-tui has its modules compiled (pip compiles them, and
    # Python caches what it compiles), as the bare app's Textual has. Where
    # PYTHONDONTWRITEBYTECODE is set, phr_tui would be compiled again on every
    # launch, so both apps cache their bytecode in the run's own folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


def _child(
    args: list[str], folder: Path, *, python_options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_options, "-m", "benchmarks.child", *args],
        cwd=folder,
        env=_environment(folder),
        capture_output=True,
        text=True,
        timeout=LAUNCH_TIMEOUT_SECONDS,
        check=False,
    )


def _checked(done: subprocess.CompletedProcess[str], what: str) -> list[str]:
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-5:])
        raise RuntimeError(f"{what} exited with {done.returncode}: {tail}")
    return done.stdout.split()


def launch_seconds(which: str, file: Path | None, folder: Path) -> float:
    """Seconds from spawning a process to its first screen being ready."""
    args = ["startup", which] + ([str(file)] if file else [])
    spawned = time.monotonic_ns()
    words = _checked(_child(args, folder), f"the {which} launch")
    return (int(words[0]) - spawned) / 1e9


@dataclass(frozen=True)
class Startup:
    """Start-up times of phr and of the bare app, launched in turn."""

    phr: list[float]
    bare: list[float]


def startup(file: Path, folder: Path, launches: int, warm: int = 1) -> Startup:
    """Launch the bare app and `phr open FILE` alternately, `launches` times each.

    `warm` launches of each come first, untimed, so both find their files
    in the cache and their modules compiled.
    """
    for _ in range(warm):
        launch_seconds("bare", None, folder)
        launch_seconds("phr", file, folder)
    phr, bare = [], []
    for _ in range(launches):
        bare.append(launch_seconds("bare", None, folder))
        phr.append(launch_seconds("phr", file, folder))
    return Startup(phr, bare)


def peak_memory_kib(which: str, file: Path | None, folder: Path) -> int:
    """Peak resident memory of one launch, after its screens were shown.

    An untimed launch comes first, so no module is compiled in the one measured.
    """
    launch_seconds(which, file, folder)
    args = ["memory", which] + ([str(file)] if file else [])
    words = _checked(_child(args, folder), f"the {which} memory launch")
    return int(words[words.index("peak") + 1])


@dataclass(frozen=True)
class Imported:
    """A module imported at start-up, and what it cost."""

    name: str
    cumulative_ms: float
    importer: str


def _import_tree(stderr: str) -> list[tuple[str, int, float]]:
    """(module, depth, cumulative ms) for each `-X importtime` line, in order."""
    rows = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        # The name is indented two spaces a level, after one space.
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        rows.append((name.strip(), depth, int(cumulative) / 1000))
    return rows


def _importers(rows: list[tuple[str, int, float]]) -> dict[str, str]:
    # -X importtime prints a module after everything it imports, indented
    # one level deeper, so a module's importer is the next line one level up.
    importers = {}
    for n, (name, depth, _) in enumerate(rows):
        for later, later_depth, _ in rows[n + 1 :]:
            if later_depth < depth:
                importers[name] = later
                break
    return importers


def imports_beyond_bare(file: Path, folder: Path) -> list[Imported]:
    """Modules `phr open FILE` imports that the bare app does not, costliest first.

    Listed are phr_tui's own modules and the outside modules a phr_tui module
    imports directly, each with its cumulative import time.
    """
    bare = _child(["startup", "bare"], folder, python_options=("-X", "importtime"))
    phr = _child(
        ["startup", "phr", str(file)], folder, python_options=("-X", "importtime")
    )
    bare_names = {name for name, _, _ in _import_tree(bare.stderr)}
    rows = _import_tree(phr.stderr)
    importers = _importers(rows)
    found = [
        Imported(name, cumulative, importers.get(name, ""))
        for name, _, cumulative in rows
        if name not in bare_names
        and (
            name.startswith("phr_tui") or importers.get(name, "").startswith("phr_tui")
        )
    ]
    return sorted(found, key=lambda i: i.cumulative_ms, reverse=True)
