"""The ``voiceid-jobs`` console script (needs the ``cli`` extra: click and rich)."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the command line; explain the missing extra instead of a traceback."""
    try:
        from ._app import cli
    except ImportError as error:  # click or rich is not installed
        sys.stderr.write(
            f"voiceid-jobs: {error.name or error} is not installed; "
            'install the command line with: pip install "voiceid-jobs[cli]"\n'
        )
        raise SystemExit(2) from None
    cli(prog_name="voiceid-jobs")
