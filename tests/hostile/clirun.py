"""Run ``threshold`` as a user would, bounded in time and memory.

Every hostile run is a real process (so a hang, a crash or a runaway allocation is observed, not hidden
by an in-process runner), with a wall-clock timeout and an address-space limit (``RLIMIT_AS``) set in
the child before it starts:

* :func:`run_cli` starts the installed console script (``.venv/bin/threshold``), interpreter and all;
* :class:`ForkRunner` forks each run from a server that has already imported ``threshold_cli``
  (tests/hostile/forkserver.py): the same ``main()`` in a fresh process, without ~0.5 s of start-up.
  The corpus (hundreds of runs) uses it; a test checks that both print exactly the same.
"""

from __future__ import annotations

import json
import os
import queue
import re
import resource
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

THRESHOLD = Path(sysconfig.get_path("scripts")) / "threshold"
"""The console script of the venv the tests run in (``.venv/bin/threshold``)."""

TIMEOUT = 20.0
"""Seconds one command may take on one hostile input."""

MEMORY_LIMIT = 2 * 1024**3
"""Bytes of address space one command may use (RLIMIT_AS)."""

# Variables a test-wide guard (tests/network_guard.py) uses to reach child processes.
_PASS_THROUGH = ("PYTHONPATH", "THRESHOLD_NETWORK_LOG", "THRESHOLD_BLOCK_NETWORK", "SYSTEMROOT")


def _limit_memory(limit: int = MEMORY_LIMIT, as_: int = resource.RLIMIT_AS) -> None:
    # Runs in the child between fork and exec: no imports, no allocation beyond the call.
    resource.setrlimit(as_, (limit, limit))


@dataclass(frozen=True)
class CliRun:
    args: tuple[str, ...]
    code: int | None  # None: killed after the timeout
    stdout: str
    stderr: str
    seconds: float
    max_rss_kb: int | None = None  # peak resident memory, where the runner measures it (ForkRunner)

    @property
    def timed_out(self) -> bool:
        return self.code is None

    def describe(self) -> str:
        """Enough to reproduce and diagnose a failure (output shortened)."""
        return (
            f"$ threshold {' '.join(self.args)}\n"
            f"exit: {'TIMEOUT' if self.timed_out else self.code} after {self.seconds:.1f}s\n"
            f"stderr: {self.stderr[:2000]!r}\nstdout: {self.stdout[:1000]!r}"
        )

    def json(self) -> Any:
        return json.loads(self.stdout)


def base_env(home: Path, cache: Path | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A minimal environment: nothing from the developer's shell that could change the result."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "PYTHONIOENCODING": "utf-8",
    }
    if cache is not None:
        env["THRESHOLD_CACHE_DIR"] = str(cache)
    for name in _PASS_THROUGH:
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(extra or {})
    return env


def run_cli(
    args: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    timeout: float = TIMEOUT,
    stdin: bytes | None = None,
) -> CliRun:
    """``threshold ARGS`` in a fresh process; never raises on a non-zero exit or a timeout."""
    start = time.monotonic()
    try:
        done = subprocess.run(
            [str(THRESHOLD), *args],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            env=dict(env),
            cwd=cwd,
            timeout=timeout,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or b""
        err = exc.stderr or b""
        return CliRun(tuple(args), None, _text(out), _text(err), time.monotonic() - start)
    return CliRun(tuple(args), done.returncode, _text(done.stdout), _text(done.stderr), time.monotonic() - start)


def _text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else raw.decode("utf-8", errors="replace")


FORK_SERVER = Path(__file__).with_name("forkserver.py")


class _Server:
    """One fork server process and the pipes to it; used by one thread at a time."""

    def __init__(self, env: Mapping[str, str], scratch: Path) -> None:
        self.scratch = scratch
        self.process = subprocess.Popen(
            [sys.executable, str(FORK_SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**env, "THRESHOLD_SCRIPT": str(THRESHOLD)},
            text=True,
            encoding="utf-8",
        )
        self.stdin: IO[str] = self.process.stdin  # type: ignore[assignment]
        self.stdout: IO[str] = self.process.stdout  # type: ignore[assignment]
        ready = json.loads(self.stdout.readline() or "{}")
        assert "ready" in ready, "the fork server did not start (see its stderr above)"
        self.count = 0

    def run(self, args: Sequence[str], env: Mapping[str, str], cwd: Path, timeout: float) -> CliRun:
        self.count += 1
        out = self.scratch / f"{os.getpid()}-{id(self)}-{self.count}.out"
        err = out.with_suffix(".err")
        request = {
            "args": list(args),
            "env": dict(env),
            "cwd": str(cwd),
            "stdout": str(out),
            "stderr": str(err),
            "timeout": timeout,
            "memory": MEMORY_LIMIT,
        }
        self.stdin.write(json.dumps(request) + "\n")
        self.stdin.flush()
        answer = json.loads(self.stdout.readline())
        stdout, stderr = _text(out.read_bytes()), _text(err.read_bytes())
        out.unlink()
        err.unlink()
        return CliRun(tuple(args), answer["code"], stdout, stderr, answer["seconds"], answer["max_rss_kb"])

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(timeout=30)
        self.stdout.close()


class ForkRunner:
    """``threshold ARGS`` in a process forked from a pre-imported server; ``workers`` runs at a time."""

    def __init__(self, env: Mapping[str, str], workers: int) -> None:
        self.env = dict(env)
        self.scratch = Path(tempfile.mkdtemp(prefix="threshold-forkrun-"))
        self.servers: queue.Queue[_Server] = queue.Queue()
        self.all: list[_Server] = []
        for _ in range(workers):
            server = _Server(self.env, self.scratch)
            self.all.append(server)
            self.servers.put(server)

    def run(
        self, args: Sequence[str], *, cwd: Path, timeout: float = TIMEOUT, env: Mapping[str, str] | None = None
    ) -> CliRun:
        server = self.servers.get()
        try:
            return server.run(args, env if env is not None else self.env, cwd, timeout)
        finally:
            self.servers.put(server)

    def close(self) -> None:
        for server in self.all:
            server.close()
        for leftover in self.scratch.iterdir():
            leftover.unlink()
        self.scratch.rmdir()


@contextmanager
def fork_runner(env: Mapping[str, str], workers: int) -> Iterator[ForkRunner]:
    runner = ForkRunner(env, workers)
    try:
        yield runner
    finally:
        runner.close()


# ---------------------------------------------------------------- the contract, as assertions

LOCATED = r":\d+:\d+: "


def contract_problems(run: CliRun, allowed: set[int], path: str | None) -> list[str]:
    """Every way ``run`` breaks docs/contracts.md ("Exit codes"), as sentences (empty: it keeps it).

    * finished within the timeout, with an exit status in ``allowed``;
    * no Python traceback on either stream;
    * exit 2: exactly one line on stderr, starting ``threshold: `` and naming ``path``.
    """
    problems = []
    if run.timed_out:
        return [f"no answer within {TIMEOUT:.0f}s (a hang, or far too slow)"]
    if run.code not in allowed:
        problems.append(f"exit {run.code}, expected one of {sorted(allowed)}")
    for name, stream in (("stdout", run.stdout), ("stderr", run.stderr)):
        if "Traceback" in stream:
            problems.append(f"a Python traceback on {name}")
    if run.code == 2:
        lines = run.stderr.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr, expected exactly one")
        if not run.stderr.startswith("threshold: "):
            problems.append("stderr does not start with `threshold: `")
        if path is not None and path not in run.stderr:
            problems.append(f"stderr does not name the file {path}")
    return problems


def assert_contract(run: CliRun, allowed: set[int], path: str | None) -> None:
    problems = contract_problems(run, allowed, path)
    assert not problems, "; ".join(problems) + "\n" + run.describe()


def concern_partition_problems(reading: Mapping[str, Any], count: int) -> list[str]:
    """Each concern index 0..count-1 is in exactly one of ``evidence``, ``statutory``, ``unmatched``.

    ``evidence`` and ``unmatched`` hold a concern at most once; ``statutory`` may list several criteria
    met by one concern (engine/assess.py appends one entry per criterion), so it is compared as a set.
    """
    evidence = [e["concern"] for e in reading["evidence"]]
    unmatched = [u["concern"] for u in reading["unmatched"]]
    statutory = {s["concern"] for s in reading["statutory"]}
    problems = []
    for name, seq in (("evidence", evidence), ("unmatched", unmatched)):
        dup = _dups(seq)
        if dup:
            problems.append(f"concerns {dup[:10]} appear more than once in {name}")
    places: dict[int, list[str]] = {}
    for name, indexes in (("evidence", set(evidence)), ("statutory", statutory), ("unmatched", set(unmatched))):
        for i in indexes:
            places.setdefault(i, []).append(name)
    missing = [i for i in range(count) if i not in places]
    twice = [(i, p) for i, p in places.items() if len(p) > 1]
    extra = [i for i in places if not (isinstance(i, int) and 0 <= i < count)]
    if missing:
        problems.append(f"{len(missing)} concerns dropped (e.g. {missing[:10]})")
    if twice:
        problems.append(f"concerns in more than one list: {twice[:5]}")
    if extra:
        problems.append(f"indexes that are not concerns: {extra[:10]}")
    return problems


def _dups(seq: list[int]) -> list[int]:
    seen: set[int] = set()
    dup: set[int] = set()
    for i in seq:
        (dup if i in seen else seen).add(i)
    return sorted(dup)


def error_names_file(line: str, path: str) -> bool:
    """``threshold: PATH:LINE:COL: message`` or, for a file that cannot be opened, ``threshold: PATH: ...``."""
    return bool(re.match(re.escape(f"threshold: {path}") + f"({LOCATED}|: )", line))
