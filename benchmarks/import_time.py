"""Import and start-up, each measured in fresh processes (best of N).

    python benchmarks/import_time.py [--repeat R]

- ``import voiceid_jobs`` and ``import boto3``, for reference (no target);
- importing voiceid_jobs and making a client with ``create()`` against importing
  boto3 and making the raw voice-id client (target: ratio <= 1.10);
- the cold first call: the same two, each followed by one DescribeSpeakerEnrollmentJob
  answered by a ``before-send`` handler with canned bytes. This is what a Lambda
  pays on a cold start (aim: ratio <= 1.20).

For reference it also times boto3 and its client followed by importing attrs, cattrs
and tenacity, the libraries every model and call needs: the least an eager import of
this package can cost.

Every process may write and read compiled bytecode (``PYTHONDONTWRITEBYTECODE`` is
removed from the environment, and one untimed round writes it): a package installed
with pip has its bytecode compiled, boto3's included. The snippets run in turn, round
after round, so a slow spell of the machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from _timing import verdict

# One DescribeSpeakerEnrollmentJob answered with canned bytes, on client ``c``.
DESCRIBE = """
from botocore.awsrequest import AWSResponse, HTTPHeaders
class _Body:
    def stream(self, **_):
        yield b'{"Job": {"JobId": "J0b1d00000000000000001", "JobStatus": "IN_PROGRESS"}}'
def _canned(request, **_):
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.0"
    return AWSResponse(request.url, 200, headers, _Body())
c.meta.events.register("before-send.voice-id", _canned)
"""
RAW_CLIENT = "import boto3\nc = boto3.client('voice-id', region_name='us-east-1')\n"
OUR_CLIENT = (
    "from voiceid_jobs import VoiceIdJobsClient\n"
    "jobs = VoiceIdJobsClient.create(region_name='us-east-1')\n"
    "c = jobs.client\n"
)
IDS = "'D0main1d0000000000000a'", "'J0b1d00000000000000001'"
SNIPPETS = {
    "import boto3": "import boto3",
    "import voiceid_jobs": "import voiceid_jobs",
    "boto3 + voice-id client": RAW_CLIENT,
    "voiceid_jobs + create()": OUR_CLIENT,
    "boto3 + client + attrs, cattrs, tenacity": RAW_CLIENT + "import attrs, cattrs, tenacity\n",
    "boto3 + client + Describe": RAW_CLIENT
    + DESCRIBE
    + "c.describe_speaker_enrollment_job(DomainId={}, JobId={})".format(*IDS),
    "create() + Describe": OUR_CLIENT
    + DESCRIBE
    + "jobs.describe_speaker_enrollment_job(domain_id={}, job_id={})".format(*IDS),
}
TIMER = "import time\n_t = time.perf_counter()\n{code}\nprint(time.perf_counter() - _t)"
ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
}


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
    seconds: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for code in SNIPPETS.values():  # writes the bytecode of every module they import
        fresh(code)
    for _ in range(args.repeat):
        for name, code in SNIPPETS.items():
            seconds[name].append(fresh(code))
    best = {name: min(times) for name, times in seconds.items()}
    print(f"import and start-up, best of {args.repeat} fresh processes")
    for name, time in best.items():
        print(f"  {name:40} {time * 1e3:7.1f} ms")
    startup = best["voiceid_jobs + create()"] / best["boto3 + voice-id client"]
    first = best["create() + Describe"] / best["boto3 + client + Describe"]
    floor = best["boto3 + client + attrs, cattrs, tenacity"] / best["boto3 + voice-id client"]
    print(
        f"  create() / raw voice-id client           : {startup:5.2f}x   {verdict(startup, 1.10)}"
    )
    print(f"  the same floor: + attrs, cattrs, tenacity  : {floor:5.2f}x   (no target)")
    print(f"  cold first Describe / raw                : {first:5.2f}x   (aim <= 1.20x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
