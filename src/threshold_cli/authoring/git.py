"""A pack as it was at a git revision (``threshold diff --rev``), read and validated like any pack file,
with every error naming the revision: ``HEAD:path:line:column``.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from threshold_cli.io.loader import pack_from_document, trigger_library, validate_document
from threshold_cli.io.resources import triggers_path
from threshold_cli.io.yamldoc import MAX_FILE_BYTES, YamlDocument, decode, parse_yaml
from threshold_cli.model.errors import InputFileError, SchemaError, SourceLocation, UsageError
from threshold_cli.model.pack import Pack, TriggerLibrary


def load_pack_at_rev(path: str, rev: str) -> tuple[Pack, str]:
    """The pack file ``path`` as it was at git revision ``rev``, validated exactly as ``threshold validate``
    does, reading the shared trigger patterns beside it at that revision (the built-in ones where none is
    beside it then or now), and the commit ``rev`` names.
    Symlinks are resolved first: git stores a symlinked folder as a link, so ``REV:rulepacks/x.yaml``
    would not exist when ``rulepacks`` is one."""
    where = SourceLocation(path)
    if not rev.strip() or rev.startswith("-"):
        raise UsageError(f"`{rev}` is not a git revision")
    file = Path(path).resolve()
    if not file.parent.is_dir():
        raise InputFileError("no such folder", where)
    root = Path(_git(["rev-parse", "--show-toplevel"], file.parent, where).decode().strip()).resolve()
    try:
        relative = file.relative_to(root).as_posix()
    except ValueError:
        raise InputFileError(f"not inside the git repository at {root}", where) from None
    failure = f"`{rev}` is not a commit in this repository"
    sha = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root, where, failure).decode().strip()
    pack = pack_from_document(_document(root, rev, relative, where))
    beside = (Path(relative).parent / "triggers.yaml").as_posix()
    if not _git(["ls-tree", "--name-only", rev, "--", beside], root, where).strip():
        if (file.parent / "triggers.yaml").is_file():
            return pack, sha  # from before the patterns beside it were shared: its criteria carried their own
        return trigger_library(triggers_path()).model.for_pack(pack), sha  # it reads the built-in ones
    found = validate_document(_document(root, rev, beside, where), TriggerLibrary)
    if isinstance(found, list):
        raise SchemaError(found[0].message, found[0].location)
    return found.for_pack(pack), sha


def _document(root: Path, rev: str, relative: str, where: SourceLocation) -> YamlDocument:
    raw = _git(["show", f"{rev}:{relative}"], root, where)
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(f"file too large at {rev} ({len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,})", where)
    name = f"{rev}:{relative}"
    return parse_yaml(decode(raw, name), name, hashlib.sha256(raw).hexdigest())


def _git(args: list[str], cwd: Path, where: SourceLocation, failure: str | None = None) -> bytes:
    """Run git without a shell; any failure is one line naming what went wrong."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise InputFileError("git is not installed (or not on PATH)", where) from None
    except subprocess.TimeoutExpired:
        raise InputFileError(f"git {args[0]} did not finish within 60 seconds", where) from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        reason = failure or (lines[0].removeprefix("fatal: ") if lines else f"exit status {done.returncode}")
        raise InputFileError(f"git {args[0]}: {reason}", where)
    return done.stdout
