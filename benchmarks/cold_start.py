"""Cold start: wall time of one `threshold` command in a fresh process, beside `python -c pass`.

    python benchmarks/cold_start.py              # 15 runs of each command
    python benchmarks/cold_start.py --runs 31

Lookup is timed both ways: ``--no-meaning`` is the default install's path; ``--meaning`` (when the
semantic extra is installed) adds NumPy, the encoder's weights and one encoded sentence.
Uses the interpreter running this script and the `threshold` script beside it (the venv's), from the
repository root. The index cache lives in a private temporary folder and is warmed first: every command
runs once untimed (and must succeed) before the timed runs, which go round-robin so that background noise
falls on every command alike. Shown: the median and the fastest run in ms, and the median as a multiple
of the median of `python -c pass` (the floor any Python CLI pays).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EXAMPLE = "examples/norfolk-missing-cse.yaml"


def commands() -> list[tuple[str, list[str]]]:
    threshold = str(BIN / "threshold")
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("threshold --version", [threshold, "--version"]),
        # --no-meaning is what the default install runs (no NumPy, so no meaning re-ranking)
        ('threshold lookup "goes missing" --no-meaning', [threshold, "lookup", "goes missing", "--no-meaning"]),
        ("threshold lookup negelct --no-meaning (typo)", [threshold, "lookup", "negelct", "--no-meaning"]),
        *meaning(threshold),
        (f"threshold assess {EXAMPLE} --pack norfolk", [threshold, "assess", EXAMPLE, "--pack", "norfolk"]),
        ("threshold validate rulepacks/norfolk.yaml", [threshold, "validate", "rulepacks/norfolk.yaml"]),
    ]


def meaning(threshold: str) -> list[tuple[str, list[str]]]:
    """With the semantic extra: NumPy, the encoder's weights and one sentence encoded."""
    from threshold_cli.retrieval import semantic

    if not semantic.available():
        return []
    return [('threshold lookup "goes missing" --meaning', [threshold, "lookup", "goes missing", "--meaning"])]


def once(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    return (time.perf_counter() - start) * 1000, done.returncode, done.stderr.decode(errors="replace")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    args = parser.parse_args()

    print(describe())
    with tempfile.TemporaryDirectory(prefix="threshold-cold-") as cache:
        env = {**os.environ, "THRESHOLD_CACHE_DIR": cache, "NO_COLOR": "1"}
        env.pop("THRESHOLD_NO_CACHE", None)
        table = commands()
        for label, argv in table:  # warm-up: builds the index cache; every command must succeed
            _, code, err = once(argv, env)
            if code != 0:
                sys.exit(f"{label}: exit {code}\n{err}")
        print(f"index cache: warmed by one untimed run of each command (private folder); {args.runs} timed runs each\n")
        times: dict[str, list[float]] = {label: [] for label, _ in table}
        for _ in range(args.runs):
            for label, argv in table:
                ms, code, err = once(argv, env)
                if code != 0:
                    sys.exit(f"{label}: exit {code}\n{err}")
                times[label].append(ms)
    floor = statistics.median(times[table[0][0]])
    width = max(len(label) for label, _ in table)
    header = f"{'command':<{width}}  {'median ms':>10}  {'min ms':>8}  {'x python -c pass':>16}"
    print(header)
    print("-" * len(header))
    for label, _ in table:
        median = statistics.median(times[label])
        print(f"{label:<{width}}  {median:>10.1f}  {min(times[label]):>8.1f}  {median / floor:>15.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
