"""Golden cases: a pack proves itself against cases whose outcome is known (docs/case-format.md).

As Semgrep's ``--test`` and Sigma's ``check`` do for rules in YAML, every pack change must keep its
golden cases green. The runner is pure: (golden file, pack, index) → results, with a readable diff of
expected against got, and the coverage of indicators, tiers, rules and criteria no case exercises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from .engine import Assessment, assess, reference_problems
from .models import Case, CriterionId, IndicatorId, Pack, Slug, TierNumber
from .search import Index


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    """What the reading must show. Only ``tier`` is required; every list is 'at least these'."""

    tier: TierNumber | None
    indicators: list[IndicatorId] = Field(default_factory=list)
    indicator_tiers: dict[IndicatorId, TierNumber] = Field(default_factory=dict)
    not_indicators: list[IndicatorId] = Field(default_factory=list)
    statutory: list[CriterionId] = Field(default_factory=list)
    rules: list[Slug] = Field(default_factory=list)
    unmatched: Annotated[int, Field(ge=0)] | None = None


class GoldenCase(_Strict):
    name: Slug
    note: str | None = None
    case: Case
    expect: Expect
    todo: bool = False


class GoldenFile(_Strict):
    """``<pack>.tests.yaml``: the pack it tests (a sibling file or a built-in name) and its cases."""

    pack: str
    cases: list[GoldenCase] = Field(min_length=1)


@dataclass(frozen=True)
class GoldenResult:
    name: str
    status: str  # pass | fail | todo | todo-passes
    diffs: tuple[str, ...]
    tier: int | None
    assessment: Assessment | None


@dataclass
class Coverage:
    """What no golden case exercises: a gap in the pack's proof."""

    indicators: list[str] = field(default_factory=list)
    tiers: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)


def check_case(golden: GoldenCase, pack: Pack, index: Index) -> GoldenResult:
    problems = reference_problems(golden.case, pack)
    if problems:
        diffs = tuple(message for _, message in problems)
        return GoldenResult(golden.name, "todo" if golden.todo else "fail", diffs, None, None)
    result = assess(golden.case, pack, index)
    diffs = tuple(compare(golden.expect, result))
    if golden.todo:
        status = "todo-passes" if not diffs else "todo"
    else:
        status = "fail" if diffs else "pass"
    return GoldenResult(golden.name, status, diffs, result.tier, result)


def compare(expect: Expect, got: Assessment) -> list[str]:
    """Each way the reading differs from the expectation, as one line a reviewer can read."""
    diffs = []
    if expect.tier != got.tier:
        diffs.append(f"tier: expected {expect.tier}, got {got.tier}")
    matched = {e.indicator: e.tier for e in got.evidence}
    for indicator in expect.indicators:
        if indicator not in matched:
            diffs.append(f"indicator {indicator}: expected to match, not matched (got {_list(matched)})")
    for indicator, tier in expect.indicator_tiers.items():
        if matched.get(indicator) != tier:
            diffs.append(f"indicator {indicator}: expected Tier {tier}, got {_tier(matched.get(indicator))}")
    for indicator in expect.not_indicators:
        if indicator in matched:
            diffs.append(f"indicator {indicator}: expected not to match, matched at Tier {matched[indicator]}")
    met = {s.id for s in got.statutory} | {c for e in got.evidence for c in e.criteria}
    for criterion in expect.statutory:
        if criterion not in met:
            diffs.append(f"statutory {criterion}: expected to be met, not met (got {_list(met)})")
    fired = {r.id for r in got.rules_fired}
    for rule in expect.rules:
        if rule not in fired:
            diffs.append(f"rule {rule}: expected to fire, did not (fired: {_list(fired)})")
    if expect.unmatched is not None and expect.unmatched != len(got.unmatched):
        diffs.append(f"unmatched: expected {expect.unmatched}, got {len(got.unmatched)}")
    return diffs


def _list(items: Any) -> str:
    return ", ".join(sorted(items)) or "none"


def _tier(tier: int | None) -> str:
    return f"Tier {tier}" if tier else "not matched"


def coverage(pack: Pack, results: list[GoldenResult]) -> Coverage:
    readings = [r.assessment for r in results if r.assessment is not None]
    indicators = {e.indicator for a in readings for e in a.evidence}
    tiers = {a.tier for a in readings}
    rules = {r.id for a in readings for r in a.rules_fired}
    criteria = {s.id for a in readings for s in a.statutory} | {
        c for a in readings for e in a.evidence for c in e.criteria
    }
    sections = {c.split(".")[0] for c in criteria}
    return Coverage(
        indicators=[i.id for _, _, i in pack.indicators() if i.id not in indicators],
        tiers=[t for t in (1, 2, 3, 4) if t not in tiers],
        rules=[r.id for r in pack.rules if r.id not in rules],
        sections=sorted({c.section for c in pack.statutory} - sections),
        criteria=[c.id for c in pack.statutory if c.id not in criteria],
    )


def updated_expectation(golden: GoldenCase, result: GoldenResult) -> dict[str, Any]:
    """The ``expect`` block that would make ``golden`` pass, keeping the keys its author chose."""
    got = result.assessment
    if got is None:
        return golden.expect.model_dump(exclude_defaults=True)
    matched = {e.indicator: e.tier for e in got.evidence}
    out: dict[str, Any] = {"tier": got.tier}
    e = golden.expect
    if e.indicators:
        out["indicators"] = [i for i in e.indicators if i in matched] or sorted(matched)
    if e.indicator_tiers:
        out["indicator_tiers"] = {i: matched[i] for i in e.indicator_tiers if i in matched}
    if e.not_indicators:
        out["not_indicators"] = [i for i in e.not_indicators if i not in matched]
    if e.statutory:
        out["statutory"] = sorted({s.id for s in got.statutory} | {c for e in got.evidence for c in e.criteria})
    if e.rules:
        fired = {r.id for r in got.rules_fired}
        out["rules"] = [r for r in e.rules if r in fired]
    if e.unmatched is not None:
        out["unmatched"] = len(got.unmatched)
    return out
