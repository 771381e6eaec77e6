"""A run's shards can be planned (a dry run) and started one at a time, without waiting."""

from __future__ import annotations

import json
from typing import Any

import pytest

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    InvalidParameterError,
    JobStatus,
    OutputDataConfig,
    PlannedShard,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    VoiceIdJobsClient,
    plan_fraudster_registration,
    plan_speaker_enrollment,
)
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
OUTPUT = OutputDataConfig(s3_uri="s3://plans/results", kms_key_id="alias/out")
AUDIO = (AudioSpecification(s3_uri="s3://plans/alice.wav", channel_id=0),)
DOMAIN = "D0main1d0000000000000a"


def speakers(count: int) -> list[SpeakerEnrollmentRequest]:
    return [
        SpeakerEnrollmentRequest(
            request_id=f"r{i}", speaker_id=f"speaker-{i}", audio_specifications=AUDIO
        )
        for i in range(count)
    ]


def plan(requests: Any, **options: Any) -> tuple[PlannedShard, ...]:
    settings: dict[str, Any] = {
        "domain_id": DOMAIN,
        "data_access_role_arn": ROLE,
        "staging_uri": "s3://plans/staging/",
        "output_data_config": OUTPUT,
        **options,
    }
    return plan_speaker_enrollment(requests, **settings)


def test_a_plan_has_one_shard_per_job_with_its_manifest_key_and_start_request() -> None:
    shards = plan(speakers(5), shard_size=2, job_name_prefix="nightly")

    assert [len(shard.manifest.requests) for shard in shards] == [2, 2, 1]
    assert [shard.index for shard in shards] == [0, 1, 2]
    assert all(isinstance(shard.manifest, SpeakerEnrollmentManifest) for shard in shards)
    first = shards[0]
    assert first.manifest_uri.startswith("s3://plans/staging/enrollment-")
    assert first.start_request["InputDataConfig"] == {"S3Uri": first.manifest_uri}
    assert first.start_request["JobName"] == "nightly-1"
    assert first.start_request["DomainId"] == DOMAIN
    assert first.start_request["OutputDataConfig"] == {
        "S3Uri": "s3://plans/results",
        "KmsKeyId": "alias/out",
    }
    assert len(first.start_request["ClientToken"]) <= 64
    assert len({shard.manifest_uri for shard in shards}) == 3


def test_planning_the_same_requests_twice_gives_the_same_keys_and_tokens() -> None:
    assert plan(speakers(3)) == plan(speakers(3))
    assert plan(speakers(3))[0].manifest_uri != plan(speakers(4))[0].manifest_uri


def test_a_job_name_too_long_with_its_shard_suffix_is_refused_naming_the_prefix() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        plan(speakers(1), job_name_prefix="j" * 255)  # "-1" makes 257, over the 256 allowed

    assert caught.value.field == "job_name_prefix"
    assert caught.value.value == "j" * 255
    assert "with '-1' added: must be 1 to 256 characters long" in caught.value.rule


def test_a_prefix_the_job_name_pattern_refuses_is_named_as_the_prefix() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        plan(speakers(1), job_name_prefix="bad name")

    assert caught.value.field == "job_name_prefix"
    assert "with '-1' added: must match" in caught.value.rule


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"shard_size": 0}, "shard_size"),
        ({"staging_uri": "plans/staging"}, "staging_uri"),
        ({"domain_id": "short"}, "domain_id"),
    ],
)
def test_a_plan_refuses_a_bad_setting_naming_it(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        plan(speakers(2), **options)

    assert caught.value.field.endswith(field)


def test_a_plan_of_no_requests_is_refused() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        plan([])

    assert caught.value.field == "requests"


def test_fraudsters_are_planned_in_shards_of_500() -> None:
    fraudsters = [
        FraudsterRegistrationRequest(request_id=f"f{i}", audio_specifications=AUDIO)
        for i in range(501)
    ]

    shards = plan_fraudster_registration(
        fraudsters,
        domain_id=DOMAIN,
        data_access_role_arn=ROLE,
        staging_uri="s3://plans/staging",
        output_data_config=OUTPUT,
    )

    assert [len(shard.manifest.requests) for shard in shards] == [500, 1]
    assert isinstance(shards[0].manifest, FraudsterRegistrationManifest)
    assert shards[0].manifest_uri.startswith("s3://plans/staging/registration-")


def test_a_planned_shard_is_staged_and_started_once_however_often_it_is_started(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient
) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="plans")
    fake_voiceid.s3_client.put_object(Bucket="plans", Key="alice.wav", Body=make_wav("alice"))
    domain = fake_voiceid.create_domain("plans")
    (shard,) = plan(speakers(2), domain_id=domain)

    first = fake_voiceid_jobs.start_planned_shard(shard)
    again = fake_voiceid_jobs.start_planned_shard(shard)

    assert first.job_id == again.job_id
    assert first.job_status == JobStatus.SUBMITTED
    staged = fake_voiceid.s3_client.get_object(Bucket="plans", Key=shard.manifest_uri[11:])
    assert json.loads(staged["Body"].read()) == json.loads(shard.manifest.to_json())
    ended = fake_voiceid_jobs.wait_for_job(first)
    assert ended.job_status == JobStatus.COMPLETED


def test_starting_something_that_is_not_a_planned_shard_sends_nothing(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid_jobs.start_planned_shard("s3://plans/staging/x.json")  # type: ignore[arg-type]

    assert caught.value.field == "shard"
    assert fake_voiceid.calls == []


def test_create_refuses_an_unknown_profile_naming_it() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        VoiceIdJobsClient.create(profile_name="no-such-profile", region_name="us-east-1")

    assert caught.value.field == "profile"
