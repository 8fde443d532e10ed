"""``threshold test``: find golden files, validate their pack first, run every case.

A test run over an invalid pack fails (a known failure of other rule tools is to test a pack that
does not validate). Reports are returned as values; render/golden.py lays them out.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from threshold_cli.authoring.golden import check_case, coverage
from threshold_cli.authoring.validate import check_file
from threshold_cli.io.inputs import expand
from threshold_cli.io.loader import load_model, resolve_pack, validate_document
from threshold_cli.io.resources import library_path
from threshold_cli.io.yamldoc import load_yaml, require_file
from threshold_cli.model.errors import InputFileError, Problem, SourceLocation, ThresholdError
from threshold_cli.model.golden import GoldenFile
from threshold_cli.model.pack import Pack, TriggerLibrary
from threshold_cli.model.reports import SuiteReport
from threshold_cli.retrieval.store import index_for


def golden_inputs(paths: Iterable[str]) -> tuple[list[Path], list[InputFileError]]:
    """Golden files named, in folders, or beside the pack files named; and every named path that
    cannot be used (missing, not a regular file, a folder without golden files), naming it."""
    out: list[Path] = []
    errors: list[InputFileError] = []
    for item in expand(paths, what="golden files", suffixes=(".tests.yaml",), recursive=True):
        if isinstance(item, InputFileError):
            errors.append(item)
        elif item.name.endswith(".tests.yaml"):
            out.append(item)
        else:
            sibling = item.with_name(f"{item.stem}.tests.yaml")
            try:
                require_file(sibling)
            except InputFileError as exc:
                errors.append(InputFileError(f"{exc.message} (the golden cases of {item})", exc.location))
                continue
            out.append(sibling)
    unique: dict[str, Path] = {}
    for path in out:
        unique.setdefault(os.path.realpath(path), path)  # realpath, unlike resolve(), never raises on a loop
    return list(unique.values()), errors


def pack_for(golden_path: Path, name: str) -> Path:
    sibling = golden_path.with_name(f"{name}.yaml")
    return sibling if sibling.is_file() else resolve_pack(name)


def run_file(path: Path) -> SuiteReport:
    try:
        doc = load_yaml(path)
    except ThresholdError as exc:
        return SuiteReport(str(path), None, [Problem(exc.location or SourceLocation(str(path)), exc.message, "read")])
    parsed = validate_document(doc, GoldenFile)
    if isinstance(parsed, list):
        return SuiteReport(str(path), None, parsed, doc=doc)
    try:
        pack_path = pack_for(path, parsed.pack)
    except ThresholdError as exc:
        return SuiteReport(
            str(path), None, [Problem(doc.locate(("pack",)), exc.message, "pack")], doc=doc, golden=parsed
        )
    pack_report = check_file(pack_path)
    if not pack_report.ok:
        return SuiteReport(str(path), str(pack_path), pack_report.problems, doc=doc, golden=parsed)
    pack = pack_report.model
    if not isinstance(pack, Pack):  # a pack file named like a thesaurus or a golden file: refused as before
        pack = load_model(pack_path, Pack).model
    library = check_file(library_path(pack_path))  # the shared trigger patterns the pack reads
    if not library.ok or not isinstance(library.model, TriggerLibrary):
        return SuiteReport(str(path), str(pack_path), library.problems, doc=doc, golden=parsed)
    pack = library.model.for_pack(pack)
    index = index_for([pack_path], {pack_path: pack})
    results = [check_case(case, pack, index) for case in parsed.cases]
    return SuiteReport(str(path), str(pack_path), [], results, coverage(pack, results), doc, parsed)
