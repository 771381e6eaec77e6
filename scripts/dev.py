"""Set up what a command needs, with only python3 on the machine, and run it.

    python3 scripts/dev.py test    # every check: nox's tests sessions (each Python
                                   # 3.10-3.13 installed), lint, typing and docs beside
    python3 scripts/dev.py demo    # the demo, against the bundled fake

``test`` makes ``.venv-nox`` with nox (and uv, which nox uses to make each session's
environment); arguments after ``test`` go to nox (``dev.py test -s tests-3.12``).
``demo`` makes ``.venv`` with the project and only the extras the demo uses. Each is
made again only when what it installs changed. PyPI must be reachable.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"
VERSIONS = ("3.10", "3.11", "3.12", "3.13")
"""The Python versions the project claims (pyproject's classifiers)."""

CHECKS = ("lint", "typing", "docs")
"""The nox sessions besides the tests."""
TOOLS = (ROOT / ".venv-nox", ("nox[uv]>=2024.4",))
"""Where nox lives, and what it needs."""
DEMO = (ROOT / ".venv", ("--editable", ".[cli,testing]"))
"""Where the demo runs, and what it needs: the command line and the fake's S3."""


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command in the project folder; exit with its code if it fails."""
    print("+", " ".join(str(arg) for arg in args), flush=True)
    result = subprocess.run([str(arg) for arg in args], cwd=ROOT, check=False, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def setup(venv: Path, requirements: tuple[str, ...]) -> Path:
    """Make ``venv`` with ``requirements`` (only when they or pyproject.toml changed)."""
    binary = venv / BIN / "python"
    stamp = venv / ".installed-from"
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + " ".join(requirements).encode()
    ).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted and binary.exists():
        return venv / BIN
    if not binary.exists():
        run(sys.executable, "-m", "venv", venv)
    run(binary, "-m", "pip", "install", "--quiet", *requirements)
    stamp.write_text(wanted)
    return venv / BIN


def interpreters_path() -> str:
    """PATH with each claimed Python that pyenv installed first.

    nox finds them there; pyenv's shims may not run a version its settings leave out.
    """
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = [
        str(max(matches).parent)
        for version in VERSIONS
        if (matches := list((pyenv / "versions").glob(f"{version}.*/bin/python{version}")))
    ]
    return os.pathsep.join([*found, os.environ.get("PATH", "")])


def bytecode_cached(env: dict[str, str]) -> dict[str, str]:
    """``env`` with compiled modules kept, under ``.nox/pycache``.

    The tests start many Python processes (the command line, the local endpoint,
    pytest's workers); where ``PYTHONDONTWRITEBYTECODE`` is set, each compiles every
    module it imports (botocore, moto) again: a tenth of the test command's time. The
    cache stays out of the source tree, as that setting wants, and a
    ``PYTHONPYCACHEPREFIX`` already set is kept.
    """
    cached = {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}
    cached.setdefault("PYTHONPYCACHEPREFIX", str(ROOT / ".nox" / "pycache"))
    return cached


def test(arguments: list[str]) -> None:
    """Every check CI runs: the nox sessions (or those ``arguments`` choose).

    With no arguments, the checks of one core each (ruff, mypy, pyright, Sphinx) run
    beside the test sessions, which use every core, and their output is printed when
    the tests end: on 2 cores that is about 40 s sooner than one after the other.
    """
    nox = setup(*TOOLS) / "nox"
    env = bytecode_cached(
        {**os.environ, "PATH": interpreters_path(), "UV_PYTHON_DOWNLOADS": "never"}
    )
    if arguments:
        run(nox, *arguments, env=env)
        return
    with tempfile.TemporaryFile("w+") as output:
        print("+", nox, "-s", *CHECKS, "(beside the tests; its output follows theirs)")
        checks = subprocess.Popen(
            [str(nox), "-s", *CHECKS], cwd=ROOT, env=env, stdout=output, stderr=output
        )
        tests = subprocess.run([str(nox), "-s", "tests"], cwd=ROOT, env=env, check=False)
        checks.wait()
        output.seek(0)
        print(output.read(), end="", flush=True)
    sys.exit(tests.returncode or checks.returncode)


def demo(arguments: list[str]) -> None:
    """The README's main job: ``voiceid-jobs demo``, against the bundled fake."""
    run(setup(*DEMO) / "voiceid-jobs", "demo", *arguments)


COMMANDS = {"test": test, "demo": demo}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:  # noqa: PLR2004
        sys.exit(f"usage: python3 {Path(__file__).name} {{{'|'.join(COMMANDS)}}} [arguments]")
    if sys.version_info < (3, 10):  # noqa: UP036 - this script runs on whatever python3 is
        sys.exit("voiceid_jobs needs Python 3.10 or newer")
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except KeyboardInterrupt:  # the commands it runs heard Ctrl-C too, and stopped
        print("interrupted", file=sys.stderr)
        sys.exit(130)
