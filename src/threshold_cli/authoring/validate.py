"""``threshold validate``: every file, every problem, before any verdict (as yamllint and
check-jsonschema do). A file that cannot be read is a problem in the stream, not a stop."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from threshold_cli.io.inputs import expand, split
from threshold_cli.io.loader import concept_ids, validate_document
from threshold_cli.io.resources import file_kind
from threshold_cli.io.yamldoc import load_yaml
from threshold_cli.model.checks import library_concept_refs, lint
from threshold_cli.model.errors import InputFileError, Problem, SourceLocation, ThresholdError
from threshold_cli.model.pack import Pack, TriggerLibrary
from threshold_cli.model.reports import FileReport


def inputs(paths: Iterable[str]) -> tuple[list[Path], list[InputFileError]]:
    """The YAML files to check, folders searched recursively, and every named path that cannot be
    checked at all (missing, not a regular file or a folder, unreadable, too large, a folder with no
    YAML file in it), naming it as typed. ``threshold validate`` exits 2 for these."""
    return split(expand(paths, what="YAML files", recursive=True))


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
    problems: list[Problem] = []
    if isinstance(result, Pack):
        problems = lint(result, doc, concept_ids())
    elif isinstance(result, TriggerLibrary):
        problems = library_concept_refs(result, doc, concept_ids())
    return FileReport(str(path), kind, problems, result)


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
    if kind == "referral":
        from threshold_cli.model.referral import ReferralForm

        return ReferralForm
    if kind == "concepts":
        from threshold_cli.model.reading_rules import Concepts

        return Concepts
    if kind == "triggers":
        return TriggerLibrary
    return Pack
