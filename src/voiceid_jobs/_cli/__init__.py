"""The ``voiceid-jobs`` console script (needs the ``cli`` extra: click and rich)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ._exits import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OUTPUT,
    EXIT_TERMINATED,
    ClosedOutput,
    Terminated,
    say,
    silence,
    terminating,
)
from ._text import unprintable_escaped


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line: every way it ends is an exit code and at most one line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None:  # its file descriptor is closed: what is printed must fail, not vanish
        sys.stdout = ClosedOutput()
    with terminating():
        try:
            code = _run(arguments)
            sys.stdout.flush()  # here, not at exit, where a failure would be a traceback
        except OSError as error:  # the help, the version or the endpoint's lines: not written
            silence(sys.stdout)
            say(f"voiceid-jobs: error: could not write the output: {error}")
            code = EXIT_OUTPUT
    raise SystemExit(code)


def _run(arguments: list[str]) -> int:
    """The exit code of the command line for ``arguments``."""
    if arguments == ["--version"]:  # answered before the command line and the models load
        from voiceid_jobs import __version__

        sys.stdout.write(f"voiceid-jobs, version {__version__}\n")
        return 0
    try:
        # The command line is built on the cli extra (click, rich), which a library user
        # may not have: it is imported here, so its absence is one line, not a traceback.
        import click

        from ._app import cli
    except ImportError as error:
        say(
            f"voiceid-jobs: {error.name or error} is not installed; "
            'install the command line with: pip install "voiceid-jobs[cli]"'
        )
        return EXIT_BAD_INPUT
    try:
        code = cli.main(args=arguments, prog_name="voiceid-jobs", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt) as stop:
        terminated = isinstance(stop, Terminated) or isinstance(stop.__cause__, Terminated)
        say(f"voiceid-jobs: {'terminated' if terminated else 'interrupted'}")
        return EXIT_TERMINATED if terminated else EXIT_INTERRUPTED
    except click.ClickException as error:
        one_line = " ".join(error.format_message().split())  # click may list choices on lines
        say(f"voiceid-jobs: error: {unprintable_escaped(one_line)}")
        return EXIT_BAD_INPUT
    return code if isinstance(code, int) else 0
