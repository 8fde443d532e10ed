"""What ``lookup`` searches and finds, as plain data: an entry of a pack (a descriptor, a criterion, a
tier definition), a parsed query with the terms it looks for and why, a hit, and the whole result.
Plain dataclasses (the index marshals entries as tuples) so lookup's quick start needs no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LookupResult:
    query: Query
    hits: list[Hit]
    tier_names: dict[tuple[str, int], str]
    neighbours: dict[tuple[str, str], dict[int, str | None]]
    stem_of: dict[str, str]
    meaning: str | None = None  # what the meaning search read, when it ran


@dataclass(frozen=True)
class Entry:
    """One searchable text of a pack: a descriptor (indicator × tier), a criterion or a tier definition."""

    pack: str
    kind: str  # "descriptor" | "criterion" | "tier"
    ref: str  # indicator id, criterion id or "tier-N"
    domain: str | None
    area: str | None
    label: str
    tier: int | None
    text: str
    source: str
    section: str | None = None  # s47 / s20 / s31 for criteria

    def as_tuple(self) -> tuple[Any, ...]:
        return (
            self.pack,
            self.kind,
            self.ref,
            self.domain,
            self.area,
            self.label,
            self.tier,
            self.text,
            self.source,
            self.section,
        )


@dataclass(frozen=True)
class QueryTerm:
    """A stem the query looks for, with its weight and why it is there (for ``--explain``)."""

    stem: str
    weight: float
    origin: str  # "query" | "thesaurus" | "spelling" | "typo"
    because: str  # the query word (or thesaurus phrase) that brought it in
    kind: str = ""  # for thesaurus terms: the entry's kind (abbreviation, jargon, everyday, spelling)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    coverage: float  # share of the query's words this entry explains (idf-weighted), 0-1
    matched: tuple[str, ...]  # stems of the query found in the entry
    similarity: float | None = None  # cosine of meaning, when lookup re-ranked by meaning


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[QueryTerm, ...]
    unknown: tuple[str, ...]  # query words found nowhere in the index
    phrases: tuple[tuple[str, ...], ...]  # stem sequences that earn the phrase bonus
    sources: tuple[tuple[str, frozenset[str]], ...] = ()  # each query word and the stems standing for it
    expansions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (thesaurus kind, stems of a `means` phrase)
    glosses: tuple[str, ...] = ()  # what the thesaurus terms found in the query mean, in words
