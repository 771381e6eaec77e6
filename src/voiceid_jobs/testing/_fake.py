"""FakeVoiceId: a stateful, in-memory Voice ID batch service.

It answers a real boto3 ``voice-id`` client from botocore's ``before-send`` event
(:meth:`FakeVoiceId.attach`): botocore serializes each request and parses each answer
exactly as it would off the wire, errors included. The HTTP server in
:mod:`voiceid_jobs.testing.server` serves the same :meth:`FakeVoiceId.handle`.
"""

from __future__ import annotations

import datetime
import functools
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from botocore.awsrequest import AWSResponse

from voiceid_jobs._converters import from_boto, member_name, to_boto
from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._kinds import ENROLLMENT, KINDS, REGISTRATION, AnyJobKind, KindName
from voiceid_jobs._requests import DescribeJobRequest, ListJobsRequest
from voiceid_jobs._validation import check_value, validate

from ._jobs import EPOCH, FakeJob
from ._state import Domain, JobSettings, World
from ._wire import aio_json_response, json_response, operation_of, params_of

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest
    from types_boto3_s3 import S3Client

__all__ = ["FakeVoiceId"]

ACCOUNT = "123456789012"
"""The account id in the ARNs the fake makes."""


class _Refusal(Exception):  # noqa: N818 - an answer, not a failure of the fake
    """An error answer: HTTP status, error code, message and modeled members."""

    def __init__(self, status: int, code: str, message: str, **members: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.members = status, code, message, members

    def body(self) -> dict[str, Any]:
        """The JSON error body.

        The message is both ``message`` (what the JSON protocol's services send) and
        ``Message`` (the member the model declares).
        """
        return {
            "__type": self.code,
            "message": self.message,
            "Message": self.message,
            **self.members,
        }


ERROR_STATUS: dict[str, int] = {
    "ValidationException": 400,
    "ServiceQuotaExceededException": 402,
    "AccessDeniedException": 403,
    "ResourceNotFoundException": 404,
    "ConflictException": 409,
    "ThrottlingException": 429,
    "InternalServerException": 500,
}
"""The errors the job operations document, with their HTTP statuses (the AWS SDK's
Smithy model of voice-id)."""

_ERROR_MEMBERS: dict[str, dict[str, str]] = {
    "ResourceNotFoundException": {"ResourceType": "BATCH_JOB"},
    "ConflictException": {"ConflictType": "CONCURRENT_CHANGES"},
}
"""The modeled members an injected error carries (an assumption: any documented value)."""


S3_FAULTS_FOR = ("PutObject", "GetObject")
"""The S3 operations ``fail_next`` can fail."""

MAX_INJECTED = 1000
"""The most failures ``fail_next`` queues for one operation at a time."""

S3_FAULTS: dict[str, int] = {
    "NoSuchKey": 404,
    "NoSuchBucket": 404,
    "AccessDenied": 403,
    "SlowDown": 503,
    "InternalError": 500,
}
"""The S3 errors ``fail_next`` can answer PutObject and GetObject with, and their statuses."""


@functools.cache
def documented_errors(operation: str) -> frozenset[str]:
    """The errors botocore's service model of voice-id documents for ``operation``."""
    import botocore.session  # the service model: only a test that injects a fault needs it

    model = botocore.session.get_session().get_service_model("voice-id")
    return frozenset(shape.name for shape in model.operation_model(operation).error_shapes)


def _check_times(times: object, queued: int) -> None:
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise InvalidParameterError("times", times, "must be an integer, at least 1")
    if queued + times > MAX_INJECTED:
        raise InvalidParameterError(
            "times", times, f"must keep at most {MAX_INJECTED} failures queued for an operation"
        )


def _is_aiobotocore(client: object) -> bool:
    """Whether a client is aiobotocore's (whose module is only there with the aio extra)."""
    return any(cls.__module__.startswith("aiobotocore") for cls in type(client).__mro__)


def _count(value: int, name: str, rule: str = "must be a positive integer") -> int:
    """A quota argument, checked: a positive integer."""
    if not (type(value) is int and value >= 1):
        raise InvalidParameterError(name, value, rule)
    return value


def _quota(value: int | None, name: str) -> int | None:
    """A quota argument that may be None (no limit), checked."""
    return None if value is None else _count(value, name, "must be a positive integer, or None")


def _seconds(value: object, name: str) -> float:
    """A duration argument, checked: a finite number of seconds, at least 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < math.inf:
        raise InvalidParameterError(name, value, "must be a finite number of seconds, at least 0")
    return float(value)


def _invalid(error: InvalidParameterError) -> _Refusal:
    """A ValidationException that names the member as AWS services do (``riskThreshold``).

    The wording follows the usual AWS JSON services' message; Voice ID's own is not
    documented.
    """
    segments: list[str] = []
    for segment in error.field.split("."):
        name, bracket, index = segment.partition("[")
        wire = member_name(name)
        segments.append(wire[:1].lower() + wire[1:] + bracket + index)
    path = ".".join(segments)
    message = (
        f"1 validation error detected: Value {error.shown} at '{path}' failed to satisfy"
        f" constraint: Member {error.rule}"
    )
    return _Refusal(400, "ValidationException", message)


def _not_found(kind: str, what: str) -> _Refusal:
    return _Refusal(404, "ResourceNotFoundException", f"{what} was not found", ResourceType=kind)


def _progress(progress: object) -> Callable[[float], float] | None:
    if progress is not None and not callable(progress):
        raise InvalidParameterError("progress", progress, "must be a function of a share, or None")
    return cast("Callable[[float], float] | None", progress)


def stall_then_jump(*, stall_at: float = 0.2, until: float = 0.8) -> Callable[[float], float]:
    """Uneven progress for ``FakeVoiceId(progress=...)``.

    PercentComplete follows the job's time up to ``stall_at`` of it, stays there until
    ``until`` of it has passed, then jumps to the true share and follows it again.
    """
    try:
        ordered = 0 <= stall_at < until <= 1
    except TypeError:
        ordered = False
    if not ordered:
        raise InvalidParameterError(
            "until", (stall_at, until), "must be 0 <= stall_at < until <= 1"
        )

    def progress(share: float) -> float:
        return stall_at if stall_at < share <= until else share

    return progress


def _timestamp(seconds: float) -> datetime.datetime:
    return EPOCH + datetime.timedelta(seconds=seconds)


class FakeVoiceId:
    """A stateful fake of the Voice ID batch service, on a clock of its own.

    Args:
        s3_client: where jobs read manifests and audio and write output files
            (moto's S3, typically).
        queue_seconds: how long a job stays SUBMITTED.
        seconds_per_request: how long a job is IN_PROGRESS, per manifest request.
        default_risk_threshold: the RiskThreshold of fraud detection when a job sets none.
        default_similarity_threshold: the FraudsterSimilarityThreshold when a job sets none.
        clock: a clock for the fake to follow (the server passes a scaled real clock);
            None for a clock that moves only by :meth:`advance`.
        active_jobs_per_domain: the quota of active jobs of each type in a domain (the
            service's: 1).
        requests_per_enrollment_job: the most requests an enrollment job takes (10,000).
        requests_per_registration_job: the most requests a registration job takes (500).
        speakers_per_domain: the most speakers a domain holds; a new speaker beyond it
            is an error entry (402). None (the default) sets no limit.
        fraudsters_per_watchlist: the most fraudsters a watchlist holds; a new
            fraudster beyond it is an error entry (402). None (the default) sets no limit.
        requests_per_second: throttle the six job operations above this rate, on the
            fake's clock (a token bucket of one second's requests), as the service does
            above its quota of 2; None (the default) never throttles.
        min_speech_seconds: the least audio, in seconds over a request's files, that a
            request needs; less is an error entry (400). The service needs about 30 s
            of net speech; the fake counts seconds of audio. 0 (the default) checks none.
        progress: how a running job's PercentComplete moves: a function from the
            share of its running time that has passed (0 to 1) to the share it reports
            done (0 to 1). None (the default) is linear; :func:`stall_then_jump` makes
            progress that stalls, then jumps, to test a wait against uneven progress.
            The service documents no pace; its jobs' work is linear in the fake either way.
    """

    def __init__(  # noqa: PLR0913 - every argument is a documented knob with a default
        self,
        *,
        s3_client: S3Client,
        queue_seconds: float = 5.0,
        seconds_per_request: float = 1.0,
        default_risk_threshold: int = 50,
        default_similarity_threshold: int = 50,
        clock: Callable[[], float] | None = None,
        active_jobs_per_domain: int = 1,
        requests_per_enrollment_job: int = ENROLLMENT.max_requests,
        requests_per_registration_job: int = REGISTRATION.max_requests,
        requests_per_second: float | None = None,
        min_speech_seconds: float = 0.0,
        speakers_per_domain: int | None = None,
        fraudsters_per_watchlist: int | None = None,
        progress: Callable[[float], float] | None = None,
    ) -> None:
        self._clock = clock
        self._offset = 0.0
        self._lock = threading.RLock()
        settings = JobSettings(
            queue_seconds=_seconds(queue_seconds, "queue_seconds"),
            seconds_per_request=_seconds(seconds_per_request, "seconds_per_request"),
            default_risk_threshold=default_risk_threshold,
            default_similarity_threshold=default_similarity_threshold,
            active_jobs_per_domain=_count(active_jobs_per_domain, "active_jobs_per_domain"),
            speakers_per_domain=_quota(speakers_per_domain, "speakers_per_domain"),
            fraudsters_per_watchlist=_quota(fraudsters_per_watchlist, "fraudsters_per_watchlist"),
            min_speech_seconds=_seconds(min_speech_seconds, "min_speech_seconds"),
            progress=_progress(progress),
            requests_per_job={
                ENROLLMENT.name: _count(requests_per_enrollment_job, "requests_per_enrollment_job"),
                REGISTRATION.name: _count(
                    requests_per_registration_job, "requests_per_registration_job"
                ),
            },
        )
        self._failures: dict[str, list[str]] = {}
        if requests_per_second is not None and not (
            math.isfinite(requests_per_second) and requests_per_second > 0
        ):
            raise InvalidParameterError(
                "requests_per_second", requests_per_second, "must be a positive number, or None"
            )
        self._rate = requests_per_second
        self._allowance = 0.0 if requests_per_second is None else max(1.0, requests_per_second)
        self._last_refill = self.now()
        self._rated_operations = {
            operation
            for kind in KINDS
            for operation in (kind.start_operation, kind.describe_operation, kind.list_operation)
        }
        self._world = World(s3_client, self.now, settings)
        self._jobs: dict[str, FakeJob] = {}
        self._tokens: dict[tuple[KindName, str], str] = {}
        self.calls: list[str] = []
        """Every operation served, in order (e.g. to count Describe calls)."""
        self._operations: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "CreateDomain": self._create_domain,
            "DescribeDomain": lambda p: {"Domain": self._domain_view(self._domain(p))},
            "ListDomains": self._list_domains,
            "CreateWatchlist": self._create_watchlist,
            "DescribeWatchlist": self._describe_watchlist,
            "ListWatchlists": self._list_watchlists,
            "DescribeSpeaker": self._describe_speaker,
            "OptOutSpeaker": self._opt_out_speaker,
            "ListSpeakers": self._list_speakers,
            "DescribeFraudster": self._describe_fraudster,
            "ListFraudsters": self._list_fraudsters,
            "FakeVoiceIdFailNext": self._fail_next_over_http,
        }
        for kind in KINDS:
            self._operations.update(self._job_operations(kind))
        for operation in S3_FAULTS_FOR:
            s3_client.meta.events.register(
                f"before-call.s3.{operation}", cast("Callable[..., None]", self._s3_fault)
            )

    @property
    def s3_client(self) -> S3Client:
        """The S3 client the fake's jobs read and write through."""
        return self._world.s3_client

    # --- Time -------------------------------------------------------------------

    def now(self) -> float:
        """The fake's time, in seconds: what it has been advanced by, plus its clock."""
        return self._offset + (self._clock() if self._clock is not None else 0.0)

    def advance(self, seconds: float) -> None:
        """Move the fake's time on, running what falls due (a ``sleep`` for the client)."""
        if not seconds >= 0:
            raise InvalidParameterError("seconds", seconds, "must be at least 0")
        with self._lock:
            self._offset += seconds
            self._refresh()

    # --- Set-up -----------------------------------------------------------------

    def create_domain(
        self,
        name: str,
        *,
        description: str | None = None,
        kms_key_id: str = "alias/voiceid",
        domain_id: str | None = None,
    ) -> str:
        """Create a domain, with its default watchlist; gives its id.

        ``domain_id`` fixes the id (22 letters and digits), for tests and examples
        that name it; by default the fake makes one.
        """
        check_value(name, "DomainName", "name")
        if domain_id is not None:
            check_value(domain_id, "DomainId", "domain_id")
        with self._lock:
            return self._world.create_domain(name, description, kms_key_id, domain_id).domain_id

    def create_watchlist(self, domain_id: str, name: str, *, description: str | None = None) -> str:
        """Create a watchlist in a domain; gives its id."""
        check_value(name, "WatchlistName", "name")
        with self._lock:
            domain = self._domain({"DomainId": domain_id})
            return self._world.create_watchlist(domain, name, description).watchlist_id

    def opt_out_speaker(self, domain_id: str, speaker_id: str) -> str:
        """Opt a speaker out, as OptOutSpeaker does; gives the speaker's generated id.

        ``speaker_id`` is the customer's id or the generated one. A speaker the domain
        does not know is made, opted out; an opted-out speaker keeps no voices, and a
        job that enrolls it gets an error entry (409).
        """
        with self._lock:
            domain = self._domain({"DomainId": domain_id})
            return self._world.opt_out(domain.domain_id, speaker_id).generated_id

    def default_watchlist_id(self, domain_id: str) -> str:
        """The id of a domain's default watchlist."""
        return self._domain({"DomainId": domain_id}).default_watchlist_id

    def set_voice(self, s3_uri: str, voice: str, *, channel: int | None = None) -> None:
        """Say whose voice an audio file holds, on one channel or on all.

        By default a file's voice is a digest of its samples: the same recording is
        the same voice. Naming voices lets different files be one speaker.
        """
        self._world.set_voice(s3_uri, voice, channel)

    def voice_of(self, s3_uri: str, channel: int = 0) -> str:
        """The voice the fake hears on a channel of an audio file in S3."""
        return self._world.voice_of(s3_uri, channel)

    def set_similarity(self, voice_a: str, voice_b: str, score: int) -> None:
        """Set how similar two voices are, 0-100.

        Without this, a voice is 100 similar to itself and 0-39 to any other (a fixed
        digest of the two names), so only the same voice crosses the default
        thresholds of 50.
        """
        check_value(score, "Score", "score")
        self._world.set_similarity(voice_a, voice_b, score)

    def similarity(self, voice_a: str, voice_b: str) -> int:
        """How similar the fake finds two voices, 0-100."""
        return self._world.similarity(voice_a, voice_b)

    # --- Serving ----------------------------------------------------------------

    def attach(self, client: Any) -> None:
        """Answer every request of a ``voice-id`` client from this fake, in process.

        ``client`` is a boto3 client or an aiobotocore one (for
        :class:`voiceid_jobs.aio.AsyncVoiceIdJobsClient`); either serializes its
        requests and parses the answers as it would off the wire.
        """
        answer = self._answer_aio if _is_aiobotocore(client) else self._answer
        client.meta.events.register(
            "before-send.voice-id", answer, unique_id=f"voiceid-jobs-fake-{id(self)}"
        )

    def _answer(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        status, body = self.handle(operation_of(request), params_of(request))
        return json_response(request, body, status)

    def _answer_aio(self, request: AWSPreparedRequest, **_: object) -> Any:
        status, body = self.handle(operation_of(request), params_of(request))
        return aio_json_response(request, body, status)

    def handle(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Serve one request: the HTTP status and the JSON body of the answer."""
        with self._lock:
            self.calls.append(operation)
            self._refresh()
            serve = self._operations.get(operation, self._unsupported(operation))
            try:
                failures = self._failures.get(operation)
                if failures:
                    raise self._injected(failures.pop(0), operation)
                if operation in self._rated_operations:
                    self._take_token(operation)
                return 200, serve(params)
            except _Refusal as refusal:
                return refusal.status, refusal.body()

    # --- Misbehaving on request -----------------------------------------------------

    def fail_next(self, operation: str, code: str, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``operation`` with the documented error ``code``.

        ``operation`` is a Voice ID operation the fake serves, and ``code`` one of the
        errors botocore's service model documents for it (``ThrottlingException``,
        ``InternalServerException``, ``AccessDeniedException``, ...), answered with its
        HTTP status and modeled members, so a test can drive its retry and alert paths.
        ``operation`` may also be ``PutObject`` or ``GetObject``, with one of
        :data:`S3_FAULTS`: the next such calls through :attr:`s3_client` fail, the
        client's and the fake's own reads and writes alike (in process only). At most
        1,000 failures are queued for an operation. Over HTTP, the pseudo-operation
        ``VoiceID.FakeVoiceIdFailNext`` (members Operation, Code, Times) does the same
        for Voice ID operations.

        Raises:
            InvalidParameterError: an operation the fake does not serve, a code it does
                not document, or a ``times`` that is not 1 to 1,000.
        """
        with self._lock:
            queued = self._failures.setdefault(str(operation), [])
            _check_times(times, len(queued))
            if operation in S3_FAULTS_FOR:
                if code not in S3_FAULTS:
                    raise InvalidParameterError(
                        "code", code, "must be one of S3's " + ", ".join(S3_FAULTS)
                    )
            elif operation not in self._operations or operation == "FakeVoiceIdFailNext":
                served = sorted({*self._operations, *S3_FAULTS_FOR} - {"FakeVoiceIdFailNext"})
                raise InvalidParameterError(
                    "operation", operation, "must be one of " + ", ".join(served)
                )
            elif code not in documented_errors(str(operation)):
                documented = ", ".join(sorted(documented_errors(str(operation))))
                raise InvalidParameterError(
                    "code", code, f"must be an error {operation} documents: {documented}"
                )
            queued.extend([str(code)] * times)

    def _fail_next_over_http(self, params: dict[str, Any]) -> dict[str, Any]:
        try:
            self.fail_next(
                str(params.get("Operation", "")),
                str(params.get("Code", "")),
                times=params.get("Times", 1),
            )
        except InvalidParameterError as error:
            raise _Refusal(400, "ValidationException", str(error)) from None
        return {}

    def _take_token(self, operation: str) -> None:
        """Throttle a job operation above ``requests_per_second``, on the fake's clock."""
        if self._rate is None:
            return
        now = self.now()
        capacity = max(1.0, self._rate)
        self._allowance = min(capacity, self._allowance + (now - self._last_refill) * self._rate)
        self._last_refill = now
        if self._allowance < 1:
            message = f"Rate exceeded: {operation} above {self._rate:g} requests a second"
            raise _Refusal(429, "ThrottlingException", message)
        self._allowance -= 1

    def _s3_fault(self, model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
        """Answer an S3 call with an injected fault, before it is sent.

        A handler of botocore's ``before-call`` event, as its Stubber is.
        """
        with self._lock:
            failures = self._failures.get(model.name)
            if not failures:
                return None
            code = failures.pop(0)
        status = S3_FAULTS[code]
        message = f"{code} injected by FakeVoiceId.fail_next for {model.name}"
        parsed: dict[str, Any] = {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {}},
        }
        return AWSResponse(None, status, {}, None), parsed  # type: ignore[arg-type]

    @staticmethod
    def _injected(code: str, operation: str) -> _Refusal:
        message = f"{code} injected by FakeVoiceId.fail_next for {operation}"
        return _Refusal(ERROR_STATUS[code], code, message, **_ERROR_MEMBERS.get(code, {}))

    def _unsupported(self, operation: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        def refuse(_: dict[str, Any]) -> dict[str, Any]:
            served = ", ".join(sorted(self._operations))
            raise _Refusal(
                400,
                "UnsupportedOperationException",
                f"FakeVoiceId does not support {operation}; it serves {served}",
            )

        return refuse

    def _refresh(self) -> None:
        pending = [job for job in self._jobs.values() if job.is_active]
        for job in sorted(pending, key=lambda job: job.end_at or job.start_at):
            job.refresh(self._world)

    # --- Looking things up ------------------------------------------------------

    def _domain(self, params: dict[str, Any]) -> Domain:
        domain_id = params.get("DomainId")
        self._check(domain_id, "DomainId", "DomainId")
        domain = self._world.domains.get(str(domain_id))
        if domain is None:
            raise _not_found("DOMAIN", f"Domain {domain_id}")
        return domain

    @staticmethod
    def _check(value: object, shape: str, member: str) -> None:
        try:
            if value is None:
                raise InvalidParameterError(member, value, "is required")  # noqa: TRY301
            check_value(value, shape, member)
        except InvalidParameterError as error:
            raise _invalid(error) from None

    @staticmethod
    def _checked(params: dict[str, Any], cls: type[Any]) -> Any:
        try:
            request = from_boto(params, cls)
            validate(request, deep=True)
        except InvalidParameterError as error:
            raise _invalid(error) from None
        except (TypeError, ValueError) as error:
            raise _Refusal(
                400, "ValidationException", f"The request is not valid: {error}"
            ) from None
        return request

    @staticmethod
    def _page(
        items: list[dict[str, Any]], params: dict[str, Any], key: str, *, most: int = 100
    ) -> dict[str, Any]:
        """One page of a List; MaxResults is 1 to ``most`` (the service model's range)."""
        size = params.get("MaxResults", most)
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= most:
            rule = f"must have value between 1 and {most}"
            raise _invalid(InvalidParameterError("max_results", size, rule))
        token = params.get("NextToken") or "0"  # an empty token is the first page
        if not str(token).isdigit():
            raise _Refusal(400, "ValidationException", "NextToken is not valid")
        start = int(token)
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    # --- The job operations -----------------------------------------------------

    def _job_operations(
        self, kind: AnyJobKind
    ) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        """The Start, Describe and List operations of one kind of job."""
        return {
            kind.start_operation: lambda p: self._start(kind, p),
            kind.describe_operation: lambda p: self._describe_job(kind, p),
            kind.list_operation: lambda p: self._list_jobs(kind, p),
        }

    def _start(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        checked = self._checked({"ClientToken": "unset", **params}, kind.start_request)
        domain = self._domain(params)
        token = params.get("ClientToken")
        request = {  # the modeled members only: one the model does not know is not kept
            key: value for key, value in to_boto(checked).items() if key != "ClientToken"
        }
        if token is not None and (kind.name, token) in self._tokens:
            job = self._jobs[self._tokens[kind.name, token]]
            if job.request != request:
                raise _Refusal(
                    409, "ConflictException", f"ClientToken {token} was used with other parameters"
                )
            return {"Job": job.describe()}
        config = params.get(member_name(kind.config_field), {})
        watchlist_ids = config.get("WatchlistIds") or config.get("FraudDetectionConfig", {}).get(
            "WatchlistIds", ()
        )
        for watchlist_id in watchlist_ids:
            if watchlist_id not in domain.watchlists:
                raise _not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        active = sum(
            job.is_active and job.kind == kind.name and job.domain_id == domain.domain_id
            for job in self._jobs.values()
        )
        quota = self._world.settings.active_jobs_per_domain
        if active >= quota:
            raise _Refusal(
                402,
                "ServiceQuotaExceededException",
                f"Domain {domain.domain_id} already has {active} active {kind.name} jobs "
                f"(the quota is {quota})",
            )
        now = self.now()
        job = FakeJob(
            kind=kind.name,
            job_id=self._world.new_id("job"),
            domain_id=domain.domain_id,
            request=request,
            created_at=now,
            start_at=now + self._world.settings.queue_seconds,
        )
        self._jobs[job.job_id] = job
        if token is not None:
            self._tokens[kind.name, token] = job.job_id
        return {"Job": job.describe()}

    def _describe_job(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        self._checked(params, DescribeJobRequest)
        domain = self._domain(params)
        job = self._jobs.get(params["JobId"])
        if job is None or job.kind != kind.name or job.domain_id != domain.domain_id:
            raise _not_found("BATCH_JOB", f"Job {params['JobId']}")
        return {"Job": job.describe()}

    def _list_jobs(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        self._checked(
            {k: v for k, v in params.items() if k in {"DomainId", "JobStatus"}}, ListJobsRequest
        )
        domain = self._domain(params)
        status = params.get("JobStatus")
        summaries = [
            job.summary()
            for job in self._jobs.values()
            if job.kind == kind.name
            and job.domain_id == domain.domain_id
            and status in (None, job.status)
        ]
        return self._page(summaries, params, "JobSummaries")

    # --- Domains, watchlists, speakers, fraudsters --------------------------------

    def _create_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params.get("Name")
        kms = params.get("ServerSideEncryptionConfiguration", {}).get("KmsKeyId")
        if not name or not kms:
            raise _Refusal(
                400,
                "ValidationException",
                "Name and ServerSideEncryptionConfiguration are required",
            )
        self._check(name, "DomainName", "name")
        domain = self._world.create_domain(name, params.get("Description"), kms)
        return {"Domain": self._domain_view(domain)}

    @staticmethod
    def _domain_view(domain: Domain) -> dict[str, Any]:
        view = {
            "Arn": f"arn:aws:voiceid:us-east-1:{ACCOUNT}:domain/{domain.domain_id}",
            "DomainId": domain.domain_id,
            "Name": domain.name,
            "DomainStatus": "ACTIVE",
            "ServerSideEncryptionConfiguration": {"KmsKeyId": domain.kms_key_id},
            "WatchlistDetails": {"DefaultWatchlistId": domain.default_watchlist_id},
            "CreatedAt": _timestamp(domain.created_at),
            "UpdatedAt": _timestamp(domain.created_at),
        }
        if domain.description is not None:
            view["Description"] = domain.description
        return view

    def _list_domains(self, params: dict[str, Any]) -> dict[str, Any]:
        views = [self._domain_view(domain) for domain in self._world.domains.values()]
        return self._page(views, params, "DomainSummaries", most=10)  # MaxResultsForListDomainFe

    def _create_watchlist(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        self._check(params.get("Name"), "WatchlistName", "name")
        watchlist = self._world.create_watchlist(domain, params["Name"], params.get("Description"))
        return {"Watchlist": self._watchlist_view(domain, watchlist.watchlist_id)}

    @staticmethod
    def _watchlist_view(domain: Domain, watchlist_id: str) -> dict[str, Any]:
        watchlist = domain.watchlists.get(watchlist_id)
        if watchlist is None:
            raise _not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        view = {
            "WatchlistId": watchlist.watchlist_id,
            "DomainId": watchlist.domain_id,
            "Name": watchlist.name,
            "DefaultWatchlist": watchlist.default,
            "CreatedAt": _timestamp(watchlist.created_at),
            "UpdatedAt": _timestamp(watchlist.created_at),
        }
        if watchlist.description is not None:
            view["Description"] = watchlist.description
        return view

    def _describe_watchlist(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        return {"Watchlist": self._watchlist_view(domain, params.get("WatchlistId", ""))}

    def _list_watchlists(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        views = [self._watchlist_view(domain, watchlist_id) for watchlist_id in domain.watchlists]
        return self._page(views, params, "WatchlistSummaries")

    def _speaker_view(self, domain: Domain, speaker_id: str) -> dict[str, Any]:
        speaker = self._world.speaker(domain.domain_id, speaker_id)
        if speaker is None:
            raise _not_found("SPEAKER", "The speaker")
        return {
            "DomainId": domain.domain_id,
            "CustomerSpeakerId": speaker.customer_id,
            "GeneratedSpeakerId": speaker.generated_id,
            "Status": speaker.status,
            "CreatedAt": _timestamp(speaker.created_at),
            "UpdatedAt": _timestamp(speaker.updated_at),
        }

    def _describe_speaker(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        return {"Speaker": self._speaker_view(domain, params.get("SpeakerId", ""))}

    def _opt_out_speaker(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        speaker = self._world.opt_out(domain.domain_id, params.get("SpeakerId", ""))
        return {"Speaker": self._speaker_view(domain, speaker.generated_id)}

    def _list_speakers(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        views = [self._speaker_view(domain, speaker_id) for speaker_id in domain.speakers]
        return self._page(views, params, "SpeakerSummaries")

    @staticmethod
    def _fraudster_view(domain: Domain, fraudster_id: str) -> dict[str, Any]:
        fraudster = domain.fraudsters.get(fraudster_id)
        if fraudster is None:
            raise _not_found("FRAUDSTER", f"Fraudster {fraudster_id}")
        return {
            "DomainId": domain.domain_id,
            "GeneratedFraudsterId": fraudster.generated_id,
            "WatchlistIds": list(fraudster.watchlist_ids),
            "CreatedAt": _timestamp(fraudster.created_at),
        }

    def _describe_fraudster(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        return {"Fraudster": self._fraudster_view(domain, params.get("FraudsterId", ""))}

    def _list_fraudsters(self, params: dict[str, Any]) -> dict[str, Any]:
        domain = self._domain(params)
        watchlist_id = params.get("WatchlistId")
        if watchlist_id is not None and watchlist_id not in domain.watchlists:
            raise _not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        views = [
            self._fraudster_view(domain, fraudster_id)
            for fraudster_id, fraudster in domain.fraudsters.items()
            if watchlist_id is None or watchlist_id in fraudster.watchlist_ids
        ]
        return self._page(views, params, "FraudsterSummaries")
