"""The fake's operations: what they share, and the table of them all.

Every handler runs under the fake's lock, with its request already checked against the
service model (``_requests``) and its null members dropped, and only reads and changes
state: a job's work is the engine's. Each group of operations has a module of its own:
``_api_domains`` (domains, watchlists, tags), ``_api_people`` (speakers and
fraudsters), ``_api_jobs`` (the two kinds of batch job) and ``_api_sessions``
(EvaluateSession).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from voiceid_jobs._converters import from_boto
from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._validation import validate

from ._answers import Refusal, conflict, invalid, not_found
from ._engine import JobEngine
from ._jobs import EPOCH
from ._state import Domain, World

__all__ = ["ACCOUNT", "REGION", "Context", "Handler", "domain_arn", "timestamp"]

ACCOUNT = "123456789012"
"""The account id in the ARNs the fake makes (moto's default account)."""

REGION = "us-east-1"
"""The region in the ARNs the fake makes."""

_TOKEN_DIGITS = 9
"""The most digits of a NextToken the fake made (an offset into a list)."""

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""One operation: a request's parameters in, its answer out."""


def timestamp(seconds: float) -> datetime.datetime:
    """A time on the fake's clock, as the service reports it."""
    return EPOCH + datetime.timedelta(seconds=seconds)


def domain_arn(domain_id: str) -> str:
    """A domain's ARN (the only Voice ID resource with one)."""
    return f"arn:aws:voiceid:{REGION}:{ACCOUNT}:domain/{domain_id}"


class Context:
    """What the operations share: the world, the job engine, and idempotency tokens."""

    def __init__(
        self, world: World, engine: JobEngine, progress: Callable[[float], float] | None
    ) -> None:
        self.world = world
        self.engine = engine
        self.progress = progress
        self._tokens: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
        """By operation (or job kind) and ClientToken: the request it came with, less the
        token, the id of what it made, and the domain that holds it (which takes its
        tokens with it when it is deleted)."""

    def domain(self, params: dict[str, Any]) -> Domain:
        """The domain a request names.

        Raises:
            Refusal: no such domain (ResourceNotFoundException, DOMAIN).
        """
        domain_id = params.get("DomainId")
        domain = self.world.domains.get(str(domain_id))
        if domain is None:
            raise not_found("DOMAIN", f"Domain {domain_id}")
        return domain

    @staticmethod
    def checked(params: dict[str, Any], cls: type[Any]) -> Any:
        """A request as the SDK's model ``cls``, checked by the SDK's own rules too."""
        try:
            request = from_boto(params, cls)
            validate(request, deep=True)
        except InvalidParameterError as error:
            raise invalid(error) from None
        except (TypeError, ValueError) as error:
            raise Refusal(
                400, "ValidationException", f"The request is not valid: {error}"
            ) from None
        return request

    @staticmethod
    def page(
        items: list[dict[str, Any]], params: dict[str, Any], key: str, *, most: int = 100
    ) -> dict[str, Any]:
        """One page of a List; MaxResults (checked against the model) defaults to ``most``."""
        size = params.get("MaxResults", most)
        token = params.get("NextToken") or "0"  # an empty token is the first page
        if not (token.isascii() and token.isdigit() and len(token) <= _TOKEN_DIGITS):
            raise Refusal(400, "ValidationException", "NextToken is not valid")
        start = int(token)
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    def idempotent(
        self, scope: str, params: dict[str, Any]
    ) -> tuple[tuple[str, str] | None, str | None]:
        """A request's ClientToken key (None without one), and what the token made before.

        Raises:
            Refusal: the token was used with other parameters (ConflictException).
        """
        token = params.get("ClientToken")
        if token is None:
            return None, None
        key = (scope, str(token))
        seen = self._tokens.get(key)
        if seen is None:
            return key, None
        if seen[0] != _without_token(params):
            raise conflict(
                f"ClientToken {token} was used with other parameters", "CONCURRENT_CHANGES"
            )
        return key, seen[1]

    def remember(
        self, key: tuple[str, str] | None, params: dict[str, Any], made: str, domain_id: str
    ) -> None:
        """Keep what a ClientToken made, in the domain that holds it."""
        if key is not None:
            self._tokens[key] = (_without_token(params), made, domain_id)

    def forget(self, domain_id: str) -> None:
        """Drop the tokens of a deleted domain, and of what it held."""
        for key in [key for key, seen in self._tokens.items() if seen[2] == domain_id]:
            del self._tokens[key]


def _without_token(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key != "ClientToken"}
