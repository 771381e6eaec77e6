"""Waiting for a job's end: a wait's steps, what each Describe means, when to poll again.

:func:`wait_steps` checks a wait's arguments, then describes the job under the
tenacity controller of a :class:`Poller` until it ends. A wait polls on its
:class:`PollPolicy`'s backoff until the job's PercentComplete moves; from then on it
predicts the job's end from its progress and polls just after that end, sooner than
the backoff would if the end is sooner. What keeps the account's request budget in
view is one rule that holds whatever the job does: the wait's ``n``-th Describe never
comes before the backoff's own ``n - 3``-th, so a wait makes at most 3 more Describe
calls than the plain backoff would for the same job. No two polls are more than
``max_delay`` or less than 0.5 s apart. Its tenacity controller reads the time from
the client's clock.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._effects import Call, Steps
from ._errors import InvalidParameterError, JobFailedError, WaitTimeoutError
from ._kinds import job_address
from ._params import describe_params
from ._policies import (
    EXTRA_POLLS,
    MIN_POLL_DELAY,
    PollPolicy,
    is_retryable,
    log_retry,
    retrying_steps,
)
from ._responses import parse

if TYPE_CHECKING:
    import tenacity  # loaded by the first controller made

__all__ = ["Poller", "checked_timeout", "checked_wait_options", "wait_steps"]

logger = logging.getLogger("voiceid_jobs")

_MARGIN = 1.0
"""Seconds after a predicted end to poll (plus 1% of the time still to go)."""

_RECENT_PERCENTS = 10
"""How far back, in percents, the job's recent pace is read."""

_AGREEMENT = 0.4
"""How close (in the time a percent takes) the pace of the whole run must come to the
recent pace's prediction for the whole run's, the steadier of the two, to be used."""


def wait_steps(
    job: object,
    *,
    timeout: object,
    poll: PollPolicy | None,
    on_progress: Callable[[Any], None] | None,
) -> Steps[Any]:
    """Describe a job (or the job of a summary) until it ends; see ``wait_for_job``."""
    kind, domain_id, job_id = job_address(job)
    seconds = checked_timeout(timeout)
    checked_wait_options(poll, on_progress)
    poller = Poller(
        job, timeout=seconds, policy=PollPolicy() if poll is None else poll, on_progress=on_progress
    )
    operation = kind.describe_operation
    ended = yield from retrying_steps(
        poller.controller(),
        Call(kind.describe_method, describe_params(domain_id, job_id), operation),
        lambda response: poller.seen(parse(response, "Job", kind.job, operation=operation)),
    )
    return ended


def checked_timeout(timeout: object) -> float | None:
    """A wait's ``timeout`` in seconds, checked: a number or timedelta at least 0, or None."""
    if timeout is None:
        return None
    seconds = timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or math.isnan(seconds)
        or seconds < 0
    ):
        raise InvalidParameterError(
            "timeout", timeout, "must be a number of seconds (or a timedelta) at least 0, or None"
        )
    return float(seconds)


def checked_wait_options(poll: object, on_progress: object) -> None:
    """Check a wait's ``poll`` and ``on_progress`` (before anything is started)."""
    if poll is not None and not isinstance(poll, PollPolicy):
        raise InvalidParameterError("poll", poll, "must be a PollPolicy or None")
    if on_progress is not None and not callable(on_progress):
        raise InvalidParameterError("on_progress", on_progress, "must be callable or None")


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
        self._plain = _PlainSchedule(policy)
        self._predicted: float | None = None
        """The end predicted when the last poll was planned, or None."""
        self._overdue = 0
        """Polls that came at or after a predicted end and did not see the job end."""

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
        polls = state.attempt_number  # Describes made so far, failed ones included
        wanted = self._wanted(now, polls)
        # the wait's next Describe, number polls + 1, comes no sooner than the plain
        # backoff's number polls + 1 - EXTRA_POLLS, and 0.5 s to max_delay after this one
        earliest = self._plain.poll_time(polls + 1 - EXTRA_POLLS)
        delay = min(self._policy.max_delay, max(wanted, MIN_POLL_DELAY, earliest - now))
        if self._timeout is not None:
            delay = max(0.0, min(delay, self._timeout - now))
        return delay

    def _wanted(self, now: float, polls: int) -> float:
        """The delay the job's progress asks for, before the bounds are applied."""
        predicted = self._progress.predicted_end()
        if predicted is None:  # back off as the policy says, or as far as the percent
            # that has not moved shows the job cannot end sooner
            self._predicted, self._overdue = None, 0
            at_least = min(self._policy.max_delay, self._progress.at_least())
            return max(self._policy.delay(polls), at_least)
        if self._predicted is not None and now >= self._predicted:
            self._overdue += 1  # this poll came after the end it was planned for
        self._predicted = predicted
        remaining = predicted - now
        wanted = remaining + _MARGIN + 0.01 * max(0.0, remaining)
        if self._overdue:  # still running past its predicted end: 1 s, 2 s, 4 s ...
            wanted = max(wanted, _MARGIN * 2.0 ** min(self._overdue - 1, 30))
        return wanted

    def _out_of_time(self, state: tenacity.RetryCallState) -> bool:
        return self._timeout is not None and _elapsed(state) >= self._timeout

    def _give_up(self, state: tenacity.RetryCallState) -> Any:
        error = state.outcome.exception() if state.outcome is not None else None
        timeout = 0.0 if self._timeout is None else self._timeout
        raise WaitTimeoutError(
            self._last, timeout, described=self._described, last_error=error
        ) from error


class _PlainSchedule:
    """When the policy's plain backoff makes each Describe, counted from the first."""

    def __init__(self, policy: PollPolicy) -> None:
        self._policy = policy
        self._poll = 1
        self._time = 0.0

    def poll_time(self, number: int) -> float:
        """When the plain backoff makes its ``number``-th Describe (0 for the first or none).

        Asked for ever later polls, it adds up the policy's delays in order, once each.
        """
        while self._poll < number:
            self._time += self._policy.delay(self._poll)
            self._poll += 1
        return self._time if number >= 1 else 0.0


_Point = tuple[float, int, float]
"""A point of the fit: a percent, the polls it stands for (its weight), a time."""


class _Progress:
    """A running job's PercentComplete over time, and when it says the job will end.

    Each whole percent the job was seen at is a point of time against percent: the
    mean time of the polls that saw it, at the middle of the percent (the service
    reports whole percents). A percent the job jumped to (3 or more at once) and stayed
    at, as a job of a few long requests does, is instead the moment it was reached:
    midway between the poll before and the first that saw it. Time as a function of
    percent is fitted by least squares, each point weighed by its polls, twice: a
    straight line through the whole run (steady progress), and a curve (a parabola, or
    a line while there are fewer than three percents) through the last 10 percents and
    at least three polls (progress that speeds up or slows down). Where the job
    reaches 100% on the curve is its predicted end, or on the line when the two agree
    to within 0.4 of the time a percent takes at the end: the line, read from more
    points, is the steadier.

    It gives no prediction while the job is SUBMITTED, before its percentage has
    moved, or when it has not moved for twice as long as it ever took to move before
    and twice the time a percent takes (a stall): the wait then backs off as its
    policy says.
    """

    def __init__(self) -> None:
        self._percents: dict[int, _Percent] = {}
        self._last_poll: float | None = None
        """When a Describe last saw the job, SUBMITTED or running."""
        self._last: tuple[float, int] | None = None
        """The latest poll that saw the job running: its time and percent."""
        self._moved_at = 0.0
        self._longest_unmoved = 0.0
        """The longest the percent took to move, from one move to the next."""

    def seen(self, now: float, job: Any) -> None:
        percent = job.percent_complete
        if job.job_status == "IN_PROGRESS" and percent is not None:
            if percent not in self._percents:
                jump = self._jump_to(percent)
                if self._last is not None:
                    self._longest_unmoved = max(self._longest_unmoved, now - self._moved_at)
                self._moved_at = now
                self._percents[percent] = _Percent(now, self._last_poll, jump)
            self._percents[percent].polled(now)
            self._last = (now, percent)
        self._last_poll = now

    def _jump_to(self, percent: int) -> int | None:
        """How many percents the job moved since the poll before; None if not known."""
        if self._last is not None:
            return percent - self._last[1]
        if self._last_poll is not None:  # it was queued at the poll before: from 0%
            return percent
        return None

    def predicted_end(self) -> float | None:
        """When the job is predicted to end, or None when progress gives no estimate."""
        if self._last is None or len(self._percents) < 2:  # noqa: PLR2004 - a line's points
            return None
        points = [self._percents[percent].point(percent) for percent in sorted(self._percents)]
        recent = _fit(_recent(points, self._last[1] + 0.5), degree=2)
        if recent is None:
            return None
        end, per_percent = recent
        unmoved = self._last[0] - self._moved_at
        if unmoved > 2 * max(self._longest_unmoved, per_percent) + 1:  # a stall
            return None
        whole = _fit(points, degree=1)
        if whole is not None and abs(whole[0] - end) <= _AGREEMENT * per_percent:
            return whole[0]
        return end

    def at_least(self) -> float:
        """Seconds the job needs at least, if its progress is linear.

        The percent it reports has not moved for a while: each percent left takes at
        least that long.
        """
        if self._last is None:
            return 0.0
        last_seen, percent = self._last
        return (last_seen - self._moved_at) * max(0.0, 99 - percent)


class _Percent:
    """The polls that saw a job at one whole percent."""

    __slots__ = ("before", "first", "jump", "polls", "total")

    def __init__(self, first: float, before: float | None, jump: int | None) -> None:
        self.first = first
        """When a poll first saw the job at this percent."""
        self.before = before
        """When the poll before that one saw the job (at a lower percent, or queued)."""
        self.jump = jump
        """How many percents the job moved to reach it (None: the wait began there)."""
        self.polls = 0
        self.total = 0.0
        """The sum of its polls' times."""

    def polled(self, now: float) -> None:
        self.polls += 1
        self.total += now

    def point(self, percent: int) -> _Point:
        """(percent, its polls, a time) for the fit; see :class:`_Progress`."""
        stayed = self.polls >= 2 and self.jump is not None and self.jump >= 3  # noqa: PLR2004
        if stayed and self.before is not None:  # a step: when it was reached
            return (float(percent), self.polls, (self.before + self.first) / 2)
        return (percent + 0.5, self.polls, self.total / self.polls)


def _recent(points: list[_Point], newest: float) -> list[_Point]:
    """The points of the last 10 percents, widened to three polls and two percents."""
    start = len(points)
    polls = 0
    while start > 0 and (
        points[start - 1][0] >= newest - _RECENT_PERCENTS
        or polls < 3  # noqa: PLR2004 - a parabola's points
        or len(points) - start < 2  # noqa: PLR2004 - a line's
    ):
        start -= 1
        polls += points[start][1]
    return points[start:]


def _fit(points: list[_Point], *, degree: int) -> tuple[float, float] | None:
    """Time against percent, least squares: (time at 100%, seconds a percent takes there).

    ``degree`` is 2 for a parabola (a line when there are fewer than three points, or
    when the parabola does not rise at 100%), 1 for a line. None when the line does
    not rise: it gives no end.
    """
    degree = min(degree, len(points) - 1)
    weights = [polls for _, polls, _ in points]
    mean = sum(percent * polls for percent, polls, _ in points) / sum(weights)
    xs = [percent - mean for percent, _, _ in points]  # centred, for a well-conditioned fit
    ys = [time for _, _, time in points]
    size = degree + 1
    rows = [
        [sum(w * x ** (i + j) for w, x in zip(weights, xs, strict=True)) for j in range(size)]
        + [sum(w * x**i * y for w, x, y in zip(weights, xs, ys, strict=True))]
        for i in range(size)
    ]
    coefficients = _solve(rows)
    if coefficients is not None:
        at = 100.0 - mean
        end = sum(c * at**power for power, c in enumerate(coefficients))
        per_percent = sum(power * c * at ** (power - 1) for power, c in enumerate(coefficients))
        if per_percent > 0:
            return end, per_percent
    if degree == 2:  # noqa: PLR2004 - a parabola that bends back down: the line instead
        return _fit(points, degree=1)
    return None


def _solve(rows: list[list[float]]) -> list[float] | None:
    """The solution of the linear system whose augmented rows these are, or None.

    Gaussian elimination with partial pivoting; None when the system is singular.
    """
    size = len(rows)
    for column in range(size):
        pivot = max(range(column, size), key=lambda row: abs(rows[row][column]))
        if abs(rows[pivot][column]) < 1e-12:  # noqa: PLR2004 - singular: points in a line
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for row in range(column + 1, size):
            factor = rows[row][column] / rows[column][column]
            for k in range(column, size + 1):
                rows[row][k] -= factor * rows[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        known = sum(rows[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (rows[row][size] - known) / rows[row][row]
    return solution


def _elapsed(state: tenacity.RetryCallState) -> float:
    """Seconds from the first attempt to the last outcome, on the client's clock."""
    return state.seconds_since_start or 0.0
