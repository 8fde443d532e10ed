"""Properties of a reading that must hold for any case (docs/decision.md), checked with Hypothesis on both packs.

Cases are built from realistic concerns (every free-text concern in examples/ and rulepacks/*.tests.yaml),
concerns pinned to an indicator of the pack (with or without the practitioner's tier) and named statutory
criteria of the pack, for children of various ages and facts, with or without strengths.

* adding a concern never lowers the tier (no tier counts as lowest); adding a strength never changes it;
* the order of the concerns changes neither the tier nor what each concern matched;
* the same input gives byte-identical JSON, from one reading and from two separate reads of the file;
* every concern is accounted for exactly once, in evidence, statutory or unmatched;
* naming any s47 criterion gives Tier 4.

Budgets come from a settings profile chosen with ``THRESHOLD_PROPERTIES_PROFILE``: ``properties``
(default: 50 examples per test, derandomized, no database, so CI sees the same inputs every run) or
``properties-long`` (500 random examples, with the example database) for a local run before a release::

    THRESHOLD_PROPERTIES_PROFILE=properties-long python -m pytest tests/unit/test_properties.py
"""

from __future__ import annotations

import functools
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import ROOT, register_budgets

from threshold_cli.engine.assess import assess
from threshold_cli.engine.batch import CaseResult, PackContext, open_pack, read_case
from threshold_cli.engine.reading import reading_of
from threshold_cli.model.assessment import Assessment
from threshold_cli.model.case import Case
from threshold_cli.render.assess import to_json

sys.path.insert(0, str(ROOT / "benchmarks"))
from phrasings import phrasings

register_budgets("properties", "properties-long", 50, 500)
PROFILE = settings(settings.get_profile(os.environ.get("THRESHOLD_PROPERTIES_PROFILE", "properties")))
PACK_NAMES = ["norfolk", "sutton"]


# ---------------------------------------------------------------- the pool of concerns


_POOL = phrasings(ROOT)
CONCERNS, STRENGTHS = _POOL.concerns, _POOL.strengths
assert len(CONCERNS) >= 100 and len(STRENGTHS) >= 20


@functools.cache
def context(pack: str) -> PackContext:
    return open_pack(pack)


@functools.cache
def catalogue(pack: str) -> tuple[list[str], list[str], list[str]]:
    """(indicator ids, every criterion id, s47 criterion ids) of a pack, in guide order."""
    model = context(pack).pack
    return (
        [i.id for _, _, i in model.indicators()],
        [c.id for c in model.statutory],
        [c.id for c in model.statutory if c.section == "s47"],
    )


# ---------------------------------------------------------------- strategies (pack-independent specs)
#
# A concern spec is resolved against a pack at test time, so one strategy serves both packs:
#   ("text", words)                    a free-text concern
#   ("pin", k, tier | None, words)     pinned to the pack's k-th indicator (mod count), with or without a tier
#   ("stat", k, words | None, s47)     names the pack's k-th criterion (of all, or of the s47 ones)

texts = st.sampled_from(CONCERNS)
text_spec = texts.map(lambda t: ("text", t))
pin_spec = st.tuples(st.just("pin"), st.integers(0, 999), st.none() | st.integers(1, 4), texts)
stat_spec = st.tuples(st.just("stat"), st.integers(0, 999), st.none() | texts, st.just(False))
s47_spec = st.tuples(st.just("stat"), st.integers(0, 999), st.none() | texts, st.just(True))
concern_spec = st.one_of(text_spec, text_spec, text_spec, pin_spec, stat_spec)
child = st.fixed_dictionaries(
    {},
    optional={
        "age": st.sampled_from([0, 0.25, 0.8, 1.5, 3, 7, 9, 12, 12.9, 14, 16, 17.5]),
        "mobile": st.booleans(),
        "disabled": st.booleans(),
        "on_child_protection_plan": st.booleans(),
    },
)
case_spec = st.fixed_dictionaries(
    {
        "child": child,
        "concerns": st.lists(concern_spec, min_size=1, max_size=4),
        "working_well": st.lists(st.sampled_from(STRENGTHS), max_size=2),
    }
)


def resolve(spec: tuple[Any, ...], pack: str, *, s47_ok: bool = True) -> str | dict[str, Any]:
    indicators, criteria, s47 = catalogue(pack)
    kind = spec[0]
    if kind == "text":
        return str(spec[1])
    if kind == "pin":
        _, k, tier, words = spec
        pinned: dict[str, Any] = {"text": words, "indicator": indicators[k % len(indicators)]}
        if tier is not None:
            pinned["tier"] = tier
        return pinned
    _, k, words, want_s47 = spec
    pool = s47 if want_s47 else (criteria if s47_ok else [c for c in criteria if c not in s47])
    named: dict[str, Any] = {"statutory": pool[k % len(pool)]}
    if words is not None:
        named["text"] = words
    return named


def build(spec: dict[str, Any], pack: str, *, s47_ok: bool = True) -> dict[str, Any]:
    doc: dict[str, Any] = {"concerns": [resolve(c, pack, s47_ok=s47_ok) for c in spec["concerns"]]}
    if spec["child"]:
        doc["child"] = spec["child"]
    if spec["working_well"]:
        doc["working_well"] = spec["working_well"]
    return doc


def reading(doc: dict[str, Any], pack: str) -> Assessment:
    ctx = context(pack)
    return assess(Case.model_validate(doc), ctx.pack, ctx.index)


def rank(tier: int | None) -> int:
    return 0 if tier is None else tier


def report(doc: dict[str, Any], pack: str) -> dict[str, Any]:
    """The JSON object of docs/contracts.md, through the JSON text."""
    ctx = context(pack)
    case = Case.model_validate(doc)
    result = CaseResult("case.yaml", case, assess(case, ctx.pack, ctx.index), None)
    return json.loads(to_json(reading_of(result, ctx)))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- properties


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(base=case_spec, extra=concern_spec | s47_spec, where=st.integers(0, 4))
def test_adding_a_concern_never_lowers_the_tier(pack: str, base: dict[str, Any], extra: Any, where: int) -> None:
    before = build(base, pack, s47_ok=False)
    after = {**before, "concerns": list(before["concerns"])}
    after["concerns"].insert(where % (len(before["concerns"]) + 1), resolve(extra, pack))
    tier_before, tier_after = reading(before, pack).tier, reading(after, pack).tier
    assert rank(tier_after) >= rank(tier_before), f"Tier {tier_before} became Tier {tier_after}"


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(base=case_spec, strength=st.sampled_from(STRENGTHS))
def test_adding_a_strength_never_changes_the_tier(pack: str, base: dict[str, Any], strength: str) -> None:
    before = build(base, pack)
    after = {**before, "working_well": [*before.get("working_well", []), strength]}
    assert reading(after, pack).tier == reading(before, pack).tier


def _what_each_concern_gave(a: Assessment, original: list[int]) -> dict[str, Any]:
    """What the reading says about each concern, keyed by its index in the *original* order."""
    return {
        "evidence": sorted(
            (original[e.concern], e.indicator, e.tier, e.match, e.descriptor, e.score, str(e.borderline))
            for e in a.evidence
        ),
        "statutory": sorted((original[s.concern], s.id, s.match) for s in a.statutory),
        "unmatched": sorted(original[u.concern] for u in a.unmatched),
        "strengths": sorted((s.text, s.origin, s.indicator or "") for s in a.strengths),
    }


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(data=st.data(), base=case_spec)
def test_the_order_of_concerns_changes_nothing(pack: str, data: st.DataObject, base: dict[str, Any]) -> None:
    doc = build(base, pack)
    n = len(doc["concerns"])
    order = data.draw(st.permutations(range(n)), label="order")
    shuffled = {**doc, "concerns": [doc["concerns"][i] for i in order]}
    a, b = reading(doc, pack), reading(shuffled, pack)
    assert b.tier == a.tier
    assert _what_each_concern_gave(b, list(order)) == _what_each_concern_gave(a, list(range(n)))
    assert sorted(r.id for r in b.rules_fired) == sorted(r.id for r in a.rules_fired)


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="threshold-properties-") as name:
        yield Path(name)


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(base=case_spec)
def test_the_same_input_gives_byte_identical_json(pack: str, folder: Path, base: dict[str, Any]) -> None:
    ctx = context(pack)
    path = folder / f"case-{pack}.yaml"
    path.write_text(yaml.safe_dump(build(base, pack), allow_unicode=True, sort_keys=False), encoding="utf-8")
    first, second = read_case(path, ctx), read_case(path, ctx)
    assert first.error is None and second.error is None, first.error or second.error
    once = to_json(reading_of(first, ctx))
    assert to_json(reading_of(first, ctx)) == once  # the same reading, rendered twice
    assert to_json(reading_of(second, ctx)) == once  # a second, separate read and reading of the same file
    assert to_json(reading_of(second, ctx), indent=None) == to_json(reading_of(first, ctx), indent=None)  # jsonl
    assert json.loads(json.dumps(reading_of(second, ctx).to_json_dict())) == json.loads(once)


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(base=case_spec)
def test_every_concern_is_accounted_for_exactly_once(pack: str, base: dict[str, Any]) -> None:
    doc = build(base, pack)
    concerns = doc["concerns"]
    d = report(doc, pack)
    sections: dict[int, list[str]] = {}
    for section in ("evidence", "statutory", "unmatched"):
        for item in d[section]:
            assert 0 <= item["concern"] < len(concerns)
            sections.setdefault(item["concern"], []).append(section)
    for n, concern in enumerate(concerns):
        where = sections.get(n, [])
        assert len(set(where)) == 1, f"concern {n} ({concern!r}) is in {where or 'no section'}"
        if where[0] != "statutory":  # one entry per matched concern; several criteria may be met by one
            assert len(where) == 1, f"concern {n} is listed {len(where)} times in {where[0]}"
        ids = [s["id"] for s in d["statutory"] if s["concern"] == n]
        assert len(ids) == len(set(ids))
        if isinstance(concern, dict) and "statutory" in concern:
            assert ids == [concern["statutory"]] and where[0] == "statutory"
        elif isinstance(concern, dict) and "indicator" in concern:
            [e] = [e for e in d["evidence"] if e["concern"] == n]
            assert (e["indicator"], e["match"]) == (concern["indicator"], "pinned")
            if "tier" in concern:
                assert e["tier"] == concern["tier"]
    for u in d["unmatched"]:
        assert u["text"] == concerns[u["concern"]]  # only free text can go unmatched, and it is quoted
    assert d["complete"] is (not d["unmatched"])
    if d["evidence"]:
        assert d["tier"] is not None


@pytest.mark.parametrize("pack", PACK_NAMES)
@PROFILE
@given(base=case_spec, named=s47_spec, where=st.integers(0, 4))
def test_naming_any_s47_criterion_gives_tier_4(pack: str, base: dict[str, Any], named: Any, where: int) -> None:
    doc = build(base, pack)
    criterion = resolve(named, pack)
    doc["concerns"].insert(where % (len(doc["concerns"]) + 1), criterion)
    a = reading(doc, pack)
    assert a.tier == 4
    assert criterion["statutory"] in {s.id for s in a.statutory}  # type: ignore[index]
    assert any(r.kind == "statutory_override" and "s47" in r.effect for r in a.rules_fired)


@pytest.mark.parametrize("pack", PACK_NAMES)
@pytest.mark.parametrize("criterion", ["s20.no-parental-responsibility", "s31.significant-harm"])
def test_a_case_met_only_by_an_s20_or_s31_criterion_is_not_read_as_nothing_matched(pack: str, criterion: str) -> None:
    """Regression: an s20/s31 criterion is reported, not a tier (docs/decision.md §5), so such a case has no
    tier; but the reading must not then say "No concern could be matched" beside the criterion it lists."""
    doc = {"child": {"age": 15}, "concerns": [{"statutory": criterion}]}
    d = report(doc, pack)
    assert [s["id"] for s in d["statutory"]] == [criterion]
    assert d["complete"] is True
    assert "No concern could be matched" not in d["next_steps"]["response"], (d["tier"], d["next_steps"])
    assert "reported, not tiers" in d["next_steps"]["response"]
    assert d["tier"] is None
