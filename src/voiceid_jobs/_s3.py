"""The few S3 calls the client makes: writing a manifest, reading an output file.

S3's error codes and their classes live here, beside the calls that meet them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._errors import (
    AccessDeniedError,
    InternalServerError,
    InvalidParameterError,
    ResourceNotFoundError,
    ServiceError,
    ThrottlingError,
    VoiceIdJobsError,
    map_botocore_error,
)

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = [
    "S3_ERRORS",
    "get_arguments",
    "get_object",
    "get_object_version",
    "put_arguments",
    "put_json",
    "s3_error",
    "split_s3_uri",
]

S3_ERRORS: Mapping[str, type[ServiceError]] = {
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
"""S3's error codes and their classes; any other code is a plain ServiceError (an
InternalServerError when its HTTP status is 5xx)."""

_S3_MEMBERS: Mapping[str, Mapping[str, str]] = {
    "NoSuchKey": {"resource_type": "S3_OBJECT"},
    "404": {"resource_type": "S3_OBJECT"},
    "NoSuchBucket": {"resource_type": "S3_BUCKET"},
}
"""What S3's not-found errors did not find; S3 does not say it in the response."""


def split_s3_uri(uri: str, field: str) -> tuple[str, str]:
    """``s3://bucket/key`` as ``(bucket, key)``; the key may not be empty."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not key or key.endswith("/"):
        raise InvalidParameterError(field, uri, "must name an object: s3://bucket/key")
    return bucket, key


def s3_error(error: Exception, operation: str) -> VoiceIdJobsError:
    """Our error for whatever an S3 call raised."""
    return map_botocore_error(error, operation=operation, codes=S3_ERRORS, defaults=_S3_MEMBERS)


def put_arguments(uri: str, text: str, **extra: Any) -> dict[str, Any]:
    """The PutObject arguments that write ``text`` to ``uri`` as UTF-8 JSON."""
    bucket, key = split_s3_uri(uri, "s3_uri")
    return {
        "Bucket": bucket,
        "Key": key,
        "Body": text.encode("utf-8"),
        "ContentType": "application/json",
        **extra,
    }


def get_arguments(uri: str) -> dict[str, Any]:
    """The GetObject arguments that read ``uri``."""
    bucket, key = split_s3_uri(uri, "uri")
    return {"Bucket": bucket, "Key": key}


def put_json(s3: S3Client, uri: str, text: str, **extra: Any) -> None:
    """Write ``text`` to ``uri`` as UTF-8 JSON; ``extra`` are further PutObject arguments."""
    arguments = put_arguments(uri, text, **extra)
    try:
        s3.put_object(**arguments)
    except Exception as error:
        raise s3_error(error, "PutObject") from error


def get_object(s3: S3Client, uri: str) -> bytes:
    """The bytes of the object at ``uri``."""
    body, _ = get_object_version(s3, uri)
    return body


def get_object_version(s3: S3Client, uri: str) -> tuple[bytes, str]:
    """The bytes of the object at ``uri``, and which version of it they are.

    The version is the object's VersionId and ETag: it changes when the object does.
    """
    arguments = get_arguments(uri)
    try:
        response: Any = s3.get_object(**arguments)
        body: bytes = response["Body"].read()
    except Exception as error:
        raise s3_error(error, "GetObject") from error
    return body, f"{response.get('VersionId', '')}/{response.get('ETag', '')}"
