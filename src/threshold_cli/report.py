"""Assessment reports: JSON (docs/contracts.md), a terminal report and Markdown for a case record.

Every report carries the pack id, version and sha256 and the tool version, so a recorded reading can
be reproduced ("keep a record of your decision and the reasons for it").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from . import __version__
from .assessing import CaseResult, PackContext
from .engine import Assessment
from .models import Case, Pack

NOT_A_DECISION = (
    "This is the tool's reading, not a decision. A practitioner decides, with their safeguarding lead "
    "(UK GDPR Article 22: no decision about a child rests on automated processing alone)."
)
REDACTED_FIELDS = ("reference",)


def next_steps(pack: Pack, result: Assessment) -> dict[str, Any]:
    if result.tier is None:
        response = (
            "No tier: the concerns met only s20/s31 criteria, which are reported, not tiers. Discuss the "
            "statutory route with children's social care and your safeguarding lead."
            if result.statutory
            else "No concern could be matched: read the guide with your safeguarding lead."
        )
        return {
            "tier": None,
            "response": response,
            "contacts": [],
            "consent": None,
        }
    tier = pack.tier(result.tier)
    contacts = [c.model_dump(exclude_none=True, exclude={"tiers"}) for c in pack.contacts if result.tier in c.tiers]
    consent_rule = next((r for r in result.rules_fired if r.kind == "consent"), None)
    return {
        "tier": result.tier,
        "response": tier.response,
        "contacts": contacts,
        "consent": {
            "required": result.consent_required,
            "guidance": consent_rule.explanation if consent_rule else None,
        },
    }


def to_dict(result: CaseResult, context: PackContext, *, redact: bool = False) -> dict[str, Any]:
    """One case as the JSON object of docs/contracts.md (or a one-line error in its place)."""
    pack = context.pack
    header: dict[str, Any] = {"file": result.path}
    if result.error is not None or result.assessment is None or result.case is None:
        return {**header, "error": str(result.error)}
    a, case = result.assessment, result.case
    out: dict[str, Any] = {
        **header,
        "reference": None if redact else case.reference,
        "tier": a.tier,
        "tier_name": a.tier_name,
        "pack": {
            "id": pack.id,
            "title": pack.title,
            "version": pack.version,
            "sha256": context.loaded.doc.sha256,
        },
        "tool_version": __version__,
        "complete": a.complete,
        "evidence": [_without_none(asdict(e)) for e in a.evidence],
        "statutory": [
            {
                "section": s.section,
                "id": s.id,
                "text": s.text,
                "concern": s.concern,
                "match": s.match,
                "because": list(s.because),
                "source": s.source,
            }
            for s in a.statutory
        ],
        "unmatched": [{"concern": u.concern, "text": u.text} for u in a.unmatched],
        "rules_fired": [
            {"id": r.id, "kind": r.kind, "explanation": r.explanation, "effect": r.effect, "source": r.source}
            for r in a.rules_fired
        ],
        "strengths": [_without_none(asdict(s)) for s in a.strengths],
        "notes": list(a.notes),
        "next_steps": next_steps(pack, a),
        "decision": case.decision.model_dump() if case.decision else None,
        "caveat": f"{pack.caveat} {NOT_A_DECISION}",
    }
    if redact:
        out.pop("reference")
    return out


def _without_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def to_json(result: CaseResult, context: PackContext, *, redact: bool = False, indent: int | None = 2) -> str:
    return json.dumps(to_dict(result, context, redact=redact), indent=indent, ensure_ascii=False, sort_keys=False)


# ---------------------------------------------------------------- markdown


def to_markdown(result: CaseResult, context: PackContext, *, redact: bool = False) -> str:
    d = to_dict(result, context, redact=redact)
    if "error" in d:
        return f"### {d['file']}\n\n**Could not be read:** {d['error']}\n"
    case: Case = result.case  # type: ignore[assignment]
    lines = [f"### Threshold reading: {d['file']}", ""]
    if d.get("reference"):
        lines += [f"Reference: {d['reference']}", ""]
    if d["tier"]:
        tier = f"Tier {d['tier']} – {d['tier_name']}"
    elif d["statutory"]:
        tier = "No tier: only s20/s31 criteria were met (reported, not tiers)"
    else:
        tier = "No tier: nothing could be matched"
    lines += [
        f"**Tool's reading: {tier}**" + ("" if d["complete"] else " (incomplete: see unmatched concerns)"),
        "",
    ]
    if case.decision:
        dec = case.decision
        lines += [
            f"**Practitioner's decision: Tier {dec.tier}**"
            + (f" – {dec.reason}" if dec.reason else "")
            + (f" ({dec.by}, {dec.date})" if dec.by or dec.date else ""),
            "",
        ]
    lines += ["#### Why"]
    lines += [f"- **{r['id']}**: {r['effect']} — “{r['explanation']}” ({r['source']})" for r in d["rules_fired"]]
    lines += [""]
    also = [(e["concern"], c) for e in d["evidence"] for c in e.get("criteria", [])]
    if d["statutory"] or also:
        criteria = {c.id: c for c in context.pack.statutory}
        lines += ["#### Statutory criteria"]
        lines += [
            f"- {s['section']} `{s['id']}` (concern {s['concern']}): “{s['text']}” ({s['source']})"
            for s in d["statutory"]
        ]
        for n, c in also:
            met = criteria[c]
            lines.append(f"- {met.section} `{c}` (concern {n}, beside its evidence): “{met.text}” ({met.source})")
        lines += [""]
    if d["evidence"]:
        lines += [
            "#### Evidence",
            "",
            "| concern | domain | indicator | tier | descriptor (verbatim) | source |",
            "|---|---|---|---|---|---|",
        ]
        for e in d["evidence"]:
            text = e["descriptor"].replace("|", "\\|").replace("\n", " ")
            flag = " (borderline)" if e.get("borderline") else ""
            lines.append(
                f"| {e['concern']} | {e['domain']} | {e['label']} `{e['indicator']}` | {e['tier']}{flag} "
                f"| {text} | {e['source']} |"
            )
        lines += [""]
    if d["unmatched"]:
        lines += ["#### Not matched (needs professional judgement)"]
        lines += [f"- concern {u['concern']}: {u['text']}" for u in d["unmatched"]] + [""]
    if d["strengths"]:
        lines += ["#### Strengths (shown, never subtracted)"]
        lines += [f"- {s['text']}" for s in d["strengths"]] + [""]
    if d["notes"]:
        lines += ["#### Notes"] + [f"- {n}" for n in d["notes"]] + [""]
    steps = d["next_steps"]
    lines += ["#### Next steps", "", steps["response"], ""]
    for c in steps["contacts"]:
        lines.append("- " + ", ".join(str(v) for k, v in c.items() if k != "address"))
    lines += [
        "",
        f"_{d['caveat']}_",
        "",
        f"Pack {d['pack']['id']} {d['pack']['version']} (sha256 {d['pack']['sha256'][:16]}…), "
        f"threshold {d['tool_version']}.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- terminal


def to_text(result: CaseResult, context: PackContext, *, redact: bool = False, width: int = 100) -> Any:
    """A rich renderable for the terminal (plain text when not a terminal)."""
    from rich.console import Group
    from rich.markdown import Markdown

    return Group(Markdown(to_markdown(result, context, redact=redact), code_theme="ansi_light"))


def explanation_markdown(case: Case, context: PackContext) -> str:
    """``assess --explain``: how each free-text concern was read, stage by stage (explain.py)."""
    from .explain import explain_concern

    lines = ["### How each concern was read", ""]
    for n, concern in enumerate(case.concerns):
        text = concern if isinstance(concern, str) else concern.text
        if not text or (not isinstance(concern, str) and (concern.indicator or concern.statutory)):
            continue  # a concern pinned to a row or naming a criterion is read as the practitioner says
        lines.append(f"**Concern {n}**")
        lines.append("")
        lines.extend(explain_concern(context.index, text))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def results_jsonl(results: Iterable[CaseResult], context: PackContext, *, redact: bool = False) -> Iterable[str]:
    for result in results:
        yield to_json(result, context, redact=redact, indent=None)
