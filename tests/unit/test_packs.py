"""The built-in packs carry the guides' real content, verbatim, at the right tiers."""

from __future__ import annotations

import pytest

from threshold_cli.io.loader import builtin_pack_names, load_pack
from threshold_cli.model.checks import lint
from threshold_cli.model.pack import ClusterRule, ConsentRule, Pack


def indicator(pack: Pack, indicator_id: str) -> dict[int, str | None]:
    return next(i.descriptors for _, _, i in pack.indicators() if i.id == indicator_id)


@pytest.fixture(scope="module")
def norfolk() -> Pack:
    return load_pack("norfolk").model


@pytest.fixture(scope="module")
def sutton() -> Pack:
    return load_pack("sutton").model


def test_builtin_packs_are_listed() -> None:
    assert builtin_pack_names() == ["norfolk", "sutton"]


@pytest.mark.parametrize("name", ["norfolk", "sutton"])
def test_packs_lint_clean(name: str) -> None:
    loaded = load_pack(name)
    assert lint(loaded.model, loaded.doc) == []


def test_norfolk_descriptors_verbatim_at_their_tiers(norfolk: Pack) -> None:
    missing = indicator(norfolk, "development.behaviour.missing-from-home")
    assert missing[2] == "has run away from home before or not returned at normal time; reasons are understood"
    assert missing[4] is not None and missing[4].startswith("persistently runs away and/ or goes missing;")
    drugs = indicator(norfolk, "family.health-disability.parental-substance-misuse")
    assert drugs[1] == "Parents don't use drugs/alcohol. Parental drug/alcohol use doesn't impact on parenting."
    assert indicator(norfolk, "development.education.eet")[4] is None  # blank in the guide, not invented


def test_sutton_keeps_duplicated_rows(sutton: Pack) -> None:
    first = indicator(sutton, "development.emotional-wellbeing.bereavement")
    second = indicator(sutton, "development.emotional-wellbeing.bereavement-2")
    assert first[1] == second[1] == "The child has not suffered the loss of a close family member or friend."


def test_indicator_counts(norfolk: Pack, sutton: Pack) -> None:
    assert len(norfolk.indicators()) == 64
    assert len(sutton.indicators()) == 79
    for pack in (norfolk, sutton):
        assert [d.id for d in pack.domains] == ["development", "environment", "family"]


def test_statutory_criteria_from_the_guides(norfolk: Pack, sutton: Pack) -> None:
    for pack in (norfolk, sutton):
        s47 = [c for c in pack.statutory if c.section == "s47" and c.origin == "guide"]
        assert len(s47) == 19  # the London s47 list, as both guides give it
        law = [c.id for c in pack.statutory if c.origin == "law"]
        assert law == ["s47.sexual-activity-under-13"]  # law the guides assume, marked as such
        assert s47[-1].text.startswith("A child at risk of FGM, honour based violence")
        under13 = next(c for c in s47 if c.id == "s47.pregnancy-under-13")
        assert under13.applies_when is not None and under13.applies_when.all[0].below == 13
    assert {c.origin for c in norfolk.statutory if c.section != "s47"} == {"act"}  # Norfolk gives only s47
    assert [c.origin for c in sutton.statutory if c.section == "s20"] == ["guide"] * 5
    assert len([c for c in sutton.statutory if c.section == "s31"]) == 3
    checklist = next(n for n in sutton.statutory_notes if "Welfare Checklist" in n.title)
    assert any(item.startswith("The ascertainable wishes and feelings of the child") for item in checklist.items)


def test_deciding_rules_carry_the_guides_words(norfolk: Pack, sutton: Pack) -> None:
    cluster = next(r for r in norfolk.rules if isinstance(r, ClusterRule))
    assert "combination of indicators of need under Tier Two" in cluster.explanation
    assert norfolk.settings.named()[cluster.min_indicators_setting].value >= 2
    consent = next(r for r in sutton.rules if isinstance(r, ConsentRule))
    assert consent.not_required_from_tier == 4
    assert "Consent must be gained apart from tier 4 concerns" in consent.explanation
    assert norfolk.signs_of_safety is not None and norfolk.signs_of_safety.scale.max == 10
    assert any(r.id == "attendance" for r in sutton.rules)
