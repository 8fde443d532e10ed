"""The safeguarding thesaurus: how practitioners say things, mapped to the guides' words.

Kept as data (``rulepacks/thesaurus.yaml``) so that practitioners can review it; this module only
describes its shape. Each entry is one-directional: when a query says one of ``terms``, the
search also looks for ``means`` (and ``--explain`` shows that it did).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Phrase = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[Phrase] = Field(min_length=1)
    means: list[Phrase] = Field(min_length=1)
    kind: Literal["abbreviation", "jargon", "everyday", "spelling"] = "everyday"
    note: str | None = None


class Thesaurus(BaseModel):
    """All expansions, plus the cue words that mark a statement as protective rather than a worry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    entries: list[Entry] = Field(min_length=1)
    negation_cues: list[Phrase] = Field(default_factory=list)
    protective_cues: list[Phrase] = Field(default_factory=list)
    risk_cues: list[Phrase] = Field(default_factory=list)
