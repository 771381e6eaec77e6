"""How one call is made: checked parameters in, typed errors and models out.

Every operation of the client goes through :func:`call` (or :func:`pages` for List),
which turns whatever botocore raises into one of our errors, and :func:`parse`, which
turns a response the client cannot read into :class:`MalformedResponseError`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs
import tenacity

from ._converters import from_boto, to_boto
from ._enums import JobStatus
from ._errors import (
    InvalidParameterError,
    MalformedResponseError,
    OutputFileError,
    map_botocore_error,
)
from ._kinds import JobKind, JobT, SummaryT, kind_of
from ._models import InputDataConfig
from ._requests import DescribeJobRequest, ListJobsRequest, StartJobRequest
from ._s3 import get_object, put_json
from ._validation import check_value, validate
from ._waiting import PollPolicy, RetryPolicy, poll_until_terminal, retrying

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = [
    "DEFAULT_RETRY",
    "Caller",
    "call",
    "checked_params",
    "describe",
    "list_params",
    "new_client_token",
    "parse",
    "start",
    "structure",
    "summaries",
]

T = TypeVar("T")

DEFAULT_RETRY = RetryPolicy()
"""The policy of a client made without one (frozen, so one serves them all)."""


def new_client_token() -> str:
    """A fresh ClientToken: a UUID4, which the token pattern allows."""
    return str(uuid.uuid4())


def checked_params(request: attrs.AttrsInstance) -> dict[str, Any]:
    """Check a request model through and through, then turn it into boto3 parameters."""
    validate(request, deep=True)
    return to_boto(request)


def call(
    method: Callable[..., Any], params: Mapping[str, Any], *, operation: str
) -> Mapping[str, Any]:
    """Call a boto3 client method; raise our typed error, chained, for anything it raises."""
    try:
        response: Mapping[str, Any] = method(**params)
    except Exception as error:
        raise map_botocore_error(error, operation=operation) from error
    return response


def parse(response: object, member: str, cls: type[T], *, operation: str) -> T:
    """The model in ``response[member]``.

    Raises:
        MalformedResponseError: the member is missing, or a value in it has the wrong
            type or does not parse (the cause is chained).
    """
    members: Mapping[str, object] = {}
    if isinstance(response, Mapping):
        members = cast("Mapping[str, object]", response)
    return structure(members.get(member), cls, what=member, operation=operation)


def structure(
    data: object, cls: type[T], *, what: str, operation: str, index: int | None = None
) -> T:
    """``data``, a JSON object of a response, as ``cls``; MalformedResponseError if it is not.

    ``what`` (and ``index``, for an item of an array) says where ``data`` is, for the error.
    """
    try:
        if data.__class__ is not dict and not isinstance(data, Mapping):
            msg = f"must be an object, not {type(data).__name__}"
            raise TypeError(msg)  # noqa: TRY301 - reported with the others below
        return from_boto(cast("Mapping[str, Any]", data), cls)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        where = what if index is None else f"{what}[{index}]"
        raise MalformedResponseError(f"{where}: {error}", operation=operation) from error


def start(
    kind: JobKind[JobT, Any, Any, Any, Any, Any],
    client: Any,
    request: StartJobRequest,
    retry: tenacity.Retrying,
) -> JobT:
    """Check and send a Start request, every attempt under ``retry`` with its one ClientToken."""
    params = checked_params(request)
    operation = kind.operation(kind.start_method)
    method = getattr(client, kind.start_method)
    response = retry(lambda: call(method, params, operation=operation))
    return parse(response, "Job", kind.job, operation=operation)


def describe(
    kind: JobKind[JobT, Any, Any, Any, Any, Any], client: Any, domain_id: str, job_id: str
) -> JobT:
    """Describe a job of ``kind``."""
    params = checked_params(DescribeJobRequest(domain_id=domain_id, job_id=job_id))
    operation = kind.operation(kind.describe_method)
    response = call(getattr(client, kind.describe_method), params, operation=operation)
    return parse(response, "Job", kind.job, operation=operation)


def list_params(
    domain_id: str, job_status: JobStatus | None, page_size: int | None
) -> dict[str, Any]:
    """The checked parameters of a List paginator, ``page_size`` as its PageSize."""
    params = checked_params(ListJobsRequest(domain_id=domain_id, job_status=job_status))
    if page_size is not None:
        check_value(page_size, "MaxResultsForList", "page_size")
        params["PaginationConfig"] = {"PageSize": page_size}
    return params


def summaries(
    kind: JobKind[Any, SummaryT, Any, Any, Any, Any], client: Any, params: Mapping[str, Any]
) -> Iterator[SummaryT]:
    """Every job summary of every page of a List, with typed errors, fetched lazily."""
    operation = kind.operation(kind.list_method)
    try:
        pages: Iterable[Any] = client.get_paginator(kind.list_method).paginate(**params)
        iterator = iter(pages)
    except Exception as error:
        raise map_botocore_error(error, operation=operation) from error
    while True:
        try:
            page = next(iterator)
        except StopIteration:
            return
        except Exception as error:
            raise map_botocore_error(error, operation=operation) from error
        members: Mapping[str, object] = (
            cast("Mapping[str, object]", page) if isinstance(page, Mapping) else {}
        )
        entries: object = members.get("JobSummaries") or []
        if not isinstance(entries, list):
            raise MalformedResponseError(
                f"JobSummaries must be an array, not {type(entries).__name__}",
                operation=operation,
            )
        for index, entry in enumerate(cast("list[object]", entries)):
            yield structure(
                entry, kind.summary, what="JobSummaries", index=index, operation=operation
            )


@attrs.frozen(kw_only=True)
class Caller:
    """What the client's operations need, and the operations, each written once.

    It holds the boto3 clients, the retry policy, the sleep and the clock; each
    operation reads the row of the job's kind.
    """

    client: Any
    """The boto3 voice-id client."""
    s3_client: Callable[[], S3Client | None]
    """Gives the boto3 s3 client, or None when the client has none."""
    retry: RetryPolicy | None
    """How Start retries; :data:`DEFAULT_RETRY` when None."""
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    _retrying: dict[str, tenacity.Retrying] = attrs.field(
        factory=dict[str, tenacity.Retrying], init=False, repr=False, eq=False
    )
    """One retry controller per operation, made on first use and kept."""

    def start(self, kind: JobKind[JobT, Any, Any, Any, Any, Any], request: StartJobRequest) -> JobT:
        """Start a job of ``kind``."""
        operation = kind.operation(kind.start_method)
        retry = self._retrying.get(operation)
        if retry is None:
            policy = DEFAULT_RETRY if self.retry is None else self.retry
            retry = self._retrying[operation] = retrying(
                operation=operation, policy=policy, sleep=self.sleep
            )
        return start(kind, self.client, request, retry)

    def describe(
        self, kind: JobKind[JobT, Any, Any, Any, Any, Any], domain_id: str, job_id: str
    ) -> JobT:
        """Describe a job of ``kind``."""
        return describe(kind, self.client, domain_id, job_id)

    def wait(
        self,
        job: Any,
        *,
        timeout: float | datetime.timedelta | None,
        poll: PollPolicy | None,
        on_progress: Callable[[Any], None] | None,
    ) -> Any:
        """Wait for a job (or the job of a summary) to end; see ``wait_for_job``."""
        kind = kind_of(job)
        seconds = timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout
        if seconds is not None and not seconds >= 0:
            raise InvalidParameterError("timeout", timeout, "must be at least 0 seconds, or None")
        if (
            not isinstance(job, (kind.job, kind.summary))
            or job.job_id is None
            or job.domain_id is None
        ):
            raise InvalidParameterError(
                "job", job, "must be a job or job summary with a job_id and a domain_id"
            )
        domain_id, job_id = job.domain_id, job.job_id
        return poll_until_terminal(
            job,
            lambda: self.describe(kind, domain_id, job_id),
            timeout=seconds,
            policy=PollPolicy() if poll is None else poll,
            sleep=self.sleep,
            clock=self.clock,
            on_progress=on_progress,
        )

    def s3(self, method: str) -> S3Client:
        """The S3 client, or an error naming ``method`` that needs one."""
        s3 = self.s3_client()
        if s3 is None:
            raise InvalidParameterError(
                "s3_client", None, f"is required for {method}: pass s3_client= or use create()"
            )
        return s3

    def upload_manifest(
        self,
        manifest: Any,
        s3_uri: str,
        *,
        kms_key_id: str | None = None,
        expected_bucket_owner: str | None = None,
    ) -> InputDataConfig:
        """Write a manifest to S3 for a job to read; its InputDataConfig."""
        kind = kind_of(manifest, "manifest")
        if not isinstance(manifest, kind.manifest):
            raise InvalidParameterError(
                "manifest", manifest, "must be a manifest", shown=type(manifest).__name__
            )
        config = InputDataConfig(s3_uri=s3_uri)
        extra: dict[str, str] = {}
        if kms_key_id is not None:
            check_value(kms_key_id, "KmsKeyId", "kms_key_id")
            extra.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=kms_key_id)
        if expected_bucket_owner is not None:
            extra["ExpectedBucketOwner"] = expected_bucket_owner
        put_json(self.s3("upload_manifest"), s3_uri, manifest.to_json(), **extra)
        return config

    def read_output(self, job: Any) -> Any:
        """Read and parse an ended job's output file (a summary is described first)."""
        kind = kind_of(job)
        if isinstance(job, kind.summary):
            if job.job_id is None or job.domain_id is None:
                raise InvalidParameterError("job", job, "must have a job_id and a domain_id")
            job = self.describe(kind, job.domain_id, job.job_id)
        if not isinstance(job, kind.job):
            raise InvalidParameterError("job", job, "must be a job", shown=type(job).__name__)
        if not job.is_terminal:
            raise InvalidParameterError(
                "job",
                job,
                "must have ended to have an output file",
                shown=f"status {job.job_status}",
            )
        uri = job.output_file_uri
        if uri is None:
            raise InvalidParameterError(
                "job",
                job,
                "must have a job_id, input_data_config and output_data_config",
                shown="a job without them",
            )
        text = get_object(self.s3("read_job_output"), uri)
        try:
            return kind.output.from_json(text)
        except OutputFileError as error:
            raise OutputFileError(error.path, error.problem, uri=uri) from None

    def read_manifest(self, job: Any) -> Any:
        """The manifest an ended job read, from its ``input_data_config``."""
        kind = kind_of(job)
        if job.input_data_config is None:
            raise InvalidParameterError(
                "job", job, "must have an input_data_config", shown="no manifest"
            )
        return kind.manifest.from_json(
            get_object(self.s3("read_manifest"), job.input_data_config.s3_uri)
        )
