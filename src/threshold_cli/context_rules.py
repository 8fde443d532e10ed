"""The shape of the context rules (``rulepacks/context.yaml``); ``context`` applies them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .context import Assertion, Compiled

Phrase = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]


class ContextRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    assertion: Assertion
    direction: Literal["forward", "backward", "both"]
    triggers: list[Phrase] = Field(min_length=1)
    pseudo: list[Phrase] = Field(default_factory=list, description="Look like a trigger and are not one.")
    terminators: list[Phrase] = Field(default_factory=list, description="End the scope before the clause does.")
    max_words: int | None = Field(default=None, ge=1, description="Longest scope in words; none: to clause end.")
    note: str = Field(min_length=1, description="Why the rule is right, in practitioners' terms.")


class ContextRules(BaseModel):
    """Every context rule, and the words that end a clause (and with it every scope)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    clause_breaks: list[Phrase] = Field(min_length=1)
    rules: list[ContextRule] = Field(min_length=1)


def compile_rules(rules: ContextRules, stem_phrase: Callable[[str], list[str]]) -> tuple[list[str], list[Compiled]]:
    """The rules as stems, ready to apply (and to store in the index cache)."""

    def stems(phrases: Sequence[str]) -> list[tuple[str, ...]]:
        return [tuple(s) for s in (stem_phrase(p) for p in phrases) if s]

    compiled = [
        (
            r.id,
            str(r.assertion),
            str(r.direction),
            stems(r.triggers),
            stems(r.pseudo),
            stems(r.terminators),
            r.max_words or 0,
        )
        for r in rules.rules
    ]
    return [b.lower() for b in rules.clause_breaks], compiled
