"""``threshold lookup`` output: text (with the matched words marked) and JSON (docs/contracts.md).

Built without rich or pydantic so that lookup's cold start stays small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from threshold_cli.render.formats import LookupFormat

if TYPE_CHECKING:
    from threshold_cli.model.lookup import Hit, LookupResult, Query


def _highlight(text: str, stems: set[str], stem_of: dict[str, str], mark: tuple[str, str]) -> str:
    """Mark the words of ``text`` whose stem the query looked for (every word of an entry is in ``stem_of``)."""

    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        normal = word.lower().replace("'", "").replace("’", "")
        return f"{mark[0]}{word}{mark[1]}" if stem_of.get(normal, normal) in stems else word

    return re.sub(r"[A-Za-z0-9][A-Za-z0-9'’]*", repl, text)


def lookup_text(
    query: Query,
    hits: Sequence[Hit],
    tier_names: dict[tuple[str, int], str],
    neighbours: dict[tuple[str, str], dict[int, str | None]] | None,
    stem_of: dict[str, str],
    *,
    colour: bool,
    explain: bool,
    meaning_text: str | None = None,
) -> str:
    mark = ("\x1b[1;33m", "\x1b[0m") if colour else ("**", "**")
    stems = {t.stem for t in query.terms}
    out: list[str] = []
    if explain:
        out.append("Query terms:")
        for t in query.terms:
            why = "" if t.origin == "query" else f"  ← {t.origin}: {t.because}"
            out.append(f"  {t.stem:<16} weight {t.weight:.2f}{why}")
        if query.unknown:
            out.append(f"  not in any guide: {', '.join(query.unknown)}")
        if meaning_text:
            out.append(f"  meaning search read: {meaning_text}")
        out.append("")
    for n, hit in enumerate(hits, 1):
        e = hit.entry
        tier = f"Tier {e.tier} ({tier_names.get((e.pack, e.tier or 0), '')})" if e.tier else ""
        if e.kind == "criterion":
            where = f"{(e.section or '').upper().replace('S', 's.', 1)} criterion · {e.ref}"
        elif e.kind == "tier":
            where = f"Tier definition · {e.ref}"
        else:
            where = f"{e.domain} → {e.area} → {e.label} · {e.ref}"
        out.append(f"{n}. [{e.pack}] {tier} · {where}")
        out.append(f"   {_highlight(e.text, stems, stem_of, mark)}")
        by_meaning_only = not hit.matched and hit.similarity is not None
        note = f"   found by meaning, no words in common (similarity {hit.similarity:.2f})" if by_meaning_only else ""
        out.append(f"   source: {e.source}   score {hit.score:.2f}{note}")
        if explain:
            words = ", ".join(sorted(set(hit.matched))) or "(no words: found by meaning)"
            meaning = "" if hit.similarity is None else f"   meaning: similarity {hit.similarity:.2f}"
            out.append(f"   matched: {words}{meaning}")
        if neighbours and (e.pack, e.ref) in neighbours:
            for tier_n, text in sorted(neighbours[(e.pack, e.ref)].items()):
                if tier_n != e.tier:
                    out.append(f"   · Tier {tier_n}: {text or '(the guide leaves this tier blank)'}")
        out.append("")
    return "\n".join(out).rstrip()


def lookup_output(result: LookupResult, text: str, output_format: LookupFormat, explain: bool, colour: bool) -> str:
    """What ``lookup`` prints, for both the Typer command and the fast path."""
    return RENDERERS[output_format](result, text, explain, colour)


def _text(result: LookupResult, text: str, explain: bool, colour: bool) -> str:
    if not result.hits:
        unknown = result.query.unknown
        hint = f" (not in any guide: {', '.join(unknown)})" if unknown else ""
        return (
            f"No descriptor matches “{text}”{hint}. Try other words for the worry, e.g. "
            "“goes missing”, “bruise”, “not attending school”; or widen --tier/--domain."
        )
    return lookup_text(
        result.query,
        result.hits,
        result.tier_names,
        result.neighbours,
        result.stem_of,
        colour=colour,
        explain=explain,
        meaning_text=result.meaning,
    )


def _json(result: LookupResult, text: str, explain: bool, colour: bool) -> str:
    return lookup_json(result.query, result.hits, explain, result.meaning)


def lookup_json(query: Query, hits: Sequence[Hit], explain: bool, meaning_text: str | None = None) -> str:
    results = []
    for hit in hits:
        e = hit.entry
        row: dict[str, Any] = {
            "pack": e.pack,
            "indicator": e.ref,
            "domain": e.domain,
            "area": e.area,
            "tier": e.tier,
            "text": e.text,
            "score": round(hit.score, 4),
            "source": e.source,
        }
        if explain:
            row["matched"] = sorted(set(hit.matched))
            if hit.similarity is not None:
                row["similarity"] = round(hit.similarity, 4)
        results.append(row)
    payload: dict[str, Any] = {"query": query.text, "results": results}
    if explain:
        payload["terms"] = [
            {"stem": t.stem, "weight": t.weight, "origin": t.origin, "because": t.because} for t in query.terms
        ]
        payload["unknown"] = list(query.unknown)
        payload["meaning"] = meaning_text
    return json.dumps(payload, indent=2, ensure_ascii=False)


RENDERERS: dict[LookupFormat, Callable[[LookupResult, str, bool, bool], str]] = {
    LookupFormat.text: _text,
    LookupFormat.json: _json,
}
