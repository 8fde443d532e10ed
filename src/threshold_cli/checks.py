"""Lint a schema cannot express: unique ids, rules that point at things that exist, no empty or
accidentally duplicated descriptors. Pure: (pack, document) → problems; nothing printed."""

from __future__ import annotations

from collections.abc import Iterator

from .errors import Problem
from .models import ClusterRule, NoteRule, Pack
from .yamldoc import YamlDocument


def lint(pack: Pack, doc: YamlDocument, concepts: dict[str, set[str]] | None = None) -> list[Problem]:
    """Every lint problem in ``pack``, located in ``doc``; with ``concepts`` (the people, act and thing
    ids of concepts.yaml), also every trigger that names one that does not exist (it could never fire)."""
    return (
        list(_ids(pack, doc))
        + list(_descriptors(pack, doc))
        + list(_rules(pack, doc))
        + list(_contacts(pack, doc))
        + (concept_refs(pack, doc, concepts) if concepts else [])
    )


def concept_refs(pack: Pack, doc: YamlDocument, concepts: dict[str, set[str]]) -> list[Problem]:
    """Every act, role or thing a trigger names that ``concepts`` (family → ids) lacks."""
    return list(_concept_refs(pack, doc, concepts))


def _concept_refs(pack: Pack, doc: YamlDocument, concepts: dict[str, set[str]]) -> Iterator[Problem]:
    for c_index, criterion in enumerate(pack.statutory):
        for t_index, trigger in enumerate(criterion.triggers):
            loc = ("statutory", c_index, "triggers", t_index)
            if trigger.act is not None and trigger.act not in concepts["acts"]:
                yield Problem(doc.locate((*loc, "act")), f"no act `{trigger.act}` in concepts.yaml", "concept-ref")
            for key, family in (("by", "people"), ("to", "people"), ("also", "things")):
                for n, ref in enumerate(getattr(trigger, key)):
                    if ref not in concepts[family]:
                        message = f"no {family} `{ref}` in concepts.yaml"
                        yield Problem(doc.locate((*loc, key, n)), message, "concept-ref")


def _ids(pack: Pack, doc: YamlDocument) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    domain_ids: set[str] = set()
    for d_index, domain in enumerate(pack.domains):
        if domain.id in domain_ids:
            yield Problem(doc.locate(("domains", d_index, "id")), f"domain `{domain.id}` appears twice", "unique-id")
        domain_ids.add(domain.id)
        area_ids: set[str] = set()
        for a_index, area in enumerate(domain.areas):
            if area.id in area_ids:
                area_loc = ("domains", d_index, "areas", a_index, "id")
                yield Problem(doc.locate(area_loc), f"area `{area.id}` appears twice in `{domain.id}`", "unique-id")
            area_ids.add(area.id)
            for i_index, indicator in enumerate(area.indicators):
                loc = ("domains", d_index, "areas", a_index, "indicators", i_index, "id")
                expected = f"{domain.id}.{area.id}."
                if not indicator.id.startswith(expected):
                    yield Problem(
                        doc.locate(loc),
                        f"indicator id `{indicator.id}` must start with `{expected}` (its domain and area)",
                        "id-prefix",
                    )
                if indicator.id in seen:
                    yield Problem(doc.locate(loc), f"indicator id `{indicator.id}` is used twice", "unique-id")
                seen[indicator.id] = "indicator"
    for c_index, criterion in enumerate(pack.statutory):
        if criterion.id in seen:
            yield Problem(doc.locate(("statutory", c_index, "id")), f"id `{criterion.id}` is used twice", "unique-id")
        seen[criterion.id] = "criterion"
    rule_ids: set[str] = set()
    for r_index, rule in enumerate(pack.rules):
        if rule.id in rule_ids:
            yield Problem(doc.locate(("rules", r_index, "id")), f"rule id `{rule.id}` is used twice", "unique-id")
        rule_ids.add(rule.id)


def _descriptors(pack: Pack, doc: YamlDocument) -> Iterator[Problem]:
    for d_index, domain in enumerate(pack.domains):
        for a_index, area in enumerate(domain.areas):
            for i_index, indicator in enumerate(area.indicators):
                base = ("domains", d_index, "areas", a_index, "indicators", i_index, "descriptors")
                texts: dict[str, int] = {}
                for tier, text in sorted(indicator.descriptors.items()):
                    if text is None:
                        continue
                    if not text.strip():
                        yield Problem(doc.locate((*base, tier)), f"tier {tier} descriptor is blank: use null", "empty")
                    key = " ".join(text.lower().split())
                    if key in texts:
                        yield Problem(
                            doc.locate((*base, tier)),
                            f"tier {tier} descriptor repeats tier {texts[key]} word for word in `{indicator.id}`",
                            "duplicate-descriptor",
                        )
                    texts[key] = tier


def _rules(pack: Pack, doc: YamlDocument) -> Iterator[Problem]:
    indicator_ids = {indicator.id for _, _, indicator in pack.indicators()}
    sections = {criterion.section for criterion in pack.statutory}
    for r_index, rule in enumerate(pack.rules):
        if isinstance(rule, ClusterRule):
            for field in ("min_indicators_setting", "min_domains_setting"):
                name = getattr(rule, field)
                if name not in pack.settings:
                    yield Problem(
                        doc.locate(("rules", r_index, field)),
                        f"rule `{rule.id}` refers to setting `{name}`, which is not in `settings`",
                        "dangling-reference",
                    )
            if rule.to_tier <= rule.from_tier:
                yield Problem(doc.locate(("rules", r_index, "to_tier")), "a cluster must lift to a higher tier", "rule")
        if isinstance(rule, NoteRule) and rule.when.indicators_any:
            for n, indicator_id in enumerate(rule.when.indicators_any):
                if indicator_id not in indicator_ids:
                    yield Problem(
                        doc.locate(("rules", r_index, "when", "indicators_any", n)),
                        f"rule `{rule.id}` refers to indicator `{indicator_id}`, which the pack does not have",
                        "dangling-reference",
                    )
        section = getattr(rule, "section", None)
        if section is not None and section not in sections:
            yield Problem(
                doc.locate(("rules", r_index, "section")),
                f"rule `{rule.id}` refers to {section} criteria, but the pack lists none",
                "dangling-reference",
            )


def _contacts(pack: Pack, doc: YamlDocument) -> Iterator[Problem]:
    for c_index, contact in enumerate(pack.contacts):
        if not (contact.phone or contact.email or contact.url or contact.secure_email):
            yield Problem(
                doc.locate(("contacts", c_index)),
                f"contact `{contact.name}` gives no phone, email or website",
                "contact",
            )
