"""``threshold validate`` output: text (``file:line:column: [level] message (check)``), JSON, GitHub
annotations and SARIF, all from the same problems.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from threshold_cli import __version__
from threshold_cli.model.errors import Problem
from threshold_cli.render.formats import ValidateFormat

if TYPE_CHECKING:
    from threshold_cli.model.reports import FileReport


def _all_problems(reports: Sequence[FileReport]) -> list[Problem]:
    return [p for r in reports for p in r.problems]


def problem_line(p: Problem) -> str:
    return f"{p.location}: [{p.level}] {p.message} ({p.rule})"


def validate_text(reports: Sequence[FileReport]) -> str:
    problems = _all_problems(reports)
    lines = [problem_line(p) for p in problems]
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


def validate_sarif(reports: Sequence[FileReport]) -> str:
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
                        "version": __version__,
                        "informationUri": "https://github.com/threshold-cli/threshold",
                        "rules": [{"id": r, "shortDescription": {"text": r}} for r in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


RENDERERS: dict[ValidateFormat, Callable[[Sequence[FileReport]], str]] = {
    ValidateFormat.text: validate_text,
    ValidateFormat.json: validate_json,
    ValidateFormat.github: validate_github,
    ValidateFormat.sarif: validate_sarif,
}
