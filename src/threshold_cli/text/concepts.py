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
from typing import Any

from threshold_cli.model.terms import CHILD

PEER = "peer"
"""Another child, not the one the case is about."""

Terms = dict[str, list[tuple[tuple[str, ...], str]]]
"""A family's terms as stem tuples, keyed by their first stem, each with its concept id."""
CompiledConcepts = dict[str, Any]
"""As stored in the index cache: ``ids`` (each family's concept ids), ``people`` and ``acts`` (Terms),
``things`` (Terms, one per thing), ``combined`` (act id, the thing ids it combines, how many words
apart at most), ``lasting`` (act ids whose harm does not end with time), ``harms`` (act ids that are
themselves a harm), ``everyday`` (act ids that are the everyday sense of harm words),
``between_adults`` (act id → the guides' words for it between a child's carers) and ``by_a_child``
(act id → the guides' words for it when a child does it to another child), ``by_the_family`` and
``against_the_child`` (act id → the guides' words for it done by the child's family, or to the child)."""

NAMED = "named"
"""Someone named ("Jack") whose role the statement does not give: never presumed a parent or carer."""
POSSESSIVES = frozenset({"her", "his", "their", "my"})
COORDINATORS = frozenset({"and", "then", "also"})
"""An act right after one of these shares the actor of the act before it."""
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "got", "gets", "get", "be"})
SUBJECT_PRONOUNS = frozenset({"she", "he", "they", "i", "we", "shes", "hes", "theyre", "im"})
"""Someone unnamed between the last person named and an act ("told mum she is pregnant"): the act may
not be that person's, which a trigger's ``not_by`` respects (docs/reading.md)."""
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
    lasting: bool = False  # a harm that does not end with time (FGM, a child's sexual abuse)
    passive: bool = False  # "was hit by", "is pregnant": the one it is about comes before it
    unnamed_subject: bool = False  # "she", "he" between the last person named and the act: not that person
    harmed_named: bool = False  # the one harmed is named ("robbed him"), not presumed to be the child


def find(stems: Sequence[str], terms: Terms) -> list[Mention]:
    """Every mention of a concept, read left to right taking the longest term that starts at each word,
    so that no two mentions of one family overlap ("mum's boyfriend" is one person, not two)."""
    out: list[Mention] = []
    i = 0
    while i < len(stems):
        here = [(t, c) for t, c in terms.get(stems[i], ()) if tuple(stems[i : i + len(t)]) == t]
        if here:
            term, concept = max(here, key=lambda tc: len(tc[0]))
            out.append(Mention(concept, i, i + len(term)))
            i += len(term)
        else:
            i += 1
    return out


def acts(
    surface: Sequence[str],
    stems: Sequence[str],
    clause: Sequence[int],
    concepts: CompiledConcepts,
    names: frozenset[int] = frozenset(),
) -> list[Act]:
    """Every act the statement names, with its actor and the one it harms. ``names`` are the positions
    of words written with a capital inside a clause ("Mum says Jack kicked her"): a name right before an
    act is its actor, a person whose role the statement does not give (``NAMED``)."""
    people = people_in(surface, find(stems, concepts["people"]))
    lasting = set(concepts["lasting"])
    out: list[Act] = []
    for act in _act_mentions(stems, clause, concepts):
        here = [p for p in people if clause[p.start] == clause[act.start]]
        inside = [p for p in here if act.start <= p.start < act.end]
        before = [p for p in here if p.end <= act.start]
        after = [p for p in here if act.end <= p.start <= act.end + HARMED_REACH - 1]
        subjects = [p for p in before if surface[p.start] not in OBJECT_PRONOUNS]
        passive = _passive(surface, act.start, act.end)
        unnamed = bool(before) and any(surface[i] in SUBJECT_PRONOUNS for i in range(before[-1].end, act.start))
        if passive:  # "mum was abused", "was hit by her uncle"
            by = next((p for p in here if p.start >= act.end and _after_by(surface, p.start)), None)
            actor = by.concept if by is not None and surface[by.start] not in OBJECT_PRONOUNS else None
            harmed = before[-1].concept if before else CHILD
            named_harmed = bool(before)
        else:
            actor = subjects[-1].concept if subjects else None
            if act.start - 1 in names and not any(p.end == act.start for p in people):
                actor = NAMED
            previous = [a for a in out if clause[a.start] == clause[act.start] and a.end <= act.start]
            if previous and surface[act.start - 1] in COORDINATORS:  # "Jack kicked her and punched her"
                actor = previous[-1].actor
            if actor is None and not before:  # "it was my stepdad, he grabbed me"
                actor = _antecedent(surface, clause, people, act.start)
            if actor is None and not before and _opens_its_clause(surface, clause, act.start):
                actor = _subject_before(surface, clause, people, act.start)
            harmed = (inside or after)[0].concept if (inside or after) else CHILD
            named_harmed = bool(inside or after)
            if (inside or after) and surface[(inside or after)[0].start] == "them":
                harmed = _them(surface, before, harmed)
            if _reciprocal(surface, act.end):  # "her boys beat each other up", "mum and dad hit each other"
                harmed = actor or CHILD
        cue = " ".join(surface[act.start : act.end])
        out.append(
            Act(
                act.concept,
                act.start,
                act.end,
                cue,
                actor,
                harmed,
                act.concept in lasting,
                passive,
                unnamed,
                named_harmed,
            )
        )
    return out


def _antecedent(surface: Sequence[str], clause: Sequence[int], people: Sequence[Mention], start: int) -> str | None:
    """Who "he", "she" or "they" opening an act's clause stands for: the last adult named in the clause
    before, when the words do not say otherwise ("it was my stepdad, he grabbed me": the stepdad; "mum
    was at work, he hit her": not mum). The child is never taken for the actor this way."""
    own = clause[start]
    pronoun = next((surface[i] for i in range(start - 1, -1, -1) if clause[i] == own and surface[i] in ANAPHORS), None)
    if pronoun is None or own == 0:
        return None
    earlier = [p for p in people if clause[p.start] == own - 1 and surface[p.start] not in OBJECT_PRONOUNS]
    if not earlier or earlier[-1].concept == CHILD:
        return None
    named = set(surface[earlier[-1].start : earlier[-1].end])
    if (pronoun == "he" and named & FEMALE) or (pronoun == "she" and named & MALE):
        return None
    return earlier[-1].concept


def _opens_its_clause(surface: Sequence[str], clause: Sequence[int], start: int) -> bool:
    """Whether an act's cue opens its clause, with no subject of its own ("lost her temper, grabbed him
    by the throat"), or after "then" or "and"."""
    i = start - 1
    while i >= 0 and clause[i] == clause[start] and surface[i] in COORDINATORS:
        i -= 1
    return i < 0 or clause[i] != clause[start]


def _subject_before(surface: Sequence[str], clause: Sequence[int], people: Sequence[Mention], start: int) -> str | None:
    """The actor of an act whose clause names none: the adult who opened one of the two clauses before,
    when nobody else has been named since ("Stepmum rang MASH herself: lost her temper, grabbed him by
    the throat": the stepmum). A clause opened by "he" or "she", or by the child, says nothing of an
    adult, so then nobody is taken ("Mum rang. He's been struggling. Hit a boy at lunch")."""
    for back in (1, 2):
        own = clause[start] - back
        if own < 0:
            return None
        words_of = [i for i in range(len(surface)) if clause[i] == own]
        if not words_of:
            continue
        opener = surface[words_of[0]]
        if opener in SUBJECT_PRONOUNS:
            return None
        first = next((p for p in people if clause[p.start] == own), None)
        if first is not None:
            if first.start != words_of[0] and surface[first.start] in OBJECT_PRONOUNS:
                continue  # "lost her temper": whose temper, not someone new
            if first.start != words_of[0] or surface[first.start] in OBJECT_PRONOUNS or first.concept == CHILD:
                return None
            if words_of[-1] < first.end:  # a writer's label ("GP: pregnancy test positive"), not a subject
                return None
            return first.concept
    return None


ANAPHORS = frozenset({"he", "she", "they"})
FEMALE = frozenset(
    {
        "mum",
        "mummy",
        "mom",
        "mam",
        "mother",
        "mums",
        "nan",
        "nana",
        "nanny",
        "gran",
        "grandma",
        "grandmother",
        "aunt",
        "auntie",
        "aunty",
        "sister",
        "stepmum",
        "stepmother",
        "girlfriend",
        "woman",
        "lady",
    }
)
MALE = frozenset(
    {
        "dad",
        "daddy",
        "father",
        "dads",
        "stepdad",
        "stepfather",
        "uncle",
        "grandad",
        "granddad",
        "grandpa",
        "grandfather",
        "brother",
        "boyfriend",
        "man",
        "men",
        "bloke",
        "fella",
        "lads",
        "males",
        "male",
    }
)
"""Words for people that say whether "he" or "she" can stand for them."""


def _them(surface: Sequence[str], before: Sequence[Mention], harmed: str) -> str:
    """Whom "them" stands for: the other children when they were the last people named before the act
    ("gets frustrated when the others don't get him and pushes them"); else as the word reads."""
    named = [p for p in before if surface[p.start] not in OBJECT_PRONOUNS and surface[p.start] not in SUBJECT_PRONOUNS]
    return PEER if named and named[-1].concept == PEER else harmed


def names_in(cased: Sequence[str], clause: Sequence[int]) -> frozenset[int]:
    """Positions of words written with a capital that do not start their clause: names, for :func:`acts`."""
    return frozenset(i for i, w in enumerate(cased) if w[:1].isupper() and i and clause[i - 1] == clause[i])


def things(stems: Sequence[str], concepts: CompiledConcepts) -> list[Mention]:
    """Every mention of a thing (an injury, an intimate part of the body...); unlike people and acts, two
    things may share a word ("cut" is an injury and a cutting). A thing none of whose terms' first words
    is in the statement is passed over without a scan."""
    return [m for terms in concepts["things"] if not terms.keys().isdisjoint(stems) for m in find(stems, terms)]


def _act_mentions(stems: Sequence[str], clause: Sequence[int], concepts: CompiledConcepts) -> list[Mention]:
    """Acts named by a term, and acts made of things named close together in one clause ("touches
    my minnie": a touch and an intimate part)."""
    found = find(stems, concepts["acts"])
    named = things(stems, concepts)
    for act, parts, within in concepts["combined"]:
        first, *rest = [[m for m in named if m.concept == part] for part in parts]
        for a in first:
            near = [
                [m for m in group if clause[m.start] == clause[a.start] and abs(m.start - a.start) <= within]
                for group in rest
            ]
            if all(near):
                start = min([a.start, *(g[0].start for g in near)])
                end = max([a.end, *(g[0].end for g in near)])
                if not any(m.concept == act and m.start < end and start < m.end for m in found):
                    found.append(Mention(act, start, end))
    return sorted(found, key=lambda m: m.start)


def _passive(surface: Sequence[str], start: int, end: int) -> bool:
    """An act in the passive: "by" after it, or a form of "be" or "get" just before it; not the
    progressive ("has been hitting other children", "is kicking": the one before it acts)."""
    if end < len(surface) and surface[end] == "by":
        return True
    progressive = surface[start].endswith("ing") and (start < 2 or surface[start - 1] != "being")
    return start > 0 and surface[start - 1] in PASSIVE_AUXILIARIES and not progressive


def _reciprocal(surface: Sequence[str], end: int) -> bool:
    """ "each other" or "one another" right after an act: those who act are those harmed."""
    return tuple(surface[end : end + 2]) in {("each", "other"), ("one", "another")}


def _after_by(surface: Sequence[str], start: int) -> bool:
    """A person named right after "by", or after "by" and a possessive ("by her uncle")."""
    if surface[start - 1] == "by":
        return True
    return start >= 2 and surface[start - 1] in POSSESSIVES and surface[start - 2] == "by"


def people_in(surface: Sequence[str], found: list[Mention]) -> list[Mention]:
    """People mentions without possessives: "her mum", "her little brother" name mum and the brother,
    not the child."""
    starts = {m.start for m in found}
    return [
        m
        for m in found
        if not (
            m.concept == CHILD
            and m.end - m.start == 1
            and surface[m.start] in POSSESSIVES
            and (m.end in starts or m.end + 1 in starts)
        )
    ]
