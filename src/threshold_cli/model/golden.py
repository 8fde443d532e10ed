"""Golden files (``<pack>.tests.yaml``, docs/authoring.md): cases whose reading is known, with what is
expected of each, a ``todo`` case's recorded current reading, and what running one gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from threshold_cli.model.assessment import Assessment
from threshold_cli.model.case import Case
from threshold_cli.model.types import CriterionId, IndicatorId, Slug, TierNumber


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(_Strict):
    """What the reading must show. Only ``tier`` is required; every list is 'at least these'."""

    tier: TierNumber | None
    indicators: list[IndicatorId] = Field(default_factory=list)
    indicator_tiers: dict[IndicatorId, TierNumber] = Field(default_factory=dict)
    not_indicators: list[IndicatorId] = Field(default_factory=list)
    statutory: list[CriterionId] = Field(default_factory=list)
    rules: list[Slug] = Field(default_factory=list)
    unmatched: Annotated[int, Field(ge=0)] | None = None


class Current(_Strict):
    """A ``todo`` case's reading as last recorded: the tier, and exactly which rows and criteria it met.

    Strict expected-failure (pytest's ``xfail(strict=True)``, Semgrep's ``todoruleid``): a known gap is
    pinned, so a change to its reading in either direction fails until it is re-recorded or promoted.
    """

    tier: TierNumber | None
    indicators: list[IndicatorId] = Field(default_factory=list)
    statutory: list[CriterionId] = Field(default_factory=list)


class GoldenCase(_Strict):
    name: Slug
    note: str | None = None
    case: Case
    expect: Expect
    todo: bool = False
    current: Current | None = None


class GoldenFile(_Strict):
    """``<pack>.tests.yaml``: the pack it tests (a sibling file or a built-in name) and its cases."""

    pack: str
    cases: list[GoldenCase] = Field(min_length=1)


@dataclass(frozen=True)
class GoldenResult:
    name: str
    status: str  # pass | fail | todo | todo-passes (a todo case that now passes fails, as strict xfail does)
    diffs: tuple[str, ...]
    tier: int | None
    assessment: Assessment | None

    @property
    def failed(self) -> bool:
        """A failing case, or a ``todo`` case that now passes (it must be promoted, not left pinned)."""
        return self.status in {"fail", "todo-passes"}


@dataclass
class Coverage:
    """What no golden case exercises: a gap in the pack's proof."""

    indicators: list[str] = field(default_factory=list)
    tiers: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
