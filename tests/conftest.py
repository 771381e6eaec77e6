"""Fixtures: a real botocore voice-id client under Stubber, and a client that never sleeps."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from types_boto3_voice_id import VoiceIDClient

from voiceid_jobs import VoiceIdJobsClient


@pytest.fixture(autouse=True)
def _no_aws_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the machine's AWS configuration and credentials out of every test."""
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)


NO_BOTOCORE_RETRIES = Config(retries={"total_max_attempts": 1})
"""botocore would retry (and really sleep) on its own; the tests see every attempt."""


@pytest.fixture
def voiceid() -> VoiceIDClient:
    return boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)


@pytest.fixture
def stubber(voiceid: VoiceIDClient) -> Iterator[Stubber]:
    with Stubber(voiceid) as stubber:
        yield stubber


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
