"""Who did what to whom (rulepacks/concepts.yaml, concepts.acts), case by case from
tests/data/concept_cases.yaml, and the criteria that name an act: the child must be the one harmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.conftest import ROOT, run

from threshold_cli.io.loader import load_model
from threshold_cli.io.resources import concepts_path, context_path
from threshold_cli.model.reading_rules import Concepts, ContextRules
from threshold_cli.text.compile import compile_concepts
from threshold_cli.text.concepts import acts, names_in
from threshold_cli.text.context import clause_numbers
from threshold_cli.text.words import cased_words, fold, stem, words

CASES = yaml.safe_load((ROOT / "tests/data/concept_cases.yaml").read_text(encoding="utf-8"))
BREAKS = [b.lower() for b in load_model(context_path(), ContextRules).model.clause_breaks]
CONCEPTS = compile_concepts(load_model(concepts_path(), Concepts).model, lambda p: [stem(w) for w in words(p)])


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_who_did_what_to_whom(case: dict) -> None:  # type: ignore[type-arg]
    cased, clause = clause_numbers(case["text"], BREAKS, cased_words)
    surface = [w.lower() for w in cased]
    found = acts(surface, [stem(fold(w)) for w in surface], clause, CONCEPTS, names_in(cased, clause))
    assert [{"act": a.act, "actor": a.actor, "harmed": a.harmed} for a in found] == case["acts"]


def read(tmp_path: Path, age: float, concern: str, pack: str) -> dict:  # type: ignore[type-arg]
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({"child": {"age": age}, "concerns": [concern]}), encoding="utf-8")
    result = run("assess", str(case), "--pack", pack, "--format", "json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_a_plain_words_disclosure_of_sexual_abuse_meets_s47(tmp_path: Path, pack: str) -> None:
    doc = read(tmp_path, 9, "She told her teacher her mum's boyfriend makes her do things in bed", pack)
    assert doc["tier"] == 4
    assert "s47.serious-injury-or-sexual-abuse" in {s["id"] for s in doc["statutory"]}


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_sexual_activity_under_13_is_law_the_guides_assume(tmp_path: Path, pack: str) -> None:
    doc = read(tmp_path, 12, "She says she has been having sex with her boyfriend", pack)
    assert doc["tier"] == 4
    assert "s47.sexual-activity-under-13" in {s["id"] for s in doc["statutory"]}
    older = read(tmp_path, 15, "She says she has been having sex with her boyfriend", pack)
    assert "s47.sexual-activity-under-13" not in {s["id"] for s in older["statutory"]}


@pytest.mark.parametrize("pack", ["norfolk", "sutton"])
def test_harm_to_a_parent_is_not_sexual_abuse_of_the_child(tmp_path: Path, pack: str) -> None:
    doc = read(tmp_path, 9, "Mum was raped by her ex-partner", pack)
    assert "s47.serious-injury-or-sexual-abuse" not in {s["id"] for s in doc["statutory"]}
