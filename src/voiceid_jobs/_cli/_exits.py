"""How every way a command can end becomes one line and a documented exit code.

| code | meaning |
|---|---|
| 0 | success |
| 1 | a job completed with errors, or failed (its FailureDetails are printed) |
| 2 | bad input or configuration: a CSV row, an option, an id, a region, credentials |
| 3 | a service or connection error, or an answer that could not be read |
| 4 | a wait that timed out |
| 5 | the job has not ended yet: it has no results |
| 6 | the output could not be written (a full disk, a closed pipe, a closed standard output) |
| 130 | interrupted (Ctrl-C); the line says which job still runs and how to resume |
| 143 | terminated (SIGTERM, 128 + 15 as shells report it); the line is as for Ctrl-C |

Anything else (a bug) also ends in one line, with exit code 1; ``--debug`` shows
the traceback instead. The exit code stays the documented one when the line itself
cannot be written (standard error full or closed).
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Final, TextIO

from voiceid_jobs import (
    EndpointError,
    InvalidParameterError,
    JobFailedError,
    OutputFileError,
    ServiceError,
    VoiceIdJobsError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from voiceid_jobs import Job

    from ._render import Renderer

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_JOB_ERRORS",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_RUNNING",
    "EXIT_SERVICE",
    "EXIT_TERMINATED",
    "EXIT_TIMEOUT",
    "CliError",
    "ClosedOutput",
    "Terminated",
    "exit_code",
    "handled",
    "message",
    "option_for",
    "say",
    "silence",
    "terminating",
]

EXIT_OK: Final = 0
EXIT_JOB_ERRORS: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_SERVICE: Final = 3
EXIT_TIMEOUT: Final = 4
EXIT_RUNNING: Final = 5
EXIT_OUTPUT: Final = 6
EXIT_INTERRUPTED: Final = 130
EXIT_TERMINATED: Final = 143


class CliError(Exception):
    """Bad input the command line itself found: a message and an exit code."""

    def __init__(self, message: str, code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.code = code


_OPTIONS: Final = {
    "domain_id": "--domain-id",
    "job_id": "--job-id",
    "data_access_role_arn": "--role-arn",
    "staging_uri": "--staging-uri",
    "input_data_config": "--staging-uri",
    "staging_kms_key_id": "--staging-kms-key-id",
    "expected_bucket_owner": "--expected-bucket-owner",
    "output_data_config.s3_uri": "--output-uri",
    "output_data_config.kms_key_id": "--kms-key-id",
    "job_name": "--job-name",
    "job_name_prefix": "--job-name",
    "watchlist_ids": "--watchlist-id",
    "risk_threshold": "--risk-threshold",
    "fraudster_similarity_threshold": "--similarity-threshold",
    "existing_enrollment_action": "--existing-enrollment-action",
    "fraud_detection_action": "--fraud-detection-action",
    "duplicate_registration_action": "--duplicate-registration-action",
    "job_status": "--status",
    "timeout": "--timeout",
    "endpoint_url": "--endpoint-url",
    "region_name": "--region",
    "profile": "--profile",
}
"""The option that sets each field the library may name in an error."""


def option_for(field: str) -> str | None:
    """The option behind a library field path; None if no option sets it.

    The longest part of the path that an option sets names it:
    ``enrollment_config.fraud_detection_config.risk_threshold`` -> ``--risk-threshold``,
    ``output_data_config.kms_key_id`` -> ``--kms-key-id``, ``input_data_config.s3_uri``
    -> ``--staging-uri``.
    """
    parts = re.sub(r"\[\d+\]", "", field).split(".")
    for length in range(len(parts), 0, -1):  # the longest first
        for start in range(len(parts) - length, -1, -1):  # the innermost first
            option = _OPTIONS.get(".".join(parts[start : start + length]))
            if option is not None:
                return option
    return None


def message(error: BaseException) -> str:
    """The one line that says what went wrong, naming the option where one is to blame."""
    if isinstance(error, InvalidParameterError):
        option = option_for(error.field)
        if option is not None:
            return f"{option}: {error.rule} (got {error.shown})"
        return str(error)
    return str(error)


def exit_code(error: BaseException) -> int | None:
    """The documented exit code of an error, or None for one that is not expected (a bug)."""
    codes: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], int], ...] = (
        ((InvalidParameterError, CliError), EXIT_BAD_INPUT),
        (JobFailedError, EXIT_JOB_ERRORS),
        (WaitTimeoutError, EXIT_TIMEOUT),
        ((ServiceError, EndpointError, OutputFileError, VoiceIdJobsError), EXIT_SERVICE),
    )
    if isinstance(error, CliError):
        return error.code
    for classes, code in codes:
        if isinstance(error, classes):
            return code
    return None


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so it ends as Ctrl-C ends it."""


@contextmanager
def terminating() -> Generator[None, None, None]:
    """Within the block, SIGTERM raises :class:`Terminated` (in the main thread only)."""

    def terminate(_signal: int, _frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class ClosedOutput(io.TextIOBase):
    """Standard output when its file descriptor is closed: every write fails, as a full disk's."""

    def write(self, text: str) -> int:  # noqa: ARG002 - nothing is written
        raise OSError(9, "standard output is closed")  # EBADF


def silence(stream: TextIO | io.TextIOBase | None) -> None:
    """Send what is left of ``stream`` (standard output or error) nowhere.

    Python flushes both at exit, and a failed flush there prints "Exception ignored"
    and changes the exit code; pointed at the null device, the flush succeeds.
    """
    if stream is None:
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # not a file descriptor
        pass
    finally:
        os.close(devnull)


def say(line: str) -> None:
    """Write one line on standard error if it can be written; never fail for it."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # full, closed or missing
        silence(sys.stderr)


def handled(
    renderer: Renderer,
    body: Callable[[], int],
    *,
    debug: bool,
    running: Callable[[], Job | None] = lambda: None,
    interrupted: Callable[[Job | None, str], str] | None = None,
) -> int:
    """Run a command's body; every way it can end is an exit code and at most one line.

    ``running`` gives the job that runs now, for an interruption to name it, and
    ``interrupted`` says so, given that job and how the command was stopped.
    """
    try:
        code = body()
        sys.stdout.flush()  # here, not at exit: a failure to write is this command's
    except KeyboardInterrupt as stop:
        how, code = (
            ("terminated", EXIT_TERMINATED)
            if isinstance(stop, Terminated)
            else ("interrupted", EXIT_INTERRUPTED)
        )
        line = interrupted(running(), how) if interrupted is not None else how
        _error(renderer, line, code)
        return code
    except Exception as error:
        expected = exit_code(error)
        if expected is None and isinstance(error, OSError):  # writing: a full disk, a closed pipe
            silence(sys.stdout)
            _error(renderer, f"could not write the output: {error}", EXIT_OUTPUT)
            return EXIT_OUTPUT
        if expected is None:
            if debug:
                raise
            text = f"internal error: {type(error).__name__}: {error} (run with --debug for details)"
            _error(renderer, text, EXIT_JOB_ERRORS)
            return EXIT_JOB_ERRORS
        _error(renderer, message(error), expected)
        return expected
    return code


def _error(renderer: Renderer, line: str, code: int) -> None:
    """The error line, if standard error takes it: the exit code is the same either way."""
    try:
        renderer.error(line, code)
    except (OSError, ValueError):
        silence(sys.stderr)
