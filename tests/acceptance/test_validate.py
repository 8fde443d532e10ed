"""`threshold validate` through the CLI: exact locations for each way a pack can be broken,
and the same broken pack given to another command with --pack exits 2 with the same line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import PACKS, run

BASE = (PACKS / "norfolk.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def duplicate_key() -> tuple[str, str, str]:
    text = BASE.replace('publisher: "', 'publisher: "x"\npublisher: "', 1)
    return text, f"{_line_of(text, 'publisher') + 1}:1", "duplicate key 'publisher'"


def unknown_field() -> tuple[str, str, str]:
    text = BASE.replace("\ncaveat:", "\ncaveats:", 1)
    return text, f"{_line_of(text, 'caveats:')}:1", "unknown key `caveats`; did you mean `caveat`?"


def dangling_rule_reference() -> tuple[str, str, str]:
    setting = BASE[BASE.index("  cluster_min_domains:") : BASE.index("rules:\n", BASE.index("  cluster_min_domains:"))]
    text = BASE.replace(setting, "", 1)
    needle = "min_domains_setting: "
    line = _line_of(text, needle)
    column = len(text[: text.index(needle)].rsplit("\n", 1)[1]) + len(needle) + 1
    return text, f"{line}:{column}", "refers to setting `cluster_min_domains`, which is not in `settings`"


def unknown_rule_kind() -> tuple[str, str, str]:
    text = BASE.replace('  kind: "cluster"', '  kind: "clusters"', 1)
    line = _line_of(text, 'kind: "clusters"')
    return text, f"{line}:9", "`rules[2]`: unknown kind `clusters` (expected one of: 'statutory_override', "


def misspelt_setting() -> tuple[str, str, str]:
    text = BASE.replace("  presumed_non_mobile_under_age:", "  presumed_non_mobile_under:", 1)
    line = _line_of(text, "  presumed_non_mobile_under:")
    return text, f"{line}:3", "unknown key `presumed_non_mobile_under`; did you mean `presumed_non_mobile_under_age`?"


def wrong_type() -> tuple[str, str, str]:
    text = BASE.replace("- number: 3", "- number: three", 1)
    line = _line_of(text, "- number: three")
    return text, f"{line}:11", "`tiers[2].number`: expected a whole number, found text"


def empty_file() -> tuple[str, str, str]:
    return "", "1:1", "the file is empty"


def yaml_bomb() -> tuple[str, str, str]:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n", "", "alias bomb"


def binary_file() -> tuple[str, str, str]:
    return "\x00\x01\x02PNG", "1:1", "binary data"


CASES: dict[str, Callable[[], tuple[str, str, str]]] = {
    "duplicate-key": duplicate_key,
    "unknown-field": unknown_field,
    "dangling-reference": dangling_rule_reference,
    "misspelt-setting": misspelt_setting,
    "unknown-rule-kind": unknown_rule_kind,
    "wrong-type": wrong_type,
    "empty-file": empty_file,
    "yaml-bomb": yaml_bomb,
    "binary-file": binary_file,
}


def test_builtin_packs_validate() -> None:
    result = run("validate", str(PACKS))
    assert result.code == 0, result.stdout
    assert result.stdout.strip().endswith("files checked: no problems")


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_pack(tmp_path: Path, name: str) -> None:
    text, where, message = CASES[name]()
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    problem_lines = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert len(problem_lines) == 1, result.stdout
    prefix = f"{path}:{where}: " if where else f"{path}:"
    assert problem_lines[0].startswith(prefix), problem_lines[0]
    assert message in problem_lines[0]

    other = run("lookup", "goes missing", "--pack", str(path))
    assert other.code == 2
    assert other.stdout == ""
    error = other.stderr.strip()
    assert "\n" not in error and error.startswith("threshold: " + (prefix if where else str(path)))
    assert message in error or name == "dangling-reference"


def test_formats_share_one_diagnostics_core(tmp_path: Path) -> None:
    text, where, _message = unknown_field()
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    line, col = where.split(":")
    github = run("validate", str(path), "--format", "github")
    assert github.code == 1
    assert github.stdout.startswith(f"::error file={path},line={line},col={col},title=threshold schema::")
    import json

    data = json.loads(run("validate", str(path), "--format", "json").stdout)
    assert data["ok"] is False and data["files"][0]["problems"][0]["line"] == int(line)
    sarif = json.loads(run("validate", str(path), "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == int(line)


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "absent.yaml"))
    assert result.code == 2
    assert "no such file" in result.stderr
