"""Pydantic models of a rule pack and of a case file (``docs/pack-format.md``, ``docs/case-format.md``).

Both are strict: ``extra="forbid"`` (a typo'd key must never silently drop a descriptor or a concern)
and ``strict=True`` (no coercion: ``tier: true`` is not Tier 1 and ``age: "9"`` is not 9, exactly as
the published JSON Schemas say); and frozen (a loaded pack is a value; nothing in the engine may change it).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

TierNumber = Annotated[int, Strict(), Field(ge=1, le=4)]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Lower-case letters and digits in hyphen-separated words: a pack id, an area, a rule (``my-council``)."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
IndicatorId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+$")]
CriterionId = Annotated[str, StringConstraints(pattern=r"^s(?:47|20|31)\.[a-z0-9]+(?:-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(min_length=1)]
SettingName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Section = Literal["s47", "s20", "s31"]
DomainId = Literal["development", "family", "environment"]
Fact = Literal["age", "mobile", "verbal", "disabled", "on_child_protection_plan", "looked_after"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, str_strip_whitespace=False, defer_build=True)


# ---------------------------------------------------------------- rule pack


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


class Area(_Strict):
    """A heading of the matrix within a domain (e.g. "The child's health")."""

    id: Slug
    name: Text
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


ConceptRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class Trigger(_Strict):
    """One pattern: a phrase from every group in ``all``, or an ``act`` done ``by`` and ``to`` the
    people named (concepts.yaml); and none of the ``unless`` phrases.

    Phrases are matched as whole words after stemming and thesaurus expansion, in order and next to
    each other (stopwords aside), so "no parent" does not fire on "the parent did not come". An act is
    read in its clause with its roles (docs/reading.md): "her mum's boyfriend makes her do things in
    bed" is the act `sexual-abuse`, by a `parent-partner`, to the `child`.
    """

    all: list[list[Text]] = Field(default_factory=list)
    act: ConceptRef | None = Field(default=None, description="An act in concepts.yaml (e.g. sexual-abuse).")
    by: list[ConceptRef] = Field(default_factory=list, description="Who may do it (people in concepts.yaml); any.")
    to: list[ConceptRef] = Field(default_factory=list, description="Who it must harm (people in concepts.yaml); any.")
    also: list[ConceptRef] = Field(
        default_factory=list, description="Things (concepts.yaml) the concern must also name, currently: an injury."
    )
    unless: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _words_or_an_act(self) -> Trigger:
        if bool(self.all) == bool(self.act):
            raise ValueError("a trigger has either `all` (groups of phrases) or an `act`, not both and not neither")
        if (self.by or self.to or self.also) and not self.act:
            raise ValueError("`by`, `to` and `also` go with an `act`")
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
    min_indicators_setting: SettingName
    min_domains_setting: SettingName


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
    settings: dict[SettingName, Setting] = Field(default_factory=dict)
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


# ---------------------------------------------------------------- case file


class Child(_Strict):
    """Facts about the child that some criteria depend on. Unknown facts stay ``None``."""

    age: Annotated[float, Field(ge=0, le=25)] | None = None
    mobile: bool | None = None
    verbal: bool | None = None
    disabled: bool | None = None
    on_child_protection_plan: bool | None = None
    looked_after: bool | None = None


MAX_TEXT_CHARS = 10_000
"""Longest concern, ``working_well`` or ``needs_to_happen`` item (about three pages). A concern is one
worry in a sentence or a paragraph, and is matched to one row of the guide: a longer text is a pasted
document whose other worries would go unread, so it is refused with a request to split it."""

MAX_ITEMS = 1_000
"""Most items in ``concerns``, ``working_well`` or ``needs_to_happen`` of one case file."""

MAX_LIST_CHARS = 100_000
"""Most characters of text in all the items of one of those lists together (bounds the reading's time)."""

NonBlank = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_CHARS, pattern=r"\S")]


class ConcernEntry(_Strict):
    """A concern with more detail: pinned to an indicator or a criterion, with provenance."""

    text: NonBlank | None = None
    indicator: IndicatorId | None = None
    tier: TierNumber | None = None
    statutory: CriterionId | None = None
    source: str | None = None
    date: str | None = None

    @model_validator(mode="after")
    def _says_something(self) -> ConcernEntry:
        if self.text is None and self.indicator is None and self.statutory is None:
            raise ValueError("a concern needs `text`, `indicator` or `statutory`")
        if self.tier is not None and self.indicator is None:
            raise ValueError("`tier` is the practitioner's tier for a pinned `indicator`: add `indicator`")
        if self.indicator is not None and self.tier is None and self.text is None:
            raise ValueError("a pinned `indicator` needs its `tier`, or `text` to choose the tier from")
        if self.statutory is not None and self.indicator is not None:
            raise ValueError("name either an `indicator` or a `statutory` criterion, not both")
        return self


def _concern_kind(value: Any) -> str:
    return "text" if isinstance(value, str) else "entry"


Concern = Annotated[
    Annotated[NonBlank, Tag("text")] | Annotated[ConcernEntry, Tag("entry")],
    Discriminator(_concern_kind),
]


class Consent(_Strict):
    status: Literal["given", "refused", "not-sought"]
    reason: str = ""


class Decision(_Strict):
    """The practitioner's own decision, recorded beside the tool's reading. Never filled in by the tool."""

    tier: TierNumber
    reason: str | None = None
    by: str | None = None
    date: str | None = None


class Case(_Strict):
    """A case file (``docs/case-format.md``): what we are worried about, what is working well."""

    reference: str | None = None
    child: Child = Field(default_factory=Child)
    concerns: list[Concern] = Field(min_length=1, max_length=MAX_ITEMS)
    working_well: list[NonBlank] = Field(default_factory=list, max_length=MAX_ITEMS)
    needs_to_happen: list[NonBlank] = Field(default_factory=list, max_length=MAX_ITEMS)
    scaling: Annotated[int, Field(ge=0, le=10)] | None = None
    consent: Consent | None = None
    decision: Decision | None = None

    @field_validator("concerns", "working_well", "needs_to_happen")
    @classmethod
    def _bounded_text(cls, value: list[Any]) -> list[Any]:
        total = sum(len(item if isinstance(item, str) else item.text or "") for item in value)
        if total > MAX_LIST_CHARS:
            raise ValueError(
                f"{total:,} characters of text in all; the limit is {MAX_LIST_CHARS:,}: "
                "split the case into several case files"
            )
        return value
