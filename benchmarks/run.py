"""Measure phr-tui and print one line per figure: value, unit, target, PASS or MISS.

    .venv/bin/python benchmarks/run.py          # the figures the issue asks for
    .venv/bin/python benchmarks/run.py --quick  # tiny sizes, few repeats: a smoke run

See benchmarks/README.md for what each figure measures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the checkout importable as the benchmarks package.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import app_figures, launches, store_figures  # noqa: E402
from benchmarks.figures import (  # noqa: E402
    Figure,
    Target,
    growth_exponent,
    header,
    median,
    percentile,
)
from benchmarks.sessions import Size, save_session  # noqa: E402

MS = 1000

STARTUP = Target(1.3, inclusive=True)
FRAME = Target(16)
KEYS_PER_INDICATOR = Target(2, inclusive=True)
OPEN = REVEAL = Target(300)
SAVE = Target(20)
EXPORT = Target(500)
MEMORY = Target(2)
LINEAR = Target(1.2, inclusive=True)
"""A growth exponent up to 1.2 reads as linear; quadratic growth would be near 2."""


@dataclass(frozen=True)
class Plan:
    """How big and how many: the full run, or a quick one for smoke tests."""

    quick: bool
    launches: int
    """Timed launches of each app for start-up, after `warm_launches` untimed."""
    warm_launches: int
    keystrokes: int
    opens: int
    saves: int
    exports: int
    standard: Size
    """A standard meeting: the start-up and keystroke figures use it."""
    scale: Size
    growth_participants: tuple[int, ...]
    growth_indicators: tuple[int, ...]
    growth_note_length: int

    @property
    def growth_sizes(self) -> list[Size]:
        """Every combination of the growth counts, smallest first."""
        return [
            Size(p, i, self.growth_note_length)
            for p in self.growth_participants
            for i in self.growth_indicators
        ]


FULL = Plan(
    quick=False,
    launches=15,
    warm_launches=1,
    keystrokes=300,
    opens=5,
    saves=100,
    exports=3,
    standard=Size(6, None, 300),
    scale=Size(30, 60, 2000),
    growth_participants=(3, 10, 30),
    growth_indicators=(8, 20, 60),
    growth_note_length=2000,
)
QUICK = Plan(
    quick=True,
    launches=1,
    warm_launches=0,
    keystrokes=10,
    opens=2,
    saves=5,
    exports=1,
    standard=Size(3, None, 50),
    scale=Size(4, 8, 100),
    growth_participants=(2, 3),
    growth_indicators=(4, 8),
    growth_note_length=100,
)


@dataclass(frozen=True)
class Spec:
    """A figure to measure: which section measures it, its name, unit and target."""

    section: str
    name: str
    unit: str
    target: Target


def figure_specs(plan: Plan) -> list[Spec]:
    """Every figure, in the order printed; the smoke test checks the names."""
    scale = plan.scale.label
    specs = [
        Spec("startup", "start-up: phr open / bare Textual app", "x", STARTUP),
        Spec("keystrokes", "keystroke to repaint, rating screen, p50", "ms", FRAME),
        Spec("keystrokes", "keystroke to repaint, rating screen, p95", "ms", FRAME),
        Spec("keystrokes", "keystroke to repaint, reveal screen, p50", "ms", FRAME),
        Spec("keystrokes", "keystroke to repaint, reveal screen, p95", "ms", FRAME),
        Spec(
            "effort",
            "keystrokes to rate default rubric, per indicator",
            "keys",
            KEYS_PER_INDICATOR,
        ),
        Spec("scale", f"open {scale}: SessionStore.open", "ms", OPEN),
        Spec("scale", f"open {scale}: app to first screen", "ms", OPEN),
        Spec("scale", f"reveal {scale}: overview", "ms", REVEAL),
        Spec("scale", f"reveal {scale}: one indicator's detail", "ms", REVEAL),
        Spec("scale", f"reveal {scale}: keystroke to repaint, p95", "ms", FRAME),
        Spec("scale", f"save {scale}: a rating, p50", "ms", SAVE),
        Spec("scale", f"save {scale}: a rating, p95", "ms", SAVE),
        Spec("scale", f"save {scale}: a discussion note, p50", "ms", SAVE),
        Spec("scale", f"save {scale}: a discussion note, p95", "ms", SAVE),
        Spec("scale", f"export {scale}: Markdown", "ms", EXPORT),
        Spec("memory", f"memory {scale}: peak, vs bare Textual app", "x", MEMORY),
    ]
    for size in plan.growth_sizes:
        specs.append(Spec("growth", f"growth {size.label}: save p95", "ms", SAVE))
        specs.append(
            Spec("growth", f"growth {size.label}: reveal overview", "ms", REVEAL)
        )
    specs.append(Spec("growth", "growth: save p95, exponent of p x i", "slope", LINEAR))
    specs.append(
        Spec("growth", "growth: reveal overview, exponent of p x i", "slope", LINEAR)
    )
    return specs


class Report:
    """The values measured and the notes that explain them."""

    def __init__(self) -> None:
        self.values: dict[str, float] = {}
        self.notes: list[str] = []

    def add(self, name: str, value: float) -> None:
        """Record one figure's value."""
        self.values[name] = value

    def note(self, text: str) -> None:
        """Record a line of detail, printed under the table."""
        self.notes.append(text)

    def figures(self, specs: list[Spec]) -> list[Figure]:
        """The specified figures with their values; None where not measured."""
        return [
            Figure(s.name, self.values.get(s.name), s.unit, s.target) for s in specs
        ]


# The sections: each measures its figures and adds their values to the report.


def _startup(plan: Plan, folder: Path, report: Report) -> None:
    here = folder / "startup"
    file = save_session(here, plan.standard, revealed=False, submitted=1)
    times = launches.startup(file, here, plan.launches, plan.warm_launches)
    phr, bare = median(times.phr), median(times.bare)
    report.add("start-up: phr open / bare Textual app", phr / bare)
    report.note(
        f"start-up: phr open {phr * MS:.0f} ms, bare app {bare * MS:.0f} ms "
        f"(medians of {plan.launches} launch{'es' if plan.launches != 1 else ''} "
        "each, alternating; "
        f"{plan.standard.label} session in private rating)"
    )
    if not STARTUP.met(phr / bare):
        report.note("start-up: imported by phr open and not by the bare app:")
        for module in launches.imports_beyond_bare(file, here)[:15]:
            report.note(
                f"    {module.cumulative_ms:7.1f} ms  {module.name}"
                f"  (imported by {module.importer or 'a function, at run time'})"
            )


def _percentiles(report: Report, prefix: str, seconds: list[float]) -> None:
    report.add(f"{prefix}, p50", percentile(seconds, 0.5) * MS)
    report.add(f"{prefix}, p95", percentile(seconds, 0.95) * MS)


def _seconds(
    timed: app_figures.Timed, keys: str = "", *, settled: bool = False
) -> list[float]:
    """Seconds until each keystroke (of these keys) was repainted, or settled."""
    return [
        taken.settled if settled else taken.repainted
        for key, taken in timed
        if not keys or key in keys
    ]


def _keystrokes(plan: Plan, folder: Path, report: Report) -> None:
    rating = asyncio.run(
        app_figures.rating_keystroke_times(
            folder / "rating", plan.standard, plan.keystrokes
        )
    )
    _percentiles(report, "keystroke to repaint, rating screen", _seconds(rating))
    reveal = asyncio.run(
        app_figures.reveal_keystroke_times(
            folder / "reveal", plan.standard, plan.keystrokes
        )
    )
    _percentiles(report, "keystroke to repaint, reveal screen", _seconds(reveal))
    digits = _seconds(rating, "123456789")
    left = _seconds(rating, "left")
    report.note(
        f"keystrokes: {len(rating)} on the rating screen, {len(reveal)} on the "
        f"reveal screen, {plan.standard.label} session. Rating screen p50/p95: "
        f"a rating (saved) {_ms(digits, 0.5)}/{_ms(digits, 0.95)} ms, left "
        f"{_ms(left, 0.5)}/{_ms(left, 0.95)} ms; slowest keystroke "
        f"{max(_seconds(rating)) * MS:.0f} and {max(_seconds(reveal)) * MS:.0f} ms"
    )
    report.note(_settled_note("rating screen", rating))
    report.note(_settled_note("reveal screen", reveal))


def _settled_note(where: str, timed: app_figures.Timed) -> str:
    settled = _seconds(timed, settled=True)
    again = sum(1 for _, taken in timed if taken.settled - taken.repainted > 0.002)
    return (
        f"keystrokes, {where}: until settled (also counting frames that changed "
        f"nothing on screen) p50/p95 {_ms(settled, 0.5)}/{_ms(settled, 0.95)} ms; "
        f"{again} of {len(timed)} keystrokes were followed by such a frame"
    )


def _ms(seconds: list[float], share: float) -> str:
    return f"{percentile(seconds, share) * MS:.0f}" if seconds else "-"


def _effort(plan: Plan, folder: Path, report: Report) -> None:
    effort = asyncio.run(app_figures.keys_to_rate(folder / "effort"))
    report.add(
        "keystrokes to rate default rubric, per indicator",
        effort.keys / effort.indicators,
    )
    report.note(
        f"rating effort: {effort.keys} keystrokes for {effort.indicators} "
        f"indicators, hand-over to submitted: {' '.join(effort.pressed)}"
    )


def _scale(plan: Plan, folder: Path, report: Report) -> None:
    scale = plan.scale.label
    revealed = save_session(folder / "scale", plan.scale, revealed=True)
    report.note(
        f"scale: {scale}, notes of {plan.scale.note_length} characters, a file of "
        f"{revealed.stat().st_size / 1e6:.1f} MB"
    )
    opens = store_figures.time_open(revealed, plan.opens)
    report.add(f"open {scale}: SessionStore.open", median(opens) * MS)

    unrevealed = save_session(folder / "scale-unrevealed", plan.scale, revealed=False)
    shown = asyncio.run(
        app_figures.reveal_timings(revealed, unrevealed, plan.keystrokes)
    )
    report.add(f"open {scale}: app to first screen", shown.first_screen * MS)
    report.add(f"reveal {scale}: overview", shown.overview * MS)
    report.add(f"reveal {scale}: one indicator's detail", shown.detail * MS)
    report.add(
        f"reveal {scale}: keystroke to repaint, p95",
        percentile(_seconds(shown.keystrokes), 0.95) * MS,
    )
    report.note(_settled_note(f"reveal {scale}", shown.keystrokes))

    rating = save_session(
        folder / "scale-rating",
        plan.scale,
        revealed=False,
        submitted=plan.scale.participants - 1,
    )
    for file, what in ((rating, "a rating"), (revealed, "a discussion note")):
        saves = store_figures.time_saves(file, plan.saves)
        _percentiles(report, f"save {scale}: {what}", saves)

    exports = store_figures.time_export(revealed, folder / "exports", plan.exports)
    report.add(f"export {scale}: Markdown", median(exports) * MS)


def _memory(plan: Plan, folder: Path, report: Report) -> None:
    here = folder / "memory"
    revealed = save_session(here, plan.scale, revealed=True)
    phr = launches.peak_memory_kib("phr", revealed, here)
    bare = launches.peak_memory_kib("bare", None, here)
    report.add(f"memory {plan.scale.label}: peak, vs bare Textual app", phr / bare)
    report.note(
        f"memory: phr {phr / 1024:.0f} MiB after the overview and one indicator's "
        f"detail, bare app {bare / 1024:.0f} MiB (peak resident)"
    )


def _growth(plan: Plan, folder: Path, report: Report) -> None:
    saves, reveals = [], []
    for size in plan.growth_sizes:
        here = folder / f"growth-{size.participants}-{size.indicators}"
        file = save_session(here, size, revealed=False)
        # Revealing in the app leaves the file revealed, ready for discussion.
        overview = asyncio.run(app_figures.reveal_from_lobby(file))
        save = percentile(store_figures.time_saves(file, plan.saves), 0.95)
        cells = size.participants * (size.indicators or 0)
        saves.append((cells, save))
        reveals.append((cells, overview))
        report.add(f"growth {size.label}: save p95", save * MS)
        report.add(f"growth {size.label}: reveal overview", overview * MS)
    report.add("growth: save p95, exponent of p x i", growth_exponent(saves))
    report.add("growth: reveal overview, exponent of p x i", growth_exponent(reveals))


SECTIONS: dict[str, Callable[[Plan, Path, Report], None]] = {
    "startup": _startup,
    "keystrokes": _keystrokes,
    "effort": _effort,
    "scale": _scale,
    "memory": _memory,
    "growth": _growth,
}


def measure(plan: Plan, folder: Path, sections: list[str]) -> Report:
    """Run the sections; one that fails is noted and the run goes on."""
    report = Report()
    took = []
    for name in sections:
        started = time.perf_counter()
        try:
            SECTIONS[name](plan, folder, report)
        except Exception as error:  # noqa: BLE001 - reported, and the run goes on
            where = traceback.extract_tb(error.__traceback__)[-1]
            report.note(
                f"{name}: could not measure: {error!r} "
                f"(at {Path(where.filename).name}:{where.lineno})"
            )
        took.append(f"{name} {time.perf_counter() - started:.1f} s")
    report.note("sections took: " + ", ".join(took))
    return report


def _machine() -> str:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    return (
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load}"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table; exit status 1 when a figure misses."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes and few repeats"
    )
    parser.add_argument(
        "--only",
        metavar="SECTION",
        action="append",
        choices=list(SECTIONS),
        help="measure only this section (repeatable): " + ", ".join(SECTIONS),
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    sections = args.only or list(SECTIONS)
    with tempfile.TemporaryDirectory(prefix="phr-bench-") as folder:
        report = measure(plan, Path(folder), sections)
    specs = [s for s in figure_specs(plan) if s.section in sections]
    figures = report.figures(specs)
    print(f"phr-tui benchmarks{' (quick)' if plan.quick else ''}: {_machine()}")
    print(header())
    for figure in figures:
        print(figure.row())
    print()
    if plan.quick:
        print(
            "quick run: tiny sizes and few repeats, to check that every figure "
            "can be measured; its PASS and MISS say nothing of speed"
        )
    for line in report.notes:
        print(line)
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
