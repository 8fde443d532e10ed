"""``threshold test --update``: re-record expectations after a deliberate change, keeping the file as written.

A failing case gets the ``expect`` that the pack now gives; a ``todo`` case whose reading changed (or
that never recorded one) gets its ``current`` reading. Each new value is spliced into the text at the
node positions the loader kept, in the style it was written (flow or block), so every comment, blank
line and key order outside the replaced values survives. The file is replaced atomically. Review the
change with ``git diff`` before committing it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from threshold_cli.authoring.golden import current_reading, updated_expectation
from threshold_cli.io.yamldoc import YamlDocument
from threshold_cli.model.reports import SuiteReport


def rewrite(report: SuiteReport) -> bool:
    """Re-record every failing case of ``report`` in its file; True if the file changed."""
    golden, doc = report.golden, report.doc
    if golden is None or not isinstance(doc, YamlDocument) or doc.root is None or report.problems:
        return False
    edits: list[tuple[int, MappingNode, str, dict[str, Any]]] = []
    cases = _value(doc.root, "cases")
    assert isinstance(cases, SequenceNode)
    for n, (case, result) in enumerate(zip(golden.cases, report.results, strict=True)):
        node = cases.value[n]
        assert isinstance(node, MappingNode)
        if result.status != "fail" or result.assessment is None:
            continue
        if case.todo:
            recorded = current_reading(result.assessment).model_dump(exclude_defaults=True)
            recorded.setdefault("tier", None)
            edits.append((n, node, "current", recorded))
        else:
            edits.append((n, node, "expect", updated_expectation(case, result)))
    if not edits:
        return False
    path = Path(report.path)
    text = path.read_text(encoding="utf-8")
    for _, node, key, value in sorted(edits, key=lambda e: -e[0]):  # from the end: earlier offsets stay valid
        text = splice(text, node, key, value)
    _write_atomically(path, text)
    return True


def splice(text: str, mapping: MappingNode, key: str, value: dict[str, Any]) -> str:
    """``text`` with ``mapping[key]`` set to ``value``: replaced where it is, or added after the last key."""
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            start, end = value_node.start_mark.index, _end(value_node)
            block = value_node.start_mark.line != key_node.start_mark.line
            indent = value_node.start_mark.column
            return text[:start] + _render(value, block, indent) + text[end:]
    last_key, last_value = mapping.value[-1]
    indent = last_key.start_mark.column
    end = _end(last_value)
    return text[:end] + f"\n{' ' * indent}{key}:\n{' ' * (indent + 2)}" + _render(value, True, indent + 2) + text[end:]


def _render(value: dict[str, Any], block: bool, indent: int) -> str:
    if not block:
        return yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=10**6).strip()
    dumped = yaml.safe_dump(value, default_flow_style=None, sort_keys=False, allow_unicode=True, width=110)
    lines = dumped.rstrip("\n").split("\n")
    return "\n".join([lines[0], *(" " * indent + line for line in lines[1:])])


def _end(node: Node) -> int:
    """Where the text of ``node`` ends: its last scalar or flow collection, not the comments after it."""
    if isinstance(node, MappingNode) and node.value and not node.flow_style:
        return _end(node.value[-1][1])
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        return _end(node.value[-1])
    return int(node.end_mark.index)


def _value(mapping: Node, key: str) -> Node | None:
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                found: Node = value_node
                return found
    return None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside ``path`` and rename over it, so a crash never leaves half a golden file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
