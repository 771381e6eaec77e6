"""The policies: how Start retries and how a wait polls, and the steps that drive them.

Retrying and polling are tenacity controllers made from these policies (polling's is
in ``_waiting``); :func:`retrying_steps` drives one as steps, so a controller never
sleeps or reads the time itself: those are effects the client carries out with its
own ``sleep`` and ``clock``, and tests drive them in no real time. Only failures that
are safe to repeat are retried: throttling, 5xx faults and connection errors
(:attr:`VoiceIdJobsError.retryable`).
"""

from __future__ import annotations

import functools
import logging
import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._effects import Call, Now, Sleep, Steps
from ._errors import InvalidParameterError, VoiceIdJobsError

if TYPE_CHECKING:
    import tenacity  # loaded by the first controller made

__all__ = [
    "EXTRA_POLLS",
    "MIN_POLL_DELAY",
    "PollPolicy",
    "RetryPolicy",
    "is_retryable",
    "log_retry",
    "retry_controller",
    "retrying_steps",
]

T = TypeVar("T")

logger = logging.getLogger("voiceid_jobs")

MIN_POLL_DELAY = 0.5
"""The job APIs allow 2 requests a second: no poll comes sooner than this after another."""

EXTRA_POLLS = 3
"""A wait's ``n``-th Describe never comes before its policy's plain backoff makes its
``n - EXTRA_POLLS``-th: so, on any job, at most this many more calls than that backoff."""


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
    ``multiplier`` times the one before, up to ``max_delay``: the plain backoff. While
    a job's PercentComplete moves, the wait polls just after the end it predicts
    instead, sooner than the backoff when the end is sooner, but never more than
    ``max_delay`` apart, and its ``n``-th Describe never comes before the backoff's
    ``n - 3``-th: on any job, a wait makes at most 3 more Describe calls than the plain
    backoff would. No delay may be under 0.5 seconds: the job APIs allow 2 requests a
    second.
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


def is_retryable(error: BaseException) -> bool:
    """Whether a failed attempt may be made again: throttling, a fault, a lost connection."""
    return isinstance(error, VoiceIdJobsError) and error.retryable


def log_retry(what: str) -> Callable[[tenacity.RetryCallState], None]:
    """A tenacity ``before_sleep`` that logs the failed attempt of ``what``."""

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


@functools.lru_cache(maxsize=64)
def retry_controller(*, operation: str, policy: RetryPolicy | None) -> tenacity.Retrying:
    """The tenacity controller that makes every attempt of ``operation``, the first included.

    It retries what is retryable under ``policy`` (``RetryPolicy()`` when None). Its
    caller makes sure a repeated attempt is safe (the Start operations send the same
    ClientToken every time).

    One controller is made for each operation and policy, and every Start shares it,
    in any thread or coroutine: each Start's attempts are counted in a call state of
    its own (:func:`retrying_steps`), and what tenacity keeps on a controller lasts
    one ``iter()``, which never yields, or is its statistics, which nothing reads.
    Made afresh, a controller and its strategies would be garbage that only the cycle
    collector frees, at every Start.
    """
    import tenacity

    policy = RetryPolicy() if policy is None else policy

    def wait(state: tenacity.RetryCallState) -> float:
        return policy.delay(state.attempt_number)

    return tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.max_attempts),
        wait=wait,
        retry=tenacity.retry_if_exception(is_retryable),
        before_sleep=log_retry(operation),
        reraise=True,
    )


def retrying_steps(
    controller: tenacity.Retrying, call: Call, answer: Callable[[Any], T]
) -> Steps[T]:
    """Make ``call`` until ``controller`` (tenacity's strategies and state) says stop.

    Each attempt's response goes through ``answer``, whose result (or error) is the
    attempt's outcome. This is the loop of ``tenacity.Retrying.__call__``, with its
    sleeps and clock readings as effects: the call state's times are the client's
    clock, so a strategy that reads them (a wait's timeout) reads the client's time.
    """
    controller.begin()
    import tenacity

    state = tenacity.RetryCallState(controller, fn=None, args=(), kwargs={})
    state.start_time = yield Now()
    while True:
        action = controller.iter(state)
        if isinstance(action, tenacity.DoAttempt):
            try:
                result = answer((yield call))
            except Exception:  # noqa: BLE001 - tenacity's retry strategy decides
                state.set_exception(sys.exc_info())  # type: ignore[arg-type]
            else:
                state.set_result(result)
            state.outcome_timestamp = yield Now()
        elif isinstance(action, tenacity.DoSleep):
            state.prepare_for_next_attempt()
            yield Sleep(float(action))
        else:
            done: T = action
            return done
