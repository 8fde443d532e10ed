"""The rule pack (``docs/pack-format.md``): tiers, domains, areas and indicators with a descriptor for
each tier, statutory criteria, the rules that decide a tier, contacts and settings.

Strict: ``extra="forbid"`` (a typo'd key must never silently drop a descriptor) and ``strict=True`` (no
coercion: ``tier: true`` is not Tier 1, exactly as the published JSON Schema says); and frozen (a loaded
pack is a value; nothing in the engine may change it).
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from threshold_cli.model.types import (
    CriterionId,
    DomainId,
    Fact,
    IndicatorId,
    Section,
    Slug,
    Text,
    TierNumber,
    _Strict,
)


class SourceRef(_Strict):
    """Where in the guide a text comes from, so a reader can check it."""

    section: Text
    page: Annotated[int, Field(ge=1)] | None = None

    def __str__(self) -> str:
        return f"{self.section}, p. {self.page}" if self.page else self.section


class Document(_Strict):
    """The published guide a pack transcribes."""

    title: Text
    version: Text
    date: Text
    url: Text


class Tier(_Strict):
    """One of the four tiers of need, in the guide's words."""

    number: TierNumber
    name: Text
    heading: Text
    definition: Text
    matrix_heading: Text
    response: Text
    summary_by_domain: dict[DomainId, list[Text]] = Field(default_factory=dict)
    source: SourceRef


class Indicator(_Strict):
    """A row of the matrix: one subject, a descriptor per tier (``None`` where the guide is blank)."""

    id: IndicatorId
    label: Text
    descriptors: dict[TierNumber, Text | None]
    source: SourceRef

    @field_validator("descriptors")
    @classmethod
    def _four_tiers(cls, value: dict[int, str | None]) -> dict[int, str | None]:
        missing = [tier for tier in (1, 2, 3, 4) if tier not in value]
        if missing:
            raise ValueError(f"descriptors must give tiers 1-4 (null where the guide is blank); missing {missing}")
        if all(text is None for text in value.values()):
            raise ValueError("an indicator needs at least one descriptor")
        return value


ConceptRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class ReadFor(_Strict):
    """Whom an area's rows are about, where its heading says so ("Parenting during pregnancy and
    infancy"): a child younger than ``under_age``, or any child whose concern names one of
    ``unless_named`` (a pregnancy, a baby). Elsewhere a shared word ("missed appointments") does not
    propose the row."""

    under_age: float = Field(gt=0, le=25, description="The rows are read for a child younger than this (years).")
    unless_named: list[ConceptRef] = Field(
        default_factory=list,
        description="Or for any child when the concern names one of these (acts or things in concepts.yaml).",
    )


class Area(_Strict):
    """A heading of the matrix within a domain (e.g. "The child's health")."""

    id: Slug
    name: Text
    read_for: ReadFor | None = None
    indicators: list[Indicator] = Field(min_length=1)


class Domain(_Strict):
    """One side of the Assessment Triangle."""

    id: DomainId
    name: Text
    description: Text
    areas: list[Area] = Field(min_length=1)


class Condition(_Strict):
    """A fact about the child that a criterion depends on (``age`` in years)."""

    fact: Fact
    equals: bool | None = None
    below: float | None = None
    at_least: float | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [t for t in (self.equals, self.below, self.at_least) if t is not None]
        if len(tests) != 1:
            raise ValueError("a condition needs exactly one of `equals`, `below`, `at_least`")
        if self.fact == "age" and self.equals is not None:
            raise ValueError("compare `age` with `below` or `at_least`")
        if self.fact != "age" and self.equals is None:
            raise ValueError(f"`{self.fact}` is true or false: use `equals`")
        return self


class Applicability(_Strict):
    """Conditions on the child's facts: ``any`` of them, or ``all`` of them, must hold."""

    any: list[Condition] = Field(default_factory=list)
    all: list[Condition] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Applicability:
        if not self.any and not self.all:
            raise ValueError("`applies_when` needs `any` or `all` conditions")
        return self


class Trigger(_Strict):
    """One pattern: a phrase from every group in ``all``, or an ``act`` done ``by`` and ``to`` the
    people named (concepts.yaml), and not by those in ``not_by``; and none of the ``unless`` phrases.

    Phrases are matched as whole words after stemming and thesaurus expansion, in order and next to
    each other (stopwords aside), so "no parent" does not fire on "the parent did not come". An act is
    read in its clause with its roles (docs/reading.md): "her mum's boyfriend makes her do things in
    bed" is the act `sexual-abuse`, by a `parent-partner`, to the `child`.
    """

    all: list[list[Text]] = Field(default_factory=list)
    act: ConceptRef | None = Field(default=None, description="An act in concepts.yaml (e.g. sexual-abuse).")
    by: list[ConceptRef] = Field(default_factory=list, description="Who may do it (people in concepts.yaml); any.")
    to: list[ConceptRef] = Field(default_factory=list, description="Who it must harm (people in concepts.yaml); any.")
    not_by: list[ConceptRef] = Field(
        default_factory=list,
        description="Whose act it must not be (people in concepts.yaml): 'mum is pregnant' is not the child's.",
    )
    also: list[ConceptRef] = Field(
        default_factory=list, description="Things (concepts.yaml) the concern must also name, currently: an injury."
    )
    unless: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _words_or_an_act(self) -> Trigger:
        if bool(self.all) == bool(self.act):
            raise ValueError("a trigger has either `all` (groups of phrases) or an `act`, not both and not neither")
        if (self.by or self.to or self.also or self.not_by) and not self.act:
            raise ValueError("`by`, `to`, `not_by` and `also` go with an `act`")
        return self


class Criterion(_Strict):
    """A Children Act 1989 criterion (s47 enquiry, s20 accommodation, s31 care proceedings)."""

    id: CriterionId
    section: Section
    text: Text
    origin: Literal["guide", "act", "law"] = Field(
        description="guide: the guide's own words; act: quoted from the Children Act 1989; law: law the guide "
        "assumes and does not list (ours, citing the statute in `source`)."
    )
    applies_when: Applicability | None = None
    triggers: list[Trigger] = Field(
        default_factory=list,
        description=(
            "Ours, not the guide's: word patterns that signal this criterion in a free-text concern. "
            "Any one pattern is enough; without triggers a criterion is met only when a case names it."
        ),
    )
    source: SourceRef

    @model_validator(mode="after")
    def _id_matches_section(self) -> Criterion:
        if not self.id.startswith(self.section + "."):
            raise ValueError(f"criterion id `{self.id}` must start with its section `{self.section}.`")
        return self


class TriggerLibrary(_Strict):
    """The word patterns that signal each criterion, by criterion id, shared by every pack
    (``rulepacks/triggers.yaml``): a pack's criterion with that id reads them before any of its own
    ``triggers``. Ours, not the guides': both built-in packs take the same London/Working Together
    criteria, so one list, reviewed once, serves both."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    criteria: dict[CriterionId, Annotated[list[Trigger], Field(min_length=1)]] = Field(
        min_length=1, description="Criterion id (e.g. `s47.serious-neglect`) → its trigger patterns."
    )

    def for_pack(self, pack: Pack) -> Pack:
        """The pack with each criterion's shared patterns first, then its own."""
        statutory = [
            c.model_copy(update={"triggers": [*self.criteria.get(c.id, []), *c.triggers]}) for c in pack.statutory
        ]
        return pack.model_copy(update={"statutory": statutory})


class StatutoryNote(_Strict):
    """Guidance the guide gives around the criteria (considerations, definitions, welfare checklist)."""

    section: Section
    title: Text
    items: list[Text] = Field(min_length=1)
    source: SourceRef


class Setting(_Strict):
    """A number the guide leaves open, named and explained so reviewers can see and change it."""

    value: int | float
    description: Text


class AgeSetting(Setting):
    value: Annotated[float, Field(ge=0, le=25)]


class CountSetting(Setting):
    value: Annotated[int, Field(ge=1)]


CountName = Literal["cluster_min_indicators", "cluster_min_domains"]
"""The count settings a cluster rule may name."""


class Settings(_Strict):
    """The numbers the engine reads, each a typed field: a misspelt name is an error ("did you mean"),
    never a setting silently ignored (a baby's bruise read at Tier 3 for want of one)."""

    presumed_non_mobile_under_age: AgeSetting | None = Field(
        default=None,
        description="A baby under this age (years) is read as pre-mobile for the s47 criteria on pre- or "
        "non-mobile children unless the case says `mobile: true`.",
    )
    cluster_min_indicators: CountSetting | None = Field(
        default=None, description="How many distinct indicators at the cluster rule's tier lift the reading."
    )
    cluster_min_domains: CountSetting | None = Field(
        default=None, description="Across how many domains those indicators must fall."
    )

    def count(self, name: CountName) -> int | None:
        setting: CountSetting | None = getattr(self, name)
        return setting.value if setting else None

    def named(self) -> dict[str, Setting]:
        """The settings the pack gives, by name."""
        return {name: getattr(self, name) for name in type(self).model_fields if getattr(self, name) is not None}


class CountAtTier(_Strict):
    tier: TierNumber
    max: Annotated[int, Field(ge=0)]


class When(_Strict):
    """Conditions for a note rule; every condition given must hold."""

    tier_in: list[TierNumber] | None = None
    max_indicators_at_tier: CountAtTier | None = None
    indicators_any: list[IndicatorId] | None = None
    scaling_given: bool | None = None
    consent_in: list[Literal["given", "refused", "not-sought"]] | None = None


class _Rule(_Strict):
    id: Slug
    explanation: Text
    source: SourceRef


class StatutoryOverrideRule(_Rule):
    """A met criterion of ``section`` sets the tier (s47 → 4), or is reported when no tier is given."""

    kind: Literal["statutory_override"]
    section: Section
    tier: TierNumber | None = None


class HighestTierRule(_Rule):
    """The highest tier among matched indicators is the floor of the reading."""

    kind: Literal["highest_tier"]


class ClusterRule(_Rule):
    """Enough indicators at ``from_tier`` across enough domains lift the reading to ``to_tier``."""

    kind: Literal["cluster"]
    from_tier: TierNumber
    to_tier: TierNumber
    min_indicators_setting: CountName
    min_domains_setting: CountName


class NoteRule(_Rule):
    """Adds the guide's words to the report when ``when`` holds; never changes the tier."""

    kind: Literal["note"]
    when: When


class ConsentRule(_Rule):
    """Says whether consent is needed at the reading's tier."""

    kind: Literal["consent"]
    not_required_from_tier: TierNumber


Rule = Annotated[
    StatutoryOverrideRule | HighestTierRule | ClusterRule | NoteRule | ConsentRule,
    Field(discriminator="kind"),
]


class Contact(_Strict):
    name: Text
    phone: Text | None = None
    email: Text | None = None
    secure_email: Text | None = None
    url: Text | None = None
    address: Text | None = None
    purpose: Text | None = None
    tiers: list[TierNumber] = Field(default_factory=list)

    @field_validator("email", "secure_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an email address")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9 +()]{3,20}", value):
            raise ValueError("a phone number holds only digits, spaces, + and brackets")
        return value


class SignsOfSafetyQuestion(_Strict):
    question: Text
    prompts: list[Text] = Field(default_factory=list)


class Scale(_Strict):
    min: int = 0
    max: int = 10
    meaning: Text


class SignsOfSafety(_Strict):
    questions: list[SignsOfSafetyQuestion] = Field(min_length=1)
    scale: Scale
    source: SourceRef


class Pack(_Strict):
    """A whole threshold guide as data."""

    id: Slug
    title: Text
    publisher: Text
    document: Document
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    status: Literal["draft", "stable"]
    reviewed: Text
    caveat: Text
    tiers: list[Tier] = Field(min_length=4, max_length=4)
    domains: list[Domain] = Field(min_length=3, max_length=3)
    statutory: list[Criterion] = Field(default_factory=list)
    statutory_notes: list[StatutoryNote] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    rules: list[Rule] = Field(default_factory=list)
    signs_of_safety: SignsOfSafety | None = None
    contacts: list[Contact] = Field(default_factory=list)

    @field_validator("tiers")
    @classmethod
    def _tiers_in_order(cls, value: list[Tier]) -> list[Tier]:
        if [t.number for t in value] != [1, 2, 3, 4]:
            raise ValueError("tiers must be numbered 1, 2, 3, 4 in that order")
        return value

    def tier(self, number: int) -> Tier:
        return self.tiers[number - 1]

    def indicators(self) -> list[tuple[Domain, Area, Indicator]]:
        """Every indicator with its domain and area, in guide order."""
        return [(d, a, i) for d in self.domains for a in d.areas for i in a.indicators]
