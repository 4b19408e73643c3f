"""The floors of the house (docs/development.md): an app imports only apps on lower floors, the ground floor
(`core`) imports no app at all, and no module takes part in an import circle. Read from the source with `ast`,
so a function-level import counts as much as one at the top of a file."""

import ast
from pathlib import Path

SRC = Path(__file__).parents[2] / "src" / "yuanqu"

# the floor of each app; an app may import apps on floors below its own
FLOORS = {
    "core": 0,
    "places": 1,
    "projects": 2,
    "meetings": 3,
    "industry": 3,
    "supervision": 4,
    "scoring": 4,
    "peers": 4,
    "newsroom": 4,
    "atlas": 5,
}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).parts
        if "migrations" in parts:
            continue
        name = ".".join(("yuanqu", *parts)).removesuffix(".py").removesuffix(".__init__")
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree, *, top_level_only: bool, modules=()) -> set[str]:
    """The yuanqu modules a module imports: `from a.b import c` is a.b.c when that is a module, else a.b."""
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name == "yuanqu" or name.startswith("yuanqu.")}


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in FLOORS) else "(project)"


def test_every_app_has_a_floor():
    apps = {path.parent.name for path in SRC.glob("*/apps.py")}
    assert apps <= set(FLOORS), f"apps with no floor in {__file__}: {apps - set(FLOORS)}"


def test_apps_import_only_lower_floors():
    wrong = []
    for module, _path, tree in _modules():
        app = _app(module)
        if app == "(project)":
            continue  # settings, urls, cli: the top floor that puts the apps together
        for imported in _imports(tree, top_level_only=False):
            target = _app(imported)
            if target == app or target not in FLOORS and target != "(project)":
                continue
            if target == "(project)" or FLOORS[target] >= FLOORS[app]:
                wrong.append(f"{module} imports {imported}")
    assert not wrong, "imports that go up or sideways a floor:\n" + "\n".join(sorted(set(wrong)))


def test_the_ground_floor_imports_no_app():
    wrong = [f"{module} imports {imported}" for module, _path, tree in _modules() if _app(module) == "core"
             for imported in _imports(tree, top_level_only=False) if _app(imported) != "core"]
    assert not wrong, "\n".join(wrong)


def test_no_module_is_in_an_import_circle():
    modules = {name: tree for name, _path, tree in _modules()}
    graph = {}
    for name, tree in modules.items():
        targets = set()
        for imported in _imports(tree, top_level_only=True, modules=modules):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    # Tarjan's strongly connected components: any component of more than one module is a circle
    index, low, stack, on_stack, circles, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert not circles, "import circles:\n" + "\n".join(" ↔ ".join(c) for c in circles)
