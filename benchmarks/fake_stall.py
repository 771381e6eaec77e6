"""How long a call to the local endpoint waits behind a running 10,000-request job.

    python benchmarks/fake_stall.py [--requests 10000] [--recordings 500]

The local endpoint (``python -m voiceid_jobs.testing.server``) runs in a subprocess,
its clock moving an hour at each Voice ID request, so a job is due at once and the
calls that observe it must carry out its requests (each reads its audio from S3, over
HTTP). Every request has every member set, and the requests cycle through
``--recordings`` distinct recordings of uneven lengths. One thread describes the job
until it ends; another calls DescribeDomain all the while. Printed: the longest wait
of each, against the same DescribeDomain with no job running (the baseline, measured
in the same run), and how many Describes the job took to end.
Target: no call waits more than a second.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time

import boto3
from botocore.config import Config

from voiceid_jobs import (
    AudioSpecification,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from voiceid_jobs.testing import make_wav

ROLE = "arn:aws:iam::123456789012:role/Bench"


def timed(call: object) -> float:
    started = time.perf_counter()
    call()  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--recordings", type=int, default=500)
    args = parser.parse_args()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "voiceid_jobs.testing.server", "--port", "0"),
            *("--speed", "1e-9", "--advance-per-request", "3600"),
            *("--seconds-per-request", "0.01"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        credentials = {
            "aws_access_key_id": "bench",
            "aws_secret_access_key": "bench",
            "region_name": "us-east-1",
        }
        config = Config(retries={"total_max_attempts": 1}, read_timeout=300)
        s3 = boto3.client(
            "s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}), **credentials
        )
        voiceid = boto3.client("voice-id", endpoint_url=url, config=config, **credentials)
        s3.create_bucket(Bucket="stall")
        for number in range(args.recordings):  # uneven lengths: 2 to 9 seconds of speech
            wav = make_wav(f"caller-{number}", seconds=2 + number % 8)
            s3.put_object(Bucket="stall", Key=f"calls/{number}.wav", Body=wav)
        domain = voiceid.create_domain(
            Name="stall", ServerSideEncryptionConfiguration={"KmsKeyId": "alias/voiceid"}
        )["Domain"]["DomainId"]
        idle = max(timed(lambda: voiceid.describe_domain(DomainId=domain)) for _ in range(20))

        manifest = SpeakerEnrollmentManifest(
            speaker_enrollment_requests=tuple(
                SpeakerEnrollmentRequest(
                    request_id=f"r{number}",
                    speaker_id=f"customer-{number}",
                    audio_specifications=(
                        AudioSpecification(
                            s3_uri=f"s3://stall/calls/{number % args.recordings}.wav",
                            channel_id=0,
                        ),
                    ),
                )
                for number in range(args.requests)
            )
        )
        s3.put_object(Bucket="stall", Key="manifest.json", Body=manifest.to_json().encode())
        job_id = voiceid.start_speaker_enrollment_job(
            DomainId=domain,
            DataAccessRoleArn=ROLE,
            InputDataConfig={"S3Uri": "s3://stall/manifest.json"},
            OutputDataConfig={"S3Uri": "s3://stall/out", "KmsKeyId": "alias/voiceid"},
            EnrollmentConfig={
                "ExistingEnrollmentAction": "OVERWRITE",
                "FraudDetectionConfig": {"FraudDetectionAction": "IGNORE", "RiskThreshold": 80},
            },
            JobName="stall-bench",
            ClientToken="stall-bench-token",
        )["Job"]["JobId"]

        ended = threading.Event()
        others: list[float] = []

        def other_calls() -> None:
            while not ended.is_set():
                others.append(timed(lambda: voiceid.describe_domain(DomainId=domain)))

        other = threading.Thread(target=other_calls)
        other.start()
        describes: list[float] = []
        status = "SUBMITTED"
        started = time.perf_counter()
        while status not in {"COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"}:
            before = time.perf_counter()
            status = voiceid.describe_speaker_enrollment_job(DomainId=domain, JobId=job_id)["Job"][
                "JobStatus"
            ]
            describes.append(time.perf_counter() - before)
        wall = time.perf_counter() - started
        ended.set()
        other.join()
    finally:
        server.terminate()
        server.communicate(timeout=15)

    worst = max(*describes, *others)
    print(f"a {args.requests}-request job on the local endpoint, {args.recordings} recordings")
    print(f"  DescribeDomain with no job running, longest : {idle * 1000:7.1f} ms")
    print(f"  Describe of the job, longest                : {max(describes) * 1000:7.1f} ms")
    print(f"  DescribeDomain while it runs, longest       : {max(others) * 1000:7.1f} ms")
    print(f"  longest wait / idle                         : {worst / idle:7.1f}x")
    print(f"  the job ended {status} after {len(describes)} Describes, {wall:.1f} s")
    print(f"  each Describe, ms: {[round(seconds * 1000) for seconds in describes]}")
    print(f"  target: no call waits more than 1 s: {'met' if worst <= 1.0 else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
