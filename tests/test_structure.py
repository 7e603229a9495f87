"""The package shows the pipeline: stage packages import only downwards,
no module imports itself back through others, and no module is too long
to read (README "The pipeline")."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "banmian"
#: Layers, lowest first. A stage package may import its own modules, lower
#: stages and the shared top-level modules (``units``, ``memo``), never a higher
#: layer; the orchestration (``pipeline`` and the build ``cache`` with its atomic
#: ``files``) stands above the stages, and ``app`` above everything.
STAGES = ("load", "compose", "page", "output", "check")
SHARED = {"banmian.units", "banmian.memo"}
ORCHESTRATION = {"banmian.pipeline", "banmian.photos", "banmian.cache", "banmian.files"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(module: str) -> set[str]:
    """Every banmian module ``module`` imports, at the top, in a function
    or under TYPE_CHECKING alike: each is a dependency."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m in MODULES and m != module}


GRAPH = {m: _imports(m) for m in MODULES}


def _layer(module: str) -> int:
    """0 for the shared modules, 1… for the stages, then orchestration, then app."""
    parts = module.split(".")
    if module in SHARED:
        return 0
    if len(parts) > 2 and parts[1] in STAGES:
        return 1 + STAGES.index(parts[1])
    if module in ORCHESTRATION:
        return 1 + len(STAGES)
    return 2 + len(STAGES)  # app, __main__, the package itself


def test_the_graph_is_read():
    """The walker sees real edges (a test that cannot fail is none)."""
    assert "banmian.compose.paragraph" in GRAPH["banmian.compose.blocks"]
    assert "banmian.pipeline" in GRAPH["banmian.app.cli"]
    assert set(STAGES) | {"app"} <= {m.split(".")[1] for m in MODULES if m.count(".") >= 1}
    assert ORCHESTRATION | SHARED <= set(MODULES)


def test_no_import_cycles():
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        for dep in sorted(GRAPH[module]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join(stack[stack.index(dep):] + [module, dep]))
            elif dep not in state:
                visit(dep, stack + [module])
        state[module] = 2

    for module in MODULES:
        if module not in state:
            visit(module, [])
    assert not cycles, cycles


def test_layers_import_only_downwards():
    upward = [f"{m} -> {d}" for m, deps in GRAPH.items() for d in deps if _layer(d) > _layer(m)]
    assert not upward, upward


def test_layers_are_what_the_readme_says():
    assert _layer("banmian.load.content") < _layer("banmian.compose.paragraph") \
        < _layer("banmian.page.fit") < _layer("banmian.output.render") \
        < _layer("banmian.check.preflight") < _layer("banmian.pipeline") < _layer("banmian.app.cli")


def test_shared_modules_import_no_stage():
    assert all(not GRAPH[m] for m in SHARED)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_length(module):
    lines = MODULES[module].read_text().count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module}: {lines} lines; split it by what it holds"


def test_long_functions_say_why():
    """A class or function over ~80 lines is split, or its docstring says why
    it is one piece ("one algorithm", "one pass", "one walk", "one search":
    state its parts share)."""
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                length = node.end_lineno - node.lineno + 1
                if length <= MAX_FUNCTION_LINES:
                    continue
                doc = ast.get_docstring(node) or ""
                if not any(word in doc for word in ("one algorithm", "one pass", "one walk", "one search")):
                    long.append(f"{module}.{node.name}: {length} lines")
    assert not long, long
