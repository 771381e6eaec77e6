"""Timing helpers shared by the benchmark scripts: best-of-N and median ratios."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def timings(
    call: Callable[[], object],
    *,
    repeat: int,
    number: int = 1,
    before_round: Callable[[int], object] | None = None,
) -> list[float]:
    """Seconds per call, for each of ``repeat`` rounds of ``number`` calls (after a warm-up).

    ``before_round(n)``, when given, runs untimed before the warm-up (n=1) and before
    each round (n=number): e.g. to queue that many Stubber answers.
    """
    _warm_up(call, before_round)
    return [_round(call, number, before_round) for _ in range(repeat)]


def _warm_up(call: Callable[[], object], before_round: Callable[[int], object] | None) -> None:
    if before_round is not None:
        before_round(1)
    call()


def _round(
    call: Callable[[], object], number: int, before_round: Callable[[int], object] | None
) -> float:
    """Seconds per call over one round of ``number`` calls."""
    if before_round is not None:
        before_round(number)
    gc.collect()
    start = time.perf_counter()
    for _ in range(number):
        call()
    return (time.perf_counter() - start) / number


def paired_timings(
    baseline: Callable[[], object],
    ours: Callable[[], object],
    *,
    repeat: int,
    number: int = 1,
    before_round: Callable[[int], object] | None = None,
) -> tuple[list[float], list[float]]:
    """:func:`timings` of two calls, in alternate rounds: baseline, ours, baseline, ...

    A slow spell of a noisy machine then weighs on both alike, and each round of ours
    has a baseline round beside it (see :func:`describe`).
    """
    results: tuple[list[float], list[float]] = ([], [])
    for call in (baseline, ours):
        _warm_up(call, before_round)
    for _ in range(repeat):
        for call, out in zip((baseline, ours), results, strict=True):
            out.append(_round(call, number, before_round))
    return results


def ratio(ours: list[float], baseline: list[float]) -> float:
    """Best against best: the least noisy figure on a busy machine."""
    return min(ours) / min(baseline)


def describe(ours: list[float], baseline: list[float]) -> str:
    """The best-to-best ratio, with the median of the rounds' ratios beside it.

    Round ``i`` of ours is compared with round ``i`` of the baseline, which
    :func:`paired_timings` measured just before it.
    """
    median = statistics.median(o / b for o, b in zip(ours, baseline, strict=True))
    return f"{ratio(ours, baseline):5.2f}x (median {median:5.2f}x)"


def verdict(value: float, target: float) -> str:
    return f"target <= {target:.2f}x: {'met' if value <= target else 'NOT MET'}"


def overhead(ours: list[float], baseline: list[float]) -> str:
    """What ours adds per call, in microseconds, and its share of a real round trip.

    A Voice ID call is a network round trip of 20-100 ms: the share is what a user
    feels; the per-call ratio is reported beside it, with no target.
    """
    added = min(ours) - min(baseline)
    return (
        f"+{added * 1e6:6.1f} us a call = {added / 0.100:6.3%} to {added / 0.020:6.3%} "
        "of a 100-20 ms round trip"
    )
