"""Many domains at once: one process enrolls in every domain of an account, within its rate.

    python benchmarks/domains.py [--domains 100] [--requests 1000] [--rate 2] [--calls 300]

1. ``--domains`` domains, one enrollment job of ``--requests`` speakers each, started
   and waited for concurrently by one ``AsyncVoiceIdJobsClient`` with
   ``requests_per_second=--rate`` (the service's quota is 2), against the in-process
   fake on its own clock. Time is the fake's: a sleep ends when every coroutine is
   asleep and it is the earliest, which is what the event loop would do in real time.
   Printed: the time to finish them all against one domain alone (target <= 2x), the
   most Voice ID calls seen in any one second against the limit (target: never
   above), and the throttling errors seen (target: 0).
2. The async client's per-call overhead: DescribeSpeakerEnrollmentJob answered with
   canned bytes from ``before-send``, through raw aiobotocore and through the client,
   on the same client (reported, with no target: a real call is a 20-100 ms round trip).
"""

from __future__ import annotations

import argparse
import asyncio
import heapq
import itertools
import json
import os
import time
from collections.abc import Awaitable
from typing import Any

import boto3
from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.awsrequest import HTTPHeaders
from moto import mock_aws

from voiceid_jobs import (
    AudioSpecification,
    InputDataConfig,
    OutputDataConfig,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    ThrottlingError,
)
from voiceid_jobs.aio import AsyncVoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/Bench"
NO_RETRIES = AioConfig(retries={"total_max_attempts": 1})


class VirtualTime:
    """Sleeps on the fake's clock: the earliest sleeper wakes when every task sleeps."""

    def __init__(self, fake: FakeVoiceId) -> None:
        self.fake = fake
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def sleep(self, seconds: float) -> None:
        """Sleep ``seconds`` of the fake's time."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.fake.now() + seconds, next(self._order), future))
        await future

    async def run(self, work: list[Awaitable[Any]]) -> list[Any]:
        """Run ``work`` concurrently, waking sleepers in time order; what each gave."""
        tasks = [asyncio.ensure_future(item) for item in work]
        while not all(task.done() for task in tasks):
            await asyncio.sleep(0)
            alive = sum(not task.done() for task in tasks)
            if alive and len(self._sleepers) == alive:
                wake_at, _, future = heapq.heappop(self._sleepers)
                self.fake.advance(max(0.0, wake_at - self.fake.now()))
                future.set_result(None)
        return [task.result() for task in tasks]


def stage(fake: FakeVoiceId, domain: str, requests: int) -> InputDataConfig:
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=[
            SpeakerEnrollmentRequest(
                request_id=f"r{n}",
                speaker_id=f"{domain}-{n}",
                audio_specifications=[
                    AudioSpecification(s3_uri="s3://domains-bench/caller.wav", channel_id=0)
                ],
            )
            for n in range(requests)
        ]
    )
    key = f"manifests/{domain}.json"
    fake.s3_client.put_object(Bucket="domains-bench", Key=key, Body=manifest.to_json().encode())
    return InputDataConfig(s3_uri=f"s3://domains-bench/{key}")


async def enroll_in(count: int, requests: int, rate: float) -> tuple[float, int, int]:
    """(fake seconds to finish, most calls in one second, throttling errors) for ``count``."""
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="domains-bench")
    s3.put_object(Bucket="domains-bench", Key="caller.wav", Body=make_wav("caller"))
    fake = FakeVoiceId(s3_client=s3, requests_per_second=rate)
    calls: list[float] = []
    throttled = 0
    serve = fake.handle

    def counted(operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        nonlocal throttled
        calls.append(fake.now())
        status, body = serve(operation, params)
        throttled += status == 429
        return status, body

    fake.handle = counted  # type: ignore[method-assign]
    time_ = VirtualTime(fake)
    domains = [fake.create_domain(f"brand-{n}") for n in range(count)]
    configs = {domain: stage(fake, domain, requests) for domain in domains}
    async with get_session().create_client(
        "voice-id", region_name="us-east-1", config=NO_RETRIES
    ) as voiceid:
        fake.attach(voiceid)
        jobs = AsyncVoiceIdJobsClient(
            voiceid, sleep=time_.sleep, clock=fake.now, requests_per_second=rate
        )

        async def enroll(domain: str) -> Any:
            job = await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn=ROLE,
                input_data_config=configs[domain],
                output_data_config=OutputDataConfig(s3_uri="s3://domains-bench/out"),
            )
            return await jobs.wait_for_job(job, timeout=None)

        started = fake.now()
        try:
            await time_.run([enroll(domain) for domain in domains])
        except ThrottlingError:
            throttled += 1
        elapsed = fake.now() - started
    busiest = max((sum(1 for t in calls if start <= t < start + 1.0) for start in calls), default=0)
    return elapsed, busiest, throttled


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    async def read(self) -> bytes:
        return self.data


CANNED = json.dumps(
    {
        "Job": {
            "JobId": "J0b1d00000000000000001",
            "JobName": "nightly-enrollment",
            "JobStatus": "COMPLETED",
            "DomainId": "D0main1d0000000000000a",
            "DataAccessRoleArn": ROLE,
            "EnrollmentConfig": {
                "ExistingEnrollmentAction": "OVERWRITE",
                "FraudDetectionConfig": {
                    "FraudDetectionAction": "IGNORE",
                    "RiskThreshold": 70,
                    "WatchlistIds": ["Watch1ist0000000000001"],
                },
            },
            "InputDataConfig": {"S3Uri": "s3://voiceid-in/m.json"},
            "OutputDataConfig": {"S3Uri": "s3://voiceid-out/results", "KmsKeyId": "alias/k"},
            "JobProgress": {"PercentComplete": 100},
            "FailureDetails": {"StatusCode": 400, "Message": "some requests failed"},
            "CreatedAt": 1767225600.0,
            "EndedAt": 1767229200.0,
        }
    }
).encode()


def canned(request: Any, **_: object) -> AioAWSResponse:
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.0"
    headers["x-amzn-RequestId"] = "bench"
    return AioAWSResponse(request.url, 200, headers, _Body(CANNED))


async def per_call(calls: int, rounds: int) -> tuple[float, float]:
    """Best seconds per Describe: (raw aiobotocore, the async client)."""
    async with get_session().create_client(
        "voice-id",
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=NO_RETRIES,
    ) as voiceid:
        voiceid.meta.events.register("before-send.voice-id", canned)
        jobs = AsyncVoiceIdJobsClient(voiceid)
        ids = {"DomainId": "D0main1d0000000000000a", "JobId": "J0b1d00000000000000001"}

        async def raw() -> Any:
            return await voiceid.describe_speaker_enrollment_job(**ids)

        async def ours() -> Any:
            return await jobs.describe_speaker_enrollment_job(
                domain_id=ids["DomainId"], job_id=ids["JobId"]
            )

        best = {raw: float("inf"), ours: float("inf")}
        for _ in range(rounds):
            for call in (raw, ours):  # in turn, so a slow spell falls on both
                await call()
                started = time.perf_counter()
                for _ in range(calls):
                    await call()
                best[call] = min(best[call], (time.perf_counter() - started) / calls)
        return best[raw], best[ours]


def ratio_line(name: str, value: float, target: str) -> str:
    return f"  {name:44}: {value:7.2f}   {target}"


async def main_async(args: argparse.Namespace) -> None:
    with mock_aws():
        alone, _, _ = await enroll_in(1, args.requests, args.rate)
    with mock_aws():
        together, busiest, throttled = await enroll_in(args.domains, args.requests, args.rate)
    print(
        f"{args.domains} domains at once, one job of {args.requests} speakers each,"
        f" requests_per_second={args.rate:g}, on the fake's clock"
    )
    print(f"  one domain alone: {alone:8.1f} s;  all {args.domains}: {together:8.1f} s")
    print(ratio_line(f"all {args.domains} / one alone", together / alone, "target <= 2.00"))
    print(ratio_line("most calls in one second / the limit", busiest / args.rate, "target <= 1.00"))
    print(f"  throttling errors: {throttled}   target 0")
    raw, ours = await per_call(args.calls, args.rounds)
    print(f"async per-call overhead, best of {args.rounds} x {args.calls} Describes, canned bytes")
    print(ratio_line("ours / raw aiobotocore", ours / raw, "(reported, no target)"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=100)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "bench")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "bench")
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
