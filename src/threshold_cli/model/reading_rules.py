"""The shape of the reading rules every pack shares: context (``rulepacks/context.yaml``, applied by
``context``) and concepts (``rulepacks/concepts.yaml``, applied by ``concepts``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from threshold_cli.model.terms import CHILD, Assertion

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
    alone_reaches_back: bool = Field(
        default=False,
        description="A trigger that is its whole clause ('…, NFA.') covers the whole statement before it.",
    )
    whole_statement: bool = Field(
        default=False,
        description="A trigger anywhere covers the whole statement ('mum told us the same at pick up').",
    )
    note: str = Field(min_length=1, description="Why the rule is right, in practitioners' terms.")


class ContextRules(BaseModel):
    """Every context rule, and the words that end a clause (and with it every scope)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    clause_breaks: list[Phrase] = Field(min_length=1)
    rules: list[ContextRule] = Field(min_length=1)


ConceptId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")]


class Concept(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ConceptId
    serves: str = Field(min_length=1, description="What in the guides this concept serves.")
    terms: list[Phrase] = Field(default_factory=list)
    combines: list[ConceptId] = Field(
        default_factory=list, description="Acts only: things that, named close together in a clause, are this act."
    )
    within: int = Field(default=6, ge=1, le=20, description="How many words apart the combined things may be.")
    lasting: bool = Field(
        default=False, description="Acts only: a harm that does not end with time (FGM), so the past still counts."
    )
    between_adults: str | None = Field(
        default=None,
        description="Acts only: the guides' words for this act between the adults of the child's household "
        "('domestic abuse'), added when choosing a concern's row if the act harms a parent or a parent's partner.",
    )
    by_a_child: str | None = Field(
        default=None,
        description="Acts only: the guides' words for this act when a child does it to another child, a sibling or "
        "a professional ('aggressive, bullying behaviours which impact on their peers'), added when choosing a "
        "concern's row if no adult does it and it harms one of them.",
    )
    by_the_family: str | None = Field(
        default=None,
        description="Acts only: the guides' words for this act when a parent, a parent's partner or a relative does it "
        "('history of criminal activity within the family'), added when choosing a concern's row, so a father's "
        "arrest is not read on the child's own offending row.",
    )
    against_the_child: str | None = Field(
        default=None,
        description="Acts only: the guides' words for this act when someone other than the child does it to the child "
        "('victim of anti-social behaviour or crime'), added when choosing a concern's row.",
    )
    everyday: bool = Field(
        default=False,
        description="Acts only: the everyday sense of words that elsewhere name a harm ('threw up', 'kicking off', "
        "'got kicked out in Year 10'): where this act is named, its words are read neither as harm words nor as "
        "the rows' words for violence.",
    )
    harm: bool = Field(
        default=True,
        description="Acts only: whether the act is itself a harm, so a statement naming it now is a worry; false "
        "for an act that matters only by law or circumstance (a child's own sexual activity: the law decides by age).",
    )

    @model_validator(mode="after")
    def _terms_or_combination(self) -> Concept:
        if self.everyday and self.harm:
            raise ValueError("an `everyday` act is no harm: give it `harm: false`")
        if not self.terms and not self.combines:
            raise ValueError("a concept needs `terms`, or (an act) the things it `combines`")
        if len(self.combines) == 1:
            raise ValueError("`combines` names two or more things")
        return self


class Concepts(BaseModel):
    """Practitioners' words for the people in a child's life (by role) and for acts done to a child."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    people: list[Concept] = Field(min_length=1)
    acts: list[Concept] = Field(min_length=1)
    things: list[Concept] = Field(default_factory=list, description="Injuries, parts of the body, objects.")

    @model_validator(mode="after")
    def _the_child_is_a_role(self) -> Concepts:
        if CHILD not in {p.id for p in self.people}:
            raise ValueError(f"`people` must include `{CHILD}`: the one a criterion's harm must reach")
        things = {t.id for t in self.things}
        for act in self.acts:
            unknown = [c for c in act.combines if c not in things]
            if unknown:
                raise ValueError(f"act `{act.id}` combines `{unknown[0]}`, which is not in `things`")
        return self
