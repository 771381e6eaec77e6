"""upload_manifest and read_job_output against moto's in-process S3."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import boto3
import pytest
from moto import mock_aws
from test_output import ENROLLMENT_OUTPUT, REGISTRATION_OUTPUT

from voiceid_jobs import (
    AccessDeniedError,
    AudioSpecification,
    EnrollmentJobOutput,
    FraudsterRegistrationJob,
    InputDataConfig,
    InvalidParameterError,
    JobStatus,
    OutputDataConfig,
    OutputFileError,
    RegistrationJobOutput,
    ResourceNotFoundError,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)

from samples import DOMAIN_ID, JOB_ID

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_voice_id import VoiceIDClient


MANIFEST = SpeakerEnrollmentManifest(
    speaker_enrollment_requests=(
        SpeakerEnrollmentRequest(
            request_id="r1",
            speaker_id="customer-speaker-1",
            audio_specifications=(
                AudioSpecification(s3_uri="s3://audio-bucket/a.wav", channel_id=0),
            ),
        ),
    )
)


@pytest.fixture
def s3() -> Iterator[S3Client]:
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="voiceid-in")
        client.create_bucket(Bucket="voiceid-out")
        yield client


@pytest.fixture
def jobs(voiceid: VoiceIDClient, s3: S3Client) -> VoiceIdJobsClient:
    return VoiceIdJobsClient(voiceid, s3_client=s3)


def ended(cls: type, status: JobStatus = JobStatus.COMPLETED, **fields: object) -> object:
    return cls(
        job_id=JOB_ID,
        domain_id=DOMAIN_ID,
        job_status=status,
        input_data_config=InputDataConfig(s3_uri="s3://voiceid-in/batch/enroll.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://voiceid-out/results"),
        **fields,
    )


def test_upload_manifest_writes_utf8_json_and_returns_the_input_config(
    jobs: VoiceIdJobsClient, s3: S3Client
) -> None:
    config = jobs.upload_manifest(MANIFEST, "s3://voiceid-in/batch/enroll.json")

    stored = s3.get_object(Bucket="voiceid-in", Key="batch/enroll.json")
    assert config == InputDataConfig(s3_uri="s3://voiceid-in/batch/enroll.json")
    assert stored["ContentType"] == "application/json"
    assert SpeakerEnrollmentManifest.from_json(stored["Body"].read().decode("utf-8")) == MANIFEST


def test_read_job_output_reads_the_documented_path_for_an_enrollment_job(
    jobs: VoiceIdJobsClient, s3: S3Client
) -> None:
    s3.put_object(
        Bucket="voiceid-out",
        Key=f"results/{JOB_ID}/enroll.json.out",
        Body=json.dumps(ENROLLMENT_OUTPUT).encode(),
    )

    output = jobs.read_job_output(ended(SpeakerEnrollmentJob))  # type: ignore[call-overload]

    assert type(output) is EnrollmentJobOutput
    assert output.outcome("r1") == output.successful_enrollments[0]


def test_read_job_output_of_a_registration_job_gives_its_output(
    jobs: VoiceIdJobsClient, s3: S3Client
) -> None:
    s3.put_object(
        Bucket="voiceid-out",
        Key=f"results/{JOB_ID}/enroll.json.out",
        Body=json.dumps(REGISTRATION_OUTPUT).encode(),
    )
    job = ended(FraudsterRegistrationJob, JobStatus.COMPLETED_WITH_ERRORS)

    output = jobs.read_job_output(job)  # type: ignore[call-overload]

    assert type(output) is RegistrationJobOutput
    assert len(output.successful_registrations) == 2


def test_a_missing_output_file_is_resource_not_found(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        jobs.read_job_output(ended(SpeakerEnrollmentJob))  # type: ignore[call-overload]

    assert caught.value.code == "NoSuchKey"
    assert caught.value.resource_type == "S3_OBJECT"
    assert caught.value.http_status == 404
    assert caught.value.operation == "GetObject"


def test_a_job_that_has_not_ended_has_no_output_to_read(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.read_job_output(ended(SpeakerEnrollmentJob, JobStatus.IN_PROGRESS))  # type: ignore[call-overload]

    assert caught.value.field == "job"
    assert "must have ended" in caught.value.rule


def test_a_job_without_its_data_configs_cannot_be_located(jobs: VoiceIdJobsClient) -> None:
    job = SpeakerEnrollmentJob(job_id=JOB_ID, job_status=JobStatus.COMPLETED)

    with pytest.raises(InvalidParameterError):
        jobs.read_job_output(job)


def test_an_output_file_that_does_not_parse_names_its_uri(
    jobs: VoiceIdJobsClient, s3: S3Client
) -> None:
    s3.put_object(Bucket="voiceid-out", Key=f"results/{JOB_ID}/enroll.json.out", Body=b"<html>")

    with pytest.raises(OutputFileError) as caught:
        jobs.read_job_output(ended(SpeakerEnrollmentJob))  # type: ignore[call-overload]

    assert caught.value.uri == f"s3://voiceid-out/results/{JOB_ID}/enroll.json.out"
    assert caught.value.path == "$"


def test_upload_to_a_missing_bucket_is_a_typed_error(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        jobs.upload_manifest(MANIFEST, "s3://no-such-bucket/enroll.json")

    assert caught.value.code == "NoSuchBucket"


def test_s3_access_denied_is_a_typed_error(jobs: VoiceIdJobsClient, s3: S3Client) -> None:
    def deny(**_: object) -> None:
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "PutObject")

    s3.meta.events.register("before-call.s3.PutObject", deny)

    with pytest.raises(AccessDeniedError):
        jobs.upload_manifest(MANIFEST, "s3://voiceid-in/enroll.json")


@pytest.mark.parametrize(
    "uri", ["s3://voiceid-in", "s3://voiceid-in/", "s3://voiceid-in/folder/", "gs://x/y"]
)
def test_upload_needs_an_object_uri(jobs: VoiceIdJobsClient, uri: str) -> None:
    with pytest.raises(InvalidParameterError):
        jobs.upload_manifest(MANIFEST, uri)


def test_upload_refuses_what_is_not_a_manifest(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.upload_manifest({"Version": "1.0"}, "s3://voiceid-in/m.json")  # type: ignore[arg-type]

    assert caught.value.field == "manifest"


def test_s3_methods_need_an_s3_client(voiceid: VoiceIDClient) -> None:
    jobs = VoiceIdJobsClient(voiceid)

    with pytest.raises(InvalidParameterError) as caught:
        jobs.upload_manifest(MANIFEST, "s3://voiceid-in/enroll.json")

    assert caught.value.field == "s3_client"
