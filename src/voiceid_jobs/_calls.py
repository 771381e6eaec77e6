"""How one call is made: checked parameters in, typed errors and models out."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._converters import from_boto, to_boto
from ._errors import raise_mapped
from ._requests import DescribeJobRequest, ListJobsRequest
from ._validation import check_value, validate
from ._waiting import RetryPolicy, call_with_retries

if TYPE_CHECKING:
    from ._enums import JobStatus

__all__ = [
    "call",
    "checked_params",
    "describe",
    "list_params",
    "new_client_token",
    "start",
    "summaries",
]

T = TypeVar("T")

DEFAULT_RETRY = RetryPolicy()
"""The policy of a client made without one (frozen, so one serves them all)."""


def new_client_token() -> str:
    """A fresh ClientToken: a UUID4, which the token pattern allows."""
    return str(uuid.uuid4())


def checked_params(request: Any) -> dict[str, Any]:
    """Check a request model through and through, then turn it into boto3 parameters."""
    validate(request, deep=True)
    return to_boto(request)


def call(method: Callable[..., Mapping[str, Any]], params: Mapping[str, Any]) -> Mapping[str, Any]:
    """Call a boto3 client method, raising our typed errors for botocore's."""
    try:
        return method(**params)
    except Exception as error:  # noqa: BLE001 - raise_mapped re-raises what it does not map
        raise_mapped(error)


def start(
    method: Callable[..., Any],
    request: Any,
    cls: type[T],
    *,
    policy: RetryPolicy | None,
    sleep: Callable[[float], None],
) -> T:
    """Check and send a Start request, retrying what is safe with its one ClientToken.

    ``policy`` None is :data:`DEFAULT_RETRY`.
    """
    params = checked_params(request)
    response = call_with_retries(
        lambda: call(method, params),
        operation=type(request).__name__.removesuffix("Request"),
        policy=DEFAULT_RETRY if policy is None else policy,
        sleep=sleep,
    )
    return from_boto(response["Job"], cls)


def describe(method: Callable[..., Any], domain_id: str, job_id: str, cls: type[T]) -> T:
    """Describe a job with ``method`` and build ``cls`` from the answer."""
    params = checked_params(DescribeJobRequest(domain_id=domain_id, job_id=job_id))
    return from_boto(call(method, params)["Job"], cls)


def list_params(
    domain_id: str, job_status: JobStatus | None, page_size: int | None
) -> dict[str, Any]:
    """The checked parameters of a List paginator, ``page_size`` as its PageSize."""
    params = checked_params(ListJobsRequest(domain_id=domain_id, job_status=job_status))
    if page_size is not None:
        check_value(page_size, "MaxResultsForList", "page_size")
        params["PaginationConfig"] = {"PageSize": page_size}
    return params


def summaries(pages: Iterable[Any], cls: type[T]) -> Iterator[T]:
    """Every job summary of every page, as ``cls``, with typed errors."""
    iterator = iter(pages)
    while True:
        try:
            page = next(iterator)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - raise_mapped re-raises what it does not map
            raise_mapped(error)
        for summary in page.get("JobSummaries", ()):
            yield from_boto(summary, cls)
