"""A start-up fast path for ``threshold lookup``: the first thing a new user runs, often in a loop.

Importing Typer costs about as much as the whole lookup. For an invocation this parser understands
completely, it calls the same library and the same renderer as the Typer command; for anything else
(help, completion, a bad value, an option it does not know) it returns ``None`` and Typer handles the
command, with its usual messages. ``tests/acceptance/test_lookup_cli.py`` checks both paths print the same.
"""

from __future__ import annotations

import os
import sys

_VALUE_OPTIONS = {
    "--pack": "pack", "-p": "pack",
    "--tier": "tier", "-t": "tier",
    "--domain": "domain", "-d": "domain",
    "--limit": "limit", "-n": "limit",
    "--format": "format", "-f": "format",
}  # fmt: skip
_FLAGS = {"--context": "context", "-c": "context", "--explain": "explain"}
_MEANING = {"--meaning": True, "--no-meaning": False}


def parse(args: list[str]) -> dict[str, object] | None:
    """Options of ``lookup`` as a dict, or ``None`` if Typer should handle this command line."""
    opts: dict[str, object] = {"pack": [], "tier": None, "domain": None, "limit": 5, "format": "text",
                               "context": False, "explain": False, "meaning": None, "query": []}  # fmt: skip
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            opts["query"] = [*opts["query"], *args[i + 1 :]]  # type: ignore[misc]
            break
        name, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _FLAGS and not inline:
            opts[_FLAGS[name]] = True
        elif name in _MEANING and not inline:
            opts["meaning"] = _MEANING[name]
        elif name in _VALUE_OPTIONS:
            if inline:
                value = inline
            elif i + 1 < len(args):
                i += 1
                value = args[i]
            else:
                return None
            key = _VALUE_OPTIONS[name]
            if key == "pack":
                opts["pack"] = [*opts["pack"], value]  # type: ignore[misc]
            elif key in {"tier", "limit"}:
                if not value.isdigit():
                    return None
                number = int(value)
                if (key == "tier" and not 1 <= number <= 4) or (key == "limit" and not 1 <= number <= 200):
                    return None
                opts[key] = number
            elif key == "format":
                if value not in {"text", "json"}:
                    return None
                opts["format"] = value
            else:
                opts[key] = value
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            opts["query"] = [*opts["query"], arg]  # type: ignore[misc]
        i += 1
    return opts if opts["query"] else None


def run(args: list[str]) -> int | None:
    """Run ``lookup`` without Typer, or return ``None`` to let Typer do it."""
    if os.environ.get("_THRESHOLD_COMPLETE"):
        return None
    opts = parse(args)
    if opts is None:
        return None
    from threshold_cli.model.errors import ThresholdError
    from threshold_cli.render.formats import LookupFormat
    from threshold_cli.render.lookup import lookup_output
    from threshold_cli.retrieval.lookup import lookup, note_on_stderr

    text = " ".join(opts["query"])  # type: ignore[arg-type]
    try:
        result = lookup(
            text,
            list(opts["pack"]) or os.environ.get("THRESHOLD_PACK", "").split(),  # type: ignore[call-overload]
            tier=opts["tier"],  # type: ignore[arg-type]
            domain=opts["domain"],  # type: ignore[arg-type]
            limit=opts["limit"],  # type: ignore[arg-type]
            context=bool(opts["context"]),
            meaning=opts["meaning"],  # type: ignore[arg-type]
            progress=note_on_stderr,
        )
    except ThresholdError as exc:
        sys.stderr.write(f"threshold: {exc}\n")
        return 2
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    sys.stdout.write(lookup_output(result, text, LookupFormat(opts["format"]), bool(opts["explain"]), colour) + "\n")
    return 0
