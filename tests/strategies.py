"""Hypothesis strategies for valid models."""

from __future__ import annotations

import datetime
import string

from hypothesis import strategies as st

from voiceid_jobs import (
    DuplicateRegistrationAction,
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FailureDetails,
    FraudDetectionAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    InputDataConfig,
    JobProgress,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
)

ALNUM = string.ascii_letters + string.digits

ids = st.text(ALNUM, min_size=22, max_size=22)
names = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(ALNUM),
    st.text(ALNUM + "_-", max_size=40),
)
scores = st.integers(0, 100)
buckets = st.from_regex(r"[a-z0-9][a-z0-9.\-]{1,20}[a-z0-9]", fullmatch=True)
s3_uris = st.builds(
    lambda bucket, key: f"s3://{bucket}/{key}",
    buckets,
    st.text(ALNUM + "/._-", min_size=1, max_size=30),
)
role_arns = st.builds(
    lambda account, role: f"arn:aws:iam::{account}:role/{role}",
    st.from_regex(r"[0-9]{12}", fullmatch=True),
    names,
)
timestamps = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime.datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(datetime.timezone.utc),
)


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


input_configs = st.builds(InputDataConfig, s3_uri=s3_uris)
output_configs = st.builds(
    OutputDataConfig, s3_uri=s3_uris, kms_key_id=optional(st.text(ALNUM, min_size=1, max_size=30))
)
watchlists = st.just(()) | st.tuples(ids)
fraud_detection_configs = st.builds(
    FraudDetectionConfig,
    fraud_detection_action=optional(st.sampled_from(FraudDetectionAction)),
    risk_threshold=optional(scores),
    watchlist_ids=watchlists,
)
enrollment_configs = st.builds(
    EnrollmentConfig,
    existing_enrollment_action=optional(st.sampled_from(ExistingEnrollmentAction)),
    fraud_detection_config=optional(fraud_detection_configs),
)
registration_configs = st.builds(
    RegistrationConfig,
    duplicate_registration_action=optional(st.sampled_from(DuplicateRegistrationAction)),
    fraudster_similarity_threshold=optional(scores),
    watchlist_ids=watchlists,
)
_job_facts = {
    "job_id": optional(ids),
    "job_name": optional(names),
    "job_status": optional(st.sampled_from(JobStatus)),
    "domain_id": optional(ids),
    "data_access_role_arn": optional(role_arns),
    "input_data_config": optional(input_configs),
    "output_data_config": optional(output_configs),
    "job_progress": optional(st.builds(JobProgress, percent_complete=optional(scores))),
    "failure_details": optional(
        st.builds(
            FailureDetails,
            message=optional(st.text(min_size=1)),
            status_code=optional(st.integers(100, 599)),
        )
    ),
    "created_at": optional(timestamps),
    "ended_at": optional(timestamps),
}
enrollment_jobs = st.builds(
    SpeakerEnrollmentJob, enrollment_config=optional(enrollment_configs), **_job_facts
)
registration_jobs = st.builds(
    FraudsterRegistrationJob, registration_config=optional(registration_configs), **_job_facts
)
