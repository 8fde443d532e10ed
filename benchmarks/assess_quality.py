"""How well ``assess`` reads practitioners' concerns: agreement, under- and over-triage, s47 recall.

    python benchmarks/assess_quality.py                          # the tuning half, both packs
    python benchmarks/assess_quality.py --misses                 # ... and every miss, with what was read
    python benchmarks/assess_quality.py --max-under 0.1 --min-agree 0.6   # exit 1 below the bars (CI)
    python benchmarks/assess_quality.py --set held-out --log "why"        # a milestone: appended to README

The items (``benchmarks/assess/*.yaml``, format in ``assess_set.py``) were written blind, by helpers
who never ran or read the engine, and labelled independently by two more. Per pack and overall it
prints: agreement (the tier read is one the labels accept), under-triage (below the floor, or no tier),
over-triage (above every accepted tier), s47 recall and precision, a confusion matrix of the lowest
accepted tier against the tier read, and the same figures per failure class. Runs in-process; no
network, nothing written except the log row that ``--log`` asks for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from assess_set import PACKS, Item, PackLabel, load_set
from machine import describe
from threshold_cli.engine.assess import assess
from threshold_cli.engine.batch import PackContext, open_pack
from threshold_cli.model.assessment import Assessment
from threshold_cli.model.case import Case
from threshold_cli.model.errors import ThresholdError

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "tuning": ROOT / "benchmarks/assess/tuning.yaml",
    "held-out": ROOT / "benchmarks/assess/held-out.yaml",
    "held-out-2": ROOT / "benchmarks/assess/held-out-2.yaml",  # a later round, whole: its own scorings
}
LOG = ROOT / "benchmarks/README.md"
LOG_MARK = "<!-- assess held-out log: one row per scoring, newest last -->"


@dataclass(frozen=True)
class Reading:
    item: Item
    pack: str
    tier: int | None
    s47: tuple[str, ...]
    rules: tuple[str, ...]
    matched: tuple[str, ...]
    triggered: tuple[tuple[str, str], ...] = ()
    """Each s47 criterion met from the text, with the words that met its trigger."""

    @property
    def label(self) -> PackLabel:
        label: PackLabel = getattr(self.item.expected, self.pack)
        return label

    @property
    def agrees(self) -> bool:
        return self.tier in self.label.accepted

    @property
    def under(self) -> bool:
        """Below the floor; no tier at all is under-triage unless the item needs nothing beyond Tier 1."""
        return (self.tier or 1) < self.label.floor

    @property
    def over(self) -> bool:
        return self.tier is not None and self.tier > max(self.label.accepted)


def read(item: Item, pack_name: str, context: PackContext) -> Reading:
    got: Assessment = assess(Case.model_validate(item.case()), context.pack, context.index)
    return Reading(
        item,
        pack_name,
        got.tier,
        tuple(s.id for s in got.statutory if s.section == "s47"),
        tuple(r.id for r in got.rules_fired),
        tuple(f"{e.indicator}@{e.tier}: {e.descriptor}" for e in got.evidence),
        tuple((s.id, " + ".join(s.because)) for s in got.statutory if s.section == "s47" and s.match == "text"),
    )


def figures(readings: list[Reading]) -> dict[str, float | int]:
    n = len(readings)
    positive = [r for r in readings if r.label.s47]
    flagged = [r for r in readings if r.s47]
    hits = sum(1 for r in positive if r.s47)
    return {
        "n": n,
        "agree": sum(r.agrees for r in readings) / n if n else 0.0,
        "under": sum(r.under for r in readings) / n if n else 0.0,
        "over": sum(r.over for r in readings) / n if n else 0.0,
        "under_on_s47": sum((r.tier or 0) < 4 for r in positive),
        "s47_items": len(positive),
        "s47_recall": hits / len(positive) if positive else 1.0,
        "s47_precision": sum(1 for r in flagged if r.label.s47) / len(flagged) if flagged else 1.0,
    }


READ_COLUMNS: tuple[int | None, ...] = (None, 1, 2, 3, 4)


def confusion(readings: list[Reading]) -> dict[int, list[int]]:
    """Lowest accepted tier (rows 1-4) against the tier read (no tier, then 1-4)."""
    counts = Counter((min(r.label.accepted), r.tier) for r in readings)
    return {row: [counts[(row, col)] for col in READ_COLUMNS] for row in (1, 2, 3, 4)}


def confusion_table(readings: list[Reading]) -> str:
    lines = ["    labelled \\ read " + "".join(f"{'none' if c is None else c:>6}" for c in READ_COLUMNS)]
    for row, counts in confusion(readings).items():
        lines.append(f"    Tier {row}          " + "".join(f"{n:>6}" for n in counts))
    return "\n".join(lines)


def by_class(readings: list[Reading]) -> dict[str, list[Reading]]:
    """Readings per failure class probed, and the near-misses as one more class."""
    out: dict[str, list[Reading]] = defaultdict(list)
    for r in readings:
        for c in r.item.classes:
            out[c].append(r)
        if r.item.near_miss:
            out["near-misses"].append(r)
    return dict(sorted(out.items()))


def line(name: str, f: dict[str, float | int]) -> str:
    recall = f"{f['s47_recall']:6.1%}" if f["s47_items"] else "     -"
    return (
        f"  {name:<22} n={f['n']:<4} agree {f['agree']:6.1%}  under {f['under']:6.1%}  over {f['over']:6.1%}  "
        f"s47 recall {recall} ({f['s47_items']})  precision {f['s47_precision']:6.1%}"
    )


def report(readings: list[Reading], misses: bool) -> str:
    out = []
    for pack in (*PACKS, "overall"):
        mine = [r for r in readings if pack in (r.pack, "overall")]
        out.append(line(pack, figures(mine)))
    for pack in PACKS:
        out.append("")
        out.append(f"  confusion ({pack}): lowest accepted tier against the tier read")
        out.append(confusion_table([r for r in readings if r.pack == pack]))
    out.append("")
    out.append("  per failure class (both packs)")
    for name, mine in by_class(readings).items():
        out.append(line(name, figures(mine)))
    if misses:
        out.append("")
        out.append("  misses (under first)")
        wrong = sorted((r for r in readings if not r.agrees), key=lambda r: (not r.under, r.item.id, r.pack))
        for r in wrong:
            kind = "UNDER" if r.under else "OVER" if r.over else "OFF"
            lab = r.label
            out.append(
                f"  {kind:<5} {r.item.id} {r.pack}: read {r.tier}, accepted {lab.accepted} floor {lab.floor}"
                f" s47 {lab.s47 or '-'} | read s47 {', '.join(r.s47) or '-'} | rules {', '.join(r.rules) or '-'}"
            )
            for text in r.item.concerns:
                out.append(f"        concern: {text}")
            for m in r.matched:
                out.append(f"        matched: {m}")
    return "\n".join(out)


def trigger_report(readings: list[Reading]) -> str:
    """Per s47 criterion: how often its triggers met the text of an item labelled s47 (any criterion)
    and of one labelled without, with the words that met it on the latter: where precision is lost."""
    right: Counter[str] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    for r in readings:
        for criterion, words in r.triggered:
            if r.label.s47:
                right[criterion] += 1
            else:
                wrong[criterion][f"{words}  [{r.item.id} {r.pack}]"] += 1
    out = ["  s47 triggers: met on s47-labelled items / on items labelled without (the words that met it)"]
    for criterion in sorted(set(right) | set(wrong), key=lambda c: -sum(wrong[c].values())):
        false = sum(wrong[criterion].values())
        out.append(f"  {criterion:<44} {right[criterion]:>4} / {false:<4}")
        out += [f"      {words}" for words in sorted(wrong[criterion])]
    return "\n".join(out)


def log_scoring(readings: list[Reading], path: Path, note: str) -> None:
    """Append one row to the held-out log in benchmarks/README.md (every held-out scoring is logged,
    with the set it scored)."""
    text = LOG.read_text(encoding="utf-8")
    if LOG_MARK not in text:
        raise SystemExit(f"assess_quality: {LOG} has no held-out log table (marker {LOG_MARK!r})")
    cells = []
    for pack in PACKS:
        f = figures([r for r in readings if r.pack == pack])
        cells.append(
            f"{f['agree']:.1%} / {f['under']:.1%} / {f['over']:.1%} / {f['s47_recall']:.1%} / {f['s47_precision']:.1%}"
        )
    items = len({r.item.id for r in readings})
    row = f"| {dt.date.today().isoformat()} | {path.name} ({items}) | {' | '.join(cells)} | {note} |"
    head, tail = text.split(LOG_MARK, 1)
    table, _, rest = tail.partition("\n\n")
    LOG.write_text(head + LOG_MARK + table.rstrip("\n") + "\n" + row + "\n\n" + rest, encoding="utf-8")


BARS = {  # flag: (figure, higher is better, name)
    "min_agree": ("agree", True, "agreement"),
    "max_under": ("under", False, "under-triage"),
    "max_over": ("over", False, "over-triage"),
    "min_s47_recall": ("s47_recall", True, "s47 recall"),
}


def unmet_bars(overall: dict[str, float | int], bars: dict[str, float | None]) -> list[str]:
    out = []
    for flag, bar in bars.items():
        if bar is None:
            continue
        key, higher, name = BARS[flag]
        value = float(overall[key])
        if (value < bar) if higher else (value > bar):
            out.append(f"{name} {value:.1%} is {'below' if higher else 'above'} the bar {bar:.1%}")
    return out


def coverage_line(contexts: dict[str, PackContext]) -> str:
    """How many of both packs' rows at least two items (in either half) were written for: the set's promise."""
    items = [item for path in SETS.values() for item in load_items(path)]
    counts = Counter(row for item in items for row in set(item.rows))
    rows = [f"{pack}:{indicator.id}" for pack in PACKS for _, _, indicator in contexts[pack].pack.indicators()]
    thin = [f"{row} ({counts[row]})" for row in rows if counts[row] < 2]
    return f"\n  coverage (both halves): {len(rows) - len(thin)} of {len(rows)} rows have two or more items" + "".join(
        f"\n    thin: {row}" for row in thin
    )


def load_items(path: Path) -> list[Item]:
    loaded = load_set(path)
    if isinstance(loaded, list):
        raise SystemExit("\n".join(str(problem) for problem in loaded))
    return loaded.items


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=sorted(SETS), default="tuning", help="which half to score (default tuning)")
    ap.add_argument("--file", type=Path, help="score this item file instead of a named half")
    ap.add_argument("--misses", action="store_true", help="list every reading outside the accepted tiers")
    ap.add_argument("--triggers", action="store_true", help="tuning only: which s47 triggers met which items")
    ap.add_argument("--format", choices=["text", "json"], default="text")
    ap.add_argument("--min-agree", type=float, help="exit 1 when overall agreement is below this fraction")
    ap.add_argument("--max-under", type=float, help="exit 1 when overall under-triage is above this fraction")
    ap.add_argument("--max-over", type=float, help="exit 1 when overall over-triage is above this fraction")
    ap.add_argument("--min-s47-recall", type=float, help="exit 1 when overall s47 recall is below this fraction")
    ap.add_argument("--log", metavar="NOTE", help="held-out only: append this scoring to benchmarks/README.md")
    args = ap.parse_args(argv)
    path = args.file or SETS[args.set]
    try:
        loaded = load_set(path)
    except ThresholdError as error:  # unreadable or malformed YAML: one located line, exit 2
        print(error, file=sys.stderr)
        return 2
    if isinstance(loaded, list):
        for problem in loaded:
            print(problem, file=sys.stderr)
        return 2
    if loaded.set == "held-out" and not args.log:  # however it is named, a copy included
        ap.error("the held-out half is scored only at milestones, and every scoring is logged: pass --log NOTE")
    if args.triggers and loaded.set == "held-out":
        ap.error("--triggers lists the held-out items' words: it is for the tuning half only")
    if args.log and loaded.set != "held-out":
        ap.error("--log records a scoring of the held-out half only")
    contexts = {pack: open_pack(pack) for pack in PACKS}
    readings = [read(item, pack, contexts[pack]) for item in loaded.items for pack in PACKS]
    overall = figures(readings)
    if args.log:  # before any output: a reader that closes the pipe early ("| head") never loses a scoring
        log_scoring(readings, path, args.log)
    if args.format == "json":
        packs = {p: figures([r for r in readings if r.pack == p]) for p in PACKS}
        matrices = {p: confusion([r for r in readings if r.pack == p]) for p in PACKS}
        classes = {name: figures(mine) for name, mine in by_class(readings).items()}
        doc = {"set": loaded.set, "file": str(path), "overall": overall, "packs": packs}
        print(json.dumps({**doc, "confusion": matrices, "classes": classes}, indent=2))
    else:
        singles = sum(len(item.concerns) == 1 for item in loaded.items)
        print(
            f"assess quality: {loaded.set} half ({path.name}), {singles} single concerns and "
            f"{len(loaded.items) - singles} vignettes x {len(PACKS)} packs  ({describe()})"
        )
        print(report(readings, args.misses))
        if args.triggers:
            print(trigger_report(readings))
        if not args.file:
            print(coverage_line(contexts))
    unmet = unmet_bars(overall, {flag: getattr(args, flag) for flag in BARS})
    for message in unmet:
        print(f"assess_quality: {message}", file=sys.stderr)
    return 1 if unmet else 0


if __name__ == "__main__":
    sys.exit(main())
