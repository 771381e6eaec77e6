"""A batch job's output file: its models and its parsing.

The service writes one ``.out`` file per job (``job.output_file_uri``) that reports
each request of the manifest: a success entry or an error entry, by RequestId.
Parsing never fails on what a newer service may add (members, statuses); it fails,
with :class:`OutputFileError` naming the JSON path, only on a file that is not a JSON
object of lists of objects.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Generic, TypeVar, cast

import attrs

from ._converters import from_boto
from ._enums import EnrollmentStatus, RegistrationStatus
from ._errors import OutputFileError
from ._models import Masked
from ._validation import shape

__all__ = [
    "EnrollmentJobOutput",
    "RegistrationJobOutput",
    "RequestError",
    "SuccessfulEnrollment",
    "SuccessfulRegistration",
]

Success = TypeVar("Success", "SuccessfulEnrollment", "SuccessfulRegistration")
Output = TypeVar("Output", "EnrollmentJobOutput", "RegistrationJobOutput")


@attrs.frozen(kw_only=True)
class RequestError:
    """A request the job could not carry out."""

    request_id: str | None = None
    """The request's id in the manifest."""
    error_code: int | None = None
    """An HTTP-like code: 400 bad input or failed fraud check, 402 quota, 409 opted-out
    speaker, 500 internal error."""
    error_message: str | None = None
    """The service's description of the problem."""


@attrs.frozen(kw_only=True, repr=False)
class SuccessfulEnrollment(Masked):
    """A speaker the job enrolled (or skipped as already enrolled)."""

    request_id: str | None = None
    """The request's id in the manifest."""
    generated_speaker_id: str | None = None
    """The service's id for the speaker, ``id#`` and 22 characters."""
    customer_speaker_id: str | None = attrs.field(default=None, metadata=shape("ManifestSpeakerId"))
    """The SpeakerId the manifest gave. Sensitive: masked in repr."""
    enrollment_status: EnrollmentStatus | None = None
    """NEW_ENROLLMENT, ENROLLMENT_OVERWRITE or DUPLICATE_SKIPPED (or a newer status)."""


@attrs.frozen(kw_only=True)
class SuccessfulRegistration:
    """A fraudster the job registered (or skipped as a duplicate)."""

    request_id: str | None = None
    """The request's id in the manifest."""
    generated_fraudster_id: str | None = None
    """The service's id for the fraudster, ``id#`` and 22 characters."""
    registration_status: RegistrationStatus | None = None
    """NEW_REGISTRATION (also spelled NEW_FRAUDSTER) or DUPLICATE_SKIPPED (or a newer status)."""
    fraudster_similarity_score: int | None = None
    """For a duplicate, how similar it is to the fraudster already registered, 0-100."""


class _JobOutput(Generic[Success]):
    """Lookup by RequestId, shared by both outputs."""

    __slots__ = ()

    errors: tuple[RequestError, ...]

    @property
    def successes(self) -> tuple[Success, ...]:
        """The success entries, whatever the job's kind."""
        raise NotImplementedError

    def outcome(self, request_id: str) -> Success | RequestError | None:
        """The entry that reports on ``request_id``: a success, an error, or None if neither."""
        for entry in self.successes:
            if entry.request_id == request_id:
                return entry
        for error in self.errors:
            if error.request_id == request_id:
                return error
        return None


@attrs.frozen(kw_only=True)
class EnrollmentJobOutput(_JobOutput[SuccessfulEnrollment]):
    """The output file of a speaker enrollment job."""

    version: str | None = None
    """The file format's version, "1.0"."""
    errors: tuple[RequestError, ...] = ()
    """The requests that failed."""
    successful_enrollments: tuple[SuccessfulEnrollment, ...] = ()
    """The requests that succeeded."""

    @property
    def successes(self) -> tuple[SuccessfulEnrollment, ...]:
        """``successful_enrollments``."""
        return self.successful_enrollments

    @classmethod
    def from_json(cls, text: str | bytes) -> EnrollmentJobOutput:
        """Parse an enrollment job's output file.

        Raises:
            OutputFileError: the file is not JSON, or not of the documented shape.
        """
        return _parse(cls, text, "SuccessfulEnrollments", SuccessfulEnrollment)


@attrs.frozen(kw_only=True)
class RegistrationJobOutput(_JobOutput[SuccessfulRegistration]):
    """The output file of a fraudster registration job."""

    version: str | None = None
    """The file format's version, "1.0"."""
    errors: tuple[RequestError, ...] = ()
    """The requests that failed."""
    successful_registrations: tuple[SuccessfulRegistration, ...] = ()
    """The requests that succeeded."""

    @property
    def successes(self) -> tuple[SuccessfulRegistration, ...]:
        """``successful_registrations``."""
        return self.successful_registrations

    @classmethod
    def from_json(cls, text: str | bytes) -> RegistrationJobOutput:
        """Parse a registration job's output file.

        Raises:
            OutputFileError: the file is not JSON, or not of the documented shape.
        """
        return _parse(cls, text, "SuccessfulRegistrations", SuccessfulRegistration)


def _parse(cls: type[Output], text: str | bytes, successes: str, entry: type[Any]) -> Output:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        raise OutputFileError("$", f"is not a JSON document ({error})") from None
    if not isinstance(data, dict):
        raise OutputFileError("$", "must be a JSON object")
    document = cast("dict[str, object]", data)
    for key in ("Errors", successes):
        if not isinstance(document.get(key, []), list):
            raise OutputFileError(f"$.{key}", "must be a JSON array")
    try:
        return from_boto(document, cls)
    except (ValueError, TypeError, AttributeError) as error:
        raise _locate(document, successes, entry, error) from error


def _locate(
    document: Mapping[str, Any], successes: str, entry: type[Any], error: Exception
) -> OutputFileError:
    """The error for the first entry that does not parse.

    It is looked for only once parsing failed, so a good file is not walked twice.
    """
    for key, cls in (("Errors", RequestError), (successes, entry)):
        for index, item in enumerate(document.get(key, [])):
            if not isinstance(item, dict):
                return OutputFileError(f"$.{key}[{index}]", "must be a JSON object")
            try:
                from_boto(cast("dict[str, Any]", item), cls)
            except (ValueError, TypeError, AttributeError) as problem:
                return OutputFileError(
                    f"$.{key}[{index}]", f"has a value of the wrong type ({problem})"
                )
    return OutputFileError("$", f"has a value of the wrong type ({error})")
