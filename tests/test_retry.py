"""Retrying what failed: a new run over the failed requests, never a replay of the old one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from conftest import Endpoint

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationRequest,
    InvalidParameterError,
    OutputDataConfig,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://retry/results")
VOICEID_JOBS = str(Path(sys.executable).with_name("voiceid-jobs"))


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    fake_voiceid.s3_client.create_bucket(Bucket="retry")
    for name in ("a", "b", "c", "d", "e", "f"):
        if name not in ("b", "e"):  # two recordings are missing
            fake_voiceid.s3_client.put_object(
                Bucket="retry", Key=f"{name}.wav", Body=make_wav(f"caller-{name}")
            )
    fake_voiceid.s3_client.put_object(
        Bucket="retry", Key="wideband.wav", Body=make_wav("wide", sample_rate=16000)
    )
    return fake_voiceid.create_domain("retry")


def six_speakers() -> list[SpeakerEnrollmentRequest]:
    return [
        SpeakerEnrollmentRequest(
            request_id=f"r-{name}",
            speaker_id=f"caller-{name}",
            audio_specifications=(
                AudioSpecification(s3_uri=f"s3://retry/{name}.wav", channel_id=0),
            ),
        )
        for name in ("a", "b", "c", "d", "e", "f")
    ]


def enroll(jobs: VoiceIdJobsClient, domain: str, requests: Any) -> Any:
    return jobs.enroll_speakers(
        requests,
        domain_id=domain,
        data_access_role_arn=ROLE,
        staging_uri="s3://retry/staging",
        output_data_config=OUTPUT,
    )


def jobs_started(jobs: VoiceIdJobsClient, domain: str) -> int:
    return len(list(jobs.list_speaker_enrollment_jobs(domain_id=domain)))


def test_the_failed_requests_of_a_run_are_its_original_requests_typed(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    run = enroll(fake_voiceid_jobs, domain, six_speakers())

    failed = list(fake_voiceid_jobs.failed_requests(run))

    assert (run.succeeded, run.failed) == (4, 2)
    assert [request.request_id for request in failed] == ["r-b", "r-e"]
    assert all(type(request) is SpeakerEnrollmentRequest for request in failed)
    assert failed == [request for request in six_speakers() if request.request_id in {"r-b", "r-e"}]


def test_a_retry_is_a_new_run_that_enrolls_exactly_the_failed_requests(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    run = enroll(fake_voiceid_jobs, domain, six_speakers())
    failed = list(fake_voiceid_jobs.failed_requests(run))
    for name in ("b", "e"):
        fake_voiceid.s3_client.put_object(
            Bucket="retry", Key=f"{name}.wav", Body=make_wav(f"caller-{name}")
        )

    retry = enroll(fake_voiceid_jobs, domain, failed)

    assert jobs_started(fake_voiceid_jobs, domain) == 2
    assert (retry.requests, retry.succeeded, retry.failed) == (2, 2, 0)
    enrolled = {o.request_id for o in fake_voiceid_jobs.run_outcomes(retry) if o.success}
    assert enrolled == {"r-b", "r-e"}


def test_rerunning_the_original_requests_replays_the_same_job_and_starts_none(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    first = enroll(fake_voiceid_jobs, domain, six_speakers())

    again = enroll(fake_voiceid_jobs, domain, six_speakers())

    assert jobs_started(fake_voiceid_jobs, domain) == 1
    assert again.shards[0].job.job_id == first.shards[0].job.job_id
    assert again.failed == 2


def test_error_codes_keep_only_failures_with_those_codes(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    speakers = [
        *six_speakers(),
        SpeakerEnrollmentRequest(
            request_id="r-wide",
            speaker_id="caller-wide",
            audio_specifications=(
                AudioSpecification(s3_uri="s3://retry/wideband.wav", channel_id=0),
            ),
        ),
    ]
    run = enroll(fake_voiceid_jobs, domain, speakers)
    codes = {
        o.request_id: o.error.error_code for o in fake_voiceid_jobs.run_outcomes(run) if o.error
    }

    assert set(codes) == {"r-b", "r-e", "r-wide"}
    assert list(fake_voiceid_jobs.failed_requests(run, error_codes=[500])) == []
    chosen = {
        request.request_id for request in fake_voiceid_jobs.failed_requests(run, error_codes=[400])
    }
    assert chosen == {name for name, code in codes.items() if code == 400}


def test_a_job_summary_and_a_registration_job_work_too(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    run = fake_voiceid_jobs.register_fraudsters(
        [
            FraudsterRegistrationRequest(
                request_id=f"f-{name}",
                audio_specifications=(
                    AudioSpecification(s3_uri=f"s3://retry/{name}.wav", channel_id=0),
                ),
            )
            for name in ("a", "b")
        ],
        domain_id=domain,
        data_access_role_arn=ROLE,
        staging_uri="s3://retry/staging",
        output_data_config=OUTPUT,
    )
    (summary,) = fake_voiceid_jobs.list_fraudster_registration_jobs(domain_id=domain)

    failed = list(fake_voiceid_jobs.failed_requests(summary))

    assert run.failed == 1
    assert [(type(request).__name__, request.request_id) for request in failed] == [
        ("FraudsterRegistrationRequest", "f-b")
    ]


@pytest.mark.parametrize("codes", ["400", [400, "500"], 400])
def test_error_codes_must_be_a_collection_of_integers(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str, codes: Any
) -> None:
    run = enroll(fake_voiceid_jobs, domain, six_speakers())

    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid_jobs.failed_requests(run, error_codes=codes)

    assert caught.value.field == "error_codes"


# --- The whole retry, with the installed command -------------------------------------------


def program(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VOICEID_JOBS, *arguments], capture_output=True, text=True, check=False, timeout=120
    )


def test_results_failed_as_csv_goes_straight_into_enroll_and_retries_exactly_those(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    s3 = boto3.client("s3", endpoint_url=endpoint.url, region_name="us-east-1")
    s3.create_bucket(Bucket="retry")
    for name in ("a", "c", "d", "f"):
        s3.put_object(Bucket="retry", Key=f"{name}.wav", Body=make_wav(f"caller-{name}"))
    speakers = tmp_path / "speakers.csv"
    speakers.write_text(
        "speaker_id,audio_s3_uri\n"
        + "".join(f"caller-{name},s3://retry/{name}.wav\n" for name in "abcdef")
    )
    connection = ["--endpoint-url", endpoint.url, "--region", "us-east-1"]
    job_options = [
        "--domain-id",
        endpoint.domain_id,
        "--role-arn",
        ROLE,
        "--staging-uri",
        "s3://retry/staging",
        "--output-uri",
        "s3://retry/results",
        "--wait",
        "--poll-delay",
        "0.5",
        *connection,
    ]

    first = program("enroll", str(speakers), *job_options, "--output", "json")
    jobs = json.loads(first.stdout)["Jobs"]
    listed = program(
        "results",
        "enrollment",
        "--domain-id",
        endpoint.domain_id,
        *[argument for job in jobs for argument in ("--job-id", job)],
        "--failed",
        "--output",
        "csv",
        *connection,
    )
    retry = tmp_path / "retry.csv"
    retry.write_text(listed.stdout)
    for name in ("b", "e"):
        s3.put_object(Bucket="retry", Key=f"{name}.wav", Body=make_wav(f"caller-{name}"))
    retried = program("enroll", str(retry), *job_options, "--output", "json")

    assert first.returncode == 1, first.stderr
    assert json.loads(first.stdout)["Counts"] == {
        "Requests": 6,
        "Succeeded": 4,
        "Failed": 2,
        "Missing": 0,
    }
    assert listed.returncode == 1, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if not line.startswith("#")]
    assert rows == [
        "speaker_id,audio_s3_uri,channel_id",
        "caller-b,s3://retry/b.wav,0",
        "caller-e,s3://retry/e.wav,0",
    ]
    assert "# r00002: failed 400" in listed.stdout
    assert retried.returncode == 0, retried.stderr
    document = json.loads(retried.stdout)
    assert document["Counts"] == {"Requests": 2, "Succeeded": 2, "Failed": 0, "Missing": 0}
    assert document["Jobs"] != jobs
    assert {result["SpeakerId"] for result in document["Results"]} == {"caller-b", "caller-e"}
