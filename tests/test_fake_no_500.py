"""Whatever a caller sends, the fake answers as a service does: never a 500, never a crash."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from test_fake_requests import bodies, operations

from voiceid_jobs.testing import FakeVoiceId

_DOMAIN_ID = "Fak3D0ma1n000000000001"
"""The domain the fake below holds, which some requests name."""


@pytest.fixture(scope="module")
def holding() -> Any:
    """A fake with a domain and a watchlist, on moto's S3, for the whole module."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        fake = FakeVoiceId(s3_client=boto3.client("s3", region_name="us-east-1"), seed=1)
        fake.create_domain("requests", domain_id=_DOMAIN_ID)
        yield fake


def _naming_the_domain(body: object, use_it: bool) -> object:
    """The body, naming the fake's domain when it names one and ``use_it`` says so."""
    if use_it and isinstance(body, dict) and "DomainId" in body:
        return {**body, "DomainId": _DOMAIN_ID}
    return body


@given(
    request=operations.flatmap(
        lambda operation: st.tuples(st.just(operation), bodies(operation), st.booleans())
    )
)
def test_any_body_to_any_operation_is_answered_without_a_500(
    holding: FakeVoiceId, request: tuple[str, object, bool]
) -> None:
    operation, body, use_domain = request
    params: Any = _naming_the_domain(body, use_domain)

    status, answer = holding.handle(operation, params)

    event(f"{status}")
    assert status < 500
    if status >= 400:
        assert isinstance(answer["__type"], str)
        assert answer["message"] == answer["Message"]


# --- Over HTTP -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def over_http() -> Any:
    """The local endpoint in this process, on 127.0.0.1, for the whole module."""
    from test_server_hardening import local_endpoint

    with local_endpoint() as endpoint:
        endpoint.fake.create_domain("requests", domain_id=_DOMAIN_ID)
        yield endpoint


_HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Content-Length": st.one_of(
            st.integers(min_value=-5, max_value=10**6).map(str),
            st.text(max_size=8),
            st.sampled_from(["²", "1e3", " 12", "0x10", "99999999999999999999999"]),
        ),
        "Transfer-Encoding": st.sampled_from(["chunked", "gzip", "chunked, chunked", "", "x"]),
        "Content-Type": st.sampled_from(["application/x-amz-json-1.0", "text/html", "\u00e9"]),
    },
)
"""Headers a client may get wrong: the framing of the body, and its type."""


def _encoded(body: object) -> bytes:
    """A body as JSON; one with a number too long for ``json.dumps`` as such a number."""
    try:
        return json.dumps(body).encode()
    except ValueError:  # over Python's 4,300 digits: send one, written out by hand
        return b'{"MaxResults": ' + b"9" * 4400 + b"}"


def _send(endpoint: Any, target: str, body: bytes, headers: dict[str, str]) -> bytes:
    from test_server_hardening import connect, until_closed

    lines = ["POST / HTTP/1.1", "Host: 127.0.0.1", f"X-Amz-Target: {target}"]
    if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
        headers = {**headers, "Content-Length": str(len(body))}
    lines += [f"{name}: {value}" for name, value in headers.items()]
    head = "\r\n".join(lines).encode("utf-8", "surrogatepass") + b"\r\n\r\n"
    with connect(endpoint.server) as sock:
        sock.sendall(head + body)
        sock.shutdown(socket.SHUT_WR)  # all is sent: a body shorter than it says ends here
        return until_closed(sock)


@given(
    request=operations.flatmap(
        lambda operation: st.tuples(
            st.one_of(st.just(f"VoiceID.{operation}"), st.text(max_size=30)),
            st.one_of(
                bodies(operation).map(_encoded),
                st.binary(max_size=200),
            ),
            _HEADERS,
        )
    )
)
def test_any_request_over_http_is_answered_in_json_without_a_500(
    over_http: Any, request: tuple[str, bytes, dict[str, str]]
) -> None:
    from test_server_hardening import parsed

    target, body, headers = request
    if any(ord(character) < 32 or ord(character) > 126 for character in target):
        target = target.encode("unicode_escape").decode("ascii")  # a header line stays one line

    answer = _send(over_http, target, body, headers)

    if not answer:  # a body shorter than its Content-Length: closed at the deadline, unanswered
        event("closed unanswered")
        return
    status, answer_headers, raw = parsed(answer)
    event(f"{status}")
    assert status < 500
    if status >= 400:
        assert answer_headers["content-type"] == "application/x-amz-json-1.0"
        assert isinstance(json.loads(raw)["__type"], str)
