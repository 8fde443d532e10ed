"""The shipped examples read as examples/expected.yaml says, and every output format carries the reading.

Each case file is read with each pack expected.yaml names for it: the tier, the indicators and statutory
criteria it is sure of, every concern accounted for exactly once (docs/contracts.md), descriptors quoted
verbatim from the pack, and the provenance a recorded reading needs (pack id, version, sha256, tool version).
Most checks call the library in-process; a few go through the CLI end to end.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.conftest import EXAMPLES, PACKS, check_reading, run

import threshold_cli
from threshold_cli.engine.batch import PackContext, open_pack, read_case
from threshold_cli.engine.reading import reading_of
from threshold_cli.render.assess import to_json

EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))
CASE_FILES = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "expected.yaml")
PACK_NAMES = ("norfolk", "sutton")
THRESHOLD = Path(sysconfig.get_path("scripts")) / "threshold"


def _pairs(*, need: str | None = None) -> list[Any]:
    """(file, pack, expectation) for every pack expected.yaml names for a file."""
    out = []
    for path in CASE_FILES:
        entry = EXPECTED.get(path.name, {})
        for pack in PACK_NAMES:
            if pack not in entry:
                continue
            indicators = (entry.get("indicators") or {}).get(pack, [])
            statutory = entry.get("statutory") or []
            if need == "evidence" and not (indicators or statutory):
                continue
            expectation = {"tier": entry[pack], "indicators": indicators, "statutory": statutory}
            out.append(pytest.param(path, pack, expectation, id=f"{path.stem}-{pack}"))
    return out


@functools.cache
def context(pack: str) -> PackContext:
    return open_pack(pack)


def reading(path: Path, pack: str) -> dict[str, Any]:
    """The JSON report (docs/contracts.md) of one case file, read in-process (a fresh copy each call)."""
    return json.loads(_reading_json(path, pack))


@functools.cache
def _reading_json(path: Path, pack: str) -> str:
    result = read_case(path, context(pack))
    assert result.error is None, f"{path.name} could not be read with {pack}: {result.error}"
    text = to_json(reading_of(result, context(pack)))
    check_reading(json.loads(text))
    return text


def concerns_of(path: Path) -> list[Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["concerns"]


def test_expected_yaml_covers_every_example_and_only_them() -> None:
    assert len(CASE_FILES) >= 17
    assert set(EXPECTED) == {p.name for p in CASE_FILES}
    for name, entry in EXPECTED.items():
        packs = [p for p in PACK_NAMES if p in entry]
        assert packs, f"{name}: expected.yaml names no pack"
        for pack in packs:
            assert entry[pack] in {1, 2, 3, 4}, f"{name}: {pack}: {entry[pack]!r} is not a tier"
        assert set(entry) <= {*PACK_NAMES, "indicators", "statutory"}, f"{name}: unknown keys in expected.yaml"


@pytest.mark.parametrize(("path", "pack", "expect"), _pairs())
def test_example_reads_at_the_expected_tier(path: Path, pack: str, expect: dict[str, Any]) -> None:
    d = reading(path, pack)
    got = {
        "evidence": [(e["concern"], e["indicator"], e["tier"]) for e in d["evidence"]],
        "statutory": [s["id"] for s in d["statutory"]],
        "unmatched": [u["concern"] for u in d["unmatched"]],
    }
    assert d["tier"] == expect["tier"], f"{path.name} with {pack}: Tier {d['tier']}, expected {expect['tier']}; {got}"
    assert d["tier_name"] == context(pack).pack.tier(expect["tier"]).name


@pytest.mark.parametrize(("path", "pack", "expect"), _pairs(need="evidence"))
def test_example_matches_the_expected_indicators_and_criteria(path: Path, pack: str, expect: dict[str, Any]) -> None:
    d = reading(path, pack)
    indicators = {e["indicator"] for e in d["evidence"]}
    criteria = {s["id"] for s in d["statutory"]}
    missing_indicators = [i for i in expect["indicators"] if i not in indicators]
    missing_criteria = [c for c in expect["statutory"] if c not in criteria]
    assert not missing_indicators, (
        f"{path.name} with {pack}: not matched {missing_indicators}; got {sorted(indicators)}"
    )
    assert not missing_criteria, f"{path.name} with {pack}: not met {missing_criteria}; got {sorted(criteria)}"
    if expect["statutory"]:
        assert any(r["id"] for r in d["rules_fired"] if r["kind"] == "statutory_override")


@pytest.mark.parametrize(("path", "pack", "expect"), _pairs())
def test_every_concern_is_accounted_for_exactly_once(path: Path, pack: str, expect: dict[str, Any]) -> None:
    """Each concern index is in exactly one of evidence, statutory, unmatched (contract: nothing dropped).

    A concern that meets several criteria has one `statutory` entry per criterion, each id once.
    """
    concerns = concerns_of(path)
    d = reading(path, pack)
    where: dict[int, list[str]] = {}
    for section in ("evidence", "statutory", "unmatched"):
        for item in d[section]:
            assert isinstance(item["concern"], int) and not isinstance(item["concern"], bool)
            assert 0 <= item["concern"] < len(concerns), f"{section}: concern {item['concern']} out of range"
            where.setdefault(item["concern"], []).append(section)
    for n in range(len(concerns)):
        sections = where.get(n, [])
        assert sections, f"{path.name} with {pack}: concern {n} is in no section (dropped)"
        assert len(set(sections)) == 1, f"{path.name} with {pack}: concern {n} is in {sorted(set(sections))}"
        if sections[0] != "statutory":
            assert len(sections) == 1, f"{path.name} with {pack}: concern {n} is in {sections[0]} {len(sections)} times"
    for n in range(len(concerns)):
        ids = [s["id"] for s in d["statutory"] if s["concern"] == n]
        assert len(ids) == len(set(ids)), f"concern {n}: a criterion listed twice: {ids}"
    for u in d["unmatched"]:
        concern = concerns[u["concern"]]
        assert u["text"] == (concern if isinstance(concern, str) else concern["text"])
    assert d["complete"] is (not d["unmatched"])


@pytest.mark.parametrize(("path", "pack", "expect"), _pairs())
def test_evidence_quotes_the_pack_verbatim(path: Path, pack: str, expect: dict[str, Any]) -> None:
    model = context(pack).pack
    indicators = {i.id: (dom.id, area.name, i) for dom, area, i in model.indicators()}
    criteria = {c.id: c for c in model.statutory}
    d = reading(path, pack)
    for e in d["evidence"]:
        assert e["indicator"] in indicators, e
        domain, area, indicator = indicators[e["indicator"]]
        assert (e["domain"], e["area"], e["source"]) == (domain, area, str(indicator.source))
        assert e["tier"] in {1, 2, 3, 4}
        assert e["match"] in {"pinned", "statutory", "text"}
        verbatim = indicator.descriptors.get(e["tier"])
        if verbatim:
            assert e["descriptor"] == verbatim
        else:  # the guide leaves this tier blank: the nearest lower tier is quoted, and says so
            assert e["descriptor"].startswith(f"(Tier {e['tier']} is blank in the guide;"), e["descriptor"]
    for s in d["statutory"]:
        criterion = criteria[s["id"]]
        assert (s["section"], s["text"]) == (criterion.section, criterion.text)
        assert s["section"] in {"s47", "s20", "s31"}
    if any(s["section"] == "s47" for s in d["statutory"]):
        assert d["tier"] == 4
    recorded = yaml.safe_load(path.read_text(encoding="utf-8")).get("decision")
    if recorded is None:
        assert d["decision"] is None
    else:  # as written in the case file (dates stay text), never filled in by the tool
        as_text = {k: v if isinstance(v, (int, str)) else str(v) for k, v in recorded.items()}
        assert d["decision"] == {"reason": None, "by": None, "date": None, **as_text}


@pytest.mark.parametrize("pack", PACK_NAMES)
def test_report_json_carries_the_provenance_of_the_reading(pack: str) -> None:
    path = next(p for p in CASE_FILES if pack in EXPECTED[p.name])
    result = run("assess", str(path), "--pack", pack, "--format", "json")
    assert result.code == 0, result.stderr
    d = json.loads(result.stdout)
    pack_file = PACKS / f"{pack}.yaml"
    source = yaml.safe_load(pack_file.read_text(encoding="utf-8"))
    assert d["pack"] == {
        "id": pack,
        "title": source["title"],
        "version": source["version"],
        "sha256": hashlib.sha256(pack_file.read_bytes()).hexdigest(),
        "status": source["status"],
        "edition": {k: source["document"][k] for k in ("title", "version", "date")},
    }
    assert d["tool_version"] == threshold_cli.__version__
    assert run("--version").stdout.strip() == f"threshold {d['tool_version']}"
    required = {"tier", "tier_name", "pack", "tool_version", "evidence", "statutory", "unmatched", "rules_fired"}
    required |= {"strengths", "next_steps", "decision", "caveat"}
    assert required <= set(d), f"missing keys: {sorted(required - set(d))}"
    assert "not a decision" in d["caveat"]
    assert d["next_steps"]["tier"] == d["tier"]


def _sections(output: str, paths: list[Path]) -> dict[Path, str]:
    """Split a multi-case markdown/text report at each case's headline (the line above its file line)."""
    lines = output.splitlines()
    starts: list[int] = []
    for path in paths:
        at = next(
            n
            for n in range(starts[-1] + 1 if starts else 0, len(lines))
            if lines[n] == str(path) or lines[n].startswith(f"{path} · ")
        )
        headline = max(n for n in range(at) if lines[n].strip())
        starts.append(headline)
    out: dict[Path, str] = {}
    for n, path in enumerate(paths):
        end = starts[n + 1] if n + 1 < len(paths) else len(lines)
        out[path] = "\n".join(lines[starts[n] : end])
    return out


@pytest.mark.parametrize("pack", PACK_NAMES)
def test_markdown_and_text_state_the_same_tier_as_json(pack: str) -> None:
    paths = [p for p in CASE_FILES if pack in EXPECTED[p.name]]
    args = [str(p) for p in paths]
    as_json = run("assess", *args, "--pack", pack, "--format", "json")
    assert as_json.code == 0, as_json.stderr
    readings = {Path(d["file"]): d for d in json.loads(as_json.stdout)}
    assert list(readings) == paths
    for fmt in ("markdown", "text"):
        result = run("assess", *args, "--pack", pack, "--format", fmt)
        assert result.code == 0, result.stderr
        for path, section in _sections(result.stdout, paths).items():
            d = readings[path]
            flat = " ".join(section.split())
            if d["tier"] is None:
                assert "No tier: nothing could be matched" in flat
            else:
                assert flat.lstrip("# ").startswith(f"Tier {d['tier']} – {d['tier_name']} · "), f"{fmt}: {path.name}"
            stamp = d["pack"]
            assert f"Pack {pack} {stamp['version']} ({stamp['status']}) from {stamp['edition']['title']}" in flat
            assert f"sha256 {stamp['sha256'][:12]}" in flat
            assert "not a decision" in flat
            for s in d["statutory"]:
                assert s["id"] in flat, f"{fmt}: {path.name}: criterion {s['id']} not shown"
            for u in d["unmatched"]:
                assert " ".join(u["text"].split()) in flat, f"{fmt}: {path.name}: unmatched concern not shown"


def test_jsonl_over_the_examples_folder_gives_one_line_per_file_in_order() -> None:
    files = sorted(p for p in EXAMPLES.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())
    result = run("assess", str(EXAMPLES), "--pack", "norfolk", "--format", "jsonl")
    lines = result.stdout.splitlines()
    assert len(lines) == len(files)
    rows = [json.loads(line) for line in lines]
    assert [r["file"] for r in rows] == [str(p) for p in files]
    errors = [Path(r["file"]).name for r in rows if "error" in r]
    assert errors == [p.name for p in files if p not in CASE_FILES]  # only expected.yaml is not a case file
    assert all(isinstance(r["tier"], int) for r in rows if "error" not in r)
    assert result.code == (2 if errors else 0)  # a file that is not a case is reported in place, exit 2
    assert len(result.stderr.splitlines()) == len(errors)


def test_jsonl_keeps_the_order_the_files_were_given_and_writes_output(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    for path in CASE_FILES:
        shutil.copy(path, folder / path.name)
    given = [str(folder / p.name) for p in reversed(CASE_FILES)]
    out = tmp_path / "readings.jsonl"
    result = run("assess", *given, "--pack", "sutton", "--format", "jsonl", "--output", str(out))
    assert (result.code, result.stdout, result.stderr) == (0, "", "")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["file"] for r in rows] == given
    assert all("error" not in r and r["pack"]["id"] == "sutton" for r in rows)
    folder_run = run("assess", str(folder), "--pack", "sutton", "--format", "jsonl")
    assert folder_run.code == 0, folder_run.stderr
    assert [json.loads(line)["file"] for line in folder_run.stdout.splitlines()] == sorted(given)


def test_jsonl_is_byte_identical_across_processes_and_hash_seeds() -> None:
    """No set or dict ordering leaks into the output: two processes with different hash seeds agree."""
    args = [str(THRESHOLD), "assess", *[str(p) for p in CASE_FILES], "--pack", "norfolk", "--format", "jsonl"]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        done = subprocess.run(args, capture_output=True, env=env, timeout=60, check=False)
        assert done.returncode == 0, done.stderr.decode()
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == len(CASE_FILES)
