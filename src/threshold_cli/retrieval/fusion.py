"""Meaning joined to words: reciprocal-rank fusion of lookup's lexical ranking with the sentence
encoder's (semantic.py). Meaning may add a row the words missed; it never hides one they found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from threshold_cli.model.lookup import Entry, Hit
from threshold_cli.retrieval.bm25 import _order
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import is_strength_wording

MEANING_FUSION_K = 10
"""Reciprocal-rank fusion constant: a lower rank's weight is 1 / (K + rank)."""

MEANING_FLOOR = 0.25
"""Cosine below which an entry is not offered on meaning alone (unrelated text scores 0.1-0.2)."""


def fuse_by_meaning(
    index: Index,
    lexical: list[Hit],
    similarity: Sequence[float],
    keep: Callable[[Entry], bool],
    *,
    protective: bool = False,
) -> list[Hit]:
    """Merge the lexical ranking (one hit per indicator) with a ranking by meaning, best first.

    Reciprocal-rank fusion with equal weights: an indicator both rankings place high comes first.
    The meaning ranking orders indicators by their closest entry; one that only it finds is shown at
    the closest tier of the statement's polarity (a worry is never shown at Tier 1 wording while the
    row has Tier 2-4 wording), with nothing matched lexically (``--explain`` shows its similarity).
    Scores are the fused values.
    """
    closest: dict[tuple[str, str], float] = {}  # each row's best similarity, whatever the tier
    shown: dict[tuple[str, str], tuple[bool, float, int]] = {}  # (right polarity, similarity, entry)
    for n, entry in enumerate(index.entries):
        sim = float(similarity[n])
        if sim < MEANING_FLOOR or not keep(entry):
            continue
        key = (entry.pack, entry.ref)
        closest[key] = max(sim, closest.get(key, sim))
        candidate = (is_strength_wording(entry) == protective, sim, n)
        if candidate[:2] > shown.get(key, (False, -1.0, 0))[:2]:
            shown[key] = candidate
    by_meaning = sorted(closest, key=lambda key: (-closest[key], key))
    meaning_rank = {key: r for r, key in enumerate(by_meaning, 1)}
    hits: dict[tuple[str, str], Hit] = {}
    for r, hit in enumerate(lexical, 1):
        key = (hit.entry.pack, hit.entry.ref)
        score = 1.0 / (MEANING_FUSION_K + r)
        if key in meaning_rank:
            score += 1.0 / (MEANING_FUSION_K + meaning_rank[key])
        hits[key] = Hit(hit.entry, score, hit.coverage, hit.matched, closest.get(key))
    for key in by_meaning:
        if key not in hits:
            _, sim, n = shown[key]
            hits[key] = Hit(index.entries[n], 1.0 / (MEANING_FUSION_K + meaning_rank[key]), 0.0, (), sim)
    return sorted(hits.values(), key=lambda h: (-round(h.score, 9), _order(index, h.entry)))
