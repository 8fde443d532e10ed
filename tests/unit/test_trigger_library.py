"""The criteria's shared trigger patterns (rulepacks/triggers.yaml): one list read by every pack's
criterion with the same id, checked in its own file, and the one beside a pack is the one it reads."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EXAMPLES, PACKS, run

from threshold_cli.io.loader import load_model, load_pack
from threshold_cli.model.pack import TriggerLibrary

LIBRARY = load_model(PACKS / "triggers.yaml", TriggerLibrary).model


def test_every_shared_pattern_belongs_to_a_criterion_of_each_built_in_pack() -> None:
    for name in ("norfolk", "sutton"):
        written = load_pack(name, shared=False).model
        ids = {c.id for c in written.statutory}
        assert set(LIBRARY.criteria) <= ids, f"{name}: {sorted(set(LIBRARY.criteria) - ids)}"
        assert not any(c.triggers for c in written.statutory), "a built-in criterion repeats the shared patterns"
        read = {c.id: c.triggers for c in load_pack(name).model.statutory}
        assert all(read[cid] == patterns for cid, patterns in LIBRARY.criteria.items())


def test_a_criterion_with_no_pattern_is_refused_at_its_place(tmp_path: Path) -> None:
    text = (PACKS / "triggers.yaml").read_text(encoding="utf-8")
    first = next(iter(LIBRARY.criteria))
    start = text.index(f'  "{first}":')
    end = text.index('\n  "', start + 1)
    path = tmp_path / "triggers.yaml"
    path.write_text(text[:start] + f'  "{first}": []' + text[end:], encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    line, column = text[:start].count("\n") + 1, len(f'  "{first}": ') + 1
    assert f"{path}:{line}:{column}: [error] `criteria.{first}`: must not be empty (schema)" in result.stdout


def test_a_pack_reads_the_patterns_beside_it(tmp_path: Path) -> None:
    """A copy of a pack with its own triggers.yaml reads that one: here one with no pattern for the
    disclosure criteria, so the belt disclosure no longer meets s47 by its words; a broken one beside it
    is one located line and exit 2."""
    shutil.copy(PACKS / "norfolk.yaml", tmp_path / "norfolk.yaml")
    case = str(EXAMPLES / "both-disclosure-belt.yaml")
    built_in = run("assess", case, "--pack", str(tmp_path / "norfolk.yaml"), "--format", "json")
    assert '"s47.' in built_in.stdout
    (tmp_path / "triggers.yaml").write_text(
        'version: "1.0.0"\ncriteria:\n  s47.failure-to-thrive:\n    - all: [["nofftt"]]\n', encoding="utf-8"
    )
    beside = run("assess", case, "--pack", str(tmp_path / "norfolk.yaml"), "--format", "json")
    assert beside.code in (0, 1) and '"s47.' not in beside.stdout.split('"possible"')[0]
    (tmp_path / "triggers.yaml").write_text('version: "1.0.0"\ncriteria:\n  s47.x: [{al: []}]\n', encoding="utf-8")
    broken = run("assess", case, "--pack", str(tmp_path / "norfolk.yaml"))
    assert broken.code == 2
    assert broken.stderr.strip().splitlines() == [
        f"threshold: {tmp_path / 'triggers.yaml'}:3:12: unknown key `al`; did you mean `all`?"
    ]
    assert "Traceback" not in broken.stderr
