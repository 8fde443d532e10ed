"""The layout of docs/architecture.md, enforced: imports run one way between the package's folders, and
no module imports another that (directly or not) imports it back at load time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "src" / "threshold_cli"

ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "io": {"model"},
    "text": {"model"},
    "retrieval": {"text", "io", "model"},
    "engine": {"retrieval", "text", "io", "model"},
    "authoring": {"engine", "retrieval", "text", "io", "model"},
    "render": {"model"},
    "cli": {"authoring", "engine", "retrieval", "text", "io", "model", "render"},
}
"""Each folder and the folders it may import from (besides itself and the package's ``__version__``)."""


def _modules() -> dict[str, Path]:
    return {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def _imports(path: Path, *, load_time_only: bool) -> list[tuple[int, str]]:
    """(line, module) of every ``threshold_cli`` import; with ``load_time_only``, only those that run when
    the module is imported (not inside a function, nor under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if load_time_only else list(ast.walk(tree))
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("threshold_cli"):
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("threshold_cli"))
    return found


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in ALLOWED) else None


def test_every_module_lives_in_a_folder_of_the_layout() -> None:
    flat = [m for m, path in _modules().items() if path.parent == PACKAGE and path.stem not in {"__init__", "__main__"}]
    assert flat == [], "modules outside the layout's folders (docs/architecture.md)"
    assert {m.split(".")[1] for m in _modules() if m.count(".") >= 2} == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(_modules()))
def test_imports_run_one_way(module: str) -> None:
    own = _folder(module)
    path = _modules()[module]
    wrong = []
    for line, imported in _imports(path, load_time_only=False):
        target = _folder(imported)
        if imported in {"threshold_cli", "threshold_cli.__version__"} or target is None:
            continue
        if own is None:  # __main__ hands over to the command line and nothing else
            if target != "cli":
                wrong.append(f"{path.name}:{line} imports {imported}")
        elif target != own and target not in ALLOWED[own]:
            wrong.append(f"{path.relative_to(PACKAGE)}:{line} imports {imported} ({own} may not import {target})")
    assert wrong == []


def test_no_module_imports_itself_back_at_load_time() -> None:
    modules = _modules()
    graph = {m: {i for _, i in _imports(p, load_time_only=True) if i in modules and i != m} for m, p in modules.items()}
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        done.add(node)

    for start in sorted(graph):
        if start not in done:
            visit(start, [start])
    assert cycles == []


def test_the_package_ships_no_encoder_weights() -> None:
    """The 23 MB of weights are the threshold-minilm distribution (the semantic extra), not every install's."""
    large = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*") if p.is_file() and p.stat().st_size > 1_000_000]
    assert large == []
