"""``threshold referral``: a partnership's referral form drafted from a case file and its reading.

Each field the form file marks with ``fill`` takes its words from the case file (as the practitioner
wrote them) or from the reading; every other field, and any field the case leaves unsaid, stays blank,
so the draft never says more than the case does. Pure: the CLI loads, this fills, ``render/`` lays out.
"""

from __future__ import annotations

from collections.abc import Callable

from threshold_cli.model.case import Case, ConcernEntry
from threshold_cli.model.reading import Reading
from threshold_cli.model.referral import DraftField, DraftSection, FormField, ReferralDraft, ReferralForm

DRAFT_CAVEAT = (
    "A draft for the referrer to check and complete: every blank field is one the case file does not "
    "record. The reading supports professional judgement and never replaces it."
)

Filled = tuple[list[str], str | None]
"""A field's lines, and the outcome whose tick box is ticked (None: no box)."""


def _age(case: Case, reading: Reading) -> Filled:
    age = case.child.age
    if age is None:
        return [], None
    if age == 0:
        return ["0 (unborn or newborn)"], None
    if age < 2 and age != int(age):
        return [f"{age:g} years (about {round(age * 12)} months)"], None
    return [f"{age:g}"], None


def _disabled(case: Case, reading: Reading) -> Filled:
    disabled = case.child.disabled
    if disabled is None:
        return [], None
    return (["The child: yes (the case file records the child as disabled)"] if disabled else ["The child: no"]), None


def _social_care(case: Case, reading: Reading) -> Filled:
    """Only what the case file records: a plan or being looked after is current involvement; their absence
    says nothing about the past, so no box is ticked for it."""
    known = [
        words
        for fact, words in (
            (case.child.on_child_protection_plan, "on a child protection plan"),
            (case.child.looked_after, "looked after"),
        )
        if fact
    ]
    return ([f"The child is {' and '.join(known)}"], "yes") if known else ([], None)


def _concerns(case: Case, reading: Reading) -> Filled:
    lines = []
    for concern in case.concerns:
        if isinstance(concern, str):
            lines.append(concern)
            continue
        lines.append(_entry_words(concern))
    return lines, None


def _entry_words(entry: ConcernEntry) -> str:
    words = entry.text or f"`{entry.indicator or entry.statutory}` (named in the case file)"
    provenance = ", ".join(p for p in (entry.source, entry.date) if p)
    return f"{words} ({provenance})" if provenance else words


def _working_well(case: Case, reading: Reading) -> Filled:
    return list(case.working_well), None


def _needs_to_happen(case: Case, reading: Reading) -> Filled:
    return list(case.needs_to_happen), None


def _scaling(case: Case, reading: Reading) -> Filled:
    return [], None if case.scaling is None else str(case.scaling)


def _reading(case: Case, reading: Reading) -> Filled:
    """The tool's reading, said as one: the tier, what met a statutory criterion, what to weigh, what was
    not placed, and the practitioner's own decision where the case records it."""
    pack = reading.pack
    tier = f"Tier {reading.tier} ({reading.tier_name})" if reading.tier is not None else "no tier"
    lines = [
        f"Yes: the threshold reading of this case against {pack.title} (pack version {pack.version}, "
        f"sha256 {pack.sha256[:12]}) is {tier}. It supports professional judgement and is not a decision."
    ]
    for item in reading.statutory:
        lines.append(f"Meets {item.section} criterion (concern {item.concern + 1}): {item.text}")
    for possible in reading.possible:
        missing = ", ".join(possible.missing)
        lines.append(
            f"May meet {possible.section} criterion (concern {possible.concern + 1}; the case file does not give "
            f"{missing}): {possible.text}"
        )
    if reading.consider is not None:
        lines.append(f"Consider Tier {reading.consider.tier}: {'; '.join(reading.consider.because)}")
    if reading.unmatched:
        lines.append(f"{len(reading.unmatched)} concern(s) not placed by the reading: read them in full above")
    if case.decision is not None:
        d = case.decision
        by = ", ".join(p for p in (d.by, d.date) if p)
        lines.append(
            f"The practitioner's decision: Tier {d.tier}"
            + (f" ({by})" if by else "")
            + (f": {d.reason}" if d.reason else "")
        )
    return lines, None


def _consent_parents(case: Case, reading: Reading) -> Filled:
    if case.consent is None:
        return [], None
    return [], "yes" if case.consent.status == "given" else "no"


def _consent_why_not(case: Case, reading: Reading) -> Filled:
    """A refusal means the parents were spoken to (the form's first box); ``not-sought`` does not say
    whether they were, so no box is ticked for it and the recorded reason is the explanation."""
    consent = case.consent
    if consent is None or consent.status == "given":
        return [], None
    lines = [consent.reason] if consent.reason.strip() else []
    return lines, "refused" if consent.status == "refused" else None


FILLS: dict[str, Callable[[Case, Reading], Filled]] = {
    "child.age": _age,
    "child.disabled": _disabled,
    "child.social_care": _social_care,
    "concerns": _concerns,
    "working_well": _working_well,
    "needs_to_happen": _needs_to_happen,
    "scaling": _scaling,
    "reading": _reading,
    "consent.parents": _consent_parents,
    "consent.why_not": _consent_why_not,
}
"""Every ``Fill`` of the form model, and what fills it (``tests/unit/test_registries.py`` checks both ways)."""


def _field(spec: FormField, case: Case, reading: Reading) -> DraftField:
    lines, outcome = FILLS[spec.fill](case, reading) if spec.fill else ([], None)
    ticked = next((c.text for c in spec.choices if outcome is not None and c.outcome == outcome), None)
    return DraftField(
        label=spec.label,
        fill=spec.fill,
        text=lines,
        hint=spec.hint,
        choices=[c.text for c in spec.choices],
        ticked=ticked,
    )


def draft_referral(form: ReferralForm, case: Case, reading: Reading) -> ReferralDraft:
    """The form with every ``fill`` field taken from the case or the reading, and every other field blank."""
    return ReferralDraft(
        file=reading.file,
        reference=reading.reference,
        form=form.id,
        title=form.title,
        source=str(form.source),
        pack=reading.pack,
        tool_version=reading.tool_version,
        header=list(form.header),
        sections=[
            DraftSection(number=s.number, title=s.title, fields=[_field(f, case, reading) for f in s.fields])
            for s in form.sections
        ],
        send=list(form.send),
        caveat=DRAFT_CAVEAT,
        redacted=reading.redacted,
    )
