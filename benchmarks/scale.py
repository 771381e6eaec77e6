"""Enrollment at scale: the client's peak memory, and the fake's share of a test's time.

    python benchmarks/scale.py [--sizes 20000 100000] [--shard-size 10000]

1. The client's peak memory. The fake service runs in another process (``python -m
   voiceid_jobs.testing.server``), so this process holds only what the library holds;
   its peak is measured with tracemalloc while ``enroll_speakers`` consumes a
   generator of speakers. The target: peak memory does not grow with the total (the
   ratio of the largest run's peak to the smallest's stays near 1, bounded by one shard).
2. Where a test's time goes, for the largest size, as a user's test runs it: the fake
   attached in-process to a voice-id client, on moto's in-process S3. The fake's time
   is what its request handler and its clock (the client's ``sleep``, which runs the
   jobs) take, its reads and writes of S3 included; the rest is the client's (S3
   serving the client's own uploads and reads included). The target: the fake takes
   at most half the wall time. Then, in a second run, the memory the fake still holds
   afterwards, per enrolled speaker: what tracemalloc traces to an allocation made
   while the fake's code was running and is still alive (less what moto's S3 keeps:
   the output files are S3's).
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import boto3
from botocore.config import Config
from moto import mock_aws

from voiceid_jobs import (
    AudioSpecification,
    OutputDataConfig,
    PollPolicy,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/Bench"


def speakers(count: int, tag: str) -> Iterator[SpeakerEnrollmentRequest]:
    audio = (AudioSpecification(s3_uri="s3://scale-bench/caller.wav", channel_id=0),)
    for number in range(count):
        yield SpeakerEnrollmentRequest(
            request_id=f"r{number}", speaker_id=f"{tag}-{number}", audio_specifications=audio
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--shard-size", type=int, default=10_000)
    args = parser.parse_args()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voiceid_jobs.testing.server",
            "--port",
            "0",
            "--speed",
            "1e-9",  # the clock moves only with --advance-per-request
            "--advance-per-request",
            "3600",
            "--seconds-per-request",
            "0.01",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        config = Config(retries={"total_max_attempts": 1})
        credentials = {
            "aws_access_key_id": "bench",
            "aws_secret_access_key": "bench",
            "region_name": "us-east-1",
        }
        s3 = boto3.client(
            "s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}), **credentials
        )
        voiceid = boto3.client("voice-id", endpoint_url=url, config=config, **credentials)
        s3.create_bucket(Bucket="scale-bench")
        s3.put_object(Bucket="scale-bench", Key="caller.wav", Body=make_wav("caller"))
        jobs = VoiceIdJobsClient(voiceid, s3_client=s3, sleep=lambda _: None)

        def measure(size: int) -> tuple[int, int, float]:
            """(peak bytes, jobs, seconds) of one run of ``size`` speakers."""
            domain = voiceid.create_domain(
                Name=f"bench-{size}", ServerSideEncryptionConfiguration={"KmsKeyId": "k"}
            )
            started = time.perf_counter()
            tracemalloc.start()
            run = jobs.enroll_speakers(
                speakers(size, f"s{size}-{time.perf_counter_ns()}"),
                domain_id=domain["Domain"]["DomainId"],
                data_access_role_arn="arn:aws:iam::123456789012:role/Bench",
                staging_uri="s3://scale-bench/staging",
                output_data_config=OutputDataConfig(s3_uri="s3://scale-bench/out"),
                shard_size=args.shard_size,
                poll=PollPolicy(initial_delay=1.0, max_delay=1.0),
            )
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert run.requests == size, run
            assert run.succeeded == size, run
            return peak, len(run.shards), time.perf_counter() - started

        print(f"enroll_speakers through the local endpoint, shards of {args.shard_size}")
        measure(min(args.sizes))  # a first run pays the one-time costs (converter, compiled checks)
        peaks: dict[int, int] = {}
        for size in args.sizes:
            peaks[size], shards, seconds = measure(size)
            print(
                f"  {size:7d} speakers: {shards:3d} jobs, peak {peaks[size] / 2**20:7.1f} MiB, {seconds:6.1f} s"
            )
        smallest, largest = min(peaks), max(peaks)
        growth = peaks[largest] / peaks[smallest]
        print(
            f"  peak at {largest} / peak at {smallest} speakers: {growth:5.2f}x   target: no growth with the total (~1.0x)"
        )
    finally:
        server.terminate()
        server.communicate(timeout=15)
    print_split(max(args.sizes), args.shard_size)
    return 0


def print_split(size: int, shard_size: int) -> None:
    """Part 2: the fake's share of the wall time, and what it keeps per speaker."""
    wall, in_fake, _ = in_process_run(size, shard_size, trace=False)
    print(f"enroll_speakers against the in-process fake, {size} speakers")
    print(
        f"  wall {wall:6.2f} s: fake {in_fake:6.2f} s, client {wall - in_fake:6.2f} s;"
        f" fake / wall: {in_fake / wall:5.2f}   target <= 0.50"
    )
    _, _, kept = in_process_run(size, shard_size, trace=True)
    print(f"  memory the fake keeps: {kept / size:6.0f} bytes per enrolled speaker")


def in_process_run(size: int, shard_size: int, *, trace: bool) -> tuple[float, float, int]:
    """(wall seconds, seconds in the fake, bytes the fake keeps) of one run of ``size``.

    With ``trace``, tracemalloc records 50 frames of every allocation (which slows the
    run, so its times are not reported) to find what the fake allocated and keeps.
    """
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="scale-bench")
        s3.put_object(Bucket="scale-bench", Key="caller.wav", Body=make_wav("caller"))
        fake = FakeVoiceId(s3_client=s3, seconds_per_request=0.01)
        voiceid = boto3.client(
            "voice-id", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
        )
        fake.attach(voiceid)
        in_fake = [0.0]

        def timed(call: Callable[..., Any]) -> Callable[..., Any]:
            def run(*args: Any) -> Any:
                started = time.perf_counter()
                try:
                    return call(*args)
                finally:
                    in_fake[0] += time.perf_counter() - started

            return run

        fake.handle = timed(fake.handle)  # type: ignore[method-assign]
        jobs = VoiceIdJobsClient(voiceid, s3_client=s3, sleep=timed(fake.advance))
        domain = fake.create_domain("bench")
        gc.collect()
        if trace:
            tracemalloc.start(50)
        started = time.perf_counter()
        run = jobs.enroll_speakers(
            speakers(size, "split"),
            domain_id=domain,
            data_access_role_arn=ROLE,
            staging_uri="s3://scale-bench/staging",
            output_data_config=OutputDataConfig(s3_uri="s3://scale-bench/out"),
            shard_size=shard_size,
        )
        wall = time.perf_counter() - started
        assert run.succeeded == size, run
        kept = 0
        if trace:
            del run
            gc.collect()
            kept = kept_by_the_fake(tracemalloc.take_snapshot())
            tracemalloc.stop()
        return wall, in_fake[0], kept


def kept_by_the_fake(snapshot: tracemalloc.Snapshot) -> int:
    """Bytes allocated with the fake's code on the stack, less S3's (moto's) files.

    What tracemalloc's filters with ``all_frames=True`` would keep, but each file name is
    matched once, not once a frame: the filters took seconds even on a small run.
    """
    fake, s3 = f"{os.sep}voiceid_jobs{os.sep}testing{os.sep}", f"{os.sep}moto{os.sep}"

    @functools.cache
    def kind(filename: str) -> str:
        return "fake" if fake in filename else "s3" if s3 in filename else ""

    kept = 0
    for trace in snapshot.traces:
        kinds = {kind(frame.filename) for frame in trace.traceback}
        if "fake" in kinds and "s3" not in kinds:
            kept += trace.size
    return kept


if __name__ == "__main__":
    raise SystemExit(main())
