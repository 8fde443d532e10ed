"""An s20/s31 criterion met by a concern that also fits a descriptor is kept beside that evidence, not as a tier."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

CASE = """\
child: {age: 8}
concerns:
  - "Mum, his only carer, was sectioned overnight; there's no family nearby and a neighbour has him until this evening"
"""


def test_s20_beside_evidence_is_reported_not_tiered(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    result = run("assess", str(case), "--pack", "sutton", "--format", "json")
    assert result.code == 0, result.stderr
    reading = json.loads(result.stdout)
    (evidence,) = reading["evidence"]
    assert reading["tier"] == evidence["tier"]  # s20 is reported, not a tier (decision principle 5)
    assert evidence["concern"] == 0
    assert evidence["criteria"] == ["s20.carer-prevented"]
    (rule,) = [r for r in reading["rules_fired"] if r["id"] == "s20-criteria"]
    assert "reported, not a tier" in rule["effect"]

    markdown = run("assess", str(case), "--pack", "sutton", "--format", "markdown")
    assert "also meets s20 `s20.carer-prevented`: “" in markdown.stdout  # under its concern, quoted
    verbose = run("assess", str(case), "--pack", "sutton", "--format", "markdown", "--verbose")
    assert "`s20.carer-prevented` (concern 1, beside its evidence)" in verbose.stdout


def test_a_grandparent_dying_is_not_the_carer_prevented(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        'child: {age: 10}\nconcerns:\n  - "Her grandad died in October; Mum and her aunt talk with her about him"\n',
        encoding="utf-8",
    )
    reading = json.loads(run("assess", str(case), "--pack", "sutton", "--format", "json").stdout)
    assert all(not e.get("criteria") for e in reading["evidence"])
    assert reading["tier"] != 4
