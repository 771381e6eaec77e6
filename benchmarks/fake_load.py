"""The local endpoint under load: 100 callers while two big jobs run in two domains.

    python benchmarks/fake_load.py [--callers 100] [--enrollments 10000]
                                   [--registrations 500] [--seed N]

The local endpoint (``python -m voiceid_jobs.testing.server``) runs in a subprocess on
127.0.0.1. A ``--enrollments``-request enrollment job runs in one domain and a
``--registrations``-request registration job in another, every Start member set, the
requests cycling through recordings of uneven lengths (2 to 9 s). Meanwhile
``--callers`` threads call DescribeSpeakerEnrollmentJob, ListSpeakerEnrollmentJobs,
DescribeFraudsterRegistrationJob and DescribeDomain, each call timed, until both jobs
have ended (or a time limit passes); each waits a random 0 to ``--pause`` seconds
between its calls, as an application that polls does (``--pause 0``: no pause at all,
a stress far beyond what the service's quota of a few calls a second would let
through, which measures how many calls a second the endpoint serves). The endpoint's speed and the time a request
takes are drawn at random from ``--seed`` (printed), so the figures hold for more than
one pace.

Printed: each call's latency (median, 99th percentile, longest) against the same calls
with no job running, one at a time and from the same callers (the baselines, measured
in the same run); how late each job's end
was seen against its due time in real seconds; whether every request of each manifest
is in its output file exactly once. Targets: no call over 1 s; each job seen ended
within 1 s of its due time (plus the callers' own round trip); every request
accounted for.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from voiceid_jobs.testing import make_wav

ROLE = "arn:aws:iam::123456789012:role/Bench"
ENDED = {"COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"}
LIMIT_SECONDS = 600
"""The most real time the callers run, whatever happens."""

LOADED_SECONDS = 5.0
"""How long the callers run with no job, for the baseline under the same load."""


def timed(call: Callable[[], Any]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def spec(bucket: str, number: int) -> AudioSpecification:
    return AudioSpecification(s3_uri=f"s3://{bucket}/calls/{number}.wav", channel_id=0)


def run_callers(  # noqa: PLR0913 - the load: who calls, what, until when, at what pace
    callers: int,
    calls: list[tuple[str | None, Callable[[], Any]]],
    done: Callable[[str | None, Any, float], bool],
    started: float,
    *,
    pause: float,
    seed: int,
) -> tuple[list[float], list[str]]:
    """Each call's latency, and each failure, of ``callers`` threads making ``calls``.

    They go on until ``done(kind, answer, at)`` says so, or LIMIT_SECONDS pass.
    """
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def caller(index: int) -> None:
        count = 0
        pauses = random.Random(seed * 1000 + index)
        while not stop.is_set() and time.perf_counter() - started < LIMIT_SECONDS:
            if pause:
                stop.wait(pauses.uniform(0, pause))
            kind, call = calls[(index + count) % len(calls)]
            count += 1
            before = time.perf_counter()
            try:
                answer = call()
            except Exception as error:  # noqa: BLE001 - counted, and the load goes on
                with lock:
                    failures.append(f"{type(error).__name__}: {error}"[:200])
                continue
            after = time.perf_counter()
            with lock:
                latencies.append(after - before)
                if done(kind, answer, after):
                    stop.set()

    threads = [threading.Thread(target=caller, args=(index,)) for index in range(callers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def main() -> int:  # noqa: PLR0915 - one scenario, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=100)
    parser.add_argument("--enrollments", type=int, default=10_000)
    parser.add_argument("--registrations", type=int, default=500)
    parser.add_argument("--recordings", type=int, default=300)
    parser.add_argument(
        "--pause",
        type=float,
        default=1.0,
        help="each caller waits a random 0 to PAUSE seconds between calls (0: none)",
    )
    parser.add_argument("--seed", type=int, default=random.SystemRandom().randrange(10**6))
    args = parser.parse_args()
    draw = random.Random(args.seed)
    speed = math.exp(draw.uniform(math.log(20), math.log(200)))
    seconds_per_request = draw.uniform(0.5, 2.0)  # about the endpoint's default, 1
    queue = draw.uniform(0, 30)
    print(
        f"seed {args.seed}: --speed {speed:.1f}, --seconds-per-request {seconds_per_request:.3f},"
        f" --queue-seconds {queue:.1f}"
    )
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "voiceid_jobs.testing.server", "--port", "0"),
            *("--speed", str(speed), "--seconds-per-request", str(seconds_per_request)),
            *("--queue-seconds", str(queue)),
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
        config = Config(
            retries={"total_max_attempts": 1},
            read_timeout=60,
            max_pool_connections=args.callers,
        )
        s3 = boto3.client(
            "s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}), **credentials
        )
        voiceid = boto3.client("voice-id", endpoint_url=url, config=config, **credentials)
        s3.create_bucket(Bucket="load")
        for number in range(args.recordings):  # uneven lengths: 2 to 9 seconds of speech
            wav = make_wav(f"caller-{number}", seconds=2 + number % 8)
            s3.put_object(Bucket="load", Key=f"calls/{number}.wav", Body=wav)
        domains = [
            voiceid.create_domain(
                Name=name, ServerSideEncryptionConfiguration={"KmsKeyId": "alias/voiceid"}
            )["Domain"]
            for name in ("enrolling", "registering")
        ]
        enrolling, registering = (domain["DomainId"] for domain in domains)

        def mixed_calls(job_ids: dict[str, str]) -> list[tuple[str | None, Callable[[], Any]]]:
            """The calls the callers make, each with the kind of job it describes."""
            calls: list[tuple[str | None, Callable[[], Any]]] = [
                (None, lambda: voiceid.describe_domain(DomainId=enrolling)),
                (None, lambda: voiceid.list_speaker_enrollment_jobs(DomainId=enrolling)),
            ]
            if job_ids:
                calls += [
                    (
                        "enrollment",
                        lambda: voiceid.describe_speaker_enrollment_job(
                            DomainId=enrolling, JobId=job_ids["enrollment"]
                        ),
                    ),
                    (
                        "registration",
                        lambda: voiceid.describe_fraudster_registration_job(
                            DomainId=registering, JobId=job_ids["registration"]
                        ),
                    ),
                ]
            return calls

        baseline = [timed(call) for _ in range(50) for _, call in mixed_calls({})]
        loaded_start = time.perf_counter()
        loaded, _ = run_callers(  # the same load with no job running, for LOADED_SECONDS
            args.callers,
            mixed_calls({}),
            lambda *_: time.perf_counter() - loaded_start > LOADED_SECONDS,
            loaded_start,
            pause=args.pause,
            seed=args.seed,
        )

        enrollment = SpeakerEnrollmentManifest(
            speaker_enrollment_requests=tuple(
                SpeakerEnrollmentRequest(
                    request_id=f"r{number}",
                    speaker_id=f"customer-{number}",
                    audio_specifications=(spec("load", number % args.recordings),),
                )
                for number in range(args.enrollments)
            )
        )
        registration = FraudsterRegistrationManifest(
            fraudster_registration_requests=tuple(
                FraudsterRegistrationRequest(
                    request_id=f"f{number}",
                    audio_specifications=(spec("load", (7 * number) % args.recordings),),
                )
                for number in range(args.registrations)
            )
        )
        s3.put_object(Bucket="load", Key="enroll.json", Body=enrollment.to_json().encode())
        s3.put_object(Bucket="load", Key="register.json", Body=registration.to_json().encode())
        output = {"S3Uri": "s3://load/out", "KmsKeyId": "alias/voiceid"}
        started = time.perf_counter()
        job_ids = {
            "enrollment": voiceid.start_speaker_enrollment_job(
                DomainId=enrolling,
                DataAccessRoleArn=ROLE,
                InputDataConfig={"S3Uri": "s3://load/enroll.json"},
                OutputDataConfig=output,
                EnrollmentConfig={
                    "ExistingEnrollmentAction": "OVERWRITE",
                    "FraudDetectionConfig": {"FraudDetectionAction": "IGNORE", "RiskThreshold": 80},
                },
                JobName="load-enroll",
                ClientToken="load-enroll-token",
            )["Job"]["JobId"],
            "registration": voiceid.start_fraudster_registration_job(
                DomainId=registering,
                DataAccessRoleArn=ROLE,
                InputDataConfig={"S3Uri": "s3://load/register.json"},
                OutputDataConfig=output,
                RegistrationConfig={
                    "DuplicateRegistrationAction": "REGISTER_AS_NEW",
                    "FraudsterSimilarityThreshold": 90,
                },
                JobName="load-register",
                ClientToken="load-register-token",
            )["Job"]["JobId"],
        }
        due = {
            "enrollment": (queue + args.enrollments * seconds_per_request) / speed,
            "registration": (queue + args.registrations * seconds_per_request) / speed,
        }
        seen_ended: dict[str, float] = {}
        latencies, failures = run_callers(
            args.callers,
            mixed_calls(job_ids),
            lambda kind, answer, at: (
                kind is not None
                and answer["Job"]["JobStatus"] in ENDED
                and seen_ended.setdefault(kind, at - started) is not None
                and len(seen_ended) == len(job_ids)
            ),
            started,
            pause=args.pause,
            seed=args.seed,
        )

        accounted: dict[str, str] = {}
        for kind, job_id in job_ids.items():
            describe = (
                voiceid.describe_speaker_enrollment_job
                if kind == "enrollment"
                else voiceid.describe_fraudster_registration_job
            )
            job = describe(
                DomainId=enrolling if kind == "enrollment" else registering, JobId=job_id
            )
            job = job["Job"]
            if job["JobStatus"] == "FAILED" or job["JobStatus"] not in ENDED:
                accounted[kind] = f"job {job['JobStatus']}"
                continue
            name = "enroll.json" if kind == "enrollment" else "register.json"
            body = s3.get_object(Bucket="load", Key=f"out/{job_id}/{name}.out")["Body"].read()
            result = json.loads(body)
            successes = result.get("SuccessfulEnrollments", result.get("SuccessfulRegistrations"))
            ids = [entry["RequestId"] for entry in (*successes, *result["Errors"])]
            wanted = args.enrollments if kind == "enrollment" else args.registrations
            exact = len(ids) == len(set(ids)) == wanted
            accounted[kind] = f"{len(ids)} of {wanted} requests, each once: {exact}"
    finally:
        server.terminate()
        server.communicate(timeout=30)

    idle_median = statistics.median(baseline)
    print(
        f"{args.callers} callers, each pausing 0-{args.pause:g} s between calls;"
        f" an {args.enrollments}-request enrollment job and a "
        f"{args.registrations}-request registration job, over HTTP"
    )
    print(
        f"  calls with no job running ({len(baseline)}): median {idle_median * 1000:.1f} ms,"
        f" longest {max(baseline) * 1000:.1f} ms"
    )
    print(
        f"  the same callers with no job running ({len(loaded)}): median"
        f" {statistics.median(loaded) * 1000:.1f} ms, p99 {percentile(loaded, 0.99) * 1000:.1f} ms,"
        f" longest {max(loaded) * 1000:.1f} ms"
    )
    if latencies:
        print(
            f"  calls under load ({len(latencies)}): median {statistics.median(latencies) * 1000:.1f} ms"
            f" ({statistics.median(latencies) / statistics.median(loaded):.2f}x the same load"
            " with no job), p99"
            f" {percentile(latencies, 0.99) * 1000:.1f} ms, longest {max(latencies) * 1000:.1f} ms"
        )
    print(f"  calls that failed: {len(failures)} {failures[:3]}")
    lateness = {}
    for kind, seconds in due.items():
        seen = seen_ended.get(kind)
        late = None if seen is None else seen - seconds
        lateness[kind] = late
        shown = (
            "never seen ended" if late is None else f"seen ended {late:+.2f} s from its due time"
        )
        print(f"  {kind} job, due after {seconds:.1f} s real: {shown}; {accounted.get(kind)}")
    slow = max(latencies, default=math.inf) > 1.0 or bool(failures)
    late = any(value is None or value > 1.0 for value in lateness.values())
    lost = any("True" not in text for text in accounted.values())
    print(f"  target: no call over 1 s: {'NOT MET' if slow else 'met'}")
    print(
        f"  target: each job's end seen within 1 s of its due time: {'NOT MET' if late else 'met'}"
    )
    print(f"  target: every request accounted for: {'NOT MET' if lost else 'met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
