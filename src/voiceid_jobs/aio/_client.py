"""AsyncVoiceIdJobsClient: the client's methods as coroutines, on aiobotocore.

Each method runs the same steps as :class:`voiceid_jobs.VoiceIdJobsClient`'s (same
arguments, models, checks, retries and errors); the client's own part is awaiting
the steps' effects (:meth:`AsyncVoiceIdJobsClient._perform`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from voiceid_jobs._effects import Call, Effect, Emit, Now, PutObject, Sleep, Steps, Stream
from voiceid_jobs._errors import (
    InvalidParameterError,
    VoiceIdJobsError,
    client_closed,
    map_botocore_error,
    no_s3_client,
)
from voiceid_jobs._s3 import get_arguments, put_arguments, s3_error
from voiceid_jobs._settings import (
    RateLimit,
    check_client_arguments,
    check_create_arguments,
    configuration_error,
)

if TYPE_CHECKING:
    # As in the sync client, each method imports the steps it runs, and the
    # signatures name the public types as a user imports them.
    from aiobotocore.config import AioConfig
    from aiobotocore.session import AioSession
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_voice_id import VoiceIDClient

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

__all__ = ["AsyncVoiceIdJobsClient"]

T = TypeVar("T")


class AsyncVoiceIdJobsClient:
    """Typed access to the Voice ID batch job operations, for asyncio.

    The same methods, arguments, models, checks and errors as
    :class:`~voiceid_jobs.VoiceIdJobsClient`, as coroutines; the ``list_*`` methods,
    ``failed_requests`` and ``run_outcomes`` are async iterators.

    Args:
        client: an aiobotocore ``voice-id`` client (open: inside its ``async with``).
        s3_client: an aiobotocore ``s3`` client, for the batch files.
        retry: how the Start operations retry; ``RetryPolicy()`` when None.
        sleep: how the client waits (an async callable); the only way it ever does.
        clock: how the client reads the time (seconds, monotonic); the only way it does.
        requests_per_second: a limit on the rate of this client's Voice ID calls, shared
            by every coroutine that uses it (many concurrent waits included); None
            (the default) sets none.
    """

    def __init__(  # noqa: PLR0913 - each is a separate, documented setting
        self,
        client: VoiceIDClient,
        *,
        s3_client: S3Client | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        requests_per_second: float | None = None,
    ) -> None:
        check_client_arguments(client, s3_client=s3_client, retry=retry, sleep=sleep, clock=clock)
        self._limit = None if requests_per_second is None else RateLimit(requests_per_second)
        self._retry = retry
        self._client = client
        self._s3_client = s3_client
        self._sleep = sleep
        self._clock = clock
        self._closed = False

    @classmethod
    @contextlib.asynccontextmanager
    async def create(  # noqa: PLR0913 - each is a separate, documented setting
        cls,
        *,
        session: AioSession | None = None,
        profile_name: str | None = None,
        region_name: str | None = None,
        endpoint_url: str | None = None,
        config: AioConfig | None = None,
        requests_per_second: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> AsyncGenerator[AsyncVoiceIdJobsClient, None]:
        """Make the voice-id and s3 clients from one aiobotocore session; close them after.

        ``async with AsyncVoiceIdJobsClient.create(region_name=...) as jobs: ...``. As
        :meth:`VoiceIdJobsClient.create`: ``endpoint_url`` and ``config`` are used for
        both clients; ``requests_per_second``, ``retry``, ``sleep`` and ``clock`` are as
        for the constructor. Needs ``voiceid-jobs[aio]``.

        Raises:
            InvalidParameterError: a bad session, region, endpoint URL (http or https,
                with a host), profile, configuration, credentials or
                ``requests_per_second``.
        """
        try:
            from aiobotocore.session import AioSession  # the optional extra
        except ModuleNotFoundError as error:
            msg = 'the async client needs aiobotocore: pip install "voiceid-jobs[aio]"'
            raise ModuleNotFoundError(msg, name=error.name) from error
        from botocore.config import Config  # heavy: waits, as boto3 does, for create()

        check_create_arguments(
            endpoint_url=endpoint_url,
            config=config,
            config_class=Config,  # aiobotocore makes an AioConfig of a plain one
            session=session,
            session_class=AioSession,
            region_name=region_name,
        )
        if requests_per_second is not None:
            RateLimit(requests_per_second)  # checked before any client is made
        if session is not None and profile_name is not None:
            raise InvalidParameterError(
                "profile_name", profile_name, "must be None with a session: the session has one"
            )
        made = AioSession(profile=profile_name) if session is None else session

        def make(service: Literal["voice-id", "s3"]) -> Any:
            return made.create_client(  # pyright: ignore[reportUnknownMemberType]
                service, region_name=region_name, endpoint_url=endpoint_url, config=config
            )

        async with contextlib.AsyncExitStack() as stack:

            async def enter(service: Literal["voice-id", "s3"]) -> Any:
                try:
                    return await stack.enter_async_context(make(service))
                except Exception as error:
                    mapped = configuration_error(error, endpoint_url)
                    if mapped is None:
                        raise
                    raise mapped from error

            voiceid: VoiceIDClient = await enter("voice-id")
            # Made now, unlike the sync client's: an aiobotocore client is entered with
            # ``async with``, and the ``s3_client`` property cannot await.
            s3: S3Client = await enter("s3")
            jobs = cls(
                voiceid,
                s3_client=s3,
                retry=retry,
                sleep=sleep,
                clock=clock,
                requests_per_second=requests_per_second,
            )
            try:
                yield jobs
            finally:
                jobs._closed = True

    @property
    def client(self) -> VoiceIDClient:
        """The aiobotocore voice-id client underneath."""
        return self._client

    @property
    def s3_client(self) -> S3Client | None:
        """The aiobotocore s3 client for the batch files, if the client has one."""
        return self._s3_client

    # --- Start, Describe, List ---------------------------------------------------

    async def start_speaker_enrollment_job(  # noqa: PLR0913 - the operation's members
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
        """Start a speaker enrollment job; see the sync client's method."""
        from voiceid_jobs._kinds import ENROLLMENT
        from voiceid_jobs._operations import start_steps
        from voiceid_jobs._params import start_params
        from voiceid_jobs._requests import StartSpeakerEnrollmentJobRequest

        request = StartSpeakerEnrollmentJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            enrollment_config=enrollment_config,
            job_name=job_name,
            client_token=client_token,
        )
        job: SpeakerEnrollmentJob = await self._run(
            start_steps(ENROLLMENT, start_params(request), self._retry)
        )
        return job

    async def start_fraudster_registration_job(  # noqa: PLR0913 - the operation's members
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
        """Start a fraudster registration job; see the sync client's method."""
        from voiceid_jobs._kinds import REGISTRATION
        from voiceid_jobs._operations import start_steps
        from voiceid_jobs._params import start_params
        from voiceid_jobs._requests import StartFraudsterRegistrationJobRequest

        request = StartFraudsterRegistrationJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            registration_config=registration_config,
            job_name=job_name,
            client_token=client_token,
        )
        job: FraudsterRegistrationJob = await self._run(
            start_steps(REGISTRATION, start_params(request), self._retry)
        )
        return job

    async def describe_speaker_enrollment_job(
        self, *, domain_id: str, job_id: str
    ) -> SpeakerEnrollmentJob:
        """Describe a speaker enrollment job."""
        from voiceid_jobs._kinds import ENROLLMENT
        from voiceid_jobs._operations import describe_steps

        job: SpeakerEnrollmentJob = await self._run(describe_steps(ENROLLMENT, domain_id, job_id))
        return job

    async def describe_fraudster_registration_job(
        self, *, domain_id: str, job_id: str
    ) -> FraudsterRegistrationJob:
        """Describe a fraudster registration job."""
        from voiceid_jobs._kinds import REGISTRATION
        from voiceid_jobs._operations import describe_steps

        job: FraudsterRegistrationJob = await self._run(
            describe_steps(REGISTRATION, domain_id, job_id)
        )
        return job

    def list_speaker_enrollment_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> AsyncIterator[SpeakerEnrollmentJobSummary]:
        """Every speaker enrollment job in a domain: ``async for summary in ...``.

        The arguments are checked now; pages are requested as the iterator is consumed.
        """
        from voiceid_jobs._kinds import ENROLLMENT
        from voiceid_jobs._operations import list_stream

        return self._each(list_stream(ENROLLMENT, domain_id, job_status, page_size))

    def list_fraudster_registration_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> AsyncIterator[FraudsterRegistrationJobSummary]:
        """Every fraudster registration job in a domain: ``async for summary in ...``."""
        from voiceid_jobs._kinds import REGISTRATION
        from voiceid_jobs._operations import list_stream

        return self._each(list_stream(REGISTRATION, domain_id, job_status, page_size))

    @overload
    async def describe_job(
        self, job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary
    ) -> SpeakerEnrollmentJob: ...
    @overload
    async def describe_job(
        self, job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary
    ) -> FraudsterRegistrationJob: ...
    async def describe_job(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
        """The job, described afresh with the Describe operation of its kind."""
        from voiceid_jobs._kinds import job_address
        from voiceid_jobs._operations import describe_steps

        kind, domain_id, job_id = job_address(job)
        described: SpeakerEnrollmentJob | FraudsterRegistrationJob = await self._run(
            describe_steps(kind, domain_id, job_id)
        )
        return described

    # --- Waiting ----------------------------------------------------------------

    @overload
    async def wait_for_job(
        self,
        job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary,
        *,
        timeout: float | datetime.timedelta | None = 3600.0,
        poll: PollPolicy | None = None,
        on_progress: Callable[[SpeakerEnrollmentJob], None] | None = None,
    ) -> SpeakerEnrollmentJob: ...
    @overload
    async def wait_for_job(
        self,
        job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary,
        *,
        timeout: float | datetime.timedelta | None = 3600.0,
        poll: PollPolicy | None = None,
        on_progress: Callable[[FraudsterRegistrationJob], None] | None = None,
    ) -> FraudsterRegistrationJob: ...
    async def wait_for_job(
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
        """Describe ``job`` until it ends; see :meth:`VoiceIdJobsClient.wait_for_job`.

        Waits through the client's ``sleep``, so many jobs are waited for at once by
        as many coroutines (with ``asyncio.gather`` or a TaskGroup).
        """
        from voiceid_jobs._waiting import wait_steps

        ended: SpeakerEnrollmentJob | FraudsterRegistrationJob = await self._run(
            wait_steps(job, timeout=timeout, poll=poll, on_progress=on_progress)
        )
        return ended

    # --- Batch files ------------------------------------------------------------

    async def upload_manifest(
        self,
        manifest: SpeakerEnrollmentManifest | FraudsterRegistrationManifest,
        s3_uri: str,
        *,
        kms_key_id: str | None = None,
        expected_bucket_owner: str | None = None,
    ) -> InputDataConfig:
        """Write a manifest to S3; see :meth:`VoiceIdJobsClient.upload_manifest`."""
        from voiceid_jobs._operations import upload_steps

        return await self._run(
            upload_steps(
                manifest,
                s3_uri,
                kms_key_id=kms_key_id,
                expected_bucket_owner=expected_bucket_owner,
            )
        )

    @overload
    async def read_job_output(
        self, job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary
    ) -> EnrollmentJobOutput: ...
    @overload
    async def read_job_output(
        self, job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary
    ) -> RegistrationJobOutput: ...
    async def read_job_output(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> EnrollmentJobOutput | RegistrationJobOutput:
        """Read an ended job's output file; see :meth:`VoiceIdJobsClient.read_job_output`."""
        from voiceid_jobs._operations import read_output_steps

        output: EnrollmentJobOutput | RegistrationJobOutput = await self._run(
            read_output_steps(job)
        )
        return output

    async def job_outcomes(
        self,
        job: SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
    ) -> tuple[RequestOutcome[Any, Any], ...]:
        """Every request of an ended job with its outcome; see the sync client's method."""
        from voiceid_jobs._outcomes import job_outcome_steps

        outcomes: tuple[RequestOutcome[Any, Any], ...] = await self._run(job_outcome_steps(job))
        return outcomes

    # --- Any number of requests ---------------------------------------------------

    async def enroll_speakers(  # noqa: PLR0913 - the Start members and the run's settings
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
        """Enroll any number of speakers; see :meth:`VoiceIdJobsClient.enroll_speakers`."""
        from voiceid_jobs._kinds import ENROLLMENT
        from voiceid_jobs._sharding import RunSettings, run_steps  # loaded by a run's first use

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
        return await self._run(run_steps(settings, requests, self._retry))

    async def register_fraudsters(  # noqa: PLR0913 - the Start members and the run's settings
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
        """Register any number of fraudsters; see :meth:`VoiceIdJobsClient.register_fraudsters`."""
        from voiceid_jobs._kinds import REGISTRATION
        from voiceid_jobs._sharding import RunSettings, run_steps  # loaded by a run's first use

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
        return await self._run(run_steps(settings, requests, self._retry))

    async def start_planned_shard(
        self, shard: PlannedShard
    ) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
        """Stage a planned shard and start its job; see the sync client's method."""
        from voiceid_jobs._sharding import start_shard_steps

        job: SpeakerEnrollmentJob | FraudsterRegistrationJob = await self._run(
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
    ) -> AsyncIterator[SpeakerEnrollmentRequest]: ...
    @overload
    def failed_requests(
        self,
        run_or_job: FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary
        | ShardedRun[FraudsterRegistrationJob],
        *,
        error_codes: Iterable[int] | None = None,
    ) -> AsyncIterator[FraudsterRegistrationRequest]: ...
    def failed_requests(
        self,
        run_or_job: ShardedRun[Any]
        | SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
        *,
        error_codes: Iterable[int] | None = None,
    ) -> AsyncIterator[SpeakerEnrollmentRequest | FraudsterRegistrationRequest]:
        """The original request of every failed or missing request, to retry.

        ``async for request in jobs.failed_requests(run): ...``; the arguments are
        checked now, and jobs are read back a shard at a time as the iterator is
        consumed. See :meth:`VoiceIdJobsClient.failed_requests`.
        """
        from voiceid_jobs._outcomes import (
            checked_error_codes,
            checked_sources,
            failed_request_stream,
        )

        codes = checked_error_codes(error_codes)
        sources = checked_sources(run_or_job)
        return self._each(failed_request_stream(sources, codes))

    def run_outcomes(self, run: ShardedRun[Any]) -> AsyncIterator[RequestOutcome[Any, Any]]:
        """Every request of a sharded run with its outcome, read back a shard at a time."""
        from voiceid_jobs._outcomes import run_outcome_stream

        return self._each(run_outcome_stream(run))

    async def close(self) -> None:
        """Close the aiobotocore clients; every later call raises at once.

        ``create()`` does this when its ``async with`` ends. A call on a closed client
        raises :class:`~voiceid_jobs.InvalidParameterError` (``field`` is ``client``),
        which is not retryable: a wait never spins on a closed client.
        """
        if self._closed:
            return
        self._closed = True
        await self._client.close()
        if self._s3_client is not None:
            await self._s3_client.close()

    # --- Carrying out the steps' effects ------------------------------------------

    async def _run(self, steps: Steps[T]) -> T:
        """Carry out an operation's steps; what they return.

        Each effect the steps yield is awaited, and its answer sent back in (or its
        error, one of ours, thrown in), until the steps return.
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
                    answer = await self._perform(effect)
                except VoiceIdJobsError as error:
                    send, answer = steps.throw, error

    async def _each(self, stream: Stream) -> AsyncIterator[Any]:
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
                    answer = await self._perform(item)
                except VoiceIdJobsError as error:
                    send, answer = stream.throw, error

    async def _call(self, call: Call) -> Any:
        """Make one Voice ID call when its turn comes under the rate limit; its response."""
        if self._limit is not None:
            delay = self._limit.reserve(self._clock())
            if delay > 0:
                await self._sleep(delay)
                if self._closed:  # closed while this call waited its turn
                    raise client_closed()
        try:
            return await getattr(self._client, call.method)(**call.params)
        except Exception as error:
            raise map_botocore_error(error, operation=call.operation) from error

    async def _perform(self, effect: Effect) -> Any:
        """Carry out one effect, awaiting it."""
        if self._closed:
            raise client_closed()
        if isinstance(effect, Call):
            return await self._call(effect)
        if isinstance(effect, Sleep):
            return await self._sleep(effect.seconds)
        if isinstance(effect, Now):
            return self._clock()
        s3: Any = self._s3_client
        if s3 is None:
            raise no_s3_client(effect.needed_by)
        if isinstance(effect, PutObject):
            arguments = put_arguments(effect.uri, effect.text, **effect.extra)
            try:
                return await s3.put_object(**arguments)
            except Exception as error:
                raise s3_error(error, "PutObject") from error
        arguments = get_arguments(effect.uri)
        try:
            response: Any = await s3.get_object(**arguments)
            async with response["Body"] as body:
                data: bytes = await body.read()
        except Exception as error:
            raise s3_error(error, "GetObject") from error
        return data
