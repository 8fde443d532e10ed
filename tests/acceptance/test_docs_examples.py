"""The case files in docs/case-format.md and the README are real ones: they validate and read as shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import ROOT, run

from threshold_cli.model.case import Case


def test_the_documented_case_file_reads_and_shows_every_key(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "case-format.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(reference:.*?)```", text, re.S)
    assert block, "docs/case-format.md has no case file example"
    path = tmp_path / "case.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    assert run("assess", str(path), "--pack", "sutton").code == 0
    shown = {line.split(":")[0].strip(" -") for line in block.group(1).splitlines() if ":" in line}
    assert set(Case.model_fields) <= shown, f"keys not shown: {set(Case.model_fields) - shown}"


def test_the_readme_case_is_the_shipped_example_and_its_reading_is_what_assess_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README opens with a six-line case and its reading: both must be real, to the character."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    case = re.search(r"```yaml\n(reference:.*?)```", readme, re.S)
    reading = re.search(r"```text\n(Tier .*?)\n…\n```", readme, re.S)
    assert case and reading, "the README's opening case or its reading is missing"
    example = ROOT / "examples" / "both-disclosure-belt.yaml"
    lines = [line for line in example.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert case.group(1).splitlines() == lines
    assert len(lines) == 6
    monkeypatch.setenv("COLUMNS", "100")
    printed = run("assess", "examples/both-disclosure-belt.yaml", "--pack", "sutton").stdout
    assert printed.startswith(reading.group(1) + "\n")
