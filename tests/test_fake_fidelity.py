"""FakeVoiceId against the service's documentation, through real boto3 clients.

Each test names the documented behaviour it holds the fake to; docs/fake-fidelity.md
lists them with their sources.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from conftest import NO_BOTOCORE_RETRIES, Endpoint

from voiceid_jobs import (
    AccessDeniedError,
    AudioSpecification,
    DuplicateRegistrationAction,
    InputDataConfig,
    InvalidParameterError,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RetryPolicy,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    ThrottlingError,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://fidelity/results")


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    fake_voiceid.s3_client.create_bucket(Bucket="fidelity")
    for key, voice in (("good.wav", "a"), ("CALL.WAV", "b"), ("calls/1234", "c")):
        fake_voiceid.s3_client.put_object(Bucket="fidelity", Key=key, Body=make_wav(voice))
    return fake_voiceid.create_domain("fidelity")


def start_raw_manifest(
    jobs: VoiceIdJobsClient, fake: FakeVoiceId, domain: str, manifest: dict[str, Any]
) -> Any:
    """Stage a manifest as JSON, as any tool might write it (our models would refuse some)."""
    fake.s3_client.put_object(Bucket="fidelity", Key="m.json", Body=json.dumps(manifest).encode())
    return jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://fidelity/m.json"),
        output_data_config=OUTPUT,
    )


def audio(key: str) -> list[dict[str, Any]]:
    return [{"S3Uri": f"s3://fidelity/{key}", "ChannelId": 0}]


def test_bad_requests_are_error_entries_and_the_job_completes_with_errors(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    manifest = {
        "Version": "1.0",
        "SpeakerEnrollmentRequests": [
            {"RequestId": "good", "SpeakerId": "s-good", "AudioSpecifications": audio("good.wav")},
            {"RequestId": "missing", "SpeakerId": "s-miss", "AudioSpecifications": audio("no.wav")},
            {
                "RequestId": "upper",
                "SpeakerId": "s-upper",
                "AudioSpecifications": audio("CALL.WAV"),
            },
            {
                "RequestId": "bare",
                "SpeakerId": "s-bare",
                "AudioSpecifications": audio("calls/1234"),
            },
            {"RequestId": "nobody", "AudioSpecifications": audio("good.wav")},
        ],
    }
    job = start_raw_manifest(fake_voiceid_jobs, fake_voiceid, domain, manifest)

    done = fake_voiceid_jobs.wait_for_job(job)
    output = fake_voiceid_jobs.read_job_output(done)

    assert done.job_status == "COMPLETED_WITH_ERRORS"
    assert {(e.request_id, e.error_code) for e in output.errors} == {
        ("missing", 400),
        ("nobody", 400),
    }
    assert {s.request_id for s in output.successful_enrollments} == {"good", "upper", "bare"}


def test_register_as_new_carries_no_similarity_score_and_its_id_can_be_described(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    manifest = {
        "Version": "1.0",
        "FraudsterRegistrationRequests": [
            {"RequestId": "f1", "AudioSpecifications": audio("good.wav")},
            {"RequestId": "f2", "AudioSpecifications": audio("good.wav")},
        ],
    }
    fake_voiceid.s3_client.put_object(Bucket="fidelity", Key="f.json", Body=json.dumps(manifest))
    job = fake_voiceid_jobs.start_fraudster_registration_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://fidelity/f.json"),
        output_data_config=OUTPUT,
        registration_config=RegistrationConfig(
            duplicate_registration_action=DuplicateRegistrationAction.REGISTER_AS_NEW
        ),
    )

    output = fake_voiceid_jobs.read_job_output(fake_voiceid_jobs.wait_for_job(job))

    assert [s.registration_status for s in output.successful_registrations] == [
        "NEW_REGISTRATION",
        "NEW_REGISTRATION",
    ]
    assert all(s.fraudster_similarity_score is None for s in output.successful_registrations)
    for entry in output.successful_registrations:
        described = fake_voiceid_jobs.client.describe_fraudster(
            DomainId=domain, FraudsterId=entry.generated_fraudster_id or ""
        )
        assert described["Fraudster"]["GeneratedFraudsterId"] == entry.generated_fraudster_id


@pytest.mark.parametrize(
    ("code", "status", "members"),
    [
        ("ValidationException", 400, {}),
        ("ServiceQuotaExceededException", 402, {}),
        ("AccessDeniedException", 403, {}),
        ("ResourceNotFoundException", 404, {"ResourceType": "BATCH_JOB"}),
        ("ConflictException", 409, {"ConflictType": "CONCURRENT_CHANGES"}),
        ("ThrottlingException", 429, {}),
        ("InternalServerException", 500, {}),
    ],
)
def test_fail_next_answers_with_the_documented_error_status_and_members(
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    code: str,
    status: int,
    members: dict[str, str],
) -> None:
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", code)  # it documents all seven
    raw = fake_voiceid_jobs.client
    start: Any = {
        "DomainId": domain,
        "DataAccessRoleArn": ROLE,
        "InputDataConfig": {"S3Uri": "s3://fidelity/m.json"},
        "OutputDataConfig": {"S3Uri": "s3://fidelity/results"},
        "ClientToken": "the-same-token",
    }

    with pytest.raises(ClientError) as caught:
        raw.start_speaker_enrollment_job(**start)
    answered = raw.start_speaker_enrollment_job(**start)

    response: Any = caught.value.response
    assert response["Error"]["Code"] == code
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == code
    assert response["Message"] == response["Error"]["Message"] != ""
    for member, value in members.items():
        assert response[member] == value
    assert answered["Job"]["JobStatus"] == "SUBMITTED"


def test_a_throttled_start_is_retried_with_its_token_and_makes_one_job(
    fake_voiceid: FakeVoiceId, domain: str
) -> None:
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    fake_voiceid.attach(client)
    jobs = VoiceIdJobsClient(
        client,
        s3_client=fake_voiceid.s3_client,
        retry=RetryPolicy(max_attempts=3, initial_delay=1.0),
        sleep=fake_voiceid.advance,
        clock=fake_voiceid.now,
    )
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", "ThrottlingException", times=2)

    job = jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://fidelity/m.json"),
        output_data_config=OUTPUT,
    )

    assert fake_voiceid.calls.count("StartSpeakerEnrollmentJob") == 3
    assert [s.job_id for s in jobs.list_speaker_enrollment_jobs(domain_id=domain)] == [job.job_id]
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", "ThrottlingException", times=3)
    with pytest.raises(ThrottlingError):
        jobs.start_speaker_enrollment_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=InputDataConfig(s3_uri="s3://fidelity/other.json"),
            output_data_config=OUTPUT,
        )


def test_an_empty_next_token_is_the_first_page(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    page = fake_voiceid_jobs.client.list_speaker_enrollment_jobs(DomainId=domain, NextToken="")

    assert page["JobSummaries"] == []


def test_the_quotas_are_constructor_arguments_with_the_services_defaults(
    fake_voiceid: FakeVoiceId,
) -> None:
    roomy = FakeVoiceId(
        s3_client=fake_voiceid.s3_client, active_jobs_per_domain=2, requests_per_enrollment_job=1
    )
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    roomy.attach(client)
    jobs = VoiceIdJobsClient(
        client, s3_client=roomy.s3_client, sleep=roomy.advance, clock=roomy.now
    )
    roomy.s3_client.create_bucket(Bucket="fidelity")
    roomy.s3_client.put_object(Bucket="fidelity", Key="a.wav", Body=make_wav("a"))
    two = {
        "Version": "1.0",
        "SpeakerEnrollmentRequests": [
            {"RequestId": f"r{n}", "SpeakerId": f"s{n}", "AudioSpecifications": audio("a.wav")}
            for n in (1, 2)
        ],
    }
    domain = roomy.create_domain("roomy")
    first = start_raw_manifest(jobs, roomy, domain, two)
    second = start_raw_manifest(jobs, roomy, domain, two)  # a second active job is allowed

    with pytest.raises(JobFailedError) as caught:
        jobs.wait_for_job(first)

    assert second.job_id != first.job_id
    details = caught.value.job.failure_details
    assert details is not None
    assert "at most 1" in (details.message or "")


def test_fail_next_works_over_http_for_any_client(endpoint: Endpoint) -> None:
    request = urllib.request.Request(  # noqa: S310 - the local endpoint, over http
        endpoint.url,
        data=json.dumps(
            {"Operation": "DescribeDomain", "Code": "AccessDeniedException", "Times": 1}
        ).encode(),
        headers={
            "X-Amz-Target": "VoiceID.FakeVoiceIdFailNext",
            "Content-Type": "application/x-amz-json-1.0",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        assert answer.status == 200

    client = boto3.client("voice-id", endpoint_url=endpoint.url, region_name="us-east-1")
    with pytest.raises(ClientError) as caught:
        client.describe_domain(DomainId=endpoint.domain_id)

    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    assert client.describe_domain(DomainId=endpoint.domain_id)["Domain"]["DomainId"]


@pytest.mark.parametrize("body", [b"{not json", b"[" * 100_000, b"\xff\xfe"])
def test_a_body_that_is_not_json_is_a_400_serialization_error_over_http(
    endpoint: Endpoint, body: bytes
) -> None:
    request = urllib.request.Request(  # noqa: S310 - the local endpoint, over http
        endpoint.url,
        data=body,
        headers={
            "X-Amz-Target": "VoiceID.DescribeDomain",
            "Content-Type": "application/x-amz-json-1.0",
        },
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310

    assert caught.value.code == 400
    assert json.loads(caught.value.read())["__type"] == "SerializationException"


def test_above_the_request_rate_the_job_operations_are_throttled_on_the_fakes_clock(
    fake_voiceid: FakeVoiceId,
) -> None:
    limited = FakeVoiceId(s3_client=fake_voiceid.s3_client, requests_per_second=2)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    limited.attach(client)
    domain = limited.create_domain("limited")

    answered = [client.list_speaker_enrollment_jobs(DomainId=domain) for _ in range(2)]
    with pytest.raises(ClientError) as caught:
        client.list_speaker_enrollment_jobs(DomainId=domain)
    limited.advance(0.5)
    after_half_a_second = client.list_fraudster_registration_jobs(DomainId=domain)
    described = client.describe_domain(DomainId=domain)  # not a job operation: not counted

    assert len(answered) == 2
    assert caught.value.response["Error"]["Code"] == "ThrottlingException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert after_half_a_second["JobSummaries"] == []
    assert described["Domain"]["DomainId"] == domain


def test_a_client_waiting_within_the_rate_is_never_throttled(
    fake_voiceid: FakeVoiceId, domain: str
) -> None:
    limited = FakeVoiceId(s3_client=fake_voiceid.s3_client, requests_per_second=2)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    limited.attach(client)
    statuses: list[int] = []
    client.meta.events.register(
        "after-call.voice-id",
        lambda http_response, **_: statuses.append(http_response.status_code),
    )
    jobs = VoiceIdJobsClient(
        client, s3_client=limited.s3_client, sleep=limited.advance, clock=limited.now
    )
    own_domain = limited.create_domain("limited")
    job = start_raw_manifest(
        jobs,
        limited,
        own_domain,
        {
            "Version": "1.0",
            "SpeakerEnrollmentRequests": [
                {"RequestId": "r1", "SpeakerId": "s1", "AudioSpecifications": audio("good.wav")}
            ],
        },
    )

    done = jobs.wait_for_job(job)

    assert done.job_status == "COMPLETED"
    assert len(statuses) >= 3  # the Start and at least two Describes
    assert set(statuses) == {200}


def test_a_request_with_too_little_speech_is_an_error_entry(
    fake_voiceid: FakeVoiceId, domain: str
) -> None:
    strict = FakeVoiceId(s3_client=fake_voiceid.s3_client, min_speech_seconds=30)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    strict.attach(client)
    jobs = VoiceIdJobsClient(
        client, s3_client=strict.s3_client, sleep=strict.advance, clock=strict.now
    )
    strict.s3_client.put_object(
        Bucket="fidelity", Key="long.wav", Body=make_wav("long", seconds=31)
    )
    own_domain = strict.create_domain("strict")
    job = start_raw_manifest(
        jobs,
        strict,
        own_domain,
        {
            "Version": "1.0",
            "SpeakerEnrollmentRequests": [
                {"RequestId": "short", "SpeakerId": "s1", "AudioSpecifications": audio("good.wav")},
                {"RequestId": "long", "SpeakerId": "s2", "AudioSpecifications": audio("long.wav")},
            ],
        },
    )

    output = jobs.read_job_output(jobs.wait_for_job(job))

    assert [(e.request_id, e.error_code) for e in output.errors] == [("short", 400)]
    assert "Not enough speech" in (output.errors[0].error_message or "")
    assert [s.request_id for s in output.successful_enrollments] == ["long"]


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("speakers_per_domain", 0),
        ("fraudsters_per_watchlist", -1),
        ("active_jobs_per_domain", 0),
        ("requests_per_enrollment_job", 2.5),
        ("requests_per_registration_job", True),
        ("min_speech_seconds", -1.0),
        ("queue_seconds", float("nan")),
        ("seconds_per_request", "1"),
    ],
)
def test_a_quota_or_duration_the_fake_cannot_use_is_refused_naming_it(
    fake_voiceid: FakeVoiceId, argument: str, value: object
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        FakeVoiceId(s3_client=fake_voiceid.s3_client, **{argument: value})

    assert caught.value.field == argument


def test_the_local_endpoint_refuses_a_quota_it_cannot_use_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voiceid_jobs.testing.server", "--speakers-per-domain", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].endswith(
        "error: speakers_per_domain: must be a positive integer, or None (got 0)"
    )
    assert "Traceback" not in result.stderr


def test_an_audio_file_that_changes_is_heard_again(fake_voiceid: FakeVoiceId, domain: str) -> None:
    uri = "s3://fidelity/good.wav"
    before = fake_voiceid.voice_of(uri)
    fake_voiceid.s3_client.put_object(Bucket="fidelity", Key="good.wav", Body=make_wav("other"))

    after = fake_voiceid.voice_of(uri)

    assert after != before
    assert fake_voiceid.voice_of(uri) == after


@pytest.mark.parametrize(
    ("operation", "code", "times", "field"),
    [
        ("PutObjects", "ThrottlingException", 1, "operation"),
        ("start_speaker_enrollment_job", "ThrottlingException", 1, "operation"),
        ("StartSpeakerEnrollmentJob ", "ThrottlingException", 1, "operation"),
        ("FakeVoiceIdFailNext", "ThrottlingException", 1, "operation"),
        ("DescribeSpeakerEnrollmentJob", "ConflictException", 1, "code"),
        ("ListSpeakerEnrollmentJobs", "ServiceQuotaExceededException", 1, "code"),
        ("PutObject", "ThrottlingException", 1, "code"),
        ("StartSpeakerEnrollmentJob", "ThrottlingException", 0, "times"),
        ("StartSpeakerEnrollmentJob", "ThrottlingException", 1001, "times"),
        ("StartSpeakerEnrollmentJob", "ThrottlingException", True, "times"),
    ],
)
def test_fail_next_refuses_what_could_never_fire(
    fake_voiceid: FakeVoiceId, operation: str, code: str, times: int, field: str
) -> None:
    """The codes an operation documents are botocore's service model's, not ours."""
    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid.fail_next(operation, code, times=times)

    assert caught.value.field == field


def test_fail_next_over_http_refuses_an_operation_the_fake_does_not_serve(
    endpoint: Endpoint,
) -> None:
    request = urllib.request.Request(  # noqa: S310 - the local endpoint, over http
        endpoint.url,
        data=json.dumps(
            {"Operation": "DescribeSpeakerEnrolmentJob", "Code": "ThrottlingException"}
        ).encode(),
        headers={
            "X-Amz-Target": "VoiceID.FakeVoiceIdFailNext",
            "Content-Type": "application/x-amz-json-1.0",
        },
        method="POST",
    )

    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310

    assert caught.value.code == 400
    answer = json.loads(caught.value.read())
    assert answer["__type"].endswith("ValidationException")
    assert "must be one of" in (answer.get("message") or answer.get("Message"))


def test_s3_faults_reach_the_client_that_writes_and_reads_the_batch_files(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="alice",
                audio_specifications=(
                    AudioSpecification(s3_uri="s3://fidelity/alice.wav", channel_id=0),
                ),
            ),
        )
    )
    fake_voiceid.fail_next("PutObject", "AccessDenied")

    with pytest.raises(AccessDeniedError):
        fake_voiceid_jobs.upload_manifest(manifest, "s3://fidelity/m.json")
    config = fake_voiceid_jobs.upload_manifest(manifest, "s3://fidelity/m.json")  # once only
    assert config.s3_uri == "s3://fidelity/m.json"

    fake_voiceid.fail_next("GetObject", "SlowDown", times=2)
    with pytest.raises(ThrottlingError):
        fake_voiceid_jobs.job_outcomes(
            SpeakerEnrollmentJob(
                job_id="J0b1d00000000000000001",
                domain_id=domain,
                job_status=JobStatus.COMPLETED,
                input_data_config=config,
                output_data_config=OUTPUT,
            )
        )


def _raw(endpoint: Endpoint, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
    """Send bytes to the local endpoint over a plain socket; its status and JSON answer."""
    import http.client

    host, _, port = endpoint.url.removeprefix("http://").partition(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("POST", "/")
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        if body:
            connection.send(body)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read() or b"null")
    finally:
        connection.close()


VOICE_ID = {"X-Amz-Target": "VoiceID.ListDomains", "Content-Type": "application/x-amz-json-1.0"}


@pytest.mark.parametrize("body", [b"[1]", b"null", b"42", b'"text"'])
def test_a_body_that_is_json_but_not_an_object_is_a_serialization_error(
    endpoint: Endpoint, body: bytes
) -> None:
    status, answer = _raw(endpoint, body, {**VOICE_ID, "Content-Length": str(len(body))})

    assert status == 400
    assert answer["__type"] == "SerializationException"
    assert answer["Message"] == answer["message"] != ""


def test_a_bad_content_length_is_a_serialization_error(endpoint: Endpoint) -> None:
    status, answer = _raw(endpoint, b"", {**VOICE_ID, "Content-Length": "-5"})

    assert status == 400
    assert answer["__type"] == "SerializationException"


def test_a_body_over_the_documented_limit_is_refused_unread(endpoint: Endpoint) -> None:
    declared = {**VOICE_ID, "Content-Length": str(300 * 1024 * 1024)}

    status, answer = _raw(endpoint, b"", declared)  # 300 MB announced, none sent

    assert status == 413
    assert "1048576 bytes" in answer["Message"]


def test_a_chunked_body_is_read(endpoint: Endpoint) -> None:
    chunk = b"{}"
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(chunk), chunk)

    status, answer = _raw(endpoint, chunked, {**VOICE_ID, "Transfer-Encoding": "chunked"})

    assert status == 200
    assert "DomainSummaries" in answer


def test_a_target_that_is_not_voice_id_is_refused_not_sent_to_s3(endpoint: Endpoint) -> None:
    status, answer = _raw(
        endpoint, b"{}", {"X-Amz-Target": "Kinesis.ListStreams", "Content-Length": "2"}
    )

    assert status == 400
    assert answer["__type"] == "UnknownOperationException"


@pytest.mark.parametrize(
    ("operation", "most"),
    [
        ("ListSpeakers", 100),
        ("ListFraudsters", 100),
        ("ListWatchlists", 100),
        ("ListDomains", 10),
        ("ListSpeakerEnrollmentJobs", 100),
    ],
)
@pytest.mark.parametrize("size", ["low", "negative", "high", "text", "bool"])
def test_a_list_refuses_a_max_results_outside_the_models_range(
    fake_voiceid: FakeVoiceId, domain: str, operation: str, most: int, size: str
) -> None:
    """The ranges are the service model's: MaxResultsForList 1-100, ListDomains' 1-10.

    A value that is not a JSON integer is a SerializationException, as the JSON
    protocol's services answer a member they cannot read as its type.
    """
    value = {"low": 0, "negative": -5, "high": most + 1, "text": "x", "bool": True}[size]
    params: dict[str, Any] = {"MaxResults": value}
    if operation != "ListDomains":
        params["DomainId"] = domain
    if operation == "ListFraudsters":
        params["WatchlistId"] = fake_voiceid.default_watchlist_id(domain)

    status, answer = fake_voiceid.handle(operation, params)
    good_status, _ = fake_voiceid.handle(operation, {**params, "MaxResults": most})

    assert status == 400
    wrong_type = size in {"text", "bool"}  # the JSON protocol cannot read it as an integer
    assert answer["__type"] == ("SerializationException" if wrong_type else "ValidationException")
    assert "maxResults" in answer["message"]
    assert good_status == 200
