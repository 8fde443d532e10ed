"""Assess throughput and per-case latency on generated, realistic case files, for both packs.

    python benchmarks/assess_bench.py                       # 10,000 cases, 3 end-to-end runs per pack
    python benchmarks/assess_bench.py --n 2000 --repeat 1   # a quick run
    python benchmarks/assess_bench.py --keep cases/         # also keep the generated case files

Cases are generated with a fixed seed from practitioners' own phrasings (every free-text concern and
strength in examples/ and rulepacks/*.tests.yaml), lightly varied (who reported it, how often, since when),
with ages, child facts, concerns pinned to indicators both packs share, the odd named statutory criterion,
strengths, Signs of Safety fields, consent and decisions. Two measurements per pack:

* end to end: ``threshold assess DIR --pack P --format jsonl --output FILE`` in a fresh process (median of
  ``--repeat`` runs; the index cache is warmed first by one untimed run), as cases per second;
* in-process latency over the first ``--latency-cases`` files: ``read_case`` (read, validate, assess) and
  ``to_json``, median and p95, through the library as a long-running service would call it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from machine import describe
from phrasings import phrasings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOURCES = ["", "", "", "School reports: ", "DSL notes: ", "Health visitor: ", "Mum says ", "Police notify: "]
WHEN = ["", "", "", " since September", " this term", " on three occasions now", " over the last month"]


def shared_ids() -> tuple[list[str], list[str]]:
    """Indicator and criterion ids both built-in packs have, so every case is valid for either pack."""
    from threshold_cli.io.loader import load_pack

    packs = [load_pack(name).model for name in ("norfolk", "sutton")]
    indicators = set.intersection(*({i.id for _, _, i in p.indicators()} for p in packs))
    criteria = set.intersection(*({c.id for c in p.statutory} for p in packs))
    return sorted(indicators), sorted(criteria)


def generate(n: int, seed: int, folder: Path) -> dict[str, float]:
    rng = random.Random(seed)
    pool = phrasings()
    concerns, strengths, needs = pool.concerns, pool.strengths, pool.needs
    indicators, criteria = shared_ids()
    total = 0
    for k in range(n):
        items: list[Any] = []
        for _ in range(rng.choices([1, 2, 3, 4, 5, 6], weights=[20, 30, 25, 13, 8, 4])[0]):
            words = rng.choice(SOURCES) + rng.choice(concerns) + rng.choice(WHEN)
            roll = rng.random()
            if roll < 0.12:
                pinned: dict[str, Any] = {"text": words, "indicator": rng.choice(indicators)}
                if rng.random() < 0.6:
                    pinned["tier"] = rng.randint(1, 4)
                pinned["source"] = rng.choice(["DSL", "Health visitor", "School nurse", "Police"])
                items.append(pinned)
            elif roll < 0.14:
                items.append({"statutory": rng.choice(criteria), "text": words})
            else:
                items.append(words)
        total += len(items)
        case: dict[str, Any] = {"reference": f"BENCH-{k:06d}"}
        age = rng.choice([0.2, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 9, 11, 12, 13, 14, 15, 16, 17])
        child: dict[str, Any] = {"age": age}
        if age < 1.5 and rng.random() < 0.5:
            child["mobile"] = rng.random() < 0.5
        if rng.random() < 0.05:
            child["disabled"] = True
        case["child"] = child
        case["concerns"] = items
        if rng.random() < 0.7:
            case["working_well"] = rng.sample(strengths, rng.randint(1, 3))
        if rng.random() < 0.5:
            case["needs_to_happen"] = rng.sample(needs, rng.randint(1, 2))
        if rng.random() < 0.5:
            case["scaling"] = rng.randint(0, 10)
        if rng.random() < 0.6:
            status = rng.choice(["given", "given", "refused", "not-sought"])
            case["consent"] = {"status": status, "reason": "" if status == "given" else "Recorded by the DSL"}
        if rng.random() < 0.1:  # a decision with its reason, so a decision below the reading is never refused
            case["decision"] = {"tier": rng.randint(1, 4), "reason": "Discussed with the DSL", "by": "DSL"}
        text = yaml.safe_dump(case, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"case-{k:06d}.yaml").write_text(text, encoding="utf-8")
    return {"concerns_per_case": total / n}


def end_to_end(folder: Path, pack: str, n: int, repeat: int, env: dict[str, str]) -> list[float]:
    threshold = str(BIN / "threshold")
    with tempfile.TemporaryDirectory(prefix="threshold-bench-out-") as out_dir:
        output = Path(out_dir) / "readings.jsonl"
        first = sorted(folder.iterdir())[0]
        subprocess.run([threshold, "assess", str(first), "--pack", pack], env=env, capture_output=True, check=True)
        times = []
        for _ in range(repeat):
            args = [threshold, "assess", str(folder), "--pack", pack, "--format", "jsonl", "--output", str(output)]
            start = time.perf_counter()
            done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            lines = output.read_text(encoding="utf-8").count("\n")
            if done.returncode != 0 or lines != n:
                sys.exit(f"assess failed (exit {done.returncode}, {lines} of {n} lines): {done.stderr[:500]}")
    return times


def latency(folder: Path, pack: str, count: int) -> tuple[list[float], list[float]]:
    from threshold_cli.engine.batch import open_pack, read_case
    from threshold_cli.engine.reading import reading_of
    from threshold_cli.render.assess import to_json

    context = open_pack(pack)
    files = sorted(folder.iterdir())[:count]
    for path in files[:20]:  # warm imports and memoised stems, as a running service would be
        to_json(reading_of(read_case(path, context), context))
    reads, renders = [], []
    for path in files:
        start = time.perf_counter()
        result = read_case(path, context)
        middle = time.perf_counter()
        to_json(reading_of(result, context))
        end = time.perf_counter()
        if result.error is not None:
            sys.exit(f"{path}: {result.error}")
        reads.append((middle - start) * 1000)
        renders.append((end - middle) * 1000)
    return reads, renders


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="how many case files to generate (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs per pack; the median is shown")
    parser.add_argument("--latency-cases", type=int, default=500, help="cases timed one by one in-process")
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--packs", nargs="+", default=["norfolk", "sutton"])
    parser.add_argument("--keep", type=Path, help="write the generated cases here and keep them")
    args = parser.parse_args()

    from threshold_cli import __version__

    print(f"{describe()}\ntool:    threshold {__version__}")
    with tempfile.TemporaryDirectory(prefix="threshold-bench-") as tmp:
        folder = args.keep or Path(tmp) / "cases"
        folder.mkdir(parents=True, exist_ok=True)
        cache = Path(tmp) / "cache"
        os.environ["THRESHOLD_CACHE_DIR"] = str(cache)  # a private index cache, warmed before timing
        env = {**os.environ, "NO_COLOR": "1"}
        start = time.perf_counter()
        stats = generate(args.n, args.seed, folder)
        print(
            f"cases:   {args.n:,} generated in {time.perf_counter() - start:.1f} s (seed {args.seed}), "
            f"{stats['concerns_per_case']:.2f} concerns per case on average"
        )
        print(
            f"timing:  end to end = median of {args.repeat} run(s) of `threshold assess DIR --pack P --format jsonl "
            f"--output FILE` after one untimed run (index cache warm);\n"
            f"         in-process = read_case + to_json over {min(args.latency_cases, args.n)} cases, one at a time\n"
        )
        header = (
            f"{'pack':<9}{'e2e median s':>13}{'cases/s':>10}{'ms/case':>9}   "
            f"{'read+assess p50':>16}{'p95':>8}   {'to_json p50':>12}{'p95':>8}"
        )
        print(header)
        print("-" * len(header))
        for pack in args.packs:
            times = end_to_end(folder, pack, args.n, args.repeat, env)
            median = statistics.median(times)
            reads, renders = latency(folder, pack, min(args.latency_cases, args.n))
            print(
                f"{pack:<9}{median:>13.2f}{args.n / median:>10.0f}{median / args.n * 1000:>9.2f}   "
                f"{statistics.median(reads):>13.2f} ms{p95(reads):>8.2f}   "
                f"{statistics.median(renders):>9.2f} ms{p95(renders):>8.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
