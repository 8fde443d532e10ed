"""The pack's rules, each kind its own function (``RULES``, kind → how it applies), applied in pack order.

Tier-setting kinds (``statutory_override``, ``highest_tier``, ``cluster``) only ever raise the reading:
each returns the tier it lifts to and the reading takes the ``max``, so adding evidence can never lower
it. The other kinds (``note``, ``consent``) read the tier the first ones settled. A kind in the pack
schema without a function here fails ``tests/unit/test_registries.py``. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from threshold_cli.model.assessment import Evidence, RuleFired, StatutoryHit
from threshold_cli.model.case import Case
from threshold_cli.model.pack import (
    ClusterRule,
    ConsentRule,
    Criterion,
    HighestTierRule,
    NoteRule,
    Pack,
    StatutoryOverrideRule,
    When,
)


@dataclass(frozen=True)
class Facts:
    """What every rule may look at: the case, the pack, the evidence and the criteria met."""

    case: Case
    pack: Pack
    evidence: list[Evidence]
    met: dict[str, Criterion]  # criterion id → criterion, for every criterion met


@dataclass(frozen=True)
class Outcome:
    """What a rule that fired did: its effect in plain words, and the tier it lifts to or the consent it sets."""

    effect: str
    lift_to: int | None = None
    consent_required: bool | None = None


def _statutory_override(rule: StatutoryOverrideRule, facts: Facts, tier: int | None) -> Outcome | None:
    ids = ", ".join(sorted(i for i, c in facts.met.items() if c.section == rule.section))
    if not ids:
        return None
    if rule.tier is None:
        return Outcome(f"{rule.section} criteria met ({ids}): reported, not a tier")
    return Outcome(f"{rule.section} criteria met ({ids}): Tier {rule.tier}", lift_to=rule.tier)


def _highest_tier(rule: HighestTierRule, facts: Facts, tier: int | None) -> Outcome | None:
    if not facts.evidence:
        return None
    top = max(e.tier for e in facts.evidence)
    return Outcome(f"highest matched indicator is at Tier {top}", lift_to=top)


def _cluster(rule: ClusterRule, facts: Facts, tier: int | None) -> Outcome | None:
    at_tier = {e.indicator: e.domain for e in facts.evidence if e.tier == rule.from_tier}
    need_n = facts.pack.settings.count(rule.min_indicators_setting)
    need_d = facts.pack.settings.count(rule.min_domains_setting)
    if need_n is None or need_d is None:  # lint refuses such a pack: its rule names a setting it lacks
        return None
    domains = len(set(at_tier.values()))
    if len(at_tier) < need_n or domains < need_d:
        return None
    return Outcome(
        f"{len(at_tier)} Tier {rule.from_tier} indicators across {domains} domains "
        f"(settings: {need_n} across {need_d}): consider Tier {rule.to_tier}",
        lift_to=rule.to_tier,
    )


def _note(rule: NoteRule, facts: Facts, tier: int | None) -> Outcome | None:
    return Outcome("note") if _when(rule.when, facts.case, tier, facts.evidence) else None


def _consent(rule: ConsentRule, facts: Facts, tier: int | None) -> Outcome | None:
    """Consent is needed below ``not_required_from_tier``, except where the case records why it was not
    sought: both guides exempt a referral where seeking consent would put the child or others at more
    risk, and the practitioner, not the tool, judges that; the reason is quoted so it can be reviewed."""
    if tier is None:
        return None
    consent = facts.case.consent
    status = consent.status if consent else "not recorded"
    if tier >= rule.not_required_from_tier:
        return Outcome(f"consent not required for Tier {tier} concerns; case file: {status}", consent_required=False)
    if consent is not None and consent.status == "not-sought" and consent.reason.strip():
        effect = f"consent not sought, for the reason the case file records: “{consent.reason.strip()}”"
        return Outcome(effect, consent_required=False)
    return Outcome(f"consent needed; case file: {status}", consent_required=True)


TIER_SETTING: dict[str, Callable[[Any, Facts, int | None], Outcome | None]] = {
    "statutory_override": _statutory_override,
    "highest_tier": _highest_tier,
    "cluster": _cluster,
}
GIVEN_THE_TIER: dict[str, Callable[[Any, Facts, int | None], Outcome | None]] = {
    "note": _note,
    "consent": _consent,
}
RULES = {**TIER_SETTING, **GIVEN_THE_TIER}
"""Every rule kind of the pack schema and the function that applies it."""


def decide(
    case: Case, pack: Pack, evidence: list[Evidence], statutory: list[StatutoryHit], criteria: dict[str, Criterion]
) -> tuple[int | None, list[RuleFired], bool | None]:
    """The tier, the rules that fired (in pack order) and whether consent is needed."""
    met_ids = {h.id for h in statutory} | {c for e in evidence for c in e.criteria}
    facts = Facts(case, pack, evidence, {i: criteria[i] for i in met_ids})
    tier: int | None = None
    consent_required: bool | None = None
    fired: dict[int, RuleFired] = {}
    for phase in (TIER_SETTING, GIVEN_THE_TIER):
        for order, rule in enumerate(pack.rules):
            if rule.kind not in phase:
                continue
            outcome = phase[rule.kind](rule, facts, tier)
            if outcome is None:
                continue
            if outcome.lift_to is not None:
                tier = outcome.lift_to if tier is None else max(tier, outcome.lift_to)
            if outcome.consent_required is not None:
                consent_required = outcome.consent_required
            fired[order] = RuleFired(
                rule.id, rule.kind, rule.explanation, str(rule.source), outcome.effect, outcome.lift_to
            )
    return tier, [fired[order] for order in sorted(fired)], consent_required


def _when(when: When, case: Case, tier: int | None, evidence: list[Evidence]) -> bool:
    if when.tier_in is not None and tier not in when.tier_in:
        return False
    if when.max_indicators_at_tier is not None:
        count = len({e.indicator for e in evidence if e.tier == when.max_indicators_at_tier.tier})
        if count == 0 or count > when.max_indicators_at_tier.max:
            return False
    if when.indicators_any is not None and not any(
        e.indicator in when.indicators_any and e.tier >= 2 for e in evidence
    ):
        return False
    if when.scaling_given is not None and (case.scaling is not None) != when.scaling_given:
        return False
    if when.consent_in is not None:
        status = case.consent.status if case.consent else None
        if status not in when.consent_in:
            return False
    return True
