"""The reading rules compiled for the index: ``context.yaml`` and ``concepts.yaml`` validated models
turned into plain, stemmed data that marshals with the index and that the pure reader stages
(text/context.py, text/concepts.py) apply.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from threshold_cli.model.reading_rules import Concept, Concepts, ContextRules
from threshold_cli.text.concepts import CompiledConcepts, Terms
from threshold_cli.text.context import Compiled


def compile_rules(rules: ContextRules, stem_phrase: Callable[[str], list[str]]) -> tuple[list[str], list[Compiled]]:
    """The rules as stems, ready to apply (and to store in the index cache)."""

    def stems(phrases: Sequence[str]) -> list[tuple[str, ...]]:
        """Each phrase as stems, once: "no", "not" and "never" are all the one word ``not``, and one
        trigger must open one scope, not three."""
        return list(dict.fromkeys(tuple(s) for s in (stem_phrase(p) for p in phrases) if s))

    compiled = [
        (
            r.id,
            str(r.assertion),
            str(r.direction),
            stems(r.triggers),
            stems(r.pseudo),
            stems(r.terminators),
            r.max_words or 0,
            r.alone_reaches_back,
            r.whole_statement,
        )
        for r in rules.rules
    ]
    return [b.lower() for b in rules.clause_breaks], compiled


def compile_concepts(concepts: Concepts, stem_phrase: Callable[[str], list[str]]) -> CompiledConcepts:
    """The concepts as stems, each family's terms keyed by their first stem (what ``text.concepts.find``
    scans with), ready to apply and to store in the index cache."""

    def by_first(families: Sequence[Concept]) -> Terms:
        out: Terms = {}
        for c in families:
            for stems in (stem_phrase(t) for t in c.terms):
                if stems:
                    out.setdefault(stems[0], []).append((tuple(stems), c.id))
        return out

    return {
        "ids": {family: [c.id for c in getattr(concepts, family)] for family in ("people", "acts", "things")},
        "people": by_first(concepts.people),
        "acts": by_first(concepts.acts),
        "things": [by_first([t]) for t in concepts.things],  # one each: two things may share a word
        "combined": [(a.id, list(a.combines), a.within) for a in concepts.acts if a.combines],
        "lasting": [a.id for a in concepts.acts if a.lasting],
        "harms": [a.id for a in concepts.acts if a.harm],
        "everyday": [a.id for a in concepts.acts if a.everyday],
        "between_adults": {a.id: a.between_adults for a in concepts.acts if a.between_adults},
        "by_a_child": {a.id: a.by_a_child for a in concepts.acts if a.by_a_child},
        "by_the_family": {a.id: a.by_the_family for a in concepts.acts if a.by_the_family},
        "against_the_child": {a.id: a.against_the_child for a in concepts.acts if a.against_the_child},
    }
