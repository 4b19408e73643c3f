"""One name, one meaning: no two classes under src/yuanqu share a name (a reader, a grep or an import should never
have to guess which `Scheme` is meant). Django's own conventions are exempt where Django puts them: `Meta` inside a
class, `Command` in a management command, `Migration` in a migration."""

import ast
from collections import defaultdict
from pathlib import Path

import yuanqu

SRC = Path(yuanqu.__file__).resolve().parent


def exempt(name: str, path: Path, nested: bool) -> bool:
    parts = path.relative_to(SRC).parts
    return (
        (name == "Meta" and nested)
        or (name == "Command" and parts[-3:-1] == ("management", "commands"))
        or (name == "Migration" and "migrations" in parts)
    )


def class_definitions(root: Path = SRC) -> dict[str, list[str]]:
    """Class name → ["path:line", ...] for every class defined under `root` (nested ones included)."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        nested = {
            inner
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            for inner in ast.walk(node)
            if inner is not node and isinstance(inner, ast.ClassDef)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and not exempt(node.name, path, node in nested):
                found[node.name].append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    return found


def collisions(definitions: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: places for name, places in sorted(definitions.items()) if len(places) > 1}


def test_no_two_classes_share_a_name():
    clashes = collisions(class_definitions())
    assert not clashes, "classes defined more than once:\n" + "\n".join(
        f"  {name}: {', '.join(places)}" for name, places in clashes.items()
    )


def test_the_check_finds_a_clash_and_keeps_the_exemptions(tmp_path, monkeypatch):
    monkeypatch.setitem(globals(), "SRC", tmp_path)
    (tmp_path / "a.py").write_text("class Scheme:\n    class Meta:\n        pass\n", encoding="utf-8")
    (tmp_path / "b.py").write_text("class Scheme:\n    class Meta:\n        pass\n\n\nclass Meta:\n    pass\n")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001_initial.py").write_text("class Migration:\n    pass\n")
    (tmp_path / "migrations" / "0002_next.py").write_text("class Migration:\n    pass\n")
    commands = tmp_path / "app" / "management" / "commands"
    commands.mkdir(parents=True)
    (commands / "one.py").write_text("class Command:\n    pass\n")
    (commands / "two.py").write_text("class Command:\n    pass\n")
    (tmp_path / "app" / "command.py").write_text("class Command:\n    pass\n")  # not a management command
    (tmp_path / "app" / "other.py").write_text("class Command:\n    pass\n")

    clashes = collisions(class_definitions(tmp_path))

    base = tmp_path.name
    assert clashes == {
        "Command": [f"{base}/app/command.py:1", f"{base}/app/other.py:1"],
        "Scheme": [f"{base}/a.py:1", f"{base}/b.py:1"],
    }
