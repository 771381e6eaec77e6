"""A client's settings, checked when it is made: its arguments, and its rate limit.

The constructor's arguments (:func:`check_client_arguments`, :class:`RateLimit`) and
``create()``'s session, region, endpoint URL and configuration
(:func:`check_create_arguments`, :func:`configuration_error`) are checked before any
call is made. Nothing here needs attrs or the models, so making a client loads neither.
"""

from __future__ import annotations

import math
import re
import threading
import urllib.parse
from typing import Any

from ._errors import InvalidParameterError, map_configuration_error, without_passwords

__all__ = [
    "RateLimit",
    "check_client_arguments",
    "check_create_arguments",
    "configuration_error",
]


class RateLimit:
    """A client-side limit on calls: a request rate no call goes above.

    Each call takes the next free slot, ``1 / requests_per_second`` seconds after the
    one before, so in any second no more than ``requests_per_second`` calls start. The
    caller sleeps until its slot; calls made at once (concurrent waits, threads) get
    slots one after another.
    """

    def __init__(self, requests_per_second: object) -> None:
        if (
            isinstance(requests_per_second, bool)
            or not isinstance(requests_per_second, (int, float))
            or not 0 < requests_per_second < math.inf
        ):
            raise InvalidParameterError(
                "requests_per_second",
                requests_per_second,
                "must be a positive, finite number, or None",
            )
        self._interval = 1.0 / requests_per_second
        self._next = -math.inf
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Take the next slot for a call at ``now``; how many seconds to wait for it."""
        with self._lock:
            slot = max(now, self._next)
            self._next = slot + self._interval
        return slot - now


def check_client_arguments(
    client: object, *, s3_client: object, retry: object, sleep: object, clock: object
) -> None:
    """Check a client constructor's arguments (``requests_per_second`` is a RateLimit's).

    Raises:
        InvalidParameterError: naming the first argument that is wrong.
    """
    _check_voice_id_client(client)
    if s3_client is not None and not all(
        callable(getattr(s3_client, method, None)) for method in ("put_object", "get_object")
    ):
        raise InvalidParameterError(
            "s3_client", s3_client, "must be a boto3 's3' client", shown=type(s3_client).__name__
        )
    if retry is not None:
        from ._policies import RetryPolicy  # loaded already by whoever made ``retry``

        if not isinstance(retry, RetryPolicy):
            raise InvalidParameterError("retry", retry, "must be a RetryPolicy or None")
    for name, value in (("sleep", sleep), ("clock", clock)):
        if not callable(value):
            raise InvalidParameterError(name, value, "must be callable")


def _check_voice_id_client(client: object) -> None:
    """``client`` is a botocore (or aiobotocore) ``voice-id`` client."""
    meta = getattr(client, "meta", None)
    model = getattr(meta, "service_model", None)
    if getattr(model, "service_name", None) != "voice-id":
        raise InvalidParameterError(
            "client", client, "must be a boto3 'voice-id' client", shown=type(client).__name__
        )


_ENDPOINT_URL_RULE = "must be a URL: http(s)://host[:port]"
"""The rule an ``endpoint_url`` breaks, whether this package or botocore refuses it."""

_REGION = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""What botocore takes as a region name (its own check lets an empty one through to the
endpoint, which then fails)."""


def check_create_arguments(  # noqa: PLR0913 - create()'s settings, each checked
    *,
    endpoint_url: object,
    config: object,
    config_class: type[Any],
    session: object,
    session_class: type[Any],
    region_name: object = None,
) -> None:
    """Check ``create()``'s ``endpoint_url``, ``config`` and ``session``, before any client.

    botocore takes any URL scheme and fails only when it sends, and reads any object as
    a configuration or a session until it looks up a setting on it.

    Raises:
        InvalidParameterError: naming ``endpoint_url``, ``config`` or ``session``.
    """
    if session is not None and not isinstance(session, session_class):
        raise InvalidParameterError(
            "session",
            session,
            f"must be a {_qualified(session_class)}",
            shown=type(session).__name__,
        )
    if endpoint_url is not None and not _is_http_url(endpoint_url):
        raise InvalidParameterError(
            "endpoint_url",
            endpoint_url,
            _ENDPOINT_URL_RULE,
            shown=without_passwords(repr(endpoint_url)),
        )
    if region_name is not None and not (
        isinstance(region_name, str) and _REGION.fullmatch(region_name)
    ):
        raise InvalidParameterError(
            "region_name", region_name, "must be an AWS region name such as us-east-1, or None"
        )
    if config is not None and not isinstance(config, config_class):
        raise InvalidParameterError(
            "config", config, f"must be a {_qualified(config_class)}", shown=type(config).__name__
        )


def configuration_error(error: Exception, endpoint_url: str | None) -> InvalidParameterError | None:
    """The InvalidParameterError for an error met while making a client, or None for another.

    As :func:`map_configuration_error`, and a bad ``endpoint_url`` (botocore's own
    "Invalid endpoint: <url>" is a plain ValueError).
    """
    mapped = map_configuration_error(error)
    if mapped is None and isinstance(error, ValueError) and endpoint_url is not None:
        mapped = InvalidParameterError("endpoint_url", endpoint_url, _ENDPOINT_URL_RULE)
    return mapped


def _qualified(cls: type[Any]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        port = parts.port  # raises ValueError when out of range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and port != 0
