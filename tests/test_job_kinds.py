"""Either kind of job, and its summary, is handled by the operations of its own kind."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import pytest
from botocore.stub import Stubber

from voiceid_jobs import (
    AudioSpecification,
    EnrollmentConfig,
    EnrollmentJobOutput,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    InputDataConfig,
    InvalidParameterError,
    OutputDataConfig,
    RegistrationJobOutput,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

from samples import (
    DOMAIN_ID,
    JOB_ID,
    WATCHLIST_ID,
    enrollment_job_response,
    registration_job_response,
)

if TYPE_CHECKING:
    from conftest import FakeTime

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://results/jobs")
BAD_ID = "Watch-ist0000000000001"
"""22 characters, as botocore checks, with a dash the id pattern forbids."""


@pytest.mark.parametrize(
    ("summary", "operation", "response", "job_class"),
    [
        (
            SpeakerEnrollmentJobSummary(domain_id=DOMAIN_ID, job_id=JOB_ID),
            "describe_speaker_enrollment_job",
            enrollment_job_response(JobStatus="COMPLETED"),
            SpeakerEnrollmentJob,
        ),
        (
            FraudsterRegistrationJobSummary(domain_id=DOMAIN_ID, job_id=JOB_ID),
            "describe_fraudster_registration_job",
            registration_job_response(JobStatus="COMPLETED"),
            FraudsterRegistrationJob,
        ),
    ],
)
def test_waiting_for_a_summary_describes_it_with_its_own_kind_and_returns_the_full_job(
    jobs: VoiceIdJobsClient,
    stubber: Stubber,
    summary: SpeakerEnrollmentJobSummary | FraudsterRegistrationJobSummary,
    operation: str,
    response: dict[str, Any],
    job_class: type[Any],
) -> None:
    stubber.add_response(operation, {"Job": response}, {"DomainId": DOMAIN_ID, "JobId": JOB_ID})

    done = jobs.wait_for_job(summary)

    assert type(done) is job_class
    assert done.output_data_config is not None


def test_a_summary_without_its_ids_is_refused_before_any_request(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.wait_for_job(SpeakerEnrollmentJobSummary(domain_id=DOMAIN_ID))

    assert caught.value.field == "job"


def test_something_that_is_not_a_job_is_refused_by_wait(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.wait_for_job("J0b1d00000000000000001")  # type: ignore[call-overload]

    assert caught.value.field == "job"


# --- Against the fake: a summary from List is enough to read an output ---------------


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    for bucket in ("audio", "manifests", "results"):
        fake_voiceid.s3_client.create_bucket(Bucket=bucket)
    return fake_voiceid.create_domain("contact-centre")


def _audio(fake: FakeVoiceId, name: str) -> AudioSpecification:
    fake.s3_client.put_object(Bucket="audio", Key=f"{name}.wav", Body=make_wav(name))
    return AudioSpecification(s3_uri=f"s3://audio/{name}.wav", channel_id=0)


def test_a_listed_summary_of_either_kind_can_be_waited_for_and_its_output_read(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    jobs = fake_voiceid_jobs
    enrollment = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="caller-1",
                audio_specifications=(_audio(fake_voiceid, "caller-1"),),
            ),
        )
    )
    registration = FraudsterRegistrationManifest(
        fraudster_registration_requests=(
            FraudsterRegistrationRequest(
                request_id="f1", audio_specifications=(_audio(fake_voiceid, "fraudster-1"),)
            ),
        )
    )
    jobs.start_fraudster_registration_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=jobs.upload_manifest(registration, "s3://manifests/f.json"),
        output_data_config=OUTPUT,
    )
    jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=jobs.upload_manifest(enrollment, "s3://manifests/e.json"),
        output_data_config=OUTPUT,
    )

    (enrollment_summary,) = jobs.list_speaker_enrollment_jobs(domain_id=domain)
    (registration_summary,) = jobs.list_fraudster_registration_jobs(domain_id=domain)
    enrolled = jobs.wait_for_job(enrollment_summary)
    registered = jobs.wait_for_job(registration_summary)

    assert type(enrolled) is SpeakerEnrollmentJob
    assert type(registered) is FraudsterRegistrationJob
    enrollment_output = jobs.read_job_output(enrollment_summary)
    registration_output = jobs.read_job_output(registration_summary)
    assert isinstance(enrollment_output, EnrollmentJobOutput)
    assert isinstance(registration_output, RegistrationJobOutput)
    assert [entry.request_id for entry in enrollment_output.successful_enrollments] == ["r1"]
    assert [entry.request_id for entry in registration_output.successful_registrations] == ["f1"]
    assert [outcome.status for outcome in jobs.job_outcomes(enrollment_summary)] == ["succeeded"]


# --- A call never changes what the caller passed -------------------------------------


def test_lists_and_strings_are_normalised_when_a_config_is_made() -> None:
    config = FraudDetectionConfig(
        fraud_detection_action="IGNORE",  # type: ignore[arg-type]
        watchlist_ids=[WATCHLIST_ID],
    )

    assert config.watchlist_ids == (WATCHLIST_ID,)
    assert type(config.watchlist_ids) is tuple
    assert config.fraud_detection_action is not None
    assert type(config.fraud_detection_action).__name__ == "FraudDetectionAction"


def test_a_start_leaves_every_argument_as_the_caller_made_it(
    jobs: VoiceIdJobsClient, stubber: Stubber, fake_time: FakeTime
) -> None:
    detection = FraudDetectionConfig(risk_threshold=70, watchlist_ids=[WATCHLIST_ID])
    config = EnrollmentConfig(fraud_detection_config=detection)
    input_config = InputDataConfig(s3_uri="s3://bucket/manifest.json")
    before = [attrs.asdict(model, recurse=False) for model in (detection, config, input_config)]
    stubber.add_response("start_speaker_enrollment_job", {"Job": enrollment_job_response()})

    jobs.start_speaker_enrollment_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE,
        input_data_config=input_config,
        output_data_config=OUTPUT,
        enrollment_config=config,
    )

    after = [attrs.asdict(model, recurse=False) for model in (detection, config, input_config)]
    assert after == before
    assert all(
        after_value is before_value
        for old, new in zip(before, after, strict=True)
        for before_value, after_value in zip(old.values(), new.values(), strict=True)
    )


def test_a_config_read_from_a_response_is_checked_when_sent_without_being_changed(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "describe_fraudster_registration_job",
        {"Job": registration_job_response(RegistrationConfig={"WatchlistIds": [BAD_ID]})},
    )
    job = jobs.describe_fraudster_registration_job(domain_id=DOMAIN_ID, job_id=JOB_ID)
    config = job.registration_config
    assert config is not None

    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_fraudster_registration_job(
            domain_id=DOMAIN_ID,
            data_access_role_arn=ROLE,
            input_data_config=InputDataConfig(s3_uri="s3://bucket/manifest.json"),
            output_data_config=OUTPUT,
            registration_config=config,
        )

    assert caught.value.field == "registration_config.watchlist_ids[0]"
    assert config.watchlist_ids == (BAD_ID,)
