"""Every argument of the client and its policies is checked before anything is sent."""

from __future__ import annotations

import math
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from conftest import NO_BOTOCORE_RETRIES, FakeTime

from voiceid_jobs import (
    EndpointError,
    InvalidParameterError,
    MalformedResponseError,
    PollPolicy,
    RetryPolicy,
    SpeakerEnrollmentJobSummary,
    ThrottlingError,
    VoiceIdJobsClient,
    WaitTimeoutError,
)

from samples import DOMAIN_ID, JOB_ID, enrollment_job_response, summary_response


@pytest.mark.parametrize(
    ("client", "field"),
    [
        (None, "client"),
        ("x", "client"),
        (boto3.client("s3", region_name="us-east-1"), "client"),
    ],
)
def test_a_client_that_is_not_a_voice_id_client_is_refused_naming_it(
    client: object, field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient(client)  # type: ignore[arg-type]

    assert caught.value.field == field


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"s3_client": "bucket"}, "s3_client"),
        ({"retry": 3}, "retry"),
        ({"sleep": 0.5}, "sleep"),
        ({"clock": 12.0}, "clock"),
        ({"requests_per_second": 0}, "requests_per_second"),
    ],
)
def test_each_bad_constructor_argument_is_refused_naming_it(
    voiceid: Any, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient(voiceid, **options)

    assert caught.value.field == field


@pytest.mark.parametrize(
    ("policy", "options", "field"),
    [
        (PollPolicy, {"initial_delay": "5"}, "initial_delay"),
        (PollPolicy, {"max_delay": math.inf}, "max_delay"),
        (PollPolicy, {"multiplier": math.nan}, "multiplier"),
        (PollPolicy, {"initial_delay": True}, "initial_delay"),
        (RetryPolicy, {"initial_delay": math.nan}, "initial_delay"),
        (RetryPolicy, {"max_delay": math.inf}, "max_delay"),
        (RetryPolicy, {"max_attempts": 2.5}, "max_attempts"),
    ],
)
def test_a_policy_refuses_a_delay_that_is_not_a_finite_number(
    policy: Any, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        policy(**options)

    assert caught.value.field == field


SUMMARY = SpeakerEnrollmentJobSummary(domain_id=DOMAIN_ID, job_id=JOB_ID)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"timeout": "10"}, "timeout"),
        ({"timeout": True}, "timeout"),
        ({"timeout": math.nan}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"poll": "fast"}, "poll"),
        ({"on_progress": 5}, "on_progress"),
    ],
)
def test_a_wait_with_a_bad_argument_sends_nothing(
    jobs: VoiceIdJobsClient, stubber: Stubber, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.wait_for_job(SUMMARY, **options)

    assert caught.value.field == field  # and the stubber, with nothing queued, saw no call


def test_a_list_whose_service_repeats_a_next_token_ends_in_an_error_not_a_loop(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    page = {"JobSummaries": [summary_response(enrollment_job_response())], "NextToken": "again"}
    stubber.add_response("list_speaker_enrollment_jobs", page, {"DomainId": DOMAIN_ID})
    stubber.add_response(
        "list_speaker_enrollment_jobs", page, {"DomainId": DOMAIN_ID, "NextToken": "again"}
    )

    listed = jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID)

    assert next(listed).job_id == JOB_ID
    assert next(listed).job_id == JOB_ID
    with pytest.raises(MalformedResponseError) as caught:
        next(listed)
    assert caught.value.operation == "ListSpeakerEnrollmentJobs"


def test_a_shared_client_makes_its_s3_client_once_for_every_thread(fake_time: FakeTime) -> None:
    import threading

    made: list[object] = []
    session = boto3.Session(region_name="us-east-1")
    original = session.client

    def counting_client(service: str, **options: Any) -> Any:
        client = original(service, **options)  # type: ignore[call-overload]
        if service == "s3":
            made.append(client)
        return client

    session.client = counting_client  # type: ignore[method-assign]
    jobs = VoiceIdJobsClient.create(session=session, config=NO_BOTOCORE_RETRIES)
    barrier = threading.Barrier(8)

    def use() -> None:
        barrier.wait()
        assert jobs.s3_client is not None

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(made) == 1


def test_a_closed_client_refuses_every_call_at_once(stubber: Stubber, voiceid: Any) -> None:
    jobs = VoiceIdJobsClient(voiceid, sleep=lambda _: pytest.fail("a closed client waited"))

    with jobs:
        pass

    with pytest.raises(InvalidParameterError) as caught:
        jobs.wait_for_job(SUMMARY, timeout=None)  # would poll forever were it retryable
    assert caught.value.field == "client"
    assert not caught.value.retryable


@pytest.mark.parametrize("region", ["", "US EAST", 5])
def test_create_refuses_a_region_that_is_not_a_region_name(region: object) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient.create(region_name=region)  # type: ignore[arg-type]

    assert caught.value.field == "region_name"


def test_a_password_in_the_endpoint_url_is_masked_in_connection_errors() -> None:
    jobs = VoiceIdJobsClient.create(
        region_name="us-east-1",
        endpoint_url="http://user:s3cr3t@127.0.0.1:9",
        config=NO_BOTOCORE_RETRIES,
    )

    with pytest.raises(EndpointError) as caught:
        jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert "s3cr3t" not in str(caught.value)
    assert "user:***@" in str(caught.value)


def test_a_wait_that_never_reached_the_job_says_so_with_the_last_error(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    for _ in range(3):
        stubber.add_client_error(
            "describe_speaker_enrollment_job", "ThrottlingException", http_status_code=429
        )

    with pytest.raises(WaitTimeoutError) as caught:
        jobs.wait_for_job(SUMMARY, timeout=10, poll=PollPolicy(initial_delay=5, max_delay=5))

    assert not caught.value.described
    assert isinstance(caught.value.last_error, ThrottlingError)
    assert "could not be described" in str(caught.value)
    assert caught.value.last_job is SUMMARY


def test_run_outcomes_refuses_what_is_not_a_run_when_called(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.run_outcomes(SUMMARY)  # type: ignore[arg-type]

    assert caught.value.field == "run"
