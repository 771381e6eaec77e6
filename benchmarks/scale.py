"""Enrollment at scale: peak memory of enroll_speakers for 20,000 and 100,000 speakers.

    python benchmarks/scale.py [--sizes 20000 100000] [--shard-size 10000]

The fake service runs in another process (``python -m voiceid_jobs.testing.server``),
so this process holds only what the library holds; its peak is measured with
tracemalloc while ``enroll_speakers`` consumes a generator of speakers. The target:
peak memory does not grow with the total (the ratio of the largest run's peak to the
smallest's stays near 1, bounded by one shard).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator

import boto3
from botocore.config import Config

from voiceid_jobs import (
    AudioSpecification,
    OutputDataConfig,
    PollPolicy,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import make_wav


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
            "0",
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
