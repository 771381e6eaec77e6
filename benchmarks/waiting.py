"""How soon a job's end is noticed, and at what cost in Describe calls.

wait_for_job against the plain backoff, side by side on the same jobs.

    python benchmarks/waiting.py [--jobs N] [--seed S]

Every job is drawn at random from the seed (printed, so ``--seed`` repeats a run): a
queue of 0 to 60 s, a length log-uniform from 1 minute to 8 hours (both to the
millisecond, so the polls fall at every phase of a job's end), and a progress shape
with its own parameters, ``--jobs`` jobs of each shape. Each job runs on FakeVoiceId's
clock (its ``progress=`` shapes PercentComplete) and is waited for twice: by
``wait_for_job`` with the default PollPolicy, and by the plain backoff of that policy
(Describe, then wait 5 s, doubling, at most 60 s, whatever the progress), written out
here as a plain loop.

The shapes. Smooth, each with a pace at its end of at least half its average one:
linear; faster early (share ** a, a in 0.5-0.9); faster late (share ** a, a in
1.25-2.5); S-shaped (slow, fast, slow: a mix of linear and smoothstep, up to half
smoothstep). Uneven: stall then jump (stuck from 5-60% of the job's time until up to
95% of it, then back on time); steps (2 to 10 equal steps, as a job of a few long
requests reports); rise then crawl (70-97% done in the first 10-40% of the time, then
slowly); slow finish (an S whose pace at its end is 5-40% of its average one: its
last percent takes so long that it looks like a stall).

Detection delay is the time from the job's end to the Describe that sees it; calls
are the Describes each wait made. Targets, for every shape: at most 3 more calls than
the plain backoff on any job, and a max delay of at most max_delay (60 s); for smooth
shapes a mean delay of at most 10 s; for uneven ones a mean delay no worse than the
plain backoff's on the same jobs.
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

POLICY = PollPolicy()
MOST_EXTRA_CALLS = 3
SMOOTH_MEAN_TARGET = 10.0

Progress = Callable[[float], float]


def power(exponent: float) -> Progress:
    """Faster early below 1, faster late above it; the pace at the end is ``exponent``."""
    return lambda share: share**exponent


def s_shaped(weight: float) -> Progress:
    """Slow, fast, slow: linear mixed with smoothstep; the end's pace is ``1 - weight``."""
    return lambda share: (1 - weight) * share + weight * share * share * (3 - 2 * share)


def steps(count: int) -> Progress:
    """``count`` equal steps: the percent jumps as each of ``count`` requests ends."""
    return lambda share: math.floor(share * count) / count


def rise_then_crawl(at: float, done: float) -> Progress:
    """``done`` of the work in the first ``at`` of the time, the rest slowly."""
    return lambda share: (
        done * share / at if share < at else done + (1 - done) * (share - at) / (1 - at)
    )


def stall_jump(draw: random.Random) -> Progress:
    stall_at = draw.uniform(0.05, 0.6)
    return stall_then_jump(stall_at=stall_at, until=draw.uniform(stall_at + 0.1, 0.95))


SMOOTH: dict[str, Callable[[random.Random], Progress]] = {
    "linear": lambda _: lambda share: share,
    "faster early": lambda draw: power(draw.uniform(0.5, 0.9)),
    "faster late": lambda draw: power(draw.uniform(1.25, 2.5)),
    "S-shaped": lambda draw: s_shaped(draw.uniform(0.2, 0.5)),
}
UNEVEN: dict[str, Callable[[random.Random], Progress]] = {
    "stall then jump": stall_jump,
    "steps": lambda draw: steps(draw.randint(2, 10)),
    "rise then crawl": lambda draw: rise_then_crawl(
        draw.uniform(0.1, 0.4), draw.uniform(0.7, 0.97)
    ),
    "slow finish": lambda draw: s_shaped(draw.uniform(0.6, 0.95)),
}


def started(
    s3: Any, queue: float, duration: float, progress: Progress
) -> tuple[FakeVoiceId, VoiceIdJobsClient, SpeakerEnrollmentJob]:
    """A fake whose one job is queued ``queue`` s, then runs ``duration`` s; the job, started."""
    fake = FakeVoiceId(
        s3_client=s3, queue_seconds=queue, seconds_per_request=duration, progress=progress
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


def plain_wait(fake: FakeVoiceId, jobs: VoiceIdJobsClient, job: SpeakerEnrollmentJob) -> None:
    """The plain backoff: Describe, then the policy's delay for that poll, until it ends."""
    poll = 1
    while not jobs.describe_job(job).is_terminal:
        fake.advance(POLICY.delay(poll))
        poll += 1


def measure(
    s3: Any, queue: float, duration: float, progress: Progress, *, plain: bool
) -> tuple[int, float]:
    """(Describe calls, detection delay) for one wait on one job."""
    fake, jobs, job = started(s3, queue, duration, progress)
    ends = fake.now() + queue + duration
    if plain:
        plain_wait(fake, jobs, job)
    else:
        jobs.wait_for_job(job, timeout=None)
    return fake.calls.count("DescribeSpeakerEnrollmentJob"), fake.now() - ends


def drawn_jobs(
    shape: str, build: Callable[[random.Random], Progress], count: int, seed: int
) -> list[tuple[float, float, Progress]]:
    """``count`` jobs of a shape: (queue, duration, progress), from the seed alone."""
    draw = random.Random(f"{seed}/{shape}")
    jobs = []
    for _ in range(count):
        queue = round(draw.uniform(0, 60), 3)
        duration = round(math.exp(draw.uniform(math.log(60), math.log(8 * 3600))), 3)
        jobs.append((queue, duration, build(draw)))
    return jobs


def report(shape: str, ours: list[tuple[int, float]], plain: list[tuple[int, float]]) -> bool:
    """Print a shape's figures and whether each of its targets is met."""
    delays, plain_delays = [d for _, d in ours], [d for _, d in plain]
    extra = [c - b for (c, _), (b, _) in zip(ours, plain, strict=True)]
    calls, plain_calls = sum(c for c, _ in ours), sum(b for b, _ in plain)
    mean, plain_mean = statistics.fmean(delays), statistics.fmean(plain_delays)
    print(f"\n{shape} progress")
    print(f"  {'':24} {'wait_for_job':>13} {'plain':>10} {'ratio':>7}")
    for name, value, reference in (
        ("mean detection delay (s)", mean, plain_mean),
        ("max detection delay (s)", max(delays), max(plain_delays)),
        ("Describe calls", calls, plain_calls),
    ):
        print(f"  {name:24} {value:13.1f} {reference:10.1f} {value / reference:6.2f}x")
    print(
        f"  jobs with more calls than the baseline: {sum(e > 0 for e in extra)}"
        f" (most on one job: {max(extra):+d})"
    )
    if shape in SMOOTH:
        targets = [(f"mean <= {SMOOTH_MEAN_TARGET:g} s", mean <= SMOOTH_MEAN_TARGET)]
    else:
        targets = [("mean no worse than plain", mean <= plain_mean)]
    targets += [
        (f"max <= {POLICY.max_delay:g} s", max(delays) <= POLICY.max_delay),
        (f"at most {MOST_EXTRA_CALLS} extra calls a job", max(extra) <= MOST_EXTRA_CALLS),
    ]
    print(
        "  targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT MET'}" for name, ok in targets)
    )
    return all(ok for _, ok in targets)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=40, help="jobs of each shape")
    parser.add_argument("--seed", type=int, help="repeat a run (default: a fresh seed)")
    args = parser.parse_args()
    seed = random.SystemRandom().randrange(10**6) if args.seed is None else args.seed
    print(
        f"{args.jobs} jobs of each shape, queued 0-60 s, running 1 min to 8 h"
        f" (seed {seed}); {POLICY}"
    )
    met = True
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="a.wav", Body=make_wav("a"))
        for shape, build in {**SMOOTH, **UNEVEN}.items():
            jobs = drawn_jobs(shape, build, args.jobs, seed)
            ours = [measure(s3, *job, plain=False) for job in jobs]
            plain = [measure(s3, *job, plain=True) for job in jobs]
            met = report(shape, ours, plain) and met
    print(f"\ntargets (seed {seed}): {'all met' if met else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
