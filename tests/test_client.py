"""Each client method against a real botocore client under Stubber."""

from __future__ import annotations

import datetime

import pytest
from botocore.stub import ANY, Stubber
from conftest import NO_BOTOCORE_RETRIES

from voiceid_jobs import (
    DuplicateRegistrationAction,
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FailureDetails,
    FraudDetectionAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    InvalidParameterError,
    JobProgress,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RetryPolicy,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId

from samples import (
    CREATED_AT,
    DOMAIN_ID,
    ENDED_AT,
    INPUT_URI,
    JOB_ID,
    OUTPUT_URI,
    ROLE_ARN,
    WATCHLIST_ID,
    enrollment_job_response,
    registration_job_response,
    summary_response,
)

INPUT = InputDataConfig(s3_uri=INPUT_URI)
OUTPUT = OutputDataConfig(s3_uri=OUTPUT_URI, kms_key_id="alias/voiceid")


def test_start_speaker_enrollment_job_sends_every_member_set_and_returns_the_job(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "start_speaker_enrollment_job",
        {"Job": enrollment_job_response()},
        {
            "DomainId": DOMAIN_ID,
            "DataAccessRoleArn": ROLE_ARN,
            "InputDataConfig": {"S3Uri": INPUT_URI},
            "OutputDataConfig": {"S3Uri": OUTPUT_URI, "KmsKeyId": "alias/voiceid"},
            "EnrollmentConfig": {
                "ExistingEnrollmentAction": "OVERWRITE",
                "FraudDetectionConfig": {
                    "FraudDetectionAction": "IGNORE",
                    "RiskThreshold": 70,
                    "WatchlistIds": [WATCHLIST_ID],
                },
            },
            "JobName": "nightly-enrollment",
            "ClientToken": "token-1",
        },
    )

    job = jobs.start_speaker_enrollment_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=INPUT,
        output_data_config=OUTPUT,
        enrollment_config=EnrollmentConfig(
            existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
            fraud_detection_config=FraudDetectionConfig(
                fraud_detection_action=FraudDetectionAction.IGNORE,
                risk_threshold=70,
                watchlist_ids=(WATCHLIST_ID,),
            ),
        ),
        job_name="nightly-enrollment",
        client_token="token-1",
    )

    stubber.assert_no_pending_responses()
    assert job == SpeakerEnrollmentJob(
        job_id=JOB_ID,
        job_name="nightly-enrollment",
        job_status=JobStatus.COMPLETED_WITH_ERRORS,
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        enrollment_config=EnrollmentConfig(
            existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
            fraud_detection_config=FraudDetectionConfig(
                fraud_detection_action=FraudDetectionAction.IGNORE,
                risk_threshold=70,
                watchlist_ids=(WATCHLIST_ID,),
            ),
        ),
        input_data_config=INPUT,
        output_data_config=OUTPUT,
        job_progress=JobProgress(percent_complete=100),
        failure_details=FailureDetails(status_code=400, message="some requests failed"),
        created_at=CREATED_AT,
        ended_at=ENDED_AT,
    )
    assert job.is_terminal
    assert job.percent_complete == 100
    assert job.output_file_uri == f"{OUTPUT_URI}/{JOB_ID}/enroll.json.out"


def test_start_sends_only_the_required_members_and_a_client_made_token(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "start_speaker_enrollment_job",
        {"Job": {"JobId": JOB_ID, "JobStatus": "SUBMITTED", "DomainId": DOMAIN_ID}},
        {
            "DomainId": DOMAIN_ID,
            "DataAccessRoleArn": ROLE_ARN,
            "InputDataConfig": {"S3Uri": INPUT_URI},
            "OutputDataConfig": {"S3Uri": OUTPUT_URI},
            "ClientToken": ANY,
        },
    )

    job = jobs.start_speaker_enrollment_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=INPUT,
        output_data_config=OutputDataConfig(s3_uri=OUTPUT_URI),
    )

    stubber.assert_no_pending_responses()
    assert job == SpeakerEnrollmentJob(
        job_id=JOB_ID, job_status=JobStatus.SUBMITTED, domain_id=DOMAIN_ID
    )
    assert not job.is_terminal
    assert job.percent_complete is None
    assert job.output_file_uri is None


def test_a_client_made_token_is_new_for_every_start(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    tokens: list[str] = []
    jobs.client.meta.events.register(
        "before-parameter-build.voice-id.StartSpeakerEnrollmentJob",
        lambda params, **_: tokens.append(params["ClientToken"]),
    )
    for _ in range(2):
        stubber.add_response("start_speaker_enrollment_job", {"Job": {"JobId": JOB_ID}})
        jobs.start_speaker_enrollment_job(
            domain_id=DOMAIN_ID,
            data_access_role_arn=ROLE_ARN,
            input_data_config=INPUT,
            output_data_config=OUTPUT,
        )

    assert len(tokens) == 2
    assert tokens[0] != tokens[1]
    assert all(1 <= len(token) <= 64 for token in tokens)


def test_start_fraudster_registration_job_sends_every_member_set_and_returns_the_job(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    stubber.add_response(
        "start_fraudster_registration_job",
        {"Job": registration_job_response()},
        {
            "DomainId": DOMAIN_ID,
            "DataAccessRoleArn": ROLE_ARN,
            "InputDataConfig": {"S3Uri": INPUT_URI},
            "OutputDataConfig": {"S3Uri": OUTPUT_URI, "KmsKeyId": "alias/voiceid"},
            "RegistrationConfig": {
                "DuplicateRegistrationAction": "REGISTER_AS_NEW",
                "FraudsterSimilarityThreshold": 80,
                "WatchlistIds": [WATCHLIST_ID],
            },
            "JobName": "fraudsters",
            "ClientToken": "token-2",
        },
    )
    registration = RegistrationConfig(
        duplicate_registration_action=DuplicateRegistrationAction.REGISTER_AS_NEW,
        fraudster_similarity_threshold=80,
        watchlist_ids=(WATCHLIST_ID,),
    )

    job = jobs.start_fraudster_registration_job(
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        input_data_config=INPUT,
        output_data_config=OUTPUT,
        registration_config=registration,
        job_name="fraudsters",
        client_token="token-2",
    )

    stubber.assert_no_pending_responses()
    assert job == FraudsterRegistrationJob(
        job_id=JOB_ID,
        job_name="fraudsters",
        job_status=JobStatus.COMPLETED_WITH_ERRORS,
        domain_id=DOMAIN_ID,
        data_access_role_arn=ROLE_ARN,
        registration_config=registration,
        input_data_config=INPUT,
        output_data_config=OUTPUT,
        job_progress=JobProgress(percent_complete=100),
        failure_details=FailureDetails(status_code=400, message="some requests failed"),
        created_at=CREATED_AT,
        ended_at=ENDED_AT,
    )


@pytest.mark.parametrize(
    ("method", "operation", "response", "cls"),
    [
        (
            "describe_speaker_enrollment_job",
            "describe_speaker_enrollment_job",
            enrollment_job_response(),
            SpeakerEnrollmentJob,
        ),
        (
            "describe_fraudster_registration_job",
            "describe_fraudster_registration_job",
            registration_job_response(),
            FraudsterRegistrationJob,
        ),
    ],
)
def test_describe_sends_the_ids_and_returns_the_typed_job(
    jobs: VoiceIdJobsClient, stubber: Stubber, method, operation, response, cls
) -> None:
    stubber.add_response(operation, {"Job": response}, {"DomainId": DOMAIN_ID, "JobId": JOB_ID})

    job = getattr(jobs, method)(domain_id=DOMAIN_ID, job_id=JOB_ID)

    stubber.assert_no_pending_responses()
    assert type(job) is cls
    assert job.job_id == JOB_ID
    assert job.domain_id == DOMAIN_ID
    assert job.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert job.created_at == CREATED_AT
    assert job.created_at.tzinfo is not None
    assert job.failure_details == FailureDetails(status_code=400, message="some requests failed")


def test_list_speaker_enrollment_jobs_follows_every_page_lazily(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    first = summary_response(enrollment_job_response(JobId="A" * 22))
    second = summary_response(enrollment_job_response(JobId="B" * 22, JobStatus="IN_PROGRESS"))
    stubber.add_response(
        "list_speaker_enrollment_jobs",
        {"JobSummaries": [first], "NextToken": "page-2"},
        {"DomainId": DOMAIN_ID, "JobStatus": "COMPLETED", "MaxResults": 1},
    )
    stubber.add_response(
        "list_speaker_enrollment_jobs",
        {"JobSummaries": [second]},
        {"DomainId": DOMAIN_ID, "JobStatus": "COMPLETED", "MaxResults": 1, "NextToken": "page-2"},
    )

    pages: list[str] = []
    jobs.client.meta.events.register(
        "before-parameter-build.voice-id.ListSpeakerEnrollmentJobs",
        lambda params, **_: pages.append(params.get("NextToken", "first")),
    )

    summaries = jobs.list_speaker_enrollment_jobs(
        domain_id=DOMAIN_ID, job_status=JobStatus.COMPLETED, page_size=1
    )
    first_summary = next(summaries)

    assert pages == ["first"]  # the second page is not fetched yet
    assert first_summary == SpeakerEnrollmentJobSummary(
        job_id="A" * 22,
        job_name="nightly-enrollment",
        job_status=JobStatus.COMPLETED_WITH_ERRORS,
        domain_id=DOMAIN_ID,
        job_progress=JobProgress(percent_complete=100),
        failure_details=FailureDetails(status_code=400, message="some requests failed"),
        created_at=CREATED_AT,
        ended_at=ENDED_AT,
    )
    rest = list(summaries)
    stubber.assert_no_pending_responses()
    assert pages == ["first", "page-2"]
    assert [summary.job_id for summary in rest] == ["B" * 22]
    assert rest[0].job_status is JobStatus.IN_PROGRESS
    assert not rest[0].is_terminal


def test_list_fraudster_registration_jobs_sends_only_the_domain_by_default(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    summary = summary_response(registration_job_response())
    stubber.add_response(
        "list_fraudster_registration_jobs", {"JobSummaries": [summary]}, {"DomainId": DOMAIN_ID}
    )

    summaries = list(jobs.list_fraudster_registration_jobs(domain_id=DOMAIN_ID))

    stubber.assert_no_pending_responses()
    assert len(summaries) == 1
    assert type(summaries[0]) is FraudsterRegistrationJobSummary
    assert summaries[0].job_id == JOB_ID
    assert summaries[0].percent_complete == 100
    assert summaries[0].is_terminal


def test_list_of_an_empty_domain_yields_nothing(jobs: VoiceIdJobsClient, stubber: Stubber) -> None:
    stubber.add_response(
        "list_speaker_enrollment_jobs", {"JobSummaries": []}, {"DomainId": DOMAIN_ID}
    )

    assert list(jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID)) == []
    stubber.assert_no_pending_responses()


def test_create_makes_voiceid_and_s3_clients_from_one_session() -> None:
    import boto3
    from botocore.config import Config

    session = boto3.Session(region_name="eu-west-2")
    config = Config(retries={"mode": "adaptive"})
    jobs = VoiceIdJobsClient.create(
        session=session, endpoint_url="http://127.0.0.1:9", config=config
    )

    assert jobs.client.meta.service_model.service_name == "voice-id"
    assert jobs.client.meta.region_name == "eu-west-2"
    assert jobs.client.meta.endpoint_url == "http://127.0.0.1:9"
    assert jobs._s3_client is None  # made on first use, not up front
    assert jobs.s3_client is not None
    assert jobs.s3_client.meta.endpoint_url == "http://127.0.0.1:9"
    assert jobs.s3_client.meta.region_name == "eu-west-2"
    assert jobs.s3_client is jobs.s3_client
    assert jobs.client.meta.config.retries["mode"] == "adaptive"
    assert jobs.s3_client.meta.config.retries["mode"] == "adaptive"


def test_timestamps_from_the_service_are_timezone_aware(
    jobs: VoiceIdJobsClient, stubber: Stubber
) -> None:
    naive = datetime.datetime(2026, 5, 1, 12, 0)  # noqa: DTZ001 - what a careless stub gives
    stubber.add_response(
        "describe_speaker_enrollment_job",
        {"Job": {"JobId": JOB_ID, "CreatedAt": naive}},
        {"DomainId": DOMAIN_ID, "JobId": JOB_ID},
    )

    job = jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id=JOB_ID)

    assert job.created_at is not None
    assert job.created_at.utcoffset() == datetime.timedelta(0)


def test_create_passes_its_retry_sleep_clock_and_rate_to_the_client(
    fake_voiceid: FakeVoiceId,
) -> None:
    """create() takes what the constructor takes, so a made client can wait in no real time."""
    jobs = VoiceIdJobsClient.create(
        region_name="us-east-1",
        config=NO_BOTOCORE_RETRIES,
        retry=RetryPolicy(max_attempts=2, initial_delay=3.0),
        sleep=fake_voiceid.advance,
        clock=fake_voiceid.now,
        requests_per_second=1,
    )
    fake_voiceid.attach(jobs.client)
    domain = fake_voiceid.create_domain("made")
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", "InternalServerException")

    job = jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        input_data_config=InputDataConfig(s3_uri="s3://bucket/m.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://bucket/out"),
    )

    assert job.job_id is not None
    assert fake_voiceid.calls.count("StartSpeakerEnrollmentJob") == 2
    assert fake_voiceid.now() == 3.0  # the retry's delay, on the injected sleep and clock
    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient.create(region_name="us-east-1", requests_per_second=-1)
    assert caught.value.field == "requests_per_second"
