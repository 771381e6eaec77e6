"""The local endpoint, driven by the real AWS CLI in subprocesses."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import AWS, Endpoint, local_endpoint

from voiceid_jobs.testing import make_wav


def test_the_aws_cli_runs_an_enrollment_job_end_to_end(endpoint: Endpoint, tmp_path: Path) -> None:
    (tmp_path / "alice.wav").write_bytes(make_wav("alice"))
    (tmp_path / "manifest.json").write_text(
        json.dumps(
            {
                "Version": "1.0",
                "SpeakerEnrollmentRequests": [
                    {
                        "RequestId": "r1",
                        "SpeakerId": "alice",
                        "AudioSpecifications": [
                            {"S3Uri": "s3://cli-audio/alice.wav", "ChannelId": 0}
                        ],
                    }
                ],
            }
        )
    )
    domain_id = endpoint.new_domain("aws-cli-end-to-end")
    endpoint.aws("s3", "mb", "s3://cli-audio")
    endpoint.aws("s3", "mb", "s3://cli-results")
    endpoint.aws("s3", "cp", str(tmp_path / "alice.wav"), "s3://cli-audio/alice.wav")
    endpoint.aws("s3", "cp", str(tmp_path / "manifest.json"), "s3://cli-audio/manifest.json")

    started = endpoint.aws_json(
        "voice-id",
        "start-speaker-enrollment-job",
        "--domain-id",
        domain_id,
        "--data-access-role-arn",
        "arn:aws:iam::123456789012:role/VoiceIdBatch",
        "--input-data-config",
        "S3Uri=s3://cli-audio/manifest.json",
        "--output-data-config",
        "S3Uri=s3://cli-results/out",
    )["Job"]
    statuses = [started["JobStatus"]]
    job = started
    for _ in range(10):
        job = endpoint.aws_json(
            "voice-id",
            "describe-speaker-enrollment-job",
            "--domain-id",
            domain_id,
            "--job-id",
            started["JobId"],
        )["Job"]
        statuses.append(job["JobStatus"])
        if job["JobStatus"] in {"COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"}:
            break
    endpoint.aws(
        "s3",
        "cp",
        f"s3://cli-results/out/{started['JobId']}/manifest.json.out",
        str(tmp_path / "output.json"),
    )
    speaker = endpoint.aws_json(
        "voice-id", "describe-speaker", "--domain-id", domain_id, "--speaker-id", "alice"
    )["Speaker"]

    assert statuses[0] == "SUBMITTED"
    assert statuses[-1] == "COMPLETED"
    assert job["JobProgress"]["PercentComplete"] == 100
    output = json.loads((tmp_path / "output.json").read_text())
    assert output["SuccessfulEnrollments"][0]["RequestId"] == "r1"
    assert output["SuccessfulEnrollments"][0]["EnrollmentStatus"] == "NEW_ENROLLMENT"
    assert speaker["CustomerSpeakerId"] == "alice"
    assert speaker["GeneratedSpeakerId"] == output["SuccessfulEnrollments"][0]["GeneratedSpeakerId"]


def test_the_endpoint_answers_service_errors_in_the_services_format(endpoint: Endpoint) -> None:
    result = subprocess.run(
        [
            AWS,
            "--endpoint-url",
            endpoint.url,
            "voice-id",
            "describe-speaker-enrollment-job",
            "--domain-id",
            endpoint.domain_id,
            "--job-id",
            "J" * 22,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ResourceNotFoundException" in result.stderr


@pytest.mark.slow
def test_the_endpoint_stops_cleanly_on_sigterm() -> None:
    with local_endpoint() as (process, _):  # its own: the shared one serves other tests
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=15)

    assert process.returncode == 0
    assert "Stopped." in stdout
