"""VoiceIdJobsClient: typed, checked calls to the six job operations.

Each operation is written once, as steps, for either kind of job (``_operations``,
``_waiting``, ``_sharding``, ``_outcomes``, reading the kind's row of ``_kinds``); the
named methods here are thin typed wrappers that import their steps at their first
call, and the client's own part is carrying the steps' effects out with blocking calls
(:meth:`VoiceIdJobsClient._run`, :meth:`VoiceIdJobsClient._perform`).
"""

from __future__ import annotations

import contextlib
import datetime
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._effects import Call, Effect, Emit, Now, PutObject, Sleep, Steps, Stream
from ._errors import (
    InvalidParameterError,
    VoiceIdJobsError,
    client_closed,
    map_botocore_error,
    no_s3_client,
)
from ._s3 import get_object, put_json
from ._settings import (
    RateLimit,
    check_client_arguments,
    check_create_arguments,
    configuration_error,
)

if TYPE_CHECKING:
    # Each method imports the steps it runs: the models, the batch files and cattrs
    # load with the first call, not with the client. The signatures name the public
    # types as a user imports them.
    import boto3
    import botocore.config
    from types_boto3_s3 import S3Client
    from types_boto3_voice_id import VoiceIDClient

    from voiceid_jobs import (
        EnrollmentConfig,
        EnrollmentJobOutput,
        FraudsterRegistrationJob,
        FraudsterRegistrationJobSummary,
        FraudsterRegistrationManifest,
        FraudsterRegistrationRequest,
        InputDataConfig,
        JobStatus,
        OutputDataConfig,
        PlannedShard,
        PollPolicy,
        RegistrationConfig,
        RegistrationJobOutput,
        RequestOutcome,
        RetryPolicy,
        ShardedRun,
        ShardProgress,
        SpeakerEnrollmentJob,
        SpeakerEnrollmentJobSummary,
        SpeakerEnrollmentManifest,
        SpeakerEnrollmentRequest,
    )

__all__ = ["VoiceIdJobsClient"]

T = TypeVar("T")


def _configured(make: Callable[[], T], endpoint_url: str | None) -> T:
    """``make()``, with botocore's configuration errors raised as InvalidParameterError."""
    try:
        return make()
    except Exception as error:
        mapped = configuration_error(error, endpoint_url)
        if mapped is None:
            raise
        raise mapped from error


class VoiceIdJobsClient:
    """Typed access to the Voice ID batch job operations.

    Every method takes keyword arguments, checks all of them against the service's
    documented constraints before sending anything (raising
    :class:`InvalidParameterError`), and raises the typed errors of
    :mod:`voiceid_jobs` for service and connection failures.

    Args:
        client: a boto3 ``voice-id`` client.
        s3_client: a boto3 ``s3`` client, for :meth:`upload_manifest` and
            :meth:`read_job_output`.
        retry: how the Start operations retry throttling, faults and connection
            errors; ``RetryPolicy()`` when None.
        sleep: how the client waits; the only way it ever does.
        clock: how the client reads the time (seconds, monotonic); the only way it does.
        requests_per_second: a limit on the rate of this client's Voice ID calls (every
            Start attempt, Describe and List page), shared by every thread that uses
            it: each call waits its turn, so the service's quota (2 a second for the
            job operations) is never exceeded from here. None (the default) sets none.
    """

    def __init__(  # noqa: PLR0913 - each is a separate, documented setting
        self,
        client: VoiceIDClient,
        *,
        s3_client: S3Client | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        requests_per_second: float | None = None,
    ) -> None:
        check_client_arguments(client, s3_client=s3_client, retry=retry, sleep=sleep, clock=clock)
        self._limit = None if requests_per_second is None else RateLimit(requests_per_second)
        self._retry = retry
        self._client = client
        self._s3_client = s3_client
        self._make_s3_client: Callable[[], S3Client] | None = None
        self._s3_lock = threading.Lock()
        self._sleep = sleep
        self._clock = clock
        self._closed = False

    @classmethod
    def create(  # noqa: PLR0913 - each is a separate, documented setting
        cls,
        *,
        session: boto3.Session | None = None,
        profile_name: str | None = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        config: botocore.config.Config | None = None,
        requests_per_second: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> VoiceIdJobsClient:
        """Make the voice-id client (and, on first use, the s3 client) from one boto3 session.

        ``profile_name`` picks a profile of the AWS configuration for the session made
        here (None: the default one). ``endpoint_url`` and ``config`` are used for both
        clients (the local endpoint of :mod:`voiceid_jobs.testing` serves both on one
        port). botocore's own retry
        configuration applies as it stands (``config``, ``AWS_RETRY_MODE``, the
        profile): botocore retries inside each call, and this client's
        :class:`RetryPolicy` adds its retries on top of those for the Start operations.
        ``requests_per_second``, ``retry``, ``sleep`` and ``clock`` are as for the
        constructor.

        Raises:
            InvalidParameterError: a bad session, region, endpoint URL (http or https,
                with a host), profile, configuration, credentials or
                ``requests_per_second``.
        """
        import boto3  # heavy imports that code built on __init__ never needs
        from botocore.config import Config

        check_create_arguments(
            endpoint_url=endpoint_url,
            config=config,
            config_class=Config,
            session=session,
            session_class=boto3.Session,
            region_name=region_name,
        )
        if session is not None and profile_name is not None:
            raise InvalidParameterError(
                "profile_name", profile_name, "must be None with a session: the session has one"
            )
        made = _configured(
            lambda: boto3.Session(profile_name=profile_name) if session is None else session,
            endpoint_url,
        )

        def make_voiceid() -> VoiceIDClient:
            client: VoiceIDClient = made.client(  # pyright: ignore[reportUnknownMemberType]
                "voice-id", region_name=region_name, endpoint_url=endpoint_url, config=config
            )
            return client

        def make_s3() -> S3Client:
            client: S3Client = made.client(  # pyright: ignore[reportUnknownMemberType]
                "s3", region_name=region_name, endpoint_url=endpoint_url, config=config
            )
            return client

        jobs = cls(
            _configured(make_voiceid, endpoint_url),
            retry=retry,
            sleep=sleep,
            clock=clock,
            requests_per_second=requests_per_second,
        )
        jobs._make_s3_client = lambda: _configured(make_s3, endpoint_url)
        return jobs

    @property
    def client(self) -> VoiceIDClient:
        """The boto3 voice-id client underneath."""
        return self._client

    @property
    def s3_client(self) -> S3Client | None:
        """The boto3 s3 client for the batch files, if the client has one.

        ``create()`` makes it from the same session on first use: an application that
        never touches a batch file never pays for an S3 client.
        """
        if self._s3_client is None and self._make_s3_client is not None:
            with self._s3_lock:  # a boto3 Session is not thread-safe: make it once
                if self._s3_client is None:
                    self._s3_client = self._make_s3_client()
        return self._s3_client

    # --- Start ------------------------------------------------------------------

    def start_speaker_enrollment_job(  # noqa: PLR0913 - the operation's members
        self,
        *,
        domain_id: str,
        data_access_role_arn: str,
        input_data_config: InputDataConfig,
        output_data_config: OutputDataConfig,
        enrollment_config: EnrollmentConfig | None = None,
        job_name: str | None = None,
        client_token: str | None = None,
    ) -> SpeakerEnrollmentJob:
        """Start a batch job that enrolls the speakers listed in a manifest.

        With no ``client_token`` the client makes one, and sends that same token on
        every retry, so a retried request never starts a second job.

        Raises:
            InvalidParameterError: an argument breaks a documented rule; nothing was sent.
            ServiceError: the service refused the request (a subclass names why).
            EndpointError: the service could not be reached.
        """
        from ._kinds import ENROLLMENT
        from ._operations import start_steps
        from ._params import start_params
        from ._requests import StartSpeakerEnrollmentJobRequest

        request = StartSpeakerEnrollmentJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            enrollment_config=enrollment_config,
            job_name=job_name,
            client_token=client_token,
        )
        job: SpeakerEnrollmentJob = self._run(
            start_steps(ENROLLMENT, start_params(request), self._retry)
        )
        return job

    def start_fraudster_registration_job(  # noqa: PLR0913 - the operation's members
        self,
        *,
        domain_id: str,
        data_access_role_arn: str,
        input_data_config: InputDataConfig,
        output_data_config: OutputDataConfig,
        registration_config: RegistrationConfig | None = None,
        job_name: str | None = None,
        client_token: str | None = None,
    ) -> FraudsterRegistrationJob:
        """Start a batch job that registers the fraudsters listed in a manifest.

        Retries and the ClientToken work as in :meth:`start_speaker_enrollment_job`.
        """
        from ._kinds import REGISTRATION
        from ._operations import start_steps
        from ._params import start_params
        from ._requests import StartFraudsterRegistrationJobRequest

        request = StartFraudsterRegistrationJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            registration_config=registration_config,
            job_name=job_name,
            client_token=client_token,
        )
        job: FraudsterRegistrationJob = self._run(
            start_steps(REGISTRATION, start_params(request), self._retry)
        )
        return job

    # --- Describe ---------------------------------------------------------------

    def describe_speaker_enrollment_job(
        self, *, domain_id: str, job_id: str
    ) -> SpeakerEnrollmentJob:
        """Describe a speaker enrollment job."""
        from ._kinds import ENROLLMENT
        from ._operations import describe_steps

        job: SpeakerEnrollmentJob = self._run(describe_steps(ENROLLMENT, domain_id, job_id))
        return job

    def describe_fraudster_registration_job(
        self, *, domain_id: str, job_id: str
    ) -> FraudsterRegistrationJob:
        """Describe a fraudster registration job."""
        from ._kinds import REGISTRATION
        from ._operations import describe_steps

        job: FraudsterRegistrationJob = self._run(describe_steps(REGISTRATION, domain_id, job_id))
        return job

    # --- List -------------------------------------------------------------------

    def list_speaker_enrollment_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> Iterator[SpeakerEnrollmentJobSummary]:
        """Every speaker enrollment job in a domain, fetched page by page.

        The arguments are checked now; pages are requested as the iterator is consumed.
        ``page_size`` (1-100) is the MaxResults of each request.
        """
        from ._kinds import ENROLLMENT
        from ._operations import list_stream

        return self._each(list_stream(ENROLLMENT, domain_id, job_status, page_size))

    def list_fraudster_registration_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> Iterator[FraudsterRegistrationJobSummary]:
        """Every fraudster registration job in a domain, fetched page by page.

        As :meth:`list_speaker_enrollment_jobs`.
        """
        from ._kinds import REGISTRATION
        from ._operations import list_stream

        return self._each(list_stream(REGISTRATION, domain_id, job_status, page_size))

    # --- Batch files ------------------------------------------------------------

    def upload_manifest(
        self,
        manifest: SpeakerEnrollmentManifest | FraudsterRegistrationManifest,
        s3_uri: str,
        *,
        kms_key_id: str | None = None,
        expected_bucket_owner: str | None = None,
    ) -> InputDataConfig:
        """Write a manifest to S3 (UTF-8 JSON, ``application/json``) for a job to read.

        ``kms_key_id`` encrypts it with that KMS key (SSE-KMS): a manifest holds
        customer ids. ``expected_bucket_owner`` (a 12-digit account id) makes S3
        refuse the write unless that account owns the bucket.

        Returns:
            The ``InputDataConfig`` that points a Start call at it.

        Raises:
            InvalidParameterError: ``s3_uri`` is not ``s3://bucket/key``, or the client
                has no S3 client.
            ServiceError: S3 refused the write (``AccessDeniedError``, ...).
        """
        from ._operations import upload_steps

        return self._run(
            upload_steps(
                manifest,
                s3_uri,
                kms_key_id=kms_key_id,
                expected_bucket_owner=expected_bucket_owner,
            )
        )

    @overload
    def read_job_output(
        self, job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary
    ) -> EnrollmentJobOutput: ...
    @overload
    def read_job_output(
        self, job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary
    ) -> RegistrationJobOutput: ...
    def read_job_output(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> EnrollmentJobOutput | RegistrationJobOutput:
        """Read and parse an ended job's output file, at ``job.output_file_uri``.

        A job summary is described first (with its kind's Describe), for the data
        configs that locate the file.

        Raises:
            InvalidParameterError: the job has not ended, or lacks what locates its
                output file (its id and data configs), or the client has no S3 client.
            ResourceNotFoundError: there is no output file (a FAILED job may have none).
            OutputFileError: the file does not parse.
            ServiceError: S3 refused the read.
        """
        from ._operations import read_output_steps

        output: EnrollmentJobOutput | RegistrationJobOutput = self._run(read_output_steps(job))
        return output

    # --- At scale ----------------------------------------------------------------

    def enroll_speakers(  # noqa: PLR0913 - the Start members and the run's settings
        self,
        requests: Iterable[SpeakerEnrollmentRequest],
        *,
        domain_id: str,
        data_access_role_arn: str,
        staging_uri: str,
        output_data_config: OutputDataConfig,
        enrollment_config: EnrollmentConfig | None = None,
        job_name_prefix: str | None = None,
        on_progress: Callable[[ShardProgress], None] | None = None,
        shard_size: int | None = None,
        poll: PollPolicy | None = None,
        staging_kms_key_id: str | None = None,
        expected_bucket_owner: str | None = None,
    ) -> ShardedRun[SpeakerEnrollmentJob]:
        """Enroll any number of speakers: one job per shard of up to 10,000, one at a time.

        ``requests`` is consumed lazily, a shard at a time. Each shard is checked and
        its Start request built before anything is written; its manifest is staged
        under ``staging_uri`` (an S3 folder) with a key made from a digest of its job's
        definition, so two different runs never share a key; its job is started with
        a ClientToken derived the same way, waited for, and its output file read.

        Running the same call again after a crash starts no job twice: the service
        gives back the job a token already started (within its idempotency window),
        finished shards are read back, and a running job is waited for. A shard whose
        job FAILED gets exactly one new job on the first rerun after that (its token
        is chained from the failed job's id), so rerun once the cause is fixed.
        RequestIds must be unique within each shard.

        Args:
            requests: the speakers, as any iterable (a generator is read a shard at a time).
            domain_id: the domain to enroll into.
            data_access_role_arn: the role the service reads and writes S3 with.
            staging_uri: the S3 folder for the shards' manifests.
            output_data_config: where the jobs write their output files.
            enrollment_config: the enrollment options of every job.
            job_name_prefix: names the jobs ``<prefix>-1``, ``<prefix>-2``, ...
            on_progress: called with a :class:`ShardProgress` after every poll.
            shard_size: requests per job, at most 10,000 (the default).
            poll: the polling schedule of each wait.
            staging_kms_key_id: the KMS key that encrypts the staged manifests (they hold
                customer ids), or None for the bucket's default encryption.
            expected_bucket_owner: the 12-digit account that must own the staging
                bucket, or None not to check.

        Returns:
            Each shard's job and counts; :meth:`run_outcomes` gives every request's outcome.

        Raises:
            InvalidParameterError: an argument or a request breaks a rule; nothing was
                written for the shard that has it (nor, for the first, at all).
            JobFailedError: a shard's job failed (run the call again once it is fixed).
        """
        from ._kinds import ENROLLMENT
        from ._sharding import RunSettings, run_steps  # loaded by a run's first use

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
            poll=poll,
            on_progress=on_progress,
        )
        return self._run(run_steps(settings, requests, self._retry))

    def register_fraudsters(  # noqa: PLR0913 - the Start members and the run's settings
        self,
        requests: Iterable[FraudsterRegistrationRequest],
        *,
        domain_id: str,
        data_access_role_arn: str,
        staging_uri: str,
        output_data_config: OutputDataConfig,
        registration_config: RegistrationConfig | None = None,
        job_name_prefix: str | None = None,
        on_progress: Callable[[ShardProgress], None] | None = None,
        shard_size: int | None = None,
        poll: PollPolicy | None = None,
        staging_kms_key_id: str | None = None,
        expected_bucket_owner: str | None = None,
    ) -> ShardedRun[FraudsterRegistrationJob]:
        """Register any number of fraudsters: one job per shard of up to 500.

        As :meth:`enroll_speakers`.
        """
        from ._kinds import REGISTRATION
        from ._sharding import RunSettings, run_steps  # loaded by a run's first use

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
            poll=poll,
            on_progress=on_progress,
        )
        return self._run(run_steps(settings, requests, self._retry))

    def start_planned_shard(
        self, shard: PlannedShard
    ) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
        """Stage a planned shard's manifest and start its job; a start-only step of a run.

        The manifest is written to its content-addressed key and the job started with
        the shard's ClientToken, so doing it again (the same plan, a rerun after a
        crash) finds the job it started instead of starting another; a job that FAILED
        gets exactly one new job. Nothing is waited for: follow the job with
        :meth:`wait_for_job`.

        Raises:
            InvalidParameterError: ``shard`` is not a :class:`PlannedShard`, or the client
                has no S3 client.
            ServiceError: S3 or the service refused (a subclass names why).
        """
        from ._sharding import start_shard_steps

        job: SpeakerEnrollmentJob | FraudsterRegistrationJob = self._run(
            start_shard_steps(shard, self._retry)
        )
        return job

    @overload
    def failed_requests(
        self,
        run_or_job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | ShardedRun[SpeakerEnrollmentJob],
        *,
        error_codes: Iterable[int] | None = None,
    ) -> Iterator[SpeakerEnrollmentRequest]: ...
    @overload
    def failed_requests(
        self,
        run_or_job: FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary
        | ShardedRun[FraudsterRegistrationJob],
        *,
        error_codes: Iterable[int] | None = None,
    ) -> Iterator[FraudsterRegistrationRequest]: ...
    def failed_requests(
        self,
        run_or_job: ShardedRun[Any]
        | SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
        *,
        error_codes: Iterable[int] | None = None,
    ) -> Iterator[SpeakerEnrollmentRequest | FraudsterRegistrationRequest]:
        """The original request of every request that failed or is missing, to retry.

        Running the same call again replays the same jobs (that is what makes a crash
        safe), so it never retries a request that failed. Retrying is a new run over
        these requests: pass them to :meth:`enroll_speakers` or
        :meth:`register_fraudsters`, which makes a new manifest, hence new jobs.

        Jobs are read back a shard at a time (their manifest joined with their output
        file), so memory stays bounded whatever the size of the run. A job that FAILED
        as a whole gives every request of its manifest.

        Args:
            run_or_job: a :class:`ShardedRun`, or an ended job or its summary.
            error_codes: only failed requests with one of these ErrorCodes (500 and
                402 are worth retrying unchanged; a 400 needs its cause fixed first);
                requests missing from the output have no code and are then left out.

        Raises:
            InvalidParameterError: a job has not ended, or ``error_codes`` is not a
                collection of integers.
        """
        from ._outcomes import (
            checked_error_codes,
            checked_sources,
            failed_request_stream,
        )

        codes = checked_error_codes(error_codes)
        sources = checked_sources(run_or_job)  # checked now, before any read
        return self._each(failed_request_stream(sources, codes))

    def run_outcomes(self, run: ShardedRun[Any]) -> Iterator[RequestOutcome[Any, Any]]:
        """Every request of a sharded run with its outcome, read back a shard at a time."""
        from ._outcomes import run_outcome_stream

        return self._each(run_outcome_stream(run))

    def job_outcomes(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> tuple[RequestOutcome[Any, Any], ...]:
        """Every request of an ended job with its outcome.

        The job's manifest (read back from S3) joined with its output file, in manifest
        order; nothing is dropped (see :func:`join_outcomes`). A summary is described first.
        """
        from ._outcomes import job_outcome_steps

        outcomes: tuple[RequestOutcome[Any, Any], ...] = self._run(job_outcome_steps(job))
        return outcomes

    # --- Waiting ----------------------------------------------------------------

    @overload
    def wait_for_job(
        self,
        job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary,
        *,
        timeout: float | datetime.timedelta | None = 3600.0,
        poll: PollPolicy | None = None,
        on_progress: Callable[[SpeakerEnrollmentJob], None] | None = None,
    ) -> SpeakerEnrollmentJob: ...
    @overload
    def wait_for_job(
        self,
        job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary,
        *,
        timeout: float | datetime.timedelta | None = 3600.0,
        poll: PollPolicy | None = None,
        on_progress: Callable[[FraudsterRegistrationJob], None] | None = None,
    ) -> FraudsterRegistrationJob: ...
    def wait_for_job(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
        *,
        timeout: float | datetime.timedelta | None = 3600.0,
        poll: PollPolicy | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
        """Describe ``job`` until it ends, and give back the ended job.

        The job is described at once, then after each delay of ``poll`` (by default
        5 s, doubling, at most 60 s), with the Describe operation of its kind.
        Throttling, 5xx faults and connection errors while polling do not end the
        wait; they count as a poll that saw nothing.

        Args:
            job: a job from a Start or Describe call, or a job summary from a List
                call (it needs ``job_id`` and ``domain_id``).
            timeout: how long to wait, in seconds of the client's ``clock`` (or a
                timedelta); None to wait as long as it takes.
            poll: the polling schedule; ``PollPolicy()`` when None.
            on_progress: called with the job after every successful Describe.

        Returns:
            The full job, COMPLETED or COMPLETED_WITH_ERRORS.

        Raises:
            JobFailedError: the job ended FAILED; ``.job.failure_details`` says why.
            WaitTimeoutError: ``timeout`` passed first; ``.last_job`` is the job as last seen.
            ServiceError: a Describe failed for a reason that retrying cannot fix
                (access denied, job not found, ...).
        """
        from ._waiting import wait_steps

        ended: SpeakerEnrollmentJob | FraudsterRegistrationJob = self._run(
            wait_steps(job, timeout=timeout, poll=poll, on_progress=on_progress)
        )
        return ended

    @overload
    def describe_job(
        self, job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary
    ) -> SpeakerEnrollmentJob: ...
    @overload
    def describe_job(
        self, job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary
    ) -> FraudsterRegistrationJob: ...
    def describe_job(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
        """The job, described afresh with the Describe operation of its kind."""
        from ._kinds import job_address
        from ._operations import describe_steps

        kind, domain_id, job_id = job_address(job)
        described: SpeakerEnrollmentJob | FraudsterRegistrationJob = self._run(
            describe_steps(kind, domain_id, job_id)
        )
        return described

    def close(self) -> None:
        """Close the boto3 clients; every later call raises at once.

        Also ``with VoiceIdJobsClient.create(...) as jobs: ...``. A call on a closed
        client raises :class:`InvalidParameterError` (``field`` is ``client``), which is
        not retryable: a wait never spins on a closed client.
        """
        if self._closed:
            return
        self._closed = True
        self._client.close()
        if self._s3_client is not None:
            self._s3_client.close()

    def __enter__(self) -> VoiceIdJobsClient:  # noqa: PYI034 - typing.Self is 3.11+
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- Carrying out the steps' effects ------------------------------------------

    def _run(self, steps: Steps[T]) -> T:
        """Carry out an operation's steps; what they return.

        Each effect the steps yield is carried out, and its answer sent back in (or
        its error, one of ours, thrown in), until the steps return.
        """
        with contextlib.closing(steps):
            send: Callable[[Any], Any] = steps.send
            answer: Any = None
            while True:
                try:
                    effect = send(answer)
                except StopIteration as done:
                    result: T = done.value
                    return result
                send, answer = steps.send, None  # an object read is not kept here once sent
                try:
                    answer = self._perform(effect)
                except VoiceIdJobsError as error:
                    send, answer = steps.throw, error

    def _each(self, stream: Stream) -> Iterator[Any]:
        """Carry out an iterator's steps, lazily, as ``_run`` does; what they emit."""
        with contextlib.closing(stream):
            send: Callable[[Any], Any] = stream.send
            answer: Any = None
            while True:
                try:
                    item = send(answer)
                except StopIteration:
                    return
                send, answer = stream.send, None
                if isinstance(item, Emit):
                    yield item.value
                    continue
                try:
                    answer = self._perform(item)
                except VoiceIdJobsError as error:
                    send, answer = stream.throw, error

    def _call(self, call: Call) -> Any:
        """Make one Voice ID call when its turn comes under the rate limit; its response."""
        if self._limit is not None:
            delay = self._limit.reserve(self._clock())
            if delay > 0:
                self._sleep(delay)
                if self._closed:  # closed while this call waited its turn
                    raise client_closed()
        try:
            return getattr(self._client, call.method)(**call.params)
        except Exception as error:
            raise map_botocore_error(error, operation=call.operation) from error

    def _perform(self, effect: Effect) -> Any:
        """Carry out one effect with a blocking call."""
        if self._closed:
            raise client_closed()
        if isinstance(effect, Call):
            return self._call(effect)
        if isinstance(effect, Sleep):
            return self._sleep(effect.seconds)
        if isinstance(effect, Now):
            return self._clock()
        s3 = self.s3_client
        if s3 is None:
            raise no_s3_client(effect.needed_by)
        if isinstance(effect, PutObject):
            return put_json(s3, effect.uri, effect.text, **effect.extra)
        return get_object(s3, effect.uri)
