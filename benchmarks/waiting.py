"""Waiting efficiency: Describe calls and detection delay for jobs of known duration.

    python benchmarks/waiting.py [--jobs N] [--seed S] [--durations SECONDS ...]

Each job runs on FakeVoiceId's clock (it takes exactly its duration from its start
to its end) and is waited for with the default PollPolicy (5 s, doubling, at most
60 s). The durations are spread unevenly over 20 s to 6 h (log-uniform, seeded, to
the millisecond), so the polls fall at every phase of a job's end; ``--durations``
gives them by hand instead. Targets: detection delay (the job's end to wait_for_job
returning) <= max_delay for every job; Describe calls <= duration / max_delay +
log2(max_delay / initial_delay) + 2. Mean and max detection delay are reported.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics

import boto3
from botocore.config import Config
from moto import mock_aws

from voiceid_jobs import (
    AudioSpecification,
    OutputDataConfig,
    PollPolicy,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav


def measure(duration: float) -> tuple[int, float]:
    """(Describe calls, detection delay) for a job of ``duration`` seconds."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="a.wav", Body=make_wav("a"))
        fake = FakeVoiceId(s3_client=s3, queue_seconds=0.0, seconds_per_request=duration)
        client = boto3.client(
            "voice-id", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
        )
        fake.attach(client)
        jobs = VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)
        domain = fake.create_domain("bench")
        manifest = SpeakerEnrollmentManifest(
            speaker_enrollment_requests=(
                SpeakerEnrollmentRequest(
                    request_id="r1",
                    speaker_id="s1",
                    audio_specifications=(
                        AudioSpecification(s3_uri="s3://bench/a.wav", channel_id=0),
                    ),
                ),
            )
        )
        job = jobs.start_speaker_enrollment_job(
            domain_id=domain,
            data_access_role_arn="arn:aws:iam::123456789012:role/Bench",
            input_data_config=jobs.upload_manifest(manifest, "s3://bench/m.json"),
            output_data_config=OutputDataConfig(s3_uri="s3://bench/out"),
        )
        started = fake.now()
        jobs.wait_for_job(job, timeout=None)
        return fake.calls.count("DescribeSpeakerEnrollmentJob"), fake.now() - (started + duration)


def spread(count: int, seed: int) -> list[float]:
    """``count`` durations, log-uniform over 20 s to 6 h, to the millisecond."""
    draw = random.Random(seed)
    return sorted(
        round(math.exp(draw.uniform(math.log(20), math.log(6 * 3600))), 3) for _ in range(count)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=24)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--durations", type=float, nargs="+")
    args = parser.parse_args()
    durations = args.durations or spread(args.jobs, args.seed)
    policy = PollPolicy()
    print(f"waiting with {policy}")
    print(f"  {'duration':>10} {'Describe calls':>15} {'call budget':>12} {'detection delay':>16}")
    met = True
    delays: list[float] = []
    for duration in durations:
        calls, delay = measure(duration)
        budget = (
            duration / policy.max_delay + math.log2(policy.max_delay / policy.initial_delay) + 2
        )
        met = met and calls <= budget and delay <= policy.max_delay
        delays.append(delay)
        print(f"  {duration:9.1f}s {calls:15d} {budget:12.1f} {delay:15.1f}s")
    print(
        f"  detection delay: mean {statistics.fmean(delays):.1f}s, max {max(delays):.1f}s"
        f" (budget {policy.max_delay:.1f}s)"
    )
    print(f"  targets: {'met' if met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
