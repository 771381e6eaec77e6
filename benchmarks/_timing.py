"""Timing helpers shared by the benchmark scripts: best-of-N and median ratios."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def timings(call: Callable[[], object], *, repeat: int, number: int = 1) -> list[float]:
    """Seconds per call, for each of ``repeat`` rounds of ``number`` calls (after a warm-up)."""
    call()
    results = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            call()
        results.append((time.perf_counter() - start) / number)
    return results


def ratio(ours: list[float], baseline: list[float]) -> float:
    """Best against best: the least noisy figure on a busy machine."""
    return min(ours) / min(baseline)


def describe(ours: list[float], baseline: list[float]) -> str:
    """The best-to-best ratio, with the median-to-median one beside it."""
    median = statistics.median(ours) / statistics.median(baseline)
    return f"{ratio(ours, baseline):5.2f}x (median {median:5.2f}x)"


def verdict(value: float, target: float) -> str:
    return f"target <= {target:.2f}x: {'met' if value <= target else 'NOT MET'}"
