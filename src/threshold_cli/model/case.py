"""The case file (``docs/case-format.md``): what we are worried about, what is working well.

Strict, as the pack is (``extra="forbid"``: a typo'd key must never silently drop a concern; ``strict=True``:
``age: "9"`` is not 9), frozen, and bounded (the limits below keep a reading's time and memory small).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)

from threshold_cli.model.types import CriterionId, IndicatorId, TierNumber, _Strict


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
