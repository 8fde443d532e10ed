"""Pure search over the guides' texts: query → ranked hits, each explainable.

Ranking is BM25 over stemmed words, with
- thesaurus expansion (practitioners' words → the guides' words), weighted below the query's own words;
- British/American spelling folding and typo tolerance (words of five letters or more) against the
  index vocabulary, by a deletion neighbourhood (SymSpell-style) verified with Damerau-Levenshtein;
- a phrase/proximity bonus when query words sit next to each other in the text;
- negation kept as a word (``not``), because Tier 1 descriptors are often the negated worry
  ("Parents don't use drugs/alcohol") and must be findable as such.

The index is plain data (dicts, lists, tuples) so it can be cached with ``marshal`` and used without
importing pydantic or YAML. No I/O here.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .concepts import CompiledConcepts
    from .context import Compiled, Scope

INDEX_FORMAT = 18
"""Bumped whenever the index layout or tokenisation changes, so old caches are rebuilt."""

K1 = 1.2
B = 0.75
EXPANSION_WEIGHT = 0.6
UNKNOWN_WORD_WEIGHT = 0.5
CORRECTION_WEIGHT = 0.85
PHRASE_BONUS = 0.35
LABEL_WEIGHT = 2.5
AREA_WEIGHT = 0.5

_STOPWORDS = """
    a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most
    my myself of off on once only or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves e g eg etc ie per via s
"""
_TIME_WORDS = """
    year years yr yrs old aged age month months week weeks weekend weekends day days today yesterday
    tonight morning mornings evening evenings night nights am pm ago last since time times now still term terms
"""  # ages and times say when, not what ("a 14 year old", "last week"); severity words are read separately
STOPWORDS = frozenset(_STOPWORDS.split()) | frozenset(_TIME_WORDS.split())
_NEGATIONS = """
    no not never none nobody nothing without nor dont doesnt didnt isnt arent wasnt werent
    wont hasnt havent hadnt shouldnt wouldnt
"""
NEGATIONS = frozenset(_NEGATIONS.split())
"""Words that deny. "can't", "cannot", "couldn't" and "unable" say a parent or child is not able to, which
is itself a worry ("can't control him", "can't cope"): they stay words (harm cues in the thesaurus)."""
NOT = "not"
GENERIC_WORDS = frozenset(
    """not get gets got getting go goes going went come comes came make makes made take takes took put keep keeps
    kept give gives gave say says said see sees seen saw way thing things lot lots bit really just""".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CASED_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_FRACTURE = re.compile(r"(?<![\w#])#(?=\s|$)|(?<=\s)#(?=\s*(?:of|to|left|right|l|r)\b)", re.I)
"""A "#" standing alone, as clinicians write fracture ("spiral # of left femur", "# radius"), never a hashtag."""
_TAG = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>")
"""Markup tags only: ``<`` and ``>`` in practitioners' text are comparisons ("weight <2nd centile")."""
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


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported on first use: most queries are stemmed from the cached vocabulary and never need it.
    # PyStemmer: Snowball's English stemmer in C (imports in 1 ms; snowballstemmer's pure Python takes 50).
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    if word == NOT or word.isdigit():
        return word
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Lower-case surface words; negations folded to ``not``; apostrophes dropped; "#" read as the
    clinicians' shorthand for fracture ("spiral # of left femur")."""
    return [fold(w) for w in written_words(text)]


def written_words(text: str) -> list[str]:
    """Lower-case words as written (apostrophes dropped, negations kept): what a note quotes."""
    return [w.lower() for w in cased_words(text)]


def cased_words(text: str) -> list[str]:
    """The words as written, case kept ("Jack" is a name): one for each of :func:`written_words`."""
    text = _TAG.sub(" ", text.replace("’", "'").replace("‘", "'"))
    text = _FRACTURE.sub(" fracture ", text)
    return [token.replace("'", "") for token in _CASED_WORD.findall(text)]


def fold(word: str) -> str:
    """Every negation ("no", "never", "didnt") as ``not``: they read alike."""
    return NOT if word in NEGATIONS else word


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and not w.isdigit()]


# ---------------------------------------------------------------- index


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


Expansion = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str, bool, str]
"""A thesaurus term as stems, what it means (each as stems), its kind, whether stopwords count, and
its gloss in words (the entry's note, or its `means`) for the meaning search, which knows no jargon."""


@dataclass
class Index:
    """Inverted index over entries. Plain data so it marshals."""

    entries: list[Entry]
    postings: dict[str, list[tuple[int, float]]]
    lengths: list[float]
    sequences: list[list[str]]  # each entry's text as stems, for the phrase bonus
    stem_of: dict[str, str]  # surface word → stem for every word the index has seen
    # (term stems, means as stems, kind, whole): `whole` terms match every word, stopwords included
    expansions: list[Expansion]
    cues: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # negation/protective/risk phrases
    clause_breaks: list[str] = field(default_factory=list)  # context.yaml: words that end a clause
    context: list[Compiled] = field(default_factory=list)  # context.yaml's rules, as stems
    concepts: CompiledConcepts = field(default_factory=dict)  # concepts.yaml: people, acts, things
    avg_length: float = 0.0
    _deletes: dict[str, list[str]] | None = field(default=None, repr=False)
    _thesaurus_words: frozenset[str] | None = field(default=None, repr=False)
    _expansions_by_first: dict[str, list[int]] | None = field(default=None, repr=False)
    _phrase_stems: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)
    _names_harm: dict[str, bool] = field(default_factory=dict, repr=False)  # trigger phrase → names a harm
    _first_stems: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)
    _near_pairs: dict[int, frozenset[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _queries: dict[str, Query] = field(default_factory=dict, repr=False)  # the last few statements parsed
    _contexts: dict[str, ClauseReading] = field(default_factory=dict, repr=False)  # and their clauses
    _rows: dict[tuple[str, str], dict[int, int]] | None = field(default=None, repr=False)
    thesaurus_surface: list[str] = field(default_factory=list)  # every word written in a thesaurus term

    def to_data(self) -> dict[str, Any]:
        return {
            "format": INDEX_FORMAT,
            "entries": [e.as_tuple() for e in self.entries],
            "postings": self.postings,
            "lengths": self.lengths,
            "sequences": self.sequences,
            "stem_of": self.stem_of,
            "expansions": self.expansions,
            "cues": self.cues,
            "clause_breaks": self.clause_breaks,
            "context": self.context,
            "concepts": self.concepts,
            "thesaurus_surface": self.thesaurus_surface,
            "deletes": self.vocabulary_deletes(),  # cached: building it costs more than loading it
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Index:
        if data.get("format") != INDEX_FORMAT:
            raise ValueError("index format changed")
        entries = [Entry(*row) for row in data["entries"]]
        lengths = data["lengths"]
        index = cls(
            entries,
            data["postings"],
            lengths,
            data["sequences"],
            data["stem_of"],
            data["expansions"],
            data["cues"],
            clause_breaks=data["clause_breaks"],
            context=data["context"],
            concepts=data["concepts"],
            thesaurus_surface=data["thesaurus_surface"],
            _deletes=data["deletes"],
        )
        index.avg_length = sum(lengths) / max(len(lengths), 1)
        return index

    def stem_word(self, word: str) -> str:
        return self.stem_of.get(word) or stem(word)

    def thesaurus_words(self) -> frozenset[str]:
        """Words of thesaurus terms: a practitioner's word, never to be "corrected" into a guide word."""
        if self._thesaurus_words is None:
            self._thesaurus_words = frozenset(self.thesaurus_surface)
        return self._thesaurus_words

    def expansions_starting(self, stems: Iterable[str]) -> list[Expansion]:
        """The thesaurus expansions whose term begins with one of ``stems``, in thesaurus order."""
        if self._expansions_by_first is None:
            table: dict[str, list[int]] = defaultdict(list)
            for n, (key, *_rest) in enumerate(self.expansions):
                if key:
                    table[key[0]].append(n)
            self._expansions_by_first = dict(table)
        found = sorted({n for s in set(stems) for n in self._expansions_by_first.get(s, ())})
        return [self.expansions[n] for n in found]

    def row(self, pack: str, ref: str) -> dict[int, int]:
        """The descriptors of one indicator: tier → entry number (the table is built on first use)."""
        if self._rows is None:
            rows: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
            for n, e in enumerate(self.entries):
                if e.kind == "descriptor" and e.tier:
                    rows[(e.pack, e.ref)][e.tier] = n
            self._rows = dict(rows)
        return self._rows.get((pack, ref), {})

    def near_pairs(self, n: int) -> frozenset[tuple[str, str]]:
        """Ordered stem pairs of entry ``n`` at most two words apart (for the phrase bonus), memoised."""
        found = self._near_pairs.get(n)
        if found is None:
            seq = self.sequences[n]
            found = frozenset((seq[i], seq[j]) for i in range(len(seq)) for j in range(i + 1, min(i + 3, len(seq))))
            self._near_pairs[n] = found
        return found

    def phrase_stems(self, phrase: str) -> tuple[list[str], list[str]]:
        """A pack phrase (e.g. a trigger) as the stems of all its words and of its content words, memoised."""
        found = self._phrase_stems.get(phrase)
        if found is None:
            found = [self.stem_word(w) for w in words(phrase)], [self.stem_word(w) for w in content_words(phrase)]
            self._phrase_stems[phrase] = found
        return found

    def first_stems(self, phrases: Sequence[str]) -> frozenset[str]:
        """The stems any of ``phrases`` can start with (all its words, or its content words), memoised:
        a trigger group none of whose first stems is in a statement cannot match it."""
        key = tuple(phrases)
        found = self._first_stems.get(key)
        if found is None:
            found = self._first_stems[key] = frozenset(st[0] for p in phrases for st in self.phrase_stems(p) if st)
        return found

    def names_harm(self, phrase: str) -> bool:
        """Whether a trigger phrase names a harm (a thesaurus harm cue: "bruise", "hit", "sexual abuse"), memoised."""
        found = self._names_harm.get(phrase)
        if found is None:
            full, _ = self.phrase_stems(phrase)
            cues = self.cues.get("harm", [])
            found = self._names_harm[phrase] = any(contains(self.phrase_stems(" ".join(c))[0], full) for c in cues)
        return found

    def vocabulary_deletes(self) -> dict[str, list[str]]:
        """Deletion neighbourhood of every surface word of five letters or more (built on first typo)."""
        if self._deletes is None:
            table: dict[str, list[str]] = defaultdict(list)
            for word in self.stem_of:
                if len(word) >= 5 and not word.isdigit():
                    for variant in _deletions(word):
                        table[variant].append(word)
            self._deletes = dict(table)
        return self._deletes


def build_index(
    entries: Sequence[Entry],
    thesaurus: Iterable[tuple[Sequence[str], Sequence[str], str, str | None]],
    cues: Mapping[str, Sequence[str]] | None = None,
) -> Index:
    """Index ``entries``; ``thesaurus`` rows are (terms, means, kind, note) as written in the data;
    ``cues`` are the thesaurus's negation/protective/risk phrases, kept as word tuples."""
    postings: dict[str, dict[int, float]] = defaultdict(dict)
    lengths: list[float] = []
    sequences: list[list[str]] = []
    stem_of: dict[str, str] = {}

    def stems(text: str) -> list[str]:
        out = []
        for w in content_words(text):
            s = stem_of.get(w)
            if s is None:
                s = stem_of[w] = stem(w)
            out.append(s)
        return out

    for n, entry in enumerate(entries):
        weights: dict[str, float] = defaultdict(float)
        body = stems(entry.text)
        for s in body:
            weights[s] += 1.0
        for s in set(stems(entry.label)):
            weights[s] += LABEL_WEIGHT
        for s in set(stems(entry.area or "")):
            weights[s] += AREA_WEIGHT
        for s, weight in weights.items():
            postings[s][n] = weight
        lengths.append(float(len(body)) + 2.0)
        sequences.append(body)

    expansions = []
    surface: set[str] = set()
    for terms, means, kind, note in thesaurus:
        mean_stems = tuple(tuple(stems(m)) for m in means)
        gloss = note or ", ".join(means)
        for term in terms:
            every = words(term)
            for w in every:
                stem_of.setdefault(w, stem(w))
                surface.add(w)
            content = content_words(term)
            # a phrase that drops to one word without its stopwords ("went missing") must be read whole,
            # or the one word alone ("missed" an appointment) would trigger it
            whole = not content or all(w in GENERIC_WORDS for w in content) or (len(every) > 1 and len(content) == 1)
            key = tuple(stem_of[w] for w in (every if whole else content))
            if key:
                expansions.append((key, mean_stems, kind, whole, gloss))
    index = Index(
        list(entries),
        {s: sorted(docs.items()) for s, docs in postings.items()},
        lengths,
        sequences,
        stem_of,
        expansions,
        {name: [tuple(words(p)) for p in phrases] for name, phrases in (cues or {}).items()},
        thesaurus_surface=sorted(surface),
    )
    index.avg_length = sum(lengths) / max(len(lengths), 1)
    return index


NEGATION_WINDOW = 6
"""How many words after a negation it still reaches ("does not use drugs or alcohol")."""

STRENGTH_WEIGHT = 0.6
"""Tier 1 wording describes needs met; a worry ranks it below Tiers 2-4 (and a strength ranks 2-4 below it)."""


# ---------------------------------------------------------------- polarity


def phrase_starts(phrase: Sequence[str], seq: list[str]) -> Iterator[int]:
    """Where ``phrase`` begins as a contiguous run in ``seq`` (``list.index`` finds the candidates)."""
    if not phrase:
        return
    wanted = list(phrase)
    first, n = wanted[0], len(wanted)
    start = 0
    while True:
        try:
            i = seq.index(first, start)
        except ValueError:
            return
        if seq[i : i + n] == wanted:
            yield i
        start = i + 1


def contains(phrase: Sequence[str], seq: list[str]) -> bool:
    """``phrase`` occurs as a contiguous run in ``seq``."""
    return next(phrase_starts(phrase, seq), None) is not None


STRENGTH, WORRY, NEUTRAL = "strength", "worry", "neutral"
_CLAUSE_END = re.compile(r"[.;:!?\n]+|,|\b(?:and|but|so|because|although|though|however|while|whereas)\b", re.I)


def _clauses(text: str) -> tuple[list[str], list[int]]:
    """The statement's words, and for each word the number of its clause (a negation ends with it)."""
    seq: list[str] = []
    clause: list[int] = []
    for n, part in enumerate(_CLAUSE_END.split(text)):
        part_words = words(part)
        seq.extend(part_words)
        clause.extend([n] * len(part_words))
    return seq, clause


def polarity(index: Index, text: str) -> str:
    """Whether a statement is a strength, a worry, or says neither by its words alone.

    A negated harm is a strength ("parents do not drink", "no marks or injuries"); a negated need is a
    worry ("no food in the house", "didn't come home"); a bare harm is a worry; a protective phrase with
    no harm and no negation is a strength. Anything else is neutral, and the matrix decides: a neutral
    statement that fits a Tier 1 descriptor best is a strength.
    """
    seq, clause = _clauses(text)
    stems = [index.stem_word(w) for w in seq]
    negations: set[int] = {i for i, w in enumerate(seq) if w == NOT}
    for phrase in index.cues.get("negation", []):
        for start in phrase_starts(phrase, seq):
            negations.update(range(start, start + len(phrase)))

    present = set(seq) | set(stems)

    def positions(cue: str, *, exact: bool = False) -> list[int]:
        found: set[int] = set()
        for phrase in index.cues.get(cue, []):
            pattern = phrase if exact else index.phrase_stems(" ".join(phrase))[0]
            if not pattern or pattern[0] not in present:
                continue
            for start in phrase_starts(pattern, seq if exact else stems):
                found.add(start + len(phrase) - 1)
        return sorted(found - negations)

    def negated(i: int) -> bool:
        return any(0 < i - n <= NEGATION_WINDOW and clause[n] == clause[i] for n in negations)

    harms, needs = positions("harm"), positions("need")
    if any(negated(i) for i in needs):
        return WORRY
    if any(not negated(i) for i in harms):
        return {"ruled-out": STRENGTH, "past": NEUTRAL}.get(_harms_out_of_present(index, text) or "", WORRY)
    if harms:
        return STRENGTH
    if not negations and positions("protective", exact=True):
        return STRENGTH
    return NEUTRAL


@dataclass(frozen=True)
class ClauseReading:
    """A statement as the context and concept stages read it: its words as written (case kept), lower
    case and as stems, each word's clause, and the context scopes (context.yaml) they open."""

    cased: list[str]
    surface: list[str]
    stems: list[str]
    clause: list[int]
    scopes: list[Scope]


def read_clauses(index: Index, text: str) -> ClauseReading:
    """The statement's :class:`ClauseReading`, memoised as queries are (polarity, the criteria and
    ``--explain`` all read the same statement)."""
    from .context import clause_numbers, scopes

    found = index._contexts.get(text)
    if found is None:
        cased, clause = clause_numbers(text, index.clause_breaks, cased_words)
        surface = [w.lower() for w in cased]
        stems = [index.stem_word(fold(w)) for w in surface]
        if len(index._contexts) >= QUERY_MEMO:
            index._contexts.clear()
        found = index._contexts[text] = ClauseReading(
            cased, surface, stems, clause, scopes(surface, stems, clause, index.context)
        )
    return found


SOFTENING = frozenset({"ruled-out", "historical", "hypothetical", "accidental"})


def names_a_lack(index: Index, text: str) -> bool:
    """Whether a statement with no harm word negates something ordinary, now ("doesn't respond to his
    name", "hasn't got a coat"): a lack, and so a worry. Not when it is put in the past, ruled out,
    only feared or given an everyday cause, nor when it names a strength ("never once hugged him …
    really affectionate with his two")."""
    if NOT not in words(text):
        return False
    if any(s.assertion in SOFTENING for s in read_clauses(index, text).scopes):
        return False
    seq = words(text)
    return not any(contains(phrase, seq) for phrase in index.cues.get("protective", []))


def _harms_out_of_present(index: Index, text: str) -> str | None:
    """``ruled-out`` when every harm the statement names was investigated and found not to be so
    ("DA has been ruled out"), ``past`` when every one is ruled out, past, only feared or given an
    everyday cause ("used to self-harm", "mum was abused as a child", "bruised shins from football");
    ``None`` when any harm is current. A ruled-out harm reads
    as a negated one; a past one as a statement that names a row but no current need (context.yaml)."""
    reading = read_clauses(index, text)
    stems = reading.stems
    often = _repeated(index, stems)  # "4th A&E attendance this year … all explained": a pattern, not an accident
    found = [s for s in reading.scopes if s.assertion != "negated" and not (often and s.assertion == "accidental")]
    kinds: set[str] = set()
    for phrase in index.cues.get("harm", []):
        pattern = index.phrase_stems(" ".join(phrase))[0]
        for start in phrase_starts(pattern, stems):
            where = set(range(start, start + len(pattern)))
            covering = {s.assertion for s in found if s.positions >= where}
            if covering & {"ruled-out"}:
                kinds.add("ruled-out")
            elif covering & {"historical", "hypothetical", "accidental"}:
                kinds.add("past")
            else:
                return None
    if not kinds:
        return None
    return "ruled-out" if kinds == {"ruled-out"} else "past"


def _repeated(index: Index, stems: list[str]) -> bool:
    """Whether the statement says something happens often or badly (the thesaurus's Tier 3-4 severity words,
    or a count: "4th attendance", "third time")."""
    if any(s in ORDINALS for s in stems):
        return True
    cues = [*index.cues.get("severity-3", []), *index.cues.get("severity-4", [])]
    return any(contains(index.phrase_stems(" ".join(c))[0], stems) for c in cues)


ORDINALS = frozenset({"3rd", "4th", "5th", "6th", "third", "fourth", "fifth", "sixth", "sever", "multipl"})
"""Stems of counts that make a pattern ("sever" is "several" and "severe")."""


def is_protective(index: Index, text: str) -> bool:
    """Lookup's reading of a query: only a clear strength ranks Tier 1 wording first."""
    return polarity(index, text) == STRENGTH


def is_strength_wording(entry: Entry) -> bool:
    return entry.kind == "descriptor" and entry.tier == 1


def rank_by_polarity(hits: list[Hit], *, protective: bool) -> list[Hit]:
    """Worries rank Tier 2-4 wording first; strengths rank Tier 1 wording first."""

    def weight(hit: Hit) -> float:
        return hit.score * (1.0 if is_strength_wording(hit.entry) == protective else STRENGTH_WEIGHT)

    return sorted(hits, key=lambda h: (-round(weight(h), 9), h.entry.pack, h.entry.ref, h.entry.tier or 0))


# ---------------------------------------------------------------- query


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


SHORT_QUERY_WORDS = 4
"""A query of at most this many content words gets every word of five letters or more typo-corrected."""

LONG_WORD = 7
"""In longer statements only words of this length or more are typo-corrected."""


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
    surface = words(text)
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

    all_stems = [index.stem_word(w) for w in surface]
    content_stems = [index.stem_word(w) for w in content if not w.isdigit()]  # as terms are read
    glosses: list[str] = []
    for key, means, kind, whole, gloss in index.expansions_starting(all_stems):
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
    for variant in {word, *_deletions(word)}:
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


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


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
