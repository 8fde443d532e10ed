"""The committed schemas/*.json are exactly what `threshold schema <kind>` prints (editors use the files).

When a model changes, regenerate them:

    for k in pack case thesaurus golden context concepts; do threshold schema $k > schemas/$k.schema.json; done
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import ROOT, run

from threshold_cli.authoring.schemas import SCHEMAS

SCHEMA_DIR = ROOT / "schemas"


def test_every_schema_kind_is_committed_and_nothing_else() -> None:
    committed = sorted(p.name.removesuffix(".schema.json") for p in SCHEMA_DIR.glob("*.schema.json"))
    assert committed == sorted(SCHEMAS)
    assert sorted(p.name for p in SCHEMA_DIR.iterdir()) == sorted(f"{k}.schema.json" for k in committed)


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_committed_schema_equals_the_cli_output(kind: str) -> None:
    result = run("schema", kind)
    assert (result.code, result.stderr) == (0, "")
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, f"schemas/{kind}.schema.json is stale: run `threshold schema {kind}`"
    schema = json.loads(committed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.schema.json")


def test_unknown_schema_kind_exits_2() -> None:
    result = run("schema", "casefile")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("threshold: unknown schema `casefile`")


def test_shipped_case_files_satisfy_the_committed_case_schema() -> None:
    import jsonschema

    from threshold_cli.io.yamldoc import load_yaml

    validator = jsonschema.Draft202012Validator(json.loads((SCHEMA_DIR / "case.schema.json").read_text("utf-8")))
    cases = sorted(p for p in (ROOT / "examples").glob("*.yaml") if p.name != "expected.yaml")
    assert cases
    for path in cases:
        errors = sorted(validator.iter_errors(load_yaml(path).data), key=lambda e: list(e.path))
        assert not errors, f"{path.name}: {errors[0].message} at {list(errors[0].path)}"


def test_schema_help_names_every_kind() -> None:
    """`threshold schema -h` tells the reader which kinds exist: all of them."""
    result = run("schema", "-h")
    assert result.code == 0
    flat = " ".join(result.stdout.replace("│", " ").split())
    missing = [kind for kind in SCHEMAS if kind not in flat]
    assert not missing, f"`threshold schema -h` does not name {missing}"
