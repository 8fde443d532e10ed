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

from threshold_cli.model.case import Consent, Decision


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _present(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each item without its absent (``None``) optional details."""
    return [{k: v for k, v in item.items() if v is not None} for item in items]


class Edition(_Out):
    """The published guide the pack transcribes, as the guide states it."""

    title: str
    version: str
    date: str


class PackStamp(_Out):
    """The exact pack file a reading used: a recorded reading can be reproduced from it."""

    id: str
    title: str
    version: str
    sha256: str
    status: Literal["draft", "stable"] = Field(description="a draft pack has not been signed off")
    edition: Edition


class ConcernRead(_Out):
    """A concern as the practitioner wrote it, so every part of a reading can name it in their words."""

    concern: int
    text: str | None = Field(default=None, description="the practitioner's words; absent when it only pins a row")
    indicator: str | None = Field(default=None, description="the indicator the practitioner pinned it to")
    tier: int | None = Field(default=None, description="the practitioner's own tier for a pinned indicator")
    statutory: str | None = Field(default=None, description="the criterion the practitioner named")
    source: str | None = None
    date: str | None = None


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


class PossibleItem(_Out):
    """A criterion a concern would meet but for facts the case file does not give."""

    section: Literal["s47", "s20", "s31"]
    id: str
    text: str
    concern: int
    source: str
    missing: list[str]


class Consider(_Out):
    """A higher tier the reading does not take but a practitioner must weigh: a borderline, a possible s47."""

    tier: Annotated[int, Field(ge=1, le=4)]
    because: list[str]


class UnmatchedItem(_Out):
    concern: int
    text: str


class RuleItem(_Out):
    id: str
    kind: str
    explanation: str
    effect: str
    source: str
    tier: int | None = Field(default=None, description="the tier a tier-setting rule lifted the reading to")


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
    consider: Consider | None = Field(description="a higher tier to consider, and why; null when none")
    pack: PackStamp
    tool_version: str
    complete: bool
    concerns: list[ConcernRead]
    evidence: list[EvidenceItem]
    statutory: list[StatutoryItem]
    possible: list[PossibleItem]
    unmatched: list[UnmatchedItem]
    rules_fired: list[RuleItem]
    strengths: list[StrengthItem]
    notes: list[str]
    needs_to_happen: list[str] = Field(description="Signs of Safety: what the case file says needs to happen")
    scaling: int | None = Field(description="Signs of Safety scaling, 0-10, as recorded")
    consent: Consent | None = Field(description="consent as the case file records it")
    next_steps: NextSteps
    decision: Decision | None
    caveat: str
    redacted: bool = Field(default=False, exclude=True)

    def to_json_dict(self) -> dict[str, Any]:
        out = self.model_dump(mode="json", exclude={"reference"} if self.redacted else None)
        for key in ("concerns", "evidence", "strengths"):
            out[key] = _present(out[key])
        out["next_steps"]["contacts"] = _present(out["next_steps"]["contacts"])
        return out


class ReadingError(_Out):
    """A case that could not be read, in its place in the batch: the one-line error."""

    file: str
    error: str

    def to_json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
