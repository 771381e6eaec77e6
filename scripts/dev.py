"""Set up the development environment and run the project's checks or its demo.

    python3 scripts/dev.py test    # ruff, mypy, pyright, the docs build, pytest
    python3 scripts/dev.py demo    # the demo

Needs only python3 (3.10 or newer). The first run creates ``.venv`` and installs the
project with its development tools from pyproject.toml (PyPI must be reachable);
later runs reinstall only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed-from"


def run(*args: str | Path) -> None:
    """Run a command in the project folder; exit with its code if it fails."""
    print("+", " ".join(str(arg) for arg in args), flush=True)
    result = subprocess.run([str(arg) for arg in args], cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup() -> None:
    """Create .venv and install the project and its tools, if pyproject.toml changed."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--editable", ".", "--group", "dev")
    STAMP.write_text(wanted)


def test() -> None:
    """Every check CI runs, in order; stops at the first that fails."""
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(BIN / "pyright")
    run(PYTHON, "-m", "sphinx", "--fail-on-warning", "--quiet", "-b", "html", "docs", "build/docs")
    run(PYTHON, "-m", "pytest")


def demo() -> None:
    """The README's main job: ``voiceid-jobs demo``, against the bundled fake."""
    run(BIN / "voiceid-jobs", "demo")


COMMANDS = {"test": test, "demo": demo}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:  # noqa: PLR2004
        sys.exit(f"usage: python3 {Path(__file__).name} {{{'|'.join(COMMANDS)}}}")
    setup()
    COMMANDS[sys.argv[1]]()
