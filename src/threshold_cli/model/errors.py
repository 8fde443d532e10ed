"""Errors raised by the library. Only the command line (cli/) catches them, prints one line and exits 2.

Messages never contain case text: only the file path, the location and what was wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

_IDENTIFIER = re.compile(r"[a-z0-9_][a-z0-9_.\-]{0,63}")


def quotable(value: Any) -> bool:
    """May ``value``, taken from an input file, be quoted in an error message?

    Only when it looks like an identifier: a number, or lower-case letters, digits, ``_``, ``.`` and
    ``-`` (at most 64), as every key and id of the formats is. Anything else may be case text (a concern
    written as ``Name told the teacher: ...`` becomes a key), so it is described, never quoted.
    """
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, (int, float)):
        return len(repr(value)) <= 64
    return isinstance(value, str) and _IDENTIFIER.fullmatch(value) is not None


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A place in an input file, 1-based, as editors and ``file:line:column`` tools expect."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.column, 1)}"


class Locates(Protocol):
    """Anything that can say where a path of keys sits in its file (a parsed YAML document)."""

    def locate(self, path: tuple[str | int, ...]) -> SourceLocation: ...


class ThresholdError(Exception):
    """Base error: a message and, where known, where in which file it happened."""

    def __init__(self, message: str, location: SourceLocation | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InputFileError(ThresholdError):
    """A file could not be read: missing, a directory, unreadable, too large, binary or not UTF-8."""


class YamlSyntaxError(ThresholdError):
    """The file is not well-formed YAML, or uses a YAML feature we refuse (tags, merge keys, bombs)."""


class SchemaError(ThresholdError):
    """The document is valid YAML but breaks the pack or case-file schema."""


class CaseReferenceError(ThresholdError):
    """A case file names an indicator or statutory criterion the pack does not have."""


class UnknownPackError(ThresholdError):
    """``--pack NAME`` is neither a built-in pack nor a readable file."""


class DecisionError(ThresholdError):
    """A recorded decision is below the tool's reading and gives no reason."""


class UsageError(ThresholdError):
    """The command line asks for something that cannot be done (e.g. an empty query)."""


@dataclass(frozen=True)
class Problem:
    """One finding of ``validate`` (or a schema error), reported as ``file:line:column: message``."""

    location: SourceLocation
    message: str
    rule: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
