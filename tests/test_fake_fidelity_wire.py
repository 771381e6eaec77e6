"""FakeVoiceId against the service's documentation, through a real boto3 client, twice.

Every test here runs in-process (the fake attached to a boto3 client) and over HTTP
(the local endpoint, ``python -m voiceid_jobs.testing.server``, in a subprocess), with
the same quotas: the behaviour a user's code sees must not depend on how it reaches
the fake. Each test names the documented behaviour; docs/fake-fidelity.md lists them
with their sources.
"""

from __future__ import annotations

import itertools
import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from conftest import NO_BOTOCORE_RETRIES, local_endpoint

from voiceid_jobs import (
    DuplicateRegistrationAction,
    EnrollmentConfig,
    EnrollmentJobOutput,
    ExistingEnrollmentAction,
    InputDataConfig,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RegistrationJobOutput,
    SpeakerEnrollmentJob,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
SPEAKERS_PER_DOMAIN = 3
FRAUDSTERS_PER_WATCHLIST = 2
ID = re.compile(r"[a-zA-Z0-9]{22}")
GENERATED_ID = re.compile(r"id#[a-zA-Z0-9]{22}")
_names = itertools.count(1)


@attrs.define
class Service:
    """A fake Voice ID service as a user's code reaches it, and the bucket of one test."""

    voiceid: Any
    """A boto3 voice-id client."""
    s3: Any
    """A boto3 s3 client."""
    jobs: VoiceIdJobsClient
    fail_next: Callable[[str, str], None]
    bucket: str = attrs.field(factory=lambda: f"fidelity-{next(_names)}")

    def new_domain(self) -> str:
        answer = self.voiceid.create_domain(
            Name=f"fidelity-{next(_names)}",
            ServerSideEncryptionConfiguration={"KmsKeyId": "alias/voiceid"},
        )
        domain_id: str = answer["Domain"]["DomainId"]
        return domain_id

    def put(self, key: str, body: bytes) -> str:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=body)
        return f"s3://{self.bucket}/{key}"

    def audio(self, key: str) -> list[dict[str, Any]]:
        return [{"S3Uri": f"s3://{self.bucket}/{key}", "ChannelId": 0}]

    def enroll(
        self, domain: str, requests: list[dict[str, Any]], **config: Any
    ) -> tuple[SpeakerEnrollmentJob, EnrollmentJobOutput]:
        """Run an enrollment job of a manifest written as any tool might write it."""
        key = f"manifests/{next(_names)}.json"
        manifest = {"Version": "1.0", "SpeakerEnrollmentRequests": requests}
        uri = self.put(key, json.dumps(manifest).encode())
        job = self.jobs.start_speaker_enrollment_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=InputDataConfig(s3_uri=uri),
            output_data_config=OutputDataConfig(s3_uri=f"s3://{self.bucket}/results"),
            **config,
        )
        done = self.jobs.wait_for_job(job)
        return done, self.jobs.read_job_output(done)

    def register(
        self, domain: str, requests: list[dict[str, Any]], config: RegistrationConfig | None = None
    ) -> RegistrationJobOutput:
        key = f"manifests/{next(_names)}.json"
        manifest = {"Version": "1.0", "FraudsterRegistrationRequests": requests}
        uri = self.put(key, json.dumps(manifest).encode())
        job = self.jobs.start_fraudster_registration_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=InputDataConfig(s3_uri=uri),
            output_data_config=OutputDataConfig(s3_uri=f"s3://{self.bucket}/results"),
            registration_config=config,
        )
        return self.jobs.read_job_output(self.jobs.wait_for_job(job))


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """The local endpoint, with the quotas the in-process fake gets below."""
    with local_endpoint(
        "--speakers-per-domain",
        str(SPEAKERS_PER_DOMAIN),
        "--fraudsters-per-watchlist",
        str(FRAUDSTERS_PER_WATCHLIST),
    ) as (_, url):
        yield url


def _fail_next_over_http(url: str) -> Callable[[str, str], None]:
    def fail_next(operation: str, code: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the local endpoint, over http
            url,
            data=json.dumps({"Operation": operation, "Code": code}).encode(),
            headers={
                "X-Amz-Target": "VoiceID.FakeVoiceIdFailNext",
                "Content-Type": "application/x-amz-json-1.0",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            assert answer.status == 200

    return fail_next


@pytest.fixture(params=["in-process", "http"])
def service(request: pytest.FixtureRequest) -> Service:
    if request.param == "in-process":
        shared: FakeVoiceId = request.getfixturevalue("fake_voiceid")
        fake = FakeVoiceId(
            s3_client=shared.s3_client,
            speakers_per_domain=SPEAKERS_PER_DOMAIN,
            fraudsters_per_watchlist=FRAUDSTERS_PER_WATCHLIST,
        )
        voiceid = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
        fake.attach(voiceid)
        s3 = fake.s3_client
        jobs = VoiceIdJobsClient(voiceid, s3_client=s3, sleep=fake.advance, clock=fake.now)
        fail_next: Callable[[str, str], None] = fake.fail_next
    else:
        url: str = request.getfixturevalue("server_url")
        voiceid = boto3.client(
            "voice-id", endpoint_url=url, region_name="us-east-1", config=NO_BOTOCORE_RETRIES
        )
        s3 = boto3.client(
            "s3",
            endpoint_url=url,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}),
        )
        jobs = VoiceIdJobsClient(voiceid, s3_client=s3, sleep=lambda _: None)
        fail_next = _fail_next_over_http(url)
    service = Service(voiceid=voiceid, s3=s3, jobs=jobs, fail_next=fail_next)
    s3.create_bucket(Bucket=service.bucket)
    for key, voice in (("a.wav", "a"), ("b.wav", "b"), ("c.wav", "c"), ("d.wav", "d")):
        service.put(key, make_wav(voice))
    return service


def test_bad_requests_are_error_entries_and_the_others_run(service: Service) -> None:
    """FailureDetails: "for individual request failures, the batch job as a whole doesn't
    fail; it is completed with a JobStatus of COMPLETED_WITH_ERRORS"."""
    service.put("CALL.WAV", make_wav("upper"))
    service.put("calls/1234", make_wav("bare"))
    domain = service.new_domain()

    done, output = service.enroll(
        domain,
        [
            {"RequestId": "good", "SpeakerId": "s1", "AudioSpecifications": service.audio("a.wav")},
            {
                "RequestId": "gone",
                "SpeakerId": "s2",
                "AudioSpecifications": service.audio("no.wav"),
            },
            {
                "RequestId": "upper",
                "SpeakerId": "s3",
                "AudioSpecifications": service.audio("CALL.WAV"),
            },
            {"RequestId": "nobody", "AudioSpecifications": service.audio("a.wav")},
        ],
    )

    assert done.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert {(e.request_id, e.error_code) for e in output.errors} == {("gone", 400), ("nobody", 400)}
    assert {s.request_id for s in output.successful_enrollments} == {"good", "upper"}


@pytest.mark.parametrize("content", [b"{not json", b"[" * 100_000, b"\xff\xfe"])
def test_a_manifest_that_is_not_json_fails_the_job(service: Service, content: bytes) -> None:
    """The job FAILS only when it cannot run at all, with FailureDetails."""
    uri = service.put("broken.json", content)
    domain = service.new_domain()
    job = service.jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri=uri),
        output_data_config=OutputDataConfig(s3_uri=f"s3://{service.bucket}/results"),
    )

    with pytest.raises(JobFailedError) as caught:
        service.jobs.wait_for_job(job)

    assert caught.value.job.job_status is JobStatus.FAILED
    details = caught.value.job.failure_details
    assert details is not None
    assert details.status_code == 400
    assert "not valid" in (details.message or "")


def test_ids_have_their_documented_forms_and_generated_ids_can_be_described(
    service: Service,
) -> None:
    """Job, domain and watchlist ids are 22 letters and digits; generated ids are id#
    and 22 of them, and DescribeSpeaker and DescribeFraudster take them."""
    domain = service.new_domain()
    done, enrolled = service.enroll(
        domain,
        [{"RequestId": "r1", "SpeakerId": "alice", "AudioSpecifications": service.audio("a.wav")}],
    )
    registered = service.register(
        domain, [{"RequestId": "f1", "AudioSpecifications": service.audio("b.wav")}]
    )
    watchlist = service.voiceid.describe_domain(DomainId=domain)["Domain"]["WatchlistDetails"]

    speaker_id = enrolled.successful_enrollments[0].generated_speaker_id or ""
    fraudster_id = registered.successful_registrations[0].generated_fraudster_id or ""
    assert ID.fullmatch(domain)
    assert ID.fullmatch(done.job_id or "")
    assert ID.fullmatch(watchlist["DefaultWatchlistId"])
    assert GENERATED_ID.fullmatch(speaker_id)
    assert GENERATED_ID.fullmatch(fraudster_id)
    speaker = service.voiceid.describe_speaker(DomainId=domain, SpeakerId=speaker_id)["Speaker"]
    fraudster = service.voiceid.describe_fraudster(DomainId=domain, FraudsterId=fraudster_id)
    assert speaker["CustomerSpeakerId"] == "alice"
    assert fraudster["Fraudster"]["WatchlistIds"] == [watchlist["DefaultWatchlistId"]]


def test_the_output_file_is_beside_the_job_id_under_the_output_folder(service: Service) -> None:
    """The output file is <output S3Uri>/<JobId>/<input file name>.out."""
    domain = service.new_domain()
    done, _ = service.enroll(
        domain,
        [{"RequestId": "r1", "SpeakerId": "s1", "AudioSpecifications": service.audio("a.wav")}],
    )
    name = (done.input_data_config.s3_uri if done.input_data_config else "").rsplit("/", 1)[-1]

    body = service.s3.get_object(Bucket=service.bucket, Key=f"results/{done.job_id}/{name}.out")

    assert json.loads(body["Body"].read())["Version"] == "1.0"


def test_duplicates_are_skipped_or_overwritten_as_the_config_says(service: Service) -> None:
    """ExistingEnrollmentAction SKIP (the default) gives DUPLICATE_SKIPPED; OVERWRITE gives
    ENROLLMENT_OVERWRITE, with the same generated id."""
    domain = service.new_domain()
    request = {
        "RequestId": "r1",
        "SpeakerId": "alice",
        "AudioSpecifications": service.audio("a.wav"),
    }
    _, first = service.enroll(domain, [request])
    _, skipped = service.enroll(domain, [request])
    _, overwritten = service.enroll(
        domain,
        [request],
        enrollment_config=EnrollmentConfig(
            existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE
        ),
    )

    assert first.successful_enrollments[0].enrollment_status == "NEW_ENROLLMENT"
    assert skipped.successful_enrollments[0].enrollment_status == "DUPLICATE_SKIPPED"
    assert overwritten.successful_enrollments[0].enrollment_status == "ENROLLMENT_OVERWRITE"
    ids = {
        output.successful_enrollments[0].generated_speaker_id
        for output in (first, skipped, overwritten)
    }
    assert len(ids) == 1


def test_a_duplicate_fraudster_is_skipped_with_its_score_and_register_as_new_has_none(
    service: Service,
) -> None:
    """FraudsterSimilarityScore is present on DUPLICATE_SKIPPED only."""
    domain = service.new_domain()
    same_voice = {"RequestId": "f1", "AudioSpecifications": service.audio("c.wav")}
    first = service.register(domain, [same_voice])
    skipped = service.register(domain, [same_voice])
    again = service.register(
        service.new_domain(),
        [same_voice, {"RequestId": "f2", "AudioSpecifications": service.audio("c.wav")}],
        RegistrationConfig(
            duplicate_registration_action=DuplicateRegistrationAction.REGISTER_AS_NEW
        ),
    )

    (new,) = first.successful_registrations
    (duplicate,) = skipped.successful_registrations
    assert new.registration_status == "NEW_REGISTRATION"
    assert new.fraudster_similarity_score is None
    assert duplicate.registration_status == "DUPLICATE_SKIPPED"
    assert duplicate.generated_fraudster_id == new.generated_fraudster_id
    assert duplicate.fraudster_similarity_score == 100
    assert [r.registration_status for r in again.successful_registrations] == [
        "NEW_REGISTRATION",
        "NEW_REGISTRATION",
    ]
    assert all(r.fraudster_similarity_score is None for r in again.successful_registrations)


def test_an_opted_out_speaker_gets_a_409_entry_and_keeps_its_status(service: Service) -> None:
    """OptOutSpeaker: "Enrollment and evaluation authentication requests are rejected for
    opted out speakers"; a speaker not yet known is created opted out. The output
    file's ErrorCode 409 is an opted-out speaker."""
    domain = service.new_domain()
    service.enroll(
        domain,
        [{"RequestId": "r1", "SpeakerId": "alice", "AudioSpecifications": service.audio("a.wav")}],
    )
    opted = service.voiceid.opt_out_speaker(DomainId=domain, SpeakerId="alice")["Speaker"]
    unknown = service.voiceid.opt_out_speaker(DomainId=domain, SpeakerId="carol")["Speaker"]

    done, output = service.enroll(
        domain,
        [
            {"RequestId": "a", "SpeakerId": "alice", "AudioSpecifications": service.audio("a.wav")},
            {"RequestId": "b", "SpeakerId": "bob", "AudioSpecifications": service.audio("b.wav")},
            {"RequestId": "c", "SpeakerId": "carol", "AudioSpecifications": service.audio("c.wav")},
        ],
    )

    assert (opted["Status"], unknown["Status"]) == ("OPTED_OUT", "OPTED_OUT")
    assert GENERATED_ID.fullmatch(unknown["GeneratedSpeakerId"])
    assert done.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert {(e.request_id, e.error_code) for e in output.errors} == {("a", 409), ("c", 409)}
    assert [s.request_id for s in output.successful_enrollments] == ["b"]
    described = service.voiceid.describe_speaker(DomainId=domain, SpeakerId="alice")
    assert described["Speaker"]["Status"] == "OPTED_OUT"


def test_a_new_speaker_beyond_the_domains_quota_is_a_402_entry(service: Service) -> None:
    """Speakers per domain is a quota; the output file's ErrorCode 402 is a quota."""
    domain = service.new_domain()
    requests = [
        {"RequestId": f"r{n}", "SpeakerId": f"s{n}", "AudioSpecifications": service.audio("a.wav")}
        for n in range(SPEAKERS_PER_DOMAIN + 1)
    ]

    done, output = service.enroll(domain, requests)
    _, again = service.enroll(domain, requests[:1])  # an enrolled speaker is not a new one

    assert done.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert [(e.request_id, e.error_code) for e in output.errors] == [
        (f"r{SPEAKERS_PER_DOMAIN}", 402)
    ]
    assert len(output.successful_enrollments) == SPEAKERS_PER_DOMAIN
    assert again.successful_enrollments[0].enrollment_status == "DUPLICATE_SKIPPED"


def test_a_new_fraudster_beyond_the_watchlists_quota_is_a_402_entry(service: Service) -> None:
    """Fraudsters per watchlist is a quota; the output file's ErrorCode 402 is a quota."""
    domain = service.new_domain()
    requests = [
        {"RequestId": f"f{n}", "AudioSpecifications": service.audio(f"{voice}.wav")}
        for n, voice in enumerate("abc")
    ]

    output = service.register(domain, requests)

    assert len(output.successful_registrations) == FRAUDSTERS_PER_WATCHLIST
    assert [(e.request_id, e.error_code) for e in output.errors] == [("f2", 402)]


def test_a_second_active_job_in_a_domain_is_a_service_quota_error(service: Service) -> None:
    """One active job of each type per domain (quotas); ServiceQuotaExceeded is 402."""
    domain = service.new_domain()
    requests = [  # enough that the job is still running at the second Start
        {"RequestId": f"r{n}", "SpeakerId": f"s{n}", "AudioSpecifications": service.audio("a.wav")}
        for n in range(100)
    ]
    manifest = {"Version": "1.0", "SpeakerEnrollmentRequests": requests}
    uri = service.put("long.json", json.dumps(manifest).encode())
    arguments = {
        "DomainId": domain,
        "DataAccessRoleArn": ROLE,
        "InputDataConfig": {"S3Uri": uri},
        "OutputDataConfig": {"S3Uri": f"s3://{service.bucket}/results"},
    }
    service.voiceid.start_speaker_enrollment_job(**arguments, ClientToken="first")

    with pytest.raises(ClientError) as caught:
        service.voiceid.start_speaker_enrollment_job(**arguments, ClientToken="second")

    assert caught.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402


def test_start_is_idempotent_on_its_client_token(service: Service) -> None:
    """ClientToken: the same token and parameters give back the same job; other
    parameters with it are a ConflictException (409)."""
    domain = service.new_domain()
    arguments = {
        "DomainId": domain,
        "DataAccessRoleArn": ROLE,
        "InputDataConfig": {"S3Uri": f"s3://{service.bucket}/m.json"},
        "OutputDataConfig": {"S3Uri": f"s3://{service.bucket}/results"},
        "ClientToken": "the-one-token",
    }
    first = service.voiceid.start_speaker_enrollment_job(**arguments)["Job"]
    again = service.voiceid.start_speaker_enrollment_job(**arguments)["Job"]

    with pytest.raises(ClientError) as caught:
        service.voiceid.start_speaker_enrollment_job(**{**arguments, "JobName": "other"})

    assert again["JobId"] == first["JobId"]
    assert caught.value.response["Error"]["Code"] == "ConflictException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("ValidationException", 400),
        ("AccessDeniedException", 403),
        ("ResourceNotFoundException", 404),
        ("ThrottlingException", 429),
        ("InternalServerException", 500),
    ],
)
def test_errors_have_their_status_both_message_casings_and_the_error_type_header(
    service: Service, code: str, status: int
) -> None:
    """The Smithy model's statuses; the model's top-level Message; X-Amzn-ErrorType."""
    domain = service.new_domain()
    service.fail_next("DescribeDomain", code)

    with pytest.raises(ClientError) as caught:
        service.voiceid.describe_domain(DomainId=domain)

    response: Any = caught.value.response
    assert response["Error"]["Code"] == code
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == code
    assert response["Message"] == response["Error"]["Message"] != ""
    assert service.voiceid.describe_domain(DomainId=domain)["Domain"]["DomainId"] == domain


def test_a_value_the_model_forbids_is_a_validation_error_naming_the_member(
    service: Service,
) -> None:
    """Values the model forbids are a ValidationException (400)."""
    with pytest.raises(ClientError) as caught:
        service.voiceid.describe_speaker_enrollment_job(
            DomainId="x" * 22, JobId="not-an-id-" * 2 + "!!"
        )

    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "jobid" in caught.value.response["Error"]["Message"].lower()


def test_list_pages_in_creation_order_and_an_empty_token_is_the_first_page(
    service: Service,
) -> None:
    """MaxResults is a page; NextToken may be empty (length 0 is allowed)."""
    domain = service.new_domain()
    made = []
    for n in range(3):
        done, _ = service.enroll(
            domain,
            [
                {
                    "RequestId": "r",
                    "SpeakerId": f"s{n}",
                    "AudioSpecifications": service.audio("a.wav"),
                }
            ],
        )
        made.append(done.job_id)

    first = service.voiceid.list_speaker_enrollment_jobs(DomainId=domain, MaxResults=2)
    second = service.voiceid.list_speaker_enrollment_jobs(
        DomainId=domain, MaxResults=2, NextToken=first["NextToken"]
    )
    from_empty = service.voiceid.list_speaker_enrollment_jobs(DomainId=domain, NextToken="")

    assert [s["JobId"] for s in first["JobSummaries"] + second["JobSummaries"]] == made
    assert "NextToken" not in second
    assert [s["JobId"] for s in from_empty["JobSummaries"]] == made


def test_each_malformed_request_is_its_own_error_entry(service: Service) -> None:
    """The schema's members, each broken in one request; the other requests run."""
    good = service.audio("a.wav")
    domain = service.new_domain()
    broken: list[Any] = [
        "not an object",
        {"SpeakerId": "s-no-id", "AudioSpecifications": good},
        {"RequestId": "dup", "SpeakerId": "s-dup-1", "AudioSpecifications": good},
        {"RequestId": "dup", "SpeakerId": "s-dup-2", "AudioSpecifications": good},
        {"RequestId": "no-audio", "SpeakerId": "s1"},
        {"RequestId": "audio-not-list", "SpeakerId": "s2", "AudioSpecifications": "a.wav"},
        {"RequestId": "too-many", "SpeakerId": "s3", "AudioSpecifications": good * 11},
        {"RequestId": "spec-not-object", "SpeakerId": "s4", "AudioSpecifications": ["x"]},
        {"RequestId": "no-uri", "SpeakerId": "s5", "AudioSpecifications": [{"ChannelId": 0}]},
        {
            "RequestId": "bad-uri",
            "SpeakerId": "s6",
            "AudioSpecifications": [{"S3Uri": "https://x/a.wav", "ChannelId": 0}],
        },
        {
            "RequestId": "no-channel",
            "SpeakerId": "s7",
            "AudioSpecifications": [{"S3Uri": good[0]["S3Uri"]}],
        },
        {
            "RequestId": "channel-2",
            "SpeakerId": "s8",
            "AudioSpecifications": [{"S3Uri": good[0]["S3Uri"], "ChannelId": 2}],
        },
        {"RequestId": "bad-speaker", "SpeakerId": "-x", "AudioSpecifications": good},
        {"RequestId": "fine", "SpeakerId": "s-fine", "AudioSpecifications": good},
    ]

    done, output = service.enroll(domain, broken)

    assert done.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert [s.request_id for s in output.successful_enrollments] == ["dup", "fine"]
    assert {e.error_code for e in output.errors} == {400}
    assert [e.request_id for e in output.errors] == [
        None,
        None,
        "dup",
        "no-audio",
        "audio-not-list",
        "too-many",
        "spec-not-object",
        "no-uri",
        "bad-uri",
        "no-channel",
        "channel-2",
        "bad-speaker",
    ]
    assert all(e.error_message for e in output.errors)
