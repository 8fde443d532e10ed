"""The search index over the packs' texts: postings, lengths and stem sequences per entry, the
thesaurus's expansions and cues, and the compiled context rules and concepts. Plain data (dicts,
lists, tuples) so it can be cached with ``marshal`` and used without importing pydantic or YAML, with
small memos of what recent statements were read as. No I/O here (retrieval/store.py caches it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from threshold_cli.model.lookup import Entry, Query
from threshold_cli.text.words import GENERIC_WORDS, contains, content_words, deletions, stem, words

if TYPE_CHECKING:
    from threshold_cli.model.pack import Trigger
    from threshold_cli.retrieval.polarity import ClauseReading
    from threshold_cli.text.concepts import CompiledConcepts
    from threshold_cli.text.context import Compiled


INDEX_FORMAT = 19
"""Bumped whenever the index layout or tokenisation changes, so old caches are rebuilt."""

LABEL_WEIGHT = 2.5
AREA_WEIGHT = 0.5

Expansion = tuple[tuple[str, ...], tuple[tuple[str, ...], ...], str, bool, str]
"""A thesaurus term as stems, what it means (each as stems), its kind, whether stopwords count, and
its gloss in words (the entry's note, or its `means`) for the meaning search, which knows no jargon."""

TriggerKeys = tuple[frozenset[str], dict[str, frozenset[int]], frozenset[int]]
"""A criterion's triggers by the key stems of their first groups: the keys, the triggers each opens,
and the triggers always read."""


TELLING_STEMS = frozenset({"say", "said", "tell", "told"})
"""Stems of the verbs a concern tells with: who spoke, never how badly ("disclosing" is not among them:
the guides' Tier 4 "makes disclosure" is a tier's own word)."""


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
    _who_stems: frozenset[str] | None = field(default=None, repr=False)
    _expansions_by_key: dict[str, list[int]] | None = field(default=None, repr=False)
    _phrase_stems: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict, repr=False)
    _names_harm: dict[str, bool] = field(default_factory=dict, repr=False)  # trigger phrase → names a harm
    _by_key_stem: dict[int, tuple[Sequence[str], frozenset[str], dict[str, tuple[int, ...]]]] = field(
        default_factory=dict, repr=False
    )
    _by_first_group: dict[int, tuple[Sequence[Trigger], TriggerKeys]] = field(default_factory=dict, repr=False)
    _near_pairs: dict[int, frozenset[tuple[str, str]]] = field(default_factory=dict, repr=False)
    _severities: dict[str, dict[int, float]] = field(default_factory=dict, repr=False)  # statement → severity
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

    def who_stems(self) -> frozenset[str]:
        """Every stem of the words that say who, never how badly, memoised: the concepts' words for people
        ("mum", "carer", "sibling") and the verbs of telling ("says", "told": a child "saying" he is in a
        gang is not the Tier 4 "saying that they will carry out violence")."""
        if self._who_stems is None:
            people = self.concepts.get("people", {})
            said_by = frozenset(s for terms in people.values() for stems, _ in terms for s in stems)
            self._who_stems = said_by | TELLING_STEMS
        return self._who_stems

    def expansions_possible(self, stems: Iterable[str]) -> list[Expansion]:
        """The thesaurus expansions whose term could be in a statement of ``stems``, in thesaurus order:
        each is filed under the stem of its term fewest terms share ("abuse" is in dozens, "dv" in one),
        since a term is met only where every stem of it is."""
        if self._expansions_by_key is None:
            shared = Counter(s for key, *_rest in self.expansions for s in set(key))
            table: dict[str, list[int]] = defaultdict(list)
            for n, (key, *_rest) in enumerate(self.expansions):
                if key:
                    table[min(key, key=shared.__getitem__)].append(n)
            self._expansions_by_key = dict(table)
        found = sorted({n for s in set(stems) for n in self._expansions_by_key.get(s, ())})
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

    def seed_phrase_stems(self, table: Mapping[str, tuple[list[str], list[str]]]) -> None:
        """Phrases already worked out as stems (a checked pack's triggers, from cache)."""
        self._phrase_stems.update(table)

    def phrase_stems(self, phrase: str) -> tuple[list[str], list[str]]:
        """A pack phrase (e.g. a trigger) as the stems of all its words and of its content words, memoised."""
        found = self._phrase_stems.get(phrase)
        if found is None:
            found = [self.stem_word(w) for w in words(phrase)], [self.stem_word(w) for w in content_words(phrase)]
            self._phrase_stems[phrase] = found
        return found

    def by_key_stem(self, phrases: Sequence[str]) -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
        """Where in ``phrases`` a phrase may be found, by one stem it needs: the longest of its content
        words (which it needs whether met word for word or through a synonym; a long word is a rare one,
        "exploit" rather than "new"), or of all its words when it has none. Memoised per list: a trigger
        group of a thousand phrases costs a statement a few lookups and a handful of candidates."""
        memo = self._by_key_stem.get(id(phrases))
        if memo is not None and memo[0] is phrases:
            return memo[1], memo[2]
        keys: dict[str, list[int]] = {}
        for i, phrase in enumerate(phrases):
            full, content = self.phrase_stems(phrase)
            if full:
                keys.setdefault(max(content or full, key=len), []).append(i)
        found = frozenset(keys), {stem: tuple(where) for stem, where in keys.items()}
        self._by_key_stem[id(phrases)] = (phrases, *found)
        return found

    def by_first_group(self, triggers: Sequence[Trigger]) -> TriggerKeys:
        """For a criterion's triggers, the key stems of their first phrase groups with the triggers each
        opens, and the triggers always to read (acts, read by their roles): a trigger none of whose
        first group's phrases can be in a statement cannot fire, so most of a criterion's triggers cost
        a statement nothing. Memoised per list."""
        memo = self._by_first_group.get(id(triggers))
        if memo is not None and memo[0] is triggers:
            return memo[1]
        opens: dict[str, set[int]] = {}
        always: set[int] = set()
        for n, trigger in enumerate(triggers):
            if trigger.act is not None:
                always.add(n)
                continue
            for key in self.by_key_stem(trigger.all[0])[0]:
                opens.setdefault(key, set()).add(n)
        found = frozenset(opens), {k: frozenset(v) for k, v in opens.items()}, frozenset(always)
        self._by_first_group[id(triggers)] = (triggers, found)
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
                    for variant in deletions(word):
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
