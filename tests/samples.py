"""Values shared by the tests: valid ids and fully populated service responses."""

from __future__ import annotations

import datetime
from typing import Any

DOMAIN_ID = "D0main1d0000000000000a"
JOB_ID = "J0b1d00000000000000001"
WATCHLIST_ID = "Watch1ist0000000000001"
ROLE_ARN = "arn:aws:iam::123456789012:role/VoiceIdBatch"
INPUT_URI = "s3://voiceid-in/manifests/enroll.json"
OUTPUT_URI = "s3://voiceid-out/results"
CREATED_AT = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
ENDED_AT = datetime.datetime(2026, 1, 2, 4, 5, 6, tzinfo=datetime.timezone.utc)

assert len(DOMAIN_ID) == len(JOB_ID) == len(WATCHLIST_ID) == 22


def enrollment_job_response(**overrides: Any) -> dict[str, Any]:
    """A SpeakerEnrollmentJob as boto3 returns it, every member present."""
    job: dict[str, Any] = {
        "JobId": JOB_ID,
        "JobName": "nightly-enrollment",
        "JobStatus": "COMPLETED_WITH_ERRORS",
        "DomainId": DOMAIN_ID,
        "DataAccessRoleArn": ROLE_ARN,
        "EnrollmentConfig": {
            "ExistingEnrollmentAction": "OVERWRITE",
            "FraudDetectionConfig": {
                "FraudDetectionAction": "IGNORE",
                "RiskThreshold": 70,
                "WatchlistIds": [WATCHLIST_ID],
            },
        },
        "InputDataConfig": {"S3Uri": INPUT_URI},
        "OutputDataConfig": {"S3Uri": OUTPUT_URI, "KmsKeyId": "alias/voiceid"},
        "JobProgress": {"PercentComplete": 100},
        "FailureDetails": {"StatusCode": 400, "Message": "some requests failed"},
        "CreatedAt": CREATED_AT,
        "EndedAt": ENDED_AT,
    }
    job.update(overrides)
    return job


def registration_job_response(**overrides: Any) -> dict[str, Any]:
    """A FraudsterRegistrationJob as boto3 returns it, every member present."""
    job = enrollment_job_response()
    del job["EnrollmentConfig"]
    job["JobName"] = "fraudsters"
    job["RegistrationConfig"] = {
        "DuplicateRegistrationAction": "REGISTER_AS_NEW",
        "FraudsterSimilarityThreshold": 80,
        "WatchlistIds": [WATCHLIST_ID],
    }
    job.update(overrides)
    return job


def summary_response(job: dict[str, Any]) -> dict[str, Any]:
    """The List operations' summary of a job response."""
    keys = (
        "JobId",
        "JobName",
        "JobStatus",
        "DomainId",
        "JobProgress",
        "FailureDetails",
        "CreatedAt",
        "EndedAt",
    )
    return {key: job[key] for key in keys if key in job}
