"""The reading on one screen, as text for a terminal and as Markdown for a case record.

One headline (the tier, complete or not, a higher tier to consider), then each concern in the
practitioner's own words with what it matched: the indicator, the tier and the guide's descriptor in
full with its source, the higher borderline descriptor where there is one, statutory criteria met or
possible, a strength. Then what is working well, what needs to happen, why this tier (the guide's words
for the tier concluded), the next step with who to call for this tier, consent, and the pack's stamp.
Each guide paragraph appears once. ``--verbose`` keeps the full report (render/assess.py).

Both layouts come from one list of blocks, so text and Markdown always say the same.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
from typing import Literal

from threshold_cli.model.pack import Pack
from threshold_cli.model.reading import Reading, ReadingError

NOT_A_DECISION = "This is the tool's reading, not a decision: a practitioner decides, with their safeguarding lead."
"""The one-screen form of the reading's caveat (the JSON's ``caveat`` adds why, in law)."""

Kind = Literal["title", "line", "heading", "concern", "item", "sub"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str


def _quote(text: str) -> str:
    return f"“{' '.join(text.split())}”"


def _headline(r: Reading) -> str:
    if r.tier is not None:
        head = f"Tier {r.tier} – {r.tier_name}"
    elif r.statutory:
        head = "No tier: only s20/s31 criteria were met (reported, not tiers)"
    else:
        head = "No tier: nothing could be matched"
    unplaced = len(r.unmatched)
    head += " · complete" if r.complete else f" · incomplete: {unplaced} concern{'s' * (unplaced > 1)} unplaced"
    if r.consider is not None:
        head += f" · consider Tier {r.consider.tier}"
    return head


def _concern_blocks(r: Reading, pack: Pack) -> list[Block]:
    criteria = {c.id: c for c in pack.statutory}
    out: list[Block] = []
    for c in r.concerns:
        n = c.concern
        if c.text:
            said = _quote(c.text)
        elif c.indicator:
            said = f"(pinned to `{c.indicator}`" + (f" at Tier {c.tier})" if c.tier else ")")
        else:
            said = f"(names `{c.statutory}`)"
        where = ", ".join(x for x in (c.source, c.date) if x)
        out.append(Block("concern", f"{n + 1}. {said}" + (f" ({where})" if where else "")))
        strong = {s.descriptor for s in r.strengths if s.origin == "concern" and s.concern == n}
        for e in (e for e in r.evidence if e.concern == n):
            pinned = ", as pinned" if e.match == "pinned" else ""
            pinned += ", a strength" if e.descriptor in strong else ""
            out.append(
                Block(
                    "sub", f"Tier {e.tier}{pinned} · {e.label} (`{e.indicator}`): {_quote(e.descriptor)} — {e.source}"
                )
            )
            if e.borderline is not None:
                for tier_text, descriptor in e.borderline.descriptors.items():
                    other = int(tier_text)
                    side = "higher" if other > e.tier else "lower"
                    text = _quote(descriptor) if descriptor else "(the guide leaves this tier blank)"
                    out.append(Block("sub", f"borderline with the {side} Tier {other}: {text}"))
            for cid in e.criteria:
                met = criteria.get(cid)
                if met is not None:
                    out.append(Block("sub", f"also meets {met.section} `{cid}`: {_quote(met.text)} — {met.source}"))
        for s in (s for s in r.statutory if s.concern == n):
            because = f" (because: {', '.join(s.because)})" if s.because else ""
            named = "named by the practitioner" if s.match == "named" else "met"
            out.append(Block("sub", f"{s.section} criterion {named}: `{s.id}`: {_quote(s.text)} — {s.source}{because}"))
        for p in (p for p in r.possible if p.concern == n):
            missing = ", ".join(p.missing)
            out.append(
                Block("sub", f"may meet {p.section} `{p.id}` ({_quote(p.text)}): the case does not say {missing}")
            )
        if any(u.concern == n for u in r.unmatched):
            out.append(
                Block(
                    "sub", "not matched to the guide: needs professional judgement (fewer matches never mean less risk)"
                )
            )
    return out


def blocks(r: Reading, pack: Pack) -> list[Block]:
    """The reading as blocks, in reading order."""
    out = [Block("title", _headline(r)), Block("line", r.file + (f" · reference {r.reference}" if r.reference else ""))]
    if r.decision is not None:
        d = r.decision
        by = ", ".join(x for x in (d.by, d.date) if x)
        text = (
            f"Practitioner's decision: Tier {d.tier}"
            + (f" – {d.reason}" if d.reason else "")
            + (f" ({by})" if by else "")
        )
        out.append(Block("line", text))
    if r.consider is not None:
        out.append(Block("line", f"Consider Tier {r.consider.tier}: {'; '.join(r.consider.because)}."))
    out += [Block("heading", "Concerns"), *_concern_blocks(r, pack)]
    working = [s for s in r.strengths if s.origin == "working_well"]
    if working:
        out += [Block("heading", "Working well (shown, never subtracted)")]
        out += [Block("item", _quote(s.text)) for s in working]
    if r.needs_to_happen or r.scaling is not None:
        scale = pack.signs_of_safety.scale if pack.signs_of_safety else None
        scaled = f" (scaling: {r.scaling} of {scale.max if scale else 10})" if r.scaling is not None else ""
        out += [Block("heading", f"What needs to happen{scaled}")]
        out += [Block("item", _quote(text)) for text in r.needs_to_happen]
    out += _why(r, pack)
    out += _next_step(r)
    stamp, edition = r.pack, r.pack.edition
    out.append(
        Block(
            "line",
            f"{pack.caveat} {NOT_A_DECISION} Pack {stamp.id} {stamp.version} ({stamp.status}) from {edition.title}, "
            f"{edition.version}, {edition.date}; sha256 {stamp.sha256[:12]}; threshold {r.tool_version}; the guide's "
            "words in full: --verbose.",
        )
    )
    return out


def _why(r: Reading, pack: Pack) -> list[Block]:
    shaped = [f for f in r.rules_fired if f.kind not in {"note", "consent"}]
    notes = [f for f in r.rules_fired if f.kind == "note"]
    possible = {f"Concern {p.concern + 1} may meet `{p.id}`" for p in r.possible}  # shown beside their concern
    engine_notes = [n for n in r.notes if not any(n.startswith(p) for p in possible)]
    if not (shaped or notes or engine_notes):
        return []
    out = [Block("heading", f"Why Tier {r.tier}" if r.tier else "Why no tier")]
    for f in shaped:
        if f.tier is None or f.tier != r.tier:  # it did not conclude this tier: what it did is enough
            out.append(Block("item", f.effect))
        elif f.kind == "highest_tier":
            tier = pack.tier(f.tier)  # the guide's words for the tier it concluded, not the rule's Tier 4 wording
            out.append(Block("item", f"{f.effect}: {_quote(tier.matrix_heading)} — {tier.source}"))
        else:
            out.append(Block("item", f"{f.effect}: {_quote(f.explanation)} — {f.source}"))
    out += [Block("item", f"{_opening(f.explanation, NOTE_CHARACTERS)} — {f.source}") for f in notes]
    out += [Block("item", n) for n in engine_notes]
    return out


RESPONSE_CHARACTERS = 250
"""How much of the guide's response for the tier the one-screen reading quotes: whole sentences up to
about three lines, then an ellipsis (``--verbose`` quotes it all); who to call is in the contacts below."""

NOTE_CHARACTERS = 160
"""How much of a note rule's guide words the one-screen reading quotes (whole sentences; all with --verbose)."""


def _opening(text: str, limit: int = RESPONSE_CHARACTERS) -> str:
    """``text`` quoted whole when short, else its first whole sentences up to ``limit`` characters and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return _quote(text)
    sentences = [s for s in text.replace(". ", ".\n").replace("; ", ";\n").split("\n") if s]
    kept = sentences[0]
    for s in sentences[1:]:
        if len(kept) + 1 + len(s) > limit:
            break
        kept += " " + s
    return f"“{kept} …”"


def _next_step(r: Reading) -> list[Block]:
    steps = r.next_steps
    out = [
        Block("heading", f"Next step (Tier {steps.tier})" if steps.tier else "Next step"),
        Block("line", _opening(steps.response)),
    ]
    for c in steps.contacts:
        ways = " · ".join(x for x in (c.phone, c.email, c.secure_email, c.url) if x)
        out.append(Block("item", f"{c.name}: {ways}"))  # what each is for: --verbose
    consent = next((f for f in r.rules_fired if f.kind == "consent"), None)
    if consent is not None:
        given = r.consent is not None and r.consent.status == "given"
        exempt = steps.consent is not None and steps.consent.required is False and steps.tier is not None
        relevant = not given and not (exempt and "not required" in consent.effect)  # where the exception matters
        guide = f" The guide: {_quote(consent.explanation)}" if relevant else ""
        out.append(Block("item", f"Consent: {consent.effect}.{guide}"))
    return out


# ---------------------------------------------------------------- layouts


def to_markdown(reading: Reading | ReadingError, pack: Pack) -> str:
    """The reading for a case record (paste it in as Markdown)."""
    if isinstance(reading, ReadingError):
        return f"### {reading.file}\n\n**Could not be read:** {reading.error}\n"
    return markdown_of(blocks(reading, pack))


def markdown_of(laid_out: list[Block]) -> str:
    """Blocks as Markdown: the title a heading, items a list, subs nested under them."""
    lines: list[str] = []
    for b in laid_out:
        if b.kind == "title":
            lines += [f"### {b.text}", ""]
        elif b.kind == "heading":
            lines += ["", f"#### {b.text}", ""]
        elif b.kind == "line":
            lines += [b.text, ""] if not lines or lines[-1] == "" else ["", b.text, ""]
        elif b.kind == "concern":
            lines.append(b.text)
        elif b.kind == "item":
            lines.append(f"- {b.text}")
        else:
            lines.append(f"   - {b.text}")
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


def width() -> int:
    """The terminal's width, or ``COLUMNS``, or 100 when output is not a terminal."""
    return max(shutil.get_terminal_size(fallback=(100, 24)).columns, 40)


def to_text(reading: Reading | ReadingError, pack: Pack) -> str:
    """The reading for a terminal, wrapped to its width; never a word of the guide cut."""
    if isinstance(reading, ReadingError):
        return f"{reading.file}: could not be read: {reading.error}"
    return text_of(blocks(reading, pack))


def text_of(laid_out: list[Block]) -> str:
    """Blocks as terminal text, wrapped to :func:`width`, never a word or an id cut."""
    cols = width()
    bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    out: list[str] = []

    def wrap(text: str, first: str, rest: str) -> list[str]:
        return textwrap.wrap(
            text, cols, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
        )

    for b in laid_out:
        if b.kind == "title":
            out += [f"\x1b[1m{line}\x1b[0m" if bold else line for line in wrap(b.text, "", "")]
        elif b.kind == "heading":
            out += (
                ["", *wrap(b.text, "", "")] if b.text != "Concerns" else [b.text]
            )  # the first sits under the headline
        elif b.kind == "line":
            out += wrap(b.text, "", "")
        elif b.kind == "concern":
            out += wrap(b.text, "", "   ")
        elif b.kind == "item":
            out += wrap(b.text, "• ", "  ")
        else:
            out += wrap(b.text, "   – ", "     ")
    return "\n".join(out)
