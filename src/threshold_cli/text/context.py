"""What a concern says *about* a worry it mentions: ruled out, in the past, only feared, suspected.

ConText (Harkema et al. 2009) written for safeguarding. The rules are data (``rulepacks/context.yaml``,
shaped by ``model/reading_rules.py``) so practitioners can review them; this module applies them, without
pydantic, so that the fast lookup path can too. A rule's trigger opens a scope over the words after it
(``forward``), before it (``backward``) or both, to the end of its clause, a terminator or
``max_words``; a pseudo-trigger looks like a trigger and is not one ("not ruled out"). Every word in a
scope carries the rule's assertion.

What an assertion does to a reading is policy, and lives in code, not in the data (docs/reading.md): a
criterion whose words all sit in a ``negated``, ``ruled-out``, ``historical`` or ``hypothetical``
scope is not met but stays visible as *mentioned, review*. ``suspected``, ``reported`` and ``denied``
never stop a criterion: the statutory test is "reasonable cause to suspect", and a denial by the
person accused is not a negation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

BLOCKING: frozenset[str] = frozenset({"negated", "ruled-out", "historical", "hypothetical"})
"""Assertions under which a worry is not current and established for this child."""

Compiled = tuple[str, str, str, list[tuple[str, ...]], list[tuple[str, ...]], list[tuple[str, ...]], int, bool, bool]
"""A rule as plain data for the index cache: id, assertion, direction, triggers, pseudo, terminators
(each as stems), max_words (0: to clause end), whether a trigger alone in its clause reaches back
over the whole statement ("…, checked by the paediatrician, NFA.") and whether any trigger covers the
whole statement ("mum told us the same at pick up")."""


@dataclass(frozen=True)
class Scope:
    rule: str
    assertion: str
    cue: str  # the trigger's words, as written in the statement
    positions: frozenset[int]


def _starts(phrase: tuple[str, ...], seq: Sequence[str], at: dict[str, list[int]]) -> list[int]:
    """Where ``phrase`` starts in ``seq`` (``at``: each stem's positions in it)."""
    n = len(phrase)
    return [i for i in at.get(phrase[0], ()) if tuple(seq[i : i + n]) == phrase]


SENTENCE_MARKS = r"(?:[;:!?\n]|\.(?!\d)|(?<!\d)\.|(?<!\d),|,(?!\d{3}))+"
"""Punctuation that ends a clause; a point or comma inside a number is not one ("BMI 14.5", "£1,200")."""


def clause_numbers(
    text: str, breaks: Sequence[str], tokenize: Callable[[str], list[str]]
) -> tuple[list[str], list[int]]:
    """The statement's words, and each word's clause number (punctuation and ``breaks`` end a clause)."""
    pattern = SENTENCE_MARKS + r"|\b(?:" + "|".join(re.escape(b) for b in breaks) + r")\b"
    seq: list[str] = []
    clause: list[int] = []
    for n, part in enumerate(re.split(pattern, text, flags=re.I)):
        part_words = tokenize(part)
        seq.extend(part_words)
        clause.extend([n] * len(part_words))
    return seq, clause


def scopes(
    surface: Sequence[str], stems: Sequence[str], clause: Sequence[int], rules: Sequence[Compiled]
) -> list[Scope]:
    """Every scope the rules open in a statement (``stems`` aligned with ``surface`` and ``clause``)."""
    out: list[Scope] = []
    at: dict[str, list[int]] = {}
    for i, stem in enumerate(stems):
        at.setdefault(stem, []).append(i)
    for rule_id, assertion, direction, triggers, pseudo, terminators, max_words, alone_reaches_back, whole in rules:
        blocked = {i for p in pseudo for s in _starts(p, stems, at) for i in range(s, s + len(p))}
        ends = {s for t in terminators for s in _starts(t, stems, at)}
        for trigger in triggers:
            for start in _starts(trigger, stems, at):
                end = start + len(trigger)
                if blocked & set(range(start, end)):
                    continue
                covered: set[int] = set(range(start, end))
                if whole:
                    covered = set(range(len(stems)))
                elif direction in ("forward", "both"):
                    covered |= _reach(range(end, len(stems)), clause[start], clause, ends, max_words, stems)
                if direction in ("backward", "both"):
                    covered |= _reach(range(start - 1, -1, -1), clause[start], clause, ends, max_words, stems)
                    if alone_reaches_back and clause.count(clause[start]) == len(trigger):
                        covered |= set(range(start))
                cue = " ".join(surface[start:end])
                out.append(Scope(rule_id, assertion, cue, frozenset(covered)))
    return out


LISTING = frozenset({"or"})
"""Words that join the things a scope lists without counting towards its length: "no pressure or age
gap" denies both, as "no marks or bruises" does."""


def _reach(
    steps: range, own: int, clause: Sequence[int], ends: set[int], max_words: int | None, stems: Sequence[str]
) -> set[int]:
    reached: set[int] = set()
    counted = 0
    for i in steps:
        if clause[i] != own or i in ends or (max_words and counted >= max_words):
            break
        reached.add(i)
        counted += stems[i] not in LISTING
    return reached


def blocking_scope(positions: Sequence[int], found: Sequence[Scope]) -> Scope | None:
    """The scope that puts every one of ``positions`` out of the present (negated, ruled out, past,
    only feared), or ``None`` when any of them is current: one current mention is enough."""
    if not positions:
        return None
    for scope in found:
        if scope.assertion in BLOCKING and scope.positions.issuperset(positions):
            return scope
    return None


def assertions_at(positions: Sequence[int], found: Sequence[Scope]) -> tuple[Scope, ...]:
    """Every scope covering any of ``positions``: what ``--explain`` shows beside a match."""
    wanted = set(positions)
    return tuple(s for s in found if s.positions & wanted)
