"""Manifest models: every documented rule, the file format, and round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    InvalidParameterError,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)

from strategies import ALNUM, buckets, names

DOCUMENTED_ENROLLMENT = """{"Version": "1.0",
 "SpeakerEnrollmentRequests": [
   {"RequestId": "r1", "SpeakerId": "customer-speaker-1",
    "AudioSpecifications": [{"S3Uri": "s3://bucket/a.wav", "ChannelId": 0}]}]}"""
DOCUMENTED_REGISTRATION = """{"Version": "1.0",
 "FraudsterRegistrationRequests": [
   {"RequestId": "r1",
    "AudioSpecifications": [{"S3Uri": "s3://bucket/f.wav", "ChannelId": 1}]}]}"""

AUDIO = AudioSpecification(s3_uri="s3://bucket/a.wav", channel_id=0)


def speaker(
    index: int, audio: tuple[AudioSpecification, ...] = (AUDIO,)
) -> SpeakerEnrollmentRequest:
    return SpeakerEnrollmentRequest(
        request_id=f"r{index}", speaker_id=f"speaker-{index}", audio_specifications=audio
    )


def fraudster(index: int) -> FraudsterRegistrationRequest:
    return FraudsterRegistrationRequest(request_id=f"f{index}", audio_specifications=(AUDIO,))


# --- The documented examples --------------------------------------------------------


def test_the_designs_enrollment_example_parses_as_given() -> None:
    manifest = SpeakerEnrollmentManifest.from_json(DOCUMENTED_ENROLLMENT)

    assert manifest == SpeakerEnrollmentManifest(
        speaker_enrollment_requests=(
            SpeakerEnrollmentRequest(
                request_id="r1",
                speaker_id="customer-speaker-1",
                audio_specifications=(
                    AudioSpecification(s3_uri="s3://bucket/a.wav", channel_id=0),
                ),
            ),
        )
    )
    assert manifest.version == "1.0"
    assert json.loads(manifest.to_json()) == json.loads(DOCUMENTED_ENROLLMENT)


def test_the_designs_registration_example_parses_as_given() -> None:
    manifest = FraudsterRegistrationManifest.from_json(DOCUMENTED_REGISTRATION)

    assert manifest.fraudster_registration_requests == (
        FraudsterRegistrationRequest(
            request_id="r1",
            audio_specifications=(AudioSpecification(s3_uri="s3://bucket/f.wav", channel_id=1),),
        ),
    )
    assert json.loads(manifest.to_json()) == json.loads(DOCUMENTED_REGISTRATION)


def test_to_json_is_ascii_json_with_the_version_first() -> None:
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=(
            FraudsterRegistrationRequest(
                request_id='quote"and-\u00e9', audio_specifications=(AUDIO,)
            ),
        )
    )

    text = manifest.to_json()

    assert text.isascii()
    assert text.startswith('{"Version":"1.0",')
    assert json.loads(text)["FraudsterRegistrationRequests"][0]["RequestId"] == 'quote"and-\u00e9'


def test_the_speaker_id_is_masked_in_repr() -> None:
    request = SpeakerEnrollmentRequest(
        request_id="r1", speaker_id="Alice-Smith-1970", audio_specifications=(AUDIO,)
    )

    assert "Alice" not in repr(request)
    assert "Alice" not in repr(SpeakerEnrollmentManifest(speaker_enrollment_requests=(request,)))


# --- Each rule, built in Python -----------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [
        (
            lambda: AudioSpecification(s3_uri="s3://bucket/a.wav", channel_id=2),
            "channel_id",
            "0 to 1",
        ),
        (
            lambda: AudioSpecification(s3_uri="s3://bucket/a.wav", channel_id=-1),
            "channel_id",
            "0 to 1",
        ),
        (
            lambda: AudioSpecification(s3_uri="s3://Bucket/a.wav", channel_id=0),
            "s3_uri",
            "must match",
        ),
        (lambda: AudioSpecification(s3_uri="s3://b", channel_id=0), "s3_uri", "must match"),
        (
            lambda: AudioSpecification(s3_uri="https://x/a.wav", channel_id=0),
            "s3_uri",
            "must match",
        ),
        (lambda: speaker(1, audio=()), "audio_specifications", "must hold 1 to 10 items"),
        (
            lambda: speaker(1, audio=(AUDIO,) * 11),
            "audio_specifications",
            "must hold 1 to 10 items",
        ),
        (
            lambda: speaker(1, audio=("s3://bucket/a.wav",)),
            "audio_specifications[0]",
            "must be of type",
        ),
        (
            lambda: SpeakerEnrollmentRequest(
                request_id="", speaker_id="s", audio_specifications=(AUDIO,)
            ),
            "request_id",
            "must be at least 1 characters long",
        ),
        (
            lambda: SpeakerEnrollmentRequest(
                request_id="r", speaker_id="-s", audio_specifications=(AUDIO,)
            ),
            "speaker_id",
            "must match",
        ),
        (
            lambda: SpeakerEnrollmentRequest(
                request_id="r", speaker_id="s" * 257, audio_specifications=(AUDIO,)
            ),
            "speaker_id",
            "1 to 256",
        ),
        (
            lambda: SpeakerEnrollmentManifest(speaker_enrollment_requests=()),
            "speaker_enrollment_requests",
            "must hold 1 to 10000 items",
        ),
        (
            lambda: SpeakerEnrollmentManifest(
                speaker_enrollment_requests=(speaker(1),), version="2.0"
            ),
            "version",
            "must match ^1\\.0$",
        ),
        (
            lambda: SpeakerEnrollmentManifest(
                speaker_enrollment_requests=(speaker(1), speaker(2), speaker(1))
            ),
            "speaker_enrollment_requests[2].request_id",
            "must be unique in the manifest (request 0 has it too)",
        ),
        (
            lambda: FraudsterRegistrationManifest(
                fraudster_registration_requests=(fraudster(1), fraudster(1))
            ),
            "fraudster_registration_requests[1].request_id",
            "must be unique",
        ),
    ],
)
def test_each_rule_is_checked_when_a_model_is_built(build: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        build()

    assert caught.value.field == field
    assert rule in caught.value.rule


def test_an_enrollment_manifest_holds_at_most_10000_requests() -> None:
    requests = tuple(speaker(index) for index in range(10_001))

    SpeakerEnrollmentManifest(speaker_enrollment_requests=requests[:10_000])
    with pytest.raises(InvalidParameterError) as caught:
        SpeakerEnrollmentManifest(speaker_enrollment_requests=requests)

    assert caught.value.field == "speaker_enrollment_requests"
    assert caught.value.rule == "must hold 1 to 10000 items"
    assert "(got 10001 items)" in str(caught.value)


def test_a_registration_manifest_holds_at_most_500_requests() -> None:
    requests = tuple(fraudster(index) for index in range(501))

    FraudsterRegistrationManifest(fraudster_registration_requests=requests[:500])
    with pytest.raises(InvalidParameterError) as caught:
        FraudsterRegistrationManifest(fraudster_registration_requests=requests)

    assert caught.value.rule == "must hold 1 to 500 items"


def test_lists_given_for_tuples_become_tuples() -> None:
    request = SpeakerEnrollmentRequest(
        request_id="r",
        speaker_id="s",
        audio_specifications=[AUDIO],  # type: ignore[arg-type]
    )

    assert request.audio_specifications == (AUDIO,)


# --- Each rule, read from a file ----------------------------------------------------


def enrollment_file(**request_changes: Any) -> dict[str, Any]:
    """A file of two requests: a good one, then one with ``request_changes``."""
    good: dict[str, Any] = {
        "RequestId": "r0",
        "SpeakerId": "s0",
        "AudioSpecifications": [{"S3Uri": "s3://bucket/a.wav", "ChannelId": 0}],
    }
    changed = {**good, "RequestId": "r1", "SpeakerId": "s1", **request_changes}
    return {"Version": "1.0", "SpeakerEnrollmentRequests": [good, changed]}


@pytest.mark.parametrize(
    ("document", "path", "rule"),
    [
        (
            enrollment_file(RequestId="r0"),
            "$.SpeakerEnrollmentRequests[1].RequestId",
            "must be unique",
        ),
        (
            enrollment_file(AudioSpecifications=[{"S3Uri": "s3://bucket/a.wav", "ChannelId": 2}]),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications[0].ChannelId",
            "from 0 to 1",
        ),
        (
            enrollment_file(AudioSpecifications=[{"S3Uri": "s3://Bucket/a.flac", "ChannelId": 0}]),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications[0].S3Uri",
            "must match",
        ),
        (
            enrollment_file(
                AudioSpecifications=[{"S3Uri": "s3://bucket/a.wav", "ChannelId": 0}] * 11
            ),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications",
            "must hold 1 to 10 items",
        ),
        (
            enrollment_file(SpeakerId="has space"),
            "$.SpeakerEnrollmentRequests[1].SpeakerId",
            "must match",
        ),
        (
            enrollment_file(RequestId=None),
            "$.SpeakerEnrollmentRequests[1].RequestId",
            "is required",
        ),
        (enrollment_file(RequestId=7), "$.SpeakerEnrollmentRequests[1].RequestId", "must be a str"),
        (
            enrollment_file(AudioSpecifications="s3://b/a.wav"),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications",
            "must be a JSON array",
        ),
        (enrollment_file(Extra=1), "$.SpeakerEnrollmentRequests[1].Extra", "is not a known member"),
        (
            enrollment_file(AudioSpecifications=[{"S3Uri": "s3://bucket/a.wav", "ChannelId": "0"}]),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications[0].ChannelId",
            "from 0 to 1",
        ),
        (
            enrollment_file(AudioSpecifications=[{"S3Uri": "s3://bucket/a.wav"}]),
            "$.SpeakerEnrollmentRequests[1].AudioSpecifications[0].ChannelId",
            "is required",
        ),
        ({"Version": "1.0"}, "$.SpeakerEnrollmentRequests", "is required"),
        (
            {
                "Version": "1.1",
                "SpeakerEnrollmentRequests": enrollment_file()["SpeakerEnrollmentRequests"],
            },
            "$.Version",
            "must match",
        ),
        (
            {"Version": "1.0", "SpeakerEnrollmentRequests": {"RequestId": "r"}},
            "$.SpeakerEnrollmentRequests",
            "must be a JSON array",
        ),
        (
            {"Version": "1.0", "SpeakerEnrollmentRequests": ["r1"]},
            "$.SpeakerEnrollmentRequests[0]",
            "must be a JSON object",
        ),
        (["not", "an", "object"], "$", "must be a JSON object"),
    ],
)
def test_a_bad_file_is_rejected_with_the_json_path(document: Any, path: str, rule: str) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        SpeakerEnrollmentManifest.from_json(json.dumps(document))

    assert caught.value.field == path
    assert rule in caught.value.rule


def test_an_error_inside_a_request_names_the_request_id() -> None:
    document = enrollment_file(AudioSpecifications=[{"S3Uri": "s3://bucket/a.wav", "ChannelId": 7}])

    with pytest.raises(InvalidParameterError) as caught:
        SpeakerEnrollmentManifest.from_json(json.dumps(document))

    assert "in request 'r1'" in str(caught.value)


def test_a_file_that_is_not_json_is_rejected_at_the_root() -> None:
    with pytest.raises(InvalidParameterError) as caught:
        FraudsterRegistrationManifest.from_json('{"Version": "1.0", ')

    assert caught.value.field == "$"
    assert "must be a JSON document" in caught.value.rule


@pytest.mark.parametrize("manifest", [SpeakerEnrollmentManifest, FraudsterRegistrationManifest])
@pytest.mark.parametrize("text", [None, 3, ["{}"], {"Version": "1.0"}])
def test_a_file_that_is_not_text_is_rejected_at_the_root(manifest: Any, text: object) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        manifest.from_json(text)

    assert caught.value.field == "$"
    assert caught.value.value is text
    assert "must be the file's text" in caught.value.rule


@pytest.mark.parametrize("text", ["[" * 100_000, b"\xff\xfe{}", ""])
def test_a_file_nested_too_deep_or_not_utf8_is_rejected_at_the_root(text: str | bytes) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        SpeakerEnrollmentManifest.from_json(text)

    assert caught.value.field == "$"
    assert "must be a JSON document" in caught.value.rule


def test_bytes_are_read_as_utf8() -> None:
    manifest = SpeakerEnrollmentManifest.from_json(DOCUMENTED_ENROLLMENT.encode())

    assert manifest.requests[0].request_id == "r1"


def test_a_file_with_10001_requests_is_rejected() -> None:
    document = {
        "Version": "1.0",
        "SpeakerEnrollmentRequests": [
            {
                "RequestId": f"r{i}",
                "SpeakerId": "s",
                "AudioSpecifications": [{"S3Uri": "s3://bucket/a.wav", "ChannelId": 0}],
            }
            for i in range(10_001)
        ],
    }

    with pytest.raises(InvalidParameterError) as caught:
        SpeakerEnrollmentManifest.from_json(json.dumps(document))

    assert caught.value.field == "$.SpeakerEnrollmentRequests"


# --- Round trips --------------------------------------------------------------------

audio_uris = st.builds(
    lambda bucket, key: f"s3://{bucket}/{key}.wav", buckets, st.text(ALNUM + "/_-", max_size=20)
)
audio_specs = st.builds(AudioSpecification, s3_uri=audio_uris, channel_id=st.integers(0, 1))
request_ids = st.text(min_size=1, max_size=20)


@given(
    st.lists(
        st.tuples(names, st.lists(audio_specs, min_size=1, max_size=10).map(tuple)),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_any_enrollment_manifest_the_rules_allow_round_trips(
    rows: list[Any], data: st.DataObject
) -> None:
    ids = data.draw(st.lists(request_ids, min_size=len(rows), max_size=len(rows), unique=True))
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=tuple(
            SpeakerEnrollmentRequest(
                request_id=request_id, speaker_id=speaker_id, audio_specifications=audio
            )
            for request_id, (speaker_id, audio) in zip(ids, rows, strict=True)
        )
    )

    assert SpeakerEnrollmentManifest.from_json(manifest.to_json()) == manifest


@given(
    st.lists(
        st.tuples(request_ids, st.lists(audio_specs, min_size=1, max_size=10).map(tuple)),
        min_size=1,
        max_size=30,
        unique_by=lambda row: row[0],
    )
)
def test_any_registration_manifest_the_rules_allow_round_trips(rows: list[Any]) -> None:
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=tuple(
            FraudsterRegistrationRequest(request_id=request_id, audio_specifications=audio)
            for request_id, audio in rows
        )
    )

    assert FraudsterRegistrationManifest.from_json(manifest.to_json()) == manifest


@pytest.mark.parametrize(
    "uri", ["s3://bucket/CALL.WAV", "s3://bucket/calls/1234", "s3://bucket/a.mp3", "s3://bucket/"]
)
def test_an_audio_uri_follows_the_s3_uri_rule_and_nothing_more(uri: str) -> None:
    assert AudioSpecification(s3_uri=uri, channel_id=0).s3_uri == uri
