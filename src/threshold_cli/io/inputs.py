"""The files a command line names: one expander for every command that takes files or folders.

Files keep the order given; a folder becomes its files with the command's suffixes, sorted (and searched
recursively where the command says so); a path that cannot be used, or a folder with none of those files,
is an error *in its place*, naming it as typed, so that a batch never shrinks silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from threshold_cli.io.yamldoc import require_file
from threshold_cli.model.errors import InputFileError, SourceLocation

YAML = (".yaml", ".yml")


def expand(
    paths: Iterable[str],
    *,
    what: str,
    suffixes: tuple[str, ...] = YAML,
    recursive: bool = False,
    check_files: bool = True,
) -> list[Path | InputFileError]:
    """Each path, or each file of each folder, with an error in place of what cannot be used.

    ``what`` names the files in the error for an empty folder ("no case files (*.yaml, *.yml) in this
    folder"); with ``check_files`` false, a named file is passed on unchecked (its reader reports it),
    and ``-`` stands for standard input.
    """
    out: list[Path | InputFileError] = []
    for raw in paths:
        path = Path(raw)
        if raw == "-" and check_files is False:  # standard input, read by the command as one file
            out.append(path)
            continue
        try:
            require_file(path, folder_ok=True, missing_ok=not check_files)
        except InputFileError as exc:
            out.append(exc)
            continue
        if not path.is_dir():
            out.append(path)
            continue
        walk = path.rglob("*") if recursive else path.iterdir()
        found = sorted(p for p in walk if p.name.endswith(suffixes) and p.is_file())
        if not found:
            patterns = ", ".join(f"*{s}" for s in suffixes)
            out.append(InputFileError(f"no {what} ({patterns}) in this folder", SourceLocation(raw)))
        out.extend(found)
    return out


def split(items: Iterable[Path | InputFileError]) -> tuple[list[Path], list[InputFileError]]:
    """The usable files, and the errors, each in order."""
    items = list(items)
    return [p for p in items if isinstance(p, Path)], [e for e in items if isinstance(e, InputFileError)]


def skipped_folders(paths: Iterable[str]) -> list[Path]:
    """The sub-folders of the folders named, which a non-recursive expansion leaves out (said, never silent)."""
    return [sub for raw in paths if Path(raw).is_dir() for sub in sorted(Path(raw).iterdir()) if sub.is_dir()]
