"""``threshold validate``: every file, every problem, before any verdict (as yamllint and
check-jsonschema do). A file that cannot be read is a problem in the stream, not a stop."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from threshold_cli.io.loader import validate_document
from threshold_cli.io.yamldoc import load_yaml, require_file
from threshold_cli.model.checks import lint
from threshold_cli.model.errors import InputFileError, Problem, SourceLocation, ThresholdError
from threshold_cli.model.pack import Pack
from threshold_cli.model.reports import FileReport


def inputs(paths: Iterable[str]) -> tuple[list[Path], list[InputFileError]]:
    """The YAML files to check: files as given, folders as their ``*.yaml``/``*.yml`` files, sorted,
    recursively; and every named path that cannot be checked at all (missing, not a regular file or
    a folder, unreadable, too large, a folder with no YAML file in it), naming it as typed.
    ``threshold validate`` exits 2 for these."""
    out: list[Path] = []
    errors: list[InputFileError] = []
    for raw in paths:
        path = Path(raw)
        try:
            require_file(path, folder_ok=True)
            if path.is_dir():
                found = sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())
                if not found:
                    raise InputFileError("no YAML files (*.yaml, *.yml) in this folder", SourceLocation(raw))
                out.extend(found)
            else:
                out.append(path)
        except InputFileError as exc:
            errors.append(exc)
    return out, errors


def file_kind(path: Path) -> str:
    """What a YAML file in a pack folder is, by its name."""
    name = path.name
    if name in {"thesaurus.yaml", "thesaurus.yml"}:
        return "thesaurus"
    if name in {"context.yaml", "context.yml"}:
        return "context"
    if name in {"concepts.yaml", "concepts.yml"}:
        return "concepts"
    if name.endswith((".tests.yaml", ".tests.yml")):
        return "golden"
    return "pack"


def check_file(path: Path) -> FileReport:
    kind = file_kind(path)
    try:
        doc = load_yaml(path)
    except ThresholdError as exc:
        location = exc.location or SourceLocation(str(path))
        return FileReport(str(path), kind, [Problem(location, exc.message, "read")])
    model = _model_for(kind)
    result = validate_document(doc, model)
    if isinstance(result, list):
        return FileReport(str(path), kind, result)
    problems = lint(result, doc, _concepts_for(result)) if isinstance(result, Pack) else []
    return FileReport(str(path), kind, problems, result)


def _concepts_for(pack: Pack) -> dict[str, set[str]] | None:
    from threshold_cli.authoring.validate import names_concepts
    from threshold_cli.io.loader import concept_ids

    return concept_ids() if names_concepts(pack) else None


def _model_for(kind: str) -> type[BaseModel]:
    if kind == "thesaurus":
        from threshold_cli.model.thesaurus import Thesaurus

        return Thesaurus
    if kind == "golden":
        from threshold_cli.model.golden import GoldenFile

        return GoldenFile
    if kind == "context":
        from threshold_cli.model.reading_rules import ContextRules

        return ContextRules
    if kind == "concepts":
        from threshold_cli.model.reading_rules import Concepts

        return Concepts
    return Pack


def names_concepts(pack: Pack) -> bool:
    return any(t.act for c in pack.statutory for t in c.triggers)
