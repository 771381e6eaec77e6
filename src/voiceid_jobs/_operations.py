"""Every single operation of the clients, written once, as steps (see ``_effects``).

Start (every attempt under the retry policy, with one ClientToken), Describe, the
pages of a List, and writing and reading the batch files. Each yields its call
itself, or through :func:`retrying_steps` when it is retried: at most two steps
between a client's method and its call. The checks come first, before any effect, so
the sync and the async client run the very same code. Waiting for a job is in
``_waiting``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._effects import Call, Emit, GetObject, PutObject, Steps, Stream
from ._errors import InvalidParameterError, MalformedResponseError, OutputFileError
from ._kinds import AnyJobKind, job_address, kind_of
from ._models import InputDataConfig
from ._params import describe_params, list_params
from ._policies import retry_controller, retrying_steps
from ._responses import next_token, page_items, parse
from ._validation import check_value, validate

if TYPE_CHECKING:
    from ._enums import JobStatus
    from ._policies import RetryPolicy

__all__ = [
    "describe_steps",
    "list_stream",
    "read_manifest_steps",
    "read_output_steps",
    "start_steps",
    "upload_steps",
]


def start_steps(
    kind: AnyJobKind, params: Mapping[str, Any], retry: RetryPolicy | None
) -> Steps[Any]:
    """Start a job of ``kind`` with checked parameters (``_params.start_params``).

    Every attempt is made under ``retry`` (``RetryPolicy()`` when None) and sends the
    same parameters, ClientToken included, so a retry never starts a second job.
    """
    job = yield from retrying_steps(
        retry_controller(operation=kind.start_operation, policy=retry),
        Call(kind.start_method, params, kind.start_operation),
        lambda response: parse(response, "Job", kind.job, operation=kind.start_operation),
    )
    return job


def describe_steps(kind: AnyJobKind, domain_id: str, job_id: str) -> Steps[Any]:
    """Describe a job of ``kind``."""
    params = describe_params(domain_id, job_id)
    response = yield Call(kind.describe_method, params, kind.describe_operation)
    return parse(response, "Job", kind.job, operation=kind.describe_operation)


def list_stream(
    kind: AnyJobKind, domain_id: str, job_status: JobStatus | None, page_size: int | None
) -> Stream:
    """Every job summary of a domain's List, a page at a time.

    The arguments are checked now; the pages are requested as the stream is consumed.
    """
    return _list_pages(kind, list_params(domain_id, job_status, page_size))


def _list_pages(kind: AnyJobKind, params: dict[str, Any]) -> Stream:
    """Every job summary of every page of a List, a page at a time; ``params`` checked."""
    operation = kind.list_operation
    seen: set[str] = set()
    page_params = params
    while True:
        page = yield Call(kind.list_method, page_params, operation)
        for summary in page_items(page, "JobSummaries", kind.summary, operation=operation):
            yield Emit(summary)
        token = next_token(page, operation=operation)
        if token is None:
            return
        if token in seen:  # a service that hands back a token again would page forever
            raise MalformedResponseError(f"NextToken {token!r:.60} came twice", operation=operation)
        seen.add(token)
        page_params = {**params, "NextToken": token}


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


def read_output_steps(job: Any) -> Steps[Any]:
    """Read and parse an ended job's output file (a summary is described first)."""
    kind = kind_of(job)
    if isinstance(job, kind.summary):
        job = yield from describe_steps(*job_address(job))
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
