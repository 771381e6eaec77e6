"""Enrollment at scale: any number of requests, in shards, resumable after a crash.

The service takes at most 10,000 speakers per enrollment job and 500 fraudsters per
registration job, and one active job of each type per domain. :func:`run_in_shards`
consumes the requests lazily, a shard at a time, and runs one job per shard, one
after another.

Resuming is the service's own idempotency. A shard's manifest name and ClientToken
are a digest of everything that defines its job (the kind, the domain, the role, the
output and job configs, the job name and the shard's manifest), so running the same
call again uploads the same manifest under the same name and sends the same Start:
the service gives back the job that token already started, finished or running,
and only shards that never started start a job. The limit is the service's
idempotency window: a token it has forgotten starts a second job for its shard.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any, cast

import attrs

from ._calls import Caller
from ._converters import to_boto
from ._errors import InvalidParameterError
from ._kinds import JobKind, kind_of
from ._models import (
    EnrollmentConfig,
    FraudsterRegistrationJob,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
)
from ._output import RequestOutcome, join_outcomes
from ._requests import StartJobRequest
from ._validation import check_value
from ._waiting import PollPolicy

__all__ = [
    "ShardProgress",
    "ShardResult",
    "ShardedRun",
    "job_outcomes",
    "run_in_shards",
    "run_outcomes",
]


@attrs.frozen(kw_only=True)
class ShardProgress:
    """Where a sharded run stands: reported after every poll of the current job."""

    shard_index: int
    """The current shard, from 0."""
    shard_count: int | None
    """How many shards there are, or None when the requests were not counted up front
    (an iterator rather than a sized collection)."""
    shard_requests: int
    """How many requests the current shard holds."""
    job: SpeakerEnrollmentJob | FraudsterRegistrationJob
    """The current shard's job, as last described."""


@attrs.frozen(kw_only=True)
class ShardResult:
    """One shard's job and what became of its requests."""

    index: int
    """The shard, from 0."""
    job: SpeakerEnrollmentJob | FraudsterRegistrationJob
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
class ShardedRun:
    """Every shard of a run. Each input request is counted once, in its shard.

    The outcomes themselves stay in S3 (so memory does not grow with the run):
    :meth:`VoiceIdJobsClient.run_outcomes` reads them back, a shard at a time.
    """

    shards: tuple[ShardResult, ...]
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


def _shard_size(given: object, limit: int) -> int:
    """The shard size asked for, checked against the kind's limit (the table's)."""
    if given is None:
        return limit
    if isinstance(given, bool) or not isinstance(given, int) or not 1 <= given <= limit:
        raise InvalidParameterError("shard_size", given, f"must be an integer from 1 to {limit}")
    return given


def _shards(requests: Iterable[Any], size: int) -> Iterator[tuple[Any, ...]]:
    iterator = iter(requests)
    while shard := tuple(itertools.islice(iterator, size)):
        yield shard


def _digest(
    kind: JobKind[Any, Any, Any, Any, Any, Any], identity: dict[str, Any], manifest_text: str
) -> str:
    hasher = hashlib.sha256(json.dumps([kind.name, identity], sort_keys=True, default=str).encode())
    hasher.update(manifest_text.encode())
    return hasher.hexdigest()


def run_in_shards(  # noqa: PLR0913 - the Start members, the staging place and the run's settings
    caller: Caller,
    kind: JobKind[Any, Any, Any, Any, Any, Any],
    requests: Iterable[Any],
    *,
    domain_id: str,
    data_access_role_arn: str,
    staging_uri: str,
    output_data_config: OutputDataConfig,
    config: EnrollmentConfig | RegistrationConfig | None,
    job_name_prefix: str | None,
    on_progress: Callable[[ShardProgress], None] | None,
    shard_size: int | None,
    poll: PollPolicy | None,
) -> ShardedRun:
    """Run ``requests`` as one job per shard; see the module's docs."""
    size = _shard_size(shard_size, kind.max_requests)
    check_value(staging_uri, "S3Uri", "staging_uri")
    folder = staging_uri.rstrip("/")
    count = len(requests) if isinstance(requests, Sized) else None
    shard_count = None if count is None else math.ceil(count / size)
    identity = {
        "domain_id": domain_id,
        "role": data_access_role_arn,
        "output": to_boto(output_data_config),
        "config": None if config is None else to_boto(config),
        "job_name_prefix": job_name_prefix,
    }
    results: list[ShardResult] = []
    for index, shard in enumerate(_shards(requests, size)):
        manifest = kind.manifest_of(shard)
        digest = _digest(kind, identity, manifest.to_json())
        manifest_uri = f"{folder}/{kind.name}-{digest[:40]}.json"
        request: StartJobRequest = kind.start_request(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=caller.upload_manifest(manifest, manifest_uri),
            output_data_config=output_data_config,
            job_name=None if job_name_prefix is None else f"{job_name_prefix}-{index + 1}",
            client_token=f"vij-{digest[:60]}",
            **{kind.config_field: config},
        )

        def report(job: Any, index: int = index, requests: int = len(shard)) -> None:
            if on_progress is not None:
                on_progress(
                    ShardProgress(
                        shard_index=index, shard_count=shard_count, shard_requests=requests, job=job
                    )
                )

        job = caller.start(kind, request)
        report(job)
        job = caller.wait(job, timeout=None, poll=poll, on_progress=report)
        statuses = [outcome.status for outcome in job_outcomes(caller, job, manifest)]
        results.append(
            ShardResult(
                index=index,
                job=job,
                manifest_uri=manifest_uri,
                requests=len(shard),
                succeeded=statuses.count("succeeded"),
                failed=statuses.count("failed"),
                missing=statuses.count("missing"),
            )
        )
    return ShardedRun(shards=tuple(results))


def job_outcomes(
    caller: Caller, job: SpeakerEnrollmentJob | FraudsterRegistrationJob, manifest: Any = None
) -> tuple[RequestOutcome[Any, Any], ...]:
    """Every request of an ended job with its outcome: its manifest joined with its output.

    The manifest is read back from the job's ``input_data_config`` when not given.
    """
    kind = kind_of(job)
    if manifest is None:
        manifest = caller.read_manifest(job)
    if kind_of(manifest, "manifest") is not kind:
        raise InvalidParameterError(
            "manifest", manifest, "must be of the job's kind", shown=type(manifest).__name__
        )
    join = cast("Callable[[Any, Any], tuple[RequestOutcome[Any, Any], ...]]", join_outcomes)
    return join(manifest, caller.read_output(job))


def run_outcomes(caller: Caller, run: ShardedRun) -> Iterator[RequestOutcome[Any, Any]]:
    """Every request of a run with its outcome, read back from S3 a shard at a time."""
    for shard in run.shards:
        yield from job_outcomes(caller, shard.job)
