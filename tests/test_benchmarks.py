"""The benchmark scripts run (on a small size); their figures are read, not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize(
    ("script", "arguments"),
    [("batch_files.py", ["--requests", "200", "--repeat", "2"])],
)
def test_a_benchmark_script_runs_and_prints_its_ratios(script: str, arguments: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("x (median") >= 3
