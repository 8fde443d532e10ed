"""`threshold assess` on case files that cannot be used: exit 2, one line on stderr, `path:LINE:COL` exact.

Each broken case is written here as YAML text; the expected line and column are computed from that text
(the offending node: the key for an unknown key, the value for a wrong value), never typed in by hand.
The message must name the file and place, say what is wrong, and never quote the case's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import run

SECRET = "Goes missing at weekends and comes back with new trainers"  # case text: must never be echoed


@dataclass(frozen=True)
class Broken:
    text: str  # the whole case file
    node: str  # the offending node, exactly as written (its first occurrence is the one)
    after: str  # text the node follows, to find it unambiguously ("" = first occurrence in the file)
    message: str  # what the one-line message must say


def line_col(text: str, node: str, after: str = "") -> tuple[int, int]:
    """1-based line and column of ``node`` (searched after ``after``) in ``text``."""
    start = text.index(after) + len(after) if after else 0
    offset = text.index(node, start)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


BROKEN: dict[str, Broken] = {
    "typo-concerns-key": Broken(
        f'reference: "EH-1"\nchild:\n  age: 9\nconcern:\n  - "{SECRET}"\n',
        "concern:",
        "",
        "unknown key `concern`; did you mean `concerns`?",
    ),
    "unknown-indicator": Broken(
        f'child:\n  age: 12\nconcerns:\n  - "{SECRET}"\n'
        '  - text: "Dad\'s drinking"\n    indicator: family.health-disability.parental-drinking\n    tier: 3\n',
        "family.health-disability.parental-drinking",
        "indicator: ",
        "pack `norfolk` has no indicator `family.health-disability.parental-drinking`",
    ),
    "unknown-statutory": Broken(
        f'child:\n  age: 9\nconcerns:\n  - "{SECRET}"\n  - statutory: s47.no-such-criterion\n',
        "s47.no-such-criterion",
        "statutory: ",
        "pack `norfolk` has no statutory criterion `s47.no-such-criterion`",
    ),
    "negative-age": Broken(
        f'child:\n  mobile: true\n  age: -3\nconcerns:\n  - "{SECRET}"\n',
        "-3",
        "age: ",
        "`child.age`: input should be greater than or equal to 0",
    ),
    "empty-concern": Broken(
        f'child:\n  age: 9\nconcerns:\n  - "{SECRET}"\n  - ""\n',
        '""',
        "",
        "`concerns[1]`: must not be empty",
    ),
    "empty-concern-text": Broken(
        f'concerns:\n  - "{SECRET}"\n  - text: ""\n    source: "School nurse"\n',
        '""',
        "text: ",
        "`concerns[1].text`: must not be empty",
    ),
    "decision-below-without-reason": Broken(
        "child:\n  age: 9\nconcerns:\n  - statutory: s47.harmful-practices\n"
        f'    text: "{SECRET}"\ndecision:\n  tier: 2\n  by: "DSL"\n',
        "2",
        "decision:\n  tier: ",
        "the recorded decision (Tier 2) is below the tool's reading (Tier 4): add `reason`",
    ),
    "decision-below-with-blank-reason": Broken(
        "child:\n  age: 9\nconcerns:\n  - statutory: s47.harmful-practices\n"
        'decision:\n  tier: 3\n  reason: "   "\n  by: "DSL"\n  date: 2026-11-22\n',
        "3",
        "decision:\n  tier: ",
        "the recorded decision (Tier 3) is below the tool's reading (Tier 4): add `reason`",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_unusable_case_exits_2_with_one_located_line(tmp_path: Path, name: str) -> None:
    broken = BROKEN[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(broken.text, encoding="utf-8")
    line, column = line_col(broken.text, broken.node, broken.after)

    result = run("assess", str(path), "--pack", "norfolk")

    assert result.code == 2, (result.code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected exactly one line on stderr, got {lines}"
    assert lines[0].startswith("threshold: "), lines[0]
    assert lines[0].startswith(f"threshold: {path}:{line}:{column}: "), f"expected {line}:{column}: {lines[0]}"
    assert broken.message in lines[0]
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stderr
    assert result.stdout == ""  # text format: nothing to report for a case that was not read


def test_error_lines_name_each_bad_file_in_a_batch_and_good_files_are_still_read(tmp_path: Path) -> None:
    good = tmp_path / "a-good.yaml"
    good.write_text(f'child:\n  age: 9\nconcerns:\n  - "{SECRET}"\n', encoding="utf-8")
    expected = []
    for name in ("negative-age", "typo-concerns-key"):  # the order a folder is read in: sorted by name
        broken = BROKEN[name]
        path = tmp_path / f"b-{name}.yaml"
        path.write_text(broken.text, encoding="utf-8")
        line, column = line_col(broken.text, broken.node, broken.after)
        expected.append(f"threshold: {path}:{line}:{column}: ")
    result = run("assess", str(tmp_path), "--pack", "norfolk", "--format", "jsonl")
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(got.startswith(want) for got, want in zip(lines, expected, strict=True)), lines
    assert len(result.stdout.splitlines()) == 3  # the good case and both errors, in place
    assert SECRET not in result.stderr


@pytest.mark.parametrize(
    ("decision", "reading"),
    [
        ('decision:\n  tier: 2\n  reason: "Discussed with the DSL; plan in place"\n', "below, with a reason"),
        ("decision:\n  tier: 4\n", "equal, no reason needed"),
    ],
)
def test_a_decision_with_its_reason_or_not_below_the_reading_is_accepted(
    tmp_path: Path, decision: str, reading: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(f"child:\n  age: 9\nconcerns:\n  - statutory: s47.harmful-practices\n{decision}", encoding="utf-8")
    result = run("assess", str(path), "--pack", "norfolk", "--format", "json")
    assert (result.code, result.stderr) == (0, ""), reading


def test_a_decision_above_the_reading_needs_no_reason(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        'child:\n  age: 9\nconcerns:\n  - text: "Tantrums at bedtime"\n'
        "    indicator: development.behaviour.self-control\n    tier: 2\n"
        "decision:\n  tier: 3\n",
        encoding="utf-8",
    )
    result = run("assess", str(path), "--pack", "norfolk", "--format", "json")
    assert (result.code, result.stderr) == (0, "")
