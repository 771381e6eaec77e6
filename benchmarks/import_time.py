"""Import and start-up, each measured in fresh processes (best of N).

    python benchmarks/import_time.py [--repeat R]

- ``import voiceid_jobs`` against ``import boto3`` (target: ratio <= 0.5), and a
  check that importing voiceid_jobs imports neither boto3 nor botocore;
- importing voiceid_jobs and making a client with ``create()`` against importing
  boto3 and making the raw voice-id client (target: ratio <= 1.10).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from _timing import verdict

SNIPPETS = {
    "import boto3": "import boto3",
    "import voiceid_jobs": "import voiceid_jobs",
    "boto3 + voice-id client": "import boto3; boto3.client('voice-id', region_name='us-east-1')",
    "voiceid_jobs + create()": (
        "from voiceid_jobs import VoiceIdJobsClient; VoiceIdJobsClient.create(region_name='us-east-1')"
    ),
}
TIMER = "import time; _t = time.perf_counter(); {code}; print(time.perf_counter() - _t)"
ENV = {**os.environ, "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench"}


def fresh(code: str) -> float:
    """Seconds ``code`` takes in a new interpreter (start-up itself excluded)."""
    result = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    )
    return float(result.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    best = {name: min(fresh(code) for _ in range(args.repeat)) for name, code in SNIPPETS.items()}
    leaked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, voiceid_jobs; print(sorted({m.split('.')[0] for m in sys.modules} & {'boto3', 'botocore'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(f"import and start-up, best of {args.repeat} fresh processes")
    for name, seconds in best.items():
        print(f"  {name:26} {seconds * 1e3:7.1f} ms")
    imports = best["import voiceid_jobs"] / best["import boto3"]
    startup = best["voiceid_jobs + create()"] / best["boto3 + voice-id client"]
    print(f"  import voiceid_jobs / import boto3      : {imports:5.2f}x   {verdict(imports, 0.50)}")
    print(
        f"  create() / raw voice-id client           : {startup:5.2f}x   {verdict(startup, 1.10)}"
    )
    print(f"  boto3 or botocore imported by import voiceid_jobs: {leaked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
