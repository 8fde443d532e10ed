"""Lint a schema cannot express, as a registry of checks: each has an id, a level and a one-line summary,
and yields (where, message) pairs; :func:`lint` runs them all. An ``error`` makes a pack unusable (every
command refuses it); a ``warning`` is reported by ``threshold validate`` and fails it only with
``--strict`` (CI). Pure: (pack, document) → problems; nothing printed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from threshold_cli.model.errors import Locates, Problem, SourceLocation
from threshold_cli.model.pack import ClusterRule, NoteRule, Pack, Trigger, TriggerLibrary

Found = Iterator[tuple[SourceLocation, str]]
Run = Callable[[Pack, Locates], Found]


@dataclass(frozen=True)
class Check:
    id: str
    level: Literal["error", "warning"]
    summary: str
    run: Run


CHECKS: dict[str, Check] = {}
"""Every lint check by id, in the order they run (docs/authoring.md lists them)."""


def check(
    id: str, level: Literal["error", "warning"], summary: str
) -> Callable[[Callable[[Pack, Locates], Found]], Check]:
    def register(run: Callable[[Pack, Locates], Found]) -> Check:
        assert id not in CHECKS, id
        CHECKS[id] = Check(id, level, summary, run)
        return CHECKS[id]

    return register


def lint(pack: Pack, doc: Locates, concepts: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every lint problem in ``pack``, located in ``doc``; with ``concepts`` (the people, act and thing
    ids of concepts.yaml), also every trigger that names one that does not exist (it could never fire)."""
    problems = [Problem(where, message, c.id, c.level) for c in CHECKS.values() for where, message in c.run(pack, doc)]
    return problems + (concept_refs(pack, doc, concepts) if concepts else [])


def concept_refs(pack: Pack, doc: Locates, concepts: dict[str, set[str]]) -> list[Problem]:
    """Every act, role or thing a trigger names that ``concepts`` (family → ids) lacks: an error."""
    return [Problem(where, message, "concept-ref") for where, message in _concept_refs(pack, doc, concepts)]


def _concept_refs(pack: Pack, doc: Locates, concepts: dict[str, set[str]]) -> Found:
    for d_index, domain in enumerate(pack.domains):
        for a_index, area in enumerate(domain.areas):
            for n, ref in enumerate(area.read_for.unless_named if area.read_for else []):
                if ref not in concepts["acts"] | concepts["things"]:
                    where = ("domains", d_index, "areas", a_index, "read_for", "unless_named", n)
                    yield doc.locate(where), f"no act or thing `{ref}` in concepts.yaml"
    for c_index, criterion in enumerate(pack.statutory):
        for t_index, trigger in enumerate(criterion.triggers):
            yield from _trigger_refs(trigger, ("statutory", c_index, "triggers", t_index), doc, concepts)


def library_concept_refs(library: TriggerLibrary, doc: Locates, concepts: dict[str, set[str]]) -> list[Problem]:
    """:func:`concept_refs` for the shared trigger patterns (triggers.yaml), located in their own file."""
    return [
        Problem(where, message, "concept-ref")
        for criterion, triggers in library.criteria.items()
        for t_index, trigger in enumerate(triggers)
        for where, message in _trigger_refs(trigger, ("criteria", criterion, t_index), doc, concepts)
    ]


def _trigger_refs(trigger: Trigger, loc: tuple[str | int, ...], doc: Locates, concepts: dict[str, set[str]]) -> Found:
    if trigger.act is not None and trigger.act not in concepts["acts"]:
        yield doc.locate((*loc, "act")), f"no act `{trigger.act}` in concepts.yaml"
    for key, family in (("by", "people"), ("to", "people"), ("not_by", "people"), ("also", "things")):
        for n, ref in enumerate(getattr(trigger, key)):
            if ref not in concepts[family]:
                yield doc.locate((*loc, key, n)), f"no {family} `{ref}` in concepts.yaml"


@check("unique-id", "error", "a domain, area, indicator, criterion or rule id used twice")
def _unique_ids(pack: Pack, doc: Locates) -> Found:
    seen: set[str] = set()
    domain_ids: set[str] = set()
    for d_index, domain in enumerate(pack.domains):
        if domain.id in domain_ids:
            yield doc.locate(("domains", d_index, "id")), f"domain `{domain.id}` appears twice"
        domain_ids.add(domain.id)
        area_ids: set[str] = set()
        for a_index, area in enumerate(domain.areas):
            if area.id in area_ids:
                yield (
                    doc.locate(("domains", d_index, "areas", a_index, "id")),
                    (f"area `{area.id}` appears twice in `{domain.id}`"),
                )
            area_ids.add(area.id)
            for i_index, indicator in enumerate(area.indicators):
                if indicator.id in seen:
                    loc = ("domains", d_index, "areas", a_index, "indicators", i_index, "id")
                    yield doc.locate(loc), f"indicator id `{indicator.id}` is used twice"
                seen.add(indicator.id)
    for c_index, criterion in enumerate(pack.statutory):
        if criterion.id in seen:
            yield doc.locate(("statutory", c_index, "id")), f"id `{criterion.id}` is used twice"
        seen.add(criterion.id)
    rule_ids: set[str] = set()
    for r_index, rule in enumerate(pack.rules):
        if rule.id in rule_ids:
            yield doc.locate(("rules", r_index, "id")), f"rule id `{rule.id}` is used twice"
        rule_ids.add(rule.id)


@check("id-prefix", "error", "an indicator id that does not start with its domain and area")
def _id_prefix(pack: Pack, doc: Locates) -> Found:
    for d_index, domain in enumerate(pack.domains):
        for a_index, area in enumerate(domain.areas):
            for i_index, indicator in enumerate(area.indicators):
                expected = f"{domain.id}.{area.id}."
                if not indicator.id.startswith(expected):
                    loc = ("domains", d_index, "areas", a_index, "indicators", i_index, "id")
                    yield (
                        doc.locate(loc),
                        f"indicator id `{indicator.id}` must start with `{expected}` (its domain and area)",
                    )


def _descriptors(pack: Pack) -> Iterator[tuple[tuple[str | int, ...], str, int, str]]:
    """Each written descriptor: (its place in the document, its indicator id, its tier, its text)."""
    for d_index, domain in enumerate(pack.domains):
        for a_index, area in enumerate(domain.areas):
            for i_index, indicator in enumerate(area.indicators):
                base = ("domains", d_index, "areas", a_index, "indicators", i_index, "descriptors")
                for tier, text in sorted(indicator.descriptors.items()):
                    if text is not None:
                        yield (*base, tier), indicator.id, tier, text


@check("empty", "error", "a blank descriptor (the guide's empty cell is null)")
def _blank_descriptor(pack: Pack, doc: Locates) -> Found:
    for loc, _, tier, text in _descriptors(pack):
        if not text.strip():
            yield doc.locate(loc), f"tier {tier} descriptor is blank: use null"


@check("duplicate-descriptor", "error", "a descriptor that repeats another tier of its row word for word")
def _duplicate_descriptor(pack: Pack, doc: Locates) -> Found:
    texts: dict[tuple[str, str], int] = {}
    for loc, indicator_id, tier, text in _descriptors(pack):
        key = (indicator_id, " ".join(text.lower().split()))
        if key in texts:
            yield doc.locate(loc), f"tier {tier} descriptor repeats tier {texts[key]} word for word in `{indicator_id}`"
        texts[key] = tier


@check("dangling-reference", "error", "a rule naming a setting, indicator or section the pack does not have")
def _dangling_reference(pack: Pack, doc: Locates) -> Found:
    indicator_ids = {indicator.id for _, _, indicator in pack.indicators()}
    sections = {criterion.section for criterion in pack.statutory}
    for r_index, rule in enumerate(pack.rules):
        if isinstance(rule, ClusterRule):
            for field in ("min_indicators_setting", "min_domains_setting"):
                name = getattr(rule, field)
                if name not in pack.settings.named():
                    yield (
                        doc.locate(("rules", r_index, field)),
                        (f"rule `{rule.id}` refers to setting `{name}`, which is not in `settings`"),
                    )
        if isinstance(rule, NoteRule) and rule.when.indicators_any:
            for n, indicator_id in enumerate(rule.when.indicators_any):
                if indicator_id not in indicator_ids:
                    yield (
                        doc.locate(("rules", r_index, "when", "indicators_any", n)),
                        (f"rule `{rule.id}` refers to indicator `{indicator_id}`, which the pack does not have"),
                    )
        section = getattr(rule, "section", None)
        if section is not None and section not in sections:
            yield (
                doc.locate(("rules", r_index, "section")),
                (f"rule `{rule.id}` refers to {section} criteria, but the pack lists none"),
            )


@check("rule", "error", "a cluster rule that does not lift the reading")
def _cluster_lifts(pack: Pack, doc: Locates) -> Found:
    for r_index, rule in enumerate(pack.rules):
        if isinstance(rule, ClusterRule) and rule.to_tier <= rule.from_tier:
            yield doc.locate(("rules", r_index, "to_tier")), "a cluster must lift to a higher tier"


@check("contact", "error", "a contact with no phone, email or website")
def _contact_reachable(pack: Pack, doc: Locates) -> Found:
    for c_index, contact in enumerate(pack.contacts):
        if not (contact.phone or contact.email or contact.url or contact.secure_email):
            yield doc.locate(("contacts", c_index)), f"contact `{contact.name}` gives no phone, email or website"


PLACEHOLDER = "REPLACE:"
"""What ``threshold new-pack`` writes where the guide's own words must go."""


@check("placeholder", "warning", "text still holding a `REPLACE:` placeholder from `threshold new-pack`")
def _placeholder(pack: Pack, doc: Locates) -> Found:
    def walk(value: object, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
        if isinstance(value, str):
            if PLACEHOLDER in value:
                yield loc
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*loc, key))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                yield from walk(item, (*loc, n))

    for loc in walk(pack.model_dump(by_alias=True, exclude_defaults=True), ()):
        yield doc.locate(loc), "still a placeholder: replace it with the guide's own words"
