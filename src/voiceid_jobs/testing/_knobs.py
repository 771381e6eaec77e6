"""The fake's constructor arguments, checked, and the progress shapes it offers."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

from voiceid_jobs._errors import InvalidParameterError

__all__ = ["count", "progress_of", "quota", "rate_of", "seconds", "seed_of", "stall_then_jump"]


def count(value: int, name: str, rule: str = "must be a positive integer") -> int:
    """A quota argument, checked: a positive integer."""
    if not (type(value) is int and value >= 1):
        raise InvalidParameterError(name, value, rule)
    return value


def quota(value: int | None, name: str) -> int | None:
    """A quota argument that may be None (no limit), checked."""
    return None if value is None else count(value, name, "must be a positive integer, or None")


def seconds(value: object, name: str) -> float:
    """A duration argument, checked: a finite number of seconds, at least 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise InvalidParameterError(name, value, "must be a finite number of seconds, at least 0")
    return float(value)


def rate_of(value: object) -> float | None:
    """The ``requests_per_second`` argument, checked: a positive finite number, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise InvalidParameterError(
            "requests_per_second", value, "must be a positive number, or None"
        )
    return float(value)


def seed_of(value: object) -> int | None:
    """The ``seed`` argument, checked: an integer, or None."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidParameterError("seed", value, "must be an integer, or None")
    return value


def progress_of(progress: object) -> Callable[[float], float] | None:
    """The ``progress`` argument, checked: a function, or None."""
    if progress is not None and not callable(progress):
        raise InvalidParameterError("progress", progress, "must be a function of a share, or None")
    return cast("Callable[[float], float] | None", progress)


def stall_then_jump(*, stall_at: float = 0.2, until: float = 0.8) -> Callable[[float], float]:
    """Uneven progress for ``FakeVoiceId(progress=...)``.

    PercentComplete follows the job's time up to ``stall_at`` of it, stays there until
    ``until`` of it has passed, then jumps to the true share and follows it again.
    """
    try:
        ordered = 0 <= stall_at < until <= 1
    except TypeError:
        ordered = False
    if not ordered:
        raise InvalidParameterError(
            "until", (stall_at, until), "must be 0 <= stall_at < until <= 1"
        )

    def progress(share: float) -> float:
        return stall_at if stall_at < share <= until else share

    return progress
