"""The fake's jobs run on their own: no call does their work, and no fault loses a request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError
from conftest import NO_BOTOCORE_RETRIES
from hypothesis import event, given
from hypothesis import strategies as st
from moto import mock_aws
from test_fake import OUTPUT, ROLE, audio, register

from voiceid_jobs import (
    AccessDeniedError,
    ConflictError,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    InputDataConfig,
    JobFailedError,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RegistrationStatus,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav
from voiceid_jobs.testing._sessions import session
from voiceid_jobs.testing._storage import ATTEMPTS

REGION = "us-east-1"


def _voiceid_client(fake: FakeVoiceId) -> Any:
    client = session().client("voice-id", region_name=REGION)
    fake.attach(client)
    return client


def _manifest(fake: FakeVoiceId, speakers: int) -> SpeakerEnrollmentManifest:
    requests = []
    for number in range(speakers):
        spec = audio(fake, f"speaker{number}")
        requests.append(
            SpeakerEnrollmentRequest(
                request_id=f"r{number}", speaker_id=f"speaker{number}", audio_specifications=(spec,)
            )
        )
    return SpeakerEnrollmentManifest(speaker_enrollment_requests=tuple(requests))


def _start(jobs: VoiceIdJobsClient, domain: str, manifest: SpeakerEnrollmentManifest) -> Any:
    config = jobs.upload_manifest(manifest, f"s3://manifests/{len(manifest.to_json())}.json")
    return jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=config,
        output_data_config=OUTPUT,
    )


class Clock:
    """A clock the test sets by hand, for a fake that follows a clock."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def following(fake_voiceid: FakeVoiceId, domain: str) -> Iterator[tuple[FakeVoiceId, Clock]]:
    """A fake that follows a clock, on the same S3 (and a copy of ``domain``)."""
    clock = Clock()
    with FakeVoiceId(s3_client=fake_voiceid.s3_client, clock=clock) as fake:
        yield fake, clock


def test_a_job_on_a_followed_clock_ends_at_its_time_though_nobody_calls(
    following: tuple[FakeVoiceId, Clock],
) -> None:
    fake, clock = following
    domain = fake.create_domain("own-thread")
    jobs = VoiceIdJobsClient(_voiceid_client(fake), s3_client=fake.s3_client)
    job = _start(jobs, domain, _manifest(fake, 3))
    calls = len(fake.calls)

    clock.now = 5.0 + 3 * 1.0  # its queue, then a second a request: its due time
    assert fake.settle(timeout=60)

    assert len(fake.calls) == calls  # nobody called in the meantime
    ended = jobs.describe_job(job)
    assert ended.job_status is JobStatus.COMPLETED
    assert len(jobs.read_job_output(ended).successful_enrollments) == 3


def test_a_job_on_a_followed_clock_is_in_progress_before_its_time(
    following: tuple[FakeVoiceId, Clock],
) -> None:
    fake, clock = following
    domain = fake.create_domain("own-thread")
    jobs = VoiceIdJobsClient(_voiceid_client(fake), s3_client=fake.s3_client)
    job = _start(jobs, domain, _manifest(fake, 4))

    clock.now = 5.0 + 2.0  # half of its four requests' time
    assert fake.settle(timeout=60)

    running = jobs.describe_job(job)
    assert running.job_status is JobStatus.IN_PROGRESS
    assert running.percent_complete == 50


def test_a_call_is_answered_while_the_job_engine_waits_on_s3(
    following: tuple[FakeVoiceId, Clock],
) -> None:
    """A job's S3 reads happen outside the fake's lock: a call never waits behind them."""
    fake, clock = following
    domain = fake.create_domain("slow-storage")
    jobs = VoiceIdJobsClient(_voiceid_client(fake), s3_client=fake.s3_client)
    job = _start(jobs, domain, _manifest(fake, 2))
    reading, release = threading.Event(), threading.Event()

    def hold_audio_reads(params: dict[str, Any], **_: Any) -> None:
        if params["Key"].endswith(".wav"):
            reading.set()
            release.wait(timeout=120)

    fake.s3_client.meta.events.register("provide-client-params.s3.GetObject", hold_audio_reads)
    try:
        clock.now = 5.0
        assert reading.wait(timeout=60)  # the engine is inside an S3 read
        answer: list[Any] = []
        caller = threading.Thread(target=lambda: answer.append(jobs.describe_job(job)))
        caller.start()
        caller.join(timeout=60)

        assert not caller.is_alive()
        assert not release.is_set()  # answered while the read was still held
        assert answer[0].job_status is JobStatus.IN_PROGRESS
    finally:
        release.set()
        fake.s3_client.meta.events.unregister(
            "provide-client-params.s3.GetObject", hold_audio_reads
        )


def test_closing_a_fake_that_follows_a_clock_stops_its_thread_and_keeps_answering(
    fake_voiceid: FakeVoiceId,
) -> None:
    fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, clock=lambda: 0.0)
    fake.close()
    fake.close()

    status, answer = fake.handle("ListDomains", {})

    assert status == 200
    assert answer["DomainSummaries"] == []
    assert not any(thread.name == "voiceid-jobs-fake-jobs" for thread in threading.enumerate())


def test_advance_runs_due_steps_in_the_callers_thread_on_the_fakes_own_clock(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    job = _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 2))

    fake_voiceid.advance(5.0 + 2.0)

    assert fake_voiceid_jobs.describe_job(job).job_status is JobStatus.COMPLETED
    assert not any(thread.name == "voiceid-jobs-fake-jobs" for thread in threading.enumerate())


# --- Faults of the fake's own storage --------------------------------------------------


class StorageFaults:
    """Fails the fake's S3 calls as a schedule says: one entry a call, None for no fault."""

    KINDS = ("connection", "timeout", "SlowDown", "InternalError", "AccessDenied", "NoSuchKey")

    def __init__(self, schedule: list[str | None]) -> None:
        self.schedule = list(schedule)

    def __call__(self, model: Any, **_: Any) -> Any:
        if model.name not in {"GetObject", "PutObject"} or not self.schedule:
            return None
        fault = self.schedule.pop(0)
        if fault == "connection":
            raise EndpointConnectionError(endpoint_url="https://s3.amazonaws.com")
        if fault == "timeout":
            raise ReadTimeoutError(endpoint_url="https://s3.amazonaws.com")
        if fault is None:
            return None
        from botocore.awsrequest import AWSResponse

        status = {"SlowDown": 503, "InternalError": 500, "AccessDenied": 403, "NoSuchKey": 404}
        parsed = {
            "Error": {"Code": fault, "Message": "injected"},
            "ResponseMetadata": {"HTTPStatusCode": status[fault], "HTTPHeaders": {}},
        }
        return AWSResponse(None, status[fault], {}, None), parsed  # type: ignore[arg-type]


@given(
    schedule=st.lists(st.sampled_from([None, None, None, *StorageFaults.KINDS]), max_size=30),
    speakers=st.integers(min_value=1, max_value=6),
)
def test_every_request_is_accounted_for_whatever_faults_the_storage_has(
    schedule: list[str | None], speakers: int
) -> None:
    with mock_aws():
        s3 = session().client("s3", region_name=REGION, config=NO_BOTOCORE_RETRIES)
        fake = FakeVoiceId(s3_client=s3)
        for bucket in ("audio", "manifests", "results"):
            s3.create_bucket(Bucket=bucket)
        domain = fake.create_domain("faults")
        client = _voiceid_client(fake)
        jobs = VoiceIdJobsClient(client, s3_client=s3, sleep=fake.advance, clock=fake.now)
        manifest = _manifest(fake, speakers)
        job = _start(jobs, domain, manifest)
        faults = StorageFaults(schedule)
        s3.meta.events.register("before-call.s3", faults)

        fake.advance(3600)

        s3.meta.events.unregister("before-call.s3", faults)
        ended = jobs.describe_job(job)
        assert ended.is_terminal
        event(f"job {ended.job_status}")
        if ended.job_status is JobStatus.FAILED:
            assert ended.failure_details is not None
            assert ended.failure_details.status_code in {400, 500}
            return
        output = jobs.read_job_output(ended)
        accounted = [entry.request_id for entry in output.successful_enrollments] + [
            entry.request_id for entry in output.errors
        ]
        assert sorted(accounted) == sorted(
            request.request_id for request in manifest.speaker_enrollment_requests
        )
        assert {entry.error_code for entry in output.errors} <= {400, 500}


def _with_fault(fake: FakeVoiceId, operation: str, faults: list[str | None]) -> Callable[[], None]:
    """Fail the fake's next calls of an S3 operation; gives the function that stops it."""

    def fail(model: Any, **kwargs: Any) -> Any:
        if model.name == operation and faults:
            return StorageFaults([faults.pop(0)])(model, **kwargs)
        return None

    fake.s3_client.meta.events.register("before-call.s3", fail)
    return lambda: fake.s3_client.meta.events.unregister("before-call.s3", fail)


def test_an_audio_read_that_fails_once_for_the_connection_is_tried_again(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    job = _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 1))
    faults: list[str | None] = [None, "connection"]  # manifest, then audio
    stop = _with_fault(fake_voiceid, "GetObject", faults)

    ended = fake_voiceid_jobs.wait_for_job(job)
    stop()
    assert faults == []  # every fault was met

    assert ended.job_status is JobStatus.COMPLETED


def test_an_audio_read_the_storage_keeps_failing_is_a_500_entry(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    job = _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 2))
    faults: list[str | None] = [None, "connection", "timeout", "SlowDown"]
    stop = _with_fault(fake_voiceid, "GetObject", faults)

    ended = fake_voiceid_jobs.wait_for_job(job)
    stop()
    assert faults == []  # every fault was met
    output = fake_voiceid_jobs.read_job_output(ended)

    assert ended.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert [(entry.request_id, entry.error_code) for entry in output.errors] == [("r0", 500)]
    assert [entry.request_id for entry in output.successful_enrollments] == ["r1"]


def test_the_fakes_own_s3_client_leaves_retrying_to_the_fake_three_attempts_in_all(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    job = _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 1))
    attempts: list[str] = []

    def unreachable(request: Any, **_: Any) -> None:  # on the wire: botocore's retries see it
        if request.method == "GET" and "speaker0" in request.url:
            attempts.append(request.url)
            raise EndpointConnectionError(endpoint_url=request.url)

    fake_voiceid.s3_client.meta.events.register("before-send.s3", unreachable)
    try:
        ended = fake_voiceid_jobs.wait_for_job(job)
    finally:
        fake_voiceid.s3_client.meta.events.unregister("before-send.s3", unreachable)
    output = fake_voiceid_jobs.read_job_output(ended)

    assert len(attempts) == ATTEMPTS  # not ATTEMPTS times botocore's own, with sleeps
    assert [(entry.request_id, entry.error_code) for entry in output.errors] == [("r0", 500)]


def test_an_output_file_that_cannot_be_written_fails_the_job_and_frees_the_domain(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    manifest = _manifest(fake_voiceid, 1)
    job = _start(fake_voiceid_jobs, domain, manifest)
    faults: list[str | None] = ["connection"] * 3
    stop = _with_fault(fake_voiceid, "PutObject", faults)

    with pytest.raises(JobFailedError) as caught:
        fake_voiceid_jobs.wait_for_job(job)
    stop()
    assert faults == []  # every fault was met

    failure = caught.value.job.failure_details
    assert failure is not None
    assert failure.status_code == 500
    assert "could not be written" in (failure.message or "")
    again = _start(fake_voiceid_jobs, domain, manifest)  # the quota of one active job is free
    assert fake_voiceid_jobs.wait_for_job(again).job_status is JobStatus.COMPLETED


# --- Fidelity --------------------------------------------------------------------------


def test_a_registration_finds_a_duplicate_on_any_watchlist_of_the_domain(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    """The admin guide: a new voice is compared with every fraudster of the domain."""
    spec = audio(fake_voiceid, "mallory")
    _, first = register(fake_voiceid_jobs, fake_voiceid, domain, [spec])
    other = fake_voiceid.create_watchlist(domain, "second")

    _, second = register(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        [spec],
        RegistrationConfig(watchlist_ids=(other,)),
    )

    assert second.successful_registrations[0].registration_status is (
        RegistrationStatus.DUPLICATE_SKIPPED
    )
    assert (
        second.successful_registrations[0].generated_fraudster_id
        == first.successful_registrations[0].generated_fraudster_id
    )


def test_create_domain_is_idempotent_on_its_client_token(fake_voiceid: FakeVoiceId) -> None:
    client = _voiceid_client(fake_voiceid)
    request = {
        "Name": "centre",
        "ServerSideEncryptionConfiguration": {"KmsKeyId": "alias/k"},
        "ClientToken": "same-token",
    }

    first = client.create_domain(**request)["Domain"]["DomainId"]
    second = client.create_domain(**request)["Domain"]["DomainId"]

    assert first == second
    assert len(client.list_domains()["DomainSummaries"]) == 1
    with pytest.raises(client.exceptions.ConflictException):
        client.create_domain(**{**request, "Name": "another"})


def test_an_expected_bucket_owner_that_is_not_the_fakes_account_is_access_denied(
    fake_voiceid_jobs: VoiceIdJobsClient, fake_voiceid: FakeVoiceId, domain: str
) -> None:
    """S3 answers 403 AccessDenied when the bucket's owner is not the expected one."""
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=(
            FraudsterRegistrationRequest(
                request_id="f1", audio_specifications=(audio(fake_voiceid, "eve"),)
            ),
        )
    )

    with pytest.raises(AccessDeniedError):
        fake_voiceid_jobs.upload_manifest(
            manifest, "s3://manifests/owned.json", expected_bucket_owner="111122223333"
        )
    config = fake_voiceid_jobs.upload_manifest(
        manifest, "s3://manifests/owned.json", expected_bucket_owner="123456789012"
    )
    assert config == InputDataConfig(s3_uri="s3://manifests/owned.json")


def test_the_same_seed_gives_the_same_ids_and_no_seed_gives_fresh_ones(
    fake_voiceid: FakeVoiceId,
) -> None:
    def ids(seed: int | None) -> list[str]:
        fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, seed=seed)
        return [fake.create_domain("one"), fake.create_domain("two")]

    assert ids(7) == ids(7)
    assert ids(7) != ids(8)
    assert ids(None) != ids(None)


def test_calls_kept_bounds_the_record_of_calls(fake_voiceid: FakeVoiceId) -> None:
    fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, calls_kept=10)

    for _ in range(1000):
        fake.handle("ListDomains", {})
    fake.handle("Nonsense", {})

    assert 10 <= len(fake.calls) < 20
    assert set(fake.calls) == {"ListDomains"}


def test_a_refused_start_conflict_on_a_reused_token_leaves_no_job(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    manifest = _manifest(fake_voiceid, 1)
    config = fake_voiceid_jobs.upload_manifest(manifest, "s3://manifests/token.json")
    fake_voiceid_jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=config,
        output_data_config=OUTPUT,
        client_token="token-1",
    )

    with pytest.raises(ConflictError):
        fake_voiceid_jobs.start_speaker_enrollment_job(
            domain_id=domain,
            data_access_role_arn=ROLE,
            input_data_config=config,
            output_data_config=OutputDataConfig(s3_uri="s3://results/elsewhere"),
            client_token="token-1",
        )

    assert len(list(fake_voiceid_jobs.list_speaker_enrollment_jobs(domain_id=domain))) == 1


def test_make_wav_recordings_of_two_names_are_two_voices(fake_voiceid: FakeVoiceId) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="voices")
    for name in ("spk1", "fraud8"):
        fake_voiceid.s3_client.put_object(Bucket="voices", Key=name, Body=make_wav(name))

    voices = {fake_voiceid.voice_of(f"s3://voices/{name}") for name in ("spk1", "fraud8")}

    assert len(voices) == 2
