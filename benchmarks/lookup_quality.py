"""Lookup quality on practitioners' queries: recall@1, recall@5 and MRR, beside a Ctrl+F baseline.

    python benchmarks/lookup_quality.py            # tuning queries only
    python benchmarks/lookup_quality.py --heldout  # the held-out queries (score these only at the end)
    python benchmarks/lookup_quality.py --all --misses
    python benchmarks/lookup_quality.py --no-meaning   # words only, as the default install searches

A query is found at k when any of its right answers (``pack:id``) is among the top k results of
``threshold lookup`` over both packs. The Ctrl+F baseline is what a reader of the PDFs gets: the
query as a literal, case-insensitive substring of a descriptor or criterion, in guide order.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from threshold_cli.io.resources import builtin_pack_files
from threshold_cli.retrieval import semantic
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.lookup import lookup
from threshold_cli.retrieval.store import index_for

HERE = Path(__file__).resolve().parent


def ctrl_f(index: Index, query: str, limit: int) -> list[str]:
    needle = query.lower().strip()
    out: list[str] = []
    for e in index.entries:
        key = f"{e.pack}:{e.ref}"
        if e.kind != "tier" and needle in e.text.lower() and key not in out:
            out.append(key)
        if len(out) >= limit:
            break
    return out


def rank(found: list[str], relevant: set[str]) -> int | None:
    return next((n for n, key in enumerate(found, 1) if key in relevant), None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--heldout", action="store_true", help="score only the held-out queries")
    which.add_argument("--all", action="store_true", help="score every query")
    parser.add_argument("--misses", action="store_true", help="list queries not found in the top 5")
    parser.add_argument(
        "--meaning",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="re-rank by meaning (default: when the semantic extra is installed); --no-meaning: words only",
    )
    parser.add_argument("--queries", type=Path, default=HERE / "lookup_queries.yaml")
    args = parser.parse_args()

    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    if not args.all:
        queries = [q for q in queries if bool(q.get("heldout")) == args.heldout]
    index = index_for(builtin_pack_files())

    rows: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    misses = []
    for q in queries:
        relevant = set(q["relevant"])
        hits = lookup(q["query"], [], limit=10, meaning=args.meaning).hits
        found = [f"{h.entry.pack}:{h.entry.ref}" for h in hits]
        r = rank(found, relevant)
        b = rank(ctrl_f(index, q["query"], 10), relevant)
        for kind in (q["kind"], "ALL"):
            rows[kind]["r1"].append(float(r == 1))
            rows[kind]["r5"].append(float(r is not None and r <= 5))
            rows[kind]["mrr"].append(1.0 / r if r else 0.0)
            rows[kind]["b1"].append(float(b == 1))
            rows[kind]["b5"].append(float(b is not None and b <= 5))
            rows[kind]["bmrr"].append(1.0 / b if b else 0.0)
        if r is None or r > 5:
            misses.append((q["kind"], q["query"], found[:3]))

    label = "held-out" if args.heldout else ("all" if args.all else "tuning")
    meaning = semantic.available() if args.meaning is None else args.meaning
    mode = "words and meaning (semantic extra)" if meaning else "words only (default install)"
    print(f"lookup quality on {len(queries)} {label} queries, {mode} (recall@k: a right answer in the top k)")
    print(f"{'kind':<12}{'n':>4}  {'R@1':>6}{'R@5':>7}{'MRR':>7}   |  Ctrl+F {'R@1':>6}{'R@5':>7}{'MRR':>7}")
    order = [*sorted(k for k in rows if k != "ALL"), "ALL"]
    for kind in order:
        m = {k: statistics.fmean(v) for k, v in rows[kind].items()}
        n = len(rows[kind]["r1"])
        print(
            f"{kind:<12}{n:>4}  {m['r1']:>6.1%}{m['r5']:>7.1%}{m['mrr']:>7.3f}   |  "
            f"       {m['b1']:>6.1%}{m['b5']:>7.1%}{m['bmrr']:>7.3f}"
        )
    if args.misses:
        print("\nnot in the top 5:")
        for kind, query, top in misses:
            print(f"  [{kind}] {query!r} -> {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
