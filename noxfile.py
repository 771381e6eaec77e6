"""The project's checks, as nox sessions.

``nox`` runs them all, one after another (CI runs them through
``python3 scripts/dev.py test``, which runs lint, typing and docs beside the tests);
``nox -s lint``, ``nox -s typing``, ``nox -s docs`` or ``nox -s tests-3.12`` runs one;
arguments after ``--`` go to pytest (``nox -s tests-3.11 -- -k waiting``).
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = False  # a Python not installed is skipped, said

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
"""The Python versions the project claims (pyproject's classifiers)."""
MAIN = "3.11"
"""The version that lints, type-checks, builds the docs and runs every test with coverage."""


def install(session: nox.Session, *groups: str, extras: str = "aio,cli,testing") -> None:
    """The project with ``extras``, and the dependency groups of pyproject.toml."""
    arguments = [argument for group in groups for argument in ("--group", group)]
    session.install("--editable", f".[{extras}]", *arguments)


@nox.session(python=MAIN)
def lint(session: nox.Session) -> None:
    """Lint and formatting, by ruff."""
    session.install("--group", "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=MAIN)
def typing(session: nox.Session) -> None:
    """Both type checkers, mypy and pyright, strict, on src and on tests/typing's user code.

    The boto3 clients' types come from the documented ``types`` extra alone, as a user's
    would.
    """
    install(session, "typing", "test", extras="aio,cli,testing,types")
    session.run("mypy")
    session.run("pyright", "--pythonpath", str(Path(session.bin) / "python"))


@nox.session(python=MAIN)
def docs(session: nox.Session) -> None:
    """The docs, built with warnings as errors (their examples run in the tests)."""
    install(session, "docs", "test")  # the API pages import the pytest plugin
    session.run(
        "python", "-m", "sphinx", "--fail-on-warning", "--quiet", "-b", "html", "docs", "build/docs"
    )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The tests: every one on the main version, with coverage; the default run on others.

    The main version also gives each property many examples; the others the default
    run's few, and no slow tests.
    """
    install(session, "test")
    if session.python != MAIN:
        session.run("pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
        return
    session.env["HYPOTHESIS_PROFILE"] = "ci"
    session.run("coverage", "erase")
    session.run(
        "coverage",
        "run",
        "-m",
        "pytest",
        "-q",
        "-m",
        "slow or not slow",
        *session.posargs,
    )
    session.run("coverage", "combine", "--quiet")
    session.run("coverage", "report")
