"""What the reading says, beyond the tier: a recorded reason for not seeking consent is honoured, a
higher tier to consider is said in the headline, the "Why" quotes the guide's words for the tier the
rule concluded, and a note about non-mobile babies appears only where the child's facts allow it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from tests.conftest import PACKS, run


def _read(tmp_path: Path, case: dict[str, Any], pack: str, fmt: str = "json") -> Any:
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case), encoding="utf-8")
    result = run("assess", str(path), "--pack", pack, "--format", fmt)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout) if fmt == "json" else result.stdout


def test_a_recorded_reason_for_not_seeking_consent_is_honoured(tmp_path: Path) -> None:
    reason = "Telling dad would put mum and the children at more risk"
    for pack in ("norfolk", "sutton"):
        first = yaml.safe_load((PACKS / f"{pack}.yaml").read_text(encoding="utf-8"))["domains"][0]["areas"][0]
        row = first["indicators"][0]["id"]
        case = {
            "child": {"age": 8},
            "concerns": [{"indicator": row, "tier": 3}],
            "consent": {"status": "not-sought", "reason": reason},
        }
        reading = _read(tmp_path, case, pack)
        assert reading["tier"] == 3
        assert reading["next_steps"]["consent"]["required"] is False
        rule = next(r for r in reading["rules_fired"] if r["kind"] == "consent")
        assert reason in rule["effect"]
        without = _read(tmp_path, {**case, "consent": {"status": "not-sought", "reason": ""}}, pack)
        assert without["next_steps"]["consent"]["required"] is True  # no reason recorded: consent is needed


def test_a_higher_borderline_is_a_tier_to_consider(tmp_path: Path) -> None:
    case = {"child": {"age": 7}, "concerns": ["He has started wetting the bed and hides under the table"]}
    reading = _read(tmp_path, case, "sutton")
    (evidence,) = reading["evidence"]
    assert (reading["tier"], evidence["borderline"]["tiers"]) == (2, [2, 3])
    assert reading["consider"] == {
        "tier": 3,
        "because": [f"concern 1 is borderline with Tier 3 of `{evidence['indicator']}`"],
    }
    text = _read(tmp_path, case, "sutton", "text")
    assert text.splitlines()[0].endswith("· consider Tier 3")
    assert " ".join(evidence["borderline"]["descriptors"]["3"].split()) in " ".join(text.split())


def test_why_quotes_the_words_of_the_tier_the_rule_concluded(tmp_path: Path) -> None:
    tiers = {t["number"]: t for t in yaml.safe_load((PACKS / "norfolk.yaml").read_text(encoding="utf-8"))["tiers"]}
    case = {"concerns": [{"indicator": "development.health.health-condition", "tier": 2}]}
    text = " ".join(_read(tmp_path, case, "norfolk", "text").split())
    assert "highest matched indicator is at Tier 2: “" + " ".join(tiers[2]["matrix_heading"].split()) in text
    assert " ".join(tiers[4]["matrix_heading"].split()) not in text


def test_a_non_mobile_baby_note_needs_a_child_who_may_be_one(tmp_path: Path) -> None:
    # no other criterion: only the non-mobile one may be met
    bruise = "A small bruise on her arm, mum says she bumped it on the table"
    older = _read(tmp_path, {"child": {"age": 15}, "concerns": [bruise]}, "sutton")
    assert not [p for p in older["possible"] if "non-mobile" in p["id"]]
    assert not [n for n in older["notes"] if "non-mobile" in n]
    unknown = _read(tmp_path, {"concerns": [bruise]}, "sutton")  # no age: she may be a baby
    assert [p for p in unknown["possible"] if "non-mobile" in p["id"]]
    disabled = _read(tmp_path, {"child": {"age": 15, "disabled": True}, "concerns": [bruise]}, "sutton")
    assert [p for p in disabled["possible"] if "non-mobile" in p["id"]]
