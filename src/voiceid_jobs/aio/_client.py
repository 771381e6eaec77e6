"""AsyncVoiceIdJobsClient: the client's methods as coroutines, on aiobotocore.

Each method is a thin typed wrapper over :class:`AsyncCaller`, with the same
arguments, models, checks and errors as :class:`voiceid_jobs.VoiceIdJobsClient`.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any, overload

from voiceid_jobs._calls import list_params, new_client_token, read_output_steps, upload_steps
from voiceid_jobs._enums import JobStatus
from voiceid_jobs._errors import InvalidParameterError, check_client_settings, configuration_error
from voiceid_jobs._kinds import ENROLLMENT, REGISTRATION, kind_of
from voiceid_jobs._manifest import (
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from voiceid_jobs._models import (
    EnrollmentConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from voiceid_jobs._output import EnrollmentJobOutput, RegistrationJobOutput, RequestOutcome
from voiceid_jobs._requests import (
    StartFraudsterRegistrationJobRequest,
    StartSpeakerEnrollmentJobRequest,
)
from voiceid_jobs._runs import (
    ShardedRun,
    ShardProgress,
    checked_error_codes,
    ended_jobs_steps,
    failed_request_stream,
    job_outcome_steps,
    run_outcome_stream,
    run_steps,
)
from voiceid_jobs._waiting import PollPolicy, RateLimit, RetryPolicy

from ._caller import AsyncCaller

if TYPE_CHECKING:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import AioSession
    from types_aiobotocore_s3 import S3Client
    from types_aiobotocore_voice_id import VoiceIDClient

__all__ = ["AsyncVoiceIdJobsClient"]


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
        self._client = client
        self._s3_client = s3_client
        self._caller = AsyncCaller(
            client=client,
            s3_client=s3_client,
            retry=retry,
            sleep=sleep,
            clock=clock,
            limit=None if requests_per_second is None else RateLimit(requests_per_second),
        )

    @classmethod
    @contextlib.asynccontextmanager
    async def create(  # noqa: PLR0913 - each is a separate, documented setting
        cls,
        *,
        session: AioSession | None = None,
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
            from aiobotocore.session import AioSession, get_session  # the optional extra
        except ModuleNotFoundError as error:
            msg = 'the async client needs aiobotocore: pip install "voiceid-jobs[aio]"'
            raise ModuleNotFoundError(msg, name=error.name) from error
        from botocore.config import Config  # heavy: waits, as boto3 does, for create()

        check_client_settings(
            endpoint_url=endpoint_url,
            config=config,
            config_class=Config,  # aiobotocore makes an AioConfig of a plain one
            session=session,
            session_class=AioSession,
        )
        if requests_per_second is not None:
            RateLimit(requests_per_second)  # checked before any client is made
        async with contextlib.AsyncExitStack() as stack:
            try:
                made = get_session() if session is None else session
                voiceid: VoiceIDClient = await stack.enter_async_context(
                    made.create_client(  # pyright: ignore[reportUnknownMemberType]
                        "voice-id",
                        region_name=region_name,
                        endpoint_url=endpoint_url,
                        config=config,
                    )
                )
                s3: S3Client = await stack.enter_async_context(
                    made.create_client(  # pyright: ignore[reportUnknownMemberType]
                        "s3", region_name=region_name, endpoint_url=endpoint_url, config=config
                    )
                )
            except Exception as error:
                mapped = configuration_error(error, endpoint_url)
                if mapped is None:
                    raise
                raise mapped from error
            yield cls(
                voiceid,
                s3_client=s3,
                retry=retry,
                sleep=sleep,
                clock=clock,
                requests_per_second=requests_per_second,
            )

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
        request = StartSpeakerEnrollmentJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            enrollment_config=enrollment_config,
            job_name=job_name,
            client_token=new_client_token() if client_token is None else client_token,
        )
        return await self._caller.start(ENROLLMENT, request)

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
        request = StartFraudsterRegistrationJobRequest(
            domain_id=domain_id,
            data_access_role_arn=data_access_role_arn,
            input_data_config=input_data_config,
            output_data_config=output_data_config,
            registration_config=registration_config,
            job_name=job_name,
            client_token=new_client_token() if client_token is None else client_token,
        )
        return await self._caller.start(REGISTRATION, request)

    async def describe_speaker_enrollment_job(
        self, *, domain_id: str, job_id: str
    ) -> SpeakerEnrollmentJob:
        """Describe a speaker enrollment job."""
        return await self._caller.describe(ENROLLMENT, domain_id, job_id)

    async def describe_fraudster_registration_job(
        self, *, domain_id: str, job_id: str
    ) -> FraudsterRegistrationJob:
        """Describe a fraudster registration job."""
        return await self._caller.describe(REGISTRATION, domain_id, job_id)

    def list_speaker_enrollment_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> AsyncIterator[SpeakerEnrollmentJobSummary]:
        """Every speaker enrollment job in a domain: ``async for summary in ...``.

        The arguments are checked now; pages are requested as the iterator is consumed.
        """
        params = list_params(domain_id, job_status, page_size)
        return self._caller.summaries(ENROLLMENT, params)

    def list_fraudster_registration_jobs(
        self, *, domain_id: str, job_status: JobStatus | None = None, page_size: int | None = None
    ) -> AsyncIterator[FraudsterRegistrationJobSummary]:
        """Every fraudster registration job in a domain: ``async for summary in ...``."""
        params = list_params(domain_id, job_status, page_size)
        return self._caller.summaries(REGISTRATION, params)

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
        kind = kind_of(job)
        if job.job_id is None or job.domain_id is None:
            raise InvalidParameterError("job", job, "must have a job_id and a domain_id")
        described: SpeakerEnrollmentJob | FraudsterRegistrationJob = await self._caller.describe(
            kind, job.domain_id, job.job_id
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
        ended: SpeakerEnrollmentJob | FraudsterRegistrationJob = await self._caller.wait(
            job, timeout=timeout, poll=poll, on_progress=on_progress
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
        return await self._caller.run(
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
        output: EnrollmentJobOutput | RegistrationJobOutput = await self._caller.run(
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
        if isinstance(job, (SpeakerEnrollmentJobSummary, FraudsterRegistrationJobSummary)):
            job = await self.describe_job(job)
        return await self._caller.run(job_outcome_steps(job))

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
    ) -> ShardedRun:
        """Enroll any number of speakers; see :meth:`VoiceIdJobsClient.enroll_speakers`."""
        return await self._caller.run(
            run_steps(
                ENROLLMENT,
                requests,
                domain_id=domain_id,
                data_access_role_arn=data_access_role_arn,
                staging_uri=staging_uri,
                output_data_config=output_data_config,
                config=enrollment_config,
                job_name_prefix=job_name_prefix,
                on_progress=on_progress,
                shard_size=shard_size,
                poll=poll,
                staging_kms_key_id=staging_kms_key_id,
                expected_bucket_owner=expected_bucket_owner,
            )
        )

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
    ) -> ShardedRun:
        """Register any number of fraudsters; see :meth:`VoiceIdJobsClient.register_fraudsters`."""
        return await self._caller.run(
            run_steps(
                REGISTRATION,
                requests,
                domain_id=domain_id,
                data_access_role_arn=data_access_role_arn,
                staging_uri=staging_uri,
                output_data_config=output_data_config,
                config=registration_config,
                job_name_prefix=job_name_prefix,
                on_progress=on_progress,
                shard_size=shard_size,
                poll=poll,
                staging_kms_key_id=staging_kms_key_id,
                expected_bucket_owner=expected_bucket_owner,
            )
        )

    @overload
    async def failed_requests(
        self,
        run_or_job: SpeakerEnrollmentJob | SpeakerEnrollmentJobSummary,
        *,
        error_codes: Iterable[int] | None = None,
    ) -> AsyncIterator[SpeakerEnrollmentRequest]: ...
    @overload
    async def failed_requests(
        self,
        run_or_job: FraudsterRegistrationJob | FraudsterRegistrationJobSummary,
        *,
        error_codes: Iterable[int] | None = None,
    ) -> AsyncIterator[FraudsterRegistrationRequest]: ...
    @overload
    async def failed_requests(
        self, run_or_job: ShardedRun, *, error_codes: Iterable[int] | None = None
    ) -> AsyncIterator[SpeakerEnrollmentRequest | FraudsterRegistrationRequest]: ...
    async def failed_requests(
        self,
        run_or_job: ShardedRun
        | SpeakerEnrollmentJob
        | SpeakerEnrollmentJobSummary
        | FraudsterRegistrationJob
        | FraudsterRegistrationJobSummary,
        *,
        error_codes: Iterable[int] | None = None,
    ) -> AsyncIterator[SpeakerEnrollmentRequest | FraudsterRegistrationRequest]:
        """The original request of every failed or missing request, to retry.

        Awaited, it checks its arguments (and describes summaries); the requests come
        from the async iterator it gives, read back a shard at a time. See
        :meth:`VoiceIdJobsClient.failed_requests`.
        """
        codes = checked_error_codes(error_codes)
        ended = await self._caller.run(ended_jobs_steps(run_or_job))
        return self._caller.each(failed_request_stream(ended, codes))

    def run_outcomes(self, run: ShardedRun) -> AsyncIterator[RequestOutcome[Any, Any]]:
        """Every request of a sharded run with its outcome, read back a shard at a time."""
        return self._caller.each(run_outcome_stream(run))
