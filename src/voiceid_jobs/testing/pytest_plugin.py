"""pytest fixtures for testing code that uses voiceid_jobs (loaded as a pytest plugin).

- ``voiceid_stubber``: an active botocore Stubber on a fresh voice-id client; at the
  end of the test it asserts that every queued response was used.
- ``voiceid_stubbed_jobs``: a VoiceIdJobsClient on that client that never sleeps.
- ``fake_voiceid``: a FakeVoiceId with moto's in-process S3 (needs ``moto[s3]``).
- ``fake_voiceid_jobs``: a VoiceIdJobsClient answered by ``fake_voiceid``, sleeping
  and reading time on the fake's clock, with the same moto S3 client.
- ``voiceid_aio_stubbed``: :func:`~voiceid_jobs.testing.aio_stubbed_jobs`, to use as
  ``async with voiceid_aio_stubbed() as (jobs, stubber)`` in a coroutine (needs the
  aio extra); ``fake_voiceid_aio_jobs``: ``async with fake_voiceid_aio_jobs() as
  jobs``, an AsyncVoiceIdJobsClient answered by ``fake_voiceid``. Both are async
  context managers, so they need no particular async test plugin.
- ``voiceid_mock``: the fake of an active :func:`~voiceid_jobs.testing.mock_voiceid`
  inside moto's ``mock_aws()``: every voice-id client the code under test makes is
  answered by it, and S3 is moto's (needs ``moto[s3]``).

The fixtures import boto3 and moto only when a test asks for them; a fixture whose
extra is not installed fails its test in one line that names the extra.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

import pytest

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from types_boto3_s3 import S3Client
    from types_boto3_voice_id import VoiceIDClient

    from voiceid_jobs import VoiceIdJobsClient
    from voiceid_jobs.aio import AsyncVoiceIdJobsClient
    from voiceid_jobs.testing import FakeVoiceId

REGION = "us-east-1"


def _voiceid_client() -> VoiceIDClient:
    from botocore.config import Config

    from voiceid_jobs.testing._sessions import session

    return session().client(  # pyright: ignore[reportUnknownMemberType]
        "voice-id",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - never used: nothing is sent
        config=Config(retries={"total_max_attempts": 1}),
    )


def require(module: str, extra: str, fixture: str) -> None:
    """Fail the test in one line, naming the extra to install, when ``module`` is missing."""
    try:
        importlib.import_module(module)
    except ImportError:
        message = f'the {fixture} fixture needs {module}: pip install "voiceid-jobs[{extra}]"'
        pytest.fail(message, pytrace=False)


@pytest.fixture
def voiceid_stubber() -> Iterator[Stubber]:
    """An active Stubber on a fresh voice-id client (``stubber.client``)."""
    from botocore.stub import Stubber

    with Stubber(_voiceid_client()) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def voiceid_stubbed_jobs(voiceid_stubber: Stubber) -> VoiceIdJobsClient:
    """A VoiceIdJobsClient on ``voiceid_stubber``'s client; its sleeps take no time."""
    from voiceid_jobs import VoiceIdJobsClient

    return VoiceIdJobsClient(cast("VoiceIDClient", voiceid_stubber.client), sleep=lambda _: None)


@pytest.fixture
def fake_voiceid() -> Iterator[FakeVoiceId]:
    """A FakeVoiceId on moto's in-process S3 (``fake_voiceid.s3_client``)."""
    require("moto", "testing", "fake_voiceid")
    from moto import mock_aws

    from voiceid_jobs.testing import FakeVoiceId
    from voiceid_jobs.testing._sessions import session
    from voiceid_jobs.testing._storage import storage_config

    with mock_aws():
        s3: S3Client = session().client(  # pyright: ignore[reportUnknownMemberType]
            "s3", region_name=REGION, config=storage_config()
        )
        yield FakeVoiceId(s3_client=s3)


@pytest.fixture
def voiceid_mock() -> Iterator[FakeVoiceId]:
    """The fake that answers every voice-id client made in the test, on moto's S3."""
    require("moto", "testing", "voiceid_mock")
    from moto import mock_aws

    from voiceid_jobs.testing import mock_voiceid

    with mock_aws(), mock_voiceid() as fake:
        yield fake


@pytest.fixture
def fake_voiceid_jobs(fake_voiceid: FakeVoiceId) -> VoiceIdJobsClient:
    """A VoiceIdJobsClient answered by ``fake_voiceid``, on the fake's clock."""
    from voiceid_jobs import VoiceIdJobsClient

    client = _voiceid_client()
    fake_voiceid.attach(client)
    return VoiceIdJobsClient(
        client, s3_client=fake_voiceid.s3_client, sleep=fake_voiceid.advance, clock=fake_voiceid.now
    )


@pytest.fixture
def voiceid_aio_stubbed() -> Callable[
    [], contextlib.AbstractAsyncContextManager[tuple[AsyncVoiceIdJobsClient, Any]]
]:
    """The async client under AioStubber, to open in a coroutine; see ``aio_stubbed_jobs``."""
    require("aiobotocore", "aio", "voiceid_aio_stubbed")
    from voiceid_jobs.testing import aio_stubbed_jobs

    return aio_stubbed_jobs


@pytest.fixture
def fake_voiceid_aio_jobs(
    fake_voiceid: FakeVoiceId,
) -> Callable[[], contextlib.AbstractAsyncContextManager[AsyncVoiceIdJobsClient]]:
    """The async client answered by ``fake_voiceid``, to open in a coroutine."""
    require("aiobotocore", "aio", "fake_voiceid_aio_jobs")
    from voiceid_jobs.testing import aio_fake_jobs

    return functools.partial(aio_fake_jobs, fake_voiceid)
