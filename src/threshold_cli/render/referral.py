"""The referral draft as text, Markdown (to paste into the partnership's form) or JSON.

Filled fields come first in each section, in the form's order, each with its lines (numbered when there
are several, so "concern 2" in the reading's summary can be found); the section's blank fields follow on
one line, so the referrer sees at a glance what is left to complete.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from threshold_cli.model.referral import DraftField, ReferralDraft
from threshold_cli.render.formats import ReferralFormat
from threshold_cli.render.reading import Block, markdown_of, text_of


def _field_blocks(f: DraftField) -> list[Block]:
    head = f.label if f.ticked is None else f"{f.label} ☒ {f.ticked}"
    if f.hint:
        head += f" ({f.hint})"
    if len(f.text) == 1:
        return [Block("item", f"{head}: {f.text[0]}")]
    numbered = [Block("sub", f"{n}. {line}") for n, line in enumerate(f.text, 1)]
    return [Block("item", head), *numbered]


def blocks(d: ReferralDraft) -> list[Block]:
    out = [Block("title", f"Draft: {d.title}")]
    out.append(Block("line", f"From {d.file}" + (f" (reference {d.reference})" if d.reference else "")))
    out.append(Block("line", d.caveat))
    out += [Block("line", line) for line in d.header]
    for s in d.sections:
        out.append(Block("heading", f"{s.number}. {s.title}"))
        filled = [f for f in s.fields if f.text or f.ticked]
        for f in filled:
            out += _field_blocks(f)
        blank = [f.label for f in s.fields if f not in filled]
        if blank:
            out.append(Block("item", "Blank (the case file does not say): " + "; ".join(blank)))
    out.append(Block("heading", "Sending it"))
    out += [Block("item", line) for line in d.send]
    p = d.pack
    stamp = f"pack {p.id} {p.version} ({p.status}, sha256 {p.sha256[:12]})"
    out.append(Block("line", f"{d.source}. Filled by threshold {d.tool_version} from {stamp}."))
    return out


def to_text(d: ReferralDraft) -> str:
    return text_of(blocks(d))


def to_markdown(d: ReferralDraft) -> str:
    return markdown_of(blocks(d))


def to_json(d: ReferralDraft) -> str:
    return json.dumps(d.to_json_dict(), indent=2, ensure_ascii=False)


RENDERERS: dict[ReferralFormat, Callable[[ReferralDraft], str]] = {
    ReferralFormat.text: to_text,
    ReferralFormat.markdown: to_markdown,
    ReferralFormat.json: to_json,
}
