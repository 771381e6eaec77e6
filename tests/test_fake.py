"""FakeVoiceId behaves as the service documents, through real botocore clients."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from voiceid_jobs import (
    AudioSpecification,
    ConflictError,
    DuplicateRegistrationAction,
    EnrollmentConfig,
    EnrollmentJobOutput,
    EnrollmentStatus,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    InputDataConfig,
    InvalidParameterError,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RegistrationJobOutput,
    RegistrationStatus,
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
    join_outcomes,
)
from voiceid_jobs.testing import (
    FakeVoiceId,
    describe_job_params,
    job_response,
    make_wav,
    start_speaker_enrollment_job_params,
)

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://results/jobs")


def audio(fake: FakeVoiceId, name: str, **wav: Any) -> AudioSpecification:
    """Put a recording of ``name``'s voice in S3 and point at it."""
    fake.s3_client.put_object(Bucket="audio", Key=f"{name}.wav", Body=make_wav(name, **wav))
    return AudioSpecification(s3_uri=f"s3://audio/{name}.wav", channel_id=0)


def enroll(
    jobs: VoiceIdJobsClient,
    fake: FakeVoiceId,
    domain: str,
    speakers: dict[str, AudioSpecification],
    config: EnrollmentConfig | None = None,
) -> tuple[SpeakerEnrollmentManifest, SpeakerEnrollmentJob, EnrollmentJobOutput]:
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=tuple(
            SpeakerEnrollmentRequest(
                request_id=f"r-{speaker}", speaker_id=speaker, audio_specifications=(spec,)
            )
            for speaker, spec in speakers.items()
        )
    )
    key = f"s3://manifests/enroll-{fake.now():.0f}.json"
    job = jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=jobs.upload_manifest(manifest, key),
        output_data_config=OUTPUT,
        enrollment_config=config,
    )
    done = jobs.wait_for_job(job)
    return manifest, done, jobs.read_job_output(done)


def register(
    jobs: VoiceIdJobsClient,
    fake: FakeVoiceId,
    domain: str,
    specs: list[AudioSpecification],
    config: RegistrationConfig | None = None,
) -> tuple[FraudsterRegistrationJob, RegistrationJobOutput]:
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=tuple(
            FraudsterRegistrationRequest(request_id=f"f{index}", audio_specifications=(spec,))
            for index, spec in enumerate(specs)
        )
    )
    job = jobs.start_fraudster_registration_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=jobs.upload_manifest(
            manifest, f"s3://manifests/register-{fake.now():.0f}.json"
        ),
        output_data_config=OUTPUT,
        registration_config=config,
    )
    done = jobs.wait_for_job(job)
    return done, jobs.read_job_output(done)


# --- The whole life of a job ----------------------------------------------------------


def test_a_job_runs_from_upload_to_enrolled_speakers(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    speakers = {name: audio(fake_voiceid, name) for name in ("alice", "bob", "carol")}
    seen: list[tuple[float, str | None, int | None]] = []
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=tuple(
            SpeakerEnrollmentRequest(
                request_id=f"r{i}", speaker_id=name, audio_specifications=(spec,)
            )
            for i, (name, spec) in enumerate(speakers.items())
        )
    )
    config = fake_voiceid_jobs.upload_manifest(manifest, "s3://manifests/enroll.json")

    job = fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=config,
        output_data_config=OUTPUT,
    )
    done = fake_voiceid_jobs.wait_for_job(
        job,
        poll=_fast_poll(),
        on_progress=lambda j: seen.append((fake_voiceid.now(), j.job_status, j.percent_complete)),
    )
    output = fake_voiceid_jobs.read_job_output(done)

    assert job.job_status is JobStatus.SUBMITTED
    assert done.job_status is JobStatus.COMPLETED
    assert done.ended_at is not None
    assert done.created_at is not None
    assert (done.ended_at - done.created_at).total_seconds() == 5 + 3 * 1.0
    assert [status for _, status, _ in seen] == [
        "SUBMITTED",
        "SUBMITTED",
        "IN_PROGRESS",
        "IN_PROGRESS",
        "COMPLETED",
    ]
    assert [percent for _, _, percent in seen] == [0, 0, 0, 83, 100]  # 2.5 s into a 3 s run
    assert [o.status for o in join_outcomes(manifest, output)] == ["succeeded"] * 3
    assert {e.enrollment_status for e in output.successful_enrollments} == {
        EnrollmentStatus.NEW_ENROLLMENT
    }
    described = fake_voiceid_jobs.client.describe_speaker(DomainId=domain, SpeakerId="alice")[
        "Speaker"
    ]
    assert described["Status"] == "ENROLLED"
    assert described["GeneratedSpeakerId"] == output.successful_enrollments[0].generated_speaker_id
    listed = fake_voiceid_jobs.client.list_speakers(DomainId=domain)["SpeakerSummaries"]
    assert sorted(s["CustomerSpeakerId"] for s in listed) == ["alice", "bob", "carol"]


def _fast_poll() -> Any:
    from voiceid_jobs import PollPolicy

    return PollPolicy(initial_delay=2.5, max_delay=2.5)


def test_the_output_file_is_written_at_the_documented_path(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    _, job, _ = enroll(
        fake_voiceid_jobs, fake_voiceid, domain, {"alice": audio(fake_voiceid, "alice")}
    )

    key = f"jobs/{job.job_id}/enroll-0.json.out"
    body = fake_voiceid.s3_client.get_object(Bucket="results", Key=key)["Body"].read()

    assert job.output_file_uri == f"s3://results/{key}"
    assert (
        EnrollmentJobOutput.from_json(body).successful_enrollments[0].customer_speaker_id == "alice"
    )


# --- Enrollment options -----------------------------------------------------------


def test_existing_speakers_are_skipped_by_default_and_overwritten_on_request(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    alice = audio(fake_voiceid, "alice")
    _, _, first = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"alice": alice})
    _, _, skipped = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"alice": alice})
    overwrite = EnrollmentConfig(existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE)
    _, _, overwritten = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"alice": alice}, overwrite)

    statuses = [
        o.successful_enrollments[0].enrollment_status for o in (first, skipped, overwritten)
    ]
    ids = {o.successful_enrollments[0].generated_speaker_id for o in (first, skipped, overwritten)}
    assert statuses == [
        EnrollmentStatus.NEW_ENROLLMENT,
        EnrollmentStatus.DUPLICATE_SKIPPED,
        EnrollmentStatus.ENROLLMENT_OVERWRITE,
    ]
    assert len(ids) == 1


def test_a_speaker_who_sounds_like_a_fraudster_fails_by_default(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory = audio(fake_voiceid, "mallory")
    register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])

    _, job, output = enroll(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        {"mallory": mallory, "bob": audio(fake_voiceid, "bob")},
    )

    assert job.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert output.outcome("r-mallory") == output.errors[0]
    assert output.errors[0].error_code == 400
    assert "fraudster" in (output.errors[0].error_message or "")
    assert output.outcome("r-bob") is not None


def test_fraud_detection_ignore_enrolls_the_flagged_speaker(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory = audio(fake_voiceid, "mallory")
    register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])
    ignore = EnrollmentConfig(
        fraud_detection_config=FraudDetectionConfig(
            fraud_detection_action=FraudDetectionAction.IGNORE
        )
    )

    _, job, output = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"mallory": mallory}, ignore)

    assert job.job_status is JobStatus.COMPLETED
    assert output.successful_enrollments[0].enrollment_status is EnrollmentStatus.NEW_ENROLLMENT


def test_the_risk_threshold_and_watchlist_decide_who_is_flagged(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory, bob = audio(fake_voiceid, "mallory"), audio(fake_voiceid, "bob")
    watchlist = fake_voiceid.create_watchlist(domain, "card-fraud")
    register(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        [mallory],
        RegistrationConfig(watchlist_ids=(watchlist,)),
    )
    fake_voiceid.set_similarity(
        fake_voiceid.voice_of(bob.s3_uri), fake_voiceid.voice_of(mallory.s3_uri), 70
    )

    def config(threshold: int, watchlist_ids: tuple[str, ...]) -> EnrollmentConfig:
        detection = FraudDetectionConfig(risk_threshold=threshold, watchlist_ids=watchlist_ids)
        return EnrollmentConfig(
            existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
            fraud_detection_config=detection,
        )

    _, _, high = enroll(
        fake_voiceid_jobs, fake_voiceid, domain, {"bob": bob}, config(80, (watchlist,))
    )
    _, _, low = enroll(
        fake_voiceid_jobs, fake_voiceid, domain, {"bob": bob}, config(60, (watchlist,))
    )
    _, _, default_list = enroll(
        fake_voiceid_jobs, fake_voiceid, domain, {"bob": bob}, config(60, ())
    )

    assert high.errors == ()
    assert len(low.errors) == 1
    assert default_list.errors == ()  # mallory is on the other watchlist


# --- Registration options ---------------------------------------------------------


def test_a_duplicate_fraudster_is_skipped_with_its_score_and_id(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory = audio(fake_voiceid, "mallory")
    _, first = register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])
    _, again = register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])

    original = first.successful_registrations[0]
    duplicate = again.successful_registrations[0]
    assert original.registration_status is RegistrationStatus.NEW_REGISTRATION
    assert original.fraudster_similarity_score is None
    assert duplicate.registration_status is RegistrationStatus.DUPLICATE_SKIPPED
    assert duplicate.fraudster_similarity_score == 100
    assert duplicate.generated_fraudster_id == original.generated_fraudster_id


def test_register_as_new_registers_a_duplicate_again(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory = audio(fake_voiceid, "mallory")
    register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])
    config = RegistrationConfig(
        duplicate_registration_action=DuplicateRegistrationAction.REGISTER_AS_NEW
    )

    _, again = register(fake_voiceid_jobs, fake_voiceid, domain, [mallory], config)

    entry = again.successful_registrations[0]
    assert entry.registration_status is RegistrationStatus.NEW_REGISTRATION
    assert entry.fraudster_similarity_score is None  # present on DUPLICATE_SKIPPED only
    listed = fake_voiceid_jobs.client.list_fraudsters(DomainId=domain)["FraudsterSummaries"]
    assert len(listed) == 2


def test_the_similarity_threshold_decides_what_is_a_duplicate(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    mallory, eve = audio(fake_voiceid, "mallory"), audio(fake_voiceid, "eve")
    register(fake_voiceid_jobs, fake_voiceid, domain, [mallory])
    fake_voiceid.set_similarity(
        fake_voiceid.voice_of(eve.s3_uri), fake_voiceid.voice_of(mallory.s3_uri), 75
    )

    _, strict = register(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        [eve],
        RegistrationConfig(fraudster_similarity_threshold=80),
    )
    _, loose = register(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        [eve],
        RegistrationConfig(fraudster_similarity_threshold=70),
    )

    assert (
        strict.successful_registrations[0].registration_status
        is RegistrationStatus.NEW_REGISTRATION
    )
    assert (
        loose.successful_registrations[0].registration_status
        is RegistrationStatus.DUPLICATE_SKIPPED
    )
    assert (
        loose.successful_registrations[0].fraudster_similarity_score == 100
    )  # eve now matches herself


# --- Quotas and idempotency -------------------------------------------------------


def _start(jobs: VoiceIdJobsClient, domain: str, **extra: Any) -> SpeakerEnrollmentJob:
    return jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://manifests/missing.json"),
        output_data_config=OUTPUT,
        **extra,
    )


def test_a_second_active_job_of_a_type_in_a_domain_exceeds_the_quota(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    _start(fake_voiceid_jobs, domain)

    with pytest.raises(ServiceQuotaExceededError):
        _start(fake_voiceid_jobs, domain)
    other_domain = fake_voiceid.create_domain("other")
    _start(fake_voiceid_jobs, other_domain)  # another domain has its own quota
    fake_voiceid.advance(5)  # the first job fails on its missing manifest: no longer active
    _start(fake_voiceid_jobs, domain)


def test_the_same_client_token_gives_back_the_same_job(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    first = _start(fake_voiceid_jobs, domain, client_token="nightly-2026-11-21")
    second = _start(fake_voiceid_jobs, domain, client_token="nightly-2026-11-21")

    assert first.job_id == second.job_id
    listed = list(fake_voiceid_jobs.list_speaker_enrollment_jobs(domain_id=domain))
    assert len(listed) == 1


def test_the_same_client_token_with_other_parameters_is_a_conflict(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    _start(fake_voiceid_jobs, domain, client_token="token-1")

    with pytest.raises(ConflictError):
        _start(fake_voiceid_jobs, domain, client_token="token-1", job_name="renamed")


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda fake: AudioSpecification(s3_uri="s3://audio/nobody.wav", channel_id=0),
            "could not be read",
        ),
        (lambda fake: audio(fake, "wideband", sample_rate=16000), "8 kHz 16-bit PCM"),
        (lambda fake: audio(fake, "eight-bit", sample_width=1), "8 kHz 16-bit PCM"),
        (
            lambda fake: AudioSpecification(s3_uri=audio(fake, "mono").s3_uri, channel_id=1),
            "has no channel 1",
        ),
        (lambda fake: _put(fake, "text.wav", b"this is not audio"), "not a PCM RIFF/WAVE file"),
        (lambda fake: _put(fake, "huge.wav", b"\0" * (20 * 1024 * 1024 + 1)), "larger than 20 MB"),
    ],
)
def test_a_request_with_bad_audio_gets_a_400_error_entry(
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    make: Any,
    problem: str,
) -> None:
    _, job, output = enroll(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        {"alice": audio(fake_voiceid, "alice"), "bad": make(fake_voiceid)},
    )

    assert job.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert output.outcome("r-alice") == output.successful_enrollments[0]
    error = output.outcome("r-bad")
    assert error == output.errors[0]
    assert output.errors[0].error_code == 400
    assert problem in (output.errors[0].error_message or "")


def _put(fake: FakeVoiceId, key: str, body: bytes) -> AudioSpecification:
    fake.s3_client.put_object(Bucket="audio", Key=key, Body=body)
    return AudioSpecification(s3_uri=f"s3://audio/{key}", channel_id=0)


def test_a_missing_manifest_fails_the_job_with_details(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    job = _start(fake_voiceid_jobs, domain)

    with pytest.raises(JobFailedError) as caught:
        fake_voiceid_jobs.wait_for_job(job)

    details = caught.value.job.failure_details
    assert details is not None
    assert details.status_code == 400
    assert "s3://manifests/missing.json" in (details.message or "")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"Version": "1.0", "FraudsterRegistrationRequests": []}',
        b'{"Version": "2.0"}',
        b'{"SpeakerEnrollmentRequests": "x"}',
    ],
)
def test_a_manifest_that_is_not_a_manifest_fails_the_job(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str, body: bytes
) -> None:
    fake_voiceid.s3_client.put_object(Bucket="manifests", Key="broken.json", Body=body)
    job = fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://manifests/broken.json"),
        output_data_config=OUTPUT,
    )

    with pytest.raises(JobFailedError) as caught:
        fake_voiceid_jobs.wait_for_job(job)

    assert "is not valid" in (caught.value.job.failure_details.message or "")  # type: ignore[union-attr]


def test_values_our_client_would_refuse_are_validation_errors_from_the_fake(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    raw = fake_voiceid_jobs.client

    with pytest.raises(raw.exceptions.ValidationException, match="riskThreshold"):
        raw.start_speaker_enrollment_job(
            DomainId=domain,
            DataAccessRoleArn=ROLE,
            InputDataConfig={"S3Uri": "s3://manifests/m.json"},
            OutputDataConfig={"S3Uri": "s3://results/x"},
            EnrollmentConfig={"FraudDetectionConfig": {"RiskThreshold": 500}},
        )


@pytest.mark.parametrize(
    ("call", "resource"),
    [
        (
            lambda jobs, d: jobs.describe_speaker_enrollment_job(
                domain_id="Z" * 22, job_id="J" * 22
            ),
            "DOMAIN",
        ),
        (
            lambda jobs, d: jobs.describe_speaker_enrollment_job(domain_id=d, job_id="J" * 22),
            "BATCH_JOB",
        ),
        (
            lambda jobs, d: _start(
                jobs,
                d,
                enrollment_config=EnrollmentConfig(
                    fraud_detection_config=FraudDetectionConfig(watchlist_ids=("W" * 22,))
                ),
            ),
            "WATCHLIST",
        ),
    ],
)
def test_unknown_resources_are_not_found_with_their_type(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str, call: Any, resource: str
) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        call(fake_voiceid_jobs, domain)

    assert caught.value.resource_type == resource


def test_every_operation_of_the_service_model_is_served(fake_voiceid: FakeVoiceId) -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("voice-id")

    answers = {operation: fake_voiceid.handle(operation, {}) for operation in model.operation_names}

    assert len(answers) == 29
    assert {
        operation: answer["__type"]
        for operation, (status, answer) in answers.items()
        if status >= 400 and answer["__type"] == "UnknownOperationException"
    } == {}


def test_an_operation_the_service_does_not_have_is_named_in_the_error(
    fake_voiceid: FakeVoiceId,
) -> None:
    status, answer = fake_voiceid.handle("DeleteEverything", {})

    assert status == 400
    assert answer["__type"] == "UnknownOperationException"
    assert "DeleteEverything" in answer["message"]


def test_an_unsupported_operation_maps_to_a_non_retryable_service_error() -> None:

    from voiceid_jobs._errors import map_botocore_error

    error = ClientError(
        {
            "Error": {"Code": "UnsupportedOperationException", "Message": "no"},
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        "DeleteDomain",
    )

    mapped = map_botocore_error(error, operation="DeleteDomain")
    assert type(mapped) is ServiceError
    assert not mapped.retryable


# --- The read operations ---------------------------------------------------------


def test_domains_and_watchlists_can_be_listed_and_described(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    raw = fake_voiceid_jobs.client
    watchlist = fake_voiceid.create_watchlist(domain, "vip-fraud", description="known callers")

    described = raw.describe_domain(DomainId=domain)["Domain"]
    domains = raw.list_domains()["DomainSummaries"]
    watchlists = raw.list_watchlists(DomainId=domain, MaxResults=1)
    second_page = raw.list_watchlists(
        DomainId=domain, MaxResults=1, NextToken=watchlists["NextToken"]
    )
    one = raw.describe_watchlist(DomainId=domain, WatchlistId=watchlist)["Watchlist"]

    assert described["Name"] == "contact-centre"
    assert described["WatchlistDetails"]["DefaultWatchlistId"] == fake_voiceid.default_watchlist_id(
        domain
    )
    assert [d["DomainId"] for d in domains] == [domain]
    assert watchlists["WatchlistSummaries"][0]["DefaultWatchlist"] is True
    assert second_page["WatchlistSummaries"][0]["WatchlistId"] == watchlist
    assert "NextToken" not in second_page
    assert one["Description"] == "known callers"


def test_domains_and_watchlists_can_be_created_over_the_api(
    fake_voiceid_jobs: VoiceIdJobsClient,
) -> None:
    raw = fake_voiceid_jobs.client

    domain = raw.create_domain(
        Name="api-made", ServerSideEncryptionConfiguration={"KmsKeyId": "alias/k"}
    )["Domain"]
    watchlist = raw.create_watchlist(DomainId=domain["DomainId"], Name="extra")["Watchlist"]

    assert domain["DomainStatus"] == "ACTIVE"
    assert watchlist["DefaultWatchlist"] is False
    assert len(raw.list_watchlists(DomainId=domain["DomainId"])["WatchlistSummaries"]) == 2


def test_fraudsters_can_be_described_and_listed_by_watchlist(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    raw = fake_voiceid_jobs.client
    _, output = register(fake_voiceid_jobs, fake_voiceid, domain, [audio(fake_voiceid, "mallory")])
    fraudster_id = output.successful_registrations[0].generated_fraudster_id
    assert fraudster_id is not None
    default = fake_voiceid.default_watchlist_id(domain)
    other = fake_voiceid.create_watchlist(domain, "other")

    described = raw.describe_fraudster(DomainId=domain, FraudsterId=fraudster_id)["Fraudster"]

    assert described["WatchlistIds"] == [default]
    assert len(raw.list_fraudsters(DomainId=domain, WatchlistId=default)["FraudsterSummaries"]) == 1
    assert raw.list_fraudsters(DomainId=domain, WatchlistId=other)["FraudsterSummaries"] == []
    with pytest.raises(raw.exceptions.ResourceNotFoundException):
        raw.describe_speaker(DomainId=domain, SpeakerId="nobody")


# --- Voices and time ------------------------------------------------------------


def test_similarity_is_deterministic_and_settable(fake_voiceid: FakeVoiceId) -> None:
    assert fake_voiceid.similarity("alice", "alice") == 100
    assert fake_voiceid.similarity("alice", "bob") == fake_voiceid.similarity("bob", "alice")
    assert 0 <= fake_voiceid.similarity("alice", "bob") < 40

    fake_voiceid.set_similarity("alice", "bob", 88)

    assert fake_voiceid.similarity("bob", "alice") == 88


def test_named_voices_make_different_recordings_one_speaker(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    first, second = audio(fake_voiceid, "mallory-call-1"), audio(fake_voiceid, "mallory-call-2")
    assert fake_voiceid.voice_of(first.s3_uri) != fake_voiceid.voice_of(second.s3_uri)
    fake_voiceid.set_voice(first.s3_uri, "mallory")
    fake_voiceid.set_voice(second.s3_uri, "mallory")

    _, output = register(fake_voiceid_jobs, fake_voiceid, domain, [first, second])

    assert [e.registration_status for e in output.successful_registrations] == [
        RegistrationStatus.NEW_REGISTRATION,
        RegistrationStatus.DUPLICATE_SKIPPED,
    ]


def test_the_fake_clock_moves_only_when_advanced(fake_voiceid: FakeVoiceId) -> None:
    assert fake_voiceid.now() == 0.0
    fake_voiceid.advance(12.5)
    assert fake_voiceid.now() == 12.5
    with pytest.raises(ValueError, match="at least 0"):
        fake_voiceid.advance(-1)


# --- Stubber helpers -------------------------------------------------------------


def test_stubber_helpers_build_responses_and_expected_params(
    voiceid_stubber: Stubber, voiceid_stubbed_jobs: VoiceIdJobsClient
) -> None:
    job = SpeakerEnrollmentJob(
        job_id="J" * 22,
        domain_id="D" * 22,
        job_status=JobStatus.IN_PROGRESS,
        job_name="secret-name",
        input_data_config=InputDataConfig(s3_uri="s3://manifests/m.json"),
        output_data_config=OUTPUT,
    )
    voiceid_stubber.add_response(
        "start_speaker_enrollment_job",
        job_response(job),
        start_speaker_enrollment_job_params(
            domain_id="D" * 22,
            data_access_role_arn=ROLE,
            input_data_config=InputDataConfig(s3_uri="s3://manifests/m.json"),
            output_data_config=OUTPUT,
            job_name="secret-name",
        ),
    )
    voiceid_stubber.add_response(
        "describe_speaker_enrollment_job",
        job_response(job),
        describe_job_params(domain_id="D" * 22, job_id="J" * 22),
    )

    started = voiceid_stubbed_jobs.start_speaker_enrollment_job(
        domain_id="D" * 22,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://manifests/m.json"),
        output_data_config=OUTPUT,
        job_name="secret-name",
    )
    described = voiceid_stubbed_jobs.describe_speaker_enrollment_job(
        domain_id="D" * 22, job_id="J" * 22
    )

    assert started == job
    assert described == job


@pytest.mark.parametrize("uri", ["s3://manifests", "s3://manifests/folder/"])
def test_an_input_uri_that_names_no_object_fails_its_job_and_the_fake_keeps_answering(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str, uri: str
) -> None:
    job = fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri=uri),  # the model's S3Uri allows it
        output_data_config=OUTPUT,
    )

    with pytest.raises(JobFailedError) as caught:
        fake_voiceid_jobs.wait_for_job(job)

    details = caught.value.job.failure_details
    assert details is not None
    assert details.status_code == 400
    assert uri in (details.message or "")
    _, after, _ = enroll(
        fake_voiceid_jobs, fake_voiceid, domain, {"alice": audio(fake_voiceid, "alice")}
    )
    assert after.job_status is JobStatus.COMPLETED


@pytest.mark.parametrize("uri", ["s3://audio", "s3://audio/calls/"])
def test_an_audio_uri_that_names_no_object_is_a_400_entry_and_the_rest_run(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str, uri: str
) -> None:
    _, job, output = enroll(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        {
            "alice": audio(fake_voiceid, "alice"),
            "nobody": AudioSpecification(s3_uri=uri, channel_id=0),
        },
    )

    assert job.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert [entry.request_id for entry in output.successful_enrollments] == ["r-alice"]
    assert output.errors[0].request_id == "r-nobody"
    assert output.errors[0].error_code == 400
    assert fake_voiceid_jobs.describe_job(job).job_status is JobStatus.COMPLETED_WITH_ERRORS


@pytest.mark.parametrize(
    "version", [None, "2.0", 1.0], ids=["no Version", "Version 2.0", "Version as a number"]
)
def test_a_manifest_without_version_1_0_fails_its_job(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str, version: Any
) -> None:
    """The manifest schema requires every member, and its Version is 1.0."""
    spec = audio(fake_voiceid, "alice")
    document: dict[str, Any] = {
        "SpeakerEnrollmentRequests": [
            {
                "RequestId": "r1",
                "SpeakerId": "alice",
                "AudioSpecifications": [{"S3Uri": spec.s3_uri, "ChannelId": 0}],
            }
        ]
    }
    if version is not None:
        document["Version"] = version
    fake_voiceid.s3_client.put_object(
        Bucket="manifests", Key="versioned.json", Body=json.dumps(document).encode()
    )
    job = fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri="s3://manifests/versioned.json"),
        output_data_config=OUTPUT,
    )

    with pytest.raises(JobFailedError) as caught:
        fake_voiceid_jobs.wait_for_job(job)

    assert "1.0" in (caught.value.job.failure_details.message or "")  # type: ignore[union-attr]


def test_a_recording_of_three_channels_is_a_400_entry(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    _, job, output = enroll(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        {"alice": audio(fake_voiceid, "alice"), "trio": audio(fake_voiceid, "trio", channels=3)},
    )

    assert job.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert output.errors[0].request_id == "r-trio"
    assert output.errors[0].error_code == 400
    assert "3 channels" in (output.errors[0].error_message or "")


@pytest.mark.parametrize("name", ["", "bad name!", "n" * 257, "-leading-dash"])
def test_a_domain_or_watchlist_name_the_model_forbids_is_refused(
    fake_voiceid: FakeVoiceId, domain: str, name: str
) -> None:
    """The service model's DomainName and WatchlistName: 1-256, ^[a-zA-Z0-9][a-zA-Z0-9_-]*$."""
    with pytest.raises(InvalidParameterError):
        fake_voiceid.create_domain(name)
    with pytest.raises(InvalidParameterError):
        fake_voiceid.create_watchlist(domain, name)
    status, answer = fake_voiceid.handle(
        "CreateDomain",
        {"Name": name or " ", "ServerSideEncryptionConfiguration": {"KmsKeyId": "k"}},
    )
    assert status == 400
    assert answer["__type"].endswith("ValidationException")


def test_the_output_file_is_encrypted_with_the_jobs_kms_key(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    """OutputDataConfig.KmsKeyId: the key the service encrypts the output file with."""
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="alice",
                audio_specifications=(audio(fake_voiceid, "alice"),),
            ),
        )
    )
    job = fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=fake_voiceid_jobs.upload_manifest(manifest, "s3://manifests/kms.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://results/kms", kms_key_id="alias/out"),
    )
    ended = fake_voiceid_jobs.wait_for_job(job)
    assert ended.output_file_uri is not None
    bucket, _, key = ended.output_file_uri.removeprefix("s3://").partition("/")

    head = fake_voiceid.s3_client.head_object(Bucket=bucket, Key=key)

    assert head["ServerSideEncryption"] == "aws:kms"
    assert "alias/out" in head["SSEKMSKeyId"]


def test_a_member_the_model_does_not_know_is_not_kept_or_echoed(
    fake_voiceid: FakeVoiceId, domain: str
) -> None:
    status, started = fake_voiceid.handle(
        "StartSpeakerEnrollmentJob",
        {
            "DomainId": domain,
            "DataAccessRoleArn": ROLE,
            "InputDataConfig": {"S3Uri": "s3://manifests/m.json", "Extra": "x"},
            "OutputDataConfig": {"S3Uri": "s3://results/jobs"},
            "ClientToken": "unknown-members",
            "Unknown": {"anything": 1},
        },
    )
    _, described = fake_voiceid.handle(
        "DescribeSpeakerEnrollmentJob", {"DomainId": domain, "JobId": started["Job"]["JobId"]}
    )

    assert status == 200
    assert "Unknown" not in described["Job"]
    assert described["Job"]["InputDataConfig"] == {"S3Uri": "s3://manifests/m.json"}
