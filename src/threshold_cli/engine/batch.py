"""``threshold assess``: case files → readings against one pack.

Loads the pack and its index once, then reads each case in input order. A case that cannot be read
is a result carrying its one-line error, in its place, and the batch goes on (``--keep-going``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from threshold_cli.engine.assess import assess, reference_problems
from threshold_cli.io.inputs import expand
from threshold_cli.io.loader import Loaded, load_case, load_pack, resolve_pack, trigger_library
from threshold_cli.io.resources import library_path
from threshold_cli.io.yamldoc import STDIN, YamlDocument
from threshold_cli.model.assessment import Assessment
from threshold_cli.model.case import Case
from threshold_cli.model.checks import concept_refs, library_concept_refs
from threshold_cli.model.errors import (
    CaseReferenceError,
    DecisionError,
    InputFileError,
    SchemaError,
    ThresholdError,
    UsageError,
)
from threshold_cli.model.pack import Pack
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.store import checked_pack, index_for, remember_pack


@dataclass(frozen=True)
class PackContext:
    loaded: Loaded[Pack]
    index: Index

    @property
    def pack(self) -> Pack:
        return self.loaded.model


@dataclass(frozen=True)
class CaseResult:
    path: str
    case: Case | None
    assessment: Assessment | None
    error: ThresholdError | None


def open_pack(ref: str) -> PackContext:
    """The pack and its index, its criteria reading the shared trigger patterns (triggers.yaml) and
    its own. The triggers' acts, roles and things are checked against the concepts the index was built
    with (``threshold validate`` checks them against concepts.yaml itself), so a reading never starts
    from a trigger that could not fire, and the check costs no second read."""
    path = resolve_pack(ref)
    checked = checked_pack(path)
    if checked is not None:  # these bytes passed every check before: no YAML to read
        pack, sha256, phrase_stems = checked
        index = index_for([path], {path: pack})
        index.seed_phrase_stems(phrase_stems)
        return PackContext(Loaded(pack, YamlDocument(str(path), None, None, sha256)), index)
    own = load_pack(str(path), shared=False)
    library = trigger_library(library_path(path))
    loaded = Loaded(library.model.for_pack(own.model), own.doc)
    index = index_for([path], {path: loaded.model})
    ids = {family: set(names) for family, names in index.concepts.get("ids", {}).items()}
    if ids:
        problems = library_concept_refs(library.model, library.doc, ids) + concept_refs(own.model, own.doc, ids)
        if problems:
            raise SchemaError(problems[0].message, problems[0].location)
    remember_pack(path, loaded.model, index)
    return PackContext(loaded, index)


def case_inputs(paths: Iterable[str]) -> list[Path | InputFileError]:
    """Case files in the order given, folders as their ``*.yaml``/``*.yml`` files (io/inputs.py)."""
    return expand(paths, what="case files", check_files=False)


def read_case(path: Path, context: PackContext) -> CaseResult:
    """One case file (``-``: standard input) read against the pack, or its one-line error."""
    name = STDIN if str(path) == "-" else str(path)
    try:
        loaded = load_case(path)
        problems = reference_problems(loaded.model, context.pack)
        if problems:
            loc, message = problems[0]
            raise CaseReferenceError(message, loaded.doc.locate(loc))
        result = assess(loaded.model, context.pack, context.index)
        _check_decision(loaded, result)
        return CaseResult(name, loaded.model, result, None)
    except ThresholdError as exc:
        return CaseResult(name, None, None, exc)


def read_concerns(concerns: list[str], age: float | None, context: PackContext) -> CaseResult:
    """``threshold assess --concern TEXT [--concern ...] [--age N]``: a case typed on the command line."""
    from pydantic import ValidationError

    name = "--concern"
    try:
        case = Case.model_validate({"concerns": concerns, "child": {} if age is None else {"age": age}})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"][:2])
        return CaseResult(name, None, None, UsageError(f"--concern/--age: `{where}`: {first['msg'].lower()}"))
    result = assess(case, context.pack, context.index)
    return CaseResult(name, case, result, None)


def assess_paths(inputs: Iterable[Path | InputFileError], context: PackContext) -> Iterator[CaseResult]:
    """Each of :func:`case_inputs` read in turn; an input error is a result in its place."""
    for item in inputs:
        if isinstance(item, Path):
            yield read_case(item, context)
        else:
            assert item.location is not None  # case_inputs names the folder of every error
            yield CaseResult(item.location.path, None, None, item)


def _check_decision(loaded: Loaded[Case], result: Assessment) -> None:
    """Judgement may escalate freely; a decision below the reading must say why (as SafeLives DASH)."""
    decision = loaded.model.decision
    if decision is None or result.tier is None or decision.tier >= result.tier:
        return
    if not (decision.reason or "").strip():
        raise DecisionError(
            f"the recorded decision (Tier {decision.tier}) is below the tool's reading (Tier {result.tier}): "
            "add `reason` to record why",
            loaded.doc.locate(("decision", "tier")),
        )
