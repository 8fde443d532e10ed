"""Semantic diff of two rule packs, for whoever reviews a pack change.

A line diff of YAML shows quoting and re-wrapping. A reviewer needs to know that a descriptor now says
something else or sits at another tier, that an indicator was renamed, that a rule or a setting now lifts
differently, and which known cases would now be read at another tier. ``diff_packs`` and
``flipped_cases`` are pure; ``compare`` loads what ``threshold diff`` names; the renderers return
strings; ``load_pack_at_rev`` is the one place that runs git.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel

from .assessing import expand_cases
from .engine import assess, reference_problems
from .errors import InputFileError, SourceLocation, UsageError
from .golden import GoldenFile
from .index_store import build
from .loader import M, load_case, load_model, load_pack, pack_from_document, resolve_pack
from .models import Area, Case, Contact, Criterion, Domain, Pack, Rule, StatutoryNote, Tier
from .render import DiffFormat
from .search import Index
from .yamldoc import MAX_FILE_BYTES, decode, parse_yaml

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

CONTEXT_WORDS = 10
"""Unchanged words kept either side of a change in a word diff; long tier definitions are elided."""


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


# ---------------------------------------------------------------- the diff


def diff_packs(old: Pack, new: Pack, *, old_label: str | None = None, new_label: str | None = None) -> PackDiff:
    """Every semantic change from ``old`` to ``new``, grouped by ``SECTIONS`` and in pack order within each."""
    changes = [
        *_fields("metadata", "pack", _metadata(old), _metadata(new)),
        *_keyed("tier", _tiers(old), _tiers(new), drop=frozenset({"number"})),
        *_keyed("domain", _domains(old), _domains(new), drop=frozenset({"id", "areas"})),
        *_keyed("area", _areas(old), _areas(new), lambda a: a.name, frozenset({"id", "indicators"})),
        *_indicators(old, new),
        *_keyed("criterion", _criteria(old), _criteria(new), lambda c: c.text),
        *_keyed("statutory-note", _notes(old), _notes(new), drop=frozenset({"section", "title"})),
        *_keyed("setting", old.settings, new.settings, lambda s: s.value, frozenset()),
        *_keyed("rule", _rules(old), _rules(new), lambda r: r.kind),
        *_rule_order(old, new),
        *_optional("signs-of-safety", "signs_of_safety", old.signs_of_safety, new.signs_of_safety),
        *_keyed("contact", _contacts(old), _contacts(new), drop=frozenset({"name"})),
    ]
    order = list(SECTIONS)
    return PackDiff(
        Side(old.id, old.version, old_label or old.id),
        Side(new.id, new.version, new_label or new.id),
        tuple(sorted(changes, key=lambda c: order.index(c.what))),
    )


def _dump(model: BaseModel, drop: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {k: v for k, v in model.model_dump(mode="json").items() if k not in drop}


def _metadata(pack: Pack) -> dict[str, Any]:
    keys = {"id", "title", "publisher", "document", "version", "status", "reviewed", "caveat"}
    return {k: v for k, v in pack.model_dump(mode="json").items() if k in keys}


def _tiers(pack: Pack) -> dict[str, Tier]:
    return {f"tier {t.number}": t for t in pack.tiers}


def _domains(pack: Pack) -> dict[str, Domain]:
    return {d.id: d for d in pack.domains}


def _criteria(pack: Pack) -> dict[str, Criterion]:
    return {c.id: c for c in pack.statutory}


def _rules(pack: Pack) -> dict[str, Rule]:
    return {r.id: r for r in pack.rules}


def _contacts(pack: Pack) -> dict[str, Contact]:
    return {c.name: c for c in pack.contacts}


def _areas(pack: Pack) -> dict[str, Area]:
    return {f"{d.id}.{a.id}": a for d in pack.domains for a in d.areas}


def _notes(pack: Pack) -> dict[str, StatutoryNote]:
    return {f"{n.section}: {n.title}": n for n in pack.statutory_notes}


def _keyed(
    what: What,
    old: Mapping[str, M],
    new: Mapping[str, M],
    summary: Callable[[M], Any] | None = None,
    drop: frozenset[str] = frozenset({"id"}),
) -> Iterator[Change]:
    """Items matched by key: removed or changed (in old order), then added (in new order). ``drop`` names
    the fields the key already says, or that are compared elsewhere."""
    for key, item in old.items():
        if key not in new:
            yield Change(what, "removed", key, old=summary(item) if summary else None)
        else:
            yield from _fields(what, key, _dump(item, drop), _dump(new[key], drop))
    for key, item in new.items():
        if key not in old:
            yield Change(what, "added", key, new=summary(item) if summary else None)


def _optional(what: What, subject: str, old: BaseModel | None, new: BaseModel | None) -> Iterator[Change]:
    if old is None and new is not None:
        yield Change(what, "added", subject)
    elif old is not None and new is None:
        yield Change(what, "removed", subject)
    elif old is not None and new is not None:
        yield from _fields(what, subject, _dump(old), _dump(new))


def _fields(what: What, subject: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    """Field-by-field changes of two dumps, nested mappings flattened to dotted fields. Text that differs
    only in whitespace (re-wrapped YAML) is the same text."""
    a, b = _flat(old), _flat(new)
    for field in [*a, *(k for k in b if k not in a)]:
        before, after = a.get(field), b.get(field)
        if isinstance(before, str) and isinstance(after, str) and _norm(before) == _norm(after):
            continue
        if before != after:
            yield Change(what, "changed", subject, field, before, after, _detail(before, after))


def _flat(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted fields; empty values are left out, so an absent list and an empty one compare equal."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, name + "."))
        elif value is not None and value != []:
            out[name] = value
    return out


def _detail(old: Any, new: Any) -> str | None:
    if isinstance(old, str) and isinstance(new, str) and (" " in old or " " in new):
        return word_diff(old, new)
    if isinstance(old, list) or isinstance(new, list):
        return "; ".join(_list_delta(old, new, ""))
    return None


def _list_delta(old: Any, new: Any, where: str) -> list[str]:
    """What was added to and removed from nested lists (trigger phrases, conditions), item by item."""
    prefix = f"{where}: " if where else ""
    if isinstance(old, list) or isinstance(new, list):
        old, new = old or [], new or []
        if all(not isinstance(x, (list, dict)) for x in [*old, *new]):
            parts = [f"+{_show(x)}" for x in new if x not in old] + [f"-{_show(x)}" for x in old if x not in new]
            return [prefix + (", ".join(parts) or "reordered")]
        out: list[str] = []
        for n in range(max(len(old), len(new))):
            here = f"{where}#{n + 1}"
            if n >= len(old):
                out.append(f"{here} added: {_show(new[n])}")
            elif n >= len(new):
                out.append(f"{here} removed: {_show(old[n])}")
            elif old[n] != new[n]:
                out.extend(_list_delta(old[n], new[n], here))
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        nested = [_list_delta(old.get(k), new.get(k), f"{where}.{k}") for k in keys if old.get(k) != new.get(k)]
        return [line for lines in nested for line in lines]
    return [f"{prefix}{_show(old)} → {_show(new)}"]


def _rule_order(old: Pack, new: Pack) -> Iterator[Change]:
    """Rules apply in pack order (and their notes are reported in it), so a reordering is a change."""
    kept_old = [r.id for r in old.rules if r.id in {x.id for x in new.rules}]
    kept_new = [r.id for r in new.rules if r.id in {x.id for x in old.rules}]
    if kept_old != kept_new:
        yield Change("rule", "reordered", "rules", "order", kept_old, kept_new)


def _indicators(old: Pack, new: Pack) -> Iterator[Change]:
    """Indicators matched by id; an id that vanished while one with the same descriptors appeared is a rename."""
    before = {i.id: i for _, _, i in old.indicators()}
    after = {i.id: i for _, _, i in new.indicators()}
    added = [key for key in after if key not in before]
    renamed: dict[str, str] = {}
    for key in (k for k in before if k not in after):
        texts = _texts(before[key].descriptors)
        same = (n for n in added if n not in renamed.values() and _texts(after[n].descriptors) == texts)
        target = next(same, None)
        if target is not None:
            renamed[key] = target
    for key, indicator in before.items():
        new_id = key if key in after else renamed.get(key)
        if new_id is None:
            yield Change("indicator", "removed", key, old=indicator.label)
            continue
        if new_id != key:
            yield Change("indicator", "renamed", key, old=key, new=new_id)
        other = after[new_id]
        drop = frozenset({"id", "descriptors"})
        yield from _fields("indicator", new_id, _dump(indicator, drop=drop), _dump(other, drop=drop))
        yield from _descriptors(new_id, indicator.descriptors, other.descriptors)
    for key in added:
        if key not in renamed.values():
            yield Change("indicator", "added", key, new=after[key].label)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _texts(descriptors: Mapping[int, str | None]) -> dict[int, str]:
    """An indicator's descriptors by tier, whitespace-normalised, the empty tiers left out."""
    return {tier: _norm(text) for tier, text in descriptors.items() if text}


def _descriptors(subject: str, old: Mapping[int, str | None], new: Mapping[int, str | None]) -> Iterator[Change]:
    """Per tier: a text now at another tier is moved; a text replaced at the same tier is reworded."""
    a, b = _texts(old), _texts(new)
    tier_in_new = {text: tier for tier, text in b.items()}
    gone = {tier for tier, text in a.items() if text not in tier_in_new}
    fresh = {tier for tier, text in b.items() if text not in a.values()}
    for tier in (1, 2, 3, 4):
        moved_to = tier_in_new.get(a.get(tier, ""))
        if moved_to is not None and moved_to != tier:
            yield Change("descriptor", "moved", subject, None, tier, moved_to, old[tier])
        if tier in gone and tier in fresh:
            before, after = old[tier] or "", new[tier] or ""
            yield Change("descriptor", "reworded", subject, f"tier {tier}", before, after, word_diff(before, after))
        elif tier in gone:
            yield Change("descriptor", "removed", subject, f"tier {tier}", old[tier], None)
        elif tier in fresh:
            yield Change("descriptor", "added", subject, f"tier {tier}", None, new[tier])


def word_diff(old: str, new: str, *, markdown: bool = False) -> str:
    """Word-level diff: ``[-removed-]{+added+}`` (``~~removed~~ **added**`` in Markdown); long runs of
    unchanged words keep only ``CONTEXT_WORDS`` either side of a change."""
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    esc = _md_escape if markdown else str
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


# ---------------------------------------------------------------- cases that would change tier


def flipped_cases(
    old_pack: Pack,
    old_index: Index,
    new_pack: Pack,
    new_index: Index,
    cases: Sequence[tuple[str, Case]],
) -> list[Flip]:
    """The cases the new pack reads at another tier than the old one (or can no longer read), in order."""
    flips = []
    for name, case in cases:
        old_tier, old_problem = _tier(case, old_pack, old_index)
        new_tier, new_problem = _tier(case, new_pack, new_index)
        if (old_tier, old_problem is None) != (new_tier, new_problem is None):
            problem = f"old pack: {old_problem}" if old_problem else f"new pack: {new_problem}" if new_problem else None
            flips.append(Flip(name, old_tier, new_tier, problem))
    return flips


def _tier(case: Case, pack: Pack, index: Index) -> tuple[int | None, str | None]:
    problems = reference_problems(case, pack)
    if problems:
        return None, problems[0][1]
    return assess(case, pack, index).tier, None


def pack_index(pack: Pack) -> Index:
    """A search index built from the pack in memory. The index cache is keyed by a file's bytes, which a
    pack read from git does not have on disk, so the diff never uses it."""
    key = Path(f"<{pack.id} {pack.version}>")
    return build([key], {key: pack})


def golden_cases(pack_path: Path) -> list[tuple[str, Case]]:
    """The cases of the golden file beside ``pack_path`` (``<pack>.tests.yaml``), if there is one."""
    path = pack_path.with_name(f"{pack_path.stem}.tests.yaml")
    if not path.is_file():
        return []
    return [(g.name, g.case) for g in load_model(path, GoldenFile).model.cases]


def corpus_cases(path: Path) -> list[tuple[str, Case]]:
    """A case file, or every case file in a folder (``*.yaml``/``*.yml``), named by its path."""
    if not path.exists():
        raise InputFileError("no such file or folder", SourceLocation(str(path)))
    return [(str(file), load_case(file).model) for file in expand_cases([str(path)])]


def compare(old: str, new: str | None = None, *, rev: str | None = None, cases: Path | None = None) -> PackDiff:
    """What ``threshold diff`` reports: ``old`` against ``new``, or the file ``old`` at git ``rev`` against
    the file as it is now; then the golden cases beside the new pack and any ``cases`` folder, re-read."""
    if (new is None) == (rev is None):
        raise UsageError("compare two pack files (OLD NEW), or one pack file with --rev REV")
    new_path = resolve_pack(new if new is not None else old)
    new_pack = load_pack(str(new_path)).model
    if rev is not None:
        old_pack, sha = load_pack_at_rev(str(resolve_pack(old)), rev)
        old_label = f"{old} at {rev} ({sha[:7]})"
    else:
        old_path = resolve_pack(old)
        old_pack, old_label = load_pack(str(old_path)).model, str(old_path)
    result = diff_packs(old_pack, new_pack, old_label=old_label, new_label=str(new_path))
    corpus = golden_cases(new_path) + (corpus_cases(cases) if cases is not None else [])
    if not corpus:
        return result
    flips = flipped_cases(old_pack, pack_index(old_pack), new_pack, pack_index(new_pack), corpus)
    return replace(result, flipped=tuple(flips), cases_checked=len(corpus))


# ---------------------------------------------------------------- a pack from a git revision


def load_pack_at_rev(path: str, rev: str) -> tuple[Pack, str]:
    """The pack file ``path`` as it was at git revision ``rev``, validated exactly as ``threshold validate``
    does, and the commit ``rev`` names. Symlinks are resolved first: git stores a symlinked folder as a
    link, so ``REV:rulepacks/x.yaml`` would not exist when ``rulepacks`` is one."""
    where = SourceLocation(path)
    if not rev.strip() or rev.startswith("-"):
        raise UsageError(f"`{rev}` is not a git revision")
    file = Path(path).resolve()
    if not file.parent.is_dir():
        raise InputFileError("no such folder", where)
    root = Path(_git(["rev-parse", "--show-toplevel"], file.parent, where).decode().strip()).resolve()
    try:
        relative = file.relative_to(root).as_posix()
    except ValueError:
        raise InputFileError(f"not inside the git repository at {root}", where) from None
    failure = f"`{rev}` is not a commit in this repository"
    sha = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root, where, failure).decode().strip()
    raw = _git(["show", f"{rev}:{relative}"], root, where)
    if len(raw) > MAX_FILE_BYTES:
        raise InputFileError(f"file too large at {rev} ({len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,})", where)
    name = f"{rev}:{relative}"
    doc = parse_yaml(decode(raw, name), name, hashlib.sha256(raw).hexdigest())
    return pack_from_document(doc), sha


def _git(args: list[str], cwd: Path, where: SourceLocation, failure: str | None = None) -> bytes:
    """Run git without a shell; any failure is one line naming what went wrong."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise InputFileError("git is not installed (or not on PATH)", where) from None
    except subprocess.TimeoutExpired:
        raise InputFileError(f"git {args[0]} did not finish within 60 seconds", where) from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        reason = failure or (lines[0].removeprefix("fatal: ") if lines else f"exit status {done.returncode}")
        raise InputFileError(f"git {args[0]}: {reason}", where)
    return done.stdout


# ---------------------------------------------------------------- rendering


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


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _tier_label(value: int | None) -> str:
    return f"Tier {value}" if value else "no tier"


def _line(c: Change) -> str:
    """One change as one plain line (without its action)."""
    where = f"{c.subject}, {c.field}" if c.field else c.subject
    if c.action == "renamed":
        return f"{c.old} → {c.new}"
    if c.action == "moved":
        return f"{c.subject}: tier {c.old} → tier {c.new}: {_show(c.detail)}"
    if c.action in {"added", "removed"}:
        value = c.new if c.action == "added" else c.old
        return where + (f": {_show(value)}" if value is not None else "")
    return f"{where}: {c.detail or f'{_show(c.old)} → {_show(c.new)}'}"


def _flip_note(f: Flip) -> str:
    return f" ({f.problem})" if f.problem else ""


def diff_text(d: PackDiff) -> str:
    """Plain text for a terminal: a heading per section, one line per change."""
    lines = [
        f"{d.old.id} {d.old.version} → {d.new.id} {d.new.version}",
        f"  old: {d.old.label}",
        f"  new: {d.new.label}",
        summary(d),
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


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_escape(text: str) -> str:
    """Pack text is shown as text: no links, images, HTML or table breaks from a pull request's YAML."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_code(text: str) -> str:
    return f"`{text.replace('`', 'ˋ')}`"


def _md_value(value: Any) -> str:
    return "—" if value is None else _md_escape(_show(value))


def _md_detail(c: Change) -> str:
    if c.action == "renamed":
        return f"→ {_md_code(str(c.new))}"
    if c.action == "moved":
        return f"Tier {c.old} → Tier {c.new}: {_md_escape(c.detail or '')}"
    if c.action in {"added", "removed"}:
        return _md_value(c.new if c.action == "added" else c.old)
    if isinstance(c.old, str) and isinstance(c.new, str) and c.detail:
        return word_diff(c.old, c.new, markdown=True)
    if c.detail:
        return _md_escape(c.detail)
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
    ]
    for title, changes in _sections(d):
        lines += ["", f"### {title}", "", "| change | item | field | detail |", "|---|---|---|---|"]
        for c in changes:
            field = _md_escape(c.field) if c.field else ""
            lines.append(f"| {c.action} | {_md_code(c.subject)} | {field} | {_md_detail(c)} |")
    if d.flipped is not None:
        lines += ["", f"### {_cases_heading(d.flipped, d.cases_checked)}"]
        if d.flipped:
            lines += ["", "| case | old | new | note |", "|---|---|---|---|"]
            for f in d.flipped:
                note = _md_escape(f.problem) if f.problem else ""
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
        "changes": [asdict(c) for c in d.changes],
        "cases": cases,
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


RENDERERS: dict[DiffFormat, Callable[[PackDiff], str]] = {
    DiffFormat.text: diff_text,
    DiffFormat.markdown: diff_markdown,
    DiffFormat.json: diff_json,
}
