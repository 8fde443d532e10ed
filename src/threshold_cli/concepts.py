"""Who did what to whom: the people and acts a concern names, and the roles they take in each clause.

The vocabulary is data (``rulepacks/concepts.yaml``, shaped by ``reading_rules``); this module reads a
statement with it, without pydantic. An act's **actor** is the person named before it in its clause
(or after "by" when it is passive: "was hit by her uncle"); the one **harmed** is the person named
inside it or within a few words after it ("kicked him", "hits mum"), else, when it is passive, the
person before it. A possessive ("her mum", "his stepdad") names the person after it, not the child.
When nobody harmed is named the child is presumed to be: a concern is written about the child, and
that presumption fails safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CompiledConcepts = tuple[list[tuple[str, list[tuple[str, ...]]]], list[tuple[str, list[tuple[str, ...]]]]]
"""(people, acts): each a list of (concept id, terms as stem tuples), as stored in the index cache."""

CHILD = "child"
POSSESSIVES = frozenset({"her", "his", "their", "my"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "me", "us"})
"""Never the one who acts: "makes her do things" has her as its object, whoever made her."""
HARMED_REACH = 3
"""How many words after an act its object may be ("kicked him", "hit her little brother")."""


@dataclass(frozen=True)
class Mention:
    concept: str
    start: int
    end: int


@dataclass(frozen=True)
class Act:
    """One act in a statement, with the roles the clause gives it (``None``: not named)."""

    act: str
    start: int
    end: int
    cue: str
    actor: str | None
    harmed: str  # the child, unless the clause names someone else


def find(stems: Sequence[str], table: Sequence[tuple[str, list[tuple[str, ...]]]]) -> list[Mention]:
    """Every mention of a concept, longest term first, never overlapping another of the same table."""
    terms = sorted(((len(t), concept, t) for concept, ts in table for t in ts), key=lambda x: -x[0])
    taken: set[int] = set()
    out: list[Mention] = []
    for n, concept, term in terms:
        for i in range(len(stems) - n + 1):
            if tuple(stems[i : i + n]) == term and not taken & set(range(i, i + n)):
                taken.update(range(i, i + n))
                out.append(Mention(concept, i, i + n))
    return sorted(out, key=lambda m: m.start)


def acts(surface: Sequence[str], stems: Sequence[str], clause: Sequence[int], concepts: CompiledConcepts) -> list[Act]:
    """Every act the statement names, with its actor and the one it harms."""
    people_table, act_table = concepts
    people = _people(surface, find(stems, people_table))
    out = []
    for act in find(stems, act_table):
        here = [p for p in people if clause[p.start] == clause[act.start]]
        inside = [p for p in here if act.start <= p.start < act.end]
        before = [p for p in here if p.end <= act.start]
        after = [p for p in here if act.end <= p.start <= act.end + HARMED_REACH - 1]
        subjects = [p for p in before if surface[p.start] not in OBJECT_PRONOUNS]
        if _passive(surface, act.end):  # "was hit by her uncle": the actor follows "by"
            by = next((p for p in here if p.start >= act.end and _after_by(surface, p.start)), None)
            actor = by.concept if by is not None and surface[by.start] not in OBJECT_PRONOUNS else None
            harmed = before[-1].concept if before else CHILD
        else:
            actor = subjects[-1].concept if subjects else None
            harmed = (inside or after)[0].concept if (inside or after) else CHILD
        out.append(Act(act.concept, act.start, act.end, " ".join(surface[act.start : act.end]), actor, harmed))
    return out


def _passive(surface: Sequence[str], end: int) -> bool:
    return end < len(surface) and surface[end] == "by"


def _after_by(surface: Sequence[str], start: int) -> bool:
    """A person named right after "by", or after "by" and a possessive ("by her uncle")."""
    if surface[start - 1] == "by":
        return True
    return start >= 2 and surface[start - 1] in POSSESSIVES and surface[start - 2] == "by"


def _people(surface: Sequence[str], found: list[Mention]) -> list[Mention]:
    """People mentions without possessives: "her mum" names mum, not the child."""
    starts = {m.start for m in found}
    return [
        m
        for m in found
        if not (m.concept == CHILD and m.end - m.start == 1 and surface[m.start] in POSSESSIVES and m.end in starts)
    ]
