"""``threshold lookup``: which descriptors fit a worry, however it is phrased.

Glue between the CLI and the pure search: resolves packs and filters, keeps each indicator once at
its best tier, and gathers the neighbouring tiers for ``--context``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from threshold_cli.io.resources import builtin_pack_files
from threshold_cli.model.errors import UsageError
from threshold_cli.model.lookup import Entry, Hit, LookupResult, Query
from threshold_cli.retrieval import semantic
from threshold_cli.retrieval.bm25 import best_per_ref, search
from threshold_cli.retrieval.fusion import fuse_by_meaning
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import is_protective, rank_by_polarity
from threshold_cli.retrieval.query import parse_query
from threshold_cli.retrieval.store import entry_vectors, index_for

DOMAIN_NAMES = {
    "development": ("development", "child", "child's development", "developmental"),
    "family": ("family", "parental", "parenting", "parents", "parental and family factors"),
    "environment": ("environment", "environmental", "environmental factors", "community"),
}


def resolve_domain(value: str | None) -> str | None:
    if value is None:
        return None
    wanted = value.strip().lower()
    if not wanted:
        raise UsageError("--domain needs a domain: development, family or environment")
    for domain_id, names in DOMAIN_NAMES.items():
        if any(name.startswith(wanted) or wanted.startswith(name) for name in names):
            return domain_id
    raise UsageError(f"unknown domain `{value}` (use development, family or environment)")


def pack_paths(refs: list[str]) -> list[Path]:
    if not refs:
        return builtin_pack_files()
    from threshold_cli.io.loader import resolve_pack

    return [resolve_pack(ref) for ref in refs]


def lookup(
    text: str,
    packs: list[str],
    *,
    tier: int | None = None,
    domain: str | None = None,
    limit: int = 5,
    context: bool = False,
    meaning: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> LookupResult:
    """Search the packs; ``meaning`` re-ranks by sentence meaning (default: when the extra is installed)."""
    if not text.strip():
        raise UsageError('give a worry to look up, e.g. threshold lookup "goes missing overnight"')
    domain_id = resolve_domain(domain)
    index = index_for(pack_paths(packs))
    query = parse_query(index, text)
    protective = is_protective(index, text)

    def keep(entry: Entry) -> bool:
        if entry.kind == "tier":
            return False
        if tier is not None and entry.tier != tier:
            return False
        return domain_id is None or entry.domain == domain_id

    hits = best_per_ref(rank_by_polarity(search(index, query, keep=keep), protective=protective))
    if meaning is None:
        meaning = semantic.available()
    elif meaning and not semantic.available():
        raise UsageError("meaning search needs the semantic extra: pip install 'threshold[semantic]'")
    read_as = meaning_text(query) if meaning else None
    if read_as is not None:
        similarity = entry_vectors(index, progress) @ semantic.embed([read_as])[0]
        hits = fuse_by_meaning(index, hits, similarity.tolist(), keep, protective=protective)
    hits = hits[:limit]
    found_near = neighbours(index, hits) if context else {}
    return LookupResult(query, hits, tier_names(index), found_near, index.stem_of, read_as)


def note_on_stderr(message: str) -> None:
    """Progress for a slow first meaning search: stderr, so ``--format json`` output stays clean."""
    sys.stderr.write(f"threshold: {message}\n")


def meaning_text(query: Query) -> str:
    """The query as the encoder reads it: with the thesaurus's gloss of any jargon it uses."""
    if not query.glosses:
        return query.text
    return f"{query.text} ({'; '.join(query.glosses)})"


def tier_names(index: Index) -> dict[tuple[str, int], str]:
    return {(e.pack, e.tier or 0): e.label for e in index.entries if e.kind == "tier"}


def neighbours(index: Index, hits: list[Hit]) -> dict[tuple[str, str], dict[int, str | None]]:
    wanted = {(h.entry.pack, h.entry.ref) for h in hits if h.entry.kind == "descriptor"}
    out: dict[tuple[str, str], dict[int, str | None]] = {key: dict.fromkeys((1, 2, 3, 4)) for key in wanted}
    for e in index.entries:
        key = (e.pack, e.ref)
        if e.kind == "descriptor" and key in out and e.tier:
            out[key][e.tier] = e.text
    return out
