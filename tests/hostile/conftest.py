"""Fixtures for the hostile-input suite: an isolated environment for the real ``threshold`` process."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.hostile.clirun import THRESHOLD, base_env


@pytest.fixture(scope="session")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory, cli_home: Path) -> dict[str, str]:
    """Environment for subprocess runs: a private HOME and index cache, no colour, UTF-8."""
    assert THRESHOLD.is_file(), f"the console script is not installed at {THRESHOLD} (pip install -e .)"
    return base_env(cli_home, tmp_path_factory.mktemp("cli-cache"))
