"""How soon a job's end is noticed, and at what cost in Describe calls.

wait_for_job against today's fixed backoff, side by side on the same jobs.

    python benchmarks/waiting.py [--jobs N] [--seed S]

Each job runs on FakeVoiceId's clock: queued 5 s, then running for its duration, which
is drawn log-uniformly from 1 minute to 4 hours (seeded, to the millisecond), so the
polls fall at every phase of a job's end. Every job is run twice over: with linear
progress, and with progress that stalls (stuck at 20% from 20% to 80% of the job's
time, then jumping). Each is waited for twice: by ``wait_for_job`` with the default
PollPolicy, which predicts the end from the job's PercentComplete, and by the baseline,
today's fixed schedule for the same policy (Describe, then wait 5 s, doubling, at most
60 s, regardless of progress), written out here as a plain loop.

Detection delay is the time from the job's end to the wait returning; calls are the
Describes each made. Targets: on linear progress, mean delay <= 10 s and max <= 60 s;
never more calls than the baseline on any job; on stalling progress, a mean delay no
worse than the baseline's.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config
from moto import mock_aws

from voiceid_jobs import (
    AudioSpecification,
    OutputDataConfig,
    PollPolicy,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav, stall_then_jump

QUEUE_SECONDS = 5.0
POLICY = PollPolicy()
SHAPES: dict[str, Callable[[float], float] | None] = {
    "linear": None,
    "stall-then-jump": stall_then_jump(stall_at=0.2, until=0.8),
}


def started(
    s3: Any, duration: float, progress: Callable[[float], float] | None
) -> tuple[FakeVoiceId, VoiceIdJobsClient, SpeakerEnrollmentJob]:
    """A fake whose one job runs ``duration`` seconds after its queue; the job, started."""
    fake = FakeVoiceId(
        s3_client=s3,
        queue_seconds=QUEUE_SECONDS,
        seconds_per_request=duration,
        progress=progress,
    )
    client = boto3.client(
        "voice-id", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )
    fake.attach(client)
    jobs = VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="s1",
                audio_specifications=(AudioSpecification(s3_uri="s3://bench/a.wav", channel_id=0),),
            ),
        )
    )
    job = jobs.start_speaker_enrollment_job(
        domain_id=fake.create_domain("bench"),
        data_access_role_arn="arn:aws:iam::123456789012:role/Bench",
        input_data_config=jobs.upload_manifest(manifest, "s3://bench/m.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://bench/out", kms_key_id="alias/bench"),
        job_name="bench",
    )
    return fake, jobs, job


def baseline_wait(fake: FakeVoiceId, jobs: VoiceIdJobsClient, job: SpeakerEnrollmentJob) -> None:
    """Today's schedule: Describe, then the policy's delay for that poll, until it ends."""
    poll = 1
    while not jobs.describe_job(job).is_terminal:
        fake.advance(POLICY.delay(poll))
        poll += 1


def measure(
    s3: Any, duration: float, progress: Callable[[float], float] | None, *, baseline: bool
) -> tuple[int, float]:
    """(Describe calls, detection delay) for one wait on a job of ``duration`` seconds."""
    fake, jobs, job = started(s3, duration, progress)
    ends = fake.now() + QUEUE_SECONDS + duration
    if baseline:
        baseline_wait(fake, jobs, job)
    else:
        jobs.wait_for_job(job, timeout=None)
    return fake.calls.count("DescribeSpeakerEnrollmentJob"), fake.now() - ends


def spread(count: int, seed: int) -> list[float]:
    """``count`` durations, log-uniform over 1 minute to 4 hours, to the millisecond."""
    draw = random.Random(seed)
    return sorted(
        round(math.exp(draw.uniform(math.log(60), math.log(4 * 3600))), 3) for _ in range(count)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    durations = spread(args.jobs, args.seed)
    print(f"{args.jobs} jobs of 1 min to 4 h (log-uniform, seed {args.seed}); {POLICY}")
    met = True
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="a.wav", Body=make_wav("a"))
        for shape, progress in SHAPES.items():
            ours = [measure(s3, duration, progress, baseline=False) for duration in durations]
            base = [measure(s3, duration, progress, baseline=True) for duration in durations]
            delays, base_delays = [d for _, d in ours], [d for _, d in base]
            more_calls = sum(c > b for (c, _), (b, _) in zip(ours, base, strict=True))
            calls, base_calls = sum(c for c, _ in ours), sum(b for b, _ in base)
            print(f"\n{shape} progress")
            print(f"  {'':24} {'wait_for_job':>13} {'baseline':>10} {'ratio':>7}")
            for name, value, reference in (
                (
                    "mean detection delay (s)",
                    statistics.fmean(delays),
                    statistics.fmean(base_delays),
                ),
                ("max detection delay (s)", max(delays), max(base_delays)),
                ("Describe calls", calls, base_calls),
            ):
                print(f"  {name:24} {value:13.1f} {reference:10.1f} {value / reference:6.2f}x")
            print(f"  jobs with more calls than the baseline: {more_calls}")
            if shape == "linear":
                met = met and statistics.fmean(delays) <= 10 and max(delays) <= 60
            else:
                met = met and statistics.fmean(delays) <= statistics.fmean(base_delays)
            met = met and more_calls == 0
    print(f"\ntargets: {'met' if met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
