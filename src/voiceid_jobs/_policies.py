"""The policies: how Start retries, how a wait polls, how fast a client calls.

Retrying and polling are tenacity controllers made from these policies; the steps of
``_operations`` drive them, so a controller never sleeps or reads the time itself:
those are effects the client carries out with its own ``sleep`` and ``clock``, and
tests drive them in no real time. Only failures that are safe to repeat are retried:
throttling, 5xx faults and connection errors (:attr:`VoiceIdJobsError.retryable`).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import InvalidParameterError, VoiceIdJobsError
from ._job_errors import JobFailedError, WaitTimeoutError

if TYPE_CHECKING:
    import tenacity  # loaded by the first controller made

__all__ = [
    "Policies",
    "PollPolicy",
    "Poller",
    "RateLimit",
    "RetryPolicy",
    "checked_policies",
    "retry_controller",
]

logger = logging.getLogger("voiceid_jobs")

MIN_POLL_DELAY = 0.5
"""The job APIs allow 2 requests a second: no poll comes sooner than this after another."""


def _check_number(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidParameterError(name, value, "must be a finite number")


def _check_delays(initial_delay: float, max_delay: float, multiplier: float, least: float) -> None:
    _check_number("initial_delay", initial_delay)
    _check_number("max_delay", max_delay)
    _check_number("multiplier", multiplier)
    if not initial_delay >= least:
        raise InvalidParameterError(
            "initial_delay", initial_delay, f"must be at least {least:g} seconds"
        )
    if not max_delay >= initial_delay:
        raise InvalidParameterError("max_delay", max_delay, "must be at least initial_delay")
    if not multiplier >= 1:
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
    ``multiplier`` times the one before, up to ``max_delay``. While a job's
    PercentComplete moves, the wait polls just after the end it predicts instead, but
    never sooner than this schedule would and never more than ``max_delay`` apart.
    No delay may be under 0.5 seconds: the job APIs allow 2 requests a second.
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


def retry_controller(*, operation: str, policy: RetryPolicy) -> tenacity.Retrying:
    """The tenacity controller that makes every attempt of ``operation``, the first included.

    It retries what is retryable under ``policy``. Its caller makes sure a repeated
    attempt is safe (the Start operations send the same ClientToken every time).
    """
    import tenacity

    def wait(state: tenacity.RetryCallState) -> float:
        return policy.delay(state.attempt_number)

    return tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.max_attempts),
        wait=wait,
        retry=tenacity.retry_if_exception(_is_retryable),
        before_sleep=_log_retry(operation),
        reraise=True,
    )


class Poller:
    """How a wait for one job goes: what a Describe's answer means, and when to poll again.

    The wait's steps describe the job and hand each answer to :meth:`seen`, under the
    tenacity controller of :meth:`controller`, whose state reads the time from the
    client's clock; see :meth:`VoiceIdJobsClient.wait_for_job`.
    """

    def __init__(
        self,
        job: Any,
        *,
        timeout: float | None,
        policy: PollPolicy,
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        self._job_id = job.job_id
        self._last: Any = job
        self._described = False
        self._timeout = timeout
        self._policy = policy
        self._on_progress = on_progress
        self._progress = _Progress()
        self._scheduled = 0.0
        """When the policy's own schedule makes the next poll, from the first: the wait
        never polls sooner, so it never makes more calls than that schedule would."""

    def seen(self, current: Any) -> Any:
        """Take in a Describe's answer: log, report, and raise if the job FAILED."""
        if current.job_status != self._last.job_status:
            logger.info(
                "job %s: %s -> %s (%s%%)",
                current.job_id,
                self._last.job_status,
                current.job_status,
                current.percent_complete,
            )
        self._last = current
        self._described = True
        if self._on_progress is not None:
            self._on_progress(current)
        if current.job_status == "FAILED":
            raise JobFailedError(current)
        return current

    def controller(self) -> tenacity.Retrying:
        """The tenacity controller of the wait: poll until the job ends or time runs out."""
        import tenacity

        return tenacity.Retrying(
            retry=tenacity.retry_if_exception(_is_retryable)
            | tenacity.retry_if_result(lambda current: not current.is_terminal),
            wait=self._wait,
            stop=self._out_of_time,
            before_sleep=_log_retry(f"waiting for job {self._job_id}"),
            retry_error_callback=self._give_up,
        )

    def _wait(self, state: tenacity.RetryCallState) -> float:
        now = _elapsed(state)
        outcome = state.outcome
        if outcome is not None and not outcome.failed:  # a failed poll saw nothing
            self._progress.seen(now, outcome.result())
        backoff = self._policy.delay(state.attempt_number)
        self._scheduled += backoff
        remaining = self._progress.remaining(now)
        if remaining is None:  # no estimate: back off as the policy says, or as far as
            # the percent that has not moved shows the job cannot end sooner
            delay = max(backoff, min(self._policy.max_delay, self._progress.at_least()))
        else:  # just after the predicted end, but never sooner than the policy's schedule
            predicted = self._progress.delay(remaining, self._policy.max_delay)
            delay = min(self._policy.max_delay, max(predicted, self._scheduled - now))
        if self._timeout is not None:
            delay = max(0.0, min(delay, self._timeout - _elapsed(state)))
        return delay

    def _out_of_time(self, state: tenacity.RetryCallState) -> bool:
        return self._timeout is not None and _elapsed(state) >= self._timeout

    def _give_up(self, state: tenacity.RetryCallState) -> Any:
        error = state.outcome.exception() if state.outcome is not None else None
        timeout = 0.0 if self._timeout is None else self._timeout
        raise WaitTimeoutError(
            self._last, timeout, described=self._described, last_error=error
        ) from error


class _Progress:
    """A running job's PercentComplete over time, and when it says the job will end.

    Progress is taken to be linear: a line is fitted (least squares) through every
    Describe that saw the job running, at the middle of the percent it reported (the
    service reports whole percents). It gives no estimate while the job is SUBMITTED,
    before its percentage has moved, or when it has not moved for twice the time a
    percent takes (a stall): the wait then backs off as its policy says.
    """

    def __init__(self) -> None:
        self._seen: list[tuple[float, float]] = []
        self._moved_at = 0.0
        self._misses = 0

    def seen(self, now: float, job: Any) -> None:
        percent = job.percent_complete
        if job.job_status != "IN_PROGRESS" or percent is None:
            return
        if not self._seen or percent + 0.5 != self._seen[-1][1]:
            self._moved_at = now
        self._seen.append((now, percent + 0.5))

    def remaining(self, now: float) -> float | None:
        """Seconds until the job's predicted end, or None when progress gives no estimate."""
        if len({percent for _, percent in self._seen}) < 2:  # noqa: PLR2004 - a line's points
            return None
        import statistics  # loaded by the first wait that sees progress

        line = statistics.linear_regression(
            [percent for _, percent in self._seen], [time for time, _ in self._seen]
        )
        per_percent = line.slope  # seconds a percent takes
        last_seen = self._seen[-1][0]
        if per_percent <= 0 or last_seen - self._moved_at > 2 * per_percent + 1:  # a stall
            return None
        return line.intercept + 100 * per_percent - now

    def at_least(self) -> float:
        """Seconds the job needs at least, if its progress is linear.

        The percent it reports has not moved for a while: each percent left takes at
        least that long.
        """
        if not self._seen:
            return 0.0
        last_seen, percent = self._seen[-1]
        return (last_seen - self._moved_at) * max(0.0, 99.5 - percent)

    def delay(self, remaining: float, max_delay: float) -> float:
        """How long to wait for a job predicted to end in ``remaining`` seconds.

        It polls every ``max_delay`` until the predicted end is nearer, then just after
        it; a job still running past it is polled again after 1 s,
        then 2 s, 4 s and so on, up to ``max_delay``.
        """
        if remaining <= 0:
            self._misses += 1
            return min(max_delay, MIN_POLL_DELAY * 2.0**self._misses)
        target = remaining + 1.0 + 0.01 * remaining  # just after the end, with a margin
        return max(MIN_POLL_DELAY, min(target, max_delay))


def _elapsed(state: tenacity.RetryCallState) -> float:
    """Seconds from the first attempt to the last outcome, on the client's clock."""
    return state.seconds_since_start or 0.0


class RateLimit:
    """A client-side limit on calls: a request rate no call goes above.

    Each call takes the next free slot, ``1 / requests_per_second`` seconds after the
    one before, so in any second no more than ``requests_per_second`` calls start. The
    caller sleeps until its slot; calls made at once (concurrent waits, threads) get
    slots one after another.
    """

    def __init__(self, requests_per_second: object) -> None:
        if (
            isinstance(requests_per_second, bool)
            or not isinstance(requests_per_second, (int, float))
            or not 0 < requests_per_second < math.inf
        ):
            raise InvalidParameterError(
                "requests_per_second",
                requests_per_second,
                "must be a positive, finite number, or None",
            )
        self._interval = 1.0 / requests_per_second
        self._next = -math.inf
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Take the next slot for a call at ``now``; how many seconds to wait for it."""
        with self._lock:
            slot = max(now, self._next)
            self._next = slot + self._interval
        return slot - now


@attrs.frozen
class Policies:
    """A client's policies, as its operations need them."""

    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    """How Start retries."""
    limit: RateLimit | None = None
    """The client's limit on the rate of its Voice ID calls, or None."""


def checked_policies(  # noqa: PLR0913 - a client constructor's arguments, checked together
    client: object,
    *,
    s3_client: object,
    retry: object,
    sleep: object,
    clock: object,
    requests_per_second: object,
) -> Policies:
    """Check a client constructor's arguments; the client's policies.

    Raises:
        InvalidParameterError: naming the first argument that is wrong.
    """
    _check_voice_id_client(client)
    if s3_client is not None and not all(
        callable(getattr(s3_client, method, None)) for method in ("put_object", "get_object")
    ):
        raise InvalidParameterError(
            "s3_client", s3_client, "must be a boto3 's3' client", shown=type(s3_client).__name__
        )
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise InvalidParameterError("retry", retry, "must be a RetryPolicy or None")
    for name, value in (("sleep", sleep), ("clock", clock)):
        if not callable(value):
            raise InvalidParameterError(name, value, "must be callable")
    return Policies(
        retry=RetryPolicy() if retry is None else retry,
        limit=None if requests_per_second is None else RateLimit(requests_per_second),
    )


def _check_voice_id_client(client: object) -> None:
    """``client`` is a botocore (or aiobotocore) ``voice-id`` client."""
    meta = getattr(client, "meta", None)
    model = getattr(meta, "service_model", None)
    if getattr(model, "service_name", None) != "voice-id":
        raise InvalidParameterError(
            "client", client, "must be a boto3 'voice-id' client", shown=type(client).__name__
        )
