"""The ``voiceid-jobs`` console script (needs the ``cli`` extra: click and rich)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line: every way it ends is an exit code and at most one line."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments == ["--version"]:  # answered before the command line and the models load
        from voiceid_jobs import __version__

        sys.stdout.write(f"voiceid-jobs, version {__version__}\n")
        raise SystemExit(0)
    from ._exits import EXIT_BAD_INPUT, EXIT_INTERRUPTED

    try:
        # The command line is built on the cli extra (click, rich), which a library user
        # may not have: it is imported here, so its absence is one line, not a traceback.
        import click

        from ._app import cli
    except ImportError as error:
        sys.stderr.write(
            f"voiceid-jobs: {error.name or error} is not installed; "
            'install the command line with: pip install "voiceid-jobs[cli]"\n'
        )
        raise SystemExit(EXIT_BAD_INPUT) from None
    try:
        code = cli.main(args=arguments, prog_name="voiceid-jobs", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        sys.stderr.write("voiceid-jobs: interrupted\n")
        code = EXIT_INTERRUPTED
    except click.ClickException as error:
        one_line = " ".join(error.format_message().split())  # click may list choices on lines
        sys.stderr.write(f"voiceid-jobs: error: {one_line}\n")
        code = EXIT_BAD_INPUT
    raise SystemExit(code if isinstance(code, int) else 0)
