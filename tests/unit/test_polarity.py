"""The polarity stage's small readers: what is quoted, whose reassurance it is, which clauses tell of a need met."""

from __future__ import annotations

import pytest

from threshold_cli.engine.batch import open_pack
from threshold_cli.engine.matching import _severity
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import QUOTED, in_everyday_sense, reassures


@pytest.fixture(scope="module")
def index() -> Index:
    return open_pack("norfolk").index


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("she just says 'he's fine, stop fussing'.", "she just says  , ."),
        ("“he is fine” she said", " ,  she said"),
        ("She's fine, just misses clubs", "She's fine, just misses clubs"),  # an apostrophe opens no quote
        ("the kids' coats are wet", "the kids' coats are wet"),
    ],
)
def test_a_quotation_is_found_whole_and_an_apostrophe_is_not_one(text: str, left: str) -> None:
    assert QUOTED.sub(" , ", text) == left


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She's fine, just misses out now and then", True),
        ("he seems fine in class", True),
        ("mum just says 'he's fine, stop fussing'", False),  # the carer's words, quoted
        ("dad says she is fine", False),  # the carer's words, reported
        ("no coat in the snow", False),
    ],
)
def test_only_the_writers_own_words_reassure(index: Index, text: str, expected: bool) -> None:
    assert reassures(index, text) is expected


def test_a_severity_word_in_a_clause_of_needs_met_says_nothing_of_the_worry(index: Index) -> None:
    assert 4 not in _severity(index, "Mum has anxiety and is on tablets. Noah is always clean, fed and on time")
    assert 4 in _severity(index, "Mum has anxiety and is always in bed. Noah is late")


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("He threw up twice at school", "He   twice at school"),
        ("Mum says he's been Kicking Off at home", "Mum says he's been   at home"),
        ("Dad kicked him in the back", "Dad kicked him in the back"),  # a blow: kept
        ("He was kicked. Off the bus he went", "He was kicked. Off the bus he went"),  # not across a clause
    ],
)
def test_words_in_their_everyday_sense_are_set_aside(index: Index, text: str, left: str) -> None:
    assert in_everyday_sense(index, text) == left


def test_an_everyday_act_is_no_harm() -> None:
    from pydantic import ValidationError

    from threshold_cli.model.reading_rules import Concept

    with pytest.raises(ValidationError, match="everyday"):
        Concept(id="threw-up", serves="x", terms=["threw up"], everyday=True)


def test_a_row_must_share_a_word_that_says_what_happened_not_only_who() -> None:
    from threshold_cli.engine.matching import WORRY_WORDS, _says_what
    from threshold_cli.model.lookup import Entry, Hit

    row = "family.health-disability.parental-substance-misuse"
    entry = Entry("norfolk", "descriptor", row, None, None, "", 3, "", "")
    who = frozenset({"parent", "friend"}) | WORRY_WORDS
    assert not _says_what({3: Hit(entry, 9.8, 0.37, ("friend", "parent", "worri"))}, who)
    assert _says_what({3: Hit(entry, 9.8, 0.37, ("drink", "parent"))}, who)


def test_a_point_or_comma_inside_a_number_ends_no_clause(index: Index) -> None:
    from threshold_cli.retrieval.polarity import read_clauses

    reading = read_clauses(index, "Weight 14.5 kg, owes £1,200. No food")
    assert reading.clause == [0, 0, 0, 0, 1, 1, 1, 2, 2]
