"""A semantic diff of two packs as data (what changed, which cases read another tier), and how a changed
value reads in words (``show_value``, ``word_diff``), shared by the diff and its renderers.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

What = Literal[
    "metadata",
    "tier",
    "domain",
    "area",
    "indicator",
    "descriptor",
    "criterion",
    "statutory-note",
    "setting",
    "rule",
    "signs-of-safety",
    "contact",
]
Action = Literal["added", "removed", "renamed", "changed", "reworded", "moved", "reordered"]

SECTIONS: dict[What, str] = {
    "metadata": "Metadata",
    "tier": "Tier definitions",
    "domain": "Domains",
    "area": "Areas",
    "indicator": "Indicators",
    "descriptor": "Descriptors",
    "criterion": "Statutory criteria",
    "statutory-note": "Statutory notes",
    "setting": "Settings",
    "rule": "Rules",
    "signs-of-safety": "Signs of Safety",
    "contact": "Contacts",
}
"""Report sections, in the order a reviewer reads a pack."""


@dataclass(frozen=True)
class Change:
    """One difference a reviewer must see.

    ``subject`` is what changed (an indicator, rule or criterion id, ``tier 2``, a setting's name);
    ``field`` is which part of it (``label``, ``tier 3``, ``value``, ``source.page``). ``old`` and
    ``new`` are plain JSON values. ``detail`` is a word diff (``[-old-]{+new+}``) for changed text, the
    phrases added and removed for changed lists, or a moved descriptor's text.
    """

    what: What
    action: Action
    subject: str
    field: str | None = None
    old: Any = None
    new: Any = None
    detail: str | None = None


class Flip(NamedTuple):
    """A case read at another tier by the new pack. ``problem`` says why a side could not read it at all."""

    name: str
    old_tier: int | None
    new_tier: int | None
    problem: str | None = None


@dataclass(frozen=True)
class Side:
    """Which pack a side of the diff is, as the reviewer should see it named."""

    id: str
    version: str
    label: str


@dataclass(frozen=True)
class PackDiff:
    """Every change from ``old`` to ``new``; ``flipped`` is ``None`` when no cases were checked."""

    old: Side
    new: Side
    changes: tuple[Change, ...]
    flipped: tuple[Flip, ...] | None = None
    cases_checked: int = 0

    @property
    def warnings(self) -> list[str]:
        """What a reviewer must fix before the change lands (``threshold diff --strict`` fails on these)."""
        changed = any(c.subject != "pack" or c.field != "version" for c in self.changes)
        if changed and self.old.version == self.new.version:
            return [f"the pack changed but its version did not ({self.new.version}): bump `version`"]
        return []


CONTEXT_WORDS = 10
"""Unchanged words kept either side of a change in a word diff; long tier definitions are elided."""


def show_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_escape(text: str) -> str:
    """Pack text is shown as text: no links, images, HTML or table breaks from a pull request's YAML."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def word_diff(old: str, new: str, *, markdown: bool = False) -> str:
    """Word-level diff: ``[-removed-]{+added+}`` (``~~removed~~ **added**`` in Markdown); long runs of
    unchanged words keep only ``CONTEXT_WORDS`` either side of a change."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    esc = md_escape if markdown else str
    out: list[str] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            out.append(_elide([esc(w) for w in a[i1:i2]], first=n == 0, last=n == len(ops) - 1))
            continue
        gone, added = esc(" ".join(a[i1:i2])), esc(" ".join(b[j1:j2]))
        if markdown:
            out.append(" ".join(([f"~~{gone}~~"] if gone else []) + ([f"**{added}**"] if added else [])))
        else:
            out.append((f"[-{gone}-]" if gone else "") + (f"{{+{added}+}}" if added else ""))
    return " ".join(out)


def _elide(words: list[str], *, first: bool, last: bool) -> str:
    head = 0 if first else CONTEXT_WORDS
    tail = 0 if last else CONTEXT_WORDS
    if len(words) <= head + tail + 5:
        return " ".join(words)
    return " ".join([*words[:head], "…", *words[len(words) - tail :]])
