"""``threshold diff`` output: text for a terminal, Markdown for a pull request, and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from typing import Any

from threshold_cli.model.diff import SECTIONS, Action, Change, Flip, PackDiff, What, md_escape, show_value, word_diff
from threshold_cli.render.formats import DiffFormat

_NOUNS: dict[What, tuple[str, str]] = {
    "tier": ("tier definition", "tier definitions"),
    "domain": ("domain", "domains"),
    "area": ("area", "areas"),
    "indicator": ("indicator", "indicators"),
    "descriptor": ("descriptor", "descriptors"),
    "criterion": ("statutory criterion", "statutory criteria"),
    "statutory-note": ("statutory note", "statutory notes"),
    "setting": ("setting", "settings"),
    "rule": ("rule", "rules"),
    "contact": ("contact", "contacts"),
}


_WHOLE: dict[What, str] = {"metadata": "metadata", "signs-of-safety": "Signs of Safety"}
"""Parts of a pack there is one of: no count in the summary."""


def summary(d: PackDiff) -> str:
    """``3 changes: 1 indicator renamed, ...``: how many items changed in each way, in report order."""
    if not d.changes:
        return "no changes"
    subjects: dict[tuple[What, Action], set[tuple[Any, ...]]] = {}
    for c in d.changes:  # a descriptor is one tier of an indicator; anything else is counted once
        item = (c.subject, c.field, c.old) if c.what == "descriptor" else (c.subject,)
        subjects.setdefault((c.what, c.action), set()).add(item)
    parts = []
    for (what, action), items in subjects.items():
        if what in _WHOLE or action == "reordered":
            parts.append(f"{_WHOLE.get(what, 'rules')} {action}")
        else:
            n = len(items)
            parts.append(f"{n} {_NOUNS[what][n != 1]} {action}")
    total = len(d.changes)
    return f"{total} change{'' if total == 1 else 's'}: {', '.join(parts)}"


def _sections(d: PackDiff) -> Iterator[tuple[str, list[Change]]]:
    for what, title in SECTIONS.items():  # one title per kind of change
        changes = [c for c in d.changes if c.what == what]
        if changes:
            yield title, changes


def _tier_label(value: int | None) -> str:
    return f"Tier {value}" if value else "no tier"


def _line(c: Change) -> str:
    """One change as one plain line (without its action)."""
    where = f"{c.subject}, {c.field}" if c.field else c.subject
    if c.action == "renamed":
        return f"{c.old} → {c.new}"
    if c.action == "moved":
        return f"{c.subject}: tier {c.old} → tier {c.new}: {show_value(c.detail)}"
    if c.action in {"added", "removed"}:
        value = c.new if c.action == "added" else c.old
        return where + (f": {show_value(value)}" if value is not None else "")
    return f"{where}: {c.detail or f'{show_value(c.old)} → {show_value(c.new)}'}"


def _flip_note(f: Flip) -> str:
    return f" ({f.problem})" if f.problem else ""


def diff_text(d: PackDiff) -> str:
    """Plain text for a terminal: a heading per section, one line per change."""
    lines = [
        f"{d.old.id} {d.old.version} → {d.new.id} {d.new.version}",
        f"  old: {d.old.label}",
        f"  new: {d.new.label}",
        summary(d),
        *[f"warning: {w}" for w in d.warnings],
    ]
    width = max((len(c.action) for c in d.changes), default=0)
    for title, changes in _sections(d):
        lines += ["", title]
        lines += [f"  {c.action.ljust(width)}  {_line(c)}" for c in changes]
    if d.flipped is not None:
        lines += ["", _cases_heading(d.flipped, d.cases_checked)]
        name_width = max((len(f.name) for f in d.flipped), default=0)
        for f in d.flipped:
            tiers = f"{_tier_label(f.old_tier)} → {_tier_label(f.new_tier)}"
            lines.append(f"  {f.name.ljust(name_width)}  {tiers}{_flip_note(f)}")
    return "\n".join(lines)


def _cases_heading(flipped: Sequence[Flip], checked: int) -> str:
    cases = f"{checked} case{'' if checked == 1 else 's'}"
    if not flipped:
        return f"Cases: none of {cases} changes tier"
    return f"Cases: {len(flipped)} of {cases} change{'s' if len(flipped) == 1 else ''} tier"


def _md_code(text: str) -> str:
    return f"`{text.replace('`', 'ˋ')}`"


def _md_value(value: Any) -> str:
    return "—" if value is None else md_escape(show_value(value))


def _md_detail(c: Change) -> str:
    if c.action == "renamed":
        return f"→ {_md_code(str(c.new))}"
    if c.action == "moved":
        return f"Tier {c.old} → Tier {c.new}: {md_escape(c.detail or '')}"
    if c.action in {"added", "removed"}:
        return _md_value(c.new if c.action == "added" else c.old)
    if isinstance(c.old, str) and isinstance(c.new, str) and c.detail:
        return word_diff(c.old, c.new, markdown=True)
    if c.detail:
        return md_escape(c.detail)
    return f"{_md_value(c.old)} → {_md_value(c.new)}"


def diff_markdown(d: PackDiff) -> str:
    """Markdown for a pull-request comment or a job summary: a table per section."""
    lines = [
        f"## Pack diff: {_md_code(d.old.id)} {d.old.version} → {_md_code(d.new.id)} {d.new.version}",
        "",
        f"Old: {_md_code(d.old.label)}  ",
        f"New: {_md_code(d.new.label)}",
        "",
        f"**{summary(d)}**",
        *[f"\n> **Warning:** {w}" for w in d.warnings],  # our own words, with `code`
    ]
    for title, changes in _sections(d):
        lines += ["", f"### {title}", "", "| change | item | field | detail |", "|---|---|---|---|"]
        for c in changes:
            field = md_escape(c.field) if c.field else ""
            lines.append(f"| {c.action} | {_md_code(c.subject)} | {field} | {_md_detail(c)} |")
    if d.flipped is not None:
        lines += ["", f"### {_cases_heading(d.flipped, d.cases_checked)}"]
        if d.flipped:
            lines += ["", "| case | old | new | note |", "|---|---|---|---|"]
            for f in d.flipped:
                note = md_escape(f.problem) if f.problem else ""
                lines.append(f"| {_md_code(f.name)} | {_tier_label(f.old_tier)} | {_tier_label(f.new_tier)} | {note} |")
    return "\n".join(lines) + "\n"


def diff_json(d: PackDiff) -> str:
    """The whole diff as JSON, for other tools."""
    cases = None
    if d.flipped is not None:
        cases = {"checked": d.cases_checked, "flipped": [f._asdict() for f in d.flipped]}
    data = {
        "old": asdict(d.old),
        "new": asdict(d.new),
        "summary": summary(d),
        "warnings": d.warnings,
        "changes": [asdict(c) for c in d.changes],
        "cases": cases,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


RENDERERS: dict[DiffFormat, Callable[[PackDiff], str]] = {
    DiffFormat.text: diff_text,
    DiffFormat.markdown: diff_markdown,
    DiffFormat.json: diff_json,
}
