"""Every command `threshold --help` lists has help with examples and is documented in README.md.

A new command that is missing from the README fails here by name: that is the list of what to add.
"""

from __future__ import annotations

import re
import subprocess
import sysconfig
from pathlib import Path

import pytest
from tests.conftest import ROOT, run

import threshold_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
THRESHOLD = Path(sysconfig.get_path("scripts")) / "threshold"


def listed_commands() -> list[str]:
    """Command names from the `Commands` panel of `threshold --help`, in the order shown."""
    result = run("--help")
    assert result.code == 0, result.stderr
    names: list[str] = []
    in_panel = False
    for line in result.stdout.splitlines():
        if "Commands" in line and line.lstrip().startswith("╭"):
            in_panel = True
            continue
        if in_panel and line.lstrip().startswith("╰"):
            break
        match = re.match(r"^\s*│ ([a-z][a-z0-9-]*)\s{2,}\S", line)
        if in_panel and match:
            names.append(match.group(1))
    return names


COMMANDS = listed_commands()


def test_help_lists_the_commands_the_app_has() -> None:
    import typer.main

    from threshold_cli.cli.app import app

    group = typer.main.get_command(app)
    visible = [name for name, cmd in group.commands.items() if not cmd.hidden]  # type: ignore[attr-defined]
    assert sorted(COMMANDS) == sorted(visible)
    assert {"assess", "lookup", "validate"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help_has_an_example_section(command: str) -> None:
    result = run(command, "-h")
    assert result.code == 0, result.stderr
    assert re.search(r"^\s*Examples?:\s*$", result.stdout, re.MULTILINE), f"`threshold {command} -h` has no Example"
    assert re.search(rf"^\s*threshold {re.escape(command)}\b", result.stdout, re.MULTILINE), "no example command line"
    assert run(command, "--help").stdout == result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented_in_the_readme(command: str) -> None:
    assert re.search(rf"`threshold {re.escape(command)}\b", README), (
        f"README.md does not mention `threshold {command}` (add it to the Commands table)"
    )


def test_version_in_process_and_from_the_installed_script() -> None:
    result = run("--version")
    assert (result.code, result.stdout, result.stderr) == (0, f"threshold {threshold_cli.__version__}\n", "")
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)*", threshold_cli.__version__)
    done = subprocess.run([str(THRESHOLD), "--version"], capture_output=True, text=True, timeout=30, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"threshold {threshold_cli.__version__}\n", "")


def test_a_closed_pipe_ends_quietly(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    """`threshold ... | head`: when the reader has gone, stop quietly with SIGPIPE's status, no traceback."""
    import threshold_cli.__main__ as entry

    def reader_gone() -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(entry, "_main", reader_gone)
    monkeypatch.setattr("os.dup2", lambda *_: None)  # keep pytest's own stdout
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 141
    assert capfd.readouterr().err == ""
