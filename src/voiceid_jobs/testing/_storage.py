"""The fake's own S3 reads and writes: done outside its lock, retried, each fault a verdict.

A job reads its manifest and its audio, and writes its output file, through the S3
client the fake was given. Whatever that client raises ends as a :class:`StorageFault`
that says whose fault it was:

- the request's (a missing object or bucket, access denied, a URI that names no
  object): the error entry or FailureDetails carries status 400, as the service's
  output schema gives for bad input;
- the storage's (throttling, a 5xx answer, a connection or timeout failure, an answer
  the client could not read, anything else the client raised): the call is tried
  :data:`ATTEMPTS` times in all, then the verdict carries status 500 ("internal").

No call sleeps between attempts: a fake's storage fault is injected or local, and a
job's worker must not hold up other jobs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from voiceid_jobs._errors import (
    InvalidParameterError,
    MalformedResponseError,
    ServiceError,
    VoiceIdJobsError,
)
from voiceid_jobs._s3 import get_object_version, put_json

if TYPE_CHECKING:
    from botocore.config import Config
    from types_boto3_s3 import S3Client

__all__ = ["ATTEMPTS", "StorageFault", "read_object", "storage_config", "write_json"]

ATTEMPTS = 3
"""How many times the fake tries an S3 call that failed for the storage's sake."""


def storage_config() -> Config:
    """The botocore settings of an S3 client the fake makes for itself: one attempt a call.

    The fake tries each call :data:`ATTEMPTS` times itself; botocore's own retries would
    multiply that, and sleep between attempts.
    """
    from botocore.config import Config  # deferred: importing the fake does not load botocore

    return Config(retries={"total_max_attempts": 1})


INTERNAL = 500
"""The status of a verdict that was the storage's fault (the schema's "internal")."""

BAD_INPUT = 400
"""The status of a verdict that was the request's fault (the schema's "bad input")."""

TRANSIENT_CODES = frozenset({"RequestTimeout", "TooManyRequests"})
"""S3's 4xx answers that say the storage was busy or slow, not that the request was wrong."""

_T = TypeVar("_T")


class StorageFault(Exception):  # noqa: N818 - a verdict on one S3 call, not the fake's failure
    """An S3 call of the fake's that failed for good.

    Attributes:
        reason: what went wrong, for an error entry or FailureDetails.
        status_code: 400 when the request was at fault, 500 when the storage was.
    """

    def __init__(self, reason: str, *, status_code: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code

    @property
    def internal(self) -> bool:
        """Whether the storage was at fault (the call was retried first)."""
        return self.status_code == INTERNAL


def read_object(s3: S3Client, uri: str) -> tuple[bytes, str]:
    """The bytes of an object, and its version (see ``get_object_version``).

    Raises:
        StorageFault: the object could not be read.
    """
    return _attempt(lambda: get_object_version(s3, uri))


def write_json(s3: S3Client, uri: str, text: str, *, kms_key_id: str | None = None) -> None:
    """Write ``text`` to ``uri``, encrypted with ``kms_key_id`` when one is given.

    Raises:
        StorageFault: the object could not be written.
    """
    extra = (
        {} if kms_key_id is None else {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id}
    )
    _attempt(lambda: put_json(s3, uri, text, **extra))


def _attempt(call: Callable[[], _T]) -> _T:
    """``call``, tried again while it fails for the storage's sake, up to ATTEMPTS times."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return call()
        except InvalidParameterError as error:  # noqa: PERF203 - s3://bucket, or a folder
            raise StorageFault(f"it {error.rule}", status_code=BAD_INPUT) from error
        except VoiceIdJobsError as error:
            transient = isinstance(error, ServiceError) and error.code in TRANSIENT_CODES
            if not (error.retryable or transient or isinstance(error, MalformedResponseError)):
                raise StorageFault(_reason(error), status_code=BAD_INPUT) from error
            if attempt == ATTEMPTS:
                raise StorageFault(_reason(error), status_code=INTERNAL) from error
        except Exception as error:  # whatever the client raised is the storage's fault
            if attempt == ATTEMPTS:
                reason = f"{type(error).__name__}: {error}"[:200]
                raise StorageFault(reason, status_code=INTERNAL) from error
    raise AssertionError  # pragma: no cover - the loop returns or raises


def _reason(error: VoiceIdJobsError) -> str:
    if isinstance(error, ServiceError):
        return error.code
    return f"{type(error).__name__}: {error}"[:200]
