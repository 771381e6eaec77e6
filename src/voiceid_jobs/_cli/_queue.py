"""``--queue``: start a job once the domain's active job of its kind has ended.

The service runs one job of each kind per domain at a time and refuses a Start beyond
that with ServiceQuotaExceededException. Queued, the command waits for the domain's
active job (Describe, on the command's polling schedule) and starts then, until its
timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from voiceid_jobs import JobFailedError, ServiceQuotaExceededError, WaitTimeoutError

from ._exits import EXIT_TIMEOUT, CliError

if TYPE_CHECKING:
    from voiceid_jobs import PollPolicy, VoiceIdJobsClient

__all__ = ["started_in_turn"]

T = TypeVar("T")


def started_in_turn(  # noqa: PLR0913 - the start, and how long and how to wait before it
    jobs: VoiceIdJobsClient,
    list_jobs: Callable[..., Iterator[Any]],
    domain_id: str,
    start: Callable[[], T],
    *,
    timeout: float,
    poll: PollPolicy,
    clock: Callable[[], float],
) -> T:
    """``start()``; while the domain's active job of the kind refuses it, after that job.

    ``list_jobs`` is the client's List method of the kind (called with the client
    first). A quota refusal while no job of the kind is active is not about active jobs:
    it is raised as it is.

    Raises:
        CliError: ``timeout`` seconds of ``clock`` passed first (exit 4); nothing was
            started.
    """
    deadline = clock() + timeout
    while True:
        try:
            return start()
        except ServiceQuotaExceededError:
            active = next(
                (job for job in list_jobs(jobs, domain_id=domain_id) if not job.is_terminal),
                None,
            )
            if active is None:
                raise
        remaining = deadline - clock()
        if remaining <= 0:  # the domain is busy still, and no time is left
            raise _gave_up(active, timeout)
        try:
            jobs.wait_for_job(active, timeout=remaining, poll=poll)
        except JobFailedError:
            pass  # it has ended: the domain is free
        except WaitTimeoutError as error:
            raise _gave_up(error.last_job, timeout) from None


def _gave_up(active: Any, timeout: float) -> CliError:
    """The error of a queue that waited ``timeout`` seconds for ``active`` in vain (exit 4)."""
    return CliError(
        f"--queue-timeout: the domain's job {active.job_id} was still {active.job_status} "
        f"after {timeout:g} seconds; nothing was started",
        EXIT_TIMEOUT,
    )
