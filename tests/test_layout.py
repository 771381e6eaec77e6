"""The package's modules depend on each other in one direction: no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "voiceid_jobs"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports, TYPE_CHECKING blocks included."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("voiceid_jobs"):
                found.add(target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("voiceid_jobs"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in SOURCE.rglob("*.py")}
    return {
        name: {target for target in _imports(path) if target in modules and target != name}
        for name, path in modules.items()
    }


def test_no_module_imports_one_that_imports_it_even_for_type_checking() -> None:
    graph = _graph()
    done: set[str] = set()

    def visit(module: str, stack: list[str]) -> None:
        if module in stack:
            pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(module) :], module]))
        if module in done:
            return
        for target in sorted(graph[module]):
            # A package's __init__ re-exports its modules: importing a module runs it first.
            if not module.startswith(target + "."):
                visit(target, [*stack, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_errors_are_a_leaf() -> None:
    assert _graph()["voiceid_jobs._errors"] == set()


def _in_cli(module: str) -> bool:
    return module == "voiceid_jobs._cli" or module.startswith("voiceid_jobs._cli.")


def test_the_command_line_uses_only_the_public_api() -> None:
    private = {
        (module, target)
        for module, targets in _graph().items()
        if _in_cli(module)
        for target in targets
        if not _in_cli(target) and "._" in target
    }

    assert private == set()
