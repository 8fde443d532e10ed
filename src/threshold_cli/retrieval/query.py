"""A practitioner's words as a query: stems the index knows, thesaurus expansion (practitioners'
words → the guides' words, weighted below the query's own), British/American spelling folding, and typo
tolerance for words of five letters or more (a deletion neighbourhood, SymSpell-style, checked by edit
distance). Pure; memoised per index for recent statements.
"""

from __future__ import annotations

import re

from threshold_cli.model.lookup import Query, QueryTerm
from threshold_cli.retrieval.index import Index
from threshold_cli.text.context import SENTENCE_MARKS
from threshold_cli.text.words import GENERIC_WORDS, STOPWORDS, contains, deletions, words

EXPANSION_WEIGHT = 0.6
CORRECTION_WEIGHT = 0.85
_SPELLING = (
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("our", "or"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("ce", "se"),
    ("ae", "e"),
    ("oe", "e"),
    ("lling", "ling"),
    ("lled", "led"),
    ("llor", "lor"),
)


SHORT_QUERY_WORDS = 4
"""A query of at most this many content words gets every word of five letters or more typo-corrected."""

LONG_WORD = 7
"""In longer statements only words of this length or more are typo-corrected."""


STRETCH_END = re.compile(SENTENCE_MARKS + r"|[()|]+|\s[-–—]+\s")
STRETCH_BREAK = "|"
"""Punctuation a thesaurus term never spans, and the mark put in its place (no stem is ever "|")."""

QUERY_MEMO = 64
"""Statements remembered per index: assess reads each concern several ways (criteria, worry, strength)."""


def parse_query(index: Index, text: str) -> Query:
    """Expand a practitioner's words into weighted stems the index knows (memoised for recent texts)."""
    found = index._queries.get(text)
    if found is None:
        if len(index._queries) >= QUERY_MEMO:
            index._queries.clear()
        found = index._queries[text] = _parse_query(index, text)
    return found


def _parse_query(index: Index, text: str) -> Query:
    stretches = [words(part) for part in STRETCH_END.split(text)]  # punctuation never splits a word
    surface = [w for stretch in stretches for w in stretch]
    content = [w for w in surface if w not in STOPWORDS]
    terms: dict[str, QueryTerm] = {}
    unknown: list[str] = []
    phrases: list[tuple[str, ...]] = []
    sources: dict[str, set[str]] = {w: set() for w in content if w not in GENERIC_WORDS}
    expanded: list[tuple[str, tuple[str, ...]]] = []

    def add(s: str, weight: float, origin: str, because: str, kind: str = "") -> None:
        current = terms.get(s)
        if current is None or current.weight < weight:
            terms[s] = QueryTerm(s, weight, origin, because, kind)

    query_stems = []
    for w in content:
        if w in GENERIC_WORDS:  # "go", "get", "make": they count in thesaurus phrases, never alone
            continue
        s = index.stem_word(w)
        if s in index.postings:
            add(s, 1.0, "query", w)
            sources[w].add(s)
            query_stems.append(s)
            continue
        # In a long statement a short unknown word is far likelier an everyday word ("party") than a typo
        typo_ok = len(content) <= SHORT_QUERY_WORDS or len(w) >= LONG_WORD
        fixed = (
            None if w in index.thesaurus_words() else (_respell(index, w) or (_correct(index, w) if typo_ok else None))
        )
        if fixed is not None:
            word, origin = fixed
            s2 = index.stem_word(word)
            add(s2, CORRECTION_WEIGHT if origin == "typo" else 1.0, origin, w)
            sources[w].add(s2)
            query_stems.append(s2)
    if len(query_stems) > 1:
        phrases.append(tuple(query_stems))

    # A term is met within a stretch of the statement between punctuation, never across it: "the 2 year
    # check, mum says" does not say "checks on mum".
    all_stems: list[str] = []
    content_stems: list[str] = []
    for part_words in stretches:
        all_stems += [index.stem_word(w) for w in part_words] + [STRETCH_BREAK]
        content_stems += [index.stem_word(w) for w in part_words if w not in STOPWORDS and not w.isdigit()]
        content_stems.append(STRETCH_BREAK)
    glosses: list[str] = []
    for key, means, kind, whole, gloss in index.expansions_possible(all_stems):
        sequence = all_stems if whole else content_stems
        if not contains(key, sequence):
            continue
        if gloss not in glosses:
            glosses.append(gloss)
        because = " ".join(key)
        term_words = {w for w in content if index.stem_word(w) in key}
        for mean in means:
            expanded.append((kind, tuple(mean)))
            for s in mean:
                add(s, EXPANSION_WEIGHT, "thesaurus", because, kind)
                for w in term_words:
                    sources.setdefault(w, set()).add(s)
            if len(mean) > 1:
                phrases.append(tuple(mean))
    unknown = [w for w, stems in sources.items() if not stems]
    return Query(
        text,
        tuple(terms.values()),
        tuple(unknown),
        tuple(phrases),
        tuple((w, frozenset(stems)) for w, stems in sources.items()),
        tuple(expanded),
        tuple(glosses),
    )


def _respell(index: Index, word: str) -> tuple[str, str] | None:
    """American → British (and back) by suffix, accepted only if the result is a word of the index."""
    for british, american in _SPELLING:
        for a, b in ((american, british), (british, american)):
            if a in word:
                candidate = word[::-1].replace(a[::-1], b[::-1], 1)[::-1]
                if candidate != word and index.stem_word(candidate) in index.postings and candidate in index.stem_of:
                    return candidate, "spelling"
    return None


def _correct(index: Index, word: str) -> tuple[str, str] | None:
    """The nearest index word within one edit (two for words of eight letters or more)."""
    if len(word) < 5 or word.isdigit():
        return None
    limit = 1 if len(word) < 8 else 2
    table = index.vocabulary_deletes()
    candidates: set[str] = set()
    for variant in {word, *deletions(word)}:
        candidates.update(table.get(variant, ()))
    best: tuple[int, int, str] | None = None
    for candidate in candidates:
        distance = damerau_levenshtein(word, candidate)
        if distance <= limit:
            s = index.stem_word(candidate)
            df = len(index.postings.get(s, ()))
            key = (distance, -df, candidate)
            if df and (best is None or key < best):
                best = key
    return (best[2], "typo") if best else None


def damerau_levenshtein(a: str, b: str) -> int:
    """Optimal string alignment distance (adjacent transpositions count as one edit)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]
