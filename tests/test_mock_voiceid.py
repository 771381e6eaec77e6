"""mock_voiceid(): one fake serves every voice-id client made in process, as moto does."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import boto3
import botocore.session
import pytest
from aiobotocore.session import get_session
from botocore.exceptions import ClientError
from moto import mock_aws

from voiceid_jobs import (
    AudioSpecification,
    InvalidParameterError,
    JobStatus,
    OutputDataConfig,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav, mock_voiceid
from voiceid_jobs.testing._routing import attach

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client
    from types_boto3_voice_id import VoiceIDClient

REGION = "us-east-1"
ENCRYPTION = {"KmsKeyId": "alias/voiceid"}


@pytest.fixture
def moto() -> Iterator[None]:
    with mock_aws():
        yield


def voiceid_client(session: Any = boto3) -> VoiceIDClient:
    client: VoiceIDClient = session.client("voice-id", region_name=REGION)
    return client


def domain_names(client: Any) -> list[str]:
    return [domain["Name"] for domain in client.list_domains()["DomainSummaries"]]


def create_domain(client: Any, name: str) -> None:
    client.create_domain(Name=name, ServerSideEncryptionConfiguration=ENCRYPTION)


@pytest.mark.usefixtures("moto")
def test_a_client_made_inside_the_block_is_served() -> None:
    with mock_voiceid():
        client = voiceid_client()
        create_domain(client, "inside")

        assert domain_names(client) == ["inside"]


@pytest.mark.usefixtures("moto")
def test_a_client_made_before_the_block_is_served() -> None:
    client = voiceid_client()

    with mock_voiceid() as fake:
        fake.create_domain("before")

        assert domain_names(client) == ["before"]


@pytest.mark.usefixtures("moto")
def test_a_client_of_a_boto3_session_is_served() -> None:
    with mock_voiceid() as fake:
        fake.create_domain("session")

        assert domain_names(voiceid_client(boto3.Session())) == ["session"]


@pytest.mark.usefixtures("moto")
def test_a_client_of_a_botocore_session_is_served() -> None:
    with mock_voiceid() as fake:
        fake.create_domain("botocore")

        assert domain_names(botocore.session.get_session().create_client("voice-id")) == [
            "botocore"
        ]


async def aio_domain_names(session: Any) -> list[str]:
    async with session.create_client("voice-id", region_name=REGION) as client:
        listed = await client.list_domains()
    return [domain["Name"] for domain in listed["DomainSummaries"]]


@pytest.mark.usefixtures("moto")
def test_an_aiobotocore_client_is_served() -> None:
    with mock_voiceid() as fake:
        fake.create_domain("aio")

        assert asyncio.run(aio_domain_names(get_session())) == ["aio"]


@pytest.mark.usefixtures("moto")
def test_async_with_serves_the_block() -> None:
    async def run() -> list[str]:
        async with mock_voiceid() as fake:
            fake.create_domain("async-with")
            return await aio_domain_names(get_session())

    assert asyncio.run(run()) == ["async-with"]


@pytest.mark.usefixtures("moto")
def test_the_decorator_serves_each_call_from_a_fresh_fake() -> None:
    @mock_voiceid()
    def create_and_list(name: str) -> list[str]:
        client = voiceid_client()
        create_domain(client, name)
        return domain_names(client)

    assert create_and_list("first") == ["first"]
    assert create_and_list("second") == ["second"]


@pytest.mark.usefixtures("moto")
def test_the_decorator_serves_a_coroutine_function_for_its_whole_run() -> None:
    mock = mock_voiceid()

    @mock
    async def listed() -> list[str]:
        await asyncio.sleep(0)
        mock.fake.create_domain("coroutine")
        return await aio_domain_names(get_session())

    assert asyncio.run(listed()) == ["coroutine"]


def test_a_decorator_of_mock_aws_and_mock_voiceid_serves_both() -> None:
    @mock_aws
    @mock_voiceid()
    def run() -> tuple[list[str], list[str]]:
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="decorated")
        client = voiceid_client()
        create_domain(client, "decorated")
        return [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]], domain_names(client)

    assert run() == (["decorated"], ["decorated"])


def enroll_one(fake: FakeVoiceId, s3: S3Client) -> str:
    """Run a one-request enrollment job through a client the test makes itself."""
    s3.create_bucket(Bucket="audio")
    s3.put_object(Bucket="audio", Key="alice.wav", Body=make_wav("alice"))
    jobs = VoiceIdJobsClient(voiceid_client(), s3_client=s3, sleep=fake.advance, clock=fake.now)
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="alice",
                audio_specifications=(
                    AudioSpecification(s3_uri="s3://audio/alice.wav", channel_id=0),
                ),
            ),
        )
    )
    job = jobs.start_speaker_enrollment_job(
        domain_id=fake.create_domain("jobs"),
        data_access_role_arn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        input_data_config=jobs.upload_manifest(manifest, "s3://audio/m.json"),
        output_data_config=OutputDataConfig(s3_uri="s3://audio/results"),
    )
    done = jobs.wait_for_job(job)
    assert done.job_status == JobStatus.COMPLETED
    return str(jobs.read_job_output(done).outcome("r1").enrollment_status)


def test_inside_mock_aws_the_made_fake_runs_jobs_on_motos_s3() -> None:
    with mock_aws(), mock_voiceid() as fake:
        assert enroll_one(fake, fake.s3_client) == "NEW_ENROLLMENT"
        s3 = boto3.client("s3", region_name=REGION)
        assert "results/" in str(s3.list_objects_v2(Bucket="audio")["Contents"])


def test_around_mock_aws_a_given_s3_client_is_served_by_moto() -> None:
    # A session made after moto's import has its handler: moto serves the client once
    # mock_aws starts (boto3's default session may be older than that import).
    s3 = boto3.Session().client("s3", region_name=REGION)

    with mock_voiceid(s3_client=s3) as fake, mock_aws():
        assert enroll_one(fake, s3) == "NEW_ENROLLMENT"
        assert s3.list_buckets()["Buckets"][0]["Name"] == "audio"


def test_after_the_block_a_client_inside_mock_aws_gets_motos_answer_again() -> None:
    with mock_aws():
        client = voiceid_client()
        with mock_voiceid():
            create_domain(client, "served")

        with pytest.raises(ClientError) as raised:
            client.list_domains()

    assert raised.value.response["Error"]["Code"] == "404"
    assert raised.value.response["Error"]["Message"] == "Not yet implemented"


@pytest.mark.usefixtures("moto")
def test_nested_mocks_answer_from_the_innermost_and_the_outer_again_after() -> None:
    client = voiceid_client()

    with mock_voiceid() as outer:
        outer.create_domain("outer")
        with mock_voiceid() as inner:
            inner.create_domain("inner")
            assert domain_names(client) == ["inner"]

        assert domain_names(client) == ["outer"]


@pytest.mark.usefixtures("moto")
def test_an_exception_in_the_block_ends_the_mock() -> None:
    client = voiceid_client()
    with mock_voiceid() as outer:
        outer.create_domain("outer")

        with pytest.raises(LookupError), mock_voiceid():
            raise LookupError

        assert domain_names(client) == ["outer"]


@pytest.mark.usefixtures("moto")
def test_two_fakes_do_not_see_each_others_domains() -> None:
    s3 = boto3.client("s3", region_name=REGION)
    first, second = FakeVoiceId(s3_client=s3), FakeVoiceId(s3_client=s3)
    client = voiceid_client()

    with mock_voiceid(first):
        create_domain(client, "first")
    with mock_voiceid(second):
        create_domain(client, "second")

    with mock_voiceid(first):
        assert domain_names(client) == ["first"]
    with mock_voiceid(second):
        assert domain_names(client) == ["second"]


def test_without_moto_or_an_s3_client_it_refuses_to_start() -> None:
    mock = mock_voiceid()

    with pytest.raises(InvalidParameterError) as raised, mock:
        pass

    assert raised.value.field == "s3_client"


@pytest.mark.usefixtures("moto")
def test_a_fake_with_options_to_make_another_is_refused() -> None:
    fake = FakeVoiceId(s3_client=boto3.client("s3", region_name=REGION))

    with pytest.raises(InvalidParameterError) as raised:
        mock_voiceid(fake, queue_seconds=1)

    assert raised.value.field == "fake"


@pytest.mark.usefixtures("moto")
def test_the_mock_passes_options_to_the_fake_it_makes() -> None:
    with mock_voiceid(seed=7) as first, mock_voiceid(seed=7) as second:
        assert first.create_domain("a") == second.create_domain("a")


def test_the_fixture_serves_every_client_on_motos_s3(voiceid_mock: FakeVoiceId) -> None:
    voiceid_mock.create_domain("fixture")
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="fixture")

    assert domain_names(voiceid_client()) == ["fixture"]
    assert voiceid_mock.s3_client.list_buckets()["Buckets"][0]["Name"] == "fixture"


# --- Attaching a session ------------------------------------------------------------


@pytest.fixture
def fake(moto: None) -> FakeVoiceId:
    return FakeVoiceId(s3_client=boto3.client("s3", region_name=REGION))


def test_a_boto3_session_attached_serves_the_clients_it_makes(fake: FakeVoiceId) -> None:
    session = boto3.Session()

    attach(fake, session)
    fake.create_domain("attached")

    assert domain_names(voiceid_client(session)) == ["attached"]


def test_a_botocore_session_attached_serves_the_clients_it_makes(fake: FakeVoiceId) -> None:
    session = botocore.session.get_session()

    attach(fake, session)
    fake.create_domain("attached")

    assert domain_names(session.create_client("voice-id", region_name=REGION)) == ["attached"]


def test_an_aiobotocore_session_attached_serves_the_clients_it_makes(fake: FakeVoiceId) -> None:
    session = get_session()

    attach(fake, session)
    fake.create_domain("attached")

    assert asyncio.run(aio_domain_names(session)) == ["attached"]


def test_a_client_attached_to_a_fake_keeps_it_inside_a_mock(fake: FakeVoiceId) -> None:
    client = voiceid_client()
    attach(fake, client)

    with mock_voiceid() as mocked:
        create_domain(client, "attached")

        assert domain_names(client) == ["attached"]
        assert domain_names(voiceid_client()) == []
        assert mocked.calls == ["ListDomains"]


def test_attaching_what_is_not_a_client_or_a_session_is_refused(fake: FakeVoiceId) -> None:
    with pytest.raises(InvalidParameterError) as raised:
        attach(fake, "voice-id")

    assert raised.value.field == "client"


def test_fake_attach_takes_a_boto3_session(fake: FakeVoiceId) -> None:
    session = boto3.Session()

    fake.attach(session)
    fake.create_domain("public")

    assert domain_names(voiceid_client(session)) == ["public"]


# --- Import order, in a fresh interpreter -------------------------------------------


def run_script(script: str) -> str:
    """What a fresh interpreter prints running ``script`` (with stand-in credentials)."""
    prelude = (
        "import os\n"
        "os.environ.update(AWS_ACCESS_KEY_ID='testing', AWS_SECRET_ACCESS_KEY='testing',"
        " AWS_DEFAULT_REGION='us-east-1')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


MOTO = "from moto import mock_aws\n"
VOICEID = "from voiceid_jobs.testing import mock_voiceid\n"
IMPORTS = {"moto first": MOTO + VOICEID, "voiceid_jobs first": VOICEID + MOTO}


@pytest.mark.parametrize("imports", IMPORTS.values(), ids=IMPORTS.keys())
def test_it_answers_before_moto_whichever_was_imported_first(imports: str) -> None:
    printed = run_script(
        imports
        + textwrap.dedent(
            """
            import boto3

            with mock_aws(), mock_voiceid() as fake:
                fake.create_domain("inside-moto")
                voiceid = boto3.client("voice-id")
                print([d["Name"] for d in voiceid.list_domains()["DomainSummaries"]])
            s3 = boto3.client("s3")
            with mock_voiceid(s3_client=s3) as fake, mock_aws():
                fake.create_domain("around-moto")
                voiceid = boto3.client("voice-id")
                print([d["Name"] for d in voiceid.list_domains()["DomainSummaries"]])
            """
        )
    )

    assert printed == "['inside-moto']\n['around-moto']\n"


def test_a_client_made_before_the_import_needs_attaching_and_the_default_session_does_not() -> None:
    printed = run_script(
        """
        import boto3
        from moto import mock_aws
        with mock_aws():
            early = boto3.client("voice-id")  # made before voiceid_jobs.testing is imported
            from voiceid_jobs.testing import mock_voiceid

            with mock_voiceid() as fake:
                fake.create_domain("late")
                listed = boto3.client("voice-id").list_domains()["DomainSummaries"]
                print([d["Name"] for d in listed])
                try:
                    early.list_domains()
                except Exception as error:
                    print(type(error).__name__)
                fake.attach(early)
                print([d["Name"] for d in early.list_domains()["DomainSummaries"]])
        """
    )

    assert printed == "['late']\nClientError\n['late']\n"
