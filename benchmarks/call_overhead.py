"""Per-call overhead: the same calls through raw boto3 and through VoiceIdJobsClient.

    python benchmarks/call_overhead.py [--repeat R] [--number N]

Two setups, each on one real botocore client:
- wire: a ``before-send`` handler answers with canned response bytes, so both sides
  pay for full serialization, signing and parsing (target: ratio <= 1.10);
- stubber: botocore's Stubber answers before any wire work, so the wrapper's own
  cost shows (target: ratio <= 1.15).
Each for DescribeSpeakerEnrollmentJob and StartSpeakerEnrollmentJob.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import boto3
from _timing import describe, ratio, timings, verdict
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.config import Config
from botocore.stub import Stubber

from voiceid_jobs import InputDataConfig, OutputDataConfig, VoiceIdJobsClient

DOMAIN, JOB = "D0main1d0000000000000a", "J0b1d00000000000000001"
ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
JOB_BODY = {
    "JobId": JOB,
    "DomainId": DOMAIN,
    "JobStatus": "IN_PROGRESS",
    "JobProgress": {"PercentComplete": 40},
    "InputDataConfig": {"S3Uri": "s3://voiceid-in/enroll.json"},
    "OutputDataConfig": {"S3Uri": "s3://voiceid-out/results"},
    "CreatedAt": 1767225600.0,
}
WIRE = json.dumps({"Job": JOB_BODY}).encode()
STUB_JOB = {key: value for key, value in JOB_BODY.items() if key != "CreatedAt"}


class _Body:
    def stream(self, **_: object) -> Any:
        yield WIRE


def canned(request: Any, **_: object) -> AWSResponse:
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.0"
    headers["x-amzn-RequestId"] = "bench"
    return AWSResponse(request.url, 200, headers, _Body())


def client() -> Any:
    return boto3.client(
        "voice-id",
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(retries={"total_max_attempts": 1}),
    )


def calls(raw: Any, jobs: VoiceIdJobsClient) -> dict[str, tuple[Any, Any]]:
    input_config = InputDataConfig(s3_uri="s3://voiceid-in/enroll.json")
    output_config = OutputDataConfig(s3_uri="s3://voiceid-out/results")
    return {
        "DescribeSpeakerEnrollmentJob": (
            lambda: raw.describe_speaker_enrollment_job(DomainId=DOMAIN, JobId=JOB),
            lambda: jobs.describe_speaker_enrollment_job(domain_id=DOMAIN, job_id=JOB),
        ),
        "StartSpeakerEnrollmentJob": (
            lambda: raw.start_speaker_enrollment_job(
                DomainId=DOMAIN,
                DataAccessRoleArn=ROLE,
                InputDataConfig={"S3Uri": "s3://voiceid-in/enroll.json"},
                OutputDataConfig={"S3Uri": "s3://voiceid-out/results"},
                ClientToken="bench-token",
            ),
            lambda: jobs.start_speaker_enrollment_job(
                domain_id=DOMAIN,
                data_access_role_arn=ROLE,
                input_data_config=input_config,
                output_data_config=output_config,
                client_token="bench-token",
            ),
        ),
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
        raw, ours = (
            timings(call, repeat=args.repeat, number=args.number) for call in (raw_call, our_call)
        )
        print(
            f"  wire    {name:30} ours / boto3: {describe(ours, raw)}  {verdict(ratio(ours, raw), 1.10)}"
        )

    stubbed = client()
    jobs = VoiceIdJobsClient(stubbed)
    with Stubber(stubbed) as stubber:
        for name, (raw_call, our_call) in calls(stubbed, jobs).items():
            operation = (
                "describe_speaker_enrollment_job"
                if name.startswith("Describe")
                else "start_speaker_enrollment_job"
            )

            def queued(call: Any, operation: str = operation) -> Any:
                def run() -> Any:
                    stubber.add_response(operation, {"Job": STUB_JOB})
                    return call()

                return run

            raw, ours = (
                timings(queued(call), repeat=args.repeat, number=args.number)
                for call in (raw_call, our_call)
            )
            print(
                f"  stubber {name:30} ours / boto3: {describe(ours, raw)}  {verdict(ratio(ours, raw), 1.15)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
