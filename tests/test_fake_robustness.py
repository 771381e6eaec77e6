"""Nothing a model-valid request carries breaks the fake: it keeps answering.

Hypothesis sends Start requests that botocore's model accepts (any S3 URIs the model's
pattern allows, existing or not, with or without a path; any configuration; domains and
watchlists that exist or not) pointing at manifests and audio of every sort: valid,
malformed, of the wrong types, with unknown members, empty, not JSON, not WAV. Every
answer must be a 200 or an error botocore's model documents for the operation, every
job must end, and the fake must go on answering a plain call afterwards.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.validate import ParamValidator
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from voiceid_jobs import EnrollmentJobOutput, RegistrationJobOutput, VoiceIdJobsClient
from voiceid_jobs.testing import FakeVoiceId, make_wav

MODEL = botocore.session.get_session().get_service_model("voice-id")
DOMAIN = "abcdefghijklmnopqrstuv"
WATCHLIST_NAME = "known-fraudsters"
EXISTING = "existingwatchlist00000"
"""Stands for the id of the watchlist each example makes (ids are made by the fake)."""
BUCKETS = ("audio", "manifests", "results")
ENDED = {"COMPLETED", "COMPLETED_WITH_ERRORS", "FAILED"}
ALNUM = string.ascii_letters + string.digits

# --- S3 URIs as the model's pattern allows them: ^s3://[a-z0-9][.\-a-z0-9]{1,61}[a-z0-9](/.*)?$

buckets = st.sampled_from(BUCKETS) | st.from_regex(
    r"[a-z0-9][a-z0-9.\-]{1,8}[a-z0-9]", fullmatch=True
)
keys = st.text(ALNUM + "/._- ", max_size=24) | st.sampled_from(["", "/", "dir/", "a//b"])
any_uris = st.builds(
    lambda bucket, key: f"s3://{bucket}" if key is None else f"s3://{bucket}/{key}",
    buckets,
    st.none() | keys,
)

# --- What the objects in S3 hold --------------------------------------------------------

wavs = st.builds(
    lambda voice, seconds, rate, width, channels: make_wav(
        voice, seconds=seconds, sample_rate=rate, sample_width=width, channels=channels
    ),
    st.sampled_from(["alice", "bob", "mallory"]),
    st.sampled_from([0.0, 0.01, 1.0]),
    st.sampled_from([8000, 16000]),
    st.sampled_from([1, 2]),
    st.sampled_from([1, 2, 3]),
)
audio_bodies = wavs | st.binary(max_size=64) | st.just(b"RIFF\x00\x00\x00\x00WAVEfmt ")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def member(valid: st.SearchStrategy[Any], sloppy: bool) -> st.SearchStrategy[Any]:
    """A manifest member: valid, or in a sloppy document sometimes any JSON at all."""
    return st.one_of(valid, valid, json_values) if sloppy else valid


audio_uris = st.sampled_from(["s3://audio/a.wav", "s3://audio/b.wav"]) | any_uris
identifiers = st.text(ALNUM + "-_", min_size=1, max_size=12)


def extra(sloppy: bool) -> dict[str, st.SearchStrategy[Any]]:
    """A member the schema does not have, in a sloppy document."""
    return {"Surprise": json_values} if sloppy else {}


def documents(requests_key: str, sloppy: bool) -> st.SearchStrategy[dict[str, Any]]:
    specs = st.fixed_dictionaries(
        {"S3Uri": member(audio_uris, sloppy), "ChannelId": member(st.integers(-1, 2), sloppy)},
        optional=extra(sloppy),
    )
    request = {
        "RequestId": member(identifiers, sloppy),
        "AudioSpecifications": member(st.lists(specs, min_size=1, max_size=2), sloppy),
    }
    if requests_key == "SpeakerEnrollmentRequests":
        request["SpeakerId"] = member(identifiers, sloppy)
    requests = st.fixed_dictionaries(request, optional=extra(sloppy))
    return st.fixed_dictionaries(
        {
            "Version": member(st.just("1.0"), sloppy),
            requests_key: member(st.lists(requests, min_size=1, max_size=4), sloppy),
        },
        optional=extra(sloppy),
    )


def manifests(requests_key: str) -> st.SearchStrategy[bytes]:
    """A manifest's bytes: of the schema's shape, sloppy, any JSON, or not JSON."""
    as_json = st.one_of(
        documents(requests_key, sloppy=False),
        documents(requests_key, sloppy=False),
        documents(requests_key, sloppy=True),
        json_values,
    ).map(json.dumps)
    return as_json.map(str.encode) | st.binary(max_size=32)


# --- Start requests that botocore's model accepts ---------------------------------------

domains = st.sampled_from([DOMAIN, DOMAIN, DOMAIN, "zzzzzzzzzzzzzzzzzzzzzz"])
watchlist_ids = st.lists(
    st.sampled_from([EXISTING, EXISTING, "wwwwwwwwwwwwwwwwwwwwww"]), min_size=1, max_size=1
)
thresholds = st.integers(0, 100)
common = {
    "DomainId": domains,
    "DataAccessRoleArn": st.just("arn:aws:iam::123456789012:role/VoiceIdBatch"),
    "InputDataConfig": st.fixed_dictionaries(
        {"S3Uri": st.just("s3://manifests/m.json") | any_uris}
    ),
    "OutputDataConfig": st.fixed_dictionaries(
        {"S3Uri": st.just("s3://results/out") | any_uris},
        optional={"KmsKeyId": st.text(ALNUM + "/-:", min_size=1, max_size=20)},
    ),
}
optional_common = {
    "JobName": st.from_regex(r"[a-zA-Z0-9][a-zA-Z0-9_-]{0,20}", fullmatch=True),
    "ClientToken": st.from_regex(r"[a-zA-Z0-9_-]{1,20}", fullmatch=True),
}
enrollment_starts = st.fixed_dictionaries(
    common,
    optional={
        **optional_common,
        "EnrollmentConfig": st.fixed_dictionaries(
            {},
            optional={
                "ExistingEnrollmentAction": st.sampled_from(["SKIP", "OVERWRITE"]),
                "FraudDetectionConfig": st.fixed_dictionaries(
                    {},
                    optional={
                        "FraudDetectionAction": st.sampled_from(["IGNORE", "FAIL"]),
                        "RiskThreshold": thresholds,
                        "WatchlistIds": watchlist_ids,
                    },
                ),
            },
        ),
    },
)
registration_starts = st.fixed_dictionaries(
    common,
    optional={
        **optional_common,
        "RegistrationConfig": st.fixed_dictionaries(
            {},
            optional={
                "DuplicateRegistrationAction": st.sampled_from(["SKIP", "REGISTER_AS_NEW"]),
                "FraudsterSimilarityThreshold": thresholds,
                "WatchlistIds": watchlist_ids,
            },
        ),
    },
)

REQUESTS = {
    "SpeakerEnrollment": "SpeakerEnrollmentRequests",
    "FraudsterRegistration": "FraudsterRegistrationRequests",
}
DESCRIBE = {
    "SpeakerEnrollment": "describe_speaker_enrollment_job",
    "FraudsterRegistration": "describe_fraudster_registration_job",
}
KINDS = {
    "SpeakerEnrollment": (
        enrollment_starts,
        manifests("SpeakerEnrollmentRequests"),
        EnrollmentJobOutput,
    ),
    "FraudsterRegistration": (
        registration_starts,
        manifests("FraudsterRegistrationRequests"),
        RegistrationJobOutput,
    ),
}


def answered_as_documented(operation: str, answer: tuple[int, dict[str, Any]]) -> None:
    """A 200, or an error the operation documents, with its documented HTTP status."""
    status, body = answer
    if status == 200:
        return
    documented = {shape.name: shape for shape in MODEL.operation_model(operation).error_shapes}
    assert body["__type"] in documented, (operation, status, body)
    assert 400 <= status <= 599, (status, body)
    assert isinstance(body["message"], str)


def put(fake: FakeVoiceId, uri: str, body: bytes) -> None:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if bucket in BUCKETS and key:
        fake.s3_client.put_object(Bucket=bucket, Key=key, Body=body)


@pytest.fixture(scope="module")
def world() -> Iterator[Any]:
    """moto's S3, once for the module (each example empties its buckets)."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        for bucket in BUCKETS:
            s3.create_bucket(Bucket=bucket)
        yield s3


def empty_buckets(s3: Any) -> Any:
    for bucket in BUCKETS:
        for item in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=item["Key"])
    return s3


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)
@given(
    kind=st.sampled_from(sorted(KINDS)),
    data=st.data(),
    audio=st.lists(st.tuples(audio_uris, audio_bodies), max_size=4),
)
def test_a_model_valid_start_never_breaks_the_fake(
    world: Any, kind: str, data: st.DataObject, audio: list[tuple[str, bytes]]
) -> None:
    starts, manifest_bodies, output_type = KINDS[kind]
    params = data.draw(starts, label="start")
    operation = MODEL.operation_model(f"Start{kind}Job")
    report = ParamValidator().validate(params, operation.input_shape)
    assert not report.has_errors(), report.generate_report()
    s3 = empty_buckets(world)
    fake = FakeVoiceId(s3_client=s3)
    fake.create_domain("robust", domain_id=DOMAIN)
    watchlist = fake.create_watchlist(DOMAIN, WATCHLIST_NAME)
    config = params.get("EnrollmentConfig", {}).get("FraudDetectionConfig") or params.get(
        "RegistrationConfig", {}
    )
    if config.get("WatchlistIds") == [EXISTING]:
        config["WatchlistIds"] = [watchlist]
    for uri, body in audio:
        put(fake, uri, body)
    manifest = data.draw(manifest_bodies, label="manifest")
    put(fake, params["InputDataConfig"]["S3Uri"], manifest)  # last: no audio overwrites it
    voiceid = boto3.client("voice-id", region_name="us-east-1")
    fake.attach(voiceid)

    started = fake.handle(f"Start{kind}Job", params)
    answered_as_documented(f"Start{kind}Job", started)
    event(f"Start: {started[1].get('__type', started[0])}")
    if started[0] == 200:
        job = started[1]["Job"]
        address = {"DomainId": job["DomainId"], "JobId": job["JobId"]}
        for _ in range(12):
            fake.advance(60)
            described = fake.handle(f"Describe{kind}Job", address)
            answered_as_documented(f"Describe{kind}Job", described)
            if described[1]["Job"]["JobStatus"] in ENDED:
                break
        assert described[1]["Job"]["JobStatus"] in ENDED, described
        event(f"job: {described[1]['Job']['JobStatus']}")
        if described[1]["Job"]["JobStatus"] != "FAILED":  # its output file is ours to read
            jobs = VoiceIdJobsClient(voiceid, s3_client=s3, sleep=fake.advance, clock=fake.now)
            describe = getattr(jobs, DESCRIBE[kind])
            output = jobs.read_job_output(describe(domain_id=DOMAIN, job_id=job["JobId"]))
            assert isinstance(output, output_type)
            requests = json.loads(manifest)[REQUESTS[kind]]  # a job that ran read it
            assert len(output.successes) + len(output.errors) == len(requests)  # each answered

    listed = voiceid.list_speakers(DomainId=DOMAIN)  # a real client: still answered
    assert listed["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert fake.handle("DescribeDomain", {"DomainId": DOMAIN})[0] == 200
