"""JSON Schemas generated from the models, for editors (yaml-language-server) and other tools.

The committed files in ``schemas/`` must equal what this produces; a test fails when they drift.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, TypeAdapter

from threshold_cli.model.case import Case
from threshold_cli.model.golden import GoldenFile
from threshold_cli.model.pack import Pack, TriggerLibrary
from threshold_cli.model.reading import Reading, ReadingError
from threshold_cli.model.reading_rules import Concepts, ContextRules
from threshold_cli.model.referral import ReferralDraft, ReferralForm
from threshold_cli.model.thesaurus import Thesaurus

SCHEMAS: dict[str, type[BaseModel] | TypeAdapter[Reading | ReadingError] | TypeAdapter[ReferralDraft]] = {
    "pack": Pack,
    "case": Case,
    "thesaurus": Thesaurus,
    "golden": GoldenFile,
    "context": ContextRules,
    "concepts": Concepts,
    "triggers": TriggerLibrary,
    "reading": TypeAdapter(Reading | ReadingError),
    "referral": ReferralForm,
    "referral-draft": TypeAdapter(ReferralDraft),
}


def schema_text(name: str) -> str:
    """The JSON Schema of ``name`` (pack, case, thesaurus, golden, context, concepts, triggers, reading: what
    ``assess --format json`` prints for each case, referral: a partnership's referral form, or
    referral-draft: what ``referral --format json`` prints) as stable, pretty JSON."""
    model = SCHEMAS[name]
    if isinstance(model, TypeAdapter):
        schema = model.json_schema(mode="serialization")
    else:
        schema = model.model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://threshold.invalid/schemas/{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
