"""``threshold test --update``: rewrite failing expectations after a deliberate pack change.

The file is re-written from its data (YAML comments other than the schema line are not kept), so
review the change with ``git diff`` before committing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .golden import updated_expectation
from .testing import SuiteReport


def rewrite(report: SuiteReport) -> bool:
    """Update the ``expect`` of every failing case of ``report``; True if the file changed."""
    golden = report.golden
    if golden is None or report.doc is None or report.problems or not any(r.status == "fail" for r in report.results):
        return False
    data: dict[str, Any] = report.doc.data
    for n, (case, result) in enumerate(zip(golden.cases, report.results, strict=True)):
        if result.status == "fail":
            data["cases"][n]["expect"] = updated_expectation(case, result)
    path = Path(report.path)
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    header = first[0] + "\n" if first and first[0].startswith("# yaml-language-server:") else ""
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    return True
