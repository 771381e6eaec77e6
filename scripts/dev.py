"""Set up the development environment and run the project's checks or its demo.

    python3 scripts/dev.py test    # ruff, mypy, pyright, the docs build, pytest with
                                   # coverage, then pytest on every other Python version
    python3 scripts/dev.py demo    # the demo

Needs only python3 (3.10 or newer). The first run creates ``.venv`` and installs the
project with its development tools from pyproject.toml (PyPI must be reachable);
later runs reinstall only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
STAMP = VENV / ".installed-from"
VERSIONS = ("3.10", "3.11", "3.12", "3.13")
"""The Python versions the project claims (pyproject's classifiers)."""


def run(*args: str | Path) -> None:
    """Run a command in the project folder; exit with its code if it fails."""
    print("+", " ".join(str(arg) for arg in args), flush=True)
    result = subprocess.run([str(arg) for arg in args], cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup(
    venv: Path = VENV, python: str = sys.executable, groups: tuple[str, ...] = ("dev",)
) -> Path:
    """Create ``venv`` and install the project (aio extra included) and ``groups``.

    Only when pyproject.toml changed since the last install.
    """
    binary = venv / BIN.name / "python"
    stamp = venv / ".installed-from"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and binary.exists():
        return binary
    if not binary.exists():
        run(python, "-m", "venv", venv)
    run(binary, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1")
    group_args = [argument for group in groups for argument in ("--group", group)]
    run(binary, "-m", "pip", "install", "--quiet", "--editable", ".[aio]", *group_args)
    stamp.write_text(wanted)
    return binary


def find_python(version: str) -> str | None:
    """An interpreter for ``version``: one installed by pyenv, else one on PATH."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    installed = sorted((pyenv / "versions").glob(f"{version}.*/bin/python{version}"))
    if installed:
        return str(installed[-1])
    found = shutil.which(f"python{version}")
    if found and "shims" not in Path(found).parts:  # a pyenv shim may not run that version
        return found
    return None


def test() -> None:
    """Every check CI runs, in order; stops at the first that fails."""
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "mypy")
    run(BIN / "pyright")
    run(PYTHON, "-m", "sphinx", "--fail-on-warning", "--quiet", "-b", "html", "docs", "build/docs")
    run(PYTHON, "-m", "coverage", "erase")
    run(PYTHON, "-m", "coverage", "run", "-m", "pytest")
    run(PYTHON, "-m", "coverage", "combine", "--quiet")
    run(PYTHON, "-m", "coverage", "report")
    matrix()


def matrix() -> None:
    """The test suite on every other Python version the project claims, where installed."""
    current = f"{sys.version_info.major}.{sys.version_info.minor}"
    for version in VERSIONS:
        if version == current:
            continue
        python = find_python(version)
        if python is None:
            print(
                f"skipped Python {version}: no interpreter found (install it to test it)",
                flush=True,
            )
            continue
        binary = setup(ROOT / f".venv-{version}", python, ("test",))
        run(binary, "-m", "pytest", "-q", "-p", "no:cacheprovider")


def demo() -> None:
    """The README's main job: ``voiceid-jobs demo``, against the bundled fake."""
    run(BIN / "voiceid-jobs", "demo")


COMMANDS = {"test": test, "demo": demo}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:  # noqa: PLR2004
        sys.exit(f"usage: python3 {Path(__file__).name} {{{'|'.join(COMMANDS)}}}")
    if sys.version_info < (3, 10):  # noqa: UP036 - this script runs on whatever python3 is
        sys.exit("voiceid_jobs needs Python 3.10 or newer")
    setup()
    COMMANDS[sys.argv[1]]()
