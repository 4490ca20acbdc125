"""The benchmark runs end to end and prints its table; the values are not judged.

Timed assertions would be flaky, so this checks only that `--quick` measures
every figure and prints one well-formed line for each, in order.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.figures import ROW, header  # noqa: E402
from benchmarks.run import QUICK, figure_specs  # noqa: E402


def test_quick_run_prints_one_line_per_figure(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # 0 when every figure passes, 1 when one misses; anything else is a crash.
    assert done.returncode in (0, 1), done.stderr

    lines = done.stdout.splitlines()
    assert lines[0].startswith("phr-tui benchmarks (quick): ")
    assert lines[1] == header()
    specs = figure_specs(QUICK)
    table = lines[2 : 2 + len(specs)]
    rows = [ROW.match(line) for line in table]
    malformed = [line for line, row in zip(table, rows, strict=True) if not row]
    assert not malformed, "\n".join(malformed)
    assert [row["name"] for row in rows if row] == [s.name for s in specs]
    assert [row["target"] for row in rows if row] == [str(s.target) for s in specs]
    assert lines[2 + len(specs)] == "", "the table ends with a blank line"

    # Every figure was measured: "error" means a section could not run.
    errors = [row["name"] for row in rows if row and row["value"] == "error"]
    assert not errors, done.stdout
