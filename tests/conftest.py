"""Shared fixtures. Every test runs with the index cache in a temporary folder, never the user's."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from threshold_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "rulepacks"
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    mp = pytest.MonkeyPatch()
    mp.setenv("THRESHOLD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("NO_COLOR", raising=False)
    yield
    mp.undo()


def register_budgets(ci_name: str, long_name: str, ci_examples: int, long_examples: int) -> None:
    """Two Hypothesis profiles: a derandomized one without example database (the same inputs on every
    CI run), and a random one that remembers failures in ``.hypothesis/`` for long local runs."""
    common: dict[str, object] = {"deadline": None, "print_blob": True, "suppress_health_check": [HealthCheck.too_slow]}
    settings.register_profile(ci_name, max_examples=ci_examples, derandomize=True, database=None, **common)
    settings.register_profile(long_name, max_examples=long_examples, **common)


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


def run(*args: str) -> Result:
    """Invoke the CLI in-process; real exceptions surface (catch_exceptions=False). Every JSON reading
    ``assess`` prints is checked against the committed schemas/reading.schema.json on the way, and every
    JSON draft ``referral`` prints against schemas/referral-draft.schema.json."""
    runner = CliRunner()
    result = runner.invoke(app, list(args), catch_exceptions=False)
    if args[:1] == ("assess",) and result.stdout.strip() and {"json", "jsonl"} & set(args) and "--output" not in args:
        if "jsonl" in args:
            readings = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
        else:
            parsed = json.loads(result.stdout)
            readings = parsed if isinstance(parsed, list) else [parsed]
        for reading in readings:
            check_reading(reading)
    if args[:1] == ("referral",) and "json" in args and result.exit_code == 0 and "--output" not in args:
        check_reading(json.loads(result.stdout), "referral-draft")
    return Result(result.exit_code, result.stdout, result.stderr)


@functools.cache
def _schema(kind: str) -> Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def check_reading(reading: object, kind: str = "reading") -> None:
    """Fail unless ``reading`` is what schemas/<kind>.schema.json says is printed (``assess``: reading;
    ``referral``: referral-draft)."""
    errors = sorted(_schema(kind).iter_errors(reading), key=lambda e: list(e.path))
    assert not errors, f"output breaks schemas/{kind}.schema.json: {errors[0].message} at {list(errors[0].path)}"
