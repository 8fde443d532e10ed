"""What the engine concludes about one case (engine/assess.py): the tier, the evidence for it, the
statutory criteria met, the concerns it could not place, the rules that fired and the strengths. Plain,
frozen dataclasses; ``engine/reading.py`` turns one into the :class:`~threshold_cli.model.reading.Reading`
that ``assess`` reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Borderline:
    """The two tiers of one row a concern sat between, and the other tier's descriptor, by tier (as text)."""

    tiers: tuple[int, int]
    descriptors: dict[str, str | None]


@dataclass(frozen=True)
class Evidence:
    concern: int
    indicator: str
    label: str
    domain: str
    area: str
    tier: int
    descriptor: str
    match: str  # pinned | text
    score: float
    source: str
    borderline: Borderline | None = None
    criteria: tuple[str, ...] = ()  # s20/s31 criteria the same concern also meets (reported, not tiered)


@dataclass(frozen=True)
class StatutoryHit:
    section: str
    id: str
    text: str
    concern: int
    source: str
    match: str  # named | text
    because: tuple[str, ...] = ()


@dataclass(frozen=True)
class PossibleHit:
    """A criterion a concern would meet but for facts the case file does not give (age, mobility...)."""

    section: str
    id: str
    text: str
    concern: int
    source: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Unmatched:
    concern: int
    text: str


@dataclass(frozen=True)
class RuleFired:
    id: str
    kind: str
    explanation: str
    source: str
    effect: str  # what it did to this reading, in plain words
    tier: int | None = None  # the tier it lifted the reading to, for a tier-setting rule


@dataclass(frozen=True)
class Strength:
    text: str
    origin: str  # working_well | concern
    concern: int | None = None
    indicator: str | None = None
    descriptor: str | None = None


@dataclass(frozen=True)
class Assessment:
    tier: int | None
    tier_name: str | None
    evidence: list[Evidence]
    statutory: list[StatutoryHit]
    unmatched: list[Unmatched]
    rules_fired: list[RuleFired]
    strengths: list[Strength]
    notes: list[str] = field(default_factory=list)
    consent_required: bool | None = None
    possible: list[PossibleHit] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unmatched
