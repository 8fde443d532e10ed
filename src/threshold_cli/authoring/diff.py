"""Semantic diff of two rule packs, for whoever reviews a pack change.

A line diff of YAML shows quoting and re-wrapping. A reviewer needs to know that a descriptor now says
something else or sits at another tier, that an indicator was renamed, that a rule or a setting now lifts
differently, and which known cases would now be read at another tier. ``diff_packs`` and
``flipped_cases`` are pure; ``compare`` loads what ``threshold diff`` names (``git.py`` is the one place
that runs git); render/diff.py lays the result out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from threshold_cli.authoring.git import load_pack_at_rev
from threshold_cli.engine.assess import assess, reference_problems
from threshold_cli.io.inputs import expand, split
from threshold_cli.io.loader import M, load_case, load_model, load_pack, resolve_pack
from threshold_cli.model.case import Case
from threshold_cli.model.diff import SECTIONS, Change, Flip, PackDiff, Side, What, show_value, word_diff
from threshold_cli.model.errors import UsageError
from threshold_cli.model.golden import GoldenFile
from threshold_cli.model.pack import Area, Contact, Criterion, Domain, Pack, Rule, StatutoryNote, Tier
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.store import build


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
        *_keyed("setting", old.settings.named(), new.settings.named(), lambda s: s.value, frozenset()),
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
            parts = [f"+{show_value(x)}" for x in new if x not in old] + [
                f"-{show_value(x)}" for x in old if x not in new
            ]
            return [prefix + (", ".join(parts) or "reordered")]
        out: list[str] = []
        for n in range(max(len(old), len(new))):
            here = f"{where}#{n + 1}"
            if n >= len(old):
                out.append(f"{here} added: {show_value(new[n])}")
            elif n >= len(new):
                out.append(f"{here} removed: {show_value(old[n])}")
            elif old[n] != new[n]:
                out.extend(_list_delta(old[n], new[n], here))
        return out
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        nested = [_list_delta(old.get(k), new.get(k), f"{where}.{k}") for k in keys if old.get(k) != new.get(k)]
        return [line for lines in nested for line in lines]
    return [f"{prefix}{show_value(old)} → {show_value(new)}"]


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
    files, errors = split(expand([str(path)], what="case files"))
    if errors:
        raise errors[0]
    return [(str(file), load_case(file).model) for file in files]


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
