"""AsyncVoiceIdJobsClient: the sync client's behaviour, as coroutines.

The tests run their coroutines with ``asyncio.run`` (no async test plugin). Over HTTP
they use the local endpoint, whose clock moves 10 s at each Voice ID request, with a
``sleep`` that returns at once; in process, the fake's own clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncGenerator, Callable, Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from aiobotocore.config import AioConfig
from aiobotocore.session import get_session
from conftest import local_endpoint

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationRequest,
    InputDataConfig,
    InvalidParameterError,
    JobStatus,
    OutputDataConfig,
    ResourceNotFoundError,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    ThrottlingError,
    VoiceIdJobsClient,
)
from voiceid_jobs.aio import AsyncVoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, describe_job_params, job_response, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
T = TypeVar("T")
NO_RETRIES = AioConfig(retries={"total_max_attempts": 1})


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


run_coroutine = run


async def no_sleep(_: float) -> None:
    """The local endpoint's clock moves at each request: waiting needs no real time."""


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with local_endpoint() as (_, url):
        yield url


@contextlib.asynccontextmanager
async def clients(url: str) -> AsyncGenerator[AsyncVoiceIdJobsClient, None]:
    session = get_session()
    async with (
        session.create_client(
            "voice-id", region_name="us-east-1", endpoint_url=url, config=NO_RETRIES
        ) as voiceid,
        session.create_client("s3", region_name="us-east-1", endpoint_url=url) as s3,
    ):
        yield AsyncVoiceIdJobsClient(voiceid, s3_client=s3, sleep=no_sleep)


async def new_domain(jobs: AsyncVoiceIdJobsClient, name: str) -> str:
    """A domain made through the client's own voice-id client; its id."""
    answer = await jobs.client.create_domain(
        Name=name, ServerSideEncryptionConfiguration={"KmsKeyId": "k"}
    )
    return answer["Domain"]["DomainId"]


async def new_bucket(jobs: AsyncVoiceIdJobsClient, bucket: str, *voices: str) -> None:
    """A bucket holding ``<voice>.wav`` for each voice."""
    assert jobs.s3_client is not None
    await jobs.s3_client.create_bucket(Bucket=bucket)
    for voice in voices:
        await jobs.s3_client.put_object(Bucket=bucket, Key=f"{voice}.wav", Body=make_wav(voice))


def manifest(audio: str, *speakers: str) -> SpeakerEnrollmentManifest:
    return SpeakerEnrollmentManifest(
        speaker_enrollment_requests=[
            SpeakerEnrollmentRequest(
                request_id=f"r-{speaker}",
                speaker_id=speaker,
                audio_specifications=[AudioSpecification(s3_uri=audio, channel_id=0)],
            )
            for speaker in speakers
        ]
    )


def test_a_dozen_domains_enroll_at_once_over_http(url: str) -> None:
    async def enroll_everywhere() -> list[Any]:
        async with clients(url) as jobs:
            await new_bucket(jobs, "dozen", "a")
            domains = [await new_domain(jobs, f"brand-{n}") for n in range(12)]

            async def enroll(domain: str) -> Any:
                config = await jobs.upload_manifest(
                    manifest("s3://dozen/a.wav", f"{domain}-1", f"{domain}-2"),
                    f"s3://dozen/{domain}.json",
                )
                job = await jobs.start_speaker_enrollment_job(
                    domain_id=domain,
                    data_access_role_arn=ROLE,
                    input_data_config=config,
                    output_data_config=OutputDataConfig(s3_uri="s3://dozen/out"),
                )
                done = await jobs.wait_for_job(job)
                listed = [
                    s.job_id async for s in jobs.list_speaker_enrollment_jobs(domain_id=domain)
                ]
                return done, await jobs.read_job_output(done), listed

            return await asyncio.gather(*(enroll(domain) for domain in domains))

    results = run(enroll_everywhere())

    assert len(results) == 12
    for done, output, listed in results:
        assert done.job_status is JobStatus.COMPLETED
        assert len(output.successful_enrollments) == 2
        assert listed == [done.job_id]


def test_errors_are_the_sync_clients_typed_errors(url: str) -> None:
    async def try_them() -> list[BaseException]:
        seen: list[BaseException] = []
        async with clients(url) as jobs:
            seen.extend([await _error_of(jobs, domain) for domain in ("short", "D" * 22)])
            try:
                [s async for s in jobs.list_fraudster_registration_jobs(domain_id="x")]
            except Exception as error:  # noqa: BLE001 - the test looks at it
                seen.append(error)
        return seen

    bad_id, not_found, bad_list = run(try_them())

    assert type(bad_id) is InvalidParameterError
    assert bad_id.field == "domain_id"
    assert type(not_found) is ResourceNotFoundError
    assert type(bad_list) is InvalidParameterError


async def _error_of(jobs: AsyncVoiceIdJobsClient, domain_id: str) -> BaseException:
    try:
        await jobs.describe_speaker_enrollment_job(domain_id=domain_id, job_id="J" * 22)
    except Exception as error:  # noqa: BLE001 - the test looks at it
        return error
    raise AssertionError(domain_id)  # pragma: no cover - both calls fail


def test_create_closes_its_clients_and_refuses_a_bad_region() -> None:
    async def make() -> None:
        async with AsyncVoiceIdJobsClient.create(region_name="not a region") as jobs:
            await jobs.describe_speaker_enrollment_job(domain_id="D" * 22, job_id="J" * 22)

    with pytest.raises(InvalidParameterError) as caught:
        run(make())

    assert caught.value.field == "region_name"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"endpoint_url": "ftp://voiceid.example.com"}, "endpoint_url"),
        ({"config": "standard"}, "config"),
        ({"session": object()}, "session"),
    ],
)
def test_create_refuses_a_bad_endpoint_config_or_session_naming_it(
    arguments: dict[str, Any], field: str
) -> None:
    async def make() -> None:
        async with AsyncVoiceIdJobsClient.create(region_name="us-east-1", **arguments):
            pass  # pragma: no cover - refused before

    with pytest.raises(InvalidParameterError) as caught:
        run(make())

    assert caught.value.field == field


def test_a_bad_rate_limit_is_refused_naming_it() -> None:
    async def make() -> None:
        async with AsyncVoiceIdJobsClient.create(region_name="us-east-1", requests_per_second=0):
            pass  # pragma: no cover - refused before

    with pytest.raises(InvalidParameterError) as caught:
        run(make())

    assert caught.value.field == "requests_per_second"


def test_the_fake_answers_an_aiobotocore_client_in_process(fake_voiceid: FakeVoiceId) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="inproc")
    fake_voiceid.s3_client.put_object(Bucket="inproc", Key="a.wav", Body=make_wav("a"))
    text = manifest("s3://inproc/a.wav", "alice").to_json()
    fake_voiceid.s3_client.put_object(Bucket="inproc", Key="m.json", Body=text.encode())
    domain = fake_voiceid.create_domain("inproc")
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", "ThrottlingException")
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        fake_voiceid.advance(seconds)

    async def start_and_wait() -> tuple[Any, list[str | None]]:
        async with get_session().create_client(
            "voice-id", region_name="us-east-1", config=NO_RETRIES
        ) as voiceid:
            fake_voiceid.attach(voiceid)
            jobs = AsyncVoiceIdJobsClient(voiceid, sleep=sleep, clock=fake_voiceid.now)
            job = await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn=ROLE,
                input_data_config=InputDataConfig(s3_uri="s3://inproc/m.json"),
                output_data_config=OutputDataConfig(s3_uri="s3://inproc/out"),
            )
            done = await jobs.wait_for_job(job)
            return done, [
                s.job_id async for s in jobs.list_speaker_enrollment_jobs(domain_id=domain)
            ]

    done, listed = run(start_and_wait())

    assert done.job_status is JobStatus.COMPLETED
    assert listed == [done.job_id]
    assert fake_voiceid.calls.count("StartSpeakerEnrollmentJob") == 2
    assert sleeps[0] == 1.0  # the retry policy's first delay, then the polls


def test_a_start_throttled_every_time_raises_the_typed_error(fake_voiceid: FakeVoiceId) -> None:
    domain = fake_voiceid.create_domain("throttled")
    fake_voiceid.fail_next("StartSpeakerEnrollmentJob", "ThrottlingException", times=3)

    async def sleep(seconds: float) -> None:
        fake_voiceid.advance(seconds)

    async def start() -> None:
        async with get_session().create_client(
            "voice-id", region_name="us-east-1", config=NO_RETRIES
        ) as voiceid:
            fake_voiceid.attach(voiceid)
            jobs = AsyncVoiceIdJobsClient(voiceid, sleep=sleep, clock=fake_voiceid.now)
            await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn=ROLE,
                input_data_config=InputDataConfig(s3_uri="s3://inproc/m.json"),
                output_data_config=OutputDataConfig(s3_uri="s3://inproc/out"),
            )

    with pytest.raises(ThrottlingError):
        run(start())

    assert fake_voiceid.calls.count("StartSpeakerEnrollmentJob") == 3


def test_concurrent_calls_share_one_rate_limit(fake_voiceid: FakeVoiceId) -> None:
    """Twelve calls made at once from four coroutines take twelve slots, 0.5 s apart."""
    domain = fake_voiceid.create_domain("limited")
    delays: list[float] = []

    async def sleep(seconds: float) -> None:  # the clock stands still: only the slots count
        delays.append(seconds)
        await asyncio.sleep(0)

    async def list_many() -> None:
        async with get_session().create_client(
            "voice-id", region_name="us-east-1", config=NO_RETRIES
        ) as voiceid:
            fake_voiceid.attach(voiceid)
            jobs = AsyncVoiceIdJobsClient(
                voiceid, sleep=sleep, clock=lambda: 0.0, requests_per_second=2
            )

            async def lists() -> None:
                for _ in range(3):
                    [s async for s in jobs.list_speaker_enrollment_jobs(domain_id=domain)]

            await asyncio.gather(*(lists() for _ in range(4)))

    run(list_many())

    assert sorted(delays) == [0.5 * slot for slot in range(1, 12)]  # the first goes at once
    assert fake_voiceid.calls.count("ListSpeakerEnrollmentJobs") == 12


def test_the_sync_client_keeps_to_its_rate_limit_too(fake_voiceid: FakeVoiceId) -> None:
    limited = FakeVoiceId(s3_client=fake_voiceid.s3_client, requests_per_second=2)
    domain = limited.create_domain("limited")
    voiceid = VoiceIdJobsClient.create(region_name="us-east-1").client
    limited.attach(voiceid)
    jobs = VoiceIdJobsClient(
        voiceid, sleep=limited.advance, clock=limited.now, requests_per_second=2
    )

    for _ in range(6):
        list(jobs.list_speaker_enrollment_jobs(domain_id=domain))

    assert limited.now() == pytest.approx(2.5)  # six calls, half a second apart


def test_the_stubber_fixture_checks_what_the_async_client_sends(
    voiceid_aio_stubbed: Callable[[], Any],
) -> None:
    job = SpeakerEnrollmentJob(job_id="J" * 22, domain_id="D" * 22, job_status=JobStatus.COMPLETED)

    async def describe() -> Any:
        async with voiceid_aio_stubbed() as (jobs, stubber):
            stubber.add_response(
                "describe_speaker_enrollment_job",
                job_response(job),
                describe_job_params(domain_id="D" * 22, job_id="J" * 22),
            )
            return await jobs.wait_for_job(job)

    assert run(describe()) == job


def test_the_stubber_fixture_fails_a_test_that_leaves_an_answer_unused(
    voiceid_aio_stubbed: Callable[[], Any],
) -> None:
    async def queue_only() -> None:
        async with voiceid_aio_stubbed() as (_, stubber):
            stubber.add_response(
                "describe_speaker_enrollment_job",
                job_response(SpeakerEnrollmentJob(job_id="J" * 22, domain_id="D" * 22)),
            )

    with pytest.raises(AssertionError):
        run(queue_only())


def test_the_fake_fixture_runs_the_async_client_on_the_fakes_clock(
    fake_voiceid: FakeVoiceId, fake_voiceid_aio_jobs: Callable[[], Any]
) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="fixture")
    fake_voiceid.s3_client.put_object(Bucket="fixture", Key="a.wav", Body=make_wav("a"))
    text = manifest("s3://fixture/a.wav", "alice", "bob").to_json()
    fake_voiceid.s3_client.put_object(Bucket="fixture", Key="m.json", Body=text.encode())
    domain = fake_voiceid.create_domain("fixture")

    async def enroll() -> Any:
        async with fake_voiceid_aio_jobs() as jobs:
            job = await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn=ROLE,
                input_data_config=InputDataConfig(s3_uri="s3://fixture/m.json"),
                output_data_config=OutputDataConfig(s3_uri="s3://fixture/out"),
            )
            return await jobs.wait_for_job(job, timeout=600)

    done = run(enroll())

    assert done.job_status is JobStatus.COMPLETED
    assert fake_voiceid.now() >= 5.0  # the queue time passed on the fake's clock, not ours


def test_runs_outcomes_and_failed_requests_work_as_in_the_sync_client(url: str) -> None:
    good = AudioSpecification(s3_uri="s3://runs/a.wav", channel_id=0)
    gone = AudioSpecification(s3_uri="s3://runs/gone.wav", channel_id=0)
    requests = [
        SpeakerEnrollmentRequest(
            request_id=f"r{n}", speaker_id=f"s{n}", audio_specifications=[good]
        )
        for n in range(4)
    ] + [
        SpeakerEnrollmentRequest(request_id="bad", speaker_id="s-bad", audio_specifications=[gone])
    ]
    progress: list[int] = []

    async def enroll() -> tuple[Any, list[Any], list[Any], Any, Any]:
        async with clients(url) as jobs:
            await new_bucket(jobs, "runs", "a")
            domain = await new_domain(jobs, "runs")
            run = await jobs.enroll_speakers(
                requests,
                domain_id=domain,
                data_access_role_arn=ROLE,
                staging_uri="s3://runs/staging",
                output_data_config=OutputDataConfig(s3_uri="s3://runs/out"),
                shard_size=3,
                on_progress=lambda p: progress.append(p.shard_index),
            )
            outcomes = [outcome async for outcome in jobs.run_outcomes(run)]
            failed = [request async for request in jobs.failed_requests(run)]
            first, _ = [s async for s in jobs.list_speaker_enrollment_jobs(domain_id=domain)]
            by_summary = await jobs.job_outcomes(first)
            again = await jobs.enroll_speakers(  # the same call again replays the same jobs
                requests,
                domain_id=domain,
                data_access_role_arn=ROLE,
                staging_uri="s3://runs/staging",
                output_data_config=OutputDataConfig(s3_uri="s3://runs/out"),
                shard_size=3,
            )
            return run, outcomes, failed, by_summary, again

    run, outcomes, failed, by_summary, again = run_coroutine(enroll())

    assert (len(run.shards), run.succeeded, run.failed, run.missing) == (2, 4, 1, 0)
    assert [o.request_id for o in outcomes] == ["r0", "r1", "r2", "r3", "bad"]
    assert [r.request_id for r in failed] == ["bad"]
    assert [o.request_id for o in by_summary] == ["r0", "r1", "r2"]
    assert set(progress) == {0, 1}
    assert [s.job.job_id for s in again.shards] == [s.job.job_id for s in run.shards]


def test_fraudster_registration_runs_as_in_the_sync_client(url: str) -> None:
    async def register() -> tuple[Any, Any, list[Any], Any, Any]:
        async with clients(url) as jobs:
            await new_bucket(jobs, "fraud", "x", "y")
            domain = await new_domain(jobs, "fraud")
            run = await jobs.register_fraudsters(
                [
                    FraudsterRegistrationRequest(
                        request_id=voice,
                        audio_specifications=[
                            AudioSpecification(s3_uri=f"s3://fraud/{voice}.wav", channel_id=0)
                        ],
                    )
                    for voice in ("x", "y")
                ],
                domain_id=domain,
                data_access_role_arn=ROLE,
                staging_uri="s3://fraud/staging",
                output_data_config=OutputDataConfig(s3_uri="s3://fraud/out"),
            )
            (job,) = [s.job for s in run.shards]
            described = await jobs.describe_fraudster_registration_job(
                domain_id=domain, job_id=job.job_id or ""
            )
            summaries = [s async for s in jobs.list_fraudster_registration_jobs(domain_id=domain)]
            output = await jobs.read_job_output(summaries[0])
            again = await jobs.describe_job(summaries[0])
            return run, described, summaries, output, again

    run, described, summaries, output, again = run_coroutine(register())

    assert run.succeeded == 2
    assert described.job_status is JobStatus.COMPLETED
    assert [s.job_id for s in summaries] == [described.job_id]
    assert [r.registration_status for r in output.successful_registrations] == [
        "NEW_REGISTRATION",
        "NEW_REGISTRATION",
    ]
    assert again == described


def test_pages_are_read_one_after_another(url: str) -> None:
    async def list_in_pages() -> tuple[list[str | None], list[str | None]]:
        async with clients(url) as jobs:
            await new_bucket(jobs, "pages", "a")
            config = await jobs.upload_manifest(
                manifest("s3://pages/a.wav", "alice"), "s3://pages/m.json"
            )
            domain = await new_domain(jobs, "pages")
            started = []
            for _ in range(3):  # one active job per domain: each ends before the next
                job = await jobs.start_speaker_enrollment_job(
                    domain_id=domain,
                    data_access_role_arn=ROLE,
                    input_data_config=config,
                    output_data_config=OutputDataConfig(s3_uri="s3://pages/out"),
                )
                started.append((await jobs.wait_for_job(job, timeout=None)).job_id)
            return started, [
                s.job_id
                async for s in jobs.list_speaker_enrollment_jobs(domain_id=domain, page_size=1)
            ]

    started, listed = run_coroutine(list_in_pages())

    assert listed == started


def test_batch_files_need_an_s3_client_and_s3_errors_are_typed(url: str) -> None:
    async def without_s3() -> None:
        async with get_session().create_client(
            "voice-id", region_name="us-east-1", endpoint_url=url, config=NO_RETRIES
        ) as voiceid:
            jobs = AsyncVoiceIdJobsClient(voiceid, sleep=no_sleep)
            await jobs.upload_manifest(
                manifest("s3://bb-bucket/a.wav", "s"), "s3://bb-bucket/m.json"
            )

    async def missing_bucket() -> None:
        async with clients(url) as jobs:
            await jobs.upload_manifest(
                manifest("s3://bb-bucket/a.wav", "s"), "s3://no-such-bucket/m.json"
            )

    with pytest.raises(InvalidParameterError) as no_client:
        run_coroutine(without_s3())
    with pytest.raises(ResourceNotFoundError) as no_bucket:
        run_coroutine(missing_bucket())

    assert no_client.value.field == "s3_client"
    assert no_bucket.value.operation == "PutObject"


def test_a_summary_without_ids_is_refused_before_any_call(
    voiceid_aio_stubbed: Callable[[], Any],
) -> None:
    async def describe() -> None:
        async with voiceid_aio_stubbed() as (jobs, _):
            await jobs.describe_job(SpeakerEnrollmentJobSummary(domain_id="D" * 22))

    with pytest.raises(InvalidParameterError) as caught:
        run_coroutine(describe())

    assert caught.value.field == "job"


def test_without_the_aio_extra_create_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "aiobotocore.session", None)

    async def make() -> None:
        async with AsyncVoiceIdJobsClient.create(region_name="us-east-1"):
            pass  # pragma: no cover - refused before

    with pytest.raises(ModuleNotFoundError, match=r"voiceid-jobs\[aio\]"):
        run(make())


def test_create_against_the_local_endpoint_runs_a_whole_job(url: str) -> None:
    async def enroll() -> tuple[Any, Any]:
        async with AsyncVoiceIdJobsClient.create(
            region_name="us-east-1", endpoint_url=url, sleep=no_sleep, requests_per_second=50
        ) as jobs:
            await new_bucket(jobs, "created", "a")
            domain = await new_domain(jobs, "created")
            config = await jobs.upload_manifest(
                manifest("s3://created/a.wav", "alice"), "s3://created/m.json"
            )
            job = await jobs.start_speaker_enrollment_job(
                domain_id=domain,
                data_access_role_arn=ROLE,
                input_data_config=config,
                output_data_config=OutputDataConfig(s3_uri="s3://created/out"),
            )
            done = await jobs.wait_for_job(job)
            return done, await jobs.read_job_output(done)

    done, output = run(enroll())

    assert done.job_status is JobStatus.COMPLETED
    assert [s.customer_speaker_id for s in output.successful_enrollments] == ["alice"]


def test_a_client_whose_create_has_ended_refuses_every_call_at_once() -> None:
    summary = SpeakerEnrollmentJobSummary(
        domain_id="D0main1d0000000000000a", job_id="J0b1d00000000000000001"
    )

    async def sleep(_: float) -> None:
        pytest.fail("a closed client waited")

    async def wait_after_close() -> InvalidParameterError:
        async with AsyncVoiceIdJobsClient.create(region_name="us-east-1", sleep=sleep) as jobs:
            pass
        with pytest.raises(InvalidParameterError) as caught:
            await jobs.wait_for_job(summary, timeout=None)  # would poll forever if retryable
        return caught.value

    error = run(wait_after_close())

    assert error.field == "client"
    assert not error.retryable
