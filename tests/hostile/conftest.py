"""Fixtures for the hostile-input suite: an isolated environment for the real ``threshold`` process."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.hostile.clirun import THRESHOLD, ForkRunner, base_env, fork_runner

WORKERS = max(2, min(4, os.cpu_count() or 1))
"""Processes run at once. Forked runs start warm, so they wait on the CPU: one per CPU (at least two)."""


@pytest.fixture(scope="session")
def cli_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="session")
def cli_env(tmp_path_factory: pytest.TempPathFactory, cli_home: Path) -> dict[str, str]:
    """Environment for subprocess runs: a private HOME and index cache, no colour, UTF-8."""
    assert THRESHOLD.is_file(), f"the console script is not installed at {THRESHOLD} (pip install -e .)"
    return base_env(cli_home, tmp_path_factory.mktemp("cli-cache"))


@pytest.fixture(scope="session")
def forked(cli_env: dict[str, str]) -> Iterator[ForkRunner]:
    """``WORKERS`` fork servers (tests/hostile/forkserver.py) for tests that run ``threshold`` many times."""
    with fork_runner(cli_env, WORKERS) as runner:
        yield runner
