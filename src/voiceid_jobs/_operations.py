"""Every operation of the clients, written once, as steps (see ``_effects``).

Start (every attempt under the retry policy, with one ClientToken), Describe, the
pages of a List, a wait for a job's end, and writing and reading the batch files.
The checks come first, before any effect; tenacity decides when to try again, and
the sleeps and clock readings it needs are effects, so the sync and the async client
run the very same code.
"""

from __future__ import annotations

import datetime
import math
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._effects import Call, Emit, GetObject, Now, PutObject, Sleep, Steps, Stream
from ._errors import InvalidParameterError, MalformedResponseError, OutputFileError
from ._kinds import AnyJobKind, KindName, kind_named, kind_of
from ._models import InputDataConfig
from ._policies import PollPolicy, retry_controller
from ._settings import Policies
from ._validation import check_value, validate
from ._waiting import Poller
from ._wire import (
    checked_params,
    describe_params,
    list_params,
    new_client_token,
    next_token,
    page_items,
    parse,
)

if TYPE_CHECKING:
    import tenacity

    from ._enums import JobStatus

__all__ = [
    "call_steps",
    "checked_timeout",
    "checked_wait_options",
    "describe_job_steps",
    "describe_steps",
    "job_address",
    "list_stream",
    "read_manifest_steps",
    "read_output_steps",
    "retrying_steps",
    "start_params_steps",
    "start_request_steps",
    "start_steps",
    "upload_steps",
    "wait_steps",
]

T = TypeVar("T")


def retrying_steps(controller: tenacity.Retrying, attempt: Callable[[], Steps[T]]) -> Steps[T]:
    """Make attempts until ``controller`` (tenacity's strategies and state) says stop.

    The loop of ``tenacity.Retrying.__call__``, with its sleeps and clock readings as
    effects: the call state's times are the client's clock, so a strategy that reads
    them (a wait's timeout) reads the client's time.
    """
    controller.begin()
    import tenacity

    state = tenacity.RetryCallState(controller, fn=None, args=(), kwargs={})
    state.start_time = yield Now()
    while True:
        action = controller.iter(state)
        if isinstance(action, tenacity.DoAttempt):
            try:
                result = yield from attempt()
            except Exception:  # noqa: BLE001 - tenacity's retry strategy decides
                state.set_exception(sys.exc_info())  # type: ignore[arg-type]
            else:
                state.set_result(result)
            state.outcome_timestamp = yield Now()
        elif isinstance(action, tenacity.DoSleep):
            state.prepare_for_next_attempt()
            yield Sleep(float(action))
        else:
            done: T = action
            return done


def call_steps(policies: Policies, method: str, params: Any, operation: str) -> Steps[Any]:
    """One Voice ID call, within the client's rate limit."""
    if policies.limit is not None:
        delay = policies.limit.reserve((yield Now()))
        if delay > 0:
            yield Sleep(delay)
    response = yield Call(method, params, operation)
    return response


def start_steps(policies: Policies, kind: KindName, **members: Any) -> Steps[Any]:
    """Start a job of ``kind`` from the Start request's ``members``.

    With no ``client_token`` one is made here, before the first attempt, and sent on
    every retry.
    """
    row = kind_named(kind)
    if members.get("client_token") is None:
        members["client_token"] = new_client_token()
    job = yield from start_request_steps(policies, row, row.start_request(**members))
    return job


def start_request_steps(policies: Policies, kind: AnyJobKind, request: Any) -> Steps[Any]:
    """Start a job of ``kind``: every attempt under the retry policy, with the request's token."""
    job = yield from start_params_steps(policies, kind, checked_params(request))
    return job


def start_params_steps(policies: Policies, kind: AnyJobKind, params: Any) -> Steps[Any]:
    """Start a job of ``kind`` with checked parameters: every attempt with the same token."""
    response = yield from retrying_steps(
        retry_controller(operation=kind.start_operation, policy=policies.retry),
        lambda: call_steps(policies, kind.start_method, params, kind.start_operation),
    )
    return parse(response, "Job", kind.job, operation=kind.start_operation)


def describe_steps(policies: Policies, kind: KindName, domain_id: str, job_id: str) -> Steps[Any]:
    """Describe a job of ``kind``."""
    row = kind_named(kind)
    params = describe_params(domain_id, job_id)
    response = yield from call_steps(policies, row.describe_method, params, row.describe_operation)
    return parse(response, "Job", row.job, operation=row.describe_operation)


def job_address(job: object, field: str = "job") -> tuple[AnyJobKind, str, str]:
    """The kind, domain id and job id of a job or job summary.

    Raises:
        InvalidParameterError: ``job`` is not a job or job summary with both ids.
    """
    kind = kind_of(job, field)
    domain_id, job_id = getattr(job, "domain_id", None), getattr(job, "job_id", None)
    if not isinstance(job, (kind.job, kind.summary)) or domain_id is None or job_id is None:
        raise InvalidParameterError(
            field, job, "must be a job or job summary with a job_id and a domain_id"
        )
    return kind, domain_id, job_id


def describe_job_steps(policies: Policies, job: object, field: str = "job") -> Steps[Any]:
    """A job or summary, described afresh with the Describe operation of its kind."""
    kind, domain_id, job_id = job_address(job, field)
    described = yield from describe_steps(policies, kind.name, domain_id, job_id)
    return described


def list_stream(
    policies: Policies,
    kind: KindName,
    domain_id: str,
    job_status: JobStatus | None,
    page_size: int | None,
) -> Stream:
    """Every job summary of a domain's List, a page at a time.

    The arguments are checked now; the pages are requested as the stream is consumed.
    """
    return _list_pages(policies, kind_named(kind), list_params(domain_id, job_status, page_size))


def _list_pages(policies: Policies, kind: AnyJobKind, params: dict[str, Any]) -> Stream:
    """Every job summary of every page of a List, a page at a time; ``params`` checked."""
    operation = kind.list_operation
    seen: set[str] = set()
    page_params = params
    while True:
        page = yield from call_steps(policies, kind.list_method, page_params, operation)
        for summary in page_items(page, "JobSummaries", kind.summary, operation=operation):
            yield Emit(summary)
        token = next_token(page, operation=operation)
        if token is None:
            return
        if token in seen:  # a service that hands back a token again would page forever
            raise MalformedResponseError(f"NextToken {token!r:.60} came twice", operation=operation)
        seen.add(token)
        page_params = {**params, "NextToken": token}


def checked_timeout(timeout: object) -> float | None:
    """A wait's ``timeout`` in seconds, checked: a number or timedelta at least 0, or None."""
    if timeout is None:
        return None
    seconds = timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout
    if (
        isinstance(seconds, bool)
        or not isinstance(seconds, (int, float))
        or math.isnan(seconds)
        or seconds < 0
    ):
        raise InvalidParameterError(
            "timeout", timeout, "must be a number of seconds (or a timedelta) at least 0, or None"
        )
    return float(seconds)


def checked_wait_options(poll: object, on_progress: object) -> None:
    """Check a wait's ``poll`` and ``on_progress`` (before anything is started)."""
    if poll is not None and not isinstance(poll, PollPolicy):
        raise InvalidParameterError("poll", poll, "must be a PollPolicy or None")
    if on_progress is not None and not callable(on_progress):
        raise InvalidParameterError("on_progress", on_progress, "must be callable or None")


def wait_steps(
    policies: Policies,
    job: object,
    *,
    timeout: object,
    poll: PollPolicy | None,
    on_progress: Callable[[Any], None] | None,
) -> Steps[Any]:
    """Describe a job (or the job of a summary) until it ends; see ``wait_for_job``."""
    kind, domain_id, job_id = job_address(job)
    seconds = checked_timeout(timeout)
    checked_wait_options(poll, on_progress)
    poller = Poller(
        job, timeout=seconds, policy=PollPolicy() if poll is None else poll, on_progress=on_progress
    )

    def attempt() -> Steps[Any]:
        current = yield from describe_steps(policies, kind.name, domain_id, job_id)
        return poller.seen(current)

    ended = yield from retrying_steps(poller.controller(), attempt)
    return ended


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
    validate(manifest, deep=True)  # its requests too, however they were made
    extra: dict[str, str] = {}
    if kms_key_id is not None:
        check_value(kms_key_id, "KmsKeyId", "kms_key_id")
        extra.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=kms_key_id)
    if expected_bucket_owner is not None:
        extra["ExpectedBucketOwner"] = expected_bucket_owner
    yield PutObject(s3_uri, manifest.to_json(), extra, "upload_manifest")
    return config


def read_output_steps(policies: Policies, job: Any) -> Steps[Any]:
    """Read and parse an ended job's output file (a summary is described first)."""
    kind = kind_of(job)
    if isinstance(job, kind.summary):
        job = yield from describe_job_steps(policies, job)
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
