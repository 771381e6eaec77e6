"""What goes on the wire: checked boto3 parameters out, models (or MalformedResponseError) in."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar, cast

import attrs

from ._converters import from_boto, to_boto
from ._enums import JobStatus
from ._errors import MalformedResponseError
from ._requests import DescribeJobRequest, ListJobsRequest
from ._validation import check_value, validate

__all__ = [
    "checked_params",
    "describe_params",
    "list_params",
    "new_client_token",
    "next_token",
    "page_items",
    "parse",
    "structure",
]

T = TypeVar("T")


def new_client_token() -> str:
    """A fresh ClientToken: a UUID4, which the token pattern allows."""
    return str(uuid.uuid4())


def checked_params(request: attrs.AttrsInstance) -> dict[str, Any]:
    """Check a request model through and through, then turn it into boto3 parameters."""
    validate(request, deep=True)
    return to_boto(request)


def describe_params(domain_id: str, job_id: str) -> dict[str, Any]:
    """The checked parameters of a Describe."""
    return checked_params(DescribeJobRequest(domain_id=domain_id, job_id=job_id))


def list_params(
    domain_id: str, job_status: JobStatus | None, page_size: int | None
) -> dict[str, Any]:
    """The checked parameters of every page of a List, ``page_size`` as its MaxResults."""
    params = checked_params(ListJobsRequest(domain_id=domain_id, job_status=job_status))
    if page_size is not None:
        check_value(page_size, "MaxResultsForList", "page_size")
        params["MaxResults"] = page_size
    return params


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
