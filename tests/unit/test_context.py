"""The context rules (rulepacks/context.yaml): each rule's trigger, scope, terminator and pseudo-trigger,
case by case (tests/data/context_cases.yaml), and the safety policy they feed: only a negated, ruled-out,
historical or hypothetical scope stops a criterion, and a stopped criterion is still shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from tests.conftest import ROOT, run

from threshold_cli.io.loader import load_model
from threshold_cli.io.resources import context_path
from threshold_cli.model.reading_rules import ContextRules
from threshold_cli.text.compile import compile_rules
from threshold_cli.text.context import BLOCKING, clause_numbers, scopes
from threshold_cli.text.words import fold, stem, words, written_words

SEXUAL_ABUSE = "s47.serious-injury-or-sexual-abuse"
CASES = yaml.safe_load((ROOT / "tests/data/context_cases.yaml").read_text(encoding="utf-8"))
RULES = load_model(context_path(), ContextRules).model
BREAKS, COMPILED = compile_rules(RULES, lambda phrase: [stem(w) for w in words(phrase)])


def read(text: str) -> tuple[list[str], list]:  # type: ignore[type-arg]
    surface, clause = clause_numbers(text, BREAKS, written_words)
    return surface, scopes(surface, [stem(fold(w)) for w in surface], clause, COMPILED)


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in RULES.rules} <= {c["rule"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_a_rule_reaches_what_it_should_and_no_further(case: dict) -> None:  # type: ignore[type-arg]
    surface, found = read(case["text"])
    mine = [s for s in found if s.rule == case["rule"]]
    if "cue" in case:
        assert case["cue"] in {s.cue for s in mine}, f"{case['rule']} did not fire on {case['cue']!r}"
    covered = {surface[i] for s in mine for i in s.positions}
    assert set(case.get("covers", [])) <= covered
    assert not set(case.get("outside", [])) & covered


def test_only_out_of_the_present_blocks() -> None:
    assert {"negated", "ruled-out", "historical", "hypothetical"} == BLOCKING
    assert not {"suspected", "reported", "denied"} & BLOCKING


def test_a_bad_rule_file_is_refused_at_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "context.yaml"
    text = context_path().read_text(encoding="utf-8").replace("direction: backward", "direction: sideways", 1)
    bad.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "sideways" in row)
    result = run("validate", str(bad))
    assert result.code == 2 or result.code == 1
    assert f"{bad}:{line}:14:" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("concern", "stopped", "assertion"),
    [
        ("Mum was sexually abused as a child", "s47.serious-injury-or-sexual-abuse", "about someone else"),
        (
            "Concerns of sexual abuse were investigated and found unfounded",
            "s47.serious-injury-or-sexual-abuse",
            "ruled-out",
        ),
    ],
)
def test_a_criterion_mentioned_out_of_the_present_is_shown_not_met(
    tmp_path: Path, concern: str, stopped: str, assertion: str
) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({"child": {"age": 9}, "concerns": [concern]}), encoding="utf-8")
    result = run("assess", str(case), "--pack", "norfolk", "--format", "json")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert stopped not in {s["id"] for s in doc["statutory"]}
    assert any(stopped in n and f"as {assertion}" in n and "mentioned, review" in n for n in doc["notes"])


def test_a_suspected_or_reported_criterion_still_counts(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    concern = "She said her uncle touched her private parts"
    case.write_text(yaml.safe_dump({"child": {"age": 9}, "concerns": [concern]}), encoding="utf-8")
    result = run("assess", str(case), "--pack", "norfolk", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["tier"] == 4
    assert "s47.serious-injury-or-sexual-abuse" in {s["id"] for s in doc["statutory"]}
    assert any("as reported" in n for n in doc["notes"])
