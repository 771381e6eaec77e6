"""The boto3 parameters of each call, checked: what a request model becomes on the wire."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ._converters import to_boto
from ._requests import DescribeJobRequest, ListJobsRequest
from ._validation import check_value, validate

if TYPE_CHECKING:
    import attrs

    from ._enums import JobStatus
    from ._requests import StartJobRequest

__all__ = [
    "checked_params",
    "describe_params",
    "list_params",
    "new_client_token",
    "start_params",
]


def new_client_token() -> str:
    """A fresh ClientToken: a UUID4, which the token pattern allows."""
    return str(uuid.uuid4())


def checked_params(request: attrs.AttrsInstance) -> dict[str, Any]:
    """Check a request model through and through, then turn it into boto3 parameters."""
    validate(request, deep=True)
    return to_boto(request)


def start_params(request: StartJobRequest) -> dict[str, Any]:
    """The checked parameters of a Start; a fresh ClientToken when the request has none.

    Every attempt of the Start sends them as they are, so a retried request never
    starts a second job.
    """
    params = checked_params(request)
    if "ClientToken" not in params:
        params["ClientToken"] = new_client_token()
    return params


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
