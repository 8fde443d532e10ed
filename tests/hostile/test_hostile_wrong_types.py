"""Every wrong type (int, list, mapping, null, bool) in every field of a full case file.

The documents come from ``schemas/case.schema.json`` (tests/hostile/corpus.py: ``wrong_type_documents``)
and the schema is the oracle: a document the schema rejects must never be assessed (exit 0 would mean
a value was silently coerced or dropped). A document the schema accepts may still be refused for a rule
the schema cannot express (``tier`` needs ``indicator``, ...), but only with a located message.

Cost: 191 documents x 4 commands as single processes would take minutes, so ``assess``, ``validate`` and
``test`` each read all documents in one real process (a batch: per-file results in order, one stderr
line per bad file — the batch contract), and ``lookup --pack FILE`` runs in-process through the same
fast path the console script takes (``threshold_cli.cli.fastpath.run``), once per document.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import yaml
from tests.conftest import PACKS, ROOT
from tests.hostile.clirun import CliRun, assert_contract, concern_partition_problems, error_names_file, run_cli
from tests.hostile.corpus import base_case, wrong_type_documents

from threshold_cli.cli import fastpath

SCHEMA = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
BASE = base_case(yaml.safe_load((PACKS / "norfolk.yaml").read_text(encoding="utf-8")))
DOCUMENTS: list[tuple[str, Any]] = [("base", BASE), *wrong_type_documents(SCHEMA, BASE)]
NAMES = [name for name, _ in DOCUMENTS]
BATCH_TIMEOUT = 120.0


def _concern_count(doc: Any) -> int:
    return len(doc["concerns"]) if isinstance(doc, dict) and isinstance(doc.get("concerns"), list) else 0


@dataclass
class Batch:
    paths: list[Path]
    assess: CliRun
    validate: CliRun
    test: CliRun
    readings: list[dict[str, Any]]
    stderr_lines: list[str]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory, cli_env: dict[str, str]) -> Iterator[Batch]:
    folder = tmp_path_factory.mktemp("wrong-types")
    paths, goldens = [], []
    for i, (_, doc) in enumerate(DOCUMENTS):
        path = folder / f"{i:03d}.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        golden = folder / f"{i:03d}.tests.yaml"
        os.link(path, golden)
        paths.append(path)
        goldens.append(golden)
    files = [str(p) for p in paths]
    assess = run_cli(
        ["assess", *files, "--pack", "norfolk", "--format", "jsonl"], env=cli_env, cwd=folder, timeout=BATCH_TIMEOUT
    )
    validate = run_cli(["validate", *files, "--format", "json"], env=cli_env, cwd=folder, timeout=BATCH_TIMEOUT)
    test = run_cli(["test", *map(str, goldens), "--format", "json"], env=cli_env, cwd=folder, timeout=BATCH_TIMEOUT)
    assert not assess.timed_out, assess.describe()
    readings = [json.loads(line) for line in assess.stdout.splitlines() if line.strip()]
    yield Batch(paths, assess, validate, test, readings, assess.stderr.splitlines())


def test_the_base_document_is_a_valid_case() -> None:
    assert VALIDATOR.is_valid(BASE)
    assert len(DOCUMENTS) == 191  # 38 field locations x 5 wrong values, and the base


def test_assess_batch_keeps_the_contract(batch: Batch) -> None:
    run = batch.assess
    assert run.code == 2, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    assert len(batch.readings) == len(DOCUMENTS), "one JSON line per case file, in input order"
    assert [r["file"] for r in batch.readings] == [str(p) for p in batch.paths]
    failed = [r for r in batch.readings if "error" in r]
    assert len(batch.stderr_lines) == len(failed), "one stderr line per case file that could not be read"


@pytest.mark.parametrize("index", range(len(DOCUMENTS)), ids=NAMES)
def test_wrong_type_is_refused_with_its_location(batch: Batch, index: int) -> None:
    name, doc = DOCUMENTS[index]
    path = str(batch.paths[index])
    reading = batch.readings[index]
    assert reading["file"] == path
    schema_errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    if schema_errors:
        assert "error" in reading, (
            f"{name}: the schema refuses this document ({schema_errors[0].message} at "
            f"{list(schema_errors[0].path)}) but assess read it: tier {reading.get('tier')}"
        )
    if "error" in reading:
        assert re.match(re.escape(path) + r":\d+:\d+: \S", reading["error"]), reading["error"]
        line = next((x for x in batch.stderr_lines if x.startswith(f"threshold: {path}:")), None)
        assert line is not None and error_names_file(line, path), batch.assess.describe()
        assert line == f"threshold: {reading['error']}"
    else:
        problems = concern_partition_problems(reading, _concern_count(doc))
        assert not problems, f"{name}: " + "; ".join(problems)


def test_validate_batch_reports_every_file(batch: Batch) -> None:
    run = batch.validate
    assert_contract(run, {1}, None)  # none of these is a pack: problems found
    report = json.loads(run.stdout)
    assert [f["path"] for f in report["files"]] == [str(p) for p in batch.paths]
    for f in report["files"]:
        assert not f["ok"] and f["problems"], f
        for p in f["problems"]:
            assert p["line"] >= 1 and p["column"] >= 1, (f["path"], p)


def test_test_batch_reports_every_file(batch: Batch) -> None:
    run = batch.test
    assert_contract(run, {1}, None)  # a case file is not a golden file: problems found
    report = json.loads(run.stdout)
    assert len(report["files"]) == len(DOCUMENTS)
    for f in report["files"]:
        assert f["problems"], f
        for p in f["problems"]:
            assert re.match(re.escape(f["path"]) + r":\d+:\d+: ", p), p


@pytest.mark.parametrize("index", range(len(DOCUMENTS)), ids=NAMES)
def test_lookup_with_the_document_as_pack(
    batch: Batch, index: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("_THRESHOLD_COMPLETE", raising=False)
    path = str(batch.paths[index])
    code = fastpath.run(["dad hits mum", "--pack", path, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and error_names_file(err.rstrip("\n"), path), err
