"""The constrained types a pack and a case share (tier numbers, ids, slugs) and the strict base model."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
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
