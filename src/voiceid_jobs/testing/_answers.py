"""The fake's error answers: the service's JSON errors, with their statuses and members."""

from __future__ import annotations

from typing import Any

from voiceid_jobs._converters import member_name
from voiceid_jobs._errors import InvalidParameterError

__all__ = ["ERROR_MEMBERS", "ERROR_STATUS", "Refusal", "invalid", "not_found"]

ERROR_STATUS: dict[str, int] = {
    "ValidationException": 400,
    "ServiceQuotaExceededException": 402,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ConflictException": 409,
    "ThrottlingException": 429,
    "InternalServerException": 500,
}
"""The errors the operations document, with their HTTP statuses (the AWS SDK's Smithy
model of voice-id)."""

ERROR_MEMBERS: dict[str, dict[str, str]] = {
    "ResourceNotFoundException": {"ResourceType": "BATCH_JOB"},
    "ConflictException": {"ConflictType": "CONCURRENT_CHANGES"},
}
"""The modeled members an injected error carries (an assumption: any documented value)."""


class Refusal(Exception):  # noqa: N818 - an answer, not a failure of the fake
    """An error answer: HTTP status, error code, message and modeled members."""

    def __init__(self, status: int, code: str, message: str, **members: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.members = status, code, message, members

    def body(self) -> dict[str, Any]:
        """The JSON error body.

        The message is both ``message`` (what the JSON protocol's services send) and
        ``Message`` (the member the model declares).
        """
        return {
            "__type": self.code,
            "message": self.message,
            "Message": self.message,
            **self.members,
        }


def invalid(error: InvalidParameterError) -> Refusal:
    """A ValidationException that names the member as AWS services do (``riskThreshold``).

    The wording follows the usual AWS JSON services' message; Voice ID's own is not
    documented.
    """
    segments: list[str] = []
    for segment in error.field.split("."):
        name, bracket, index = segment.partition("[")
        wire = member_name(name)
        segments.append(wire[:1].lower() + wire[1:] + bracket + index)
    path = ".".join(segments)
    message = (
        f"1 validation error detected: Value {error.shown} at '{path}' failed to satisfy"
        f" constraint: Member {error.rule}"
    )
    return Refusal(400, "ValidationException", message)


def not_found(kind: str, what: str) -> Refusal:
    """A ResourceNotFoundException for a resource of the ResourceType ``kind``."""
    return Refusal(404, "ResourceNotFoundException", f"{what} was not found", ResourceType=kind)


def conflict(message: str, conflict_type: str) -> Refusal:
    """A ConflictException of the ConflictType ``conflict_type``."""
    return Refusal(409, "ConflictException", message, ConflictType=conflict_type)
