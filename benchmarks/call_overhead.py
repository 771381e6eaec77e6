"""Per-call overhead: the same calls through raw boto3 and through VoiceIdJobsClient.

    python benchmarks/call_overhead.py [--repeat R] [--number N]

Two setups, each on one real botocore client:
- wire: a ``before-send`` handler answers with canned response bytes, so both sides
  pay for full serialization, signing and parsing;
- stubber: botocore's Stubber answers before any wire work, so the wrapper's own
  cost shows. The answers are queued before each timed round, outside the timing.

Each row is reported, with no target: the ratio, and what the client adds per call in
microseconds with its share of a real call's 20-100 ms round trip, which is what a
user feels.

The calls, with realistic inputs:
- DescribeSpeakerEnrollmentJob, answered with a job that has every member;
- StartSpeakerEnrollmentJob with every optional member set (both configs, a
  watchlist id, a KMS key, a job name, a client token);
- ListSpeakerEnrollmentJobs answered with one page of 100 summaries, every member of
  every summary read (for boto3, every key of each dict).

One more wire row shows what the Start figure is made of: the raw
Start inside a plain ``tenacity.Retrying`` (the controller that makes every attempt of
our Start), against the raw Start alone.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

import boto3
import tenacity
from _timing import describe, overhead, paired_timings
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.config import Config
from botocore.stub import Stubber

from voiceid_jobs import (
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    FraudDetectionConfig,
    InputDataConfig,
    OutputDataConfig,
    VoiceIdJobsClient,
)

DOMAIN, JOB = "D0main1d0000000000000a", "J0b1d00000000000000001"
WATCHLIST = "Watch1ist0000000000001"
ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
IN, OUT = "s3://voiceid-in/manifests/enroll.json", "s3://voiceid-out/results"
CONFIG = {
    "ExistingEnrollmentAction": "OVERWRITE",
    "FraudDetectionConfig": {
        "FraudDetectionAction": "IGNORE",
        "RiskThreshold": 70,
        "WatchlistIds": [WATCHLIST],
    },
}
SUMMARY = {
    "JobId": JOB,
    "JobName": "nightly-enrollment",
    "JobStatus": "COMPLETED_WITH_ERRORS",
    "DomainId": DOMAIN,
    "JobProgress": {"PercentComplete": 100},
    "FailureDetails": {"StatusCode": 400, "Message": "some requests failed"},
    "CreatedAt": 1767225600.0,
    "EndedAt": 1767229200.0,
}
JOB_BODY = {
    **SUMMARY,
    "DataAccessRoleArn": ROLE,
    "EnrollmentConfig": CONFIG,
    "InputDataConfig": {"S3Uri": IN},
    "OutputDataConfig": {"S3Uri": OUT, "KmsKeyId": "alias/voiceid"},
}
WIRE = {
    "DescribeSpeakerEnrollmentJob": json.dumps({"Job": JOB_BODY}).encode(),
    "StartSpeakerEnrollmentJob": json.dumps({"Job": JOB_BODY}).encode(),
    "ListSpeakerEnrollmentJobs": json.dumps({"JobSummaries": [SUMMARY] * 100}).encode(),
}
STUB_JOB = {
    **JOB_BODY,
    "CreatedAt": "2026-01-01T00:00:00Z",
    "EndedAt": "2026-01-01T01:00:00Z",
}


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: object) -> Any:
        yield self.data


def canned(request: Any, **_: object) -> AWSResponse:
    operation = request.headers["X-Amz-Target"].decode().rpartition(".")[2]
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.0"
    headers["x-amzn-RequestId"] = "bench"
    return AWSResponse(request.url, 200, headers, _Body(WIRE[operation]))


def client() -> Any:
    return boto3.client(
        "voice-id",
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(retries={"total_max_attempts": 1}),
    )


def read_dicts(summaries: Any) -> list[tuple[Any, ...]]:
    """Every member of every summary, as code that uses boto3's dicts reads them."""
    return [
        (
            s.get("JobId"),
            s.get("JobName"),
            s.get("JobStatus"),
            s.get("DomainId"),
            s.get("JobProgress", {}).get("PercentComplete"),
            s.get("FailureDetails", {}).get("StatusCode"),
            s.get("FailureDetails", {}).get("Message"),
            s.get("CreatedAt"),
            s.get("EndedAt"),
        )
        for s in summaries
    ]


def read_models(summaries: Any) -> list[tuple[Any, ...]]:
    """The same members of every summary, as code that uses our models reads them."""
    return [
        (
            s.job_id,
            s.job_name,
            s.job_status,
            s.domain_id,
            s.percent_complete,
            s.failure_details and s.failure_details.status_code,
            s.failure_details and s.failure_details.message,
            s.created_at,
            s.ended_at,
        )
        for s in summaries
    ]


def calls(raw: Any, jobs: VoiceIdJobsClient) -> dict[str, tuple[Callable[[], Any], ...]]:
    input_config = InputDataConfig(s3_uri=IN)
    output_config = OutputDataConfig(s3_uri=OUT, kms_key_id="alias/voiceid")
    config = EnrollmentConfig(
        existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
        fraud_detection_config=FraudDetectionConfig(
            fraud_detection_action=FraudDetectionAction.IGNORE,
            risk_threshold=70,
            watchlist_ids=(WATCHLIST,),
        ),
    )

    def raw_list() -> None:
        pages = raw.get_paginator("list_speaker_enrollment_jobs").paginate(DomainId=DOMAIN)
        for page in pages:
            read_dicts(page["JobSummaries"])

    def our_list() -> None:
        read_models(jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN))

    return {
        "DescribeSpeakerEnrollmentJob": (
            lambda: raw.describe_speaker_enrollment_job(DomainId=DOMAIN, JobId=JOB),
            lambda: jobs.describe_speaker_enrollment_job(domain_id=DOMAIN, job_id=JOB),
        ),
        "StartSpeakerEnrollmentJob": (
            lambda: raw.start_speaker_enrollment_job(
                DomainId=DOMAIN,
                DataAccessRoleArn=ROLE,
                InputDataConfig={"S3Uri": IN},
                OutputDataConfig={"S3Uri": OUT, "KmsKeyId": "alias/voiceid"},
                EnrollmentConfig=CONFIG,
                JobName="nightly-enrollment",
                ClientToken="bench-token",
            ),
            lambda: jobs.start_speaker_enrollment_job(
                domain_id=DOMAIN,
                data_access_role_arn=ROLE,
                input_data_config=input_config,
                output_data_config=output_config,
                enrollment_config=config,
                job_name="nightly-enrollment",
                client_token="bench-token",
            ),
        ),
        "ListSpeakerEnrollmentJobs (100)": (raw_list, our_list),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--number", type=int, default=300)
    args = parser.parse_args()
    print(f"per-call overhead, best of {args.repeat} x {args.number} calls")

    wire = client()
    wire.meta.events.register("before-send.voice-id", canned)
    jobs = VoiceIdJobsClient(wire)
    for name, (raw_call, our_call) in calls(wire, jobs).items():
        number = args.number if "List" not in name else max(1, args.number // 10)
        raw, ours = paired_timings(raw_call, our_call, repeat=args.repeat, number=number)
        print(f"  wire    {name:32} ours / boto3: {describe(ours, raw)}  {overhead(ours, raw)}")

    raw_start = calls(wire, jobs)["StartSpeakerEnrollmentJob"][0]
    controller = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(5),
        wait=tenacity.wait_exponential(),
        retry=tenacity.retry_if_exception_type(ConnectionError),
        reraise=True,
    )
    alone, inside = paired_timings(
        raw_start, lambda: controller(raw_start), repeat=args.repeat, number=args.number
    )
    print(
        f"  wire    {'Start in tenacity.Retrying':32} / boto3: {describe(inside, alone)}  "
        "(no target: tenacity's own share)"
    )

    stubbed = client()
    jobs = VoiceIdJobsClient(stubbed)
    with Stubber(stubbed) as stubber:
        stubbed_calls = calls(stubbed, jobs)
        for name, operation in (
            ("DescribeSpeakerEnrollmentJob", "describe_speaker_enrollment_job"),
            ("StartSpeakerEnrollmentJob", "start_speaker_enrollment_job"),
        ):

            def queue(count: int, operation: str = operation) -> None:
                for _ in range(count):
                    stubber.add_response(operation, {"Job": STUB_JOB})

            raw, ours = paired_timings(
                *stubbed_calls[name], repeat=args.repeat, number=args.number, before_round=queue
            )
            print(f"  stubber {name:32} ours / boto3: {describe(ours, raw)}  {overhead(ours, raw)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
