"""Following a job to its end: what each Describe means, and when to poll again.

A wait polls on its :class:`PollPolicy`'s backoff until the job's PercentComplete
moves; from then on it predicts the job's end from its progress and polls just after
that end, never sooner than the backoff would and never more than ``max_delay``
apart. Its tenacity controller reads the time from the client's clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._job_errors import JobFailedError, WaitTimeoutError
from ._policies import MIN_POLL_DELAY, PollPolicy, is_retryable, log_retry

if TYPE_CHECKING:
    import tenacity  # loaded by the first controller made

__all__ = ["Poller"]

logger = logging.getLogger("voiceid_jobs")


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
            retry=tenacity.retry_if_exception(is_retryable)
            | tenacity.retry_if_result(lambda current: not current.is_terminal),
            wait=self._wait,
            stop=self._out_of_time,
            before_sleep=log_retry(f"waiting for job {self._job_id}"),
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
