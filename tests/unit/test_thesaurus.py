"""The thesaurus maps practitioners' words onto the guides' words: every `means` word must be one the
guides use (else the expansion can find nothing), and no term may sit in two entries with different meanings."""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from threshold_cli.io.resources import builtin_pack_files, thesaurus_path
from threshold_cli.retrieval.store import index_for
from threshold_cli.text.words import content_words, stem, words

ENTRIES = yaml.safe_load(thesaurus_path().read_text(encoding="utf-8"))["entries"]


def test_every_means_word_is_a_word_of_the_guides() -> None:
    index = index_for(builtin_pack_files())  # the cached index: the same entries
    guide_words = {stem(w) for e in index.entries for w in words(f"{e.text} {e.label} {e.area or ''}")}
    outside = {
        (mean, word)
        for entry in ENTRIES
        for mean in entry["means"]
        for word in content_words(mean)
        if stem(word) not in guide_words
    }
    assert not outside, sorted(outside)


def test_no_term_is_listed_twice() -> None:
    where: dict[str, set[int]] = defaultdict(set)  # spelling variants within one entry are fine
    for n, entry in enumerate(ENTRIES):
        for term in entry["terms"]:
            where[" ".join(words(term))].add(n)
    twice = {term: sorted(rows) for term, rows in where.items() if len(rows) > 1}
    assert not twice, twice


@pytest.mark.parametrize(("word", "other"), [("several", "severe"), ("completely", "completed")])
def test_a_severity_word_is_not_stemmed_as_an_everyday_one(word: str, other: str) -> None:
    """Snowball stems each pair alike; "seen several times" is not severe, a course completed not complete."""
    assert stem(word) != stem(other)


@pytest.mark.parametrize(
    ("text", "met"),
    [("they use the food bank", True), ("there was no food. Bank holiday weekend", False)],
)
def test_a_term_is_met_within_a_stretch_of_the_statement_never_across_punctuation(text: str, met: bool) -> None:
    from threshold_cli.engine.batch import open_pack
    from threshold_cli.retrieval.query import parse_query

    index = open_pack("norfolk").index
    assert ("food bank" in {t.because for t in parse_query(index, text).terms if t.origin == "thesaurus"}) is met
