"""The service's JSON protocol, for the fake's answers in process and over HTTP.

In process, a handler registered on ``before-send.voice-id`` receives the fully
serialized request; what it returns is parsed by botocore exactly like a response off
the wire. Over HTTP, :func:`http_answer` gives the headers and bytes a server sends.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Generator, Iterator, Mapping
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders

__all__ = [
    "CONTENT_TYPE",
    "Answer",
    "aio_json_response",
    "answer",
    "encode",
    "error_body",
    "error_response",
    "error_type",
    "http_answer",
    "json_response",
    "operation_of",
    "params_of",
]

CONTENT_TYPE = "application/x-amz-json-1.0"
"""The content type of the service's JSON protocol."""


class _Body:
    """The little of urllib3's response that botocore reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


def json_response(
    request: AWSPreparedRequest, body: Mapping[str, Any], status: int = 200
) -> AWSResponse:
    """A JSON-protocol response to ``request``, with a request id."""
    headers, data = _encoded(body, status)
    return AWSResponse(request.url, status, headers, _Body(data))


def http_answer(body: Mapping[str, Any], status: int) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and bytes of a JSON-protocol answer, for an HTTP server to send."""
    headers, data = _encoded(body, status)
    return list(headers.items()), data


def _encoded(body: Mapping[str, Any], status: int) -> tuple[HTTPHeaders, bytes]:
    """The headers and bytes of a JSON-protocol answer."""
    data = encode(body)
    headers = HTTPHeaders()
    headers["Content-Type"] = CONTENT_TYPE
    headers["Content-Length"] = str(len(data))
    headers["x-amzn-RequestId"] = str(uuid.uuid4())
    kind = error_type(status, body)
    if kind is not None:
        headers["X-Amzn-ErrorType"] = kind
    return headers, data


class _AsyncBody:
    """The little of aiohttp's response that aiobotocore reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    async def read(self) -> bytes:
        return self._data


def aio_json_response(
    request: AWSPreparedRequest, body: Mapping[str, Any], status: int = 200
) -> Any:
    """As :func:`json_response`, for an aiobotocore client (its body is read with await)."""
    from aiobotocore.awsrequest import AioAWSResponse  # the optional aio extra

    headers, data = _encoded(body, status)
    return AioAWSResponse(request.url, status, headers, _AsyncBody(data))


class Answer(AWSResponse):
    """A response that a botocore client reads as it is and an aiobotocore client awaits.

    aiobotocore awaits what an event handler returns when it can be awaited (its
    handlers may be coroutines); awaiting this gives aiobotocore's own response, with
    the same status, headers and body. So one handler answers both kinds of client
    without knowing which one sent the request.
    """

    def __init__(self, url: str, status: int, headers: HTTPHeaders, data: bytes) -> None:
        super().__init__(url, status, headers, _Body(data))
        self._answered = headers, data

    def __await__(self) -> Generator[Any, None, Any]:
        return self._for_aiobotocore().__await__()

    async def _for_aiobotocore(self) -> Any:
        from aiobotocore.awsrequest import AioAWSResponse  # the optional aio extra

        headers, data = self._answered
        return AioAWSResponse(self.url, self.status_code, headers, _AsyncBody(data))


def answer(request: AWSPreparedRequest, body: Mapping[str, Any], status: int = 200) -> Answer:
    """A JSON-protocol response to ``request`` for a botocore or an aiobotocore client."""
    headers, data = _encoded(body, status)
    return Answer(request.url, status, headers, data)


def error_type(status: int, body: Mapping[str, Any]) -> str | None:
    """The ``X-Amzn-ErrorType`` header of an error answer (the JSON protocol's ``__type``)."""
    kind = body.get("__type")
    return kind if status >= 400 and isinstance(kind, str) else None  # noqa: PLR2004


def encode(body: Mapping[str, Any]) -> bytes:
    """A JSON-protocol body, timestamps as epoch seconds."""
    return json.dumps(body, default=_timestamps).encode()


def error_response(
    request: AWSPreparedRequest, status: int, code: str, message: str, **members: Any
) -> AWSResponse:
    """An error in the service's JSON error format (see :func:`error_body`)."""
    return json_response(request, error_body(code, message, **members), status)


def error_body(code: str, message: str, **members: Any) -> dict[str, Any]:
    """The body of an error in the service's JSON error format.

    It has ``__type``, the message (as both ``message`` and the modeled ``Message``)
    and the members.
    """
    return {"__type": code, "message": message, "Message": message, **members}


def operation_of(request: AWSPreparedRequest) -> str:
    """The operation a serialized request calls, e.g. ``StartSpeakerEnrollmentJob``."""
    target = request.headers.get("X-Amz-Target", b"")
    text = target.decode() if isinstance(target, bytes) else str(target)
    return text.rpartition(".")[2]


def params_of(request: AWSPreparedRequest) -> dict[str, Any]:
    """The JSON parameters of a serialized request."""
    body = request.body
    if not body:
        return {}
    if isinstance(body, (bytes, bytearray)):
        body = body.decode()
    result: dict[str, Any] = json.loads(str(body))
    return result


def _timestamps(value: object) -> object:
    timestamp = getattr(value, "timestamp", None)
    if callable(timestamp):
        return timestamp()
    msg = f"cannot put {type(value).__name__} in a response"
    raise TypeError(msg)
