"""``threshold referral``: the Sutton MASH referral form (Appendix B) drafted from each shipped Sutton
example, a test per field: filled from the case file or the reading exactly as they say it, or left
blank; nothing invented."""

from __future__ import annotations

import functools
import json
import os
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.acceptance.test_reading_snapshots import SNAPSHOTS, masked
from tests.conftest import EXAMPLES, PACKS, run

from threshold_cli.engine.referral import FILLS
from threshold_cli.model.referral import Fill

SUTTON_EXAMPLES = sorted(p.name for p in EXAMPLES.glob("sutton-*.yaml"))
FORM = yaml.safe_load((PACKS / "sutton.referral.yaml").read_text(encoding="utf-8"))
FIELDS = [(s["number"], n, f) for s in FORM["sections"] for n, f in enumerate(s["fields"])]


@functools.cache
def _draft(name: str) -> dict[str, Any]:
    result = run("referral", str(EXAMPLES / name), "--pack", "sutton", "--format", "json")
    assert result.code == 0, result.stderr
    return typing.cast(dict[str, Any], json.loads(result.stdout))


@functools.cache
def _reading(name: str) -> dict[str, Any]:
    result = run("assess", str(EXAMPLES / name), "--pack", "sutton", "--format", "json")
    return typing.cast(dict[str, Any], json.loads(result.stdout))


def _case(name: str) -> dict[str, Any]:
    return typing.cast(dict[str, Any], yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))


def _drafted(name: str, section: int, n: int) -> dict[str, Any]:
    return typing.cast(dict[str, Any], next(s for s in _draft(name)["sections"] if s["number"] == section)["fields"][n])


def _expected(fill: str | None, case: dict[str, Any]) -> tuple[list[str] | None, str | None]:
    """What the field must hold, from the case file as written (None: checked separately below)."""
    child = case.get("child", {})
    consent = case.get("consent")
    if fill is None:
        return [], None
    if fill == "concerns":
        return None, None
    if fill in ("working_well", "needs_to_happen"):
        return case.get(fill, []), None
    if fill == "scaling":
        return [], None if case.get("scaling") is None else str(case["scaling"])
    if fill == "consent.parents":
        return [], None if consent is None else ("Yes" if consent["status"] == "given" else "No")
    if fill == "consent.why_not":
        if consent is None or consent["status"] == "given":
            return [], None
        ticked = FORM["sections"][-1]["fields"][-1]["choices"][0]["text"] if consent["status"] == "refused" else None
        return ([consent["reason"]] if consent.get("reason") else []), ticked
    if fill == "child.age":
        return (None if "age" in child else []), None
    if fill == "child.disabled":
        return (None if child.get("disabled") is not None else []), None
    if fill == "child.social_care":
        known = child.get("on_child_protection_plan") or child.get("looked_after")
        return (None, "Yes") if known else ([], None)
    assert fill == "reading"
    return None, None


@pytest.mark.parametrize(("section", "n", "spec"), FIELDS, ids=[f"{s}.{f['label'][:30]}" for s, _, f in FIELDS])
@pytest.mark.parametrize("name", SUTTON_EXAMPLES)
def test_each_field_filled_from_the_case_or_left_blank(name: str, section: int, n: int, spec: dict[str, Any]) -> None:
    got = _drafted(name, section, n)
    assert got["label"] == spec["label"]
    assert got["fill"] == spec.get("fill")
    assert got["choices"] == [c["text"] for c in spec.get("choices", [])]
    case, reading = _case(name), _reading(name)
    text, ticked = _expected(spec.get("fill"), case)
    if text is not None:
        assert got["text"] == text
    assert got["ticked"] == ticked
    if spec.get("fill") == "concerns":
        assert len(got["text"]) == len(case["concerns"])
        for line, concern in zip(got["text"], case["concerns"], strict=True):
            words = concern if isinstance(concern, str) else concern.get("text") or concern.get("indicator")
            assert line.startswith(words)
    if spec.get("fill") == "child.age":
        assert got["text"] and got["text"][0].startswith(f"{case['child']['age']:g}")
    if spec.get("fill") == "reading":
        said = " ".join(got["text"])
        assert f"Tier {reading['tier']} ({reading['tier_name']})" in said
        assert reading["pack"]["version"] in said
        for item in reading["statutory"]:
            assert f"{item['section']} criterion (concern {item['concern'] + 1}): {item['text']}" in said


@pytest.mark.parametrize("name", SUTTON_EXAMPLES)
def test_nothing_invented(name: str) -> None:
    """Every filled line outside the reading's summary is the case file's own words (or its age)."""
    raw = " ".join((EXAMPLES / name).read_text(encoding="utf-8").split())
    for s in _draft(name)["sections"]:
        for f in s["fields"]:
            if f["fill"] in ("reading", "child.age", "child.disabled", "child.social_care"):
                continue
            for line in f["text"]:
                words = line.split(" (", 1)[0] if f["fill"] == "concerns" else line
                assert " ".join(words.split()).replace('"', "") in raw.replace('"', ""), (f["label"], line)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_snapshot(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole draft, exactly (THRESHOLD_UPDATE_SNAPSHOTS=1 rewrites it; review the diff)."""
    monkeypatch.setenv("COLUMNS", "100")
    got = masked(run("referral", "examples/sutton-signs-of-safety.yaml", "--pack", "sutton", "-f", fmt).stdout)
    snapshot = SNAPSHOTS / f"referral.sutton-signs-of-safety.{'md' if fmt == 'markdown' else 'txt'}"
    if os.environ.get("THRESHOLD_UPDATE_SNAPSHOTS"):
        snapshot.write_text(got, encoding="utf-8")
    assert got == snapshot.read_text(encoding="utf-8")


def test_blank_fields_are_listed_as_blank_in_text() -> None:
    result = run("referral", str(EXAMPLES / "sutton-signs-of-safety.yaml"), "--pack", "sutton")
    assert result.code == 0
    flat = " ".join(result.stdout.split())
    assert "Blank (the case file does not say): Name of referrer; Job title; Date; Agency" in flat
    assert "Age: 7" in flat
    assert "If consent has not been obtained, please give reason why not: Tier 4; asking Dad" in flat
    assert "Telephone referral to be followed up by a form within 24 hours" in flat


def test_markdown_and_redact() -> None:
    path = str(EXAMPLES / "sutton-signs-of-safety.yaml")
    md = run("referral", path, "--pack", "sutton", "--format", "markdown").stdout
    assert md.startswith("### Draft: Referral to Sutton Multi-Agency Safeguarding Hub (MASH)\n")
    assert "CP-2026-0117" in md
    for fmt in ("text", "markdown", "json"):
        assert "CP-2026-0117" not in run("referral", path, "--pack", "sutton", "--format", fmt, "--redact").stdout


def test_a_pack_without_a_form_is_a_clear_error() -> None:
    result = run("referral", str(EXAMPLES / "sutton-attendance.yaml"), "--pack", "norfolk")
    assert result.code == 2
    assert result.stderr.strip() == (
        "threshold: the pack `norfolk` has no referral form (no norfolk.referral.yaml beside it); "
        "built-in forms: sutton"
    )


def test_a_bad_case_is_located(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("concerns:\n  - ok\nsclaing: 3\n", encoding="utf-8")
    result = run("referral", str(case), "--pack", "sutton")
    assert result.code == 2
    assert result.stderr.startswith(f"threshold: {case}:3:1: ")


def test_a_form_beside_a_custom_pack_must_name_it(tmp_path: Path) -> None:
    pack = tmp_path / "mine.yaml"
    pack.write_text((PACKS / "sutton.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    form = (PACKS / "sutton.referral.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.referral.yaml").write_text(form.replace("pack: sutton", "pack: norfolk"), encoding="utf-8")
    result = run("referral", str(EXAMPLES / "sutton-attendance.yaml"), "--pack", str(pack))
    assert result.code == 2
    line = next(n for n, text in enumerate(form.splitlines(), 1) if text.startswith("pack:"))
    assert result.stderr.strip() == (
        f"threshold: {tmp_path / 'mine.referral.yaml'}:{line}:7: this is the referral form of the pack `norfolk`, "
        "not `sutton`"
    )


def test_a_tick_without_its_box_fails_validate(tmp_path: Path) -> None:
    form = (PACKS / "sutton.referral.yaml").read_text(encoding="utf-8")
    broken = form.replace(
        '        fill: consent.parents\n        choices: [{text: "No"}, {text: "Yes"}]\n',
        '        fill: consent.parents\n        choices: [{text: "Yes"}]\n',
    )
    assert broken != form
    path = tmp_path / "sutton.referral.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run("validate", str(path))
    assert result.code == 1
    assert "`fill: consent.parents` ticks a box for no: add those `choices`" in result.stdout


def test_every_fill_has_its_function() -> None:
    assert set(FILLS) == set(typing.get_args(Fill))


def test_packs_says_which_pack_has_a_form() -> None:
    result = run("packs")
    assert result.code == 0
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    header = result.stdout.splitlines()[0].split()
    column = header.index("referral")
    assert rows["sutton"][column] == "form"
    assert rows["norfolk"][column] == "-"
