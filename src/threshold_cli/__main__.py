"""Entry point for ``threshold`` and ``python -m threshold_cli``.

Kept free of imports so that ``lookup`` can take its Typer-free fast path (see cli/fastpath.py).
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        _main()
        sys.stdout.flush()  # inside the try: a reader that has gone is found here, not at interpreter exit
    except BrokenPipeError:
        _reader_gone()


def _reader_gone() -> None:
    """The reader closed the pipe (``threshold lookup ... | head``): stop quietly, as a tool killed by
    SIGPIPE does (exit 141), with stdout pointed at /dev/null so that nothing is flushed into the void."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(128 + 13)


def _main() -> None:
    if sys.argv[1:2] == ["lookup"]:
        from threshold_cli.cli.fastpath import run

        try:
            code = run(sys.argv[2:])
        except KeyboardInterrupt:  # Ctrl-C: one line, as Typer's path does, never a traceback
            sys.stderr.write("\nthreshold: interrupted\n")
            sys.exit(130)
        if code is not None:
            sys.exit(code)
    from threshold_cli.cli.app import app

    app(prog_name="threshold")


if __name__ == "__main__":
    main()
