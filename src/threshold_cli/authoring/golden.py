"""Golden cases: a pack proves itself against cases whose outcome is known (docs/case-format.md).

As Semgrep's ``--test`` and Sigma's ``check`` do for rules in YAML, every pack change must keep its
golden cases green. The runner is pure: (golden file, pack, index) → results, with a readable diff of
expected against got, and the coverage of indicators, tiers, rules and criteria no case exercises.
"""

from __future__ import annotations

from typing import Any

from threshold_cli.engine.assess import assess, reference_problems
from threshold_cli.model.assessment import Assessment
from threshold_cli.model.golden import Coverage, Current, Expect, GoldenCase, GoldenResult
from threshold_cli.model.pack import Pack
from threshold_cli.retrieval.index import Index


def check_case(golden: GoldenCase, pack: Pack, index: Index) -> GoldenResult:
    problems = reference_problems(golden.case, pack)
    if problems:
        diffs = tuple(message for _, message in problems)
        return GoldenResult(golden.name, "todo" if golden.todo else "fail", diffs, None, None)
    result = assess(golden.case, pack, index)
    diffs = tuple(compare(golden.expect, result))
    if not golden.todo:
        return GoldenResult(golden.name, "fail" if diffs else "pass", diffs, result.tier, result)
    if not diffs:
        return GoldenResult(golden.name, "todo-passes", (), result.tier, result)
    drift = tuple(reading_changes(golden.current, result))
    return GoldenResult(golden.name, "fail" if drift else "todo", drift or diffs, result.tier, result)


def current_reading(got: Assessment) -> Current:
    """What a ``todo`` case records: enough of the reading that any change to it is seen."""
    return Current(
        tier=got.tier,
        indicators=sorted({e.indicator for e in got.evidence}),
        statutory=sorted(_criteria_met(got)),
    )


def reading_changes(recorded: Current | None, got: Assessment) -> list[str]:
    """How a ``todo`` case's reading differs from the one it recorded (empty: unchanged)."""
    if recorded is None:
        return ["todo case records no current reading: run `threshold test --update` to record it"]
    now = current_reading(got)
    diffs = []
    if recorded.tier != now.tier:
        diffs.append(f"todo reading changed: tier was {recorded.tier}, now {now.tier}")
    for name, was, is_ in (
        ("indicators", recorded.indicators, now.indicators),
        ("statutory", recorded.statutory, now.statutory),
    ):
        gone, new = sorted(set(was) - set(is_)), sorted(set(is_) - set(was))
        if gone or new:
            change = "; ".join(
                part
                for part in (f"no longer {_list(gone)}" if gone else "", f"now also {_list(new)}" if new else "")
                if part
            )
            diffs.append(f"todo reading changed: {name}: {change}")
    if diffs:
        diffs.append("review it: re-record with `threshold test --update`, or fix the reader")
    return diffs


def _criteria_met(got: Assessment) -> set[str]:
    return {s.id for s in got.statutory} | {c for e in got.evidence for c in e.criteria}


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
    met = _criteria_met(got)
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
    criteria = {c for a in readings for c in _criteria_met(a)}
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
        out["statutory"] = sorted(_criteria_met(got))
    if e.rules:
        fired = {r.id for r in got.rules_fired}
        out["rules"] = [r for r in e.rules if r in fired]
    if e.unmatched is not None:
        out["unmatched"] = len(got.unmatched)
    return out
