"""A client's settings, checked when it is made: its retry policy and rate limit.

Nothing here needs attrs or the models, so making a client loads neither.
"""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING

from ._errors import InvalidParameterError

if TYPE_CHECKING:
    from ._policies import RetryPolicy

__all__ = ["Policies", "RateLimit", "checked_policies"]


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


class Policies:
    """A client's policies, as its operations need them."""

    def __init__(self, *, retry: RetryPolicy | None = None, limit: RateLimit | None = None) -> None:
        self.retry = retry
        """How Start retries; None for ``RetryPolicy()``."""
        self.limit = limit
        """The client's limit on the rate of its Voice ID calls, or None."""


def checked_policies(  # noqa: PLR0913 - a client constructor's arguments, checked together
    client: object,
    *,
    s3_client: object,
    retry: object,
    sleep: object,
    clock: object,
    requests_per_second: object,
) -> Policies:
    """Check a client constructor's arguments; the client's policies.

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
    return Policies(
        retry=retry,
        limit=None if requests_per_second is None else RateLimit(requests_per_second),
    )


def _check_voice_id_client(client: object) -> None:
    """``client`` is a botocore (or aiobotocore) ``voice-id`` client."""
    meta = getattr(client, "meta", None)
    model = getattr(meta, "service_model", None)
    if getattr(model, "service_name", None) != "voice-id":
        raise InvalidParameterError(
            "client", client, "must be a boto3 'voice-id' client", shown=type(client).__name__
        )
