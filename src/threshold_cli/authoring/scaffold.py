"""``threshold new-pack``: a complete, valid starting pack and golden file for a partnership's own guide.

Authors learn the format fastest by editing something that already validates and passes its tests. So
the scaffold is a whole pack (every block a real pack has, each rule kind wired to its settings and
criteria) whose guide text is placeholders marked ``REPLACE:``, and golden cases that pin indicators
and name criteria, so they pass before any guide text is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from threshold_cli.model.errors import InputFileError, SourceLocation, UsageError
from threshold_cli.model.types import SLUG_PATTERN

_PACK = Template("""\
# yaml-language-server: $$schema=pack.schema.json
# The `threshold` rule pack for $title's threshold guide, started by `threshold new-pack $name`.
# Replace every "REPLACE: ..." with the guide's own words, verbatim (see docs/authoring.md). Labels,
# ids, triggers and setting descriptions are ours, not the guide's. Then run:
#   threshold schema pack > pack.schema.json    # once: completion and errors in your editor
#   threshold validate $name.yaml
#   threshold test $name.tests.yaml
id: "$name"
title: "REPLACE: the guide's short title, e.g. $title Threshold Guide"
publisher: "REPLACE: who publishes the guide, e.g. $title Safeguarding Children Partnership"
document:
  title: "REPLACE: the guide's full title, as on its cover"
  version: "REPLACE: the guide's version as it states it, or unknown"
  date: "REPLACE: the guide's date as it states it, or unknown"
  url: "REPLACE: where the published guide can be read"
version: "0.1.0"
status: "draft"
reviewed: "REPLACE: the date this pack was last checked against the guide (YYYY-MM-DD)"
caveat: "REPLACE: the guide's own words that it supports, and never replaces, professional judgement"
tiers:
- number: 1
  name: "REPLACE: the guide's short name for Tier 1, e.g. Universal Services"
  heading: "REPLACE: the guide's Tier 1 heading, verbatim"
  definition: "REPLACE: the guide's definition of Tier 1, verbatim (paragraphs separated by blank lines)"
  matrix_heading: "REPLACE: the Tier 1 column heading of the matrix, verbatim"
  response: "REPLACE: what to do at Tier 1 (pathway, who to contact), in the guide's words"
  source: {section: "REPLACE: the section the Tier 1 definition is in", page: 1}
- number: 2
  name: "REPLACE: the guide's short name for Tier 2, e.g. Early Help"
  heading: "REPLACE: the guide's Tier 2 heading, verbatim"
  definition: "REPLACE: the guide's definition of Tier 2, verbatim"
  matrix_heading: "REPLACE: the Tier 2 column heading of the matrix, verbatim"
  response: "REPLACE: what to do at Tier 2, in the guide's words"
  source: {section: "REPLACE: the section the Tier 2 definition is in"}
- number: 3
  name: "REPLACE: the guide's short name for Tier 3, e.g. Targeted Support"
  heading: "REPLACE: the guide's Tier 3 heading, verbatim"
  definition: "REPLACE: the guide's definition of Tier 3, verbatim"
  matrix_heading: "REPLACE: the Tier 3 column heading of the matrix, verbatim"
  response: "REPLACE: what to do at Tier 3, in the guide's words"
  source: {section: "REPLACE: the section the Tier 3 definition is in"}
- number: 4
  name: "REPLACE: the guide's short name for Tier 4, e.g. Child Protection"
  heading: "REPLACE: the guide's Tier 4 heading, verbatim"
  definition: "REPLACE: the guide's definition of Tier 4, verbatim"
  matrix_heading: "REPLACE: the Tier 4 column heading of the matrix, verbatim"
  response: "REPLACE: what to do at Tier 4 (the referral route, 999 in an emergency), in the guide's words"
  source: {section: "REPLACE: the section the Tier 4 definition is in"}
# The three sides of the Assessment Triangle. Each area is a heading of the guide's matrix; each
# indicator is one row of it: the guide's descriptor at each tier, null where its cell is blank.
domains:
- id: "development"
  name: "REPLACE: the guide's name for this domain, e.g. Child's developmental needs"
  description: "REPLACE: the guide's introduction to this domain, verbatim"
  areas:
  - id: "health"
    name: "REPLACE: the matrix heading of this area, e.g. Health"
    indicators:
    - id: "development.health.health-needs"
      label: "Health needs"
      descriptors:
        1: "REPLACE: the Tier 1 descriptor of this row, verbatim"
        2: "REPLACE: the Tier 2 descriptor of this row, verbatim"
        3: "REPLACE: the Tier 3 descriptor of this row, verbatim"
        4: "REPLACE: the Tier 4 descriptor of this row, verbatim"
      source: {section: "REPLACE: the matrix section this row is in"}
- id: "family"
  name: "REPLACE: the guide's name for this domain, e.g. Parents' and carers' capacity"
  description: "REPLACE: the guide's introduction to this domain, verbatim"
  areas:
  - id: "basic-care"
    name: "REPLACE: the matrix heading of this area, e.g. Basic care"
    indicators:
    - id: "family.basic-care.basic-care"
      label: "Basic care"
      descriptors:
        1: "REPLACE: the Tier 1 descriptor of this row, verbatim"
        2: "REPLACE: the Tier 2 descriptor of this row, verbatim"
        3: "REPLACE: the Tier 3 descriptor of this row, verbatim"
        4: "REPLACE: the Tier 4 descriptor of this row, verbatim"
      source: {section: "REPLACE: the matrix section this row is in"}
- id: "environment"
  name: "REPLACE: the guide's name for this domain, e.g. Family and environmental factors"
  description: "REPLACE: the guide's introduction to this domain, verbatim"
  areas:
  - id: "housing"
    name: "REPLACE: the matrix heading of this area, e.g. Housing"
    indicators:
    - id: "environment.housing.housing"
      label: "Housing"
      descriptors:
        1: "REPLACE: the Tier 1 descriptor of this row, verbatim"
        2: "REPLACE: the Tier 2 descriptor of this row, verbatim"
        3: "REPLACE: the Tier 3 descriptor of this row, verbatim"
        4: null
      source: {section: "REPLACE: the matrix section this row is in"}
# Children Act 1989 criteria. `text` is the guide's (origin: guide) or the Act's (origin: act).
# `applies_when` and `triggers` are ours: the child's facts a criterion depends on, and the word
# patterns that signal it in a practitioner's free text (any one pattern is enough; a pattern needs a
# phrase from every group in `all` and none of its `unless` phrases).
statutory:
- id: "s47.serious-injury"
  section: "s47"
  text: "REPLACE: the s47 criterion, verbatim, e.g. Allegations or suspicions about a serious injury to a child."
  origin: "guide"
  triggers:
  - all: [["serious injury", "seriously injured", "fracture", "fractured", "broken arm", "broken leg"]]
    unless: ["in the past", "historic", "historical"]
  source: {section: "REPLACE: the section listing the s47 criteria"}
- id: "s20.lost-or-abandoned"
  section: "s20"
  text: "REPLACE: the guide's s20 criterion, verbatim, e.g. The child is lost or abandoned."
  origin: "guide"
  triggers:
  - all: [["abandoned", "lost"]]
  source: {section: "REPLACE: the section listing the s20 criteria"}
- id: "s31.beyond-parental-control"
  section: "s31"
  text: "REPLACE: the guide's s31 criterion, verbatim, e.g. The child is beyond parental control."
  origin: "guide"
  applies_when:
    all:
    - {fact: "age", below: 17}
  triggers:
  - all: [["beyond parental control", "beyond their parents' control", "out of their parents' control"]]
  source: {section: "REPLACE: the section listing the s31 criteria"}
# Numbers the guide leaves open: named, explained, and visible to every reviewer.
settings:
  cluster_min_indicators:
    value: 3
    description: >-
      Ours, unless the guide gives a number: how many distinct Tier 2 indicators make a cluster that may
      lift the reading to Tier 3.
  cluster_min_domains:
    value: 2
    description: >-
      Ours, unless the guide gives a number: across how many of the three domains those indicators
      must fall.
# Applied in this order; every explanation is the guide's own words.
rules:
- id: "s47-criteria"
  kind: "statutory_override"
  section: "s47"
  tier: 4
  explanation: "REPLACE: the guide's words that reasonable cause to suspect significant harm means Tier 4"
  source: {section: "REPLACE: where the guide says it"}
- id: "highest-tier"
  kind: "highest_tier"
  explanation: "REPLACE: the guide's words that one indicator can be enough to meet a tier"
  source: {section: "REPLACE: where the guide says it"}
- id: "tier2-cluster"
  kind: "cluster"
  from_tier: 2
  to_tier: 3
  min_indicators_setting: "cluster_min_indicators"
  min_domains_setting: "cluster_min_domains"
  explanation: "REPLACE: the guide's words that several Tier 2 needs together may mean Tier 3"
  source: {section: "REPLACE: where the guide says it"}
- id: "tier3-note"
  kind: "note"
  when:
    tier_in: [3]
  explanation: "REPLACE: what the guide asks for at Tier 3, e.g. consider an early help assessment first"
  source: {section: "REPLACE: where the guide says it"}
- id: "s20-criteria"
  kind: "statutory_override"
  section: "s20"
  explanation: "REPLACE: the guide's words on accommodation under section 20"
  source: {section: "REPLACE: where the guide says it"}
- id: "s31-criteria"
  kind: "statutory_override"
  section: "s31"
  explanation: "REPLACE: the guide's words on care proceedings under section 31"
  source: {section: "REPLACE: where the guide says it"}
- id: "consent"
  kind: "consent"
  not_required_from_tier: 4
  explanation: "REPLACE: the guide's words on consent to a referral, and when it is not needed"
  source: {section: "REPLACE: where the guide says it"}
contacts:
- name: "Emergency services"
  phone: "999"
  purpose: "immediate concerns for a child's safety"
  tiers: [4]
- name: "REPLACE: the front door for requests for support and referrals, e.g. MASH"
  url: "REPLACE: its web page; add phone, email and secure_email as the guide gives them"
  purpose: "REPLACE: when to contact it, in the guide's words"
  tiers: [3, 4]
""")

_TESTS = Template("""\
# yaml-language-server: $$schema=golden.schema.json
# Golden cases for the $name pack: `threshold test $name.tests.yaml` runs them. These pin indicators and
# name criteria, so they pass before the guide's text is in. Add cases in practitioners' own words,
# with the tier a practitioner would read from the guide (docs/case-format.md).
pack: $name
cases:
- name: tier1-needs-met
  case:
    concerns:
    - {text: "Healthy, up to date with checks and immunisations", indicator: development.health.health-needs, tier: 1}
  expect:
    tier: 1
    indicator_tiers: {development.health.health-needs: 1}
    rules: [highest-tier, consent]
    unmatched: 0
- name: tier2-one-need
  case:
    concerns:
    - {text: "Missed two dental appointments", indicator: development.health.health-needs, tier: 2}
  expect:
    tier: 2
    indicator_tiers: {development.health.health-needs: 2}
    rules: [highest-tier, consent]
- name: tier3-one-need
  case:
    concerns:
    - {text: "Family in temporary accommodation far from school", indicator: environment.housing.housing, tier: 3}
  expect:
    tier: 3
    rules: [highest-tier, tier3-note, consent]
- name: tier2-cluster-lifts-to-tier3
  note: "Three Tier 2 needs across three domains: the cluster rule and its settings lift the reading to Tier 3."
  case:
    concerns:
    - {indicator: development.health.health-needs, tier: 2}
    - {indicator: family.basic-care.basic-care, tier: 2}
    - {indicator: environment.housing.housing, tier: 2}
  expect:
    tier: 3
    rules: [tier2-cluster]
- name: tier4-named-s47
  case:
    concerns:
    - {statutory: s47.serious-injury}
  expect:
    tier: 4
    statutory: [s47.serious-injury]
    rules: [s47-criteria, consent]
- name: tier4-s47-in-own-words
  note: "The criterion's triggers find it in free text."
  case:
    child: {age: 3}
    concerns:
    - "Came into nursery with a broken arm"
  expect:
    tier: 4
    statutory: [s47.serious-injury]
    rules: [s47-criteria]
    unmatched: 0
- name: s20-reported-beside-tier
  case:
    concerns:
    - {indicator: family.basic-care.basic-care, tier: 2}
    - {statutory: s20.lost-or-abandoned}
  expect:
    tier: 2
    statutory: [s20.lost-or-abandoned]
    rules: [s20-criteria]
- name: s31-reported-beside-tier
  case:
    child: {age: 15}
    concerns:
    - {indicator: family.basic-care.basic-care, tier: 3}
    - {statutory: s31.beyond-parental-control}
  expect:
    tier: 3
    statutory: [s31.beyond-parental-control]
    rules: [s31-criteria]
""")

_SLUG = re.compile(SLUG_PATTERN)


def new_pack(name: str, directory: Path) -> list[Path]:
    """Write ``<name>.yaml`` and ``<name>.tests.yaml`` in ``directory`` (created if missing); never overwrite."""
    if not _SLUG.match(name):
        raise UsageError(f"pack name `{name}` must be lower-case letters, digits and hyphens (e.g. `my-council`)")
    files = {
        directory / f"{name}.yaml": _PACK.substitute(name=name, title=name.replace("-", " ").title()),
        directory / f"{name}.tests.yaml": _TESTS.substitute(name=name),
    }
    existing = [str(path) for path in files if path.exists()]
    if existing:
        raise UsageError(f"{', '.join(existing)} already exist{'s' if len(existing) == 1 else ''}: not overwritten")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for path, text in files.items():
            with open(path, "x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except FileExistsError as exc:  # created by someone else since the check above
        raise UsageError(f"{exc.filename} already exists: not overwritten") from None
    except OSError as exc:
        raise InputFileError(f"cannot write ({exc.strerror})", SourceLocation(str(exc.filename or directory))) from None
    return list(files)
