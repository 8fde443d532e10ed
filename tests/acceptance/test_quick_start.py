"""Quick to start: a case on standard input, a concern typed on the command line, a starter case file,
THRESHOLD_PACK for every command that takes a pack, completion of pack names and indicator ids, and a
batch that names what it skipped and ends with a summary."""

from __future__ import annotations

import json
import subprocess
import sysconfig
from pathlib import Path

import pytest
from tests.conftest import EXAMPLES, ROOT, run

from threshold_cli.cli.app import complete_indicator, complete_pack

THRESHOLD = Path(sysconfig.get_path("scripts")) / "threshold"
EXAMPLE = EXAMPLES / "norfolk-missing-cse.yaml"


def test_a_case_on_standard_input_reads_as_the_file_does() -> None:
    done = subprocess.run(
        [str(THRESHOLD), "assess", "-", "--pack", "norfolk", "--format", "json"],
        input=EXAMPLE.read_bytes(), capture_output=True, timeout=60, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    piped = json.loads(done.stdout)
    from_file = json.loads(run("assess", str(EXAMPLE), "--pack", "norfolk", "--format", "json").stdout)
    assert piped["file"] == "<stdin>"
    assert {k: v for k, v in piped.items() if k != "file"} == {k: v for k, v in from_file.items() if k != "file"}


def test_a_broken_case_on_standard_input_is_located_there() -> None:
    done = subprocess.run(
        [str(THRESHOLD), "assess", "-", "--pack", "norfolk"],
        input=b"concern:\n  - x\n", capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode().startswith("threshold: <stdin>:1:1: unknown key `concern`; did you mean `concerns`?")


def test_a_concern_typed_on_the_command_line() -> None:
    words = "He says his stepdad kicked him and there is a mark on his back"
    result = run("assess", "--concern", words, "--age", "9", "--pack", "sutton", "--format", "json")
    assert result.code == 0, result.stderr
    reading = json.loads(result.stdout)
    assert reading["file"] == "--concern"
    assert reading["concerns"] == [{"concern": 0, "text": words}]
    assert reading["tier"] == 4 and reading["statutory"], "a plain-words disclosure by a carer is an s47 matter"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assess", str(EXAMPLE), "--concern", "x", "--pack", "norfolk"], "give case files or --concern, not both"),
        (["assess", "--age", "9", "--pack", "norfolk"], "--age goes with --concern"),
        (["assess", "--pack", "norfolk"], "give a case file (or - for standard input), or --concern TEXT"),
        (["assess", "--concern", " ", "--pack", "norfolk"], "--concern/--age: `concerns.0`:"),
    ],
)
def test_usage_errors_of_a_typed_concern(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.code, result.stdout) == (2, "")
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_new_case_writes_a_starter_that_reads_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "EH-0042.yaml"
    made = run("new-case", str(path))
    assert made.code == 0 and made.stdout.startswith(f"created {path}\n")
    text = path.read_text(encoding="utf-8")
    for key in ("reference:", "child:", "concerns:", "working_well:", "needs_to_happen:", "scaling:", "consent:"):
        assert key in text, f"the starter does not show `{key}`"
    assert run("assess", str(path), "--pack", "norfolk").code == 0
    again = run("new-case", str(path))
    assert (again.code, again.stderr) == (2, f"threshold: {path} already exists: not overwritten\n")


def test_threshold_pack_applies_to_lookup_and_show(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THRESHOLD_PACK", "norfolk")
    found = json.loads(run("lookup", "goes missing", "--format", "json").stdout)["results"]
    assert found and {r["pack"] for r in found} == {"norfolk"}
    shown = run("show")
    assert shown.code == 0 and "Norfolk" in shown.stdout.splitlines()[0]


def test_completion_offers_pack_names_and_indicator_ids() -> None:
    assert complete_pack("su") == ["sutton"]
    assert set(complete_pack("")) >= {"norfolk", "sutton"}

    class Context:
        def __init__(self) -> None:
            self.params = {"pack": "sutton"}

    ids = complete_indicator(Context(), "development.behaviour.m")  # type: ignore[arg-type]
    assert "development.behaviour.missing-from-home" in ids and all(
        i.startswith("development.behaviour.m") for i in ids
    )


def test_show_one_indicator_prints_its_id_whole_even_when_narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    shown = run("show", "sutton", "development.behaviour.missing-from-home")
    assert shown.code == 0
    first_column = "".join(line.split("│")[1].strip() for line in shown.stdout.splitlines() if line.startswith("│"))
    assert "development.behaviour.missing-from-home" in first_column  # folded onto lines, never cut
    assert "…" not in shown.stdout
    wrong = run("show", "sutton", "development.behaviour.nowhere")
    assert wrong.code == 2
    assert wrong.stderr == "threshold: pack `sutton` has no indicator `development.behaviour.nowhere`\n"


def test_a_batch_names_skipped_sub_folders_and_ends_with_a_summary(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    (folder / "older").mkdir(parents=True)
    for name in ("norfolk-missing-cse.yaml", "norfolk-strengths-only.yaml", "norfolk-unmatched-concern.yaml"):
        (folder / name).write_bytes((EXAMPLES / name).read_bytes())
    result = run("assess", str(folder), "--pack", "norfolk", "--format", "markdown")
    assert result.code == 0
    readings = [
        json.loads(line)
        for line in run("assess", str(folder), "--pack", "norfolk", "--format", "jsonl").stdout.splitlines()
    ]
    assert len(readings) == 3
    errors = result.stderr.splitlines()
    assert errors[0] == f"threshold: {folder / 'older'}: a sub-folder, skipped (name it to read its cases)"
    assert errors[1] == "threshold: 3 cases"
    table = {line[:13].strip(): int(line[13:]) for line in errors[2:]}
    as_jsonl = run("assess", str(folder), "--pack", "norfolk", "--format", "jsonl")
    assert "threshold: 3 cases" not in as_jsonl.stderr  # a script reading JSON lines gets stderr for errors only
    assert table == {
        **{f"Tier {n}": sum(1 for r in readings if r["tier"] == n) for n in (1, 2, 3, 4)},
        "no tier": sum(1 for r in readings if r["tier"] is None),
        "incomplete": sum(1 for r in readings if not r["complete"]),
        "not read": 0,
    }
