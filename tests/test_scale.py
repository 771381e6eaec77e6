"""Enrollment at scale, against FakeVoiceId: sharding, outcomes, quota, resuming."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationRequest,
    InvalidParameterError,
    JobFailedError,
    OutputDataConfig,
    ShardProgress,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://scale/results")
GOOD = AudioSpecification(s3_uri="s3://scale/good.wav", channel_id=0)
BAD = AudioSpecification(s3_uri="s3://scale/wideband.wav", channel_id=0)


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    fake_voiceid.s3_client.create_bucket(Bucket="scale")
    fake_voiceid.s3_client.put_object(Bucket="scale", Key="good.wav", Body=make_wav("caller"))
    fake_voiceid.s3_client.put_object(
        Bucket="scale", Key="wideband.wav", Body=make_wav("x", sample_rate=16000)
    )
    return fake_voiceid.create_domain("scale")


def speakers(count: int, *, bad_every: int = 0) -> Iterator[SpeakerEnrollmentRequest]:
    """A lazy stream of speakers; every ``bad_every``-th has audio the service refuses."""
    for number in range(count):
        bad = bad_every and number % bad_every == 0
        yield SpeakerEnrollmentRequest(
            request_id=f"r{number}",
            speaker_id=f"speaker-{number}",
            audio_specifications=(BAD if bad else GOOD,),
        )


def enroll(jobs: VoiceIdJobsClient, domain: str, requests: Any, **options: Any) -> Any:
    arguments: dict[str, Any] = {
        "domain_id": domain,
        "data_access_role_arn": ROLE,
        "staging_uri": "s3://scale/staging/",
        "output_data_config": OUTPUT,
        **options,
    }
    return jobs.enroll_speakers(requests, **arguments)


def jobs_started(jobs: VoiceIdJobsClient, domain: str) -> int:
    return len(list(jobs.list_speaker_enrollment_jobs(domain_id=domain)))


def test_25000_speakers_run_as_3_jobs_with_every_outcome(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    run = enroll(fake_voiceid_jobs, domain, speakers(25_000))

    assert [shard.requests for shard in run.shards] == [10_000, 10_000, 5_000]
    assert [shard.job.job_status for shard in run.shards] == ["COMPLETED"] * 3
    assert (run.requests, run.succeeded, run.failed, run.missing) == (25_000, 25_000, 0, 0)
    assert jobs_started(fake_voiceid_jobs, domain) == 3
    outcomes = list(fake_voiceid_jobs.run_outcomes(run))
    assert len(outcomes) == 25_000
    assert len({outcome.request_id for outcome in outcomes}) == 25_000
    assert {outcome.status for outcome in outcomes} == {"succeeded"}


def test_failing_requests_are_counted_and_reported(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    run = enroll(fake_voiceid_jobs, domain, speakers(1_200, bad_every=100), shard_size=500)

    assert [shard.requests for shard in run.shards] == [500, 500, 200]
    assert (run.succeeded, run.failed, run.missing) == (1_188, 12, 0)
    assert [shard.job.job_status for shard in run.shards] == ["COMPLETED_WITH_ERRORS"] * 3
    failed = [o for o in fake_voiceid_jobs.run_outcomes(run) if o.status == "failed"]
    assert [o.request_id for o in failed] == [f"r{n}" for n in range(0, 1_200, 100)]
    assert all("8 kHz" in (o.error.error_message or "") for o in failed if o.error is not None)


def test_never_two_active_jobs_of_a_type_in_the_domain(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    seen: list[int] = []

    def count_active(progress: ShardProgress) -> None:
        summaries = fake_voiceid_jobs.list_speaker_enrollment_jobs(domain_id=domain)
        seen.append(sum(not summary.is_terminal for summary in summaries))

    enroll(fake_voiceid_jobs, domain, speakers(1_500), shard_size=500, on_progress=count_active)

    assert seen
    assert max(seen) == 1


def test_progress_reports_the_shard_index_count_and_job(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    reports: list[ShardProgress] = []

    enroll(
        fake_voiceid_jobs, domain, list(speakers(1_100)), shard_size=500, on_progress=reports.append
    )
    streamed: list[ShardProgress] = []
    enroll(
        fake_voiceid_jobs,
        domain,
        speakers(10),
        shard_size=500,
        on_progress=streamed.append,
        job_name_prefix="more",
    )

    assert sorted({r.shard_index for r in reports}) == [0, 1, 2]
    assert {r.shard_count for r in reports} == {3}  # a list is counted up front
    assert next(r.shard_requests for r in reports if r.shard_index == 2) == 100
    assert reports[-1].job.job_status == "COMPLETED"
    assert {r.shard_count for r in streamed} == {None}  # a generator is not


def test_a_crashed_run_resumes_without_starting_any_job_twice(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    class CrashError(Exception):
        pass

    def crash_in_the_second_job(progress: ShardProgress) -> None:
        if progress.shard_index == 1 and progress.job.job_status == "IN_PROGRESS":
            raise CrashError

    with pytest.raises(CrashError):
        enroll(
            fake_voiceid_jobs,
            domain,
            speakers(1_300, bad_every=50),
            shard_size=500,
            on_progress=crash_in_the_second_job,
        )
    assert jobs_started(fake_voiceid_jobs, domain) == 2
    starts_before = fake_voiceid.calls.count("StartSpeakerEnrollmentJob")

    run = enroll(fake_voiceid_jobs, domain, speakers(1_300, bad_every=50), shard_size=500)

    assert jobs_started(fake_voiceid_jobs, domain) == 3
    assert fake_voiceid.calls.count("StartSpeakerEnrollmentJob") == starts_before + 3  # same tokens
    assert (run.requests, run.succeeded + run.failed, run.missing) == (1_300, 1_300, 0)
    assert run.failed == 26
    outcomes = list(fake_voiceid_jobs.run_outcomes(run))
    assert sorted(int(o.request_id[1:]) for o in outcomes) == list(range(1_300))
    enrolled = fake_voiceid_jobs.client.list_speakers(DomainId=domain, MaxResults=100)
    assert enrolled["SpeakerSummaries"]


def test_the_same_call_again_after_it_finished_starts_nothing(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    first = enroll(fake_voiceid_jobs, domain, speakers(700), shard_size=500)
    again = enroll(fake_voiceid_jobs, domain, speakers(700), shard_size=500)

    assert [s.job.job_id for s in again.shards] == [s.job.job_id for s in first.shards]
    assert jobs_started(fake_voiceid_jobs, domain) == 2


def test_fraudsters_are_registered_in_shards_of_500(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    fraudsters = (
        FraudsterRegistrationRequest(request_id=f"f{n}", audio_specifications=(GOOD,))
        for n in range(1_100)
    )

    run = fake_voiceid_jobs.register_fraudsters(
        fraudsters,
        domain_id=domain,
        data_access_role_arn=ROLE,
        staging_uri="s3://scale/staging",
        output_data_config=OUTPUT,
    )

    assert [shard.requests for shard in run.shards] == [500, 500, 100]
    statuses = [
        o.success.registration_status for o in fake_voiceid_jobs.run_outcomes(run) if o.success
    ]
    assert statuses.count("NEW_REGISTRATION") == 1  # every recording is the same voice
    assert statuses.count("DUPLICATE_SKIPPED") == 1_099


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"shard_size": 0}, "shard_size"),
        ({"shard_size": 10_001}, "shard_size"),
        ({"staging_uri": "not-s3"}, "staging_uri"),
    ],
)
def test_bad_run_settings_are_refused_before_anything_is_sent(
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    options: dict[str, Any],
    field: str,
) -> None:
    arguments = {"staging_uri": "s3://scale/staging", **options}
    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid_jobs.enroll_speakers(
            speakers(10),
            domain_id=domain,
            data_access_role_arn=ROLE,
            output_data_config=OUTPUT,
            **arguments,
        )

    assert caught.value.field == field
    assert fake_voiceid.calls == []


def staged_keys(fake: FakeVoiceId) -> list[str]:
    listing = fake.s3_client.list_objects_v2(Bucket="scale", Prefix="staging/")
    return sorted(item["Key"] for item in listing.get("Contents", []))


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"domain_id": "abc"}, "domain_id"),
        ({"data_access_role_arn": "not-an-arn"}, "data_access_role_arn"),
        ({"job_name_prefix": "j" * 258}, "job_name_prefix"),
        ({"job_name_prefix": "j" * 255}, "job_name_prefix"),
        ({"job_name_prefix": "bad name"}, "job_name_prefix"),
        (  # "-9" fits in 256 characters, the last shard's "-10" does not
            {"job_name_prefix": "j" * 254, "shard_size": 1, "requests": list(speakers(10))},
            "job_name_prefix",
        ),
        ({"output_data_config": "s3://scale/results"}, "output_data_config"),
        ({"staging_kms_key_id": ""}, "staging_kms_key_id"),
        ({"expected_bucket_owner": "12345"}, "expected_bucket_owner"),
        ({"poll": "fast"}, "poll"),
        ({"on_progress": 5}, "on_progress"),
        ({"requests": []}, "requests"),
    ],
)
def test_a_refused_run_writes_nothing_and_sends_nothing(
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    options: dict[str, Any],
    field: str,
) -> None:
    arguments: dict[str, Any] = {
        "domain_id": domain,
        "data_access_role_arn": ROLE,
        "staging_uri": "s3://scale/staging",
        "output_data_config": OUTPUT,
        **options,
    }
    requests = arguments.pop("requests", list(speakers(3)))

    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid_jobs.enroll_speakers(requests, **arguments)

    assert caught.value.field.endswith(field)
    assert staged_keys(fake_voiceid) == []
    assert fake_voiceid.calls == []


def test_two_runs_sharing_a_staging_folder_keep_each_jobs_manifest(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    def one(speaker: str) -> list[SpeakerEnrollmentRequest]:
        return [
            SpeakerEnrollmentRequest(
                request_id="r1", speaker_id=speaker, audio_specifications=(GOOD,)
            )
        ]

    alice = enroll(fake_voiceid_jobs, domain, one("alice"))
    bob = enroll(fake_voiceid_jobs, domain, one("bob"))

    assert len(staged_keys(fake_voiceid)) == 2
    alice_outcomes = list(fake_voiceid_jobs.run_outcomes(alice))
    bob_outcomes = list(fake_voiceid_jobs.run_outcomes(bob))
    assert [o.request.speaker_id for o in alice_outcomes if o.request] == ["alice"]
    assert [o.request.speaker_id for o in bob_outcomes if o.request] == ["bob"]
    assert alice.shards[0].manifest_uri != bob.shards[0].manifest_uri


def test_a_failed_shard_resumes_with_one_new_job_once_its_cause_is_fixed(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    missing_bucket = OutputDataConfig(s3_uri="s3://not-yet-made/results")

    with pytest.raises(JobFailedError) as caught:
        enroll(fake_voiceid_jobs, domain, speakers(3), output_data_config=missing_bucket)
    failed_id = caught.value.job.job_id

    with pytest.raises(JobFailedError):  # not fixed yet: one more job, and it fails too
        enroll(fake_voiceid_jobs, domain, speakers(3), output_data_config=missing_bucket)
    assert jobs_started(fake_voiceid_jobs, domain) == 2

    fake_voiceid.s3_client.create_bucket(Bucket="not-yet-made")
    run = enroll(fake_voiceid_jobs, domain, speakers(3), output_data_config=missing_bucket)

    assert jobs_started(fake_voiceid_jobs, domain) == 3
    assert run.shards[0].job.job_id != failed_id
    assert (run.succeeded, run.failed, run.missing) == (3, 0, 0)

    again = enroll(fake_voiceid_jobs, domain, speakers(3), output_data_config=missing_bucket)

    assert jobs_started(fake_voiceid_jobs, domain) == 3
    assert again.shards[0].job.job_id == run.shards[0].job.job_id


def test_staged_manifests_can_be_encrypted_with_a_kms_key(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    kms_key = boto3.client("kms", region_name="us-east-1").create_key()["KeyMetadata"]["KeyId"]

    run = enroll(fake_voiceid_jobs, domain, speakers(2), staging_kms_key_id=kms_key)

    (staged,) = staged_keys(fake_voiceid)
    head = fake_voiceid.s3_client.head_object(Bucket="scale", Key=staged)
    assert head["ServerSideEncryption"] == "aws:kms"
    assert kms_key in head["SSEKMSKeyId"]
    assert run.succeeded == 2
