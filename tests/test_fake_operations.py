"""The fake's operations beyond the batch jobs, through a real boto3 client, as documented."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from test_fake import audio, enroll, register
from test_fake_engine import _manifest, _start

from voiceid_jobs import RegistrationConfig, VoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId

KEY = {"KmsKeyId": "alias/voiceid"}


@pytest.fixture
def voiceid(fake_voiceid: FakeVoiceId) -> Any:
    client = boto3.client("voice-id", region_name="us-east-1")
    fake_voiceid.attach(client)
    return client


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    """The error's code, and its ConflictType or ResourceType when it has one."""
    response: Any = caught.value.response
    return response["Error"]["Code"], response.get("ConflictType") or response.get("ResourceType")


# --- Domains -----------------------------------------------------------------------------


def test_a_deleted_domain_and_its_jobs_are_gone(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:
    _, job, _ = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"ann": audio(fake_voiceid, "ann")})

    voiceid.delete_domain(DomainId=domain)

    with pytest.raises(ClientError) as missing_domain:
        voiceid.describe_domain(DomainId=domain)
    with pytest.raises(ClientError) as missing_job:
        voiceid.describe_speaker_enrollment_job(DomainId=domain, JobId=job.job_id)
    assert error_of(missing_domain) == ("ResourceNotFoundException", "DOMAIN")
    assert error_of(missing_job) == ("ResourceNotFoundException", "DOMAIN")
    assert voiceid.list_domains()["DomainSummaries"] == []


def test_a_job_running_when_its_domain_is_deleted_writes_no_output(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:

    _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 1))

    voiceid.delete_domain(DomainId=domain)
    fake_voiceid.advance(3600)

    listed = fake_voiceid.s3_client.list_objects_v2(Bucket="results")
    assert listed.get("KeyCount", 0) == 0


def test_update_domain_replaces_every_field_and_a_left_out_description_goes(
    voiceid: Any, domain: str
) -> None:
    voiceid.update_domain(
        DomainId=domain, Name="renamed", Description="first", ServerSideEncryptionConfiguration=KEY
    )

    updated = voiceid.update_domain(
        DomainId=domain, Name="again", ServerSideEncryptionConfiguration=KEY
    )["Domain"]

    assert updated["Name"] == "again"
    assert "Description" not in updated
    assert "ServerSideEncryptionUpdateDetails" not in updated  # the same key: nothing to do


def test_a_new_kms_key_re_encrypts_the_domain_and_locks_other_key_changes_meanwhile(
    fake_voiceid: FakeVoiceId, voiceid: Any, domain: str
) -> None:
    def update(key: str) -> dict[str, Any]:
        return voiceid.update_domain(
            DomainId=domain, Name="centre", ServerSideEncryptionConfiguration={"KmsKeyId": key}
        )["Domain"]

    started = update("alias/new")
    with pytest.raises(ClientError) as locked:
        update("alias/newer")
    fake_voiceid.advance(60)
    done = voiceid.describe_domain(DomainId=domain)["Domain"]

    assert started["ServerSideEncryptionUpdateDetails"] == {
        "OldKmsKeyId": "alias/voiceid",
        "UpdateStatus": "IN_PROGRESS",
    }
    assert error_of(locked) == ("ConflictException", "DOMAIN_LOCKED_FROM_ENCRYPTION_UPDATES")
    assert done["ServerSideEncryptionUpdateDetails"]["UpdateStatus"] == "COMPLETED"
    assert done["ServerSideEncryptionConfiguration"] == {"KmsKeyId": "alias/new"}
    assert update("alias/newer")["ServerSideEncryptionConfiguration"]["KmsKeyId"] == "alias/newer"


def test_create_domain_beyond_the_accounts_quota_is_refused(fake_voiceid: FakeVoiceId) -> None:
    fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, domains_per_account=3)
    for number in range(3):
        fake.create_domain(f"d{number}")

    status, answer = fake.handle(
        "CreateDomain", {"Name": "fourth", "ServerSideEncryptionConfiguration": KEY}
    )

    assert (status, answer["__type"]) == (402, "ServiceQuotaExceededException")


# --- Watchlists --------------------------------------------------------------------------


def test_update_watchlist_changes_what_it_is_given(voiceid: Any, domain: str) -> None:
    created = voiceid.create_watchlist(DomainId=domain, Name="vip", Description="first")
    watchlist_id = created["Watchlist"]["WatchlistId"]

    updated = voiceid.update_watchlist(DomainId=domain, WatchlistId=watchlist_id, Name="gold")

    assert updated["Watchlist"]["Name"] == "gold"
    assert updated["Watchlist"]["Description"] == "first"


def test_the_default_watchlist_can_be_neither_updated_nor_deleted(
    fake_voiceid: FakeVoiceId, voiceid: Any, domain: str
) -> None:
    default = fake_voiceid.default_watchlist_id(domain)

    with pytest.raises(ClientError) as updating:
        voiceid.update_watchlist(DomainId=domain, WatchlistId=default, Name="other")
    with pytest.raises(ClientError) as deleting:
        voiceid.delete_watchlist(DomainId=domain, WatchlistId=default)

    assert error_of(updating)[0] == error_of(deleting)[0] == "ValidationException"


def test_a_watchlist_with_fraudsters_cannot_be_deleted_until_they_are_gone(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:
    watchlist = fake_voiceid.create_watchlist(domain, "suspects")
    _, output = register(
        fake_voiceid_jobs,
        fake_voiceid,
        domain,
        [audio(fake_voiceid, "mallory")],
        RegistrationConfig(watchlist_ids=(watchlist,)),
    )
    fraudster = output.successful_registrations[0].generated_fraudster_id

    with pytest.raises(ClientError) as refused:
        voiceid.delete_watchlist(DomainId=domain, WatchlistId=watchlist)
    voiceid.delete_fraudster(DomainId=domain, FraudsterId=fraudster)
    voiceid.delete_watchlist(DomainId=domain, WatchlistId=watchlist)

    assert error_of(refused) == ("ConflictException", "CANNOT_DELETE_NON_EMPTY_WATCHLIST")
    with pytest.raises(ClientError) as gone:
        voiceid.describe_watchlist(DomainId=domain, WatchlistId=watchlist)
    assert error_of(gone) == ("ResourceNotFoundException", "WATCHLIST")


def test_create_watchlist_beyond_the_domains_quota_is_refused(fake_voiceid: FakeVoiceId) -> None:
    fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, watchlists_per_domain=3)
    domain = fake.create_domain("quota")
    for name in ("two", "three"):
        fake.create_watchlist(domain, name)

    status, answer = fake.handle("CreateWatchlist", {"DomainId": domain, "Name": "four"})

    assert (status, answer["__type"]) == (402, "ServiceQuotaExceededException")


# --- Speakers and fraudsters ---------------------------------------------------------------


def test_a_deleted_speaker_is_gone_and_can_be_enrolled_again(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:
    spec = audio(fake_voiceid, "ann")
    _, _, first = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"ann": spec})

    voiceid.delete_speaker(DomainId=domain, SpeakerId="ann")

    with pytest.raises(ClientError) as gone:
        voiceid.describe_speaker(DomainId=domain, SpeakerId="ann")
    assert error_of(gone) == ("ResourceNotFoundException", "SPEAKER")
    _, _, again = enroll(fake_voiceid_jobs, fake_voiceid, domain, {"ann": spec})
    assert again.successful_enrollments[0].enrollment_status == "NEW_ENROLLMENT"
    assert (
        again.successful_enrollments[0].generated_speaker_id
        != first.successful_enrollments[0].generated_speaker_id
    )


def test_a_fraudster_is_associated_with_and_disassociated_from_watchlists(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:
    default = fake_voiceid.default_watchlist_id(domain)
    other = fake_voiceid.create_watchlist(domain, "second")
    _, output = register(fake_voiceid_jobs, fake_voiceid, domain, [audio(fake_voiceid, "eve")])
    fraudster = output.successful_registrations[0].generated_fraudster_id
    ids = {"DomainId": domain, "FraudsterId": fraudster}

    both = voiceid.associate_fraudster(**ids, WatchlistId=other)["Fraudster"]["WatchlistIds"]
    one = voiceid.disassociate_fraudster(**ids, WatchlistId=default)["Fraudster"]["WatchlistIds"]
    with pytest.raises(ClientError) as last:
        voiceid.disassociate_fraudster(**ids, WatchlistId=other)

    assert both == [default, other]
    assert one == [other]
    assert error_of(last)[0] == "ValidationException"


def test_associating_beyond_a_watchlists_quota_is_refused(fake_voiceid: FakeVoiceId) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="audio")
    limited = FakeVoiceId(s3_client=fake_voiceid.s3_client, fraudsters_per_watchlist=1)
    domain = limited.create_domain("quota")
    other = limited.create_watchlist(domain, "full")
    client = boto3.client("voice-id", region_name="us-east-1")
    limited.attach(client)
    jobs = VoiceIdJobsClient(
        client, s3_client=limited.s3_client, sleep=limited.advance, clock=limited.now
    )
    for bucket in ("manifests", "results"):
        limited.s3_client.create_bucket(Bucket=bucket)
    _, first = register(jobs, limited, domain, [audio(limited, "one")])
    register(
        jobs, limited, domain, [audio(limited, "two")], RegistrationConfig(watchlist_ids=(other,))
    )

    with pytest.raises(ClientError) as refused:
        client.associate_fraudster(
            DomainId=domain,
            FraudsterId=first.successful_registrations[0].generated_fraudster_id,
            WatchlistId=other,
        )

    assert error_of(refused)[0] == "ServiceQuotaExceededException"


# --- Tags --------------------------------------------------------------------------------


def test_a_domains_tags_are_set_at_creation_added_and_removed(voiceid: Any) -> None:
    created = voiceid.create_domain(
        Name="tagged",
        ServerSideEncryptionConfiguration=KEY,
        Tags=[{"Key": "team", "Value": "fraud"}],
    )["Domain"]
    arn = created["Arn"]

    voiceid.tag_resource(ResourceArn=arn, Tags=[{"Key": "cost", "Value": "42"}])
    voiceid.untag_resource(ResourceArn=arn, TagKeys=["team", "absent"])

    assert voiceid.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "cost", "Value": "42"}
    ]


def test_tags_of_a_resource_the_fake_does_not_hold_are_not_found(voiceid: Any) -> None:
    arn = "arn:aws:voiceid:us-east-1:123456789012:domain/" + "x" * 22

    with pytest.raises(ClientError) as caught:
        voiceid.list_tags_for_resource(ResourceArn=arn)

    assert error_of(caught) == ("ResourceNotFoundException", "DOMAIN")


# --- EvaluateSession -----------------------------------------------------------------------


@pytest.fixture
def enrolled(fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str) -> str:
    """A domain where ``ann`` is enrolled with the recording s3://audio/ann.wav."""
    enroll(fake_voiceid_jobs, fake_voiceid, domain, {"ann": audio(fake_voiceid, "ann")})
    return domain


def evaluate(voiceid: Any, domain: str, session: str) -> dict[str, Any]:
    answer: dict[str, Any] = voiceid.evaluate_session(DomainId=domain, SessionNameOrId=session)
    return answer


@pytest.mark.parametrize(
    ("caller", "speaker", "seconds", "decision"),
    [
        ("ann", "ann", 30.0, "ACCEPT"),
        ("bob", "ann", 30.0, "REJECT"),
        ("ann", "ann", 5.0, "NOT_ENOUGH_SPEECH"),
        ("ann", "nobody", 30.0, "SPEAKER_NOT_ENROLLED"),
        ("ann", None, 30.0, "SPEAKER_ID_NOT_PROVIDED"),
    ],
)
def test_a_session_is_authenticated_against_the_speaker_it_claims(
    fake_voiceid: FakeVoiceId,
    voiceid: Any,
    enrolled: str,
    caller: str,
    speaker: str | None,
    seconds: float,
    decision: str,
) -> None:
    spec = audio(fake_voiceid, caller)
    session = fake_voiceid.start_session(
        enrolled, audio_s3_uri=spec.s3_uri, speaker_id=speaker, speech_seconds=seconds
    )

    result = evaluate(voiceid, enrolled, session)["AuthenticationResult"]

    assert result["Decision"] == decision
    assert result["Configuration"] == {"AcceptanceThreshold": 90}
    if decision in {"ACCEPT", "REJECT"}:
        assert (result["Score"] >= 90) is (decision == "ACCEPT")


def test_an_opted_out_speaker_is_not_authenticated(
    fake_voiceid: FakeVoiceId, voiceid: Any, enrolled: str
) -> None:
    fake_voiceid.opt_out_speaker(enrolled, "ann")
    session = fake_voiceid.start_session(enrolled, voice="someone", speaker_id="ann")

    result = evaluate(voiceid, enrolled, session)["AuthenticationResult"]

    assert result["Decision"] == "SPEAKER_OPTED_OUT"


def test_a_speaker_not_accessed_for_three_years_has_expired(
    fake_voiceid: FakeVoiceId, voiceid: Any, enrolled: str
) -> None:
    fake_voiceid.advance(3 * 365 * 24 * 3600)
    session = fake_voiceid.start_session(enrolled, voice="someone", speaker_id="ann")

    result = evaluate(voiceid, enrolled, session)["AuthenticationResult"]
    described = voiceid.describe_speaker(DomainId=enrolled, SpeakerId="ann")["Speaker"]

    assert result["Decision"] == "SPEAKER_EXPIRED"
    assert described["Status"] == "EXPIRED"


def test_an_authentication_is_an_access_of_the_speaker(
    fake_voiceid: FakeVoiceId, voiceid: Any, enrolled: str
) -> None:
    fake_voiceid.advance(2 * 365 * 24 * 3600)
    session = fake_voiceid.start_session(
        enrolled, audio_s3_uri="s3://audio/ann.wav", speaker_id="ann", speech_seconds=30
    )
    evaluate(voiceid, enrolled, session)

    fake_voiceid.advance(2 * 365 * 24 * 3600)  # four years after enrolling, two after access
    described = voiceid.describe_speaker(DomainId=enrolled, SpeakerId="ann")["Speaker"]

    assert described["Status"] == "ENROLLED"


def test_a_known_fraudsters_voice_is_high_risk_and_another_low(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, voiceid: Any, domain: str
) -> None:
    _, output = register(fake_voiceid_jobs, fake_voiceid, domain, [audio(fake_voiceid, "eve")])
    fraudster = output.successful_registrations[0].generated_fraudster_id
    known = fake_voiceid.start_session(domain, audio_s3_uri="s3://audio/eve.wav", speech_seconds=30)
    stranger = fake_voiceid.start_session(domain, voice="stranger")

    high = evaluate(voiceid, domain, known)["FraudDetectionResult"]
    low = evaluate(voiceid, domain, stranger)["FraudDetectionResult"]

    assert (high["Decision"], high["Reasons"]) == ("HIGH_RISK", ["KNOWN_FRAUDSTER"])
    assert high["RiskDetails"]["KnownFraudsterRisk"] == {
        "GeneratedFraudsterId": fraudster,
        "RiskScore": 100,
    }
    assert high["Configuration"] == {
        "RiskThreshold": 50,
        "WatchlistId": fake_voiceid.default_watchlist_id(domain),
    }
    assert (low["Decision"], low["Reasons"]) == ("LOW_RISK", [])


def test_too_little_speech_is_not_enough_for_fraud_detection(
    fake_voiceid: FakeVoiceId, voiceid: Any, domain: str
) -> None:
    session = fake_voiceid.start_session(
        domain, voice="brief", speech_seconds=3, streaming_status="ENDED"
    )

    answer = evaluate(voiceid, domain, session)

    assert answer["FraudDetectionResult"]["Decision"] == "NOT_ENOUGH_SPEECH"
    assert answer["StreamingStatus"] == "ENDED"


def test_a_session_is_found_by_its_name_and_an_unknown_one_is_not(
    fake_voiceid: FakeVoiceId, voiceid: Any, domain: str
) -> None:
    session = fake_voiceid.start_session(domain, voice="caller", session_name="call-42")

    answer = evaluate(voiceid, domain, "call-42")
    with pytest.raises(ClientError) as caught:
        evaluate(voiceid, domain, "call-43")

    assert (answer["SessionId"], answer["SessionName"]) == (session, "call-42")
    assert error_of(caught) == ("ResourceNotFoundException", "SESSION")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "voice"),
        ({"voice": "a", "audio_s3_uri": "s3://audio/a.wav"}, "voice"),
        ({"voice": "a", "session_name": "bad name"}, "session_name"),
        ({"voice": "a", "streaming_status": "LIVE"}, "streaming_status"),
        ({"voice": "a", "speech_seconds": -1}, "speech_seconds"),
        ({"audio_s3_uri": "s3://audio/missing.wav"}, "audio_s3_uri"),
    ],
)
def test_start_session_refuses_what_the_service_would_not_take(
    fake_voiceid: FakeVoiceId, domain: str, arguments: dict[str, Any], field: str
) -> None:
    from voiceid_jobs import InvalidParameterError

    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid.start_session(domain, **arguments)

    assert caught.value.field == field
