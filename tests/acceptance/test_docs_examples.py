"""The case file in docs/case-format.md is a real one: it validates and reads, with every key shown."""

from __future__ import annotations

import re
from pathlib import Path

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
