"""Pure matching of one free-text statement to a pack: polarity, statutory criteria, descriptors.

A worry is matched to the indicator whose descriptors fit it best and, within that indicator, to the
tier whose descriptor fits best (Tier 2-4; a worry never lands on Tier 1). A protective statement
("parents do not drink", "attends every day") lands on the Tier 1 descriptor of its indicator: it is a
strength. When two adjacent tiers fit about equally, the higher is taken and the match is borderline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .models import Applicability, Child, Condition, Criterion, Trigger
from .search import Entry, Hit, Index, content_words, parse_query, search, words

MIN_COVERAGE = 0.25
"""Share of the statement's (idf-weighted) words a descriptor must explain to count as a match."""

MIN_SCORE = 2.0
"""Smallest BM25 score for a match: one rare shared word is not enough evidence on its own."""

BORDERLINE_RATIO = 0.85
"""A lower adjacent tier scoring at least this share of the chosen tier's score makes the match borderline."""


@dataclass(frozen=True)
class DescriptorMatch:
    indicator: str
    tier: int
    text: str
    score: float
    coverage: float
    borderline_with: int | None  # the adjacent tier that fitted almost as well
    borderline_text: str | None
    protective: bool


@dataclass(frozen=True)
class CriterionMatch:
    criterion: Criterion
    because: tuple[str, ...]  # the words that met each trigger group


@dataclass(frozen=True)
class PossibleCriterion:
    """A criterion whose words fit but whose facts about the child are not given."""

    criterion: Criterion
    missing: tuple[str, ...]


# ---------------------------------------------------------------- statutory criteria


def _holds(condition: Condition, child: Child, presumed_non_mobile_under: float | None) -> bool | None:
    value = getattr(child, condition.fact)
    young = child.age is not None and presumed_non_mobile_under is not None and child.age < presumed_non_mobile_under
    if condition.fact == "mobile" and value is None and young:
        value = False
    if value is None:
        return None
    if condition.equals is not None:
        return bool(value == condition.equals)
    if condition.below is not None:
        return bool(value < condition.below)
    if condition.at_least is not None:
        return bool(value >= condition.at_least)
    return None


def applies(
    when: Applicability | None, child: Child, presumed_non_mobile_under: float | None
) -> tuple[bool, tuple[str, ...]]:
    """Whether the child's facts meet the criterion's conditions; else which facts are missing."""
    if when is None:
        return True, ()
    results_any = [(c, _holds(c, child, presumed_non_mobile_under)) for c in when.any]
    results_all = [(c, _holds(c, child, presumed_non_mobile_under)) for c in when.all]
    ok_all = all(r is True for _, r in results_all)
    ok_any = not when.any or any(r is True for _, r in results_any)
    if ok_all and ok_any:
        return True, ()
    missing = tuple(sorted({c.fact for c, r in [*results_any, *results_all] if r is None}))
    return False, missing


def _phrase_in(phrase: Sequence[str], sequences: Iterable[Sequence[str]]) -> bool:
    n = len(phrase)
    return any(tuple(seq[i : i + n]) == tuple(phrase) for seq in sequences for i in range(len(seq) - n + 1))


def _trigger_sequences(index: Index, text: str) -> list[list[str]]:
    """The statement as stems (typos and spellings corrected), plus each thesaurus expansion it triggered."""
    query = parse_query(index, text)
    corrected = {t.because: t.stem for t in query.terms if t.origin in {"typo", "spelling"}}
    own = [corrected.get(w) or index.stem_word(w) for w in content_words(text)]
    expansions = [list(p) for p in query.phrases[1:]]
    expansions += [[t.stem] for t in query.terms if t.origin == "thesaurus"]
    return [own, *expansions]


def _stems(index: Index, phrase: str) -> list[str]:
    return [index.stem_word(w) for w in content_words(phrase)] or [index.stem_word(w) for w in words(phrase)]


def match_criteria(
    index: Index,
    text: str,
    criteria: Iterable[Criterion],
    child: Child,
    presumed_non_mobile_under: float | None,
) -> tuple[list[CriterionMatch], list[PossibleCriterion]]:
    """Criteria with a trigger pattern met by the statement (and whose facts about the child hold)."""
    sequences = _trigger_sequences(index, text)
    met: list[CriterionMatch] = []
    possible: list[PossibleCriterion] = []
    for criterion in criteria:
        because = _triggered(index, criterion.triggers, sequences)
        if because is None:
            continue
        ok, missing = applies(criterion.applies_when, child, presumed_non_mobile_under)
        if ok:
            met.append(CriterionMatch(criterion, because))
        elif missing:
            possible.append(PossibleCriterion(criterion, missing))
    return met, possible


def _triggered(index: Index, triggers: Iterable[Trigger], sequences: list[list[str]]) -> tuple[str, ...] | None:
    for trigger in triggers:
        if any(_phrase_in(_stems(index, p), sequences) for p in trigger.unless):
            continue
        because = []
        for group in trigger.all:
            hit = next((p for p in group if _phrase_in(_stems(index, p), sequences)), None)
            if hit is None:
                break
            because.append(hit)
        else:
            return tuple(because)
    return None


# ---------------------------------------------------------------- descriptors


def match_descriptor(
    index: Index,
    pack_id: str,
    text: str,
    *,
    protective: bool,
    indicator: str | None = None,
) -> DescriptorMatch | None:
    """The indicator and tier whose descriptor fits ``text`` best, or ``None`` below confidence.

    With ``indicator`` given (a pinned concern), only that indicator's tiers compete.
    """
    query = parse_query(index, text)

    def keep(entry: Entry) -> bool:
        return entry.pack == pack_id and entry.kind == "descriptor" and (indicator is None or entry.ref == indicator)

    hits = search(index, query, keep=keep)
    if not hits:
        return None
    by_indicator: dict[str, dict[int, Hit]] = {}
    for hit in hits:
        tiers = by_indicator.setdefault(hit.entry.ref, {})
        tiers.setdefault(hit.entry.tier or 0, hit)
    best_ref = max(by_indicator, key=lambda ref: (_indicator_strength(by_indicator[ref], protective), ref))
    tiers = by_indicator[best_ref]
    if protective:
        chosen = tiers.get(1)
        if chosen is None:
            return None
        runner_up = None
    else:
        candidates = sorted((h for t, h in tiers.items() if t >= 2), key=lambda h: (-h.score, -(h.entry.tier or 0)))
        if not candidates:
            return None
        chosen = candidates[0]
        runner_up = next(
            (
                h
                for h in candidates[1:]
                if abs((h.entry.tier or 0) - (chosen.entry.tier or 0)) == 1
                and h.score >= BORDERLINE_RATIO * chosen.score
            ),
            None,
        )
        if runner_up is not None and (runner_up.entry.tier or 0) > (chosen.entry.tier or 0):
            chosen, runner_up = runner_up, chosen  # borderline: take the higher tier, show both
    best_coverage = max(h.coverage for h in tiers.values())
    if indicator is None and (best_coverage < MIN_COVERAGE or chosen.score < MIN_SCORE):
        return None
    return DescriptorMatch(
        indicator=best_ref,
        tier=chosen.entry.tier or 0,
        text=chosen.entry.text,
        score=round(chosen.score, 4),
        coverage=round(best_coverage, 4),
        borderline_with=(runner_up.entry.tier if runner_up else None),
        borderline_text=(runner_up.entry.text if runner_up else None),
        protective=protective,
    )


def _indicator_strength(tiers: dict[int, Hit], protective: bool) -> float:
    """How well an indicator fits: its best tier (Tier 1 for a strength, 2-4 for a worry) plus a share
    of its other tiers, so a row whose whole gradient speaks of the worry beats a one-word coincidence."""
    wanted = [h.score for t, h in tiers.items() if (t == 1) == protective]
    if not wanted:
        return 0.0
    others = sorted((h.score for h in tiers.values()), reverse=True)
    return max(wanted) + 0.25 * sum(others[1:3])
