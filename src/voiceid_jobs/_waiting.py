"""Retrying Start requests and waiting for jobs, with tenacity underneath.

Both loops sleep only through the ``sleep`` callable and read time only through the
``clock`` callable they are given (the client's), so tests drive them in no real time.
Only failures that are safe to repeat are retried: throttling, 5xx faults and
connection errors (:attr:`VoiceIdJobsError.retryable`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import TypeVar

import attrs
import tenacity

from ._errors import InvalidParameterError, VoiceIdJobsError
from ._job_errors import JobFailedError, WaitTimeoutError
from ._models import J, JobSummary

__all__ = ["PollPolicy", "RetryPolicy", "poll_until_terminal", "retrying"]

logger = logging.getLogger("voiceid_jobs")

T = TypeVar("T")

MIN_POLL_DELAY = 0.5
"""The job APIs allow 2 requests a second: no poll comes sooner than this after another."""


def _check_delays(initial_delay: float, max_delay: float, multiplier: float, least: float) -> None:
    if not initial_delay >= least:
        raise InvalidParameterError(
            "initial_delay", initial_delay, f"must be at least {least:g} seconds"
        )
    if not max_delay >= initial_delay:
        raise InvalidParameterError("max_delay", max_delay, "must be at least initial_delay")
    if not (multiplier >= 1 and math.isfinite(multiplier)):
        raise InvalidParameterError("multiplier", multiplier, "must be a finite number, at least 1")


def _check_attempts(attempts: object) -> None:
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise InvalidParameterError("max_attempts", attempts, "must be an integer, at least 1")


def _backoff(initial_delay: float, max_delay: float, multiplier: float, number: int) -> float:
    """The delay after try ``number`` (1-based): initial * multiplier**(number-1), capped."""
    if number > 64:  # noqa: PLR2004 - past this the power overflows; the cap has long applied
        return max_delay
    return min(max_delay, initial_delay * multiplier ** (number - 1))


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How the Start operations retry throttling, faults and connection errors.

    The delays are ``initial_delay``, ``initial_delay * multiplier``, ... capped at
    ``max_delay``, with no jitter (so they can be asserted in tests).
    """

    max_attempts: int = 3
    """How many times to send the request in all, the first included (at least 1)."""
    initial_delay: float = 1.0
    """Seconds to wait before the first retry (at least 0)."""
    max_delay: float = 20.0
    """The longest wait between two attempts, in seconds."""
    multiplier: float = 2.0
    """How much each wait grows over the one before (at least 1)."""

    def __attrs_post_init__(self) -> None:
        _check_attempts(self.max_attempts)
        _check_delays(self.initial_delay, self.max_delay, self.multiplier, 0.0)

    def delay(self, retry_number: int) -> float:
        """Seconds to wait before retry number ``retry_number`` (1 for the first retry)."""
        return _backoff(self.initial_delay, self.max_delay, self.multiplier, retry_number)


@attrs.frozen(kw_only=True)
class PollPolicy:
    """How often :meth:`VoiceIdJobsClient.wait_for_job` describes the job.

    It describes the job at once, then waits ``initial_delay``, then each wait is
    ``multiplier`` times the one before, up to ``max_delay``. No delay may be under
    0.5 seconds: the job APIs allow 2 requests a second.
    """

    initial_delay: float = 5.0
    """Seconds between the first and the second Describe (at least 0.5)."""
    max_delay: float = 60.0
    """The longest wait between two Describes; also the most that can pass between
    the job ending and the wait noticing."""
    multiplier: float = 2.0
    """How much each wait grows over the one before (at least 1)."""

    def __attrs_post_init__(self) -> None:
        _check_delays(self.initial_delay, self.max_delay, self.multiplier, MIN_POLL_DELAY)

    def delay(self, poll_number: int) -> float:
        """Seconds to wait after Describe number ``poll_number`` (1 for the first)."""
        return _backoff(self.initial_delay, self.max_delay, self.multiplier, poll_number)


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, VoiceIdJobsError) and error.retryable


def _log_retry(what: str) -> Callable[[tenacity.RetryCallState], None]:
    def log(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        if error is not None:
            logger.info(
                "%s: attempt %d failed with %s; retrying in %.3gs",
                what,
                state.attempt_number,
                type(error).__name__,
                state.upcoming_sleep,
            )

    return log


def retrying(
    *, operation: str, policy: RetryPolicy, sleep: Callable[[float], None]
) -> tenacity.Retrying:
    """The one tenacity controller that makes every attempt of ``operation``.

    The first attempt included; it retries what is retryable under ``policy``. It can
    be kept and called again, from any thread (tenacity keeps the state of a call per
    thread). Its caller makes sure a repeated call is safe (the Start operations send
    the same ClientToken every time).
    """
    return tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.max_attempts),
        wait=lambda state: policy.delay(state.attempt_number),
        retry=tenacity.retry_if_exception(_is_retryable),
        sleep=sleep,
        before_sleep=_log_retry(operation),
        reraise=True,
    )


def poll_until_terminal(  # noqa: PLR0913 - every argument is a separate, named concern
    job: J | JobSummary,
    describe: Callable[[], J],
    *,
    timeout: float | None,
    policy: PollPolicy,
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    on_progress: Callable[[J], None] | None,
) -> J:
    """Describe the job until it ends; see :meth:`VoiceIdJobsClient.wait_for_job`."""
    deadline = None if timeout is None else clock() + timeout
    last: J | JobSummary = job

    def poll() -> J:
        nonlocal last
        current = describe()
        if current.job_status != last.job_status:
            logger.info(
                "job %s: %s -> %s (%s%%)",
                current.job_id,
                last.job_status,
                current.job_status,
                current.percent_complete,
            )
        last = current
        if on_progress is not None:
            on_progress(current)
        if current.job_status == "FAILED":
            raise JobFailedError(current)
        return current

    def wait(state: tenacity.RetryCallState) -> float:
        delay = policy.delay(state.attempt_number)
        if deadline is not None:
            delay = max(0.0, min(delay, deadline - clock()))
        return delay

    def out_of_time(_: tenacity.RetryCallState) -> bool:
        return deadline is not None and clock() >= deadline

    def give_up(state: tenacity.RetryCallState) -> J:
        error = state.outcome.exception() if state.outcome is not None else None
        raise WaitTimeoutError(last, 0.0 if timeout is None else timeout) from error

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(_is_retryable)
        | tenacity.retry_if_result(lambda current: not current.is_terminal),
        wait=wait,
        stop=out_of_time,
        sleep=sleep,
        before_sleep=_log_retry(f"waiting for job {job.job_id}"),
        retry_error_callback=give_up,
    )
    return retrying(poll)
