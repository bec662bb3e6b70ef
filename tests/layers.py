"""The layer rules of DESIGN.md, read off the source with `ast` (nothing is imported).

Imports point one way, `core` -> `venues` -> `people` -> `papers` -> `ingest` -> `pubtracker`:
a module imports its own layer or lower ones, and so do its migrations and the models its
fields name ("ingest.IngestionRun"). No import cycles between modules. Functions stay under
50 lines and app modules (not migrations) under 400.

    python -m tests.layers        # prints every violation, exits 1 when there is one
"""

import ast
import re
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

LAYERS = ("core", "venues", "people", "papers", "ingest", "pubtracker")
MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 400
RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField", "ForeignObject"}
MODEL_REFERENCE_RE = re.compile(r"(\w+)\.(\w+)")


@dataclass(frozen=True, order=True)
class Violation:
    """One broken rule, where it is and what it is."""

    path: str
    line: int
    message: str
    rule: str = field(compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.message}"


@dataclass(frozen=True)
class Import:
    """A first-party module one module imports; `typing_only` under `if TYPE_CHECKING:`."""

    target: str
    line: int
    typing_only: bool


@dataclass
class Module:
    name: str
    path: str
    tree: ast.Module
    lines: int
    imports: list[Import] = field(default_factory=list)


def check(root: Path, layers: Sequence[str] = LAYERS) -> list[Violation]:
    """Every violation in the apps `layers` (lowest first) under `root`, sorted by place."""
    modules = read_modules(root, layers)
    rank = {app: i for i, app in enumerate(layers)}
    found: list[Violation] = []
    for module in modules.values():
        module.imports = list(_imports(module, modules, rank))
        found += _upward_imports(module, rank)
        found += _upward_references(module, rank)
        found += _sizes(module)
    found += _cycles(modules)
    return sorted(found)


def read_modules(root: Path, layers: Sequence[str]) -> dict[str, Module]:
    modules = {}
    for app in layers:
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text, filename=str(path))
            modules[name] = Module(name, path.relative_to(root).as_posix(), tree, len(text.splitlines()))
    return modules


def _imports(module: Module, modules: dict[str, Module], rank: dict[str, int]) -> Iterator[Import]:
    """First-party imports, at module level or in functions; `from pkg import sub` imports pkg.sub."""
    typing_only = _typing_only_lines(module.tree)
    package = module.name if module.path.endswith("__init__.py") else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            targets = [_submodule(base, alias.name, modules) for alias in node.names]
        else:
            continue
        known = {_known(target, modules) for target in targets if target.partition(".")[0] in rank}
        for target in sorted(known):
            yield Import(target, node.lineno, node.lineno in typing_only)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _submodule(base: str, name: str, modules: dict[str, Module]) -> str:
    return f"{base}.{name}" if f"{base}.{name}" in modules else base


def _known(target: str, modules: dict[str, Module]) -> str:
    """The module itself, or the longest module prefix of a dotted name ("a.b.attr" -> "a.b")."""
    while target not in modules and "." in target:
        target = target.rpartition(".")[0]
    return target


def _typing_only_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _upward_imports(module: Module, rank: dict[str, int]) -> Iterator[Violation]:
    own = module.name.partition(".")[0]
    for item in module.imports:
        app = item.target.partition(".")[0]
        if rank[app] > rank[own]:
            message = f"imports {item.target} (layer above: {app} over {own})"
            yield Violation(module.path, item.line, message, "imports")


def _upward_references(module: Module, rank: dict[str, int]) -> Iterator[Violation]:
    """Migration dependencies, relation fields and get_model() calls that name a higher app."""
    own = module.name.partition(".")[0]
    for line, app, what in _app_references(module.tree):
        if app in rank and rank[app] > rank[own]:
            message = f"{what} (layer above: {app} over {own})"
            yield Violation(module.path, line, message, "references")


def _app_references(tree: ast.Module) -> Iterator[tuple[int, str, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(_named(t, "dependencies") for t in node.targets):
            for item in ast.walk(node.value):
                if isinstance(item, ast.Tuple) and item.elts and _text(item.elts[0]):
                    yield item.lineno, _text(item.elts[0]), f"depends on migration {ast.unparse(item)}"
        elif isinstance(node, ast.Call) and _call_name(node) in RELATION_FIELDS:
            targets = [*node.args[:1], *(k.value for k in node.keywords if k.arg in ("to", "through"))]
            for target in targets:
                if match := MODEL_REFERENCE_RE.fullmatch(_text(target)):
                    yield target.lineno, match.group(1), f"refers to model {_text(target)!r}"
        elif isinstance(node, ast.Call) and _call_name(node) == "get_model" and node.args:
            label = _text(node.args[0]).partition(".")[0]
            yield node.lineno, label, f"loads model {', '.join(map(ast.unparse, node.args[:2]))}"


def _named(target: ast.expr, name: str) -> bool:
    return isinstance(target, ast.Name) and target.id == name


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _text(node: ast.expr) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _sizes(module: Module) -> Iterator[Violation]:
    if "migrations" not in module.name.split(".") and module.lines > MAX_MODULE_LINES:
        message = f"module has {module.lines} lines (at most {MAX_MODULE_LINES})"
        yield Violation(module.path, 1, message, "sizes")
    for node in ast.walk(module.tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                message = f"function {node.name} has {length} lines (at most {MAX_FUNCTION_LINES})"
                yield Violation(module.path, node.lineno, message, "sizes")


def _cycles(modules: dict[str, Module]) -> list[Violation]:
    """One shortest cycle through each module caught in one, each cycle reported once."""
    graph = {name: _runtime_targets(module, modules) for name, module in modules.items()}
    reported: set[frozenset[str]] = set()
    found = []
    for name in sorted(graph):
        cycle = _shortest_cycle(graph, name)
        if cycle and frozenset(cycle) not in reported:
            reported.add(frozenset(cycle))
            first = modules[cycle[0]]
            line = min(i.line for i in first.imports if i.target == cycle[1] and not i.typing_only)
            message = "import cycle: " + " -> ".join([*cycle, cycle[0]])
            found.append(Violation(first.path, line, message, "cycles"))
    return found


def _runtime_targets(module: Module, modules: dict[str, Module]) -> list[str]:
    targets = {i.target for i in module.imports if not i.typing_only and i.target in modules}
    return sorted(targets - {module.name})


def _shortest_cycle(graph: dict[str, list[str]], start: str) -> list[str]:
    """The modules of the shortest path from `start` back to itself, or [] (breadth first)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        name = queue.popleft()
        for target in graph[name]:
            if target == start:
                path = [name]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if target not in came_from:
                came_from[target] = name
                queue.append(target)
    return []


def main() -> int:
    found = check(Path(__file__).resolve().parent.parent)
    for violation in found:
        print(violation)
    print(f"{len(found)} layer violations")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
