"""The reading of one case: what ``assess`` reports, as a typed model (docs/contracts.md).

Built by the engine (``engine/reading.py``) and only rendered by ``render/assess.py``; its JSON Schema is
committed as ``schemas/reading.schema.json`` (``threshold schema reading``) and every JSON reading in the
test suite is checked against it. Optional detail (a borderline, an evidence's criteria, a contact's
email) is left out of the JSON when absent, as it always has been; the keys every reading has are
always there, ``null`` when empty.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from threshold_cli.model.case import Decision


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _present(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each item without its absent (``None``) optional details."""
    return [{k: v for k, v in item.items() if v is not None} for item in items]


class PackStamp(_Out):
    """The exact pack file a reading used: a recorded reading can be reproduced from it."""

    id: str
    title: str
    version: str
    sha256: str


class Borderline(_Out):
    """Two tiers of the same row the concern sat between, and the other tier's descriptor (verbatim)."""

    tiers: list[int]
    descriptors: dict[str, str | None] = Field(description="tier (as text) → descriptor")


class EvidenceItem(_Out):
    """One matched concern: the indicator, the tier and the guide's descriptor, verbatim, with its source."""

    concern: int = Field(description="0-based index into the case's `concerns`")
    indicator: str
    label: str
    domain: str
    area: str
    tier: Annotated[int, Field(ge=1, le=4)]
    descriptor: str
    match: Literal["pinned", "text"]
    score: float
    source: str
    borderline: Borderline | None = None
    criteria: list[str] = Field(description="s20/s31 criteria the same concern also meets (reported, not tiered)")


class StatutoryItem(_Out):
    section: Literal["s47", "s20", "s31"]
    id: str
    text: str
    concern: int
    match: Literal["named", "text"]
    because: list[str]
    source: str


class UnmatchedItem(_Out):
    concern: int
    text: str


class RuleItem(_Out):
    id: str
    kind: str
    explanation: str
    effect: str
    source: str


class StrengthItem(_Out):
    text: str
    origin: Literal["working_well", "concern"]
    concern: int | None = None
    indicator: str | None = None
    descriptor: str | None = None


class ContactItem(_Out):
    name: str
    phone: str | None = None
    email: str | None = None
    secure_email: str | None = None
    url: str | None = None
    address: str | None = None
    purpose: str | None = None


class ConsentStep(_Out):
    required: bool | None
    guidance: str | None


class NextSteps(_Out):
    tier: int | None
    response: str
    contacts: list[ContactItem]
    consent: ConsentStep | None


class Reading(_Out):
    """One case read against one pack."""

    file: str
    reference: str | None = Field(default=None, description="left out entirely with --redact")
    tier: Annotated[int, Field(ge=1, le=4)] | None
    tier_name: str | None
    pack: PackStamp
    tool_version: str
    complete: bool
    evidence: list[EvidenceItem]
    statutory: list[StatutoryItem]
    unmatched: list[UnmatchedItem]
    rules_fired: list[RuleItem]
    strengths: list[StrengthItem]
    notes: list[str]
    next_steps: NextSteps
    decision: Decision | None
    caveat: str
    redacted: bool = Field(default=False, exclude=True)

    def to_json_dict(self) -> dict[str, Any]:
        out = self.model_dump(mode="json", exclude={"reference"} if self.redacted else None)
        out["evidence"], out["strengths"] = _present(out["evidence"]), _present(out["strengths"])
        out["next_steps"]["contacts"] = _present(out["next_steps"]["contacts"])
        return out


class ReadingError(_Out):
    """A case that could not be read, in its place in the batch: the one-line error."""

    file: str
    error: str

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
