"""Code as a user writes it, checked by mypy --strict and pyright strict.

Lines marked ``# type: ignore[...]`` must stay type errors: with
``warn_unused_ignores`` (mypy) and ``reportUnnecessaryTypeIgnoreComment`` (pyright),
the check fails if one of them stops being an error.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator

import boto3
from types_aiobotocore_voice_id import VoiceIDClient as AioVoiceIDClient
from types_boto3_voice_id import VoiceIDClient

from voiceid_jobs import (
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    InputDataConfig,
    InvalidParameterError,
    Job,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    PollPolicy,
    RegistrationConfig,
    ShardedRun,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
    WaitTimeoutError,
)
from voiceid_jobs.aio import AsyncVoiceIdJobsClient

DOMAIN = "a" * 22


def enroll(jobs: VoiceIdJobsClient) -> SpeakerEnrollmentJob:
    started = jobs.start_speaker_enrollment_job(
        domain_id=DOMAIN,
        data_access_role_arn="arn:aws:iam::123456789012:role/voiceid",
        input_data_config=InputDataConfig(s3_uri="s3://bucket/manifest.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://bucket/out", kms_key_id="key"),
        enrollment_config=EnrollmentConfig(
            existing_enrollment_action=ExistingEnrollmentAction.OVERWRITE,
            fraud_detection_config=FraudDetectionConfig(
                fraud_detection_action=FraudDetectionAction.FAIL,
                risk_threshold=70,
                watchlist_ids=("w" * 22,),
            ),
        ),
        job_name="nightly",
    )
    ended: SpeakerEnrollmentJob = jobs.wait_for_job(
        started, timeout=datetime.timedelta(hours=2), poll=PollPolicy(initial_delay=1.0)
    )
    percent: int | None = ended.percent_complete
    uri: str | None = ended.output_file_uri
    status: JobStatus | None = ended.job_status
    print(percent, uri, status, ended.is_terminal)
    return ended


def wait_for_registration(jobs: VoiceIdJobsClient, job: FraudsterRegistrationJob) -> None:
    def report(current: FraudsterRegistrationJob) -> None:
        print(current.percent_complete)

    try:
        done: FraudsterRegistrationJob = jobs.wait_for_job(job, on_progress=report)
    except JobFailedError as error:
        failed: Job = error.job
        print(failed.failure_details)
    except WaitTimeoutError as error:
        print(error.last_job.job_status)
    else:
        print(done.registration_config)


def summaries(jobs: VoiceIdJobsClient) -> Iterator[SpeakerEnrollmentJobSummary]:
    return jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN, job_status=JobStatus.COMPLETED)


def made_from_a_session() -> VoiceIdJobsClient:
    return VoiceIdJobsClient.create(session=boto3.Session(), region_name="us-east-1")


def wrapped(raw: VoiceIDClient) -> VoiceIdJobsClient:
    return VoiceIdJobsClient(raw, sleep=lambda seconds: None, clock=lambda: 0.0)


def rejected(error: InvalidParameterError) -> tuple[str, object, str]:
    caught: ValueError = error
    print(caught)
    return error.field, error.value, error.rule


# --- The async client ----------------------------------------------------------------


async def enroll_everywhere(domains: list[str]) -> list[SpeakerEnrollmentJob]:
    async with AsyncVoiceIdJobsClient.create(
        region_name="us-east-1", requests_per_second=2
    ) as jobs:
        started = [
            await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn="arn:aws:iam::123456789012:role/voiceid",
                input_data_config=InputDataConfig(s3_uri="s3://bucket/manifest.json"),
                output_data_config=OutputDataConfig(s3_uri="s3://bucket/out"),
            )
            for domain in domains
        ]
        ended: list[SpeakerEnrollmentJob] = await asyncio.gather(
            *(jobs.wait_for_job(job, timeout=3600) for job in started)
        )
        async for summary in jobs.list_speaker_enrollment_jobs(domain_id=domains[0]):
            listed: SpeakerEnrollmentJobSummary = summary
            print(listed.job_id)
        return ended


def wrapped_async(raw: AioVoiceIDClient) -> AsyncVoiceIdJobsClient:
    async def no_sleep(seconds: float) -> None:
        print(seconds)

    return AsyncVoiceIdJobsClient(raw, sleep=no_sleep, clock=lambda: 0.0)


# --- The boto3 clients underneath, typed by the `types` extra --------------------------


def raw_clients(jobs: VoiceIdJobsClient) -> list[str]:
    """``jobs.client`` and ``jobs.s3_client`` are boto3's typed clients."""
    domains = jobs.client.list_domains(MaxResults=10)["DomainSummaries"]
    if jobs.s3_client is not None:
        jobs.s3_client.head_bucket(Bucket="my-bucket")
    return [domain.get("DomainId", "") for domain in domains]


async def raw_async_client(jobs: AsyncVoiceIdJobsClient) -> int:
    answer = await jobs.client.list_domains(MaxResults=10)
    return len(answer["DomainSummaries"])


# --- Lines that must be type errors -------------------------------------------------


def raw_client_needs_its_arguments(jobs: VoiceIdJobsClient) -> None:
    jobs.client.describe_domain()  # type: ignore[call-arg]


FraudDetectionConfig(risk_threshold="high")  # type: ignore[arg-type]
InputDataConfig("s3://bucket/manifest.json")  # type: ignore[call-arg]
RegistrationConfig(watchlist_ids=[22])  # type: ignore[list-item]


def wrong_job_kind(jobs: VoiceIdJobsClient, job: SpeakerEnrollmentJob) -> None:
    registration: FraudsterRegistrationJob = jobs.wait_for_job(job)  # type: ignore[assignment]
    print(registration)


def positional_arguments(jobs: VoiceIdJobsClient) -> None:
    jobs.describe_speaker_enrollment_job(DOMAIN, "j" * 22)  # type: ignore[call-arg]


def frozen(config: InputDataConfig) -> None:
    config.s3_uri = "s3://bucket/other.json"  # type: ignore[misc]


async def async_wrong_job_kind(jobs: AsyncVoiceIdJobsClient, job: SpeakerEnrollmentJob) -> None:
    registration: FraudsterRegistrationJob = await jobs.wait_for_job(job)  # type: ignore[assignment]
    print(registration)


async def async_not_awaited(jobs: AsyncVoiceIdJobsClient, job: SpeakerEnrollmentJob) -> None:
    ended: SpeakerEnrollmentJob = jobs.wait_for_job(job)  # type: ignore[assignment]
    print(ended)


def async_sleep_must_be_awaitable(raw: AioVoiceIDClient) -> AsyncVoiceIdJobsClient:
    def blocking_sleep(seconds: float) -> None:
        print(seconds)

    return AsyncVoiceIdJobsClient(raw, sleep=blocking_sleep)  # type: ignore[arg-type]


def retry_what_failed(
    jobs: VoiceIdJobsClient, requests: list[SpeakerEnrollmentRequest]
) -> ShardedRun[SpeakerEnrollmentJob] | None:
    """The retry block of the docs' scale page: a run's failed requests keep their type."""
    run = jobs.enroll_speakers(
        requests,
        domain_id=DOMAIN,
        data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        staging_uri="s3://my-bucket/staging",
        output_data_config=OutputDataConfig(s3_uri="s3://my-bucket/results"),
    )
    failed: list[SpeakerEnrollmentRequest] = list(jobs.failed_requests(run))
    if not failed:
        return None
    retry = jobs.enroll_speakers(
        failed,
        domain_id=DOMAIN,
        data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        staging_uri="s3://my-bucket/staging",
        output_data_config=OutputDataConfig(s3_uri="s3://my-bucket/results"),
    )
    jobs.register_fraudsters(
        failed,  # type: ignore[arg-type]  # enrollment requests are not fraudsters
        domain_id=DOMAIN,
        data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        staging_uri="s3://my-bucket/staging",
        output_data_config=OutputDataConfig(s3_uri="s3://my-bucket/results"),
    )
    return retry
