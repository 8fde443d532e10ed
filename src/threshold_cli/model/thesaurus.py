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
    kind: Literal["abbreviation", "jargon", "everyday", "spelling", "telling"] = Field(
        default="everyday",
        description="telling: words for how a worry came to light ('told her teacher': a disclosure). They tell "
        "a row's tiers apart ('disclosing suicidal thoughts') but never propose a row: telling is not itself a need.",
    )
    note: str | None = None


class Thesaurus(BaseModel):
    """All expansions, plus the cue words that mark a statement as protective rather than a worry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    entries: list[Entry] = Field(min_length=1)
    negation_cues: list[Phrase] = Field(
        default_factory=list, description="Words that negate what follows: 'no', 'doesn't', 'no evidence of'."
    )
    protective_cues: list[Phrase] = Field(
        default_factory=list, description="Phrases that mark a strength: 'attends every day', 'supportive'."
    )
    harm_cues: list[Phrase] = Field(
        default_factory=list,
        description="Harms: negated, they make a strength ('no bruising', 'doesn't drink'); bare, a worry.",
    )
    need_cues: list[Phrase] = Field(
        default_factory=list,
        description="Things a child needs: negated, they make a worry ('no food', 'didn't come home').",
    )
    reassurance_cues: list[Phrase] = Field(
        default_factory=list,
        description="No concern for the child, said plainly: 'seems completely unaffected'. A statement with no "
        "current harm that says so reads on Tier 1 wording; they never set aside a harm or a criterion.",
    )
    response_cues: list[Phrase] = Field(
        default_factory=list,
        description="Help refused or not working over time, the carers' response the guides place at Tier 3 "
        "('reluctant or unable to address these concerns', 'despite ... support over a period of time'): a worry "
        "that says so is never read on a row's Tier 2 wording.",
    )
    severity_cues: dict[Literal[2, 3, 4], list[Phrase]] = Field(
        default_factory=dict,
        description="Practitioners' words for how often or how badly, by the tier whose wording they echo.",
    )
