"""Packs and case files from disk to validated models, every error located at ``file:line:column``.

Built-in packs ship inside the package and resolve by name from any directory; any other pack
resolves by path and is validated exactly like a built-in one.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from threshold_cli.io.resources import builtin_dir, builtin_pack_files, file_kind, library_path, referral_form_path
from threshold_cli.io.yamldoc import YamlDocument, load_stdin, load_yaml, require_file
from threshold_cli.model.case import MAX_TEXT_CHARS, Case
from threshold_cli.model.errors import Problem, SchemaError, SourceLocation, UnknownPackError, UsageError, quotable
from threshold_cli.model.pack import Pack, TriggerLibrary
from threshold_cli.model.reading_rules import Concepts

if typing.TYPE_CHECKING:
    from threshold_cli.model.referral import ReferralForm

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(typing.Generic[M]):
    """A validated model and the document it came from (for locating later problems)."""

    model: M
    doc: YamlDocument


KIND_NAMES = {
    "thesaurus": "the thesaurus",
    "context": "the context rules",
    "concepts": "the concepts",
    "triggers": "the criteria's trigger patterns",
    "golden": "a golden file (its pack is beside it)",
    "referral": "a referral form (its pack is beside it)",
}


def builtin_pack_names() -> list[str]:
    return [p.stem for p in builtin_pack_files()]


def resolve_pack(ref: str) -> Path:
    """A built-in pack name (``norfolk``) or a path to a pack file.

    A path that names a folder, a FIFO, a device or an oversized file is refused here, before anything
    (the index cache's fingerprint included) opens it; a missing file is left to the loader to report.
    """
    if "/" not in ref and "\\" not in ref and not ref.endswith((".yaml", ".yml")):
        names = builtin_pack_names()
        if ref in names:
            return builtin_dir() / f"{ref}.yaml"
        hint = difflib.get_close_matches(ref, names, n=1)
        suggestion = f"; did you mean `{hint[0]}`?" if hint else ""
        raise UnknownPackError(
            f"unknown pack `{ref}`{suggestion} (built-in packs: {', '.join(names)}; or give a path to a pack file)"
        )
    path = Path(ref)
    require_file(path, missing_ok=True)
    kind = file_kind(path)
    if kind != "pack":
        raise UnknownPackError(f"this is {KIND_NAMES[kind]}, not a pack", SourceLocation(ref))
    return path


def validate_document(doc: YamlDocument, model: type[M]) -> M | list[Problem]:
    """The model, or every schema problem with its location."""
    if doc.data is None:
        return [Problem(SourceLocation(doc.path, 1, 1), "the file is empty", "empty-file")]
    if not isinstance(doc.data, dict):
        return [
            Problem(
                doc.locate(()),
                f"expected a mapping of keys at the top level, found {_kind(doc.data)}",
                "schema",
            )
        ]
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        return _problems(exc, doc, model)


def load_model(path: Path | str, model: type[M]) -> Loaded[M]:
    """Load and validate one file; raise the first problem as a :class:`SchemaError`."""
    doc = load_yaml(path)
    result = validate_document(doc, model)
    if isinstance(result, list):
        first = result[0]
        raise SchemaError(first.message, first.location)
    return Loaded(result, doc)


def load_pack(ref: str, *, shared: bool = True) -> Loaded[Pack]:
    """A pack validated exactly as ``threshold validate`` does (schema and lint): the first error is raised.
    With ``shared``, its criteria read the shared trigger patterns (:func:`trigger_library`); without,
    the pack is as written (for checks located in its own file)."""
    path = resolve_pack(ref)
    doc = load_yaml(path)
    pack = pack_from_document(doc)
    return Loaded(trigger_library(library_path(path)).model.for_pack(pack) if shared else pack, doc)


def pack_from_document(doc: YamlDocument) -> Pack:
    """The pack in ``doc`` as written, validated exactly as ``threshold validate`` does (schema and lint):
    the first error is raised as a :class:`SchemaError`."""
    from threshold_cli.model.checks import lint

    result = validate_document(doc, Pack)
    if isinstance(result, list):
        raise SchemaError(result[0].message, result[0].location)
    errors = [p for p in lint(result, doc) if p.level == "error"]
    if errors:
        raise SchemaError(errors[0].message, errors[0].location)
    return result


_LIBRARY: dict[tuple[Path, int, int], Loaded[TriggerLibrary]] = {}


def trigger_library(path: Path) -> Loaded[TriggerLibrary]:
    """The criteria's shared trigger patterns in ``path``, read once per process while the file is
    unchanged (a long-lived caller, the tests or an editor's server, sees an edit)."""
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
    except OSError:
        return load_model(path, TriggerLibrary)  # the loader reports a missing or unreadable file
    if key not in _LIBRARY:
        _LIBRARY[key] = load_model(path, TriggerLibrary)
    return _LIBRARY[key]


def load_referral_form(pack_path: Path, pack: Pack) -> Loaded[ReferralForm]:
    """The referral form beside a pack (``sutton.referral.yaml`` beside ``sutton.yaml``), checked to be
    that pack's form."""
    from threshold_cli.model.referral import ReferralForm  # only `referral` pays for its import

    path = referral_form_path(pack_path)
    if not path.is_file():
        have = [p.stem for p in builtin_pack_files() if referral_form_path(p).is_file()]
        raise UsageError(
            f"the pack `{pack.id}` has no referral form (no {path.name} beside it); "
            f"built-in forms: {', '.join(have) or 'none'}"
        )
    loaded = load_model(path, ReferralForm)
    if loaded.model.pack != pack.id:
        raise SchemaError(
            f"this is the referral form of the pack `{loaded.model.pack}`, not `{pack.id}`",
            loaded.doc.locate(("pack",)),
        )
    return loaded


def load_case(path: Path | str) -> Loaded[Case]:
    """A case file; ``-`` is a case on standard input (``threshold assess -``)."""
    if str(path) == "-":
        import sys

        doc = load_stdin(sys.stdin.buffer)
        result = validate_document(doc, Case)
        if isinstance(result, list):
            raise SchemaError(result[0].message, result[0].location)
        return Loaded(result, doc)
    return load_model(path, Case)


def _problems(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems: dict[tuple[SourceLocation, str], Problem] = {}
    errors = exc.errors(include_url=False)
    # A typo'd required key shows up twice (unknown `publsher`, missing `publisher`): report it once.
    suggested = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = tuple(error["loc"])
            hint = _hint(loc[-1], _allowed_keys(model, loc[:-1], doc))
            if hint:
                suggested.add((_path(loc[:-1], doc), hint))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing" and (_path(loc[:-1], doc), str(loc[-1])) in suggested:
            continue
        if kind == "extra_forbidden":
            location = doc.locate_key(loc)
            message = _unknown_key(loc, _allowed_keys(model, loc[:-1], doc))
        elif kind == "union_tag_invalid":  # point at the misspelt kind itself, not the mapping holding it
            location = doc.locate((*loc, "kind"))
            message = _sentence(error, _path(loc, doc))
        else:
            location = doc.locate(loc)
            message = _sentence(error, _path(loc, doc))
        problems.setdefault((location, message), Problem(location, message, "schema"))
    return sorted(problems.values(), key=lambda p: (p.location.line, p.location.column))


_KEY_IN_TEXT = "a `:` followed by a space makes a key: put the whole text in quotes"


def _hint(key: Any, allowed: list[str]) -> str | None:
    """The allowed key that ``key`` is a typo of (``concern``, ``Concerns``, ``working well``), if any."""
    for candidate in (str(key), str(key).lower().replace(" ", "_")):
        hint = difflib.get_close_matches(candidate, allowed, n=1, cutoff=0.6)
        if hint:
            return hint[0]
    return None


def _unknown_key(loc: tuple[Any, ...], allowed: list[str]) -> str:
    """``unknown key `colour`; did you mean ...``, quoting the key only if it looks like one (never case text)."""
    key = loc[-1]
    hint = _hint(key, allowed)
    if quotable(key):
        message = f"unknown key `{key}`"
    elif isinstance(key, str) and not hint and (" " in key.strip() or len(key) > 64):
        in_concern = len(loc) >= 2 and loc[0] == "concerns" and isinstance(loc[1], int)
        what = "write the concern as a quoted string" if in_concern else _KEY_IN_TEXT
        return f"unknown key (it looks like free text: {what})"
    else:
        message = "unknown key"
    if hint:
        return f"{message}; did you mean `{hint}`?"
    if allowed:
        message += f" (expected one of: {', '.join(sorted(allowed))})"
    return message


def _sentence(error: Any, path: str) -> str:
    """One Pydantic error as a plain sentence. The offending value is described, never quoted,
    unless it looks like an identifier (see :func:`errors.quotable`): it may be case text."""
    kind, msg, value = error["type"], error["msg"], error.get("input")
    ctx = error.get("ctx") or {}
    where = f"`{path}`" if path else "document"
    if kind == "missing":
        return f"{where}: required key is missing"
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", value)
        named = f" `{tag}`" if quotable(tag) else ""
        return f"{where}: unknown kind{named} (expected one of: {ctx.get('expected_tags', '')})"
    if kind == "union_tag_not_found":
        return f"{where}: needs a `kind`"
    if kind == "string_too_short" or (
        kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip()
    ):
        return f"{where}: must not be empty"
    if kind == "string_pattern_mismatch":
        if quotable(value):
            return f"{where}: `{value}` is not a valid {_id_kind(path)}"
        described = "; it looks like free text: put the worry in `text`" if " " in str(value).strip() else ""
        return f"{where}: not a valid {_id_kind(path)}{described}"
    if kind == "string_too_long":
        limit = ctx.get("max_length", MAX_TEXT_CHARS)
        length = len(value) if isinstance(value, str) else 0
        noun = "concerns" if path.startswith("concerns") else "items"
        return f"{where}: {length:,} characters, longer than the limit of {limit:,}: split it into separate {noun}"
    if kind == "too_long":
        limit = ctx.get("max_length")
        count = ctx.get("actual_length") or (len(value) if isinstance(value, list) else 0)
        return f"{where}: {count:,} items; the limit is {limit:,} per file"
    if kind in {"dict_type", "model_type"}:
        return f"{where}: expected a mapping of keys, found {_kind(value)}"
    if kind == "list_type":
        return f"{where}: expected a list, found {_kind(value)}"
    if kind == "string_type":
        found = f"expected text, found {_kind(value)}"
        return f"{where}: {found} ({_KEY_IN_TEXT})" if isinstance(value, dict) else f"{where}: {found}"
    if kind == "too_short" and isinstance(value, list) and not value:
        return f"{where}: must not be empty"
    if kind.startswith(("int_", "float_", "bool_")) and kind.endswith(("_type", "_parsing")):
        expected = {"int": "a whole number", "float": "a number", "bool": "true or false"}[kind.split("_")[0]]
        return f"{where}: expected {expected}, found {_kind(value)}"
    if kind == "value_error":
        return f"{where}: {msg.removeprefix('Value error, ')}"
    return f"{where}: {msg[0].lower() + msg[1:]}"


def _id_kind(path: str) -> str:
    if path.endswith("indicator") or (".indicators[" in path and path.endswith(".id")):
        return "indicator id (domain.area.slug, e.g. `development.health.substance-misuse`)"
    if path.endswith("statutory") or (path.startswith("statutory[") and path.endswith(".id")):
        return "statutory criterion id (e.g. `s47.serious-neglect`)"
    return "value here (lower-case letters, digits and hyphens)"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _path(loc: tuple[Any, ...], doc: YamlDocument) -> str:
    """A readable path through the *document* (union tags and validator names dropped)."""
    out = ""
    data = doc.data
    for segment in loc:
        if isinstance(data, dict) and segment in data:
            out += f".{segment}" if out else str(segment)
            data = data[segment]
        elif isinstance(data, dict) and isinstance(segment, str) and not _is_tag(segment, data):
            out += f".{segment}" if out else str(segment)
            data = None
        elif isinstance(data, list) and isinstance(segment, int) and 0 <= segment < len(data):
            out += f"[{segment}]"
            data = data[segment]
        elif isinstance(data, dict) and isinstance(segment, int) and segment in data:
            out += f".{segment}"
            data = data[segment]
    return out


def _is_tag(segment: str, data: dict[Any, Any]) -> bool:
    """Pydantic puts union/discriminator tags in ``loc``; they are not keys of the document."""
    return segment in {"entry", "text", "str"} or segment == data.get("kind") or "[" in segment or segment[:1].isupper()


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...], doc: YamlDocument) -> list[str]:
    candidates = [model]
    data: Any = doc.data
    for segment in loc:
        if isinstance(segment, int):
            if isinstance(data, (list, dict)):
                try:
                    data = data[segment]
                except (IndexError, KeyError):
                    data = None
            continue
        owner = next((m for m in candidates if segment in m.model_fields), None)
        if owner is None:
            continue  # a union tag: the next field segment picks the member
        candidates = _models_in(owner.model_fields[segment].annotation)
        data = data.get(segment) if isinstance(data, dict) else None
    if isinstance(data, dict) and "kind" in data:
        for m in candidates:
            kind = m.model_fields.get("kind")
            if kind is not None and data["kind"] in typing.get_args(kind.annotation):
                return list(m.model_fields)
    return list(candidates[0].model_fields) if candidates else []


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated or origin in (typing.Union, types.UnionType, list, dict, tuple):
        for arg in typing.get_args(annotation):
            found.extend(m for m in _models_in(arg) if m not in found)
    return found


def concept_ids() -> dict[str, set[str]]:
    """The people, act and thing ids of the built-in concepts.yaml (for linting a pack's act triggers)."""
    from threshold_cli.io.loader import load_model
    from threshold_cli.io.resources import concepts_path

    concepts = load_model(concepts_path(), Concepts).model
    return {family: {c.id for c in getattr(concepts, family)} for family in ("people", "acts", "things")}
