"""Models from the service's responses, or MalformedResponseError: what comes off the wire."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar, cast

from ._converters import from_boto
from ._errors import MalformedResponseError

__all__ = ["next_token", "page_items", "parse", "structure"]

T = TypeVar("T")


def parse(response: object, member: str, cls: type[T], *, operation: str) -> T:
    """The model in ``response[member]``.

    Raises:
        MalformedResponseError: the member is missing, or a value in it has the wrong
            type or does not parse (the cause is chained).
    """
    return structure(_members(response).get(member), cls, what=member, operation=operation)


def structure(
    data: object, cls: type[T], *, what: str, operation: str, index: int | None = None
) -> T:
    """``data``, a JSON object of a response, as ``cls``; MalformedResponseError if it is not.

    ``what`` (and ``index``, for an item of an array) says where ``data`` is, for the error.
    """
    try:
        return from_boto(data, cls)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        where = what if index is None else f"{what}[{index}]"
        raise MalformedResponseError(f"{where}: {error}", operation=operation) from error


def page_items(page: object, member: str, cls: type[T], *, operation: str) -> Iterator[T]:
    """The models in the array ``page[member]`` of one page of a List (none if absent)."""
    entries: object = _members(page).get(member) or []
    if not isinstance(entries, list):
        raise MalformedResponseError(
            f"{member} must be an array, not {type(entries).__name__}", operation=operation
        )
    for index, entry in enumerate(cast("list[object]", entries)):
        yield structure(entry, cls, what=member, index=index, operation=operation)


def next_token(page: object, *, operation: str) -> str | None:
    """The NextToken of a List page; None on the last page."""
    token = _members(page).get("NextToken")
    if token is None or token == "":
        return None
    if not isinstance(token, str):
        raise MalformedResponseError(
            f"NextToken must be a string, not {type(token).__name__}", operation=operation
        )
    return token


def _members(response: object) -> Mapping[str, object]:
    if isinstance(response, Mapping):
        return cast("Mapping[str, object]", response)
    return {}
