"""The two errors that hold a job: defined above the models, so the errors stay a leaf."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import VoiceIdJobsError

if TYPE_CHECKING:  # the models load with the first call that makes one, not with a client
    from ._models import (
        FraudsterRegistrationJob,
        FraudsterRegistrationJobSummary,
        SpeakerEnrollmentJob,
        SpeakerEnrollmentJobSummary,
    )

__all__ = ["JobFailedError", "WaitTimeoutError"]


class JobFailedError(VoiceIdJobsError):
    """A job ended with status FAILED. ``job.failure_details`` says why."""

    job: SpeakerEnrollmentJob | FraudsterRegistrationJob
    """The failed job, as last described."""

    def __init__(self, job: SpeakerEnrollmentJob | FraudsterRegistrationJob) -> None:
        self.job = job
        details = job.failure_details
        reason = (
            f"{details.status_code}: {details.message}"
            if details is not None
            else "no details given"
        )
        super().__init__(f"job {job.job_id} failed ({reason})")


class WaitTimeoutError(VoiceIdJobsError, TimeoutError):
    """A wait ran out of time before the job ended."""

    last_job: (
        SpeakerEnrollmentJob
        | FraudsterRegistrationJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJobSummary
    )
    """The job as last seen before time ran out (the summary the wait was given, when no
    Describe answered in time)."""
    timeout: float
    """How long the wait was allowed, in seconds."""
    described: bool
    """Whether any Describe answered during the wait; when none did, ``last_job`` is
    what the wait was given."""
    last_error: BaseException | None
    """The error of the last Describe that failed (a throttle, a fault, a connection
    error), or None."""

    def __init__(
        self,
        last_job: SpeakerEnrollmentJob
        | FraudsterRegistrationJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJobSummary,
        timeout: float,
        *,
        described: bool = True,
        last_error: BaseException | None = None,
    ) -> None:
        self.last_job = last_job
        self.timeout = timeout
        self.described = described
        self.last_error = last_error
        because = "" if last_error is None else f" (last error: {last_error})"
        if described:
            message = f"job {last_job.job_id} was still {last_job.job_status}"
        else:
            message = f"job {last_job.job_id} could not be described"
        super().__init__(f"{message} after {timeout:g} seconds{because}")
