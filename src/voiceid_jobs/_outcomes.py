"""What became of each request: of a job, of a sharded run, and which to retry.

A job's outcomes are its manifest joined with its output file (:func:`join_outcomes`),
in manifest order, nothing dropped. A :class:`ShardedRun` keeps only counts; its
outcomes stay in S3 and are read back a shard at a time (:func:`run_outcome_stream`),
so memory stays bounded whatever the size of the run. Retrying is a new run over the
failed or missing requests (:func:`failed_request_stream`): rerunning the same call
replays the same jobs, so it never retries anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, Literal, TypeVar, cast, overload

import attrs

from ._effects import Emit, Steps, Stream
from ._enums import JobStatus
from ._errors import InvalidParameterError
from ._kinds import job_address, kind_of
from ._manifest import (
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from ._models import (
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from ._operations import describe_steps, read_manifest_steps, read_output_steps
from ._output import (
    EnrollmentJobOutput,
    RegistrationJobOutput,
    RequestError,
    SuccessfulEnrollment,
    SuccessfulRegistration,
)

__all__ = [
    "RequestOutcome",
    "ShardResult",
    "ShardedRun",
    "checked_error_codes",
    "checked_sources",
    "failed_request_stream",
    "job_outcome_steps",
    "join_outcomes",
    "run_outcome_stream",
]

Request = TypeVar("Request", SpeakerEnrollmentRequest, FraudsterRegistrationRequest)
Success = TypeVar("Success", SuccessfulEnrollment, SuccessfulRegistration)


@attrs.frozen(kw_only=True)
class RequestOutcome(Generic[Request, Success]):
    """What became of one request: its success entry, its error entry, or neither."""

    request_id: str
    """The request's id."""
    request: Request | None
    """The request in the manifest; None for an entry whose id the manifest lacks."""
    success: Success | None = None
    """The success entry, if the output has one."""
    error: RequestError | None = None
    """The error entry, if the output has one."""

    @property
    def status(self) -> Literal["succeeded", "failed", "missing", "unexpected"]:
        """What became of the request.

        ``succeeded`` or ``failed`` per the output; ``missing`` when the output does not
        report the request at all; ``unexpected`` for an entry not in the manifest.
        """
        if self.request is None:
            return "unexpected"
        if self.error is not None:
            return "failed"
        if self.success is not None:
            return "succeeded"
        return "missing"


@overload
def join_outcomes(
    manifest: SpeakerEnrollmentManifest, output: EnrollmentJobOutput
) -> tuple[RequestOutcome[SpeakerEnrollmentRequest, SuccessfulEnrollment], ...]: ...
@overload
def join_outcomes(
    manifest: FraudsterRegistrationManifest, output: RegistrationJobOutput
) -> tuple[RequestOutcome[FraudsterRegistrationRequest, SuccessfulRegistration], ...]: ...
def join_outcomes(
    manifest: SpeakerEnrollmentManifest | FraudsterRegistrationManifest,
    output: EnrollmentJobOutput | RegistrationJobOutput,
) -> tuple[RequestOutcome[Any, Any], ...]:
    """Every request of ``manifest`` with what ``output`` says of it, in manifest order.

    A request the output does not mention has status ``missing``; nothing is dropped:
    entries whose RequestId is not in the manifest follow, with status ``unexpected``.
    """
    successes: dict[str | None, Any] = {entry.request_id: entry for entry in output.successes}
    errors = {error.request_id: error for error in output.errors}
    requests: tuple[Any, ...] = manifest.requests
    outcomes: list[RequestOutcome[Any, Any]] = [
        RequestOutcome(
            request_id=request.request_id,
            request=request,
            success=successes.pop(request.request_id, None),
            error=errors.pop(request.request_id, None),
        )
        for request in requests
    ]
    outcomes.extend(
        RequestOutcome(
            request_id=str(request_id),
            request=None,
            success=successes.get(request_id),
            error=errors.get(request_id),
        )
        for request_id in dict.fromkeys([*successes, *errors])
    )
    return tuple(outcomes)


# --- Runs ---------------------------------------------------------------------------


JobT = TypeVar("JobT", SpeakerEnrollmentJob, FraudsterRegistrationJob)


@attrs.frozen(kw_only=True)
class ShardResult(Generic[JobT]):
    """One shard's job and what became of its requests."""

    index: int
    """The shard, from 0."""
    job: JobT
    """The shard's ended job."""
    manifest_uri: str
    """Where the shard's manifest is, under ``staging_uri``."""
    requests: int
    """How many requests the shard holds."""
    succeeded: int
    """Requests with a success entry in the output file."""
    failed: int
    """Requests with an error entry in the output file."""
    missing: int
    """Requests the output file does not mention."""


@attrs.frozen(kw_only=True)
class ShardedRun(Generic[JobT]):
    """Every shard of a run. Each input request is counted once, in its shard.

    ``ShardedRun[SpeakerEnrollmentJob]`` from ``enroll_speakers``,
    ``ShardedRun[FraudsterRegistrationJob]`` from ``register_fraudsters``: the type
    says which requests ``failed_requests`` gives back for it.

    The outcomes themselves stay in S3 (so memory does not grow with the run):
    :meth:`VoiceIdJobsClient.run_outcomes` reads them back, a shard at a time.
    """

    shards: tuple[ShardResult[JobT], ...]
    """The shards, in order."""

    @property
    def requests(self) -> int:
        """All the requests of the run."""
        return sum(shard.requests for shard in self.shards)

    @property
    def succeeded(self) -> int:
        """Requests that succeeded, in every shard."""
        return sum(shard.succeeded for shard in self.shards)

    @property
    def failed(self) -> int:
        """Requests that failed, in every shard."""
        return sum(shard.failed for shard in self.shards)

    @property
    def missing(self) -> int:
        """Requests no output file mentions, in every shard."""
        return sum(shard.missing for shard in self.shards)


# --- Reading outcomes back, and what to retry --------------------------------------


def job_outcome_steps(
    job: Any, manifest: Any = None
) -> Steps[tuple[RequestOutcome[Any, Any], ...]]:
    """Every request of an ended job with its outcome: its manifest joined with its output.

    A summary is described first; the manifest is read back from the job's
    ``input_data_config`` when not given.
    """
    kind = kind_of(job)
    if isinstance(job, kind.summary):
        job = yield from describe_steps(*job_address(job))
    if manifest is None:
        manifest = yield from read_manifest_steps(job)
    if kind_of(manifest, "manifest") is not kind:
        raise InvalidParameterError(
            "manifest", manifest, "must be of the job's kind", shown=type(manifest).__name__
        )
    output = yield from read_output_steps(job)
    join = cast("Callable[[Any, Any], tuple[RequestOutcome[Any, Any], ...]]", join_outcomes)
    return join(manifest, output)


def checked_sources(
    source: ShardedRun[Any]
    | SpeakerEnrollmentJob
    | FraudsterRegistrationJob
    | SpeakerEnrollmentJobSummary
    | FraudsterRegistrationJobSummary,
) -> list[Any]:
    """The jobs and summaries of a run, a job or a summary, checked before anything is read.

    A job must have ended; a summary must have both ids (it is described when its
    turn comes, and must have ended then).
    """
    given: list[Any] = [source]
    if isinstance(source, ShardedRun):
        given = [shard.job for shard in source.shards]
    for job in given:
        kind, _, _ = job_address(job, "run_or_job")
        if isinstance(job, kind.job):
            _check_ended(job)
    return given


def _check_ended(job: Any) -> None:
    if not job.is_terminal:
        raise InvalidParameterError(
            "run_or_job", job, "must have ended", shown=f"job {job.job_id} {job.job_status}"
        )


def failed_request_stream(sources: list[Any], codes: frozenset[int] | None) -> Stream:
    """The original request of every failed or missing request of ended jobs, a job at a time.

    A job that FAILED as a whole has no output file: every request of its manifest is
    given. With ``codes``, only failed requests whose ErrorCode is one of them.
    """
    for source in sources:
        kind = kind_of(source)
        job = source
        if isinstance(source, kind.summary):
            job = yield from describe_steps(*job_address(source, "run_or_job"))
            _check_ended(job)
        if job.job_status == JobStatus.FAILED:
            if codes is None:
                manifest = yield from read_manifest_steps(job)
                for request in getattr(manifest, kind.requests_field):
                    yield Emit(request)
            continue
        outcomes = yield from job_outcome_steps(job)
        for outcome in outcomes:
            if outcome.request is not None and _to_retry(outcome, codes):
                yield Emit(outcome.request)


def _to_retry(outcome: RequestOutcome[Any, Any], codes: frozenset[int] | None) -> bool:
    if outcome.error is not None:
        return codes is None or outcome.error.error_code in codes
    return outcome.status == "missing" and codes is None


def checked_error_codes(error_codes: object) -> frozenset[int] | None:
    """The ``error_codes`` argument of ``failed_requests``, checked."""
    if error_codes is None:
        return None
    rule = "must be a collection of integers"
    if isinstance(error_codes, (str, bytes)) or not isinstance(error_codes, Iterable):
        raise InvalidParameterError("error_codes", error_codes, rule)
    codes = tuple(cast("Iterable[object]", error_codes))
    if any(isinstance(code, bool) or not isinstance(code, int) for code in codes):
        raise InvalidParameterError("error_codes", codes, rule)
    return frozenset(cast("tuple[int, ...]", codes))


def run_outcome_stream(run: ShardedRun[Any]) -> Stream:
    """Every request of a run with its outcome, read back from S3 a shard at a time.

    ``run`` is checked now, before the first read.
    """
    if not isinstance(run, ShardedRun):  # pyright: ignore[reportUnnecessaryIsInstance] - a caller's mistake
        raise InvalidParameterError("run", run, "must be a ShardedRun", shown=type(run).__name__)
    return _run_outcomes(run)


def _run_outcomes(run: ShardedRun[Any]) -> Stream:
    for shard in run.shards:
        outcomes = yield from job_outcome_steps(shard.job)
        for outcome in outcomes:
            yield Emit(outcome)
