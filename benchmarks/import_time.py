"""Import and start-up, each measured in fresh processes, round after round.

    python benchmarks/import_time.py [--rounds R]

- ``import voiceid_jobs`` and ``import boto3``, for reference (no target);
- importing voiceid_jobs and making a client with ``create()`` against importing
  boto3 and making the raw voice-id client (target: ratio <= 1.15);
- the cold first call: the same two, each followed by one DescribeSpeakerEnrollmentJob
  answered by a ``before-send`` handler with canned bytes. This is what a Lambda
  pays on a cold start (target: ratio <= 1.20);
- ``voiceid-jobs --version`` against ``aws --version``, whole processes (target:
  ratio <= 0.5; <= 80 ms where the AWS CLI is not installed);
- ``voiceid-jobs --help``, a whole process, for reference (no target).

Each ratio is the median of the ratios of the pair measured in the same round.

For reference it also times boto3's Describe followed by importing attrs and cattrs,
the libraries a Describe converted into a model needs: the least any such Describe
can cost, whatever the package around it does.

Every process may write and read compiled bytecode (``PYTHONDONTWRITEBYTECODE`` is
removed from the environment, and one untimed round writes it): a package installed
with pip has its bytecode compiled, boto3's included. The snippets run in turn, round
after round, so a slow spell of the machine falls on all of them alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

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
    "boto3 + client + Describe": RAW_CLIENT
    + DESCRIBE
    + "c.describe_speaker_enrollment_job(DomainId={}, JobId={})".format(*IDS),
    "boto3 + client + Describe + attrs, cattrs": RAW_CLIENT
    + DESCRIBE
    + "c.describe_speaker_enrollment_job(DomainId={}, JobId={})\n".format(*IDS)
    + "import attrs, cattrs",
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


def whole_process(command: list[str]) -> float:
    """Seconds a command takes, as a whole process (interpreter start-up included)."""
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True, env=ENV)
    return time.perf_counter() - started


PAIRS = {
    "import voiceid_jobs + create() / boto3 + its client": (
        "voiceid_jobs + create()",
        "boto3 + voice-id client",
        1.15,
    ),
    "import, create() and a first Describe / the same with boto3": (
        "create() + Describe",
        "boto3 + client + Describe",
        1.20,
    ),
    "the least a converted Describe costs (reference, no target)": (
        "boto3 + client + Describe + attrs, cattrs",
        "boto3 + client + Describe",
        None,
    ),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    seconds: dict[str, list[float]] = {name: [] for name in SNIPPETS}
    for code in SNIPPETS.values():  # writes the bytecode of every module they import
        fresh(code)
    script = Path(sys.executable).with_name("voiceid-jobs")
    aws = shutil.which("aws", path=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}")
    ours_version = [str(script), "--version"]
    versions: list[tuple[float, float | None]] = []
    helps: list[float] = []
    for _ in range(args.rounds):  # every snippet once a round: a slow spell hits them alike
        for name, code in SNIPPETS.items():
            seconds[name].append(fresh(code))
        versions.append(
            (whole_process(ours_version), whole_process([aws, "--version"]) if aws else None)
        )
        helps.append(whole_process([str(script), "--help"]))
    print(f"import and start-up: {args.rounds} rounds of fresh processes, medians")
    for name, times in seconds.items():
        print(f"  {name:40} {statistics.median(times) * 1e3:7.1f} ms")
    print("median of the per-round ratios:")
    for label, (ours, theirs, target) in PAIRS.items():
        ratios = [a / b for a, b in zip(seconds[ours], seconds[theirs], strict=True)]
        ratio = statistics.median(ratios)
        print(f"  {label:62} {ratio:5.2f}x  {verdict(ratio, target) if target else ''}")
    ours_seconds = statistics.median(ours for ours, _ in versions)
    if aws:
        ratio = statistics.median(ours / theirs for ours, theirs in versions if theirs)
        print(
            f"  {'voiceid-jobs --version / aws --version (whole processes)':62} "
            f"{ratio:5.2f}x  {verdict(ratio, 0.5)}  ({ours_seconds * 1e3:.0f} ms)"
        )
    else:
        met = "met" if ours_seconds <= 0.080 else "NOT MET"
        print(f"  voiceid-jobs --version: {ours_seconds * 1e3:.0f} ms (target <= 80 ms: {met})")
    print(f"  {'voiceid-jobs --help (whole process)':62} {statistics.median(helps) * 1e3:5.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
