"""A batch of 1,000 case files with 10 corrupt ones at known places: nothing lost, nothing reordered.

``threshold assess DIR --format jsonl`` must give one line per file in input (sorted-name) order, a
reading for each good file, the error in place of each bad one, one stderr line per bad file, exit 2.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml
from tests.hostile.clirun import run_cli
from tests.hostile.corpus import alias_bomb

TOTAL = 1000
BATCH_TIMEOUT = 600.0  # a hang guard only; the time taken is reported, not asserted (see the module doc)

PHRASES = [
    "Dad hits mum in front of the children",
    "Comes to school hungry and in dirty clothes most days",
    "Has run away twice this term and nobody knows where she goes",
    "Mum drinks most evenings and falls asleep before the children are in bed",
    "Not brought to the dentist; several teeth are decayed",
    "Older boys collect him from school in a car",
    "Says she is scared to go home",
    "Attendance has dropped to 70% since Christmas",
    "Mum is struggling with low mood since the baby was born",
    "The family has been evicted and is sofa surfing",
    "Younger brother has a bruise on his ear he could not explain",
    "Grandad died last month and he has been very withdrawn",
]
STRENGTHS = ["Nan collects her from school every day", "Mum asks for help when she needs it"]

# position -> (what is wrong, file content). Each must be refused with a message naming the file.
CORRUPT: dict[int, tuple[str, bytes]] = {
    0: ("unclosed quote", b'concerns:\n  - "Dad hits mum\n'),
    1: ("concerns not a list", b"concerns: 5\n"),
    137: ("typo in a key", b'concern:\n  - "Dad hits mum"\n'),
    250: ("duplicate key", b'concerns:\n  - "a"\nconcerns:\n  - "b"\n'),
    499: ("empty file", b""),
    500: ("NUL byte", b'concerns:\n  - "Dad \x00hits mum"\n'),
    731: ("latin-1", 'concerns:\n  - "Café: l\'enfant a faim"\n'.encode("latin-1")),
    868: ("tab indentation", b'concerns:\n\t- "Dad hits mum"\n'),
    998: ("two documents", b'---\nconcerns: ["a"]\n---\nconcerns: ["b"]\n'),
    999: ("alias bomb", alias_bomb().encode()),
}


def _case(rng: random.Random, i: int) -> bytes:
    doc: dict[str, object] = {
        "reference": f"EH-2026-{i:04d}",
        "child": {"age": rng.randint(0, 17)},
        "concerns": rng.sample(PHRASES, rng.randint(1, 2)),
    }
    if rng.random() < 0.3:
        doc["working_well"] = [rng.choice(STRENGTHS)]
    return yaml.safe_dump(doc, sort_keys=False).encode()


@pytest.mark.slow
def test_a_batch_of_1000_with_10_corrupt_files(tmp_path: Path, cli_env: dict[str, str]) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    rng = random.Random(20261123)
    paths = []
    for i in range(TOTAL):
        path = folder / f"case-{i:04d}.yaml"
        path.write_bytes(CORRUPT[i][1] if i in CORRUPT else _case(rng, i))
        paths.append(str(path))

    run = run_cli(
        ["assess", str(folder), "--pack", "norfolk", "--format", "jsonl"],
        env=cli_env,
        cwd=tmp_path,
        timeout=BATCH_TIMEOUT,
    )
    print(f"\nassess of {TOTAL} case files took {run.seconds:.1f}s")  # reported with -s / in the log

    assert not run.timed_out, run.describe()
    assert run.code == 2, run.describe()
    assert "Traceback" not in run.stdout + run.stderr, run.describe()
    lines = run.stdout.splitlines()
    assert len(lines) == TOTAL
    rows = [json.loads(line) for line in lines]
    assert [r["file"] for r in rows] == paths, "one line per file, in input order"
    readings = [i for i, r in enumerate(rows) if "tier" in r]
    errors = [i for i, r in enumerate(rows) if "error" in r]
    assert len(readings) == TOTAL - len(CORRUPT)
    assert errors == sorted(CORRUPT)
    for i in errors:
        assert re.match(re.escape(paths[i]) + r"(:\d+:\d+)?: \S", rows[i]["error"]), (CORRUPT[i][0], rows[i])
        assert "tier" not in rows[i]
    stderr = run.stderr.split("\n")
    assert stderr[-1] == ""
    assert stderr[:-1] == [f"threshold: {rows[i]['error']}" for i in errors], "exactly one line per corrupt file"
