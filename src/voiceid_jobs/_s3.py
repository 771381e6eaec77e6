"""The few S3 calls the client makes: writing a manifest, reading an output file."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import InvalidParameterError, raise_mapped

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = ["get_object", "put_json", "split_s3_uri"]


def split_s3_uri(uri: str, field: str) -> tuple[str, str]:
    """``s3://bucket/key`` as ``(bucket, key)``; the key may not be empty."""
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not key or key.endswith("/"):
        raise InvalidParameterError(field, uri, "must name an object: s3://bucket/key")
    return bucket, key


def put_json(s3: S3Client, uri: str, text: str) -> None:
    """Write ``text`` to ``uri`` as UTF-8 JSON."""
    bucket, key = split_s3_uri(uri, "s3_uri")
    try:
        s3.put_object(
            Bucket=bucket, Key=key, Body=text.encode("utf-8"), ContentType="application/json"
        )
    except Exception as error:  # noqa: BLE001 - raise_mapped re-raises what it does not map
        raise_mapped(error)


def get_object(s3: S3Client, uri: str) -> bytes:
    """The bytes of the object at ``uri``."""
    bucket, key = split_s3_uri(uri, "uri")
    try:
        response: Any = s3.get_object(Bucket=bucket, Key=key)
        body: bytes = response["Body"].read()
    except Exception as error:  # noqa: BLE001 - raise_mapped re-raises what it does not map
        raise_mapped(error)
    return body
