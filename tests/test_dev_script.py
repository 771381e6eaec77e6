"""scripts/dev.py, the quick start's set-up script: what it gives the test command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("dev", ROOT / "scripts" / "dev.py")
assert spec is not None
assert spec.loader is not None
dev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dev)


def test_the_test_command_keeps_compiled_modules_out_of_the_source_tree() -> None:
    env = dev.bytecode_cached({"PYTHONDONTWRITEBYTECODE": "1", "PATH": "/bin"})

    assert env == {"PATH": "/bin", "PYTHONPYCACHEPREFIX": str(ROOT / ".nox" / "pycache")}


def test_a_cache_prefix_already_chosen_is_kept() -> None:
    env = dev.bytecode_cached({"PYTHONPYCACHEPREFIX": "/var/cache/mine"})

    assert env == {"PYTHONPYCACHEPREFIX": "/var/cache/mine"}
