"""What the reader saw in each concern, for ``assess --explain``: clauses, people and their roles,
acts with who did them to whom, things, context and the concern's polarity. Pure: text in, lines out.

It re-runs the reader's own stages (``text.context``, ``text.concepts``, ``retrieval.polarity``) on the concern, so
what it shows is what decided the reading, not a separate account of it.
"""

from __future__ import annotations

from collections.abc import Mapping

from threshold_cli.engine.matching import read_statement, rows_not_for
from threshold_cli.model.case import Case
from threshold_cli.model.pack import Pack
from threshold_cli.retrieval.index import Index
from threshold_cli.retrieval.polarity import in_everyday_sense, polarity, read_clauses
from threshold_cli.text.concepts import find, people_in, things


def explain_concern(
    index: Index, text: str, pack_id: str | None = None, not_for_child: Mapping[str, frozenset[str]] | None = None
) -> list[str]:
    """Markdown lines describing how one free-text concern was read; with ``pack_id``, also the rows that
    were candidates and why its tier was chosen (``engine.matching.read_statement``'s own steps, with the
    rows about a younger child set aside as ``assess`` sets them aside)."""
    r = read_clauses(index, text)
    surface, stems, clause = r.surface, r.stems, r.clause

    def words_at(start: int, end: int) -> str:
        return " ".join(surface[start:end])

    parts: dict[int, list[str]] = {}
    for word, n in zip(surface, clause, strict=True):
        parts.setdefault(n, []).append(word)
    out = [f"- clauses: {' | '.join(' '.join(ws) for ws in parts.values()) or '(none)'}"]
    people = people_in(surface, find(stems, index.concepts.get("people", {})))
    if people:
        out.append("- people: " + ", ".join(f'"{words_at(p.start, p.end)}" ({p.concept})' for p in people))
    for act in r.acts:
        actor = act.actor or "not named"
        lasting = ", lasting" if act.lasting else ""
        out.append(f'- act: {act.act} ("{act.cue}"), by {actor}, harming the {act.harmed}{lasting}')
    found = things(stems, index.concepts) if index.concepts else []
    if found:
        out.append("- things: " + ", ".join(f'"{words_at(m.start, m.end)}" ({m.concept})' for m in found))
    for scope in r.scopes:
        covered = " ".join(surface[i] for i in sorted(scope.positions))
        out.append(f'- context: {scope.assertion} ("{scope.cue}") over "{covered}"')
    plain = in_everyday_sense(index, text)
    if plain != text:
        out.append("- words in their everyday sense, set aside for the rows and the harm words")
    reading = polarity(index, plain)
    out.append(f"- read as: {reading}")
    if pack_id is not None:
        steps: list[str] = []
        read_statement(index, pack_id, plain, reading, trace=steps, not_for_child=not_for_child)
        out += [f"- {step}" for step in steps] or ["- no row fits well enough: listed as unmatched"]
    return out


def explain_case(case: Case, index: Index, pack: Pack | None = None) -> list[tuple[int, list[str]]]:
    """Each free-text concern's number and how it was read. A concern pinned to a row or naming a
    criterion is read as the practitioner says, so it has nothing to explain."""
    pack_id = pack.id if pack is not None else None
    not_for_child = rows_not_for(pack, case.child) if pack is not None else None
    out = []
    for n, concern in enumerate(case.concerns):
        text = concern if isinstance(concern, str) else concern.text
        if not text or (not isinstance(concern, str) and (concern.indicator or concern.statutory)):
            continue
        out.append((n, explain_concern(index, text, pack_id, not_for_child)))
    return out
