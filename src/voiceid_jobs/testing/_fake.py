"""FakeVoiceId: a stateful, in-memory Voice ID service.

It answers a real boto3 ``voice-id`` client from botocore's ``before-send`` event
(:meth:`FakeVoiceId.attach`): botocore serializes each request and parses each answer
exactly as it would off the wire, errors included. The HTTP server in
:mod:`voiceid_jobs.testing.server` serves the same :meth:`FakeVoiceId.handle`.

A call only reads and changes the fake's state, under its lock; its jobs are run by
its job engine (:mod:`._engine`), with their S3 reads and writes outside that lock.
The methods that set the fake up (domains, watchlists, speakers, sessions, voices)
come from its base class, in :mod:`._fake_setup`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._kinds import ENROLLMENT, KINDS, REGISTRATION

from . import _api_domains, _api_jobs, _api_people, _api_sessions, _routing
from ._answers import Refusal
from ._engine import JobEngine
from ._fake_setup import FakeSetUp
from ._faults import Faults, s3_error_response
from ._handlers import ACCOUNT, Context
from ._knobs import count, progress_of, quota, seed_of
from ._knobs import seconds as _seconds
from ._requests import RequestRefused, check_request
from ._state import JobSettings, World

if TYPE_CHECKING:
    from botocore.awsrequest import AWSResponse
    from types_boto3_s3 import S3Client
    from typing_extensions import Self

__all__ = ["FakeVoiceId"]

FAIL_NEXT = "FakeVoiceIdFailNext"
"""The pseudo-operation that reaches ``fail_next`` over HTTP."""

_MODEL_DEPTH = 8
"""Deeper than any structure of the service model nests (an unknown member may go on)."""


def _without_nulls(params: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """A request's members less those that are null, as deep as the model's structures go.

    The JSON protocol reads a null member as one that is absent.
    """
    kept: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, dict) and depth < _MODEL_DEPTH:
            kept[name] = _without_nulls(cast("dict[str, Any]", value), depth + 1)
        elif value is not None:
            kept[name] = value
    return kept


class FakeVoiceId(FakeSetUp):
    """A stateful fake of the Voice ID service, on a clock of its own.

    Args:
        s3_client: where jobs read manifests and audio and write output files
            (moto's S3, typically).
        queue_seconds: how long a job stays SUBMITTED.
        seconds_per_request: how long a job is IN_PROGRESS, per manifest request.
        default_risk_threshold: the RiskThreshold of fraud detection when a job sets none.
        default_similarity_threshold: the FraudsterSimilarityThreshold when a job sets none.
        clock: a clock for the fake to follow (the server passes a scaled real clock):
            its jobs then run on their own, in a thread of the fake's, as their time
            comes, until :meth:`close`. None (the default) for a clock that moves only
            by :meth:`advance`, which runs what falls due, deterministically.
        active_jobs_per_domain: the quota of active jobs of each type in a domain (the
            service's: 1).
        requests_per_enrollment_job: the most requests an enrollment job takes (10,000).
        requests_per_registration_job: the most requests a registration job takes (500).
        speakers_per_domain: the most speakers a domain holds; a new speaker beyond it
            is an error entry (402). None (the default) sets no limit.
        fraudsters_per_watchlist: the most fraudsters a watchlist holds; a new
            fraudster beyond it is an error entry (402), and AssociateFraudster a
            ServiceQuotaExceededException. None (the default) sets no limit.
        domains_per_account: the most domains the fake holds (the service's quota: 3);
            CreateDomain beyond it is a ServiceQuotaExceededException. None (the
            default) sets no limit.
        watchlists_per_domain: the most watchlists a domain holds, its default one
            included (the service's quota: 3); CreateWatchlist beyond it is a
            ServiceQuotaExceededException. None (the default) sets no limit.
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
        seed: makes the ids the fake gives (domains, watchlists, jobs, speakers,
            fraudsters) the same from run to run; None (the default) gives fresh ones.
        calls_kept: how many of the latest operations :attr:`calls` keeps; None (the
            default) keeps them all. A long-running endpoint sets a bound.
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
        domains_per_account: int | None = None,
        watchlists_per_domain: int | None = None,
        progress: Callable[[float], float] | None = None,
        seed: int | None = None,
        calls_kept: int | None = None,
    ) -> None:
        if clock is not None and not callable(clock):
            raise InvalidParameterError("clock", clock, "must be a function of no arguments")
        self._clock = clock
        self._offset = 0.0
        self._lock = threading.RLock()
        self._advancing = threading.Lock()
        settings = JobSettings(
            queue_seconds=_seconds(queue_seconds, "queue_seconds"),
            seconds_per_request=_seconds(seconds_per_request, "seconds_per_request"),
            default_risk_threshold=default_risk_threshold,
            default_similarity_threshold=default_similarity_threshold,
            active_jobs_per_domain=count(active_jobs_per_domain, "active_jobs_per_domain"),
            speakers_per_domain=quota(speakers_per_domain, "speakers_per_domain"),
            fraudsters_per_watchlist=quota(fraudsters_per_watchlist, "fraudsters_per_watchlist"),
            domains_per_account=quota(domains_per_account, "domains_per_account"),
            watchlists_per_domain=quota(watchlists_per_domain, "watchlists_per_domain"),
            min_speech_seconds=_seconds(min_speech_seconds, "min_speech_seconds"),
            progress=progress_of(progress),
            requests_per_job={
                ENROLLMENT.name: count(requests_per_enrollment_job, "requests_per_enrollment_job"),
                REGISTRATION.name: count(
                    requests_per_registration_job, "requests_per_registration_job"
                ),
            },
        )
        self._calls_kept = quota(calls_kept, "calls_kept")
        self._world = World(self.now, settings, seed_of(seed))
        self._engine = JobEngine(self._world, s3_client, self._lock, self.now)
        context = Context(self._world, self._engine, settings.progress)
        self._operations = {
            **_api_domains.handlers(context),
            **_api_people.handlers(context),
            **_api_jobs.handlers(context),
            **_api_sessions.handlers(context),
        }
        self._domain = context.domain
        self._faults = Faults(
            served=self._operations,
            rate=requests_per_second,
            now=self.now,
            account=ACCOUNT,
        )
        self._rated_operations = {
            operation
            for kind in KINDS
            for operation in (kind.start_operation, kind.describe_operation, kind.list_operation)
        }
        self.calls: list[str] = []
        """The operations served, in order (e.g. to count Describe calls); only the
        latest ``calls_kept`` when that is set."""
        s3_client.meta.events.register(
            "before-call.s3", cast("Callable[..., Any]", self._s3_answer)
        )
        if clock is not None:
            self._engine.start()

    @property
    def s3_client(self) -> S3Client:
        """The S3 client the fake's jobs read and write through."""
        return self._engine.s3_client

    # --- Time and life ------------------------------------------------------------

    def now(self) -> float:
        """The fake's time, in seconds: what it has been advanced by, plus its clock."""
        return self._offset + (self._clock() if self._clock is not None else 0.0)

    def advance(self, seconds: float) -> None:
        """Move the fake's time on (a ``sleep`` for the client).

        On its own clock, the fake runs every step of its jobs that falls due, in the
        order of their times, before this returns. Following a ``clock``, it only moves
        the time on: its own thread runs what falls due.
        """
        seconds = _seconds(seconds, "seconds")
        if self._clock is not None:
            with self._lock:
                self._offset += seconds
            self._engine.wake()
            return
        with self._advancing:  # one advance at a time runs the steps, in time order
            self._engine.run_until(self.now() + seconds, self._move_to)

    def _move_to(self, time: float) -> None:
        """Set a fake on its own clock to ``time``, never back (under the lock)."""
        self._offset = max(self._offset, time)

    def settle(self, timeout: float = 60.0) -> bool:
        """Let every step of the fake's jobs that is due by now run; whether they all did.

        On its own clock, the fake runs them here (as ``advance(0)``). Following a
        ``clock``, this waits, up to ``timeout`` real seconds, until its own thread has
        run them: for a test that reads what a job did once its time has come.
        """
        if self._clock is None:
            self.advance(0)
            return True
        return self._engine.settle(_seconds(timeout, "timeout"))

    def close(self) -> None:
        """Stop running jobs in the fake's own thread (a fake that follows a ``clock``).

        Calls are still answered; jobs no longer move. Closing twice does nothing.
        """
        self._engine.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- Serving ----------------------------------------------------------------

    def attach(self, client: Any) -> None:
        """Answer a ``voice-id`` client, or every one a session makes from now on, in process.

        ``client`` is a boto3 client or an aiobotocore one (for
        :class:`voiceid_jobs.aio.AsyncVoiceIdJobsClient`), or a session: a
        ``boto3.Session``, a botocore session or an aiobotocore one. A client serializes
        its requests and parses the answers as it would off the wire; one attached to
        this fake keeps it inside ``mock_voiceid()``.
        """
        _routing.attach(self, client)

    def handle(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Serve one request: the HTTP status and the JSON body of the answer.

        It reads and changes the fake's state only: no job work is done in a call.
        """
        serve = self._operations.get(operation)
        with self._lock:
            try:
                if operation == FAIL_NEXT:
                    return 200, self._fail_next_over_http(params)
                if serve is None:
                    raise self._unknown(operation)
                self._record(operation)
                check_request(operation, params)
                self._faults.refuse_if_queued(operation)
                if operation in self._rated_operations:
                    self._faults.throttle(operation)
                return 200, serve(_without_nulls(params))
            except RequestRefused as refused:
                return refused.status, Refusal(refused.status, refused.code, refused.message).body()
            except Refusal as refusal:
                return refusal.status, refusal.body()

    def _record(self, operation: str) -> None:
        self.calls.append(operation)
        kept = self._calls_kept
        if kept is not None and len(self.calls) >= 2 * kept:
            del self.calls[:-kept]

    def _unknown(self, operation: str) -> Refusal:
        served = ", ".join(sorted(self._operations))
        shown = operation[:100]
        return Refusal(  # the JSON protocol's answer to an operation it does not have
            400,
            "UnknownOperationException",
            f"Voice ID has no operation {shown}; the fake serves {served}",
        )

    # --- Misbehaving on request -----------------------------------------------------

    def fail_next(self, operation: str, code: str, *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``operation`` with the documented error ``code``.

        ``operation`` is a Voice ID operation the fake serves, and ``code`` one of the
        errors botocore's service model documents for it (``ThrottlingException``,
        ``InternalServerException``, ``AccessDeniedException``, ...), answered with its
        HTTP status and modeled members, so a test can drive its retry and alert paths.
        ``operation`` may also be ``PutObject`` or ``GetObject``, with one of
        ``S3_FAULTS`` (NoSuchKey, NoSuchBucket, AccessDenied, SlowDown,
        InternalError): the next such calls through :attr:`s3_client` fail, the
        client's and the fake's own reads and writes alike. At most 1,000 failures are
        queued for an operation. Over HTTP, the pseudo-operation
        ``VoiceID.FakeVoiceIdFailNext`` (members Operation, Code, Times) does the same.

        Raises:
            InvalidParameterError: an operation the fake does not serve, a code it does
                not document, or a ``times`` that is not 1 to 1,000.
        """
        with self._lock:
            self._faults.queue(operation, code, times)

    def _fail_next_over_http(self, params: object) -> dict[str, Any]:
        if not isinstance(params, dict):
            raise Refusal(400, "SerializationException", "The body is not a JSON object")
        params = cast("dict[str, Any]", params)
        try:
            self._faults.queue(params.get("Operation"), params.get("Code"), params.get("Times", 1))
        except InvalidParameterError as error:
            raise Refusal(400, "ValidationException", str(error)[:1000]) from None
        return {}

    def _s3_answer(
        self, model: Any, params: dict[str, Any], **_: Any
    ) -> tuple[AWSResponse, dict[str, Any]] | None:
        """Answer an S3 call with an injected fault, before it is sent.

        A handler of botocore's ``before-call`` event, as its Stubber is.
        """
        with self._lock:
            parsed = self._faults.s3_answer(model.name, params)
        return None if parsed is None else s3_error_response(parsed)

    def __repr__(self) -> str:
        with self._lock:
            return f"FakeVoiceId({len(self._world.domains)} domains, {len(self._engine.jobs)} jobs)"
