"""Misbehaving on request: injected errors, throttling, and S3's answers to the fake's calls.

All of it is state the fake keeps under its lock; none of it does any I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from botocore.awsrequest import AWSResponse

from voiceid_jobs._errors import InvalidParameterError

from ._answers import ERROR_MEMBERS, ERROR_STATUS, Refusal
from ._knobs import rate_of
from ._requests import service_model

__all__ = ["MAX_INJECTED", "S3_FAULTS", "S3_FAULTS_FOR", "Faults", "documented_errors"]

S3_FAULTS_FOR = ("PutObject", "GetObject")
"""The S3 operations ``fail_next`` can fail."""

MAX_INJECTED = 1000
"""The most failures ``fail_next`` queues for one operation at a time."""

S3_FAULTS: dict[str, int] = {
    "NoSuchKey": 404,
    "NoSuchBucket": 404,
    "AccessDenied": 403,
    "SlowDown": 503,
    "InternalError": 500,
}
"""The S3 errors ``fail_next`` can answer PutObject and GetObject with, and their statuses."""

EXPECTED_BUCKET_OWNER = "x-amz-expected-bucket-owner"
"""The header S3's ExpectedBucketOwner parameter is sent as."""


@functools.cache
def documented_errors(operation: str) -> frozenset[str]:
    """The errors botocore's service model of voice-id documents for ``operation``."""
    return frozenset(
        shape.name for shape in service_model().operation_model(operation).error_shapes
    )


def _check_times(times: object, queued: int) -> int:
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise InvalidParameterError("times", times, "must be an integer, at least 1")
    if queued + times > MAX_INJECTED:
        raise InvalidParameterError(
            "times", times, f"must keep at most {MAX_INJECTED} failures queued for an operation"
        )
    return times


class Faults:
    """The failures queued by ``fail_next``, and the throttle of ``requests_per_second``."""

    def __init__(
        self,
        *,
        served: Iterable[str],
        rate: float | None,
        now: Callable[[], float],
        account: str,
    ) -> None:
        rate = rate_of(rate)
        self._served = frozenset(served)
        self._queued: dict[str, list[str]] = {}
        self._rate = rate
        self._allowance = 0.0 if rate is None else max(1.0, rate)
        self._now = now
        self._last_refill = now()
        self._account = account

    def queue(self, operation: object, code: object, times: object) -> None:
        """Queue ``times`` failures of ``operation`` (under the fake's lock); see fail_next.

        Nothing is kept of a refused call.
        """
        if not isinstance(code, str):
            raise InvalidParameterError("code", code, "must be an error code (a string)")
        if operation in S3_FAULTS_FOR:
            if code not in S3_FAULTS:
                raise InvalidParameterError(
                    "code", code, "must be one of S3's " + ", ".join(S3_FAULTS)
                )
        elif not isinstance(operation, str) or operation not in self._served:
            served = ", ".join(sorted({*self._served, *S3_FAULTS_FOR}))
            raise InvalidParameterError("operation", operation, "must be one of " + served)
        elif code not in documented_errors(operation):
            documented = ", ".join(sorted(documented_errors(operation)))
            raise InvalidParameterError(
                "code", code, f"must be an error {operation} documents: {documented}"
            )
        assert isinstance(operation, str)  # noqa: S101 - checked above
        assert isinstance(code, str)  # noqa: S101 - checked above
        queued = self._queued.get(operation, [])
        self._queued[operation] = [*queued, *[code] * _check_times(times, len(queued))]

    def take(self, operation: str) -> str | None:
        """The next failure queued for ``operation``, if any (under the fake's lock)."""
        queued = self._queued.get(operation)
        if not queued:
            return None
        code = queued.pop(0)
        if not queued:
            del self._queued[operation]
        return code

    def refuse_if_queued(self, operation: str) -> None:
        """Raise the next failure queued for a Voice ID operation, if any."""
        code = self.take(operation)
        if code is not None:
            message = f"{code} injected by FakeVoiceId.fail_next for {operation}"
            raise Refusal(ERROR_STATUS[code], code, message, **ERROR_MEMBERS.get(code, {}))

    def throttle(self, operation: str) -> None:
        """Throttle above ``requests_per_second``, on the fake's clock (a token bucket)."""
        if self._rate is None:
            return
        now = self._now()
        capacity = max(1.0, self._rate)
        self._allowance = min(capacity, self._allowance + (now - self._last_refill) * self._rate)
        self._last_refill = now
        if self._allowance < 1:
            message = f"Rate exceeded: {operation} above {self._rate:g} requests a second"
            raise Refusal(429, "ThrottlingException", message)
        self._allowance -= 1

    def s3_answer(self, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
        """S3's error for a call of the fake's S3 client, or None to let it through.

        An injected failure of the operation, or AccessDenied for an ExpectedBucketOwner
        that is not the fake's account (what S3 answers a bucket owned by another).
        """
        code = self.take(operation) if operation in S3_FAULTS_FOR else None
        if code is not None:
            message = f"{code} injected by FakeVoiceId.fail_next for {operation}"
        else:
            headers: dict[str, str] = params.get("headers") or {}
            owner = headers.get(EXPECTED_BUCKET_OWNER)
            if owner is None or owner == self._account:
                return None
            code, message = "AccessDenied", "Access Denied (ExpectedBucketOwner does not own it)"
        return {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": S3_FAULTS[code], "HTTPHeaders": {}},
        }


def s3_error_response(parsed: dict[str, Any]) -> tuple[AWSResponse, dict[str, Any]]:
    """What a botocore ``before-call`` handler returns to answer a call without sending it."""
    status = parsed["ResponseMetadata"]["HTTPStatusCode"]
    return AWSResponse(None, status, {}, None), parsed  # type: ignore[arg-type]
