"""The reading of a case, built whole from the engine's assessment: evidence, criteria, rules, strengths,
next steps (the pack's pathway for the tier, its contacts and consent guidance), the practitioner's
decision and the caveat. Renderers only lay it out (render/assess.py); nothing is decided there.

Every reading carries the pack id, version and sha256 and the tool version, so a recorded reading can
be reproduced ("keep a record of your decision and the reasons for it").
"""

from __future__ import annotations

from dataclasses import asdict

from threshold_cli import __version__
from threshold_cli.engine.batch import CaseResult, PackContext
from threshold_cli.model.assessment import Assessment
from threshold_cli.model.case import Case, ConcernEntry
from threshold_cli.model.pack import Pack
from threshold_cli.model.reading import (
    ConcernRead,
    ConsentStep,
    Consider,
    ContactItem,
    Edition,
    EvidenceItem,
    NextSteps,
    PackStamp,
    PossibleItem,
    Reading,
    ReadingError,
    RuleItem,
    StatutoryItem,
    StrengthItem,
    UnmatchedItem,
)

NOT_A_DECISION = (
    "This is the tool's reading, not a decision. A practitioner decides, with their safeguarding lead "
    "(UK GDPR Article 22: no decision about a child rests on automated processing alone)."
)


def next_steps(pack: Pack, result: Assessment) -> NextSteps:
    if result.tier is None:
        response = (
            "No tier: the concerns met only s20/s31 criteria, which are reported, not tiers. Discuss the "
            "statutory route with children's social care and your safeguarding lead."
            if result.statutory
            else "No concern could be matched: read the guide with your safeguarding lead."
        )
        return NextSteps(tier=None, response=response, contacts=[], consent=None)
    contacts = [
        ContactItem.model_validate(c.model_dump(exclude={"tiers"})) for c in pack.contacts if result.tier in c.tiers
    ]
    consent_rule = next((r for r in result.rules_fired if r.kind == "consent"), None)
    return NextSteps(
        tier=result.tier,
        response=pack.tier(result.tier).response,
        contacts=contacts,
        consent=ConsentStep(
            required=result.consent_required, guidance=consent_rule.explanation if consent_rule else None
        ),
    )


def reading_of(result: CaseResult, context: PackContext, *, redact: bool = False) -> Reading | ReadingError:
    """One case's reading (or its one-line error, in its place)."""
    if result.error is not None or result.assessment is None or result.case is None:
        return ReadingError(file=result.path, error=str(result.error))
    pack, a, case = context.pack, result.assessment, result.case
    document = pack.document
    return Reading(
        file=result.path,
        reference=None if redact else case.reference,
        tier=a.tier,
        tier_name=a.tier_name,
        consider=consider(a),
        pack=PackStamp(
            id=pack.id,
            title=pack.title,
            version=pack.version,
            sha256=context.loaded.doc.sha256,
            status=pack.status,
            edition=Edition(title=document.title, version=document.version, date=document.date),
        ),
        tool_version=__version__,
        complete=a.complete,
        concerns=concerns_read(case),
        evidence=[EvidenceItem.model_validate(asdict(e)) for e in a.evidence],
        statutory=[StatutoryItem.model_validate(asdict(s)) for s in a.statutory],
        possible=[PossibleItem.model_validate(asdict(p)) for p in a.possible],
        unmatched=[UnmatchedItem.model_validate(asdict(u)) for u in a.unmatched],
        rules_fired=[RuleItem.model_validate(asdict(r)) for r in a.rules_fired],
        strengths=[StrengthItem.model_validate(asdict(s)) for s in a.strengths],
        notes=list(a.notes),
        needs_to_happen=list(case.needs_to_happen),
        scaling=case.scaling,
        consent=case.consent,
        next_steps=next_steps(pack, a),
        decision=case.decision,
        caveat=f"{pack.caveat} {NOT_A_DECISION}",
        redacted=redact,
    )


def concerns_read(case: Case) -> list[ConcernRead]:
    """Every concern as the practitioner wrote it, in order."""
    out = []
    for n, concern in enumerate(case.concerns):
        entry = concern if isinstance(concern, ConcernEntry) else ConcernEntry(text=concern)
        out.append(
            ConcernRead(
                concern=n,
                text=entry.text,
                indicator=entry.indicator,
                tier=entry.tier,
                statutory=entry.statutory,
                source=entry.source,
                date=entry.date,
            )
        )
    return out


def consider(a: Assessment) -> Consider | None:
    """The highest tier above the reading that a concern's borderline or a possible s47 criterion points
    to, with why (decision.md 6: borderline is said out loud; an s47 matter that lacks only a fact is
    still a child-protection worry)."""
    if a.tier is None and not a.evidence and not a.possible:
        return None
    floor = a.tier or 0
    because: dict[int, list[str]] = {}
    for e in a.evidence:
        for t in e.borderline.tiers if e.borderline else ():
            if t > floor:
                because.setdefault(t, []).append(
                    f"concern {e.concern + 1} is borderline with Tier {t} of `{e.indicator}`"
                )
    for p in a.possible:
        if p.section == "s47" and floor < 4:
            missing = ", ".join(p.missing)
            because.setdefault(4, []).append(f"concern {p.concern + 1} may meet `{p.id}` (not given: {missing})")
    if not because:
        return None
    top = max(because)
    return Consider(tier=top, because=because[top])
