"""Every Python example in docs/ runs as printed, page by page, against the local endpoint.

Each page gets its own ``voiceid-jobs serve --examples`` (the domain, bucket and
recordings the examples name) and the environment it prints, as the quick start tells a
reader to do. Each page's ``python`` blocks then run in order in one namespace, through
the public ``create()``. The one change: the clients ``create()`` makes are handed a
sleep and a clock that pass no real time (the endpoint's clock moves at each request),
as a test never sleeps. A page's ``test_*`` functions are then called with the fixtures
they name, in process.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from conftest import NO_BOTOCORE_RETRIES, local_endpoint
from moto import mock_aws

from voiceid_jobs import VoiceIdJobsClient
from voiceid_jobs.aio import AsyncVoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, aio_stubbed_jobs, mock_voiceid

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples(page: Path) -> list[tuple[int, str]]:
    text = page.read_text()
    return [
        (text.count("\n", 0, match.start()) + 2, match.group(1)) for match in BLOCK.finditer(text)
    ]


PRINTED = {
    "quickstart.md": ("r1 succeeded\nr2 succeeded\n",),
    "scale.md": ("3 1200 1200 0 0\n",),
    "errors.md": ("BATCH_JOB ResourceNotFoundException 404",),
    "batch-files.md": ("NEW_ENROLLMENT",),
}
"""What a page's examples print against the local endpoint, where the page says it."""

PAGES = [page for page in sorted(DOCS.glob("*.md")) if examples(page)]


def fake_client(s3: Any) -> tuple[FakeVoiceId, VoiceIdJobsClient]:
    fake = FakeVoiceId(s3_client=s3)
    client = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    fake.attach(client)
    return fake, VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)


class PassingTime:
    """A clock that moves only when slept on: no example waits in real time."""

    def __init__(self) -> None:
        self.now = 0.0

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``voiceid-jobs serve --examples`` and the environment it prints; its URL.

    ``create()`` is the library's own, given a sleep and a clock that pass no real time.
    """
    with local_endpoint("--examples") as (process, url):
        assert process.stdout is not None
        assert process.stdout.readline().startswith("Examples: domain abcdefghijklmnopqrstuv")
        export = process.stdout.readline().split()
        assert export[0] == "export", export
        for assignment in export[1:]:
            name, _, value = assignment.partition("=")
            monkeypatch.setenv(name, value)
        time = PassingTime()
        create, async_create = VoiceIdJobsClient.create, AsyncVoiceIdJobsClient.create
        monkeypatch.setattr(
            VoiceIdJobsClient,
            "create",
            lambda **options: create(**{"sleep": time.sleep, "clock": time.clock, **options}),
        )
        monkeypatch.setattr(
            AsyncVoiceIdJobsClient,
            "create",
            lambda **options: async_create(
                **{"sleep": time.async_sleep, "clock": time.clock, **options}
            ),
        )
        yield url


def call_with_fixtures(function: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Call a ``test_*`` function from a page with the plugin's fixtures it names, in
    process: moto's S3 and the fake (or the active mock's), as the pytest plugin gives them."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        call_with_fixture_values(function, s3)


def call_with_fixture_values(function: Any, s3: Any) -> None:
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
    with contextlib.ExitStack() as mocked:
        if "voiceid_mock" in names:
            arguments["voiceid_mock"] = mocked.enter_context(mock_voiceid())
        function(**{name: arguments[name] for name in names})
    if stubber is not None:
        stubber.assert_no_pending_responses()
        stubber.__exit__(None, None, None)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_python_example_on_the_page_runs_as_printed(
    page: Path, served: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem}"}

    for line, code in examples(page):
        exec(compile(code, f"{page.name}:{line}", "exec"), namespace)  # noqa: S102 - our own docs
    tests = [
        value for name, value in namespace.items() if name.startswith("test_") and callable(value)
    ]
    for function in tests:
        call_with_fixtures(function, monkeypatch)

    printed = capsys.readouterr().out
    for expected in PRINTED.get(page.name, ()):
        assert expected in printed, (expected, printed)


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


def test_the_quick_start_prints_the_environment_serve_prints() -> None:
    from voiceid_jobs.testing.server import environment

    exports = " ".join(f"{k}={v}" for k, v in environment("http://127.0.0.1:4464").items())

    assert f"\nexport {exports}\n" in (DOCS / "quickstart.md").read_text()


def test_the_quick_start_runs_with_the_endpoint_given_to_create(
    served: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    create = VoiceIdJobsClient.create
    monkeypatch.setattr(
        VoiceIdJobsClient, "create", lambda **options: create(endpoint_url=served, **options)
    )
    namespace: dict[str, Any] = {"__name__": "docs_quickstart"}

    for line, code in examples(DOCS / "quickstart.md"):
        exec(compile(code, f"quickstart.md:{line}", "exec"), namespace)  # noqa: S102

    assert capsys.readouterr().out == "r1 succeeded\nr2 succeeded\n"
