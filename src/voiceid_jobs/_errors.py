"""The errors voiceid_jobs raises, all under one root.

::

    VoiceIdJobsError
    ├── InvalidParameterError (also ValueError)   rejected before sending: .field, .value, .rule
    ├── ServiceError        .code .message .http_status .request_id .operation .retryable
    │   ├── ServiceQuotaExceededError
    │   ├── ResourceNotFoundError    .resource_type
    │   ├── ValidationError
    │   ├── ConflictError            .conflict_type
    │   ├── InternalServerError      (retryable)
    │   ├── ThrottlingError          (retryable)
    │   ├── AccessDeniedError
    │   └── MalformedResponseError   a response the client cannot read: .problem
    ├── EndpointError       connection and timeout failures (retryable); chained
    ├── JobFailedError      .job
    ├── WaitTimeoutError    .last_job .timeout (also TimeoutError)
    └── OutputFileError     an output file that does not parse: .path .problem .uri (ValueError)

Every attribute is set by ``__init__``, and every error survives ``pickle`` with its
attributes (errors cross process boundaries in worker pools). ``JobFailedError`` and
``WaitTimeoutError`` hold a job: they name the job models for type checkers only, so
this module imports nothing of the package and everything may import it.

:func:`map_botocore_error` is the one place an exception raised by botocore becomes
one of ours; :func:`map_configuration_error` does the same for the configuration
errors botocore raises while a client is made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from botocore import exceptions as botocore_errors

if TYPE_CHECKING:  # the models load with the first call that makes one, not with a client
    from ._models import (
        FraudsterRegistrationJob,
        FraudsterRegistrationJobSummary,
        SpeakerEnrollmentJob,
        SpeakerEnrollmentJobSummary,
    )

__all__ = [
    "SERVICE_ERRORS",
    "AccessDeniedError",
    "ConflictError",
    "EndpointError",
    "InternalServerError",
    "InvalidParameterError",
    "JobFailedError",
    "MalformedResponseError",
    "OutputFileError",
    "ResourceNotFoundError",
    "ServiceError",
    "ServiceQuotaExceededError",
    "ThrottlingError",
    "ValidationError",
    "VoiceIdJobsError",
    "WaitTimeoutError",
    "client_closed",
    "map_botocore_error",
    "map_configuration_error",
    "no_s3_client",
    "without_passwords",
]


def _rebuild(cls: type[VoiceIdJobsError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Unpickle an error: its message arguments and every attribute, as they were."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class VoiceIdJobsError(Exception):
    """The root of every error voiceid_jobs raises."""

    default_retryable: ClassVar[bool] = False
    """Whether errors of this class are retryable unless an instance says otherwise."""

    retryable: bool
    """Whether the same request may succeed if it is sent again later."""

    def __init__(self, message: str, *, retryable: bool | None = None) -> None:
        super().__init__(message)
        self.retryable = self.default_retryable if retryable is None else retryable

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _masked(value: object) -> str:
    if isinstance(value, str):
        return f"a sensitive value of {len(value)} characters"
    return "a sensitive value"


class InvalidParameterError(VoiceIdJobsError, ValueError):
    """A value was rejected before anything was sent to the service."""

    field: str
    """The dotted path of the offending field, e.g.
    ``enrollment_config.fraud_detection_config.risk_threshold`` (a JSON path such as
    ``$.SpeakerEnrollmentRequests[3].SpeakerId`` in a manifest file)."""
    value: object
    """The rejected value, as given."""
    rule: str
    """The rule it breaks, e.g. ``must match ^[a-zA-Z0-9]{22}$``."""
    shown: str
    """How the message shows the value: its repr, or a description when the value is
    sensitive or too large to print."""
    request_id: str | None
    """In a manifest, the RequestId of the request the field belongs to."""

    def __init__(  # noqa: PLR0913 - each is a separate attribute of the error
        self,
        field: str,
        value: object,
        rule: str,
        *,
        sensitive: bool = False,
        shown: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        self.request_id = request_id
        if shown is None:
            shown = _masked(value) if sensitive else _short_repr(value)
        self.shown = shown
        where = "" if request_id is None else f", in request {request_id!r}"
        super().__init__(f"{field}: {rule} (got {shown}{where})")

    def at(self, field: str, *, request_id: str | None = None) -> InvalidParameterError:
        """The same error for another path (and request), the value shown as it was."""
        return InvalidParameterError(
            field,
            self.value,
            self.rule,
            shown=self.shown,
            request_id=self.request_id if request_id is None else request_id,
        )


_MAX_SHOWN = 80
"""The most characters of a value's repr an error message shows."""


def _short_repr(value: object) -> str:
    text = repr(value)
    if len(text) <= _MAX_SHOWN:
        return text
    return f"{text[: _MAX_SHOWN - 3]}... ({len(text)} characters)"


class ServiceError(VoiceIdJobsError):
    """The service (or S3) answered a request with an error."""

    code: str
    """The service's error code, e.g. ``ThrottlingException``."""
    message: str
    """The service's error message."""
    http_status: int | None
    """The HTTP status of the response."""
    request_id: str | None
    """The request id the service gave, for support cases."""
    operation: str
    """The operation that failed, e.g. ``StartSpeakerEnrollmentJob``."""
    members: ClassVar[Mapping[str, str]] = {}
    """The modeled members of the error's response that it carries: each attribute's
    name and the response member it comes from. An attribute is None when the
    response has no such member."""

    def __init__(  # noqa: PLR0913 - each is a separate attribute of the error
        self,
        message: str,
        *,
        code: str,
        operation: str,
        http_status: int | None = None,
        request_id: str | None = None,
        retryable: bool | None = None,
        **members: str | None,
    ) -> None:
        unknown = sorted(set(members) - set(self.members))
        if unknown:
            msg = f"{type(self).__name__} has no member {unknown[0]!r}"
            raise TypeError(msg)
        for name in self.members:
            setattr(self, name, members.get(name))
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.operation = operation
        super().__init__(
            f"{operation} failed with {code} (HTTP {http_status}): {message}",
            retryable=retryable,
        )


class ServiceQuotaExceededError(ServiceError):
    """A service quota was exceeded, e.g. a second active job of a type in a domain."""


class ResourceNotFoundError(ServiceError):
    """A domain, job, watchlist or S3 object does not exist."""

    members: ClassVar[Mapping[str, str]] = {"resource_type": "ResourceType"}
    resource_type: str | None
    """What was not found: ``BATCH_JOB``, ``DOMAIN``, ``WATCHLIST``, ``S3_OBJECT``, ...
    (None if not said)."""


class ValidationError(ServiceError):
    """The service rejected a request's parameters."""


class ConflictError(ServiceError):
    """The request conflicts with the state of a resource."""

    members: ClassVar[Mapping[str, str]] = {"conflict_type": "ConflictType"}
    conflict_type: str | None
    """The service's ConflictType, e.g. ``DOMAIN_NOT_ACTIVE`` (None if not said)."""


class InternalServerError(ServiceError):
    """The service failed (a 5xx); the request may succeed if sent again."""

    default_retryable = True


class ThrottlingError(ServiceError):
    """The request was throttled; the request may succeed if sent again later."""

    default_retryable = True


class AccessDeniedError(ServiceError):
    """The caller is not allowed to make the request."""


class MalformedResponseError(ServiceError):
    """A response the client cannot read.

    Not JSON, a required member missing, a value of the wrong type, a timestamp that
    does not parse. The cause is chained.
    """

    problem: str
    """What was wrong with the response."""

    def __init__(
        self,
        problem: str,
        *,
        operation: str,
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.problem = problem
        super().__init__(
            f"the response could not be read: {problem}",
            code="MalformedResponse",
            operation=operation,
            http_status=http_status,
            request_id=request_id,
        )


class EndpointError(VoiceIdJobsError):
    """The service could not be reached, or did not answer in time.

    The botocore exception is chained as ``__cause__``.
    """

    default_retryable = True


class OutputFileError(VoiceIdJobsError, ValueError):
    """A job's output file is not JSON, or not of the documented shape."""

    path: str
    """The JSON path of the problem, e.g. ``$.Errors[3]`` (``$`` for the whole file)."""
    problem: str
    """What is wrong there."""
    uri: str | None
    """The file's S3 URI, when it was read from S3."""

    def __init__(self, path: str, problem: str, *, uri: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.uri = uri
        where = f"{uri}: " if uri else ""
        super().__init__(f"{where}{path} {problem}")


class JobFailedError(VoiceIdJobsError):
    """A job ended with status FAILED. ``job.failure_details`` says why."""

    job: SpeakerEnrollmentJob | FraudsterRegistrationJob
    """The failed job, as last described."""

    def __init__(self, job: SpeakerEnrollmentJob | FraudsterRegistrationJob) -> None:
        self.job = job
        details = job.failure_details
        reason = (
            f"{details.status_code}: {details.message}"
            if details is not None
            else "no details given"
        )
        super().__init__(f"job {job.job_id} failed ({reason})")


class WaitTimeoutError(VoiceIdJobsError, TimeoutError):
    """A wait ran out of time before the job ended."""

    last_job: (
        SpeakerEnrollmentJob
        | FraudsterRegistrationJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJobSummary
    )
    """The job as last seen before time ran out (the summary the wait was given, when no
    Describe answered in time)."""
    timeout: float
    """How long the wait was allowed, in seconds."""
    described: bool
    """Whether any Describe answered during the wait; when none did, ``last_job`` is
    what the wait was given."""
    last_error: BaseException | None
    """The error of the last Describe that failed (a throttle, a fault, a connection
    error), or None."""

    def __init__(
        self,
        last_job: SpeakerEnrollmentJob
        | FraudsterRegistrationJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJobSummary,
        timeout: float,
        *,
        described: bool = True,
        last_error: BaseException | None = None,
    ) -> None:
        self.last_job = last_job
        self.timeout = timeout
        self.described = described
        self.last_error = last_error
        because = "" if last_error is None else f" (last error: {last_error})"
        if described:
            message = f"job {last_job.job_id} was still {last_job.job_status}"
        else:
            message = f"job {last_job.job_id} could not be described"
        super().__init__(f"{message} after {timeout:g} seconds{because}")


# --- From botocore's exceptions to ours -----------------------------------------------

SERVICE_ERRORS: Mapping[str, type[ServiceError]] = {
    "ServiceQuotaExceededException": ServiceQuotaExceededError,
    "ResourceNotFoundException": ResourceNotFoundError,
    "ValidationException": ValidationError,
    "ConflictException": ConflictError,
    "InternalServerException": InternalServerError,
    "ThrottlingException": ThrottlingError,
    "AccessDeniedException": AccessDeniedError,
}
"""The Voice ID error codes and their classes; a code not here becomes a plain ServiceError
(an InternalServerError when its HTTP status is 5xx)."""

_SERVER_FAULT = 500


def _service_error(
    error: botocore_errors.ClientError,
    codes: Mapping[str, type[ServiceError]],
    defaults: Mapping[str, Mapping[str, str]],
) -> ServiceError:
    response: Any = error.response
    details: Any = response.get("Error") or {}
    metadata: Any = response.get("ResponseMetadata") or {}
    code = str(details.get("Code") or "Unknown")
    status = metadata.get("HTTPStatusCode")
    status = status if isinstance(status, int) else None
    cls = codes.get(code)
    if cls is None:
        server_fault = status is not None and status >= _SERVER_FAULT
        cls = InternalServerError if server_fault else ServiceError
    members: dict[str, Any] = {
        name: response.get(member) or defaults.get(code, {}).get(name)
        for name, member in cls.members.items()
    }
    return cls(
        str(details.get("Message") or ""),
        code=code,
        operation=error.operation_name,
        http_status=status,
        request_id=metadata.get("RequestId"),
        **members,
    )


def client_closed() -> InvalidParameterError:
    """The error of any call on a closed client: at once, and not retryable."""
    return InvalidParameterError(
        "client", None, "is closed: make a new client", shown="a closed client"
    )


def no_s3_client(method: str) -> InvalidParameterError:
    """The error of a method that needs S3 on a client without an S3 client."""
    return InvalidParameterError(
        "s3_client", None, f"is required for {method}: pass s3_client= or use create()"
    )


_PASSWORD_IN_URL = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*):[^/\s@]*@")


def without_passwords(text: str) -> str:
    """``text`` with the password of any URL in it masked: ``http://user:***@host``.

    An error's message never shows one: botocore's connection errors name the
    endpoint URL, and so does the check of a client's ``endpoint_url``.
    """
    return _PASSWORD_IN_URL.sub(r"\1:***@", text)


def map_configuration_error(error: Exception) -> InvalidParameterError | None:  # noqa: PLR0911 - one answer per error
    """The InvalidParameterError for a botocore configuration error, or None for another.

    Covers what makes a client unusable before any request: no or a malformed region,
    partial or missing credentials, an unknown profile, a bad retry configuration.
    """
    if isinstance(error, botocore_errors.NoRegionError):
        return InvalidParameterError(
            "region_name", None, "is required: pass region_name= or set AWS_DEFAULT_REGION"
        )
    if isinstance(error, botocore_errors.InvalidRegionError):
        region = error.kwargs.get("region_name")
        return InvalidParameterError("region_name", region, "must be a valid AWS region name")
    if isinstance(error, botocore_errors.ProfileNotFound):
        profile = error.kwargs.get("profile")
        return InvalidParameterError("profile", profile, "must name a profile in the AWS config")
    if isinstance(error, botocore_errors.PartialCredentialsError):
        return InvalidParameterError(
            "credentials",
            error.kwargs.get("provider"),
            f"are incomplete: {error.kwargs.get('cred_var')} is missing",
        )
    if isinstance(error, botocore_errors.NoCredentialsError):
        return InvalidParameterError("credentials", None, "were not found")
    if isinstance(
        error,
        (
            botocore_errors.InvalidRetryConfigurationError,
            botocore_errors.InvalidConfigError,
            botocore_errors.InvalidEndpointConfigurationError,
        ),
    ):
        return InvalidParameterError("config", None, str(error), shown="the configuration")
    return None


def map_botocore_error(
    error: Exception,
    *,
    operation: str,
    codes: Mapping[str, type[ServiceError]] = SERVICE_ERRORS,
    defaults: Mapping[str, Mapping[str, str]] | None = None,
) -> VoiceIdJobsError:
    """The voiceid_jobs error for any exception raised while making one call.

    The caller raises the result ``from error``. ``codes`` maps the service's error
    codes to classes, and ``defaults`` gives, by code, the members of an error whose
    response does not carry them (the S3 calls pass S3's: ``NoSuchKey`` is a
    ResourceNotFoundError whose resource_type is ``S3_OBJECT``). A ClientError becomes its service
    error; a connection or timeout failure an EndpointError; a configuration error an
    InvalidParameterError; anything else (an answer botocore could not parse, a body
    that is not UTF-8) a MalformedResponseError.
    """
    if isinstance(error, botocore_errors.ClientError):
        return _service_error(error, codes, defaults or {})
    if isinstance(error, (botocore_errors.ConnectionError, botocore_errors.HTTPClientError)):
        return EndpointError(without_passwords(str(error)))
    if isinstance(error, botocore_errors.ParamValidationError):
        return InvalidParameterError("parameters", None, str(error), shown="the request")
    configuration = map_configuration_error(error)
    if configuration is not None:
        return configuration
    return MalformedResponseError(
        f"botocore could not read it ({type(error).__name__}: {error})", operation=operation
    )
