"""Where the statutory criteria over- and under-fire: the criteria probes (``assess/criteria-probes.yaml``).

    python benchmarks/criteria_quality.py                 # per criterion, both packs
    python benchmarks/criteria_quality.py --misses        # ... and every probe read wrongly, with what met
    python benchmarks/criteria_quality.py --max-false 0.1 --min-meets 0.8   # exit 1 below the bars (CI)

Each probe is one sentence written blind for one criterion: a near-miss (its words in another sense, a
lesson, a parent's own past, ruled out; it must meet no s47 criterion) or a sentence that meets it in
everyday words. Per criterion and overall it prints the near-misses read as an s47 matter (false) and
the meets read with that very criterion (meets). Each probe is read as a one-concern case against each
pack; in-process, no network, nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from assess_set import PACKS, Text
from machine import describe
from threshold_cli.engine.assess import assess
from threshold_cli.engine.batch import PackContext, open_pack
from threshold_cli.io.loader import validate_document
from threshold_cli.io.yamldoc import load_yaml
from threshold_cli.model.case import Case, Child
from threshold_cli.model.errors import ThresholdError

ROOT = Path(__file__).resolve().parents[1]
PROBES = ROOT / "benchmarks/assess/criteria-probes.yaml"


class Probe(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(pattern=r"^p-[a-z0-9]+-\d{2}$")]
    criterion: Annotated[str, Field(pattern=r"^s(47|20|31)\.[a-z0-9-]+$")]
    meets: bool
    age: Annotated[float, Field(ge=0, le=25)]
    facts: dict[str, bool] = Field(default_factory=dict)
    text: Text
    why: Text


class Probes(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    probes: list[Probe] = Field(min_length=1)


@dataclass(frozen=True)
class Read:
    probe: Probe
    pack: str
    met: tuple[str, ...]  # every criterion met, any section
    because: tuple[str, ...]
    tier: int | None

    @property
    def wrong(self) -> bool:
        if self.probe.meets:
            return self.probe.criterion not in self.met
        return any(c.startswith("s47.") for c in self.met)


def read(probe: Probe, pack: str, context: PackContext) -> Read:
    Child(age=probe.age, **probe.facts)  # the facts a case file accepts, no others
    case = Case.model_validate({"child": {"age": probe.age, **probe.facts}, "concerns": [probe.text]})
    got = assess(case, context.pack, context.index)
    hits = [s for s in got.statutory if s.match == "text"]
    because = tuple(f"{s.id}: {' + '.join(s.because)}" for s in hits)
    return Read(probe, pack, tuple(s.id for s in hits), because, got.tier)


def figures(reads: list[Read]) -> tuple[int, int, int, int, int]:
    """Near-misses, those read as s47, meets, those read with their criterion, and the s47 meets read at
    Tier 4 (by any criterion or descriptor: the tier is what reaches the child)."""
    near = [r for r in reads if not r.probe.meets]
    meets = [r for r in reads if r.probe.meets]
    s47 = sum(1 for r in meets if r.probe.criterion.startswith("s47.") and r.tier == 4)
    return len(near), sum(r.wrong for r in near), len(meets), sum(not r.wrong for r in meets), s47


def line(name: str, reads: list[Read]) -> str:
    near, false, meets, met, s47 = figures(reads)
    s47_meets = sum(1 for r in reads if r.probe.meets and r.probe.criterion.startswith("s47."))
    share = f"{false / near:6.1%}" if near else "     -"
    recall = f"{met / meets:6.1%}" if meets else "     -"
    any_s47 = f"{s47 / s47_meets:6.1%}" if s47_meets else "     -"
    return (
        f"  {name:<40} false {false:>3}/{near:<3} {share}   meets {met:>3}/{meets:<3} {recall}"
        f"   s47 meets at Tier 4 {s47:>3}/{s47_meets:<3} {any_s47}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=PROBES, help="the probes (default assess/criteria-probes.yaml)")
    ap.add_argument("--misses", action="store_true", help="list every probe read wrongly, with what met")
    ap.add_argument("--max-false", type=float, help="exit 1 when the near-misses read as s47 exceed this share")
    ap.add_argument("--min-meets", type=float, help="exit 1 when the meets read with their criterion fall below")
    args = ap.parse_args(argv)
    try:
        loaded = validate_document(load_yaml(args.file), Probes)
    except ThresholdError as error:
        print(error, file=sys.stderr)
        return 2
    if isinstance(loaded, list):
        print("\n".join(map(str, loaded)), file=sys.stderr)
        return 2
    contexts = {pack: open_pack(pack) for pack in PACKS}
    reads = [read(p, pack, contexts[pack]) for p in loaded.probes for pack in PACKS]
    print(f"criteria probes: {len(loaded.probes)} sentences x {len(PACKS)} packs  ({describe()})")
    by_criterion: dict[str, list[Read]] = defaultdict(list)
    for r in reads:
        by_criterion[r.probe.criterion].append(r)
    for pack in PACKS:
        print(line(pack, [r for r in reads if r.pack == pack]))
    print(line("overall", reads))
    print()
    for criterion, mine in sorted(by_criterion.items()):
        print(line(criterion, mine))
    if args.misses:
        print("\n  misses")
        for r in (r for r in reads if r.wrong):
            kind = "UNDER" if r.probe.meets else "FALSE"
            print(f"  {kind} {r.probe.id} {r.pack} ({r.probe.criterion}, read Tier {r.tier}): {r.probe.text}")
            for because in r.because:
                print(f"        met {because}")
    near, false, meets, met, _ = figures(reads)
    unmet = []
    if args.max_false is not None and near and false / near > args.max_false:
        unmet.append(f"near-misses read as s47 {false / near:.1%} is above the bar {args.max_false:.1%}")
    if args.min_meets is not None and meets and met / meets < args.min_meets:
        unmet.append(f"meets read with their criterion {met / meets:.1%} is below the bar {args.min_meets:.1%}")
    for message in unmet:
        print(f"criteria_quality: {message}", file=sys.stderr)
    return 1 if unmet else 0


if __name__ == "__main__":
    sys.exit(main())
