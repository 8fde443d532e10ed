"""`threshold diff` and `threshold new-pack` through the CLI: exact output, one-line errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.pack_edits import NORFOLK, THREE_CHANGES_TEXT, edit, git, three_changes

CLUSTER_CASE = """\
concerns:
- {indicator: development.education.milestones, tier: 2}
- {indicator: family.pregnancy-infancy.antenatal-care, tier: 2}
- {indicator: environment.family-and-community.social-exclusion, tier: 2}
"""
STEADY_CASE = "concerns:\n- {indicator: development.education.milestones, tier: 3}\n"


def packs(tmp_path: Path) -> tuple[str, str]:
    """Norfolk, and Norfolk with the three edits and a cluster that needs four indicators."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(NORFOLK, encoding="utf-8")
    new.write_text(edit(three_changes(), "value: 3", "value: 4"), encoding="utf-8")
    return str(old), str(new)


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "cluster.yaml").write_text(CLUSTER_CASE, encoding="utf-8")
    (folder / "steady.yaml").write_text(STEADY_CASE, encoding="utf-8")
    return folder


def test_diff_two_files_with_cases(tmp_path: Path) -> None:
    old, new = packs(tmp_path)
    folder = corpus(tmp_path)
    result = run("diff", old, new, "--cases", str(folder))
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "\n".join(
        [
            "norfolk 1.0.0 → norfolk 1.0.0",
            f"  old: {old}",
            f"  new: {new}",
            *THREE_CHANGES_TEXT,
            "Cases: 1 of 2 cases changes tier",
            f"  {folder / 'cluster.yaml'}  Tier 3 → Tier 2",
            "",
        ]
    )


def test_diff_markdown_and_json(tmp_path: Path) -> None:
    old, new = packs(tmp_path)
    markdown = run("diff", old, new, "--format", "markdown")
    assert markdown.code == 0
    assert markdown.stdout.startswith("## Pack diff: `norfolk` 1.0.0 → `norfolk` 1.0.0\n")
    assert "| changed | `cluster_min_indicators` | value | 3 → 4 |\n" in markdown.stdout
    assert "### Cases" not in markdown.stdout  # no golden file beside new.yaml, no --cases
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert [(c["what"], c["action"], c["subject"]) for c in data["changes"]] == [
        ("indicator", "renamed", "development.health.health-condition"),
        ("descriptor", "reworded", "development.education.milestones"),
        ("descriptor", "moved", "development.education.eet"),
        ("setting", "changed", "cluster_min_indicators"),
    ]
    assert data["cases"] is None


def test_diff_against_a_git_revision(tmp_path: Path) -> None:
    path = tmp_path / "norfolk.yaml"
    path.write_text(NORFOLK, encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "norfolk")
    path.write_text(three_changes(), encoding="utf-8")
    result = run("diff", str(path), "--rev", "HEAD")
    assert result.code == 0, result.stderr
    sha = git(tmp_path, "rev-parse", "--short=7", "HEAD")
    assert result.stdout.splitlines()[:4] == [
        "norfolk 1.0.0 → norfolk 1.0.0",
        f"  old: {path} at HEAD ({sha})",
        f"  new: {path}",
        "3 changes: 1 indicator renamed, 1 descriptor reworded, 1 descriptor moved",
    ]
    bad = run("diff", str(path), "--rev", "no-such-branch")
    assert (bad.code, bad.stdout) == (2, "")
    assert bad.stderr == f"threshold: {path}: git rev-parse: `no-such-branch` is not a commit in this repository\n"


def test_diff_needs_new_or_rev(tmp_path: Path) -> None:
    old, new = packs(tmp_path)
    for args in ((old,), (old, new, "--rev", "HEAD")):
        result = run("diff", *args)
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr == "threshold: compare two pack files (OLD NEW), or one pack file with --rev REV\n"


def test_diff_refuses_a_broken_pack_or_case(tmp_path: Path) -> None:
    old, new = packs(tmp_path)
    Path(new).write_text(NORFOLK.replace("\ncaveat:", "\ncaveats:", 1), encoding="utf-8")
    line = NORFOLK[: NORFOLK.index("\ncaveat:")].count("\n") + 2
    result = run("diff", old, new)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"threshold: {new}:{line}:1: unknown key `caveats`; did you mean `caveat`?\n"
    missing = run("diff", old, old, "--cases", str(tmp_path / "nowhere"))
    assert missing.code == 2
    assert missing.stderr == f"threshold: {tmp_path / 'nowhere'}: no such file or folder\n"


def test_new_pack_validates_and_passes_and_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "rulepacks"
    pack, tests = folder / "my-council.yaml", folder / "my-council.tests.yaml"
    result = run("new-pack", "my-council", "--dir", str(folder))
    assert result.code == 0, result.stderr
    assert result.stdout == "\n".join(
        [
            f"created {pack}",
            f"created {tests}",
            'next: replace every "REPLACE: ..." with the guide\'s own words (docs/authoring.md), then run:',
            f"  threshold validate {pack}",
            f"  threshold test {tests}",
            "",
        ]
    )
    assert run("validate", str(folder)).code == 0
    strict = run("validate", "--strict", str(folder))  # a half-written pack must not pass CI
    assert strict.code == 1
    warnings = [line for line in strict.stdout.splitlines() if "[warning]" in line]
    assert warnings and all(line.startswith(f"{pack}:") for line in warnings)
    assert warnings[0].endswith("still a placeholder: replace it with the guide's own words (placeholder)")
    tested = run("test", str(tests))
    assert tested.code == 0, tested.stdout
    assert "8 cases: 8 passed, 0 failed, 0 todo" in tested.stdout
    again = run("new-pack", "my-council", "--dir", str(folder))
    assert (again.code, again.stdout) == (2, "")
    assert again.stderr == f"threshold: {pack}, {tests} already exist: not overwritten\n"


def test_commands_have_help() -> None:
    for command, option in (("diff", "--rev"), ("new-pack", "--dir")):
        result = run(command, "--help")
        assert result.code == 0
        assert option in result.stdout
