"""BM25 over the index's stemmed words: query → every entry that shares a stem, best first, each with
the stems it matched and how much of the query it explains; a phrase bonus when query words sit together
in the text. Pure.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from threshold_cli.model.lookup import Entry, Hit, Query
from threshold_cli.retrieval.index import Index

K1 = 1.2
B = 0.75
UNKNOWN_WORD_WEIGHT = 0.5
PHRASE_BONUS = 0.35


def search(
    index: Index,
    query: Query,
    *,
    keep: Callable[[Entry], bool] | None = None,
) -> list[Hit]:
    """Every entry that shares a stem with the query, best first (ties broken by guide order)."""
    n_entries = len(index.entries)
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, set[str]] = defaultdict(set)
    idf: dict[str, float] = {}
    for term in query.terms:
        docs = index.postings.get(term.stem, ())
        if not docs:
            continue
        idf[term.stem] = math.log(1.0 + (n_entries - len(docs) + 0.5) / (len(docs) + 0.5))
        for n, tf in docs:
            dl = index.lengths[n]
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / index.avg_length))
            scores[n] += term.weight * idf[term.stem] * norm
            matched[n].add(term.stem)
    pairs = [pair for phrase in query.phrases for pair in itertools.pairwise(phrase) if pair[0] != pair[1]]
    if keep is not None:
        scores = {n: score for n, score in scores.items() if keep(index.entries[n])}
    for n in list(scores) if pairs else ():
        bonus = _phrase_bonus(index.near_pairs(n), pairs)
        if bonus:
            scores[n] *= 1.0 + PHRASE_BONUS * bonus
    # A word the index has never seen still counts against coverage, lightly: a long statement that
    # the guide explains in one word is weaker evidence than a short one it explains fully.
    weights = {
        w: max((idf.get(s, 0.0) for s in stems), default=0.0) or UNKNOWN_WORD_WEIGHT for w, stems in query.sources
    }
    total = sum(weights.values())
    hits = []
    for n, score in scores.items():
        entry = index.entries[n]
        explained = sum(weights[w] for w, stems in query.sources if stems & matched[n])
        coverage = explained / total if total else 0.0
        hits.append(Hit(entry, score, min(coverage, 1.0), tuple(sorted(matched[n]))))
    hits.sort(key=lambda h: (-round(h.score, 9), _order(index, h.entry)))
    return hits


def _order(index: Index, entry: Entry) -> tuple[str, str, int]:
    return (entry.pack, entry.ref, entry.tier or 0)


def _phrase_bonus(near: frozenset[tuple[str, str]], pairs: list[tuple[str, str]]) -> float:
    """How many adjacent query-stem pairs also sit within two words of each other in the text."""
    return float(min(sum(1 for pair in pairs if pair in near), 3))


def best_per_ref(hits: Iterable[Hit]) -> list[Hit]:
    """Keep each indicator/criterion once, at its best-scoring tier (hits must be best first)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for hit in hits:
        key = (hit.entry.pack, hit.entry.ref)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out
