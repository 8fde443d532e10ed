"""``threshold lookup``: which descriptors fit a worry, however it is phrased.

Glue between the CLI and the pure search: resolves packs and filters, keeps each indicator once at
its best tier, and gathers the neighbouring tiers for ``--context``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError
from .index_store import builtin_pack_files, index_for
from .search import Entry, Hit, Index, Query, best_per_ref, is_protective, parse_query, rank_by_polarity, search

DOMAIN_NAMES = {
    "development": ("development", "child", "child's development", "developmental"),
    "family": ("family", "parental", "parenting", "parents", "parental and family factors"),
    "environment": ("environment", "environmental", "environmental factors", "community"),
}


@dataclass(frozen=True)
class LookupResult:
    query: Query
    hits: list[Hit]
    tier_names: dict[tuple[str, int], str]
    neighbours: dict[tuple[str, str], dict[int, str | None]]
    stem_of: dict[str, str]


def resolve_domain(value: str | None) -> str | None:
    if value is None:
        return None
    wanted = value.strip().lower()
    for domain_id, names in DOMAIN_NAMES.items():
        if any(name.startswith(wanted) or wanted.startswith(name) for name in names):
            return domain_id
    raise UsageError(f"unknown domain `{value}` (use development, family or environment)")


def pack_paths(refs: list[str]) -> list[Path]:
    if not refs:
        return builtin_pack_files()
    from .loader import resolve_pack

    return [resolve_pack(ref) for ref in refs]


def lookup(
    text: str,
    packs: list[str],
    *,
    tier: int | None = None,
    domain: str | None = None,
    limit: int = 5,
    context: bool = False,
) -> LookupResult:
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

    hits = best_per_ref(rank_by_polarity(search(index, query, keep=keep), protective=protective))[:limit]
    return LookupResult(query, hits, tier_names(index), neighbours(index, hits) if context else {}, index.stem_of)


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
