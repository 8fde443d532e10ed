"""``assess`` output: JSON and JSON lines (docs/contracts.md, schemas/reading.schema.json), Markdown for
a case record, HTML for a record to keep (render/html.py), and the terminal's text. Each lays out a
:class:`Reading` built by the engine; the registry maps every ``--format`` to its renderer."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence

from threshold_cli.model.pack import Pack
from threshold_cli.model.reading import Reading, ReadingError
from threshold_cli.render.formats import AssessFormat
from threshold_cli.render.html import document, to_html
from threshold_cli.render.reading import to_markdown, to_text


def to_json(reading: Reading | ReadingError, pack: Pack | None = None, *, indent: int | None = 2) -> str:
    return json.dumps(reading.to_json_dict(), indent=indent, ensure_ascii=False, sort_keys=False)


def to_jsonl(reading: Reading | ReadingError, pack: Pack | None = None) -> str:
    return to_json(reading, indent=None)


def verbose_markdown(reading: Reading | ReadingError, pack: Pack) -> str:
    """``--verbose``: the whole reading for a case record, every rule with the guide's words, the evidence
    as a table."""
    if isinstance(reading, ReadingError):
        return f"### {reading.file}\n\n**Could not be read:** {reading.error}\n"
    d = reading.to_json_dict()
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
    if reading.decision:
        dec = reading.decision
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
        criteria = {c.id: c for c in pack.statutory}
        lines += ["#### Statutory criteria"]
        lines += [
            f"- {s['section']} `{s['id']}` (concern {s['concern'] + 1}): “{s['text']}” ({s['source']})"
            for s in d["statutory"]
        ]
        for n, c in also:
            met = criteria[c]
            lines.append(f"- {met.section} `{c}` (concern {n + 1}, beside its evidence): “{met.text}” ({met.source})")
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
                f"| {e['concern'] + 1} | {e['domain']} | {e['label']} `{e['indicator']}` | {e['tier']}{flag} "
                f"| {text} | {e['source']} |"
            )
        lines += [""]
    if d["unmatched"]:
        lines += ["#### Not matched (needs professional judgement)"]
        lines += [f"- concern {u['concern'] + 1}: {u['text']}" for u in d["unmatched"]] + [""]
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


def verbose_text(reading: Reading | ReadingError, pack: Pack) -> str:
    """``--verbose`` in the terminal: :func:`verbose_markdown` rendered by rich."""
    return terminal_text(verbose_markdown(reading, pack))


def terminal_text(markdown: str) -> str:
    """Markdown rendered by rich for the terminal: colour only on a terminal and without NO_COLOR."""
    from rich.console import Console
    from rich.markdown import Markdown

    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    console = Console(width=100, force_terminal=colour, no_color=not colour, highlight=False)
    with console.capture() as capture:
        console.print(Markdown(markdown, code_theme="ansi_light"))
    return "\n".join(line.rstrip() for line in capture.get().rstrip().splitlines())


def explanation_markdown(explained: Sequence[tuple[int, list[str]]]) -> str:
    """``assess --explain``: how each free-text concern was read, stage by stage (engine/explain.py)."""
    lines = ["### How each concern was read", ""]
    for n, concern_lines in explained:
        lines += [f"**Concern {n + 1}**", "", *concern_lines, ""]
    return "\n".join(lines).rstrip() + "\n"


def batch_summary(read: Sequence[tuple[int | None, bool | None]]) -> str:
    """A batch's closing table (on stderr): how many cases at each tier, incomplete, and not read."""
    rows = [(f"Tier {n}", sum(1 for tier, _ in read if tier == n)) for n in (1, 2, 3, 4)]
    rows += [
        ("no tier", sum(1 for tier, done in read if tier is None and done is not None)),
        ("incomplete", sum(1 for _, done in read if done is False)),
        ("not read", sum(1 for _, done in read if done is None)),
    ]
    lines = [f"threshold: {len(read)} cases"] + [f"  {label:<11}{count:>6}" for label, count in rows]
    return "\n".join(lines)


def batch(output_format: AssessFormat, chunks: Sequence[str]) -> str:
    """Several readings as one output: a JSON array for ``json``, one HTML page of a section per case for
    ``html``, one after another otherwise."""
    if output_format is AssessFormat.html:
        return document(chunks)
    if output_format is AssessFormat.json and len(chunks) > 1:
        return "[\n" + ",\n".join(chunks) + "\n]"
    return "\n".join(chunks)


RENDERERS: dict[AssessFormat, Callable[[Reading | ReadingError, Pack], str]] = {
    AssessFormat.text: to_text,
    AssessFormat.json: to_json,
    AssessFormat.jsonl: to_jsonl,
    AssessFormat.markdown: to_markdown,
    AssessFormat.html: to_html,
}
VERBOSE: dict[AssessFormat, Callable[[Reading | ReadingError, Pack], str]] = {
    **RENDERERS,
    AssessFormat.text: verbose_text,
    AssessFormat.markdown: verbose_markdown,
}
"""``--verbose``: the full text and Markdown of before; JSON is whole either way."""
