"""Fixtures: a real botocore voice-id client under Stubber, and a client that never sleeps."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import botocore.loaders
import botocore.session
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from hypothesis import HealthCheck, settings

from voiceid_jobs import VoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, _sessions

if TYPE_CHECKING:
    from types_boto3_voice_id import VoiceIDClient


_LOAD_INDEPENDENT = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
}
"""What no profile checks: how long an example takes to make or to run. Both depend on
how busy the machine is (a 2-core CI runner beside other work), not on the code, so a
check of them fails runs for the machine's sake. How many inputs a strategy throws away
is still checked (``filter_too_much``), and slow strategies are fixed, not hidden."""

settings.register_profile("default", max_examples=20, **_LOAD_INDEPENDENT)
settings.register_profile("ci", max_examples=50, print_blob=True, **_LOAD_INDEPENDENT)
settings.register_profile("many", max_examples=3000, **_LOAD_INDEPENDENT)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
"""Few examples a property by default, for a quick run; ``HYPOTHESIS_PROFILE=ci`` for more
(what the test command runs on its main Python, keeping the command near 10 minutes on 2 cores),
``many`` for a long search by hand."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that starts the local endpoint in a subprocess is slow."""
    for item in items:
        if {"endpoint", "served"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_aws_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's AWS configuration and credentials out of every test."""
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


def _shared_loader(search_path_string: str | None = None) -> botocore.loaders.Loader:
    """The testing helpers' loader, shared; a data path of its own gets a loader of its own."""
    if search_path_string is None:
        return _sessions._loader()
    return botocore.loaders.create_loader(search_path_string)


@pytest.fixture(autouse=True)
def _data_files_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """botocore's data files are read once a process, not once a test.

    moto's ``mock_aws()`` gives each test a new default session, so each ``boto3.client()``
    in a test would read the endpoints, the service models and their rule sets again: a
    fifth of a second a test. The files never change while the tests run.
    """
    monkeypatch.setattr(botocore.session, "create_loader", _shared_loader)


NO_BOTOCORE_RETRIES = Config(retries={"total_max_attempts": 1})
"""botocore would retry (and really sleep) on its own; the tests see every attempt."""


@pytest.fixture
def voiceid() -> VoiceIDClient:
    return boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)


@pytest.fixture
def stubber(voiceid: VoiceIDClient) -> Iterator[Stubber]:
    """The voice-id client under Stubber; a test that leaves a stubbed answer unused fails."""
    with Stubber(voiceid) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


class FakeTime:
    """A clock that moves only when slept on, and a record of every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def jobs(voiceid: VoiceIDClient, fake_time: FakeTime) -> VoiceIdJobsClient:
    return VoiceIdJobsClient(voiceid, sleep=fake_time.sleep, clock=fake_time.clock)


# --- The local endpoint, in a subprocess ------------------------------------------

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

    def new_domain(self, name: str) -> str:
        """A domain of the test's own, on the shared endpoint: its id."""
        voiceid = boto3.client("voice-id", endpoint_url=self.url, region_name="us-east-1")
        created = voiceid.create_domain(
            Name=name, ServerSideEncryptionConfiguration={"KmsKeyId": "alias/voiceid"}
        )
        domain_id: str = created["Domain"]["DomainId"]
        return domain_id


@contextlib.contextmanager
def local_endpoint(*flags: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """The local endpoint in a subprocess, on a free port, its clock moving 10 s at each
    Voice ID request; the process and its URL. It is stopped with SIGTERM after."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voiceid_jobs.testing.server",
            "--port",
            "0",
            "--speed",
            "1e-9",  # the clock moves only with --advance-per-request
            "--advance-per-request",
            "10",
            *flags,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        serving = process.stdout.readline()
        assert serving.startswith("Serving Voice ID and S3 at http://127.0.0.1:"), serving
        yield process, serving.split()[-1]
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=15)  # also closes the pipes
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture(scope="session")
def endpoint() -> Iterator[Endpoint]:
    """One local endpoint for the whole session (starting one takes about a second).

    Tests that share it make their own buckets and jobs; none relies on its being new.
    """
    with local_endpoint("--create-domain", "cli-test") as (process, url):
        assert process.stdout is not None
        domain = process.stdout.readline()
        yield Endpoint(process, url, domain.split()[-1])


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    """A domain of ``fake_voiceid``, with the buckets audio, manifests and results."""
    for bucket in ("audio", "manifests", "results"):
        fake_voiceid.s3_client.create_bucket(Bucket=bucket)
    return fake_voiceid.create_domain("contact-centre")
