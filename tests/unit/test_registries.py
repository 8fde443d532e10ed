"""Registries are complete: every ``--format`` of every command has its renderer, and every lint check
has an id, a level, a summary and a case here that produces its exact message at its exact place."""

from __future__ import annotations

import json
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import PACKS, ROOT, run

from threshold_cli.engine.rules import GIVEN_THE_TIER, RULES, TIER_SETTING
from threshold_cli.model.checks import CHECKS
from threshold_cli.model.pack import Rule
from threshold_cli.render import assess, diff, formats, golden, lookup, referral, validate

REGISTRIES: list[tuple[type[Enum], dict[Any, Any]]] = [
    (formats.AssessFormat, assess.RENDERERS),
    (formats.LookupFormat, lookup.RENDERERS),
    (formats.ValidateFormat, validate.RENDERERS),
    (formats.TestFormat, golden.RENDERERS),
    (formats.DiffFormat, diff.RENDERERS),
    (formats.ReferralFormat, referral.RENDERERS),
]
LINT_CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests/data/lint_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("formats", "renderers"), REGISTRIES, ids=[f.__name__ for f, _ in REGISTRIES])
def test_every_format_has_a_renderer(formats: type[Enum], renderers: dict[Any, Any]) -> None:
    assert set(renderers) == set(formats)
    assert all(callable(render) for render in renderers.values())


def test_every_rule_kind_has_its_function() -> None:
    union = typing.get_args(typing.get_args(Rule)[0])
    kinds = {typing.get_args(model.model_fields["kind"].annotation)[0] for model in union}
    assert set(RULES) == kinds
    assert not set(TIER_SETTING) & set(GIVEN_THE_TIER)


def test_every_lint_check_is_registered_with_a_level_and_has_a_case() -> None:
    assert all(c.level in {"error", "warning"} and c.summary for c in CHECKS.values())
    assert sorted({case["check"] for case in LINT_CASES}) == sorted([*CHECKS, "concept-ref"])


@pytest.mark.parametrize("case", LINT_CASES, ids=[c["check"] for c in LINT_CASES])
def test_lint_check_reports_its_exact_message_and_place(tmp_path: Path, case: dict[str, Any]) -> None:
    name = case.get("file", "norfolk.yaml")
    source = (PACKS / name).read_text(encoding="utf-8")
    assert source.count(case["old"]) == 1, case["old"]
    text = source.replace(case["old"], case["new"])
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), "--format", "json")
    problems = json.loads(result.stdout)["files"][0]["problems"]
    line = text[: text.index(case["at"])].count("\n") + 1
    expected = {"line": line, "column": case["column"], "level": case["level"], "rule": case["check"]}
    assert problems == [{**expected, "message": case["message"]}]
    assert result.code == (1 if case["level"] == "error" else 0)
    if case["level"] == "warning":
        assert run("validate", "--strict", str(path)).code == 1
