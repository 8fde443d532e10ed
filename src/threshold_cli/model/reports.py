"""What ``validate`` and ``test`` find, file by file: the problems, and for a golden file each case's
result and the pack's coverage. Renderers (render/validate.py, render/golden.py) lay these out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from threshold_cli.model.errors import Locates, Problem
from threshold_cli.model.golden import Coverage, GoldenFile, GoldenResult


@dataclass(frozen=True)
class FileReport:
    path: str
    kind: str
    problems: list[Problem] = field(default_factory=list)
    model: BaseModel | None = field(default=None, compare=False, repr=False)
    """The validated model, when the file validated (so that a caller need not read it again)."""

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


@dataclass
class SuiteReport:
    """One golden file's run: its pack's problems (if any), each case's result, the coverage."""

    path: str
    pack_path: str | None
    problems: list[Problem] = field(default_factory=list)
    results: list[GoldenResult] = field(default_factory=list)
    coverage: Coverage | None = None
    doc: Locates | None = None
    golden: GoldenFile | None = field(default=None, compare=False, repr=False)
    """The validated golden file, when it validated (``--update`` rewrites its cases)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.failed for r in self.results)
