"""Pure reading of a case against a pack: (case, pack, index) → Assessment. No I/O.

The reading follows docs/decision.md: evidence first; the highest matched tier is the floor; a cluster
lifts; an s47 criterion gives Tier 4; strengths are shown, never subtracted; nothing is dropped. Every
rule applies a ``max``, so adding evidence can never lower the tier, and the result does not depend on
the order of the concerns.
"""

from __future__ import annotations

from threshold_cli.engine.matching import (
    CriterionMatch,
    DescriptorMatch,
    MentionedCriterion,
    applies,
    match_criteria,
    match_descriptor,
    read_statement,
    rows_not_for,
)
from threshold_cli.engine.rules import decide
from threshold_cli.model.assessment import (
    Assessment,
    Borderline,
    Evidence,
    PossibleHit,
    StatutoryHit,
    Strength,
    Unmatched,
)
from threshold_cli.model.case import Case, ConcernEntry
from threshold_cli.model.pack import (
    Indicator,
    Pack,
)
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import STRENGTH, in_everyday_sense, is_protective, polarity_and_denial


def reference_problems(case: Case, pack: Pack) -> list[tuple[tuple[str | int, ...], str]]:
    """Indicator and criterion ids in the case that the pack does not have, with their ``loc``."""
    indicators = {i.id for _, _, i in pack.indicators()}
    criteria = {c.id for c in pack.statutory}
    out: list[tuple[tuple[str | int, ...], str]] = []
    for n, concern in enumerate(case.concerns):
        if not isinstance(concern, ConcernEntry):
            continue
        if concern.indicator is not None and concern.indicator not in indicators:
            out.append((("concerns", n, "indicator"), f"pack `{pack.id}` has no indicator `{concern.indicator}`"))
        if concern.statutory is not None and concern.statutory not in criteria:
            out.append(
                (
                    ("concerns", n, "statutory"),
                    f"pack `{pack.id}` has no statutory criterion `{concern.statutory}`",
                )
            )
    return out


def assess(case: Case, pack: Pack, index: Index) -> Assessment:
    """The tool's reading of ``case``: never a decision (docs/decision.md §10)."""
    indicators = {i.id: (d, a, i) for d, a, i in pack.indicators()}
    criteria = {c.id: c for c in pack.statutory}
    setting = pack.settings.presumed_non_mobile_under_age
    non_mobile_under = setting.value if setting else None
    not_for_child = rows_not_for(pack, case.child)

    evidence: list[Evidence] = []
    statutory: list[StatutoryHit] = []
    unmatched: list[Unmatched] = []
    strengths: list[Strength] = []
    notes: list[str] = []
    possible_criteria: list[PossibleHit] = []

    for n, concern in enumerate(case.concerns):
        entry = concern if isinstance(concern, ConcernEntry) else ConcernEntry(text=concern)
        text = entry.text or ""
        if entry.statutory is not None:
            c = criteria[entry.statutory]
            statutory.append(StatutoryHit(c.section, c.id, c.text, n, str(c.source), "named"))
            ok, missing = applies(c.applies_when, case.child, non_mobile_under)
            if not ok:
                facts = ", ".join(missing) if missing else "the child's facts in this case file"
                notes.append(
                    f"Concern {n + 1}: `{c.id}` is named by the practitioner, but its conditions are not met "
                    f"by {facts}."
                )
            continue
        if entry.indicator is not None:
            domain, area, indicator = indicators[entry.indicator]
            if entry.tier is not None:
                descriptor = indicator.descriptors.get(entry.tier) or _nearest_text(indicator, entry.tier)
                evidence.append(
                    Evidence(
                        n,
                        indicator.id,
                        indicator.label,
                        domain.id,
                        area.name,
                        entry.tier,
                        descriptor,
                        "pinned",
                        1.0,
                        str(indicator.source),
                    )
                )
                continue
            protective = is_protective(index, text)
            found = match_descriptor(index, pack.id, text, protective=protective, indicator=indicator.id)
            if found is None:  # the words share nothing with the row: take the practitioner's pin at Tier 2
                found = DescriptorMatch(indicator.id, 2, _nearest_text(indicator, 2), 0.0, 0.0, None, None, False)
            evidence.append(_evidence(n, found, indicators, "pinned"))
            if found.protective:
                strengths.append(Strength(text, "concern", n, found.indicator, found.text))
            continue

        met, possible, mentioned = match_criteria(index, text, pack.statutory, case.child, non_mobile_under)
        plain = in_everyday_sense(index, text)
        reading, harm_denied = polarity_and_denial(index, plain)
        notes.extend(_mentioned_notes(n, mentioned))
        if reading == STRENGTH and harm_denied:  # "no FGM concerns": the harm named did not happen
            notes.extend(_strength_notes(n, met))
            met = []
        else:
            if any(hit.criterion.section == "s47" for hit in met):
                statutory.extend(_statutory_hits(n, met))
                notes.extend(_context_notes(n, met))
                continue
            for p in possible:
                c = p.criterion
                possible_criteria.append(PossibleHit(c.section, c.id, c.text, n, str(c.source), tuple(p.missing)))
                notes.append(
                    f"Concern {n + 1} may meet `{p.criterion.id}` ({p.criterion.text.rstrip('.')}), "
                    f"which depends on facts this case file does not give: {', '.join(p.missing)}."
                )
        found = read_statement(index, pack.id, plain, reading, not_for_child=not_for_child)
        if found is None and met:  # s20/s31 only, and no row fits: the criteria are the evidence
            statutory.extend(_statutory_hits(n, met))
            continue
        if found is None:
            unmatched.append(Unmatched(n, text))
            continue
        evidence.append(_evidence(n, found, indicators, "text", tuple(h.criterion.id for h in met)))
        if found.protective:
            strengths.append(Strength(text, "concern", n, found.indicator, found.text))

    for item in case.working_well:
        found = match_descriptor(index, pack.id, item, protective=True, not_for_child=not_for_child)
        strengths.append(
            Strength(item, "working_well", None, found.indicator if found else None, found.text if found else None)
        )

    tier, fired, consent_required = decide(case, pack, evidence, statutory, criteria)
    if unmatched:
        notes.append(
            f"{len(unmatched)} concern{'s' if len(unmatched) > 1 else ''} could not be matched to the guide: "
            "the reading is incomplete and needs professional judgement. Fewer matches never mean less risk."
        )
    return Assessment(
        tier=tier,
        tier_name=pack.tier(tier).name if tier else None,
        evidence=evidence,
        statutory=statutory,
        unmatched=unmatched,
        rules_fired=fired,
        strengths=strengths,
        notes=notes,
        consent_required=consent_required,
        possible=possible_criteria,
    )


def _mentioned_notes(n: int, mentioned: list[MentionedCriterion]) -> list[str]:
    """A criterion the concern mentions out of the present is not met, and is never hidden (docs/reading.md)."""
    return [
        f"Concern {n + 1} mentions `{m.criterion.id}` ({m.criterion.text.rstrip('.')}) as {m.scope.assertion} "
        f'("{m.scope.cue}"), so it is not counted as met: mentioned, review.'
        for m in mentioned
    ]


def _strength_notes(n: int, named: list[CriterionMatch]) -> list[str]:
    """A criterion named in a statement read as a strength ("no FGM concerns") is shown, never hidden."""
    return [
        f"Concern {n + 1} names `{hit.criterion.id}` ({hit.criterion.text.rstrip('.')}) in a statement read as a "
        "strength, so it is not counted as met: mentioned, review."
        for hit in named
        if hit.criterion.section == "s47"
    ]


def _context_notes(n: int, met: list[CriterionMatch]) -> list[str]:
    """How a met s47 criterion was put (reported, suspected, denied): said, never a reason to drop it."""
    out = []
    for hit in met:
        said = sorted({f'{s.assertion} ("{s.cue}")' for s in hit.context})
        if said and hit.criterion.section == "s47":
            out.append(
                f"Concern {n + 1} meets `{hit.criterion.id}` as {', '.join(said)}: reasonable cause to suspect "
                "is the test, so it counts."
            )
    return out


def _statutory_hits(n: int, met: list[CriterionMatch]) -> list[StatutoryHit]:
    """Criteria concern ``n`` met in its own words, as listed under `statutory`."""
    return [
        StatutoryHit(
            h.criterion.section, h.criterion.id, h.criterion.text, n, str(h.criterion.source), "text", h.because
        )
        for h in met
    ]


def _nearest_text(indicator: Indicator, tier: int) -> str:
    """The descriptor at ``tier``; where the guide leaves it blank, the nearest lower tier's, marked."""
    for t in range(tier, 0, -1):
        text = indicator.descriptors.get(t)
        if text:
            return text if t == tier else f"(Tier {tier} is blank in the guide; Tier {t} reads:) {text}"
    return next(t for t in indicator.descriptors.values() if t)


def _evidence(
    n: int,
    found: DescriptorMatch,
    indicators: dict[str, tuple],  # type: ignore[type-arg]
    match: str,
    criteria: tuple[str, ...] = (),
) -> Evidence:
    domain, area, indicator = indicators[found.indicator]
    borderline: Borderline | None = None
    if found.borderline_with is not None:
        low, high = sorted([found.tier, found.borderline_with])
        borderline = Borderline((low, high), {str(found.borderline_with): found.borderline_text})
    return Evidence(
        n,
        indicator.id,
        indicator.label,
        domain.id,
        area.name,
        found.tier,
        found.text,
        match,
        found.score,
        str(indicator.source),
        borderline,
        criteria,
    )
