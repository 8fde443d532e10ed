"""The safe YAML reader: refuses what would lose or hide data, and says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from threshold_cli.io.yamldoc import MAX_FILE_BYTES, load_yaml, parse_yaml
from threshold_cli.model.errors import InputFileError, YamlSyntaxError


def test_dates_stay_strings_and_values_are_located() -> None:
    doc = parse_yaml("a:\n  date: 2026-11-20\n  list: [1, two]\n", "f.yaml")
    assert doc.data == {"a": {"date": "2026-11-20", "list": [1, "two"]}}
    assert str(doc.locate(("a", "list", 1))) == "f.yaml:3:13"
    assert str(doc.locate_key(("a", "date"))) == "f.yaml:2:3"


def test_locate_skips_segments_that_are_not_in_the_document() -> None:
    doc = parse_yaml("concerns:\n  - text: x\n    tier: 9\n", "c.yaml")
    assert str(doc.locate(("concerns", 0, "entry", "tier"))) == "c.yaml:3:11"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", "3:1", "duplicate key 'a' (first defined on line 1)"),
        ("x:\n  - k: 1\n    k: 2\n", "3:5", "duplicate key 'k'"),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "1:4",
            "unsupported YAML tag `!!python/object/apply:os.system`",
        ),
        ("a: [1, 2\n", "2:1", "invalid YAML"),
        ("base: &b {k: 1}\nother:\n  <<: *b\n", "3:3", "merge keys"),
        ("[" * 200 + "]" * 200, "1:66", "nesting too deep"),
    ],
)
def test_refusals_are_located(text: str, where: str, message: str) -> None:
    with pytest.raises(YamlSyntaxError) as info:
        parse_yaml(text, "f.yaml")
    assert str(info.value).startswith(f"f.yaml:{where}: ")
    assert message in str(info.value)


def test_alias_bomb_is_bounded() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=False):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    with pytest.raises(YamlSyntaxError, match="alias bomb"):
        parse_yaml("\n".join(lines), "bomb.yaml")


@pytest.mark.parametrize(
    ("raw", "message", "where"),
    [
        (b"a: 1\n\x00\x01", "binary data", "2:1"),
        ("a: 1\n".encode("utf-16"), "UTF-16", "1:1"),
        (b"a: 1\nb: caf\xe9\n", "not valid UTF-8", "2:7"),
    ],
)
def test_non_text_files_are_refused(tmp_path: Path, raw: bytes, message: str, where: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    with pytest.raises(InputFileError) as info:
        load_yaml(path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}:{where}:")


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert load_yaml(path).data == {"a": 1, "b": "two"}


def test_missing_directory_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file"):
        load_yaml(tmp_path / "absent.yaml")
    with pytest.raises(InputFileError, match="is a directory"):
        load_yaml(tmp_path)
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(InputFileError, match="file too large"):
        load_yaml(big)
