"""Every link in the project's documents resolves: Markdown links to local files (and their #anchors),
and the repository paths the prose names in backticks (`docs/case-format.md`, `examples/x.yaml`), so a
reader is never sent to a file that does not exist."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from tests.conftest import ROOT

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
PATH = re.compile(
    r"`((?:\./)?(?:docs|examples|schemas|benchmarks|tests|src|rulepacks|tools|packages|\.ci|\.github)/[^`\s]*)`"
)
HEADING = re.compile(r"^#+\s+(.*)$", re.MULTILINE)


def _documents() -> list[Path]:
    tracked = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=False)
    names = (
        tracked.stdout.split() if tracked.returncode == 0 else [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.md")]
    )
    return sorted(ROOT / n for n in names if not n.startswith(("tests/data/", ".venv/")) and (ROOT / n).is_file())


def _anchors(doc: Path) -> set[str]:
    """GitHub's anchors: lower case, punctuation dropped, spaces as hyphens."""
    text = doc.read_text(encoding="utf-8")
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in HEADING.findall(text)}


def _is_pattern(target: str) -> bool:
    """A glob or a placeholder (``rulepacks/*.yaml``, ``schemas/<kind>.schema.json``), not one file."""
    return any(ch in target for ch in "*<>{}$") or target.endswith("...")


DOCUMENTS = _documents()


def test_there_are_documents_to_check() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in DOCUMENTS}
    assert {"README.md", "docs/case-format.md", "docs/contracts.md", "benchmarks/README.md"} <= names


@pytest.mark.parametrize("doc", DOCUMENTS, ids=[p.relative_to(ROOT).as_posix() for p in DOCUMENTS])
def test_every_link_resolves(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or _is_pattern(target):
            continue  # a web address (never fetched: no network) or a pattern
        path, _, anchor = target.partition("#")
        resolved = (doc.parent / path).resolve() if path else doc
        if not resolved.exists() or (anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved)):
            broken.append(target)
    for target in PATH.findall(text):
        cleaned = target.rstrip(".,:;)").split("::")[0].split(":")[0]
        if _is_pattern(cleaned):
            continue
        if not (ROOT / cleaned).exists() and not (doc.parent / cleaned).exists():
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)} links to what does not exist: {broken}"
