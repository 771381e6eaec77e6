"""How one call is made: checked parameters in, typed errors and models out.

Every operation of the client goes through :func:`call` (or :func:`summaries` for List),
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
from ._effects import (
    Describe,
    Effect,
    GetObject,
    PutObject,
    Start,
    Steps,
    Stream,
    Wait,
    each,
    run,
)
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
from ._waiting import PollPolicy, RateLimit, RetryPolicy, poll_until_terminal, retrying

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = [
    "DEFAULT_RETRY",
    "Caller",
    "call",
    "checked_params",
    "describe_params",
    "is_last_page",
    "list_params",
    "new_client_token",
    "no_s3_client",
    "page_summaries",
    "parse",
    "read_manifest_steps",
    "read_output_steps",
    "structure",
    "summaries",
    "upload_steps",
    "wait_target",
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
        return from_boto(data, cls)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        where = what if index is None else f"{what}[{index}]"
        raise MalformedResponseError(f"{where}: {error}", operation=operation) from error


def describe_params(domain_id: str, job_id: str) -> dict[str, Any]:
    """The checked parameters of a Describe."""
    return checked_params(DescribeJobRequest(domain_id=domain_id, job_id=job_id))


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
    kind: JobKind[Any, SummaryT, Any, Any, Any, Any],
    client: Any,
    params: Mapping[str, Any],
    pace: Callable[[], None] = lambda: None,
) -> Iterator[SummaryT]:
    """Every job summary of every page of a List, with typed errors, fetched lazily.

    ``pace`` runs before each page is asked for (the client's rate limit).
    """
    operation = kind.list_operation
    try:
        pages: Iterable[Any] = client.get_paginator(kind.list_method).paginate(**params)
        iterator = iter(pages)
    except Exception as error:
        raise map_botocore_error(error, operation=operation) from error
    while True:
        pace()
        try:
            page = next(iterator)
        except StopIteration:
            return
        except Exception as error:
            raise map_botocore_error(error, operation=operation) from error
        yield from page_summaries(kind, page)
        if is_last_page(page):
            return


def is_last_page(page: object) -> bool:
    """Whether a List page is the last: it has no NextToken (so no call is paced for none)."""
    return not (isinstance(page, Mapping) and cast("Mapping[str, object]", page).get("NextToken"))


def page_summaries(
    kind: JobKind[Any, SummaryT, Any, Any, Any, Any], page: object
) -> Iterator[SummaryT]:
    """The job summaries of one page of a List."""
    operation = kind.list_operation
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
        yield structure(entry, kind.summary, what="JobSummaries", index=index, operation=operation)


# --- Operations as steps: the same for the sync and the async client ------------------


def wait_target(job: Any, timeout: float | datetime.timedelta | None) -> tuple[Any, float | None]:
    """The kind of a job to wait for, and the timeout in seconds, checked."""
    kind = kind_of(job)
    seconds = timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout
    if seconds is not None and not seconds >= 0:
        raise InvalidParameterError("timeout", timeout, "must be at least 0 seconds, or None")
    if not isinstance(job, (kind.job, kind.summary)) or job.job_id is None or job.domain_id is None:
        raise InvalidParameterError(
            "job", job, "must be a job or job summary with a job_id and a domain_id"
        )
    return kind, seconds


def upload_steps(
    manifest: Any,
    s3_uri: str,
    *,
    kms_key_id: str | None = None,
    expected_bucket_owner: str | None = None,
) -> Steps[InputDataConfig]:
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
    yield PutObject(s3_uri, manifest.to_json(), extra, "upload_manifest")
    return config


def read_output_steps(job: Any) -> Steps[Any]:
    """Read and parse an ended job's output file (a summary is described first)."""
    kind = kind_of(job)
    if isinstance(job, kind.summary):
        if job.job_id is None or job.domain_id is None:
            raise InvalidParameterError("job", job, "must have a job_id and a domain_id")
        job = yield Describe(kind, job.domain_id, job.job_id)
    if not isinstance(job, kind.job):
        raise InvalidParameterError("job", job, "must be a job", shown=type(job).__name__)
    if not job.is_terminal:
        raise InvalidParameterError(
            "job", job, "must have ended to have an output file", shown=f"status {job.job_status}"
        )
    uri = job.output_file_uri
    if uri is None:
        raise InvalidParameterError(
            "job",
            job,
            "must have a job_id, input_data_config and output_data_config",
            shown="a job without them",
        )
    text = yield GetObject(uri, "read_job_output")
    try:
        return kind.output.from_json(text)
    except OutputFileError as error:
        raise OutputFileError(error.path, error.problem, uri=uri) from None


def read_manifest_steps(job: Any) -> Steps[Any]:
    """The manifest an ended job read, from its ``input_data_config``."""
    kind = kind_of(job)
    if job.input_data_config is None:
        raise InvalidParameterError(
            "job", job, "must have an input_data_config", shown="no manifest"
        )
    text = yield GetObject(job.input_data_config.s3_uri, "read_manifest")
    return kind.manifest.from_json(text)


def no_s3_client(method: str) -> InvalidParameterError:
    """The error of a method that needs S3 on a client without an S3 client."""
    return InvalidParameterError(
        "s3_client", None, f"is required for {method}: pass s3_client= or use create()"
    )


@attrs.frozen(kw_only=True)
class Caller:
    """The sync client's layer that calls, sleeps and reads the clock.

    It holds the boto3 clients, the retry policy, the rate limit, the sleep and the
    clock. Operations made of several calls are steps (see ``_effects``), which
    :meth:`perform` carries out one effect at a time.
    """

    client: Any
    """The boto3 voice-id client."""
    s3_client: Callable[[], S3Client | None]
    """Gives the boto3 s3 client, or None when the client has none."""
    retry: RetryPolicy | None
    """How Start retries; :data:`DEFAULT_RETRY` when None."""
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    limit: RateLimit | None = None
    """The client's limit on the rate of its Voice ID calls, or None."""
    _retrying: dict[str, tenacity.Retrying] = attrs.field(
        factory=dict[str, tenacity.Retrying], init=False, repr=False, eq=False
    )
    """One retry controller per operation, made on first use and kept."""

    def pace(self) -> None:
        """Sleep until the rate limit allows the next Voice ID call (at once without one)."""
        if self.limit is not None:
            delay = self.limit.reserve(self.clock())
            if delay > 0:
                self.sleep(delay)

    def call(self, method: str, params: Mapping[str, Any], operation: str) -> Mapping[str, Any]:
        """One Voice ID call, within the rate limit."""
        self.pace()
        return call(getattr(self.client, method), params, operation=operation)

    def start(self, kind: JobKind[JobT, Any, Any, Any, Any, Any], request: StartJobRequest) -> JobT:
        """Start a job of ``kind``: every attempt under the retry policy, with one token."""
        operation = kind.start_operation
        retry = self._retrying.get(operation)
        if retry is None:
            policy = DEFAULT_RETRY if self.retry is None else self.retry
            retry = self._retrying[operation] = retrying(
                operation=operation, policy=policy, sleep=self.sleep
            )
        params = checked_params(request)
        response = retry(lambda: self.call(kind.start_method, params, operation))
        return parse(response, "Job", kind.job, operation=operation)

    def describe(
        self, kind: JobKind[JobT, Any, Any, Any, Any, Any], domain_id: str, job_id: str
    ) -> JobT:
        """Describe a job of ``kind``."""
        params = describe_params(domain_id, job_id)
        operation = kind.describe_operation
        response = self.call(kind.describe_method, params, operation)
        return parse(response, "Job", kind.job, operation=operation)

    def summaries(
        self, kind: JobKind[Any, SummaryT, Any, Any, Any, Any], params: Mapping[str, Any]
    ) -> Iterator[SummaryT]:
        """Every job summary of a List, each page within the rate limit."""
        return summaries(kind, self.client, params, self.pace)

    def wait(
        self,
        job: Any,
        *,
        timeout: float | datetime.timedelta | None,
        poll: PollPolicy | None,
        on_progress: Callable[[Any], None] | None,
    ) -> Any:
        """Wait for a job (or the job of a summary) to end; see ``wait_for_job``."""
        kind, seconds = wait_target(job, timeout)
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

    def perform(self, effect: Effect) -> Any:
        """Carry out one effect of an operation's steps."""
        if isinstance(effect, Start):
            return self.start(effect.kind, effect.request)
        if isinstance(effect, Describe):
            return self.describe(effect.kind, effect.domain_id, effect.job_id)
        if isinstance(effect, Wait):
            return self.wait(
                effect.job, timeout=effect.timeout, poll=effect.poll, on_progress=effect.on_progress
            )
        if isinstance(effect, PutObject):
            return put_json(self._s3(effect.needed_by), effect.uri, effect.text, **effect.extra)
        return get_object(self._s3(effect.needed_by), effect.uri)

    def run(self, steps: Steps[T]) -> T:
        """Carry out an operation's steps."""
        return run(steps, self.perform)

    def each(self, stream: Stream) -> Iterator[Any]:
        """Carry out an iterator's steps, lazily."""
        return each(stream, self.perform)

    def _s3(self, method: str) -> S3Client:
        s3 = self.s3_client()
        if s3 is None:
            raise no_s3_client(method)
        return s3
