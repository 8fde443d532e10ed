"""pytest plugin: run the whole suite with the network blocked, in-process and in child processes.

Enable it with ``-p tests.network_guard`` (add it to ``addopts`` in pyproject.toml) and then either::

    THRESHOLD_BLOCK_NETWORK=1 python -m pytest
    python -m pytest --block-network

When enabled:

* in the test process, ``socket.socket.connect``/``connect_ex``/``sendto``, ``socket.create_connection``
  and ``socket.getaddrinfo`` raise :class:`NetworkBlockedError` for anything but a Unix socket;
* every child Python process (the ``threshold`` console script run by the hostile suite) gets the same
  guard through a generated ``sitecustomize.py`` on ``PYTHONPATH``;
* every attempt, in any process, is logged; if there was one, the session fails even when the code
  under test caught the exception and carried on, and the attempts are listed in the summary.

Loaded but not enabled, it does nothing, so it is safe to keep in ``addopts``.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

import pytest

ENV_SWITCH = "THRESHOLD_BLOCK_NETWORK"
ENV_LOG = "THRESHOLD_NETWORK_LOG"

GUARD_SOURCE = '''
import os
import socket
import traceback

_LOG = os.environ.get("THRESHOLD_NETWORK_LOG")


class NetworkBlockedError(OSError):
    """Raised instead of any network access while the suite runs with the network blocked."""


def _record(what):
    if _LOG:
        stack = "".join(traceback.format_stack(limit=8)[:-2])
        with open(_LOG, "a", encoding="utf-8") as handle:
            handle.write(f"pid {os.getpid()}: {what}\\n{stack}\\n")


def _refuse(what):
    _record(what)
    raise NetworkBlockedError(f"network access blocked by tests/network_guard.py: {what}")


def _is_local(sock):
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX


def install():
    if getattr(socket, "_threshold_guard", False):
        return
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def guarded_connect(self, address):
        if _is_local(self):
            return connect(self, address)
        _refuse(f"socket.connect({address!r})")

    def guarded_connect_ex(self, address):
        if _is_local(self):
            return connect_ex(self, address)
        _refuse(f"socket.connect_ex({address!r})")

    def guarded_sendto(self, data, *args):
        if _is_local(self):
            return sendto(self, data, *args)
        _refuse(f"socket.sendto({args[-1]!r})")

    def guarded_create_connection(address, *args, **kwargs):
        _refuse(f"socket.create_connection({address!r})")

    def guarded_getaddrinfo(host, *args, **kwargs):
        _refuse(f"socket.getaddrinfo({host!r})")

    socket.socket.connect = guarded_connect
    socket.socket.connect_ex = guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.create_connection = guarded_create_connection
    socket.getaddrinfo = guarded_getaddrinfo
    socket._threshold_guard = True
'''

_state: dict[str, Any] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--block-network",
        action="store_true",
        default=False,
        help=f"Block and report all network access, in tests and child processes (or set {ENV_SWITCH}=1).",
    )


def enabled(config: pytest.Config) -> bool:
    return os.environ.get(ENV_SWITCH) == "1" or bool(config.getoption("--block-network"))


def pytest_configure(config: pytest.Config) -> None:
    if not enabled(config):
        return
    directory = Path(tempfile.mkdtemp(prefix="threshold-netguard-"))
    (directory / "threshold_network_guard.py").write_text(GUARD_SOURCE, encoding="utf-8")
    (directory / "sitecustomize.py").write_text(
        "import threshold_network_guard\nthreshold_network_guard.install()\n", encoding="utf-8"
    )
    log = directory / "attempts.log"
    log.touch()
    saved = {name: os.environ.get(name) for name in ("PYTHONPATH", ENV_LOG, ENV_SWITCH)}
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(directory), os.environ.get("PYTHONPATH")]))
    os.environ[ENV_LOG] = str(log)
    os.environ[ENV_SWITCH] = "1"
    saved_socket = {
        "connect": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "sendto": socket.socket.sendto,
        "create_connection": socket.create_connection,
        "getaddrinfo": socket.getaddrinfo,
    }
    import importlib.util

    spec = importlib.util.spec_from_file_location("threshold_network_guard", directory / "threshold_network_guard.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.install()
    _state.update(directory=directory, log=log, saved_env=saved, saved_socket=saved_socket)


def attempts() -> str:
    log = _state.get("log")
    return log.read_text(encoding="utf-8") if log is not None and log.exists() else ""


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _state and attempts():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _state:
        return
    found = attempts()
    if found:
        terminalreporter.section("network access attempted (blocked)", red=True)
        terminalreporter.write(found)
    else:
        terminalreporter.write_line("network guard: no network access was attempted")


def pytest_unconfigure(config: pytest.Config) -> None:
    if not _state:
        return
    for name, value in _state["saved_env"].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    saved = _state["saved_socket"]
    socket.socket.connect = saved["connect"]  # type: ignore[method-assign]
    socket.socket.connect_ex = saved["connect_ex"]  # type: ignore[method-assign]
    socket.socket.sendto = saved["sendto"]  # type: ignore[method-assign]
    socket.create_connection = saved["create_connection"]
    socket.getaddrinfo = saved["getaddrinfo"]
    socket._threshold_guard = False  # type: ignore[attr-defined]
    shutil.rmtree(_state["directory"], ignore_errors=True)
    _state.clear()
