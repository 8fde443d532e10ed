"""A fork server for the hostile corpus: ``threshold`` already imported, one forked process per run.

Started as a plain script (``python tests/hostile/forkserver.py``) by :class:`tests.hostile.clirun.ForkRunner`.
It imports the ``threshold_cli`` modules once, then for every request read from stdin forks a child that
does what the console script does (``threshold_cli.__main__.main()`` with ``sys.argv``), in the request's
working directory and environment, with stdin from ``/dev/null``, stdout and stderr to the files named in
the request, and its address space limited (``RLIMIT_AS``) before it starts. The server kills the child
when the request's timeout passes and answers one JSON line: the exit status (negative: killed by that
signal), whether it timed out, and the seconds taken.

So each run is still a separate process (a crash, a hang or a runaway allocation is observed and bounded,
never hidden), but it skips the interpreter's start-up and ~0.5 s of imports: the corpus of ~70 inputs x 4
commands runs in seconds, not minutes. ``test_fork_runner_matches_the_console_script`` checks that a run
here prints exactly what the installed console script prints.

Requests and answers are JSON lines::

    {"args": [...], "env": {...}, "cwd": "...", "stdout": "...", "stderr": "...", "timeout": 20.0, "memory": 2147483648}
    {"code": 2, "timed_out": false, "seconds": 0.12, "max_rss_kb": 61000}
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
import traceback
from typing import Any

SCRIPT = os.environ.get("THRESHOLD_SCRIPT", "threshold")


def _preload() -> None:
    """Import everything a command may import, so that no child pays for it."""
    import threshold_cli.__main__
    import threshold_cli.authoring.runner
    import threshold_cli.authoring.validate
    import threshold_cli.cli.app
    import threshold_cli.cli.fastpath
    import threshold_cli.engine.batch
    import threshold_cli.render.assess
    import threshold_cli.render.lookup
    import threshold_cli.retrieval.lookup  # noqa: F401


def _child(request: dict[str, Any]) -> None:
    """In the forked child: become ``threshold ARGS`` and never return."""
    code = 1
    try:
        limit = int(request["memory"])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        for fd, path, flags in (
            (0, os.devnull, os.O_RDONLY),
            (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 - lives as long as the child
        sys.argv = [SCRIPT, *request["args"]]
        from threshold_cli.__main__ import main

        try:
            main()
            code = 0
        except SystemExit as exc:  # what the interpreter does with sys.exit(...)
            if exc.code is None:
                code = 0
            elif isinstance(exc.code, int):
                code = exc.code
            else:
                print(exc.code, file=sys.stderr)
                code = 1
    except BaseException:  # an uncaught exception: a traceback, exit 1, as python does
        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code & 0xFF)


def _run(request: dict[str, Any]) -> dict[str, Any]:
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(request)
    deadline = start + float(request["timeout"])
    timed_out = False
    delay = 0.0005
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            timed_out = True
            break
        time.sleep(delay)
        delay = min(delay * 2, 0.01)
    code = os.waitstatus_to_exitcode(status)
    return {
        "code": None if timed_out else code,
        "timed_out": timed_out,
        "seconds": time.monotonic() - start,
        "max_rss_kb": usage.ru_maxrss,  # peak resident memory of the child (KiB on Linux)
    }


def main() -> None:
    _preload()
    out = sys.stdout
    out.write(json.dumps({"ready": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        out.write(json.dumps(_run(json.loads(line))) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
