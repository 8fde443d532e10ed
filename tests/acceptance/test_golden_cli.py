"""`threshold test`: the shipped packs pass, and a broken pack or expectation fails with a readable diff."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from tests.conftest import PACKS, run
from tests.pack_edits import edit


def copy_norfolk(tmp_path: Path) -> tuple[Path, Path]:
    pack, tests = tmp_path / "norfolk.yaml", tmp_path / "norfolk.tests.yaml"
    shutil.copyfile(PACKS / "norfolk.yaml", pack)
    shutil.copyfile(PACKS / "norfolk.tests.yaml", tests)
    return pack, tests


def passing_case_with_indicator_tier() -> tuple[str, str, int]:
    """The first non-todo golden case that pins an indicator to Tier 2 (name, indicator, tier)."""
    golden = yaml.safe_load((PACKS / "norfolk.tests.yaml").read_text(encoding="utf-8"))
    for case in golden["cases"]:
        for indicator, tier in (case["expect"].get("indicator_tiers") or {}).items():
            if not case.get("todo") and tier == 2:
                return case["name"], indicator, tier
    raise AssertionError("no passing Norfolk golden case pins an indicator at Tier 2")


def test_the_shipped_packs_pass_with_todo_reported() -> None:
    result = run("test", str(PACKS))
    assert result.code == 0, result.stdout
    assert "0 failed" in result.stdout
    assert "TODO" in result.stdout  # known gaps are shown, never hidden
    assert "not exercised:" in result.stdout  # the coverage line


def test_moving_a_descriptor_off_its_tier_fails_naming_the_case_and_indicator(tmp_path: Path) -> None:
    name, indicator, tier = passing_case_with_indicator_tier()
    pack_path, tests_path = copy_norfolk(tmp_path)
    pack = yaml.safe_load(pack_path.read_text(encoding="utf-8"))
    row = next(i for d in pack["domains"] for a in d["areas"] for i in a["indicators"] if i["id"] == indicator)
    text = pack_path.read_text(encoding="utf-8")
    pack_path.write_text(edit(text, f'{tier}: "{row["descriptors"][tier]}"', f"{tier}: null"), encoding="utf-8")

    result = run("test", str(tests_path))
    assert result.code == 1
    failing = [line for line in result.stdout.splitlines() if name in line and indicator in line]
    assert failing, result.stdout
    assert any(f"expected Tier {tier}" in line for line in failing), failing


def test_an_invalid_pack_fails_before_any_case(tmp_path: Path) -> None:
    pack_path, tests_path = copy_norfolk(tmp_path)
    text = pack_path.read_text(encoding="utf-8")
    pack_path.write_text(edit(text, 'id: "development.health.health-condition"', 'id: "Not An Id"'), encoding="utf-8")
    result = run("test", str(tests_path), "--format", "json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (file,) = report["files"]
    assert file["problems"], file
    assert not file["cases"]  # nothing is run against a pack that does not validate


def test_junit_output_counts_every_case() -> None:
    result = run("test", str(PACKS / "sutton.tests.yaml"), "--format", "junit")
    assert result.code == 0
    suites = ET.fromstring(result.stdout)
    golden = yaml.safe_load((PACKS / "sutton.tests.yaml").read_text(encoding="utf-8"))
    cases = suites.findall(".//testcase")
    assert len(cases) == len(golden["cases"])
    assert not suites.findall(".//failure")


def test_update_rewrites_a_wrong_expectation(tmp_path: Path) -> None:
    name, _indicator, _tier = passing_case_with_indicator_tier()
    _pack, tests_path = copy_norfolk(tmp_path)
    golden = yaml.safe_load(tests_path.read_text(encoding="utf-8"))
    case = next(c for c in golden["cases"] if c["name"] == name)
    right = case["expect"]["tier"]
    wrong = 1 if right != 1 else 2
    text = tests_path.read_text(encoding="utf-8")
    start = text.index(f"- name: {name}")
    head, tail = text[:start], text[start:]
    tests_path.write_text(head + tail.replace(f"tier: {right}", f"tier: {wrong}", 1), encoding="utf-8")

    assert run("test", str(tests_path)).code == 1
    updated = run("test", str(tests_path), "--update")
    assert updated.code == 0, updated.stdout
    again = yaml.safe_load(tests_path.read_text(encoding="utf-8"))
    assert next(c for c in again["cases"] if c["name"] == name)["expect"]["tier"] == right


def first_todo_case(tests_path: Path) -> dict:
    golden = yaml.safe_load(tests_path.read_text(encoding="utf-8"))
    return next(c for c in golden["cases"] if c.get("todo"))


def test_update_keeps_comments_and_the_schema_line(tmp_path: Path) -> None:
    name, _indicator, _tier = passing_case_with_indicator_tier()
    _pack, tests_path = copy_norfolk(tmp_path)
    text = tests_path.read_text(encoding="utf-8")
    start = text.index(f"- name: {name}")
    marked = text[:start] + "# a reviewer's comment above the case\n  " + text[start:]
    right = yaml.safe_load(text)["cases"]
    right_tier = next(c for c in right if c["name"] == name)["expect"]["tier"]
    wrong = 1 if right_tier != 1 else 2
    start = marked.index(f"- name: {name}")
    tests_path.write_text(
        marked[:start] + marked[start:].replace(f"tier: {right_tier}", f"tier: {wrong}", 1), encoding="utf-8"
    )

    assert run("test", str(tests_path), "--update").code == 0
    after = tests_path.read_text(encoding="utf-8")
    assert "# a reviewer's comment above the case" in after
    assert after.splitlines()[0] == text.splitlines()[0]  # the yaml-language-server line
    assert after.count("# ----------------------------------------------------------------") == text.count(
        "# ----------------------------------------------------------------"
    )
    assert after == marked  # the expectation is back as written; nothing else moved


def test_a_todo_case_whose_reading_changes_fails_until_re_recorded(tmp_path: Path) -> None:
    _pack, tests_path = copy_norfolk(tmp_path)
    case = first_todo_case(tests_path)
    recorded = case["current"]["tier"]
    text = tests_path.read_text(encoding="utf-8")
    start = text.index(f"- name: {case['name']}")
    current_at = text.index("current:", start)
    other = 4 if recorded != 4 else 1
    changed = text[:current_at] + text[current_at:].replace(f"tier: {recorded}", f"tier: {other}", 1)
    tests_path.write_text(changed, encoding="utf-8")

    result = run("test", str(tests_path))
    assert result.code == 1
    assert f"todo reading changed: tier was {other}, now {recorded}" in result.stdout

    assert run("test", str(tests_path), "--update").code == 0
    assert tests_path.read_text(encoding="utf-8") == text  # re-recorded exactly as it was


def test_a_todo_case_without_a_recorded_reading_fails(tmp_path: Path) -> None:
    _pack, tests_path = copy_norfolk(tmp_path)
    case = first_todo_case(tests_path)
    text = tests_path.read_text(encoding="utf-8")
    start = text.index(f"- name: {case['name']}")
    current_at = text.index("    current:", start)
    end = text.index("\n\n", current_at)
    tests_path.write_text(text[:current_at].rstrip("\n") + text[end:], encoding="utf-8")

    result = run("test", str(tests_path))
    assert result.code == 1
    assert "todo case records no current reading" in result.stdout
    assert run("test", str(tests_path), "--update").code == 0
    assert tests_path.read_text(encoding="utf-8") == text


def test_a_todo_case_that_now_passes_fails_asking_to_be_promoted(tmp_path: Path) -> None:
    _pack, tests_path = copy_norfolk(tmp_path)
    case = first_todo_case(tests_path)
    text = tests_path.read_text(encoding="utf-8")
    start = text.index(f"- name: {case['name']}")
    expect_at, current_at = text.index("    expect:", start), text.index("    current:", start)
    recorded = yaml.safe_load(text[current_at:].split("\n\n")[0])["current"]
    expect = "    expect:\n      " + yaml.safe_dump({"tier": recorded["tier"]}).strip() + "\n"
    tests_path.write_text(text[:expect_at] + expect + text[current_at:], encoding="utf-8")

    result = run("test", str(tests_path))
    assert result.code == 1
    assert "todo now passes" in result.stdout
