"""``voiceid-jobs demo``: a fraud-screened enrollment, start to finish, on the bundled fake.

No AWS account and no network: FakeVoiceId runs on moto's in-process S3. The demo
makes real 8 kHz PCM-16 WAV files, registers four fraudster recordings on a watchlist
(one is a duplicate), then enrolls thirty customers with fraud detection on: one of
them sounds like a known fraudster and one sent a recording at the wrong sample rate.
Both jobs are followed with progress bars and their results printed per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from rich.table import Table

from voiceid_jobs import (
    AudioSpecification,
    EnrollmentConfig,
    FraudDetectionAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    Job,
    OutputDataConfig,
    PollPolicy,
    RegistrationConfig,
    RequestOutcome,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
    join_outcomes,
)

from ._render import Renderer, outcome_documents

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_voice_id import VoiceIDClient

__all__ = ["run_demo"]

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatchDemo"
CUSTOMERS = 30
SOUNDS_LIKE_A_FRAUDSTER = 13
WRONG_SAMPLE_RATE = 21


def run_demo(renderer: Renderer) -> int:
    """Run the demo; 0 when both jobs end as the demo expects."""
    import boto3
    from botocore.config import Config
    from moto import mock_aws

    from voiceid_jobs.testing import FakeVoiceId, make_wav

    console = renderer.console
    as_json = renderer.output == "json"
    document: dict[str, object] = {}
    with mock_aws():
        s3: S3Client = boto3.client("s3", region_name="us-east-1")  # pyright: ignore[reportUnknownMemberType]
        voiceid: VoiceIDClient = boto3.client(  # pyright: ignore[reportUnknownMemberType]
            "voice-id", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
        )
        fake = FakeVoiceId(s3_client=s3, seconds_per_request=2.0)
        fake.attach(voiceid)
        jobs = VoiceIdJobsClient(
            voiceid, s3_client=s3, sleep=_pace(fake.advance, console.is_terminal), clock=fake.now
        )
        for bucket in ("demo-audio", "demo-batches"):
            s3.create_bucket(Bucket=bucket)
        domain = fake.create_domain("demo-contact-centre")
        watchlist = fake.create_watchlist(domain, "known-fraudsters")
        document.update(DomainId=domain, WatchlistId=watchlist)
        if not as_json:
            console.print(
                f"[bold]Domain[/] {domain}, watchlist {watchlist}: a fake Voice ID, in memory\n"
            )

        def upload(key: str, audio: bytes) -> AudioSpecification:
            s3.put_object(Bucket="demo-audio", Key=key, Body=audio)
            return AudioSpecification(s3_uri=f"s3://demo-audio/{key}", channel_id=0)

        fraudsters = FraudsterRegistrationManifest(
            fraudster_registration_requests=tuple(
                FraudsterRegistrationRequest(
                    request_id=label,
                    audio_specifications=(upload(f"fraud/{label}.wav", make_wav(voice)),),
                )
                for label, voice in (
                    ("mallory", "mallory"),
                    ("eve", "eve"),
                    ("trudy", "trudy"),
                    ("mallory-again", "mallory"),
                )
            )
        )
        registration = jobs.start_fraudster_registration_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=jobs.upload_manifest(fraudsters, "s3://demo-batches/fraudsters.json"),
            output_data_config=OutputDataConfig(s3_uri="s3://demo-batches/results"),
            registration_config=RegistrationConfig(watchlist_ids=(watchlist,)),
        )
        registered = _follow(jobs, renderer, registration, "registering fraudsters")
        reg_outcomes = join_outcomes(fraudsters, jobs.read_job_output(registered))
        document["FraudsterRegistration"] = _job_document(registered, reg_outcomes)
        if not as_json:
            renderer.outcomes(
                reg_outcomes,
                f"Fraudster registration {registered.job_id}: {registered.job_status}",
            )

        def recording(number: int) -> bytes:
            if number == SOUNDS_LIKE_A_FRAUDSTER:
                return make_wav("mallory")  # the same voice as a registered fraudster
            if number == WRONG_SAMPLE_RATE:
                return make_wav(f"customer-{number}", sample_rate=16000)
            return make_wav(f"customer-{number}")

        speakers = SpeakerEnrollmentManifest(
            speaker_enrollment_requests=tuple(
                SpeakerEnrollmentRequest(
                    request_id=f"r{number:03d}",
                    speaker_id=f"customer-{number:04d}",
                    audio_specifications=(
                        upload(f"calls/customer-{number:04d}.wav", recording(number)),
                    ),
                )
                for number in range(1, CUSTOMERS + 1)
            )
        )
        enrollment = jobs.start_speaker_enrollment_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=jobs.upload_manifest(speakers, "s3://demo-batches/speakers.json"),
            output_data_config=OutputDataConfig(s3_uri="s3://demo-batches/results"),
            enrollment_config=EnrollmentConfig(
                fraud_detection_config=FraudDetectionConfig(
                    fraud_detection_action=FraudDetectionAction.FAIL,
                    risk_threshold=60,
                    watchlist_ids=(watchlist,),
                )
            ),
        )
        enrolled = _follow(jobs, renderer, enrollment, "enrolling speakers")
        enroll_outcomes = join_outcomes(speakers, jobs.read_job_output(enrolled))
        document["SpeakerEnrollment"] = _job_document(enrolled, enroll_outcomes)
        if not as_json:
            renderer.outcomes(
                enroll_outcomes, f"Speaker enrollment {enrolled.job_id}: {enrolled.job_status}"
            )

    expected = [o.status for o in enroll_outcomes].count("failed") == 2  # noqa: PLR2004
    if as_json:
        renderer.json({**document, "AsExpected": expected})
        return 0 if expected else 1

    _print_summary(renderer, reg_outcomes, enroll_outcomes, expected=expected)
    return 0 if expected else 1


def _print_summary(
    renderer: Renderer,
    reg_outcomes: Sequence[RequestOutcome[Any, Any]],
    enroll_outcomes: Sequence[RequestOutcome[Any, Any]],
    *,
    expected: bool,
) -> None:
    """The demo's closing table and sentence."""
    console = renderer.console
    summary = Table("Job", "Requests", "Succeeded", "Failed", "Missing", title="Summary")
    for name, outcomes in (
        ("fraudster registration", reg_outcomes),
        ("speaker enrollment", enroll_outcomes),
    ):
        statuses = [outcome.status for outcome in outcomes]
        summary.add_row(
            name,
            str(len(statuses)),
            str(statuses.count("succeeded")),
            str(statuses.count("failed")),
            str(statuses.count("missing")),
        )
    console.print(summary)
    console.print(
        "The duplicate fraudster was skipped; one caller who sounds like a fraudster and one "
        "recording at 16 kHz were refused. Everything else was enrolled."
        if expected
        else "[red]The demo did not end as expected.[/]"
    )


def _job_document(job: Job, outcomes: Sequence[RequestOutcome[Any, Any]]) -> dict[str, object]:
    """A job of the demo and what became of its requests, as one JSON object."""
    statuses = [outcome.status for outcome in outcomes]
    return {
        "JobId": job.job_id,
        "JobStatus": str(job.job_status),
        "Counts": {
            "Requests": len(statuses),
            "Succeeded": statuses.count("succeeded"),
            "Failed": statuses.count("failed"),
            "Missing": statuses.count("missing"),
        },
        "Results": outcome_documents(outcomes),
    }


J = TypeVar("J", SpeakerEnrollmentJob, FraudsterRegistrationJob)


def _follow(jobs: VoiceIdJobsClient, renderer: Renderer, job: J, what: str) -> J:
    with renderer.progress(what) as update:
        return jobs.wait_for_job(
            job, poll=PollPolicy(initial_delay=2.0, max_delay=10.0), on_progress=update
        )


def _pace(advance: Callable[[float], None], on_terminal: bool) -> Callable[[float], None]:
    """The demo's sleep: the fake's time jumps; on a terminal, a moment passes for the bars."""

    def sleep(seconds: float) -> None:
        advance(seconds)
        if on_terminal:
            time.sleep(0.15)

    return sleep
