"""Output for ``validate``, ``packs``, ``show`` and ``lookup``: formatters return strings, no logic.

``lookup`` output is built without rich or pydantic so that its cold start stays small.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from .errors import Problem

if TYPE_CHECKING:
    from .lookup import LookupResult
    from .models import Pack
    from .search import Hit, Query
    from .testing import SuiteReport
    from .validate import FileReport


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class AssessFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


class TestFormat(str, Enum):
    text = "text"
    json = "json"
    junit = "junit"


class LookupFormat(str, Enum):
    text = "text"
    json = "json"


class DiffFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _all_problems(reports: Sequence[FileReport]) -> list[Problem]:
    return [p for r in reports for p in r.problems]


def _problem_line(p: Problem) -> str:
    return f"{p.location}: [{p.level}] {p.message} ({p.rule})"


def validate_text(reports: Sequence[FileReport]) -> str:
    problems = _all_problems(reports)
    lines = [_problem_line(p) for p in problems]
    bad = sum(1 for r in reports if not r.ok)
    files = f"{len(reports)} file{'' if len(reports) == 1 else 's'} checked"
    if problems:
        plural = "s" if len(problems) != 1 else ""
        lines.append(f"{files}: {len(problems)} problem{plural} in {bad} file{'' if bad == 1 else 's'}")
    else:
        lines.append(f"{files}: no problems")
    return "\n".join(lines)


def validate_json(reports: Sequence[FileReport]) -> str:
    return json.dumps(
        {
            "files": [
                {
                    "path": r.path,
                    "kind": r.kind,
                    "ok": r.ok,
                    "problems": [
                        {
                            "line": p.location.line,
                            "column": p.location.column,
                            "level": p.level,
                            "rule": p.rule,
                            "message": p.message,
                        }
                        for p in r.problems
                    ],
                }
                for r in reports
            ],
            "ok": all(r.ok for r in reports),
        },
        indent=2,
        ensure_ascii=False,
    )


def _github_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def validate_github(reports: Sequence[FileReport]) -> str:
    """GitHub Actions workflow commands: an annotation on the offending line of the changed file."""
    lines = []
    for p in _all_problems(reports):
        props = f"file={_github_escape(p.location.path, prop=True)}"
        if p.location.line:
            props += f",line={p.location.line},col={max(p.location.column, 1)}"
        props += f",title={_github_escape('threshold ' + p.rule, prop=True)}"
        lines.append(f"::{p.level} {props}::{_github_escape(p.message)}")
    return "\n".join(lines)


def validate_sarif(reports: Sequence[FileReport], tool_version: str) -> str:
    problems = _all_problems(reports)
    rules = sorted({p.rule for p in problems})
    results = []
    for p in problems:
        region: dict[str, int] = {}
        if p.location.line:
            region = {"startLine": p.location.line, "startColumn": max(p.location.column, 1)}
        location: dict[str, Any] = {"artifactLocation": {"uri": p.location.path}}
        if region:
            location["region"] = region
        results.append(
            {
                "ruleId": p.rule,
                "level": p.level,
                "message": {"text": p.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "threshold",
                        "version": tool_version,
                        "informationUri": "https://github.com/threshold-cli/threshold",
                        "rules": [{"id": r, "shortDescription": {"text": r}} for r in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


# ---------------------------------------------------------------- packs / show


def packs_table(rows: Sequence[dict[str, Any]]) -> str:
    headers = ["pack", "version", "status", "indicators", "criteria", "rules", "title"]
    table = [headers] + [[str(r[h]) for h in headers] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in table)


def show_pack(pack: Pack, domain: str | None, width: int | None) -> Any:
    """The matrix as rich tables, one per area (the guide's own layout)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(f"{pack.title} ({pack.id} {pack.version}, {pack.status})", style="bold")]
    for d in pack.domains:
        if domain and d.id != domain:
            continue
        parts.append(Text(f"\n{d.name}", style="bold underline"))
        for area in d.areas:
            table = Table(title=area.name, show_lines=True, expand=True, title_justify="left")
            table.add_column("indicator", ratio=1)
            for tier in pack.tiers:
                table.add_column(f"Tier {tier.number}: {tier.name}", ratio=2)
            for indicator in area.indicators:
                cells = [indicator.descriptors[n] or "—" for n in (1, 2, 3, 4)]
                table.add_row(f"{indicator.label}\n[dim]{indicator.id}[/dim]", *cells)
            parts.append(table)
    return Group(*parts)


# ---------------------------------------------------------------- lookup


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


def lookup_output(result: LookupResult, text: str, output_format: str, explain: bool, colour: bool) -> str:
    """What ``lookup`` prints, for both the Typer command and the fast path."""
    if output_format == "json":
        return lookup_json(result.query, result.hits, explain, result.meaning)
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


# ---------------------------------------------------------------- test


def _case_location(report: SuiteReport, n: int) -> str:
    return str(report.doc.locate(("cases", n, "name"))) if report.doc else report.path


def test_text(reports: Sequence[SuiteReport]) -> str:
    lines: list[str] = []
    for report in reports:
        lines.append(f"{report.path}" + (f" (pack {report.pack_path})" if report.pack_path else ""))
        for p in report.problems:
            lines.append(f"  {_problem_line(p)}")
        width = max((len(r.name) for r in report.results), default=0)
        for n, r in enumerate(report.results):
            label = {"pass": "PASS", "fail": "FAIL", "todo": "TODO", "todo-passes": "FAIL"}[r.status]
            tier = f"Tier {r.tier}" if r.tier else "no tier"
            promote = "  (todo now passes: promote it, removing `todo` and `current`)"
            extra = promote if r.status == "todo-passes" else ""
            lines.append(f"  {label}  {r.name.ljust(width)}  {tier}{extra}")
            if r.status in {"fail", "todo"}:
                for diff in r.diffs:
                    lines.append(f"        {_case_location(report, n)}: {r.name}: {diff}")
        counts = {s: sum(1 for r in report.results if r.status == s) for s in ("pass", "fail", "todo", "todo-passes")}
        if report.results:
            failed = counts["fail"] + counts["todo-passes"]
            lines.append(
                f"  {len(report.results)} cases: {counts['pass']} passed, {failed} failed, {counts['todo']} todo"
            )
        if report.coverage:
            c = report.coverage
            gaps = []
            if c.indicators:
                gaps.append(f"{len(c.indicators)} indicators ({', '.join(c.indicators)})")
            for name, items in (("tiers", c.tiers), ("rules", c.rules), ("statutory sections", c.sections)):
                if items:
                    gaps.append(f"{name}: {', '.join(str(i) for i in items)}")
            if c.criteria:
                gaps.append(f"{len(c.criteria)} criteria ({', '.join(c.criteria)})")
            lines.append(
                "  not exercised: " + ("; ".join(gaps) if gaps else "nothing — every indicator, tier, rule and section")
            )
        lines.append("")
    passed = sum(1 for r in reports for x in r.results if x.status == "pass")
    failed = sum(1 for r in reports for x in r.results if x.failed) + sum(1 for r in reports if r.problems)
    lines.append(f"{passed} passed, {failed} failed")
    return "\n".join(lines)


def test_json(reports: Sequence[SuiteReport]) -> str:
    return json.dumps(
        {
            "ok": all(r.ok for r in reports),
            "files": [
                {
                    "path": r.path,
                    "pack": r.pack_path,
                    "problems": [str(p) for p in r.problems],
                    "cases": [
                        {"name": x.name, "status": x.status, "tier": x.tier, "diffs": list(x.diffs)} for x in r.results
                    ],
                    "coverage": vars(r.coverage) if r.coverage else None,
                }
                for r in reports
            ],
        },
        indent=2,
        ensure_ascii=False,
    )


def test_junit(reports: Sequence[SuiteReport]) -> str:
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for r in reports:
        failures = sum(1 for x in r.results if x.failed) + (1 if r.problems else 0)
        skipped = sum(1 for x in r.results if x.status == "todo")
        out.append(
            f"  <testsuite name={quoteattr(r.path)} tests={quoteattr(str(len(r.results) + (1 if r.problems else 0)))} "
            f"failures={quoteattr(str(failures))} skipped={quoteattr(str(skipped))}>"
        )
        if r.problems:
            body = escape("\n".join(str(p) for p in r.problems))
            failure = f'<failure message="pack does not validate">{body}</failure>'
            out.append(f'    <testcase name="pack-validates">{failure}</testcase>')
        for x in r.results:
            out.append(f"    <testcase classname={quoteattr(r.path)} name={quoteattr(x.name)}>")
            if x.failed:
                diffs = x.diffs or ("todo now passes: promote it",)
                out.append(f"      <failure message={quoteattr(diffs[0])}>{escape(chr(10).join(diffs))}</failure>")
            elif x.status == "todo":
                out.append('      <skipped message="todo"/>')
            out.append("    </testcase>")
        out.append("  </testsuite>")
    out.append("</testsuites>")
    return "\n".join(out)
