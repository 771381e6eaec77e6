"""The fake's batch jobs: their timeline, and what they do to the domain.

A job is SUBMITTED for ``queue_seconds``; then it reads its manifest (FAILED if it is
missing, unreadable or not a manifest) and is IN_PROGRESS for ``seconds_per_request``
per request, its JobProgress rising with the fake's clock, carrying out its requests
in manifest order as their time comes; then it writes the output file and ends
COMPLETED, or COMPLETED_WITH_ERRORS when any request failed. Times are the fake's own.

The work is done a step at a time, by the calls that observe the job, each for at most
:data:`WORK_SECONDS` of real time: a call never waits long behind a big job (whose
requests each read audio from S3), however far the fake's clock jumped. A job whose
time has come but whose requests are not all carried out yet stays IN_PROGRESS, at
99%, until a later call finishes them.
"""

from __future__ import annotations

import datetime
import json
import math
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from voiceid_jobs._converters import member_name
from voiceid_jobs._errors import InvalidParameterError, ServiceError
from voiceid_jobs._kinds import KindName, kind_named
from voiceid_jobs._models import SpeakerEnrollmentJobSummary
from voiceid_jobs._s3 import get_object

from ._audio import AudioProblem
from ._manifests import Entry, UnreadableManifestError, read_manifest
from ._state import Refused

if TYPE_CHECKING:
    from ._state import Heard, World

__all__ = ["EPOCH", "FakeJob"]

_SUMMARY_MEMBERS = frozenset(
    member_name(field.name) for field in attrs.fields(SpeakerEnrollmentJobSummary)
)
"""What List reports of a job (both kinds' summary shapes have the same members)."""

EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
"""The fake's time 0, for the timestamps it reports."""


def _reported(progress: Callable[[float], float] | None, share: float) -> float:
    """The share of a job PercentComplete reports, from the share of its time passed."""
    if progress is None:
        return share
    reported = progress(share)
    if not 0 <= reported <= 1:
        raise InvalidParameterError("progress", reported, "must give a share from 0 to 1")
    return reported


@attrs.define
class FakeJob:
    """One batch job and where it stands."""

    kind: KindName
    job_id: str
    domain_id: str
    request: dict[str, Any]
    """The Start request as sent, less its ClientToken."""
    created_at: float
    start_at: float
    status: str = "SUBMITTED"
    percent: int = 0
    end_at: float | None = None
    ended_at: float | None = None
    failure: dict[str, Any] | None = None
    entries: list[Entry] | None = None
    """The manifest's requests while the job runs; released when it ends."""
    output: dict[str, Any] | None = None
    """The output file as it is filled in, while the job runs."""
    work: Iterator[None] | None = None
    """Carries out the next request at each step, while the job runs."""
    done: int = 0
    """How many requests have been carried out."""

    @property
    def is_active(self) -> bool:
        """SUBMITTED or IN_PROGRESS: it counts against the one-active-job quota."""
        return self.status in {"SUBMITTED", "IN_PROGRESS"}

    def refresh(self, world: World) -> None:
        """Bring the job up to the fake's present, doing what fell due since."""
        now = world.now()
        if self.status == "SUBMITTED" and now >= self.start_at:
            self._begin(world)
        if self.status == "IN_PROGRESS" and self.end_at is not None and self.entries is not None:
            share = min(1.0, (now - self.start_at) / max(self.end_at - self.start_at, 1e-9))
            self._carry_out(math.ceil(share * len(self.entries)))
            if now >= self.end_at and self.done == len(self.entries):
                self._finish(world)
            else:
                self.percent = min(99, int(100 * _reported(world.settings.progress, share)))

    def _carry_out(self, due: int) -> None:
        """Carry out the requests due, for at most WORK_SECONDS of real time."""
        assert self.work is not None  # noqa: S101 - set when the job began
        stop = time.monotonic() + WORK_SECONDS
        while self.done < due and time.monotonic() < stop:
            next(self.work, None)
            self.done += 1

    def _begin(self, world: World) -> None:
        uri = self.request["InputDataConfig"]["S3Uri"]
        kind = kind_named(self.kind)
        try:
            data = get_object(world.s3_client, uri)
            self.entries = read_manifest(
                kind, data, limit=world.settings.requests_per_job[self.kind]
            )
        except ServiceError as error:
            self._fail(f"The input manifest {uri} could not be read: {error.code}", 400)
            return
        except InvalidParameterError as error:  # a valid S3Uri that names no object
            self._fail(f"The input manifest {uri} could not be read: it {error.rule}", 400)
            return
        except UnreadableManifestError as error:
            self._fail(f"The input manifest {uri} is not valid: it {error}", 400)
            return
        self.status = "IN_PROGRESS"
        self.end_at = self.start_at + max(1, len(self.entries)) * world.settings.seconds_per_request
        self.output = {"Version": "1.0", "Errors": [], _SUCCESSES[self.kind]: []}
        self.work = _CARRY_OUT[self.kind](world, self, self.entries, self.output)
        next(self.work, None)  # its set-up, up to the first request: each step does one

    def _fail(self, message: str, status_code: int) -> None:
        self.status = "FAILED"
        self.ended_at = self.start_at
        self.failure = {"StatusCode": status_code, "Message": message}

    def _finish(self, world: World) -> None:
        assert self.output is not None  # noqa: S101 - set when the job began
        output = self.output
        self.entries = self.output = self.work = None
        try:
            world.write(  # encrypted with the job's key, as the service does
                self.output_file_uri,
                json.dumps(output),
                kms_key_id=self.request["OutputDataConfig"].get("KmsKeyId"),
            )
        except (ServiceError, InvalidParameterError) as error:
            reason = error.code if isinstance(error, ServiceError) else error.rule
            self._fail(f"The output file could not be written: {reason}", 400)
            self.ended_at = self.end_at
            return
        self.status = "COMPLETED_WITH_ERRORS" if output["Errors"] else "COMPLETED"
        self.percent = 100
        self.ended_at = self.end_at

    @property
    def output_file_uri(self) -> str:
        """``<output folder>/<job id>/<input file name>.out``."""
        folder = self.request["OutputDataConfig"]["S3Uri"].rstrip("/")
        name = self.request["InputDataConfig"]["S3Uri"].rstrip("/").rsplit("/", 1)[-1]
        return f"{folder}/{self.job_id}/{name}.out"

    def describe(self) -> dict[str, Any]:
        """The job as Describe reports it."""
        job = {
            **{k: v for k, v in self.request.items() if k != "DomainId"},
            "JobId": self.job_id,
            "DomainId": self.domain_id,
            "JobStatus": self.status,
            "JobProgress": {"PercentComplete": self.percent},
            "CreatedAt": EPOCH + datetime.timedelta(seconds=self.created_at),
        }
        if self.ended_at is not None:
            job["EndedAt"] = EPOCH + datetime.timedelta(seconds=self.ended_at)
        if self.failure is not None:
            job["FailureDetails"] = self.failure
        return job

    def summary(self) -> dict[str, Any]:
        """The job as List reports it: the members of the summary shape."""
        return {key: value for key, value in self.describe().items() if key in _SUMMARY_MEMBERS}


def _voices(world: World, specs: tuple[tuple[str, int], ...], heard: Heard) -> tuple[str, ...]:
    """The voices of a request's audio, each once, checked as the service checks it."""
    voices = tuple(dict.fromkeys([world.voice_of(uri, channel, heard) for uri, channel in specs]))
    world.check_speech(specs, heard)
    return voices


def _closest(
    world: World, voices: tuple[str, ...], candidates: list[Any]
) -> tuple[int, Any | None]:
    """The highest similarity to any candidate's voices, and that candidate."""
    best, match = -1, None
    for candidate in candidates:
        score = max(
            world.similarity(mine, theirs) for mine in voices for theirs in candidate.voices
        )
        if score > best:
            best, match = score, candidate
    return best, match


def _enroll(
    world: World, job: FakeJob, entries: list[Entry], output: dict[str, Any]
) -> Iterator[None]:
    config = job.request.get("EnrollmentConfig", {})
    existing_action = config.get("ExistingEnrollmentAction", "SKIP")
    fraud = config.get("FraudDetectionConfig", {})
    fraud_action = fraud.get("FraudDetectionAction", "FAIL")
    threshold = fraud.get("RiskThreshold", world.settings.default_risk_threshold)
    watchlist = (fraud.get("WatchlistIds") or [world.default_watchlist_id(job.domain_id)])[0]
    errors: list[dict[str, Any]] = output["Errors"]
    successes: list[dict[str, Any]] = output["SuccessfulEnrollments"]
    heard: Heard = {}
    fraudsters = world.fraudsters_on(job.domain_id, watchlist)  # an enrollment adds none
    for request in entries:
        yield
        if request.problem is not None or request.speaker_id is None:
            errors.append(_error(request, request.problem or "The request has no SpeakerId"))
            continue
        try:  # an opted-out speaker is refused before its audio is read
            world.check_not_opted_out(
                world.speaker(job.domain_id, request.speaker_id), request.speaker_id
            )
        except Refused as refused:
            errors.append(_error(request, str(refused), refused.code))
            continue
        try:
            voices = _voices(world, request.audio, heard)
        except AudioProblem as problem:
            errors.append(_error(request, str(problem)))
            continue
        risk, _ = _closest(world, voices, fraudsters)
        if risk >= threshold and fraud_action != "IGNORE":
            flagged = f"The speaker was flagged as a likely fraudster (risk {risk} >= {threshold})"
            errors.append(_error(request, flagged))
            continue
        try:
            speaker, status = world.enroll(
                job.domain_id, request.speaker_id, voices, overwrite=existing_action == "OVERWRITE"
            )
        except Refused as refused:
            errors.append(_error(request, str(refused), refused.code))
            continue
        successes.append(
            {
                "RequestId": request.request_id,
                "GeneratedSpeakerId": speaker.generated_id,
                "CustomerSpeakerId": request.speaker_id,
                "EnrollmentStatus": status,
            }
        )


def _register(
    world: World, job: FakeJob, entries: list[Entry], output: dict[str, Any]
) -> Iterator[None]:
    config = job.request.get("RegistrationConfig", {})
    duplicate_action = config.get("DuplicateRegistrationAction", "SKIP")
    threshold = config.get(
        "FraudsterSimilarityThreshold", world.settings.default_similarity_threshold
    )
    watchlist = (config.get("WatchlistIds") or [world.default_watchlist_id(job.domain_id)])[0]
    errors: list[dict[str, Any]] = output["Errors"]
    successes: list[dict[str, Any]] = output["SuccessfulRegistrations"]
    heard: Heard = {}
    for request in entries:
        yield
        if request.problem is not None:
            errors.append(_error(request, request.problem))
            continue
        try:
            voices = _voices(world, request.audio, heard)
        except AudioProblem as problem:
            errors.append(_error(request, str(problem)))
            continue
        score, match = _closest(world, voices, world.fraudsters_on(job.domain_id, watchlist))
        duplicate = match if match is not None and score >= threshold else None
        if duplicate is not None and duplicate_action != "REGISTER_AS_NEW":
            successes.append(
                {
                    "RequestId": request.request_id,
                    "GeneratedFraudsterId": duplicate.generated_id,
                    "RegistrationStatus": "DUPLICATE_SKIPPED",
                    "FraudsterSimilarityScore": score,
                }
            )
            continue
        try:
            fraudster = world.register(job.domain_id, watchlist, voices)
        except Refused as refused:
            errors.append(_error(request, str(refused), refused.code))
            continue
        successes.append(
            {
                "RequestId": request.request_id,
                "GeneratedFraudsterId": fraudster.generated_id,
                "RegistrationStatus": "NEW_REGISTRATION",
            }
        )


def _error(request: Entry, message: str, code: int = 400) -> dict[str, Any]:
    """A request's error entry (without RequestId when the request has none).

    The code is 400 for bad input or a failed fraud check, 402 for a quota, and 409
    for an opted-out speaker.
    """
    entry: dict[str, Any] = {} if request.request_id is None else {"RequestId": request.request_id}
    entry.update(ErrorCode=code, ErrorMessage=message)
    return entry


_CARRY_OUT: dict[KindName, Callable[[World, FakeJob, Any, dict[str, Any]], Iterator[None]]] = {
    "enrollment": _enroll,
    "registration": _register,
}
"""What a job of each kind does with its manifest's requests, a request a step: it fills
in the output file, with the schema's member names (the fake writes the documented
format itself)."""

_SUCCESSES: dict[KindName, str] = {
    "enrollment": "SuccessfulEnrollments",
    "registration": "SuccessfulRegistrations",
}
"""The output file's array of successes, by kind."""

WORK_SECONDS = 0.1
"""The most real time one call spends carrying out a running job's requests."""
