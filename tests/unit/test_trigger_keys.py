"""The key-stem lookup that spares a statement most of the criteria's phrases (Index.by_key_stem,
Index.by_first_group) never hides a phrase or a trigger the statement meets: checked against reading
every phrase, on statements that say a spread of each pack's phrases and on practitioners' concerns
(examples and pack tests, where abbreviations meet phrases through a synonym)."""

from __future__ import annotations

import sys

import pytest
from tests.conftest import ROOT

from threshold_cli.engine.batch import open_pack
from threshold_cli.engine.matching import _candidates, _phrase_in, _statement
from threshold_cli.retrieval.query import parse_query

sys.path.insert(0, str(ROOT / "benchmarks"))
from phrasings import phrasings

EVERY = 97  # a spread of each pack's ~12,000 phrases, the same every run
CONCERNS = [*phrasings(ROOT).concerns[::3], "DV at home, mum has a black eye", "CSE concerns, older bf", "NAI query"]


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_every_phrase_a_statement_meets_is_a_candidate(pack: str) -> None:
    context = open_pack(pack)
    index = context.index
    groups = [g for c in context.pack.statutory for t in c.triggers for g in t.all]
    pairs = [(g, p) for g in groups for p in g][::EVERY]
    assert len(pairs) > 100
    missed = []
    for group, phrase in pairs:
        text = f"I am worried that {phrase} this week"
        statement = _statement(index, text, parse_query(index, text))
        met = [p for p in group if _phrase_in(index, p, statement)]
        candidates = set(_candidates(index, group, statement))
        missed += [p for p in met if p not in candidates]
    assert missed == []


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_a_trigger_is_read_when_its_first_group_is_met(pack: str) -> None:
    context = open_pack(pack)
    index = context.index
    missed = []
    for criterion in context.pack.statutory:
        keys, opens, always = index.by_first_group(criterion.triggers)
        for n, trigger in enumerate(criterion.triggers):
            if trigger.act is not None:
                assert n in always
                continue
            for phrase in trigger.all[0][:: EVERY // 10]:
                text = f"she said {phrase} at home"
                statement = _statement(index, text, parse_query(index, text))
                live = set(always).union(*(opens[s] for s in statement.words & keys))
                if any(_phrase_in(index, p, statement) for p in trigger.all[0]) and n not in live:
                    missed.append((criterion.id, phrase))
    assert missed == []


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_every_phrase_a_concern_meets_is_a_candidate(pack: str) -> None:
    context = open_pack(pack)
    index = context.index
    groups = [g for c in context.pack.statutory for t in c.triggers for g in [*t.all, t.unless] if g]
    missed = []
    for text in CONCERNS:
        statement = _statement(index, text, parse_query(index, text))
        for group in groups:
            candidates = set(_candidates(index, group, statement))
            missed += [(text, p) for p in group if p not in candidates and _phrase_in(index, p, statement)]
    assert missed == []
