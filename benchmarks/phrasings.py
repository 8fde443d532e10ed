"""Practitioners' own phrasings: every free-text concern, strength and next step written in `examples/` and
in the packs' golden files. One pool, read by the throughput benchmark (assess_bench.py) and the property
tests (tests/unit/test_properties.py), so both exercise the same language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Phrasings:
    concerns: list[str]
    strengths: list[str]
    needs: list[str]


def _case_documents(root: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((root / "examples").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and "concerns" in doc:
            yield doc
    for path in sorted((root / "rulepacks").glob("*.tests.yaml")):
        for golden in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            yield golden["case"]


def phrasings(root: Path = ROOT) -> Phrasings:
    """Each distinct concern text, ``working_well`` and ``needs_to_happen`` line, sorted."""
    concerns: set[str] = set()
    strengths: set[str] = set()
    needs: set[str] = set()
    for doc in _case_documents(root):
        for concern in doc["concerns"]:
            if isinstance(concern, str):
                concerns.add(concern)
            elif isinstance(concern, dict) and concern.get("text"):
                concerns.add(concern["text"])
        strengths.update(doc.get("working_well") or [])
        needs.update(doc.get("needs_to_happen") or [])
    return Phrasings(sorted(concerns), sorted(strengths), sorted(needs))
