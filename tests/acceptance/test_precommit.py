"""The published pre-commit hooks, run by pre-commit itself in a throwaway repository.

The hooks are taken from `.pre-commit-hooks.yaml` and run as `repo: local` hooks with `language: system`
(the installed `threshold`), so the test fetches nothing and cannot drift from what is published.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.conftest import PACKS, ROOT
from tests.pack_edits import git

from threshold_cli.authoring.scaffold import new_pack

BIN = Path(sys.executable).parent  # where this environment's `threshold` and `pre-commit` are installed


def published_hooks() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hooks


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=os.pathsep.join([str(BIN), os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail("pre-commit is not installed: it is in the test extras (pip install -e '.[test]')")
    return found


def repository(tmp_path: Path) -> Path:
    """An empty git repository whose .pre-commit-config.yaml runs the published hooks locally."""
    repo = tmp_path / "repo"
    (repo / "rulepacks").mkdir(parents=True)
    hooks = [{**hook, "language": "system"} for hook in published_hooks()]
    config = yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "tests@example.invalid")
    git(repo, "config", "user.name", "tests")
    return repo


def commit_and_run(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    git(repo, "add", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "packs")
    env = {key: value for key, value in os.environ.items() if key not in {"SKIP", "PRE_COMMIT_COLOR", "GIT_DIR"}}
    env.update(
        PATH=os.pathsep.join([str(BIN), env.get("PATH", "")]),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    command = [pre_commit(), "run", "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_published_hooks() -> None:
    assert [(h["id"], h["entry"], h["language"], h.get("pass_filenames", True)) for h in published_hooks()] == [
        ("threshold-validate", "threshold validate --strict", "python", True),
        ("threshold-test", "threshold test", "python", False),
    ]


def test_hooks_pass_on_the_norfolk_pack(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    for name in ("norfolk.yaml", "norfolk.tests.yaml"):
        shutil.copyfile(PACKS / name, repo / "rulepacks" / name)
    result = commit_and_run(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "threshold validate" in result.stdout
    assert "threshold test" in result.stdout
    assert result.stdout.count("Passed") == 2, result.stdout


def test_hooks_stop_a_broken_pack(tmp_path: Path) -> None:
    repo = repository(tmp_path)
    for name in ("norfolk.yaml", "norfolk.tests.yaml"):
        shutil.copyfile(PACKS / name, repo / "rulepacks" / name)
    assert commit_and_run(repo, tmp_path).returncode == 0
    pack = repo / "rulepacks" / "norfolk.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("\ncaveat:", "\ncaveats:", 1), encoding="utf-8")
    line = text[: text.index("\ncaveat:")].count("\n") + 2
    result = commit_and_run(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"rulepacks/norfolk.yaml:{line}:1: [error] unknown key `caveats`; did you mean `caveat`?" in result.stdout
    assert result.stdout.count("Failed") == 2, result.stdout  # the golden cases refuse a pack that does not validate


def test_hooks_stop_a_half_written_pack(tmp_path: Path) -> None:
    """A fresh scaffold validates, but its `REPLACE:` placeholders are warnings, and the hook is --strict."""
    repo = repository(tmp_path)
    new_pack("my-council", repo / "rulepacks")
    result = commit_and_run(repo, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "rulepacks/my-council.yaml:" in result.stdout
    assert "[warning] still a placeholder: replace it with the guide's own words (placeholder)" in result.stdout
    assert result.stdout.count("Failed") == 1 and result.stdout.count("Passed") == 1, result.stdout
