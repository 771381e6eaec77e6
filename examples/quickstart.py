"""A short tour of voiceid_jobs against botocore's Stubber: no AWS account, no network.

It starts a speaker enrollment job, waits for it (the Stubber answers each Describe
with the job a little further on), shows a rejected argument, and lists the domain's
jobs. The clock and the sleep are fakes, so the wait takes no real time.
"""

from __future__ import annotations

import boto3
from botocore.stub import ANY, Stubber

from voiceid_jobs import (
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FraudDetectionConfig,
    InputDataConfig,
    InvalidParameterError,
    OutputDataConfig,
    PollPolicy,
    SpeakerEnrollmentJob,
    VoiceIdJobsClient,
)

DOMAIN_ID = "Q0mainExamp1e00000000a"
JOB_ID = "J0bExamp1e000000000001"


def job(status: str, percent: int) -> dict[str, object]:
    """The job as the service would describe it at this point."""
    return {
        "JobId": JOB_ID,
        "DomainId": DOMAIN_ID,
        "JobStatus": status,
        "JobProgress": {"PercentComplete": percent},
        "InputDataConfig": {"S3Uri": "s3://example-in/enroll.json"},
        "OutputDataConfig": {"S3Uri": "s3://example-out/results"},
    }


def main() -> None:
    """Run the tour."""
    # Stubber answers before anything is signed or sent: these credentials are never used.
    client = boto3.client(
        "voice-id",
        region_name="us-east-1",
        aws_access_key_id="example",
        aws_secret_access_key="example",  # noqa: S106
    )
    now = [0.0]
    jobs = VoiceIdJobsClient(
        client,
        sleep=lambda seconds: now.__setitem__(0, now[0] + seconds),
        clock=lambda: now[0],
    )

    with Stubber(client) as stubber:
        stubber.add_response(
            "start_speaker_enrollment_job",
            {"Job": job("SUBMITTED", 0)},
            {
                "DomainId": DOMAIN_ID,
                "DataAccessRoleArn": "arn:aws:iam::123456789012:role/VoiceIdBatch",
                "InputDataConfig": {"S3Uri": "s3://example-in/enroll.json"},
                "OutputDataConfig": {"S3Uri": "s3://example-out/results"},
                "EnrollmentConfig": {
                    "ExistingEnrollmentAction": "OVERWRITE",
                    "FraudDetectionConfig": {"RiskThreshold": 60},
                },
                "ClientToken": ANY,
            },
        )
        for status, percent in [("IN_PROGRESS", 10), ("IN_PROGRESS", 55), ("COMPLETED", 100)]:
            stubber.add_response(
                "describe_speaker_enrollment_job",
                {"Job": job(status, percent)},
                {"DomainId": DOMAIN_ID, "JobId": JOB_ID},
            )
        stubber.add_response(
            "list_speaker_enrollment_jobs",
            {"JobSummaries": [{"JobId": JOB_ID, "JobStatus": "COMPLETED"}]},
            {"DomainId": DOMAIN_ID},
        )

        started = jobs.start_speaker_enrollment_job(
            domain_id=DOMAIN_ID,
            data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
            input_data_config=InputDataConfig(s3_uri="s3://example-in/enroll.json"),
            output_data_config=OutputDataConfig(s3_uri="s3://example-out/results"),
            enrollment_config=EnrollmentConfig(
                existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
                fraud_detection_config=FraudDetectionConfig(risk_threshold=60),
            ),
        )
        print(f"started job {started.job_id}: {started.job_status}")

        def progress(current: SpeakerEnrollmentJob) -> None:
            print(f"  t={now[0]:5.1f}s  {current.job_status}  {current.percent_complete}%")

        done = jobs.wait_for_job(started, poll=PollPolicy(initial_delay=5.0), on_progress=progress)
        print(f"job ended {done.job_status}; its output file is {done.output_file_uri}")

        try:
            FraudDetectionConfig(risk_threshold=500)
        except InvalidParameterError as error:
            print(f"rejected before sending: {error}")

        for summary in jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID):
            print(f"listed: {summary.job_id} {summary.job_status}")
        stubber.assert_no_pending_responses()


if __name__ == "__main__":
    main()
