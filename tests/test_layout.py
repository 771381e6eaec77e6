"""The package's modules depend on each other in one direction: no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "voiceid_jobs"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


def _nodes(tree: ast.AST, *, type_checking: bool) -> list[ast.AST]:
    """Every node of ``tree``; without the bodies of ``if TYPE_CHECKING:`` unless asked."""
    found: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        found.append(node)
        if type_checking or not _is_type_checking_block(node):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _imports(path: Path, *, type_checking: bool = True) -> set[str]:
    """Every module of the package that ``path`` imports, TYPE_CHECKING blocks included
    unless ``type_checking`` is False."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    found: set[str] = set()
    for node in _nodes(ast.parse(path.read_text()), type_checking=type_checking):
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


ANNOTATION_ONLY = {("voiceid_jobs._errors", "voiceid_jobs._models")}
"""Imports left out of the graph when they are made for type checking only.

``JobFailedError.job`` and ``WaitTimeoutError.last_job`` are typed with the job models,
so that a user's type checker knows what they hold, while the models raise the errors
of ``_errors``. A name in an annotation is not a dependency: at run time the errors
import nothing of the package (``test_the_errors_are_a_leaf``).
"""


def _graph(*, type_checking: bool = True) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in SOURCE.rglob("*.py")}
    graph = {
        name: {
            target
            for target in _imports(path, type_checking=type_checking)
            if target in modules and target != name
        }
        for name, path in modules.items()
    }
    for module, target in ANNOTATION_ONLY:
        if target not in _imports(modules[module], type_checking=False):
            graph[module].discard(target)
    return graph


def test_no_module_imports_one_that_imports_it_even_for_type_checking() -> None:
    """No cycle, TYPE_CHECKING imports included, but for those of ``ANNOTATION_ONLY``."""
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
    """At run time; for type checking they name the job models (see ``ANNOTATION_ONLY``)."""
    assert _graph(type_checking=False)["voiceid_jobs._errors"] == set()
    assert _imports(SOURCE / "_errors.py") <= {"voiceid_jobs._models"}


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
