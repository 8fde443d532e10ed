"""Words as the reader sees them: lower-case surface words (negations folded to ``not``, a lone ``#``
read as fracture, ``<`` and ``>`` kept as comparisons), stems (Snowball English), stopwords, and
phrase matching over word sequences. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

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


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # Imported on first use: most queries are stemmed from the cached vocabulary and never need it.
    # PyStemmer: Snowball's English stemmer in C (imports in 1 ms; snowballstemmer's pure Python takes 50).
    import Stemmer

    return Stemmer.Stemmer("english")


OWN_STEMS = {"several": "several", "completely": "completely", "missed": "missed", "misses": "missed"}
"""Words Snowball stems into another word's stem: "several" is not "severe" (both ``sever``), "completely"
(how badly) is not "completed" (a course done; both ``complet``), "missed an appointment" is not "goes
missing" (both ``miss``)."""


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    if word == NOT or word.isdigit():
        return word
    return OWN_STEMS.get(word) or str(_stemmer().stemWord(word))


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


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
