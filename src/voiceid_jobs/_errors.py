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
    │   └── AccessDeniedError
    ├── EndpointError       connection and timeout failures (retryable); chained
    ├── JobFailedError      .job
    ├── WaitTimeoutError    .last_job (also TimeoutError)
    └── OutputFileError     a job's output file does not parse: .path, .uri (also ValueError)

:func:`map_botocore_error` is the one place a botocore exception becomes one of ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

if TYPE_CHECKING:
    from ._models import Job

__all__ = [
    "AccessDeniedError",
    "ConflictError",
    "EndpointError",
    "InternalServerError",
    "InvalidParameterError",
    "JobFailedError",
    "OutputFileError",
    "ResourceNotFoundError",
    "ServiceError",
    "ServiceQuotaExceededError",
    "ThrottlingError",
    "ValidationError",
    "VoiceIdJobsError",
    "WaitTimeoutError",
    "map_botocore_error",
    "raise_mapped",
]


class VoiceIdJobsError(Exception):
    """The root of every error voiceid_jobs raises."""

    retryable: ClassVar[bool] = False
    """Whether the same request may succeed if it is sent again later."""


class InvalidParameterError(VoiceIdJobsError, ValueError):
    """A value was rejected before anything was sent to the service."""

    field: str
    """The dotted path of the offending field, e.g.
    ``enrollment_config.fraud_detection_config.risk_threshold``."""
    value: object
    """The rejected value, as given."""
    rule: str
    """The rule it breaks, e.g. ``must match ^[a-zA-Z0-9]{22}$``."""

    def __init__(
        self,
        field: str,
        value: object,
        rule: str,
        *,
        sensitive: bool = False,
        shown: str | None = None,
    ) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        if shown is None:
            shown = _masked(value) if sensitive else repr(value)
        super().__init__(f"{field}: {rule} (got {shown})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_invalid, (self.field, self.value, self.rule, str(self)))


def _masked(value: object) -> str:
    if isinstance(value, str):
        return f"a sensitive value of {len(value)} characters"
    return "a sensitive value"


def _rebuild_invalid(field: str, value: object, rule: str, message: str) -> InvalidParameterError:
    error = InvalidParameterError.__new__(InvalidParameterError)
    error.field, error.value, error.rule = field, value, rule
    error.args = (message,)
    return error


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

    def __init__(
        self,
        message: str,
        *,
        code: str,
        operation: str,
        http_status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.http_status = http_status
        self.request_id = request_id
        self.operation = operation
        super().__init__(f"{operation} failed with {code} (HTTP {http_status}): {message}")


class ServiceQuotaExceededError(ServiceError):
    """A service quota was exceeded, e.g. a second active job of a type in a domain."""


class ResourceNotFoundError(ServiceError):
    """A domain, job, watchlist or S3 object does not exist."""

    resource_type: str | None = None
    """What was not found: ``BATCH_JOB``, ``DOMAIN``, ``WATCHLIST``, ... (None if not said)."""


class ValidationError(ServiceError):
    """The service rejected a request's parameters."""


class ConflictError(ServiceError):
    """The request conflicts with the state of a resource."""

    conflict_type: str | None = None
    """The service's ConflictType, e.g. ``DOMAIN_NOT_ACTIVE`` (None if not said)."""


class InternalServerError(ServiceError):
    """The service failed (a 5xx); the request may succeed if sent again."""

    retryable = True


class ThrottlingError(ServiceError):
    """The request was throttled; the request may succeed if sent again later."""

    retryable = True


class AccessDeniedError(ServiceError):
    """The caller is not allowed to make the request."""


class EndpointError(VoiceIdJobsError):
    """The service could not be reached, or did not answer in time.

    The botocore exception is chained as ``__cause__``.
    """

    retryable = True


class JobFailedError(VoiceIdJobsError):
    """A job ended with status FAILED. ``job.failure_details`` says why."""

    job: Job
    """The failed job, as last described."""

    def __init__(self, job: Job) -> None:
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

    last_job: Job
    """The job as last seen before time ran out."""

    def __init__(self, last_job: Job, timeout: float) -> None:
        self.last_job = last_job
        super().__init__(
            f"job {last_job.job_id} was still {last_job.job_status} after {timeout:g} seconds"
        )


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


_SERVICE_ERRORS: dict[str, type[ServiceError]] = {
    "ServiceQuotaExceededException": ServiceQuotaExceededError,
    "ResourceNotFoundException": ResourceNotFoundError,
    "ValidationException": ValidationError,
    "ConflictException": ConflictError,
    "InternalServerException": InternalServerError,
    "ThrottlingException": ThrottlingError,
    "AccessDeniedException": AccessDeniedError,
    # S3, for the manifest and the output file.
    "NoSuchKey": ResourceNotFoundError,
    "NoSuchBucket": ResourceNotFoundError,
    "404": ResourceNotFoundError,
    "AccessDenied": AccessDeniedError,
    "403": AccessDeniedError,
    "SlowDown": ThrottlingError,
    "InternalError": InternalServerError,
    "ServiceUnavailable": InternalServerError,
    "503": InternalServerError,
}
"""Error codes to error classes; a code not here becomes a plain ServiceError."""

_S3_RESOURCE_TYPES = {"NoSuchKey": "S3_OBJECT", "404": "S3_OBJECT", "NoSuchBucket": "S3_BUCKET"}


def map_botocore_error(error: Exception) -> VoiceIdJobsError | None:
    """Turn a botocore exception into the matching voiceid_jobs error.

    Returns None for an exception that is not botocore's, so the caller re-raises it
    as it is. The caller raises the result ``from error``.
    """
    # botocore is imported here, not at the top: importing voiceid_jobs must not import it.
    from botocore.exceptions import ClientError, HTTPClientError
    from botocore.exceptions import ConnectionError as BotocoreConnectionError

    if isinstance(error, ClientError):
        response: Any = error.response
        details = response.get("Error", {})
        metadata = response.get("ResponseMetadata", {})
        code = str(details.get("Code", "Unknown"))
        cls = _SERVICE_ERRORS.get(code, ServiceError)
        if code not in _SERVICE_ERRORS and _is_server_fault(metadata.get("HTTPStatusCode")):
            cls = InternalServerError
        mapped = cls(
            str(details.get("Message", "")),
            code=code,
            operation=error.operation_name,
            http_status=metadata.get("HTTPStatusCode"),
            request_id=metadata.get("RequestId"),
        )
        if isinstance(mapped, ResourceNotFoundError):
            mapped.resource_type = response.get("ResourceType", _S3_RESOURCE_TYPES.get(code))
        if isinstance(mapped, ConflictError):
            mapped.conflict_type = response.get("ConflictType")
        return mapped
    if isinstance(error, (BotocoreConnectionError, HTTPClientError)):
        return EndpointError(str(error))
    return None


def raise_mapped(error: Exception) -> NoReturn:
    """Raise the voiceid_jobs error for a botocore exception, ``from`` it; or ``error`` itself."""
    mapped = map_botocore_error(error)
    if mapped is None:
        raise error
    raise mapped from error


def _is_server_fault(status: object) -> bool:
    return isinstance(status, int) and status >= 500  # noqa: PLR2004
