"""Edges a hostile caller finds: each ends as the service would end it, never in a crash."""

from __future__ import annotations

import io
import json
import threading
import wave
from typing import Any

import boto3
import pytest
from test_fake import OUTPUT, ROLE, audio
from test_fake_engine import _manifest, _start

from voiceid_jobs import (
    InvalidParameterError,
    JobStatus,
    RegistrationConfig,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import FakeVoiceId, mock_voiceid

KEY = {"KmsKeyId": "alias/voiceid"}


def test_a_deleted_domains_client_tokens_go_with_it(fake_voiceid: FakeVoiceId) -> None:
    request = {"Name": "first", "ServerSideEncryptionConfiguration": KEY, "ClientToken": "t-1"}
    _, created = fake_voiceid.handle("CreateDomain", request)
    fake_voiceid.handle("DeleteDomain", {"DomainId": created["Domain"]["DomainId"]})

    status, again = fake_voiceid.handle("CreateDomain", {**request, "Name": "second"})

    assert status == 200  # no conflict with a token whose domain is gone
    assert again["Domain"]["Name"] == "second"


def test_a_fixed_domain_id_already_taken_is_refused(fake_voiceid: FakeVoiceId) -> None:
    fake_voiceid.create_domain("one", domain_id="a" * 22)

    with pytest.raises(InvalidParameterError) as caught:
        fake_voiceid.create_domain("two", domain_id="a" * 22)

    assert caught.value.field == "domain_id"


def test_one_mock_entered_twice_at_once_is_refused(fake_voiceid: FakeVoiceId) -> None:
    mock = mock_voiceid(s3_client=fake_voiceid.s3_client)

    with mock, pytest.raises(InvalidParameterError):
        mock.__enter__()


@pytest.mark.parametrize("params", [[1], None, {"Operation": "GetObject", "Code": ["x"]}])
def test_fail_next_over_http_of_any_json_is_a_json_error(
    fake_voiceid: FakeVoiceId, params: Any
) -> None:
    status, answer = fake_voiceid.handle("FakeVoiceIdFailNext", params)

    assert status == 400
    assert answer["__type"] in {"SerializationException", "ValidationException"}


def test_an_unknown_member_nested_deeper_than_the_model_is_ignored(
    fake_voiceid: FakeVoiceId,
) -> None:
    deep: dict[str, Any] = {}
    for _ in range(3000):
        deep = {"x": deep}

    status, _ = fake_voiceid.handle("ListDomains", {"Junk": deep})

    assert status == 200


def test_opting_out_a_new_speaker_beyond_the_quota_is_refused(
    fake_voiceid: FakeVoiceId,
) -> None:
    fake = FakeVoiceId(s3_client=fake_voiceid.s3_client, speakers_per_domain=1)
    domain = fake.create_domain("quota")
    fake.opt_out_speaker(domain, "first")

    status, answer = fake.handle("OptOutSpeaker", {"DomainId": domain, "SpeakerId": "second"})
    again, _ = fake.handle("OptOutSpeaker", {"DomainId": domain, "SpeakerId": "first"})

    assert (status, answer["__type"]) == (402, "ServiceQuotaExceededException")
    assert again == 200  # a speaker it holds already is no new one


def test_a_wav_with_an_odd_number_of_data_bytes_is_heard(fake_voiceid: FakeVoiceId) -> None:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(8000)
        writer.writeframes(b"\x01\x02" * 100)
    data = bytearray(buffer.getvalue())
    data += b"\x07"  # one byte more than whole samples
    data[40:44] = (len(data) - 44).to_bytes(4, "little")  # the data chunk says so
    fake_voiceid.s3_client.create_bucket(Bucket="odd")
    fake_voiceid.s3_client.put_object(Bucket="odd", Key="odd.wav", Body=bytes(data))

    voice = fake_voiceid.voice_of("s3://odd/odd.wav")

    assert len(voice) == 32


def test_a_registration_into_a_watchlist_deleted_while_it_ran_is_an_error_entry(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    from voiceid_jobs import FraudsterRegistrationManifest, FraudsterRegistrationRequest

    watchlist = fake_voiceid.create_watchlist(domain, "short-lived")
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=(
            FraudsterRegistrationRequest(
                request_id="f1", audio_specifications=(audio(fake_voiceid, "eve"),)
            ),
        )
    )
    job = fake_voiceid_jobs.start_fraudster_registration_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=fake_voiceid_jobs.upload_manifest(manifest, "s3://manifests/r.json"),
        output_data_config=OUTPUT,
        registration_config=RegistrationConfig(watchlist_ids=(watchlist,)),
    )
    fake_voiceid.handle("DeleteWatchlist", {"DomainId": domain, "WatchlistId": watchlist})

    ended = fake_voiceid_jobs.wait_for_job(job)
    output = fake_voiceid_jobs.read_job_output(ended)

    assert ended.job_status is JobStatus.COMPLETED_WITH_ERRORS
    assert [(entry.request_id, entry.error_code) for entry in output.errors] == [("f1", 400)]
    _, listed = fake_voiceid.handle("ListFraudsters", {"DomainId": domain})
    assert listed["FraudsterSummaries"] == []


@pytest.mark.parametrize("code", ["RequestTimeout", "TooManyRequests"])
def test_s3s_busy_4xx_answers_are_tried_again(
    fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient, domain: str, code: str
) -> None:
    from botocore.awsrequest import AWSResponse

    job = _start(fake_voiceid_jobs, domain, _manifest(fake_voiceid, 1))
    answered: list[str] = []

    def busy_once(model: Any, **_: Any) -> Any:
        if model.name != "GetObject" or len(answered) >= 2:
            return None
        answered.append(model.name)
        if len(answered) == 1:  # the manifest
            return None
        parsed = {
            "Error": {"Code": code, "Message": "busy"},
            "ResponseMetadata": {"HTTPStatusCode": 400, "HTTPHeaders": {}},
        }
        return AWSResponse(None, 400, {}, None), parsed  # type: ignore[arg-type]

    fake_voiceid.s3_client.meta.events.register("before-call.s3", busy_once)
    try:
        ended = fake_voiceid_jobs.wait_for_job(job)
    finally:
        fake_voiceid.s3_client.meta.events.unregister("before-call.s3", busy_once)

    assert len(answered) == 2  # the audio's first read was answered busy
    assert ended.job_status is JobStatus.COMPLETED


def test_a_body_shorter_than_its_content_length_is_refused_over_http() -> None:
    from test_server_hardening import json_error, local_endpoint, request

    with local_endpoint(request_seconds=5) as endpoint:
        body = json.dumps({"Name": "x", "ServerSideEncryptionConfiguration": KEY}).encode()
        head = (
            "POST / HTTP/1.1\nHost: 127.0.0.1\nX-Amz-Target: VoiceID.CreateDomain\n"
            f"Content-Length: {len(body) + 40}"
        )
        import socket

        from test_server_hardening import connect, until_closed

        with connect(endpoint.server) as sock:
            sock.sendall(request(head, body))
            sock.shutdown(socket.SHUT_WR)
            answer = until_closed(sock)
        domains = endpoint.fake.handle("ListDomains", {})[1]["DomainSummaries"]

    assert domains == []
    if answer:  # answered, not served
        status, error = json_error(answer)
        assert status == 400
        assert error["__type"] == "SerializationException"


def test_a_utf16_body_is_refused_over_http() -> None:
    from test_server_hardening import exchange, json_error, local_endpoint, request

    with local_endpoint() as endpoint:
        body = json.dumps({"Name": "x", "ServerSideEncryptionConfiguration": KEY}).encode("utf-16")
        head = (
            "POST / HTTP/1.1\nHost: 127.0.0.1\nX-Amz-Target: VoiceID.CreateDomain\n"
            f"Content-Length: {len(body)}"
        )
        status, error = json_error(exchange(endpoint.server, request(head, body)))

    assert status == 400
    assert error["__type"] == "SerializationException"


def test_voiceid_clients_made_in_threads_of_one_mock_share_its_fake(
    fake_voiceid: FakeVoiceId,
) -> None:
    def create(name: str) -> None:
        client = boto3.Session().client("voice-id", region_name="us-east-1")
        client.create_domain(Name=name, ServerSideEncryptionConfiguration=KEY)

    with mock_voiceid(s3_client=fake_voiceid.s3_client) as fake:
        threads = [threading.Thread(target=create, args=(f"t{n}",)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        listed = fake.handle("ListDomains", {})[1]["DomainSummaries"]
        assert sorted(domain["Name"] for domain in listed) == ["t0", "t1", "t2", "t3"]
