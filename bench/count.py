"""Instructions, not milliseconds: what a build costs, counted by valgrind.

On a shared machine the wall times of bench.py move by a third from one hour to the
next; the number of instructions a process executes does not (to a few tenths of a
per cent). This counts, with valgrind's cachegrind, the cold one-leaflet build, the
bare ReportLab script bench.py compares it with, and one rebuild after a word changed
in a warm process (what `leaflet watch` does), and prints them side by side:

    python bench/count.py            # about a minute; needs valgrind (apt-get install valgrind)

An instruction is not a nanosecond: a larger program also waits more on memory, so
the ratio of wall times comes out somewhat above the ratio of instructions.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench

REBUILDS = 4
WARM = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
import bench
from leaflet.build.make import make
root, rebuilds = Path(sys.argv[1]), int(sys.argv[2])
make(root, None, ["mmn"], ["da"], force=True)
text = root / "leaflets" / "mmn" / "da.yaml"
original = text.read_text(encoding="utf-8")
for n in range(rebuilds):
    bench.toggle_one_word(text, original)  # a word added, then taken away again
    make(root, None, ["mmn"], ["da"])
"""


def instructions(argv: list[str], cwd: Path) -> int:
    """The instructions ``argv`` executes, as cachegrind counts them (``I refs``)."""
    run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                          "--cachegrind-out-file=/dev/null", *argv], cwd=cwd,
                         env=bench.process_env(cwd), capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"count: {' '.join(argv[:4])} … failed:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    if not shutil.which("valgrind"):
        print("count: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="leaflet-count-") as folder:
        work = bench.copy_project(Path(folder) / "project")
        fonts = bench.fonts_folder()
        bare = Path(folder) / "bare_reportlab.py"
        bare.write_text(bench.reportlab_script(), encoding="utf-8")
        warm = Path(folder) / "warm.py"
        warm.write_text(WARM, encoding="utf-8")
        cold = [bench.PY, "-m", "leaflet", "build", "mmn", "--lang", "da", "--root", str(work)]
        # Once untimed: Python compiles what it has not compiled yet.
        subprocess.run(cold, env=bench.process_env(work), capture_output=True)
        shutil.rmtree(work / "output")
        counts = {
            "leaflet: 1 leaflet cold (mmn-da, print+screen)": instructions(cold, work),
            "reportlab: bare script, 1 tri-fold (one PDF)": instructions(
                [bench.PY, str(bare), str(work / "leaflets" / "mmn" / "da.yaml"), str(fonts),
                 str(Path(folder) / "bare.pdf")], work),
        }
        here = str(Path(__file__).resolve().parent)
        settled = instructions([bench.PY, str(warm), str(work), "0", here], work)
        rebuilt = instructions([bench.PY, str(warm), str(work), str(REBUILDS), here], work)
        counts["leaflet: one rebuild in a warm process (a word changed)"] = (
            (rebuilt - settled) // REBUILDS)
    scale = counts["reportlab: bare script, 1 tri-fold (one PDF)"]
    print(f"{'what':60} {'instructions':>14} {'× bare':>7}")
    for name, count in counts.items():
        print(f"{name:60} {count / 1e6:12.0f} M {count / scale:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
