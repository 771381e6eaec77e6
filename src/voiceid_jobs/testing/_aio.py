"""Test helpers for the async client: aiobotocore's Stubber and the fake, in process.

Each is an async context manager, so it works under any way of running a coroutine
(``asyncio.run``, pytest-asyncio, anyio): ``async with aio_stubbed_jobs() as (jobs,
stubber): ...``. Needs ``voiceid-jobs[aio]``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any

from ._fake import FakeVoiceId

if TYPE_CHECKING:
    from aiobotocore.stub import AioStubber

    from voiceid_jobs.aio import AsyncVoiceIdJobsClient

__all__ = ["aio_fake_jobs", "aio_stubbed_jobs"]

REGION = "us-east-1"


async def _no_sleep(_: float) -> None:
    """A Stubber's answers are queued: waiting for them takes no time."""


@contextlib.asynccontextmanager
async def _voiceid_client() -> AsyncGenerator[Any, None]:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    async with get_session().create_client(  # pyright: ignore[reportUnknownMemberType]
        "voice-id",
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - never used: nothing is sent
        config=AioConfig(retries={"total_max_attempts": 1}),
    ) as client:
        yield client


@contextlib.asynccontextmanager
async def aio_stubbed_jobs() -> AsyncGenerator[tuple[AsyncVoiceIdJobsClient, AioStubber], None]:
    """An AsyncVoiceIdJobsClient on an aiobotocore client under an active AioStubber.

    Its sleeps take no time; on leaving, it asserts every queued answer was used. The
    ``*_params`` and ``*_response`` helpers of :mod:`voiceid_jobs.testing` work with it.
    """
    from aiobotocore.stub import AioStubber

    from voiceid_jobs.aio import AsyncVoiceIdJobsClient

    async with _voiceid_client() as client:
        with AioStubber(client) as stubber:
            yield AsyncVoiceIdJobsClient(client, sleep=_no_sleep), stubber
            stubber.assert_no_pending_responses()


@contextlib.asynccontextmanager
async def aio_fake_jobs(fake: FakeVoiceId) -> AsyncGenerator[AsyncVoiceIdJobsClient, None]:
    """An AsyncVoiceIdJobsClient answered by ``fake`` in process, on the fake's clock.

    Its Voice ID calls go to the fake through a real aiobotocore client. It has no S3
    client: moto's in-process S3 does not serve aiobotocore, so stage files with the
    fake's own ``s3_client``, or test batch files over HTTP with the local endpoint.
    """
    from voiceid_jobs.aio import AsyncVoiceIdJobsClient

    async def sleep(seconds: float) -> None:
        fake.advance(seconds)

    async with _voiceid_client() as client:
        fake.attach(client)
        yield AsyncVoiceIdJobsClient(client, sleep=sleep, clock=fake.now)
