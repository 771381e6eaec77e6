"""How every way a command can end becomes one line and a documented exit code.

| code | meaning |
|---|---|
| 0 | success |
| 1 | a job completed with errors, or failed (its FailureDetails are printed) |
| 2 | bad input or configuration: a CSV row, an option, an id, a region, credentials |
| 3 | a service or connection error, or an answer that could not be read |
| 4 | a wait that timed out |
| 5 | the job has not ended yet: it has no results |
| 6 | the output could not be written (a full disk, a closed pipe) |
| 130 | interrupted (Ctrl-C); the line says which job still runs and how to resume |

Anything else (a bug) also ends in one line, with exit code 1; ``--debug`` shows
the traceback instead.
"""

from __future__ import annotations

import re
from typing import Final

from voiceid_jobs import (
    EndpointError,
    InvalidParameterError,
    JobFailedError,
    OutputFileError,
    ServiceError,
    VoiceIdJobsError,
    WaitTimeoutError,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_JOB_ERRORS",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_RUNNING",
    "EXIT_SERVICE",
    "EXIT_TIMEOUT",
    "CliError",
    "exit_code",
    "message",
    "option_for",
]

EXIT_OK: Final = 0
EXIT_JOB_ERRORS: Final = 1
EXIT_BAD_INPUT: Final = 2
EXIT_SERVICE: Final = 3
EXIT_TIMEOUT: Final = 4
EXIT_RUNNING: Final = 5
EXIT_OUTPUT: Final = 6
EXIT_INTERRUPTED: Final = 130


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

    ``enrollment_config.fraud_detection_config.risk_threshold`` -> ``--risk-threshold``.
    """
    path = re.sub(r"\[\d+\]", "", field)
    parts = path.split(".")
    for start in range(len(parts)):
        option = _OPTIONS.get(".".join(parts[start:]))
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
