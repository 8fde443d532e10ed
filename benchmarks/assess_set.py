"""The assess benchmark's item format (``benchmarks/assess/*.yaml``), validated with located errors.

Each item is a child's age, one or more concerns as practitioners wrote them, the failure classes it
probes, the indicator rows its writer aimed at, two independent labels per pack (accepted tiers, the
floor below which a reading is under-triage, the s47 criterion if any) and the adjudicated
expectation, with the adjudicator's reason wherever the two labels differed. Loaded through the
project's own safe YAML reader, so a malformed item is reported as ``file:line:column: message``
exactly as ``threshold validate`` reports a pack.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from threshold_cli.io.loader import validate_document
from threshold_cli.io.yamldoc import load_yaml
from threshold_cli.model.case import Child
from threshold_cli.model.errors import Problem

FailureClass = Literal[
    "who-did-what-to-whom",
    "whose-experience",
    "past-vs-present",
    "hedge-suspicion",
    "negation",
    "denial-by-accused",
    "single-shared-word",
    "tier1-fits",
    "law-guides-assume",
    "severity-frequency",
    "age",
    "everyday-words",
]
PACKS = ("norfolk", "sutton")
Tier = Annotated[int, Field(ge=1, le=4)]
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackLabel(_Strict):
    """One reading of one item against one guide: what a careful practitioner would accept."""

    accepted: list[Tier] = Field(min_length=1)
    floor: Tier
    s47: Annotated[str, StringConstraints(pattern=r"^(s47\.[a-z0-9-]+|law:[a-z0-9-]+)$")] | None = None
    """The s47 criterion that applies (a pack criterion id, or ``law:<name>`` for law the guides assume)."""
    why: str | None = None

    @model_validator(mode="after")
    def _floor_at_or_below_accepted(self) -> PackLabel:
        if self.floor > min(self.accepted):
            raise ValueError(f"floor {self.floor} is above the lowest accepted tier {min(self.accepted)}")
        if self.s47 and 4 not in self.accepted:
            raise ValueError("an s47 criterion applies, so Tier 4 must be accepted")
        return self

    def same_as(self, other: PackLabel) -> bool:
        return (
            sorted(self.accepted) == sorted(other.accepted)
            and self.floor == other.floor
            and bool(self.s47) == bool(other.s47)
        )


class Labels(_Strict):
    norfolk: PackLabel
    sutton: PackLabel


class Item(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][0-9]{3}$")]
    age: Annotated[float, Field(ge=0, le=25)]
    facts: dict[Literal["mobile", "verbal", "disabled", "on_child_protection_plan", "looked_after"], bool] = Field(
        default_factory=dict
    )
    concerns: list[Text] = Field(min_length=1)
    working_well: list[Text] = Field(default_factory=list)
    classes: list[FailureClass] = Field(min_length=1)
    near_miss: bool
    rows: list[Annotated[str, StringConstraints(pattern=r"^(norfolk|sutton):[a-z0-9.-]+$")]] = Field(
        default_factory=list
    )
    """The indicator rows its writer aimed it at (``pack:indicator``): what coverage is counted on."""
    labels: dict[Literal["a", "b"], Labels]
    expected: Labels
    adjudication: str | None = None

    @model_validator(mode="after")
    def _two_labels_and_adjudicated(self) -> Item:
        if set(self.labels) != {"a", "b"}:
            raise ValueError("every item needs two independent labels, `a` and `b`")
        a, b = self.labels["a"], self.labels["b"]
        differ = [p for p in PACKS if not getattr(a, p).same_as(getattr(b, p))]
        if differ and not self.adjudication:
            raise ValueError(f"labels differ for {', '.join(differ)}: record the adjudication")
        return self

    def case(self) -> dict[str, object]:
        """The item as a case file's data."""
        Child(age=self.age, **self.facts)  # the same facts a case file accepts
        out: dict[str, object] = {"child": {"age": self.age, **self.facts}, "concerns": list(self.concerns)}
        if self.working_well:
            out["working_well"] = list(self.working_well)
        return out


class ItemSet(_Strict):
    set: Literal["tuning", "held-out"]
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> ItemSet:
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise ValueError(f"duplicate item id {item.id}")
            seen.add(item.id)
        return self


def load_set(path: Path) -> ItemSet | list[Problem]:
    """The validated set, or every problem as ``file:line:column`` (the loader's own messages)."""
    return validate_document(load_yaml(path), ItemSet)
