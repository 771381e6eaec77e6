"""Whatever comes back, and however the client is configured, only our errors leave a call."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from conftest import NO_BOTOCORE_RETRIES, FakeTime
from fault_backend import answering
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from voiceid_jobs import (
    InputDataConfig,
    InvalidParameterError,
    MalformedResponseError,
    OutputDataConfig,
    ServiceError,
    SpeakerEnrollmentJobSummary,
    VoiceIdJobsClient,
    VoiceIdJobsError,
)

from samples import DOMAIN_ID, INPUT_URI, JOB_ID, OUTPUT_URI, ROLE_ARN, enrollment_job_response


def client_answering(status: int, body: bytes) -> VoiceIdJobsClient:
    voiceid = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    voiceid.meta.events.register("before-send.voice-id", answering(status, body))
    time = FakeTime()
    return VoiceIdJobsClient(voiceid, sleep=time.sleep, clock=time.clock)


def describe(jobs: VoiceIdJobsClient) -> object:
    return jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)


def start(jobs: VoiceIdJobsClient) -> object:
    return jobs.start_fraudster_registration_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=InputDataConfig(s3_uri=INPUT_URI),
        output_data_config=OutputDataConfig(s3_uri=OUTPUT_URI),
    )


def list_all(jobs: VoiceIdJobsClient) -> object:
    return list(jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID))


def wait(jobs: VoiceIdJobsClient) -> object:
    summary = SpeakerEnrollmentJobSummary(domain_id=DOMAIN_ID, job_id=JOB_ID)
    return jobs.wait_for_job(summary, timeout=30)


def encode(body: object) -> bytes:
    return json.dumps(body, default=str).encode()


# --- Responses the client cannot read ---------------------------------------------


@pytest.mark.parametrize(
    ("operation", "body", "problem"),
    [
        (describe, b"{}", "Job"),
        (describe, encode({"Job": enrollment_job_response(CreatedAt="yesterday")}), "yesterday"),
        (describe, encode({"Job": "a job"}), "botocore could not read it"),
        (describe, encode({"Job": {"JobProgress": {"PercentComplete": "half"}}}), "Job"),
        (describe, encode({"Job": {"JobProgress": "half"}}), "botocore could not read it"),
        (describe, encode({"Job": {"JobStatus": 7}}), "Job"),
        (describe, b"\xff\xfe not UTF-8", ""),
        (describe, b"<html>Bad gateway</html>", ""),
        (start, b"[]", ""),
        (list_all, encode({"JobSummaries": "nope"}), ""),
        (list_all, encode({"JobSummaries": [{"CreatedAt": "yesterday"}]}), ""),
    ],
)
def test_a_response_the_client_cannot_read_is_a_malformed_response_error(
    operation: Callable[[VoiceIdJobsClient], object], body: bytes, problem: str
) -> None:
    jobs = client_answering(200, body)

    with pytest.raises(MalformedResponseError) as caught:
        operation(jobs)

    assert isinstance(caught.value, ServiceError)
    assert caught.value.operation.endswith(("Job", "Jobs"))
    assert problem in caught.value.problem
    assert caught.value.__cause__ is not None


def test_an_unknown_member_and_an_unknown_status_are_not_malformed() -> None:
    body = {"Job": enrollment_job_response(JobStatus="PAUSED", NewMember={"a": 1})}
    jobs = client_answering(200, encode(body))

    job = jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert job.job_status == "PAUSED"
    assert job.job_status is not None
    assert job.job_status.is_unknown


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
job_members = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(
        ("JobId", "JobStatus", "CreatedAt", "JobProgress", "InputDataConfig"), json_values
    ),
)
bodies = st.one_of(
    st.binary(max_size=40),
    json_values.map(encode),
    st.fixed_dictionaries({"Job": job_members | json_values}).map(encode),
    st.fixed_dictionaries({"JobSummaries": st.lists(job_members) | json_values}).map(encode),
    st.fixed_dictionaries(
        {"__type": st.sampled_from(["ThrottlingException", "Bogus", ""]), "message": json_values}
    ).map(encode),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 200, 200, 400, 403, 404, 409, 429, 500, 503])
    | st.integers(100, 599),
    body=bodies,
    operation=st.sampled_from([describe, start, list_all, wait]),
)
def test_whatever_the_service_answers_only_our_errors_leave_a_call(
    status: int, body: bytes, operation: Callable[[VoiceIdJobsClient], object]
) -> None:
    jobs = client_answering(status, body)

    try:
        operation(jobs)
    except VoiceIdJobsError as error:
        event(f"raised {type(error).__name__}")
    else:
        event("returned")


# --- Configuration errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "environment", "field"),
    [
        ({"endpoint_url": "notaurl"}, {}, "endpoint_url"),
        ({"endpoint_url": "ftp://voiceid.example.com"}, {}, "endpoint_url"),
        ({"endpoint_url": "http://localhost:99999"}, {}, "endpoint_url"),
        ({"endpoint_url": "http://[::1"}, {}, "endpoint_url"),
        ({"endpoint_url": 8080}, {}, "endpoint_url"),
        ({"config": {"retries": {"max_attempts": 3}}}, {}, "config"),
        ({"session": "default"}, {}, "session"),
        ({"region_name": "bad region!"}, {}, "region_name"),
        ({}, {"AWS_RETRY_MODE": "bogus"}, "config"),
        ({}, {"AWS_SECRET_ACCESS_KEY": None}, "credentials"),
        ({}, {"AWS_PROFILE": "no-such-profile"}, "profile"),
    ],
)
def test_a_bad_configuration_is_an_invalid_parameter_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    arguments: dict[str, Any],
    environment: dict[str, str | None],
    field: str,
) -> None:
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)

    def create_and_call() -> None:
        describe(VoiceIdJobsClient.create(**arguments))

    with pytest.raises(InvalidParameterError) as caught:
        create_and_call()

    assert caught.value.field == field


def test_no_region_at_all_is_an_invalid_parameter_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")

    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient.create()

    assert caught.value.field == "region_name"


def test_no_credentials_at_all_fail_the_first_call_as_an_invalid_parameter_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    jobs = VoiceIdJobsClient.create(region_name="us-east-1")

    with pytest.raises(InvalidParameterError) as caught:
        describe(jobs)

    assert caught.value.field == "credentials"
