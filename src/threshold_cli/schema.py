"""JSON Schemas generated from the models, for editors (yaml-language-server) and other tools.

The committed files in ``schemas/`` must equal what this produces; a test fails when they drift.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from .golden import GoldenFile
from .models import Case, Pack
from .reading_rules import Concepts, ContextRules
from .thesaurus import Thesaurus

SCHEMAS: dict[str, type[BaseModel]] = {
    "pack": Pack,
    "case": Case,
    "thesaurus": Thesaurus,
    "golden": GoldenFile,
    "context": ContextRules,
    "concepts": Concepts,
}


def schema_text(name: str) -> str:
    """The JSON Schema of ``name`` (pack, case, thesaurus, golden, context or concepts) as stable, pretty JSON."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://threshold.invalid/schemas/{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
