"""Case files are special-category personal data: no network, no case text in errors, no stray files.

* the whole CLI flow works with every socket call refused (in-process, and in child processes through
  the sitecustomize guard of tests/network_guard.py);
* error messages never quote the case: a marker written in a broken case never reaches stderr;
* ``assess`` writes nothing anywhere (HOME, XDG dirs, TMPDIR, the working directory) except ``--output``,
  and the index cache, when on, holds only pack text;
* ``--redact`` leaves the case reference out of every output format.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests import network_guard
from tests.conftest import EXAMPLES, PACKS, run
from tests.hostile.clirun import ForkRunner, assert_contract, base_env, run_cli
from tests.hostile.corpus import SECRET

from threshold_cli.cli import fastpath
from threshold_cli.render.formats import AssessFormat

EXAMPLE = EXAMPLES / "norfolk-missing-cse.yaml"


# ---------------------------------------------------------------- network


class Blocked(OSError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Every way to reach the network raises; attempts are recorded (in case the code swallows them)."""
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def blocked(*args: Any, **kwargs: Any) -> Any:
            attempts.append(f"{what}{args!r}")
            raise Blocked(f"network blocked in this test: {what}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setenv("THRESHOLD_CACHE_DIR", str(tmp_path / "cache"))  # cold: every index is built here
    return attempts


def test_the_whole_flow_works_offline(
    no_network: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(Blocked):  # the guard itself is live
        socket.create_connection(("192.0.2.1", 80))
    no_network.clear()

    assessed = run("assess", str(EXAMPLE), "--pack", "norfolk", "--format", "json")
    assert assessed.code == 0, assessed.stderr
    assert '"tier": ' in assessed.stdout
    looked_up = run("lookup", "goes missing overnight", "--format", "json")
    assert looked_up.code == 0 and '"results"' in looked_up.stdout, looked_up.stderr
    validated = run("validate", str(PACKS))
    assert validated.code == 0, validated.stdout
    tested = run("test", str(PACKS))
    assert tested.code in {0, 1} and "Traceback" not in tested.stdout  # golden results belong to the engine
    for command in (["packs"], ["show", "norfolk", "--domain", "family"], ["schema", "case"]):
        result = run(*command)
        assert result.code == 0, (command, result.stderr)
    monkeypatch.delenv("_THRESHOLD_COMPLETE", raising=False)
    assert fastpath.run(["goes", "missing", "--pack", "sutton", "--format", "json"]) == 0  # the console path
    capsys.readouterr()
    assert no_network == [], "the CLI tried to reach the network"


def _guard_dir(tmp_path: Path) -> Path:
    """The child-process guard of tests/network_guard.py, installed into a folder for PYTHONPATH."""
    directory = tmp_path / "guard"
    directory.mkdir()
    (directory / "threshold_network_guard.py").write_text(network_guard.GUARD_SOURCE, encoding="utf-8")
    (directory / "sitecustomize.py").write_text(
        "import threshold_network_guard\nthreshold_network_guard.install()\n", encoding="utf-8"
    )
    return directory


def test_child_processes_run_offline_under_the_guard(tmp_path: Path, cli_home: Path) -> None:
    guard = _guard_dir(tmp_path)
    log = tmp_path / "attempts.log"
    env = base_env(
        cli_home,
        tmp_path / "cache",
        {"PYTHONPATH": str(guard), "THRESHOLD_NETWORK_LOG": str(log), "THRESHOLD_BLOCK_NETWORK": "1"},
    )
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert probe.returncode != 0 and "NetworkBlockedError" in probe.stderr, "the guard is not active in children"
    assert "create_connection" in log.read_text(encoding="utf-8")
    log.write_text("", encoding="utf-8")

    for args in (
        ["assess", str(EXAMPLE), "--pack", "norfolk", "--format", "json"],
        ["lookup", "dad hits mum", "--format", "json"],
        ["lookup", "dad hits mum", "--pack", "norfolk", "--explain"],
        ["validate", str(PACKS)],
    ):
        result = run_cli(args, env=env, cwd=tmp_path)
        assert_contract(result, {0}, None)
    assert log.read_text(encoding="utf-8") == "", "the CLI tried to reach the network"


def test_the_network_guard_plugin_loads() -> None:
    spec = importlib.util.find_spec("tests.network_guard")
    assert spec is not None
    assert hasattr(network_guard, "pytest_configure") and hasattr(network_guard, "pytest_addoption")


# ---------------------------------------------------------------- no case content in messages

HEAD = "reference: REF-1\nchild:\n  age: 9\n"
# broken way -> (case text after HEAD, what the error must be about: so no variant passes vacuously)
LEAKS: dict[str, tuple[str, str]] = {
    "wrong type under the concern": (f'concerns:\n  - text: "{SECRET} hits mum"\n    tier: [1]\n', "concerns[0].tier"),
    "unknown key next to the concern": (
        f'concerns:\n  - text: "{SECRET} hits mum"\n    colour: red\n',
        "unknown key `colour`",
    ),
    "duplicate key in the concern": (
        f'concerns:\n  - text: "{SECRET} hits mum"\n    text: "{SECRET} again"\n',
        "duplicate key",
    ),
    "duplicate concerns list": (f'concerns:\n  - "{SECRET} hits mum"\nconcerns:\n  - "{SECRET}"\n', "duplicate key"),
    "decision below the reading, no reason": (
        f'concerns:\n  - "{SECRET}: dad hit the baby, who cannot crawl yet, and she has a bruise on her face"\n'
        "decision:\n  tier: 1\n",
        "below the tool's reading",
    ),
    "decision tier as words": (f'concerns:\n  - "{SECRET} hits mum"\ndecision:\n  tier: three\n', "decision.tier"),
    "decision reason with a wrong tier": (
        f'concerns:\n  - "x"\ndecision:\n  tier: 9\n  reason: "{SECRET}"\n',
        "decision.tier",
    ),
    "consent status misspelt": (f'concerns:\n  - "{SECRET}"\nconsent:\n  status: "{SECRET}"\n', "consent.status"),
    "unclosed quote": (f'concerns:\n  - "{SECRET} hits mum\n', "invalid YAML"),
    "tab indentation": (f'concerns:\n\t- "{SECRET} hits mum"\n', "invalid YAML"),
    "non-UTF-8 byte in the concern": (f'concerns:\n  - "{SECRET} caf\udce9"\n', "not valid UTF-8"),
    "concern written as `label: text`": (f"concerns:\n  - {SECRET} told the teacher: dad hits her\n", "unknown key"),
    "concern mapping with a repeated label": (f"concerns:\n  - {{{SECRET}: a, {SECRET}: b}}\n", "duplicate key"),
    "concern text in the indicator field": (
        f'concerns:\n  - indicator: "{SECRET} dad hits mum"\n    tier: 3\n',
        "concerns[0].indicator",
    ),
    "concern text in the statutory field": (f'concerns:\n  - statutory: "{SECRET} dad hits mum"\n', "statutory"),
    "starts with * like a bullet": (f"concerns:\n  - *{SECRET} hits mum\n", "alias"),
    "starts with ! for emphasis": (f"concerns:\n  - !{SECRET} dad hits mum\n", "tag"),
    "a working_well item written as `label: text`": (
        f'concerns: ["x"]\nworking_well:\n  - {SECRET} said: nan helps\n',
        "working_well[0]",
    ),
}


@pytest.mark.parametrize("broken", LEAKS, ids=list(LEAKS))
def test_errors_never_quote_the_case(broken: str, tmp_path: Path, forked: ForkRunner) -> None:
    body, about = LEAKS[broken]
    text = HEAD + body
    case = tmp_path / "case.yaml"
    # surrogateescape: the non-UTF-8 variant carries a raw latin-1 byte
    case.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    result = forked.run(["assess", str(case), "--pack", "norfolk", "--format", "jsonl"], cwd=tmp_path)
    assert_contract(result, {2}, str(case))
    assert about in result.stderr, f"refused for another reason than {broken!r}: {result.stderr!r}"
    marker = SECRET.lower()
    assert marker not in result.stderr.lower(), f"case text in the error: {result.stderr!r}"
    assert marker not in result.stdout.lower(), f"case text in the error row: {result.stdout!r}"


# ---------------------------------------------------------------- nothing written but --output


def _tree(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots for p in root.rglob("*"))


@pytest.fixture
def sealed(tmp_path: Path) -> dict[str, Any]:
    """Empty HOME, XDG dirs, TMPDIR and working directory; the case file somewhere else, read-only."""
    dirs = {name: tmp_path / name for name in ("home", "cache", "config", "data", "state", "runtime", "tmp", "cwd")}
    for d in dirs.values():
        d.mkdir()
    cases = tmp_path / "cases"
    cases.mkdir()
    case = cases / "case.yaml"
    case.write_text(
        f'reference: "REF-ZZ-7781"\nchild:\n  age: 14\nconcerns:\n  - "{SECRET}: has run away three times"\n'
        '  - "Dad hits mum in front of the children"\nworking_well:\n  - "Nan collects her from school"\n',
        encoding="utf-8",
    )
    env = base_env(
        dirs["home"],
        None,
        {
            "XDG_CACHE_HOME": str(dirs["cache"]),
            "XDG_CONFIG_HOME": str(dirs["config"]),
            "XDG_DATA_HOME": str(dirs["data"]),
            "XDG_STATE_HOME": str(dirs["state"]),
            "XDG_RUNTIME_DIR": str(dirs["runtime"]),
            "TMPDIR": str(dirs["tmp"]),
        },
    )
    return {"dirs": dirs, "case": case, "env": env}


def test_assess_writes_nothing_without_output(sealed: dict[str, Any]) -> None:
    dirs, case = sealed["dirs"], sealed["case"]
    env = {**sealed["env"], "THRESHOLD_NO_CACHE": "1"}
    before = case.read_bytes()
    for fmt in ("text", "json", "jsonl", "markdown"):
        result = run_cli(["assess", str(case), "--pack", "norfolk", "--format", fmt], env=env, cwd=dirs["cwd"])
        assert_contract(result, {0}, None)
    for args in (["lookup", "runs away", "--format", "json"], ["validate", str(PACKS / "norfolk.yaml")]):
        assert_contract(run_cli(args, env=env, cwd=dirs["cwd"]), {0}, None)
    assert _tree(*dirs.values()) == [], "something was written to disk"
    assert sorted(p.name for p in case.parent.iterdir()) == ["case.yaml"] and case.read_bytes() == before


def test_assess_output_writes_only_that_file(sealed: dict[str, Any]) -> None:
    dirs, case = sealed["dirs"], sealed["case"]
    env = {**sealed["env"], "THRESHOLD_NO_CACHE": "1"}
    result = run_cli(
        ["assess", str(case), "--pack", "norfolk", "--format", "json", "--output", "out.json"], env=env, cwd=dirs["cwd"]
    )
    assert_contract(result, {0}, None)
    assert result.stdout == ""
    assert _tree(*dirs.values()) == [str(dirs["cwd"] / "out.json")]
    assert '"tier"' in (dirs["cwd"] / "out.json").read_text(encoding="utf-8")


def test_the_index_cache_holds_no_case_content(sealed: dict[str, Any]) -> None:
    dirs, case = sealed["dirs"], sealed["case"]
    result = run_cli(["assess", str(case), "--pack", "norfolk", "--format", "json"], env=sealed["env"], cwd=dirs["cwd"])
    assert_contract(result, {0}, None)
    written = [p for p in dirs["cache"].rglob("*") if p.is_file()]
    assert written, "expected the index cache under XDG_CACHE_HOME"
    for path in written:
        assert path.name.startswith(("index-", "pack-")) and path.suffix == ".bin", path  # the packs, checked
        data = path.read_bytes()
        for needle in (SECRET, "REF-ZZ-7781", "runs away three times", "Nan collects"):
            assert needle.encode() not in data, f"case text in the cache file {path}"
    others = [p for d in ("home", "config", "data", "state", "runtime", "tmp", "cwd") for p in dirs[d].rglob("*")]
    # HOME/.cache is not used because XDG_CACHE_HOME is set; nothing else anywhere
    assert others == []


# ---------------------------------------------------------------- --redact


@pytest.mark.parametrize("fmt", [f.value for f in AssessFormat])
def test_redact_removes_the_reference(fmt: str, sealed: dict[str, Any]) -> None:
    case = str(sealed["case"])
    plain = run("assess", case, "--pack", "norfolk", "--format", fmt)
    assert plain.code == 0 and "REF-ZZ-7781" in plain.stdout, "the reference is shown without --redact"
    redacted = run("assess", case, "--pack", "norfolk", "--format", fmt, "--redact")
    assert redacted.code == 0, redacted.stderr
    assert "REF-ZZ-7781" not in redacted.stdout + redacted.stderr
    if fmt in {"json", "jsonl"}:
        assert '"reference"' not in redacted.stdout


def test_redact_applies_to_output_files(sealed: dict[str, Any]) -> None:
    out = sealed["dirs"]["cwd"] / "reading.md"
    result = run("assess", str(sealed["case"]), "--pack", "norfolk", "--format", "markdown", "--redact", "-o", str(out))
    assert result.code == 0, result.stderr
    assert "REF-ZZ-7781" not in out.read_text(encoding="utf-8")
