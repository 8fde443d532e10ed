"""``threshold test`` output: text, JSON and JUnit XML (for CI test reports)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from threshold_cli.render.formats import TestFormat
from threshold_cli.render.validate import problem_line

if TYPE_CHECKING:
    from threshold_cli.model.reports import SuiteReport


def _case_location(report: SuiteReport, n: int) -> str:
    return str(report.doc.locate(("cases", n, "name"))) if report.doc else report.path


def test_text(reports: Sequence[SuiteReport]) -> str:
    lines: list[str] = []
    for report in reports:
        lines.append(f"{report.path}" + (f" (pack {report.pack_path})" if report.pack_path else ""))
        for p in report.problems:
            lines.append(f"  {problem_line(p)}")
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


RENDERERS: dict[TestFormat, Callable[[Sequence[SuiteReport]], str]] = {
    TestFormat.text: test_text,
    TestFormat.json: test_json,
    TestFormat.junit: test_junit,
}
