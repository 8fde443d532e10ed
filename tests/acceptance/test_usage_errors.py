"""What is not a pack, not a domain or not a folder of cases is a usage error: exit 2, one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, PACKS, run

CASE = str(EXAMPLES / "norfolk-missing-cse.yaml")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", CASE, "--pack", "thesaurus"], "unknown pack `thesaurus` (built-in packs: norfolk, sutton;"),
        (["assess", CASE, "--pack", "norfolk.tests"], "unknown pack `norfolk.tests`; did you mean `norfolk`?"),
        (
            ["assess", CASE, "--pack", str(PACKS / "norfolk.tests.yaml")],
            f"{PACKS / 'norfolk.tests.yaml'}: this is a golden file (its pack is beside it), not a pack",
        ),
        (["lookup", "goes missing", "--pack", str(PACKS / "thesaurus.yaml")], "this is the thesaurus, not a pack"),
        (["lookup", "goes missing", "--domain", ""], "--domain needs a domain: development, family or environment"),
        (["show", "norfolk", "--domain", " "], "--domain needs a domain: development, family or environment"),
    ],
)
def test_usage_error(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_diff_with_an_empty_cases_folder_is_an_error(tmp_path: Path) -> None:
    result = run("diff", "norfolk", "norfolk", "--cases", str(tmp_path))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"threshold: {tmp_path}: no case files (*.yaml, *.yml) in this folder\n"
