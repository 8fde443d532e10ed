"""The input bounds of yamldoc.py and models.py, exactly at and one past each limit.

File size through the real CLI (the size check is about files); the node and depth counts on the
parser directly, since any document big enough to reach them is refused by the schema anyway; the
case-file bounds (length of a concern, number of concerns, text in a list) on the loader, with the
location and the message a user sees. (The corpus assesses a case at each of these bounds through the
CLI, within its time limit: tests/hostile/corpus.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.hostile.clirun import assert_contract, concern_partition_problems, run_cli
from tests.hostile.corpus import exactly_at_size_limit, one_byte_over

from threshold_cli.io.loader import load_case
from threshold_cli.io.yamldoc import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, parse_yaml
from threshold_cli.model.case import MAX_ITEMS, MAX_LIST_CHARS, MAX_TEXT_CHARS
from threshold_cli.model.errors import SchemaError, YamlSyntaxError


def test_the_bounds_are_the_documented_ones() -> None:
    # SECURITY.md states these numbers: change both together.
    assert (MAX_FILE_BYTES, MAX_NODES, MAX_DEPTH) == (8 * 1024 * 1024, 500_000, 64)
    assert (MAX_TEXT_CHARS, MAX_ITEMS, MAX_LIST_CHARS) == (10_000, 1_000, 100_000)


def _case_file(tmp_path: Path, texts: list[str], key: str = "concerns") -> Path:
    extra = 'concerns:\n  - "x"\n' if key != "concerns" else ""
    path = tmp_path / "case.yaml"
    path.write_text(extra + f"{key}:\n" + "".join(f'  - "{t}"\n' for t in texts), encoding="utf-8")
    return path


@pytest.mark.parametrize("key", ["concerns", "working_well", "needs_to_happen"])
@pytest.mark.parametrize(
    ("name", "texts", "accepted", "message"),
    [
        ("length", ["a" * MAX_TEXT_CHARS], True, ""),
        ("length", ["a" * (MAX_TEXT_CHARS + 1)], False, f"longer than the limit of {MAX_TEXT_CHARS:,}"),
        ("count", ["a"] * MAX_ITEMS, True, ""),
        ("count", ["a"] * (MAX_ITEMS + 1), False, f"{MAX_ITEMS + 1:,} items; the limit is {MAX_ITEMS:,}"),
        ("text", ["a" * MAX_TEXT_CHARS] * (MAX_LIST_CHARS // MAX_TEXT_CHARS), True, ""),
        (
            "text",
            ["a" * MAX_TEXT_CHARS] * (MAX_LIST_CHARS // MAX_TEXT_CHARS) + ["a"],
            False,
            f"{MAX_LIST_CHARS + 1:,} characters of text in all; the limit is {MAX_LIST_CHARS:,}",
        ),
    ],
    ids=["length-at", "length-over", "count-at", "count-over", "text-at", "text-over"],
)
def test_the_case_bounds(tmp_path: Path, key: str, name: str, texts: list[str], accepted: bool, message: str) -> None:
    path = _case_file(tmp_path, texts, key)
    if accepted:
        assert len(getattr(load_case(path).model, key)) == len(texts)
        return
    with pytest.raises(SchemaError) as info:
        load_case(path)
    first = 2 if key == "concerns" else 4  # the line of the list's first item (the only one, for "length")
    where = f"{path}:{first}:5" if name == "length" else f"{path}:{first}:3"  # the text, or the list
    assert str(info.value).startswith(f"{where}: `{key}"), str(info.value)
    assert message in str(info.value)
    assert "aaaa" not in str(info.value), "the text itself is never quoted"


def test_a_file_of_exactly_the_size_limit_is_assessed(tmp_path: Path, cli_env: dict[str, str]) -> None:
    case = tmp_path / "limit.yaml"
    case.write_bytes(exactly_at_size_limit(tmp_path))
    assert case.stat().st_size == MAX_FILE_BYTES
    run = run_cli(["assess", str(case), "--pack", "norfolk", "--format", "json"], env=cli_env, cwd=tmp_path, timeout=60)
    assert_contract(run, {0}, str(case))
    assert not concern_partition_problems(run.json(), 1)


def test_one_byte_over_the_size_limit_is_refused(tmp_path: Path, cli_env: dict[str, str]) -> None:
    case = tmp_path / "over.yaml"
    case.write_bytes(one_byte_over(tmp_path))
    assert case.stat().st_size == MAX_FILE_BYTES + 1
    run = run_cli(["assess", str(case), "--pack", "norfolk"], env=cli_env, cwd=tmp_path)
    assert_contract(run, {2}, str(case))
    assert "too large" in run.stderr


def _nodes(total: int) -> str:
    """A sequence that builds to exactly ``total`` values: 1 (the root) + 1,000 per alias of a
    1,000-value list (the list and its 999 items) + single scalars for the rest."""
    aliases, rest = divmod(total - 1, 1000)
    items = ["&L [" + ", ".join(["x"] * 999) + "]"] + ["*L"] * (aliases - 1) + ["y"] * rest
    return "[" + ", ".join(items) + "]"


@pytest.mark.parametrize(("total", "accepted"), [(MAX_NODES, True), (MAX_NODES + 1, False)])
def test_the_node_limit_counts_alias_expansion(total: int, accepted: bool) -> None:
    text = _nodes(total)
    assert len(text) < 20_000  # small on disk: only the aliases make it big
    if accepted:
        assert len(parse_yaml(text, "n.yaml").data) == sum(divmod(total - 1, 1000))
    else:
        with pytest.raises(YamlSyntaxError, match=f"more than {MAX_NODES:,} values"):
            parse_yaml(text, "n.yaml")


@pytest.mark.parametrize(("depth", "accepted"), [(MAX_DEPTH, True), (MAX_DEPTH + 1, False)])
def test_the_depth_limit(depth: int, accepted: bool) -> None:
    text = "[" * depth + "x" + "]" * depth  # the scalar sits `depth` levels below the root
    if accepted:
        data = parse_yaml(text, "d.yaml").data
        for _ in range(depth):
            (data,) = data
        assert data == "x"
    else:
        with pytest.raises(YamlSyntaxError, match=f"nesting too deep \\(limit {MAX_DEPTH} levels\\)"):
            parse_yaml(text, "d.yaml")
