"""The ``--format`` of every command, one enum each. Every value maps to a renderer in that command's
``RENDERERS`` (``tests/unit/test_registries.py`` fails otherwise), so a format can never silently fall
back to text.
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
    html = "html"


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


class ReferralFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"
