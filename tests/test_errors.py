"""Service and connection errors become the typed errors of the package's error tree."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.stub import Stubber

from voiceid_jobs import (
    AccessDeniedError,
    ConflictError,
    EndpointError,
    FailureDetails,
    InputDataConfig,
    InternalServerError,
    InvalidParameterError,
    JobFailedError,
    JobStatus,
    MalformedResponseError,
    OutputDataConfig,
    OutputFileError,
    ResourceNotFoundError,
    RetryPolicy,
    ServiceError,
    ServiceQuotaExceededError,
    SpeakerEnrollmentJob,
    ThrottlingError,
    ValidationError,
    VoiceIdJobsClient,
    VoiceIdJobsError,
    WaitTimeoutError,
)

from samples import DOMAIN_ID, INPUT_URI, JOB_ID, OUTPUT_URI, ROLE_ARN

if TYPE_CHECKING:
    from types_boto3_voice_id import VoiceIDClient


def start(jobs: VoiceIdJobsClient) -> object:
    return jobs.start_speaker_enrollment_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=InputDataConfig(s3_uri=INPUT_URI),
        output_data_config=OutputDataConfig(s3_uri=OUTPUT_URI),
    )


@pytest.mark.parametrize(
    ("code", "status", "modeled", "cls", "retryable"),
    [
        ("ServiceQuotaExceededException", 402, {}, ServiceQuotaExceededError, False),
        (
            "ResourceNotFoundException",
            404,
            {"ResourceType": "DOMAIN"},
            ResourceNotFoundError,
            False,
        ),
        ("ValidationException", 400, {}, ValidationError, False),
        ("ConflictException", 409, {"ConflictType": "DOMAIN_NOT_ACTIVE"}, ConflictError, False),
        ("InternalServerException", 500, {}, InternalServerError, True),
        ("ThrottlingException", 400, {}, ThrottlingError, True),
        ("AccessDeniedException", 403, {}, AccessDeniedError, False),
        ("SomethingNewException", 418, {}, ServiceError, False),
    ],
)
def test_each_error_code_becomes_its_typed_error(
    voiceid: VoiceIDClient,
    stubber: Stubber,
    code: str,
    status: int,
    modeled: dict[str, Any],
    cls: type[ServiceError],
    retryable: bool,
) -> None:
    jobs = VoiceIdJobsClient(voiceid, retry=RetryPolicy(max_attempts=1))
    stubber.add_client_error(
        "start_speaker_enrollment_job",
        service_error_code=code,
        service_message=f"{code} happened",
        http_status_code=status,
        response_meta={"RequestId": "req-123"},
        modeled_fields=modeled,
    )

    with pytest.raises(cls) as caught:
        start(jobs)

    error = caught.value
    assert type(error) is cls
    assert isinstance(error, VoiceIdJobsError)
    assert error.code == code
    assert error.message == f"{code} happened"
    assert error.http_status == status
    assert error.request_id == "req-123"
    assert error.operation == "StartSpeakerEnrollmentJob"
    assert error.retryable is retryable
    assert isinstance(error.__cause__, ClientError)
    assert code in str(error)
    if isinstance(error, ResourceNotFoundError):
        assert error.resource_type == "DOMAIN"
    if isinstance(error, ConflictError):
        assert error.conflict_type == "DOMAIN_NOT_ACTIVE"


def test_an_unknown_code_with_a_5xx_status_is_a_retryable_fault(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "describe_speaker_enrollment_job", service_error_code="Overloaded", http_status_code=503
    )

    with pytest.raises(InternalServerError) as caught:
        jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert caught.value.code == "Overloaded"
    assert caught.value.retryable


def test_errors_while_listing_are_typed_too(jobs: VoiceIdJobsClient, stubber: Stubber) -> None:
    stubber.add_client_error("list_speaker_enrollment_jobs", "AccessDeniedException", "no", 403)

    summaries = jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID)

    with pytest.raises(AccessDeniedError) as caught:
        next(summaries)
    assert caught.value.operation == "ListSpeakerEnrollmentJobs"


@pytest.mark.parametrize(
    "raised",
    [
        EndpointConnectionError(endpoint_url="https://voiceid.us-east-1.amazonaws.com"),
        ConnectTimeoutError(endpoint_url="https://voiceid.us-east-1.amazonaws.com"),
        ReadTimeoutError(endpoint_url="https://voiceid.us-east-1.amazonaws.com"),
    ],
    ids=type,
)
def test_connection_failures_become_a_chained_endpoint_error(
    voiceid: VoiceIDClient, raised: Exception
) -> None:
    def fail(**_: object) -> None:
        raise raised

    voiceid.meta.events.register("before-send.voice-id", fail)
    jobs = VoiceIdJobsClient(voiceid)

    with pytest.raises(EndpointError) as caught:
        jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert caught.value.__cause__ is raised
    assert caught.value.retryable


def test_an_exception_that_is_not_botocores_becomes_ours_with_it_chained(
    voiceid: VoiceIDClient,
) -> None:
    def fail(**_: object) -> None:
        raise KeyError("a bug in a handler")

    voiceid.meta.events.register("before-send.voice-id", fail)
    jobs = VoiceIdJobsClient(voiceid)

    with pytest.raises(MalformedResponseError) as caught:
        jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)
    assert caught.value.operation == "DescribeSpeakerEnrollmentJob"
    assert isinstance(caught.value.__cause__, KeyError)


def test_invalid_parameter_error_is_a_value_error_with_its_context() -> None:
    error = InvalidParameterError("domain_id", "short", "must be exactly 22 characters long")

    assert isinstance(error, ValueError)
    assert isinstance(error, VoiceIdJobsError)
    assert (error.field, error.value, error.rule) == (
        "domain_id",
        "short",
        "must be exactly 22 characters long",
    )
    assert str(error) == "domain_id: must be exactly 22 characters long (got 'short')"


def test_invalid_parameter_error_survives_pickling() -> None:
    error = InvalidParameterError("job_id", 3, "must be a str")

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object

    assert (copy.field, copy.value, copy.rule, str(copy)) == (
        "job_id",
        3,
        "must be a str",
        str(error),
    )


def _every_error() -> list[VoiceIdJobsError]:
    job = SpeakerEnrollmentJob(
        job_id=JOB_ID,
        domain_id=DOMAIN_ID,
        job_status=JobStatus.FAILED,
        failure_details=FailureDetails(message="no bucket", status_code=404),
    )
    service = {"operation": "StartSpeakerEnrollmentJob", "http_status": 400, "request_id": "r-1"}
    return [
        InvalidParameterError("job_name", "x", "must match", sensitive=True, request_id="r1"),
        ServiceError("odd", code="Odd", **service),
        ServiceQuotaExceededError("quota", code="ServiceQuotaExceededException", **service),
        ResourceNotFoundError(
            "gone", code="ResourceNotFoundException", resource_type="DOMAIN", **service
        ),
        ValidationError("bad", code="ValidationException", **service),
        ConflictError("busy", code="ConflictException", conflict_type="DOMAIN_LOCKED", **service),
        InternalServerError("oops", code="InternalServerException", **service),
        ThrottlingError("slow down", code="ThrottlingException", **service),
        AccessDeniedError("no", code="AccessDeniedException", **service),
        ServiceError("retry me", code="Odd", retryable=True, **service),
        MalformedResponseError("Job: not an object", operation="DescribeSpeakerEnrollmentJob"),
        EndpointError("could not connect"),
        JobFailedError(job),
        WaitTimeoutError(job, 30.0),
        OutputFileError("$.Errors[0]", "must be a JSON object", uri="s3://b/k.out"),
    ]


@pytest.mark.parametrize("error", _every_error(), ids=lambda error: type(error).__name__)
def test_every_error_survives_pickling_with_its_class_message_and_attributes(
    error: VoiceIdJobsError,
) -> None:
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object

    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
    assert copy.retryable == error.retryable


def test_retryable_is_set_per_error_by_its_class_or_its_caller() -> None:
    service = {"operation": "DescribeSpeakerEnrollmentJob"}

    assert ThrottlingError("slow", code="ThrottlingException", **service).retryable
    assert not ValidationError("bad", code="ValidationException", **service).retryable
    assert ServiceError("odd", code="Odd", retryable=True, **service).retryable
    assert not ThrottlingError("slow", code="Throttling", retryable=False, **service).retryable


def test_an_s3_error_code_is_mapped_by_the_s3_calls_not_by_voice_id_calls(
    voiceid: VoiceIDClient, stubber: Stubber
) -> None:
    stubber.add_client_error(
        "describe_speaker_enrollment_job", service_error_code="NoSuchKey", http_status_code=404
    )
    jobs = VoiceIdJobsClient(voiceid)

    with pytest.raises(ServiceError) as caught:
        jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert type(caught.value) is ServiceError
    assert caught.value.code == "NoSuchKey"
