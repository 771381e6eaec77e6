"""The local endpoint, driven by the real AWS CLI in subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from voiceid_jobs.testing import make_wav

AWS = str(Path(sys.executable).with_name("aws"))


class Endpoint:
    def __init__(self, process: subprocess.Popen[str], url: str, domain_id: str) -> None:
        self.process, self.url, self.domain_id = process, url, domain_id

    def aws(self, *arguments: str) -> str:
        """Run the AWS CLI against the endpoint; what it printed."""
        result = subprocess.run(
            [AWS, "--endpoint-url", self.url, "--output", "json", *arguments],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env={
                **os.environ,
                "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            },
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def aws_json(self, *arguments: str) -> Any:
        """Run an AWS CLI command that answers JSON; the answer, parsed."""
        return json.loads(self.aws(*arguments))


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voiceid_jobs.testing.server",
            "--port",
            "0",
            "--speed",
            "0",
            "--advance-per-request",
            "10",
            "--create-domain",
            "cli-test",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        serving = process.stdout.readline()
        domain = process.stdout.readline()
        assert serving.startswith("Serving Voice ID and S3 at http://127.0.0.1:"), serving
        yield Endpoint(process, serving.split()[-1], domain.split()[-1])
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=15)  # also closes the pipes
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


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
    endpoint.aws("s3", "mb", "s3://cli-audio")
    endpoint.aws("s3", "mb", "s3://cli-results")
    endpoint.aws("s3", "cp", str(tmp_path / "alice.wav"), "s3://cli-audio/alice.wav")
    endpoint.aws("s3", "cp", str(tmp_path / "manifest.json"), "s3://cli-audio/manifest.json")

    started = endpoint.aws_json(
        "voice-id",
        "start-speaker-enrollment-job",
        "--domain-id",
        endpoint.domain_id,
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
            endpoint.domain_id,
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
        "voice-id", "describe-speaker", "--domain-id", endpoint.domain_id, "--speaker-id", "alice"
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


def test_the_endpoint_stops_cleanly_on_sigterm(endpoint: Endpoint) -> None:
    endpoint.process.send_signal(signal.SIGTERM)

    stdout, _ = endpoint.process.communicate(timeout=15)

    assert endpoint.process.returncode == 0
    assert "Stopped." in stdout
