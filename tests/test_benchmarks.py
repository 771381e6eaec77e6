"""The benchmark scripts run (on a small size); their figures are read, not asserted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

WITHOUT_COVERAGE = {name: value for name, value in os.environ.items() if "COVERAGE" not in name}
"""A benchmark runs as a user runs it, outside coverage: it measures the library, which
the other tests cover, and the processes it starts would each start coverage too."""


@pytest.mark.parametrize(
    ("script", "arguments", "lines"),
    [
        ("batch_files.py", ["--requests", "200", "--repeat", "2"], "us a request"),
        ("call_overhead.py", ["--repeat", "2", "--number", "5"], "of a 100-20 ms round trip"),
        ("conversion.py", ["--repeat", "2", "--number", "10"], "hand-written from_dict"),
        ("import_time.py", ["--rounds", "1"], "voiceid-jobs --version"),
        ("waiting.py", ["--jobs", "1"], "jobs with more calls than the baseline"),
        ("scale.py", ["--sizes", "20", "60", "--shard-size", "20"], "fake / wall"),
        (
            "fake_load.py",
            [
                "--callers",
                "5",
                "--enrollments",
                "40",
                "--registrations",
                "10",
                "--recordings",
                "10",
            ],
            "every request accounted for",
        ),
        (
            "domains.py",
            ["--domains", "3", "--requests", "5", "--calls", "5", "--rounds", "1"],
            "ours / raw aiobotocore",
        ),
    ],
)
def test_a_benchmark_script_runs_and_prints_its_figures(
    script: str, arguments: list[str], lines: str
) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=BENCHMARKS,
        env=WITHOUT_COVERAGE,
    )

    assert result.returncode == 0, result.stderr
    assert lines in result.stdout
