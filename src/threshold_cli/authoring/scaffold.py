"""``threshold new-pack``: a complete, valid starting pack and golden file for a partnership's own guide.

Authors learn the format fastest by editing something that already validates and passes its tests. So
the scaffold is a whole pack (every block a real pack has, each rule kind wired to its settings and
criteria) whose guide text is placeholders marked ``REPLACE:``, and golden cases that pin indicators
and name criteria, so they pass before any guide text is written. The two files are templates shipped
as package data (``templates/``).
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from threshold_cli.model.errors import InputFileError, SourceLocation, UsageError
from threshold_cli.model.types import SLUG_PATTERN

_SLUG = re.compile(SLUG_PATTERN)
TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The scaffold's two files, as :class:`string.Template` text (``$name``, ``$title``; ``$$`` is a dollar)."""


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def new_pack(name: str, directory: Path) -> list[Path]:
    """Write ``<name>.yaml`` and ``<name>.tests.yaml`` in ``directory`` (created if missing); never overwrite."""
    if not _SLUG.match(name):
        raise UsageError(f"pack name `{name}` must be lower-case letters, digits and hyphens (e.g. `my-council`)")
    files = {
        directory / f"{name}.yaml": _template("pack.yaml").substitute(name=name, title=name.replace("-", " ").title()),
        directory / f"{name}.tests.yaml": _template("pack.tests.yaml").substitute(name=name),
    }
    existing = [str(path) for path in files if path.exists()]
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}: not overwritten")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except FileExistsError as exc:  # created by someone else since the check above
        raise UsageError(f"{exc.filename} already exists: not overwritten") from None
    except OSError as exc:
        raise InputFileError(f"cannot write ({exc.strerror})", SourceLocation(str(exc.filename or directory))) from None
    return list(files)


def new_case(path: Path) -> Path:
    """Write a commented starter case file at ``path`` (never over an existing file)."""
    text = (TEMPLATES / "case.yaml").read_text(encoding="utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists: not overwritten") from None
    except OSError as exc:
        raise InputFileError(f"cannot write ({exc.strerror})", SourceLocation(str(path))) from None
    return path
