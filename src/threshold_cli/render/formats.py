"""Output for ``validate``, ``packs``, ``show`` and ``lookup``: formatters return strings, no logic.

``lookup`` output is built without rich or pydantic so that its cold start stays small.
"""

from __future__ import annotations

from enum import Enum


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class AssessFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class TestFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


class LookupFormat(str, Enum):
    text = "text"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
