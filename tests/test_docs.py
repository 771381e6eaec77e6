"""Every Python example in docs/ runs, page by page, against the bundled fake.

Each page's ``python`` blocks run in order in one namespace. ``VoiceIdJobsClient.create``
gives a client answered by a FakeVoiceId on moto's S3, where the domain the examples
name exists and ``s3://my-bucket/calls/{alice,bob}.wav`` hold real recordings; a
page's ``test_*`` functions are then called with the fixtures they name.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from botocore.stub import Stubber
from conftest import NO_BOTOCORE_RETRIES
from moto import mock_aws

from voiceid_jobs import VoiceIdJobsClient
from voiceid_jobs.aio import AsyncVoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, aio_stubbed_jobs, make_wav

DOCS = Path(__file__).resolve().parent.parent / "docs"
DOMAIN = "abcdefghijklmnopqrstuv"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples(page: Path) -> list[tuple[int, str]]:
    text = page.read_text()
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)
    ]


PAGES = [page for page in sorted(DOCS.glob("*.md")) if examples(page)]


def fake_client(s3: Any) -> tuple[FakeVoiceId, VoiceIdJobsClient]:
    fake = FakeVoiceId(s3_client=s3)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    fake.attach(client)
    return fake, VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)


class _AsyncBody:
    def __init__(self, data: bytes) -> None:
        self.data = data

    async def __aenter__(self) -> Any:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    async def read(self) -> bytes:
        return self.data


class _AsyncS3:
    """moto's in-process S3 for an async client (moto does not serve aiobotocore)."""

    def __init__(self, s3: Any) -> None:
        self.s3 = s3

    async def put_object(self, **arguments: Any) -> Any:
        return self.s3.put_object(**arguments)

    async def get_object(self, **arguments: Any) -> Any:
        response = self.s3.get_object(**arguments)
        return {**response, "Body": _AsyncBody(response["Body"].read())}


def async_create(fake: FakeVoiceId, s3: Any) -> Any:
    """``AsyncVoiceIdJobsClient.create`` for the docs: the fake, on its clock, and moto's S3."""

    @contextlib.asynccontextmanager
    async def create(**_: object) -> AsyncIterator[AsyncVoiceIdJobsClient]:
        async def sleep(seconds: float) -> None:
            await asyncio.sleep(0)
            fake.advance(seconds)

        async with get_session().create_client(
            "voice-id", region_name="us-east-1", config=AioConfig(retries={"total_max_attempts": 1})
        ) as client:
            fake.attach(client)
            yield AsyncVoiceIdJobsClient(
                client,
                s3_client=_AsyncS3(s3),
                sleep=sleep,
                clock=fake.now,  # type: ignore[arg-type]
            )

    return create


@pytest.fixture
def docs_client(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, VoiceIdJobsClient]]:
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="my-bucket")
        for name in ("alice", "bob"):
            s3.put_object(Bucket="my-bucket", Key=f"calls/{name}.wav", Body=make_wav(name))
        fake, jobs = fake_client(s3)
        fake.create_domain("docs", domain_id=DOMAIN)
        monkeypatch.setattr(VoiceIdJobsClient, "create", classmethod(lambda cls, **_: jobs))
        monkeypatch.setattr(AsyncVoiceIdJobsClient, "create", async_create(fake, s3))
        yield s3, jobs


def call_with_fixtures(function: Any, s3: Any) -> None:
    """Call a ``test_*`` function from a page with the plugin's fixtures it names."""
    names = set(inspect.signature(function).parameters)
    arguments: dict[str, Any] = {}
    stubber = None
    if names & {"voiceid_stubber", "voiceid_stubbed_jobs"}:
        client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
        stubber = Stubber(client).__enter__()
        arguments["voiceid_stubber"] = stubber
        arguments["voiceid_stubbed_jobs"] = VoiceIdJobsClient(client, sleep=lambda _: None)
    if names & {"fake_voiceid", "fake_voiceid_jobs"}:
        arguments["fake_voiceid"], arguments["fake_voiceid_jobs"] = fake_client(s3)
    if "voiceid_aio_stubbed" in names:
        arguments["voiceid_aio_stubbed"] = aio_stubbed_jobs
    function(**{name: arguments[name] for name in names})
    if stubber is not None:
        stubber.assert_no_pending_responses()
        stubber.__exit__(None, None, None)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_python_example_on_the_page_runs(
    page: Path, docs_client: tuple[Any, VoiceIdJobsClient], capsys: pytest.CaptureFixture[str]
) -> None:
    s3, jobs = docs_client
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}", "jobs": jobs}

    for line, code in examples(page):
        exec(compile(code, f"{page.name}:{line}", "exec"), namespace)  # noqa: S102 - our own docs
    tests = [
        value for name, value in namespace.items() if name.startswith("test_") and callable(value)
    ]
    for function in tests:
        call_with_fixtures(function, s3)

    capsys.readouterr()
    assert examples(page)


def test_the_examples_that_run_include_every_page_with_python() -> None:
    names = {page.name for page in PAGES}

    assert {
        "quickstart.md",
        "models.md",
        "client.md",
        "waiting.md",
        "batch-files.md",
        "errors.md",
        "testing.md",
        "async.md",
    } <= names
