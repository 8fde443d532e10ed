"""The assess benchmark: its halves keep the issue's promises, a malformed item is refused at
file:line:column, and the scorer's bars decide its exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from tests.conftest import ROOT

BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(BENCH))
from assess_set import PACKS, Item, load_set  # noqa: E402

TWO_ITEMS = """\
set: tuning
items:
- id: x001
  age: 8
  concerns: ["He told his teacher his stepdad kicked him and there is a mark on his back"]
  classes: [everyday-words]
  near_miss: false
  labels:
    a: {norfolk: {accepted: [4], floor: 4, s47: "s47.a"}, sutton: {accepted: [4], floor: 4, s47: "s47.a"}}
    b: {norfolk: {accepted: [4], floor: 4, s47: "s47.b"}, sutton: {accepted: [4], floor: 4, s47: "s47.a"}}
  expected: {norfolk: {accepted: [4], floor: 4, s47: "s47.a"}, sutton: {accepted: [4], floor: 4, s47: "s47.a"}}
- id: x002
  age: 13
  concerns: ["Wears a hoodie with a skull on it"]
  classes: [single-shared-word]
  near_miss: true
  labels:
    a: {norfolk: {accepted: [1], floor: 1}, sutton: {accepted: [1], floor: 1}}
    b: {norfolk: {accepted: [1, 2], floor: 1}, sutton: {accepted: [1], floor: 1}}
  expected: {norfolk: {accepted: [1], floor: 1}, sutton: {accepted: [1], floor: 1}}
  adjudication: "neither guide makes clothing a concern"
"""


def score(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH / "assess_quality.py"), *args], capture_output=True, text=True, timeout=120
    )


def halves() -> list[Item]:
    items: list[Item] = []
    for half in ("tuning", "held-out"):
        loaded = load_set(BENCH / "assess" / f"{half}.yaml")
        assert not isinstance(loaded, list), "\n".join(map(str, loaded))
        assert loaded.set == half
        items += loaded.items
    return items


def test_the_benchmark_keeps_its_promises() -> None:
    items = halves()
    assert len({i.id for i in items}) == len(items), "an id is in both halves"
    singles = [i for i in items if len(i.concerns) == 1]
    assert len(singles) >= 400 and len(items) - len(singles) >= 120
    assert sum(1 for i in items if i.expected.norfolk.s47 or i.expected.sutton.s47) >= 60
    assert sum(i.near_miss for i in items) >= 80
    rows = Counter(row for i in items for row in set(i.rows))
    for pack in PACKS:
        doc = yaml.safe_load((ROOT / "rulepacks" / f"{pack}.yaml").read_text(encoding="utf-8"))
        ids = [f"{pack}:{ind['id']}" for d in doc["domains"] for a in d["areas"] for ind in a["indicators"]]
        assert [row for row in ids if rows[row] < 2] == [], f"{pack} rows with fewer than two items"


def test_the_halves_are_split_before_scoring_and_both_see_every_writer() -> None:
    writers = {
        half: Counter(i.id[0] for i in load_set(BENCH / "assess" / f"{half}.yaml").items)  # type: ignore[union-attr]
        for half in ("tuning", "held-out")
    }
    assert set(writers["tuning"]) == set(writers["held-out"])
    for writer, n in writers["tuning"].items():
        assert abs(n - writers["held-out"][writer]) <= 1, f"writer {writer} is not split evenly"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("expected: {norfolk: {accepted: [4], floor: 4", "expected: {norfolk: {accepted: [4], floor: 5", ":11:46: "),
        ('  adjudication: "neither guide makes clothing a concern"\n', "", ":12:3: "),
        ("classes: [everyday-words]", "classes: [everyday]", ":6:13: "),
        ("  near_miss: true\n", "  near_miss: true\n  colour: red\n", ":17:3: "),
    ],
    ids=["floor-out-of-range", "labels-differ-unadjudicated", "unknown-class", "unknown-key"],
)
def test_a_malformed_item_is_refused_at_its_place(tmp_path: Path, old: str, new: str, where: str) -> None:
    assert old in TWO_ITEMS
    bad = tmp_path / "bad.yaml"
    bad.write_text(TWO_ITEMS.replace(old, new, 1), encoding="utf-8")
    result = score("--file", str(bad))
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{bad}{where}"), result.stderr
    assert "Traceback" not in result.stderr


def test_the_bars_decide_the_exit_code(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(TWO_ITEMS, encoding="utf-8")
    met = score("--file", str(good), "--format", "json", "--max-under", "1", "--min-agree", "0")
    assert met.returncode == 0, met.stderr
    doc = json.loads(met.stdout)
    assert doc["overall"]["n"] == 4 and doc["packs"]["norfolk"]["s47_items"] == 1
    assert sum(map(sum, doc["confusion"]["sutton"].values())) == 2
    assert set(doc["classes"]) == {"everyday-words", "single-shared-word", "near-misses"}
    unmet = score("--file", str(good), "--min-agree", "1.01")
    assert unmet.returncode == 1
    assert "agreement" in unmet.stderr and "below the bar 101.0%" in unmet.stderr


def test_the_second_held_out_set_is_a_later_round_kept_whole() -> None:
    loaded = load_set(BENCH / "assess" / "held-out-2.yaml")
    assert not isinstance(loaded, list), "\n".join(map(str, loaded))
    assert loaded.set == "held-out"
    assert len(loaded.items) >= 200
    assert not {i.id for i in loaded.items} & {i.id for i in halves()}, "an item of the first round"
    assert sum(i.near_miss for i in loaded.items) >= 40
    assert sum(1 for i in loaded.items if i.expected.norfolk.s47 or i.expected.sutton.s47) >= 40


@pytest.mark.parametrize("how", ["named", "second-set", "as-a-file"])
def test_the_held_out_half_is_never_scored_unlogged(tmp_path: Path, how: str) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(TWO_ITEMS.replace("set: tuning", "set: held-out"), encoding="utf-8")
    named = {"named": "held-out", "second-set": "held-out-2"}
    result = score("--set", named[how]) if how in named else score("--file", str(copy))
    assert result.returncode == 2
    assert "pass --log NOTE" in result.stderr


def test_the_trigger_report_names_what_met_an_item_labelled_without_s47(tmp_path: Path) -> None:
    """Where s47 precision is lost: a criterion met on an item its labels read without one (here a
    disclosure deliberately mislabelled Tier 1) is listed with the words that met it and the item."""
    mislabelled = TWO_ITEMS.replace(
        "Wears a hoodie with a skull on it", "She says her stepdad touched her private parts"
    )
    path = tmp_path / "mislabelled.yaml"
    path.write_text(mislabelled, encoding="utf-8")
    result = score("--file", str(path), "--triggers")
    assert result.returncode == 0, result.stderr
    report = result.stdout.split("s47 triggers:", 1)[1]
    assert "[x002 norfolk]" in report and "[x002 sutton]" in report
    assert "[x001" not in report  # labelled s47: counted as right, not listed
    held_out = tmp_path / "held.yaml"
    held_out.write_text(mislabelled.replace("set: tuning", "set: held-out"), encoding="utf-8")
    refused = score("--file", str(held_out), "--triggers", "--log", "x")
    assert refused.returncode == 2 and "tuning half only" in refused.stderr
