"""Enrollment at scale: any number of requests, in shards, resumable after a crash.

The service takes at most 10,000 speakers per enrollment job and 500 fraudsters per
registration job, and one active job of each type per domain. :func:`run_steps`
consumes the requests lazily, a shard at a time, and runs one job per shard, one
after another. Every operation here is written as steps (see ``_effects``), which
the sync and the async client carry out.

Nothing is written before everything is checked: the settings, the first shard's
manifest and its whole Start request are checked before the first object is staged,
and each later shard's before its own. A refused call leaves nothing behind.

A shard is named by its content. Its digest covers everything that defines its job
(the kind, the domain, the role, the output and job configs, the job name and the
manifest's text); the staged manifest's key and the first ClientToken are made from
it, so two different runs never write the same key, and running the same call again
stages the same manifest under the same key and sends the same Start: the service
gives back the job that token started, finished or running, and only shards that
never started start a job.

A shard whose job FAILED can be resumed once its cause is fixed: when Start gives
back a job that had already FAILED, the next ClientToken is a digest of the shard's
and that job's id, so the rerun starts exactly one new job for the shard, and a
rerun after that finds it. The run that sees a job fail raises JobFailedError. The
limit is the service's idempotency window: a token it has forgotten starts a second
job for its shard.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import TYPE_CHECKING, Any, cast

import attrs

from ._converters import to_boto
from ._effects import Steps
from ._enums import JobStatus
from ._errors import InvalidParameterError
from ._kinds import ENROLLMENT, REGISTRATION, AnyJobKind, kind_of
from ._manifest import (
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from ._models import (
    EnrollmentConfig,
    FraudsterRegistrationJob,
    InputDataConfig,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
)
from ._operations import start_steps, upload_steps
from ._outcomes import ShardedRun, ShardResult, job_outcome_steps
from ._params import checked_params
from ._requests import StartJobRequest
from ._validation import check_value
from ._waiting import checked_wait_options, wait_steps

if TYPE_CHECKING:
    from ._policies import PollPolicy, RetryPolicy

__all__ = [
    "PlannedShard",
    "RunSettings",
    "ShardProgress",
    "Staging",
    "plan_fraudster_registration",
    "plan_speaker_enrollment",
    "planned_shards",
    "run_steps",
    "start_shard_steps",
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


TOKEN_PREFIX = "vij-"  # noqa: S105 - an idempotency token's prefix, not a secret
"""Marks the ClientTokens of sharded runs; with 60 hex digits, 64 characters, the most
the service takes."""


def _token(*parts: str) -> str:
    return TOKEN_PREFIX + hashlib.sha256("/".join(parts).encode()).hexdigest()[:60]


@attrs.frozen(kw_only=True)
class Staging:
    """Where and how a run stages its manifests, checked before anything is written."""

    folder: str
    """The S3 folder, without a trailing slash."""
    kms_key_id: str | None = None
    """The KMS key that encrypts the staged manifests (SSE-KMS), or None for the
    bucket's default encryption."""
    expected_bucket_owner: str | None = None
    """The account that must own the staging bucket, or None not to check."""

    @classmethod
    def checked(
        cls, staging_uri: object, kms_key_id: object, expected_bucket_owner: object
    ) -> Staging:
        """The staging settings, or InvalidParameterError naming the first bad one."""
        check_value(staging_uri, "S3Uri", "staging_uri")
        if kms_key_id is not None:
            check_value(kms_key_id, "KmsKeyId", "staging_kms_key_id")
        if expected_bucket_owner is not None and not (
            isinstance(expected_bucket_owner, str)
            and len(expected_bucket_owner) == ACCOUNT_ID_LENGTH
            and expected_bucket_owner.isdigit()
        ):
            raise InvalidParameterError(
                "expected_bucket_owner", expected_bucket_owner, "must be a 12-digit account id"
            )
        return cls(
            folder=str(staging_uri).rstrip("/"),
            kms_key_id=None if kms_key_id is None else str(kms_key_id),
            expected_bucket_owner=expected_bucket_owner,
        )


ACCOUNT_ID_LENGTH = 12


@attrs.frozen(kw_only=True)
class PlannedShard:
    """One shard of a run, checked, with its manifest's key and its Start request.

    Planning writes nothing: :func:`plan_speaker_enrollment` and
    :func:`plan_fraudster_registration` make these (a dry run), and
    :meth:`VoiceIdJobsClient.start_planned_shard` stages one and starts its job.
    """

    index: int
    """The shard, from 0."""
    manifest: SpeakerEnrollmentManifest | FraudsterRegistrationManifest
    """The shard's manifest."""
    manifest_uri: str
    """Where it is staged: ``<staging folder>/<kind>-<digest>.json``."""
    digest: str
    """A digest of everything that defines the shard's job (the kind, the domain, the
    role, the output and job configs, the job name and the manifest's text); the
    manifest's key and the first ClientToken are made from it."""
    start_request: Mapping[str, Any]
    """The Start request of the shard's first attempt, as boto3 takes it, checked."""
    staging_kms_key_id: str | None = None
    """The KMS key that encrypts the staged manifest, or None for the bucket's default."""
    expected_bucket_owner: str | None = None
    """The account that must own the staging bucket, or None not to check."""


@attrs.frozen(kw_only=True)
class RunSettings:
    """What a sharded run (or a plan) is told, apart from its requests.

    Made with :meth:`checked` where a run or a plan enters (``enroll_speakers``,
    ``register_fraudsters``, the ``plan_*`` functions) and passed down whole.
    """

    kind: AnyJobKind
    """The row of the run's kind of job."""
    domain_id: str
    """The domain of every job."""
    data_access_role_arn: str
    """The role the service reads and writes S3 with."""
    output_data_config: OutputDataConfig
    """Where the jobs write their output files."""
    config: EnrollmentConfig | RegistrationConfig | None
    """The options of every job (``enrollment_config`` or ``registration_config``)."""
    job_name_prefix: str | None
    """Names the jobs ``<prefix>-1``, ``<prefix>-2``, ..., or None for no names."""
    shard_size: int
    """Requests per job, checked against the kind's limit (the limit when not given)."""
    staging: Staging
    """Where and how the shards' manifests are staged."""
    poll: PollPolicy | None = None
    """The polling schedule of each wait; ``PollPolicy()`` when None."""
    on_progress: Callable[[ShardProgress], None] | None = None
    """Called with a :class:`ShardProgress` after every poll, or None."""

    @classmethod
    def checked(  # noqa: PLR0913 - the arguments of enroll_speakers, less the requests
        cls,
        kind: AnyJobKind,
        *,
        domain_id: str,
        data_access_role_arn: str,
        staging_uri: str,
        output_data_config: OutputDataConfig,
        config: EnrollmentConfig | RegistrationConfig | None,
        job_name_prefix: str | None,
        shard_size: int | None,
        staging_kms_key_id: str | None,
        expected_bucket_owner: str | None,
        poll: PollPolicy | None = None,
        on_progress: Callable[[ShardProgress], None] | None = None,
    ) -> RunSettings:
        """The settings, with the run's own checked now, before anything is read or sent.

        The Start members (the domain, the role, the output and job configs) are
        checked with each shard's Start request, and the job name prefix against the
        longest name once the requests are known (:func:`planned_shards`).

        Raises:
            InvalidParameterError: naming the first bad setting.
        """
        checked_wait_options(poll, on_progress)
        return cls(
            kind=kind,
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            output_data_config=output_data_config,
            config=config,
            job_name_prefix=job_name_prefix,
            shard_size=_shard_size(shard_size, kind.max_requests),
            staging=Staging.checked(staging_uri, staging_kms_key_id, expected_bucket_owner),
            poll=poll,
            on_progress=on_progress,
        )


def _plan_shard(settings: RunSettings, index: int, requests: tuple[Any, ...]) -> PlannedShard:
    """Check a shard and build its Start request; write nothing.

    Raises:
        InvalidParameterError: a request, a setting or the Start request breaks a rule.
    """
    kind, prefix = settings.kind, settings.job_name_prefix
    job_name = None if prefix is None else _job_name(prefix, index + 1)
    manifest = kind.manifest_of(requests)
    text = manifest.to_json()
    identity = {
        "kind": kind.name,
        "domain_id": settings.domain_id,
        "role": settings.data_access_role_arn,
        "output": _as_boto(settings.output_data_config),
        "config": _as_boto(settings.config),
        "job_name": job_name,
    }
    hasher = hashlib.sha256(json.dumps(identity, sort_keys=True, default=str).encode())
    hasher.update(text.encode())
    digest = hasher.hexdigest()
    manifest_uri = f"{settings.staging.folder}/{kind.name}-{digest[:40]}.json"
    request: StartJobRequest = kind.start_request(
        domain_id=settings.domain_id,
        data_access_role_arn=settings.data_access_role_arn,
        input_data_config=InputDataConfig(s3_uri=manifest_uri),
        output_data_config=settings.output_data_config,
        job_name=job_name,
        client_token=_token(digest),
        **{kind.config_field: settings.config},
    )
    return PlannedShard(
        index=index,
        manifest=manifest,
        manifest_uri=manifest_uri,
        digest=digest,
        start_request=checked_params(request),
        staging_kms_key_id=settings.staging.kms_key_id,
        expected_bucket_owner=settings.staging.expected_bucket_owner,
    )


def _job_name(prefix: str, number: int) -> str:
    """Shard ``number``'s job name, ``<prefix>-<number>``.

    Raises:
        InvalidParameterError: naming ``job_name_prefix`` when the name breaks a rule.
    """
    if not isinstance(prefix, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidParameterError("job_name_prefix", prefix, "must be a string")
    name = f"{prefix}-{number}"
    try:
        check_value(name, "JobName", "job_name")
    except InvalidParameterError as error:
        rule = f"must still follow the job name rule with '-{number}' added: {error.rule}"
        raise InvalidParameterError("job_name_prefix", prefix, rule) from None
    return name


def _as_boto(model: object) -> object:
    """A model's members, for the digest; anything else as it is (the check reports it)."""
    return to_boto(cast("attrs.AttrsInstance", model)) if attrs.has(type(model)) else model


def planned_shards(settings: RunSettings, requests: Iterable[Any]) -> Iterator[PlannedShard]:
    """Every shard of ``requests``, planned as it is reached.

    The job name prefix is checked now, against the longest name the requests make.

    Raises:
        InvalidParameterError: a setting or a request breaks a rule, or there are no
            requests.
    """
    prefix = settings.job_name_prefix
    if prefix is not None:  # before any shard is planned: the longest name known
        _job_name(prefix, _shard_count(requests, settings.shard_size) or 1)
    return _planned(settings, requests)


def _shard_count(requests: Iterable[Any], size: int) -> int | None:
    """How many shards of ``size`` the requests make; None when they cannot be counted."""
    return math.ceil(len(requests) / size) if isinstance(requests, Sized) else None


def _planned(settings: RunSettings, requests: Iterable[Any]) -> Iterator[PlannedShard]:
    empty = True
    for index, shard in enumerate(_shards(requests, settings.shard_size)):
        empty = False
        yield _plan_shard(settings, index, shard)
    if empty:
        raise InvalidParameterError("requests", requests, "must hold at least one request")


def plan_speaker_enrollment(  # noqa: PLR0913 - the arguments of enroll_speakers
    requests: Iterable[SpeakerEnrollmentRequest],
    *,
    domain_id: str,
    data_access_role_arn: str,
    staging_uri: str,
    output_data_config: OutputDataConfig,
    enrollment_config: EnrollmentConfig | None = None,
    job_name_prefix: str | None = None,
    shard_size: int | None = None,
    staging_kms_key_id: str | None = None,
    expected_bucket_owner: str | None = None,
) -> tuple[PlannedShard, ...]:
    """The shards ``VoiceIdJobsClient.enroll_speakers`` would run, checked; nothing written.

    A dry run: each shard's manifest, its key under ``staging_uri`` and its Start
    request, exactly as the run would stage and send them. The arguments are those of
    :meth:`VoiceIdJobsClient.enroll_speakers`; every request is read.

    Raises:
        InvalidParameterError: an argument or a request breaks a rule.
    """
    settings = RunSettings.checked(
        ENROLLMENT,
        domain_id=domain_id,
        data_access_role_arn=data_access_role_arn,
        staging_uri=staging_uri,
        output_data_config=output_data_config,
        config=enrollment_config,
        job_name_prefix=job_name_prefix,
        shard_size=shard_size,
        staging_kms_key_id=staging_kms_key_id,
        expected_bucket_owner=expected_bucket_owner,
    )
    return tuple(planned_shards(settings, requests))


def plan_fraudster_registration(  # noqa: PLR0913 - the arguments of register_fraudsters
    requests: Iterable[FraudsterRegistrationRequest],
    *,
    domain_id: str,
    data_access_role_arn: str,
    staging_uri: str,
    output_data_config: OutputDataConfig,
    registration_config: RegistrationConfig | None = None,
    job_name_prefix: str | None = None,
    shard_size: int | None = None,
    staging_kms_key_id: str | None = None,
    expected_bucket_owner: str | None = None,
) -> tuple[PlannedShard, ...]:
    """The shards ``register_fraudsters`` would run, checked; as :func:`plan_speaker_enrollment`."""
    settings = RunSettings.checked(
        REGISTRATION,
        domain_id=domain_id,
        data_access_role_arn=data_access_role_arn,
        staging_uri=staging_uri,
        output_data_config=output_data_config,
        config=registration_config,
        job_name_prefix=job_name_prefix,
        shard_size=shard_size,
        staging_kms_key_id=staging_kms_key_id,
        expected_bucket_owner=expected_bucket_owner,
    )
    return tuple(planned_shards(settings, requests))


def start_shard_steps(shard: object, retry: RetryPolicy | None) -> Steps[Any]:
    """Stage a planned shard's manifest and start its job, or find the one started before.

    The manifest is written to its key (the same content again, if it is there). A job
    that Start gives back already FAILED belongs to an earlier run: the next attempt's
    token is chained from it, so a fixed cause gets exactly one new job.
    """
    if not isinstance(shard, PlannedShard):
        raise InvalidParameterError(
            "shard", shard, "must be a PlannedShard", shown=type(shard).__name__
        )
    kind = kind_of(shard.manifest, "shard")
    yield from upload_steps(
        shard.manifest,
        shard.manifest_uri,
        kms_key_id=shard.staging_kms_key_id,
        expected_bucket_owner=shard.expected_bucket_owner,
    )
    params = shard.start_request
    while True:
        job = yield from start_steps(kind, params, retry)
        if job.job_status != JobStatus.FAILED or job.job_id is None:
            return job
        params = {**params, "ClientToken": _token(shard.digest, job.job_id)}


def run_steps(
    settings: RunSettings, requests: Iterable[Any], retry: RetryPolicy | None
) -> Steps[ShardedRun[Any]]:
    """Run ``requests`` as one job per shard; see the module's docs.

    Each shard is planned, then staged and started (:func:`start_shard_steps`, its
    Start under ``retry``), waited for (``_waiting.wait_steps``) and its outcomes
    counted (``_outcomes.job_outcome_steps``), before the next is read.
    """
    shards = planned_shards(settings, requests)
    count = _shard_count(requests, settings.shard_size)
    on_progress = settings.on_progress
    results: list[ShardResult[Any]] = []
    for planned in shards:
        shard_requests = len(planned.manifest.requests)

        def report(job: Any, index: int = planned.index, requests: int = shard_requests) -> None:
            if on_progress is not None:
                on_progress(
                    ShardProgress(
                        shard_index=index, shard_count=count, shard_requests=requests, job=job
                    )
                )

        job = yield from start_shard_steps(planned, retry)
        report(job)
        job = yield from wait_steps(job, timeout=None, poll=settings.poll, on_progress=report)
        outcomes = yield from job_outcome_steps(job, planned.manifest)
        statuses = [outcome.status for outcome in outcomes]
        del outcomes  # a shard's outcomes are read again on demand, not kept
        results.append(
            ShardResult(
                index=planned.index,
                job=job,
                manifest_uri=planned.manifest_uri,
                requests=shard_requests,
                succeeded=statuses.count("succeeded"),
                failed=statuses.count("failed"),
                missing=statuses.count("missing"),
            )
        )
    return ShardedRun(shards=tuple(results))
