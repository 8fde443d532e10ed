"""scaffold: `threshold new-pack` writes a pack and golden file that validate and pass as they stand."""

from __future__ import annotations

from pathlib import Path

import pytest

from threshold_cli.authoring.runner import run_file
from threshold_cli.authoring.scaffold import new_pack
from threshold_cli.authoring.validate import check_file
from threshold_cli.io.loader import load_pack
from threshold_cli.model.errors import UsageError


def test_scaffold_validates_and_its_cases_pass(tmp_path: Path) -> None:
    pack_path, tests_path = new_pack("my-council", tmp_path / "rulepacks")
    assert (pack_path, tests_path) == (
        tmp_path / "rulepacks" / "my-council.yaml",
        tmp_path / "rulepacks" / "my-council.tests.yaml",
    )
    problems = check_file(pack_path).problems
    assert problems and {(p.rule, p.level) for p in problems} == {("placeholder", "warning")}
    assert check_file(tests_path).problems == []
    report = run_file(tests_path)
    assert report.problems == []
    assert [(r.name, r.status, r.tier) for r in report.results] == [
        ("tier1-needs-met", "pass", 1),
        ("tier2-one-need", "pass", 2),
        ("tier3-one-need", "pass", 3),
        ("tier2-cluster-lifts-to-tier3", "pass", 3),
        ("tier4-named-s47", "pass", 4),
        ("tier4-s47-in-own-words", "pass", 4),
        ("s20-reported-beside-tier", "pass", 2),
        ("s31-reported-beside-tier", "pass", 3),
    ]
    assert report.coverage is not None
    assert vars(report.coverage) == {"indicators": [], "tiers": [], "rules": [], "sections": [], "criteria": []}


def test_scaffold_has_every_part_of_a_pack_and_marks_the_guide_text(tmp_path: Path) -> None:
    pack = load_pack(str(new_pack("my-council", tmp_path)[0])).model
    assert pack.id == "my-council"
    assert [d.id for d in pack.domains] == ["development", "family", "environment"]
    assert [len(a.indicators) for d in pack.domains for a in d.areas] == [1, 1, 1]
    assert sorted(c.section for c in pack.statutory) == ["s20", "s31", "s47"]
    assert all(c.triggers for c in pack.statutory)
    assert [r.kind for r in pack.rules] == [
        "statutory_override",
        "highest_tier",
        "cluster",
        "note",
        "statutory_override",
        "statutory_override",
        "consent",
    ]
    assert sorted(pack.settings.named()) == ["cluster_min_domains", "cluster_min_indicators"]
    assert pack.contacts
    guide_text = [pack.caveat, *(t.definition for t in pack.tiers), *(c.text for c in pack.statutory)]
    assert all(text.startswith("REPLACE: ") for text in guide_text)


def test_scaffold_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "my-council.tests.yaml").write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"my-council\.tests\.yaml already exists: not overwritten"):
        new_pack("my-council", tmp_path)
    assert not (tmp_path / "my-council.yaml").exists()
    assert (tmp_path / "my-council.tests.yaml").read_text(encoding="utf-8") == "mine\n"


def test_scaffold_name_is_a_pack_id(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="must be lower-case letters, digits and hyphens"):
        new_pack("My Council", tmp_path)
    assert list(tmp_path.iterdir()) == []
