"""The shape of the code: stages import downwards only, and no modules import each other
in a circle (counting the imports inside functions, which run later but still tie
the modules together).

The stages, in the order the data flows: the shared modules and the folds, source/
(the user's files → the model), layout/, render/, build/, booklet/, and the commands.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "leaflet"
STAGES = ["shared", "source", "layout", "render", "build", "booklet", "commands"]
SHARED = {"leaflet", "leaflet.errors", "leaflet.model", "leaflet.markup", "leaflet.units",
          "leaflet.labels", "leaflet.settings", "leaflet.files", "leaflet.deferred_patterns"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("leaflet",) + path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def stage(module: str) -> int:
    if module in SHARED or module.startswith("leaflet.folds"):
        return STAGES.index("shared")
    if module in ("leaflet.cli", "leaflet.__main__"):
        return STAGES.index("commands")
    return STAGES.index(module.split(".")[1])


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that ``module`` imports, anywhere in it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            # `from leaflet.layout import fonts` imports the module leaflet.layout.fonts
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                     for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known and name != module}
    return found


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{module} ({STAGES[stage(module)]}) imports {target} "
                  f"({STAGES[stage(target)]})"
                  for module, targets in graph.items() for target in targets
                  if stage(target) > stage(module))


def circles(graph: dict[str, set[str]]) -> list[str]:
    found = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            found.append(" → ".join(path[path.index(module):] + [module]))
            return
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    return found


GRAPH = {module: imports(module, path, set(modules())) for module, path in modules().items()}


def test_the_stages_are_the_packages_we_expect():
    assert {stage(module) for module in GRAPH} == set(range(len(STAGES)))
    assert "leaflet.warm" not in GRAPH and "leaflet.forks" not in GRAPH
    # imports written every way are seen: absolute, `from package import module`, in functions
    assert {"leaflet.layout.fonts", "leaflet.layout.images", "leaflet.model"} <= \
        GRAPH["leaflet.layout.preflight"]
    assert "leaflet.render.html" in GRAPH["leaflet.build.job"]  # imported inside a function


def test_every_import_points_to_the_same_stage_or_an_earlier_one():
    assert upward(GRAPH) == []


def test_no_modules_import_each_other_in_a_circle():
    assert circles(GRAPH) == []


def test_the_checks_see_an_upward_import_and_a_circle():
    """The checks above would pass with a checker that sees nothing: this one must see."""
    bad = {"leaflet.layout.flowables": {"leaflet.render.tags"}, "leaflet.render.tags": set(),
           "leaflet.booklet.spec": {"leaflet.booklet.make"},
           "leaflet.booklet.make": {"leaflet.booklet.spec"}}
    assert upward(bad) == ["leaflet.layout.flowables (layout) imports leaflet.render.tags "
                           "(render)"]
    assert circles(bad) == ["leaflet.booklet.make → leaflet.booklet.spec → leaflet.booklet.make"]
