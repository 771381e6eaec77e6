"""The fake's batch jobs: their timeline, how they report it, and what they do to a domain.

A job is SUBMITTED for ``queue_seconds``; then it reads its manifest (FAILED if it is
missing, unreadable or not a manifest) and is IN_PROGRESS for ``seconds_per_request``
per request, its JobProgress rising with the fake's clock, carrying out its requests
in manifest order as their time comes (request *i* at ``(i + 1) * seconds_per_request``
after it began); at its due time it writes the output file and ends COMPLETED, or
COMPLETED_WITH_ERRORS when any request failed.

This module holds what a job is and what its requests do; :mod:`._engine` runs jobs
(when each step falls due, its S3 reads and writes outside the fake's lock).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from voiceid_jobs._converters import member_name
from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._kinds import KindName
from voiceid_jobs._models import SpeakerEnrollmentJobSummary

from ._audio import AudioProblem, Recording
from ._manifest_entries import Entry
from ._state import MOST_BETWEEN_OTHERS, Refused

if TYPE_CHECKING:
    from ._state import Fraudster, Speaker, World

__all__ = ["EPOCH", "FakeJob", "Heard", "Step", "carry_out"]

_SUMMARY_MEMBERS = frozenset(
    member_name(field.name) for field in attrs.fields(SpeakerEnrollmentJobSummary)
)
"""What List reports of a job (both kinds' summary shapes have the same members)."""

EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
"""The fake's time 0, for the timestamps it reports."""

Heard = dict[str, "Recording | AudioProblem"]
"""The audio files a job has read, by URI: what was heard, or why it cannot be used."""

Step = Literal["begin", "read", "carry", "finish"]
"""What a job does next: read its manifest, read its requests' audio, carry out its
requests, or write its output file and end."""


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
    end_at: float | None = None
    """When it is due to end: known once its manifest is read."""
    ended_at: float | None = None
    failure: dict[str, Any] | None = None
    entries: list[Entry] | None = None
    """The manifest's requests while the job runs; released when it ends."""
    heard: Heard = attrs.field(factory=dict[str, "Recording | AudioProblem"])
    """The audio read so far, while the job runs; released when it ends."""
    read: int = 0
    """How many of its requests have had their audio read."""
    done: int = 0
    """How many of its requests have been carried out."""
    output: dict[str, Any] | None = None
    """Its output file as it is filled in, while it runs."""
    busy: bool = False
    """A step of the job is being carried out (outside the fake's lock)."""

    @property
    def is_active(self) -> bool:
        """SUBMITTED or IN_PROGRESS: it counts against the one-active-job quota."""
        return self.status in {"SUBMITTED", "IN_PROGRESS"}

    def steps(self, seconds_per_request: float) -> list[tuple[Step, float]]:
        """What the job can do next, each with the fake time from which it is due.

        None while a step of it is being carried out, or once it has ended. Its audio
        is read as soon as it runs (``read``); each request is carried out at its
        time (``carry``), once its audio is read; it ends at its due time
        (``finish``), once every request is carried out.
        """
        if self.busy or not self.is_active:
            return []
        if self.status == "SUBMITTED":
            return [("begin", self.start_at)]
        assert self.entries is not None  # noqa: S101 - set when it began
        assert self.end_at is not None  # noqa: S101 - set when it began
        steps: list[tuple[Step, float]] = []
        if self.read < len(self.entries):
            steps.append(("read", self.start_at))
        if self.done < self.read:
            steps.append(("carry", self.due(self.done, seconds_per_request)))
        if self.done == len(self.entries):
            steps.append(("finish", self.end_at))
        return steps

    def due(self, index: int, seconds_per_request: float) -> float:
        """When the request at ``index`` of the manifest is carried out."""
        return self.start_at + (index + 1) * seconds_per_request

    def begin(self, entries: list[Entry], seconds_per_request: float) -> None:
        """Its manifest was read: it is IN_PROGRESS until its due time."""
        self.entries = entries
        self.status = "IN_PROGRESS"
        self.end_at = self.start_at + max(1, len(entries)) * seconds_per_request
        self.output = {"Version": "1.0", "Errors": [], _SUCCESSES[self.kind]: []}

    def fail(self, message: str, status_code: int, at: float) -> None:
        """End FAILED, with FailureDetails; what it held while running is released."""
        self.status = "FAILED"
        self.ended_at = at
        self.failure = {"StatusCode": status_code, "Message": message[:1000]}
        self._release()

    def complete(self) -> None:
        """End at its due time, its output file written."""
        assert self.output is not None  # noqa: S101 - a running job's
        self.status = "COMPLETED_WITH_ERRORS" if self.output["Errors"] else "COMPLETED"
        self.ended_at = self.end_at
        self._release()

    def _release(self) -> None:
        self.entries, self.heard, self.output = None, {}, None

    @property
    def output_file_uri(self) -> str:
        """``<output folder>/<job id>/<input file name>.out``."""
        folder = self.request["OutputDataConfig"]["S3Uri"].rstrip("/")
        name = self.request["InputDataConfig"]["S3Uri"].rstrip("/").rsplit("/", 1)[-1]
        return f"{folder}/{self.job_id}/{name}.out"

    def percent(self, now: float, progress: Callable[[float], float] | None) -> int:
        """JobProgress.PercentComplete at ``now``: 0 to 99 while it runs, 100 when done."""
        if self.status in {"COMPLETED", "COMPLETED_WITH_ERRORS"}:
            return 100
        if self.status != "IN_PROGRESS" or self.end_at is None:
            return 0
        share = min(1.0, max(0.0, (now - self.start_at) / max(self.end_at - self.start_at, 1e-9)))
        return min(99, int(100 * _reported(progress, share)))

    def describe(self, now: float, progress: Callable[[float], float] | None) -> dict[str, Any]:
        """The job as Describe reports it at ``now``."""
        job = {
            **{k: v for k, v in self.request.items() if k != "DomainId"},
            "JobId": self.job_id,
            "DomainId": self.domain_id,
            "JobStatus": self.status,
            "JobProgress": {"PercentComplete": self.percent(now, progress)},
            "CreatedAt": EPOCH + datetime.timedelta(seconds=self.created_at),
        }
        if self.ended_at is not None:
            job["EndedAt"] = EPOCH + datetime.timedelta(seconds=self.ended_at)
        if self.failure is not None:
            job["FailureDetails"] = self.failure
        return job

    def summary(self, now: float, progress: Callable[[float], float] | None) -> dict[str, Any]:
        """The job as List reports it: the members of the summary shape."""
        described = self.describe(now, progress)
        return {key: value for key, value in described.items() if key in _SUMMARY_MEMBERS}


# --- Carrying out a job's requests (under the fake's lock, with its audio read) -----------


def carry_out(world: World, job: FakeJob, until: float, most: int) -> None:
    """Carry out the job's next requests due by ``until`` (at most ``most`` of them).

    Each goes into the job's output exactly once, as a success or an error entry: a
    request that fails in a way nothing here foresaw is an error entry with ErrorCode
    500, and the others still run.
    """
    assert job.entries is not None  # noqa: S101 - set when it began
    assert job.output is not None  # noqa: S101 - set when it began
    carry = _CARRY_OUT[job.kind](world, job)
    spr = world.settings.seconds_per_request
    for _ in range(most):
        if job.done >= job.read or job.due(job.done, spr) > until:
            return
        entry = job.entries[job.done]
        try:
            job.output[_SUCCESSES[job.kind]].append(carry(entry))
        except Refused as refused:
            job.output["Errors"].append(_error(entry, str(refused), refused.code))
        except AudioProblem as problem:
            job.output["Errors"].append(_error(entry, str(problem), problem.code))
        except Exception as error:  # noqa: BLE001 - one request's fault never loses the others
            message = f"Internal error ({type(error).__name__}); try the request again"
            job.output["Errors"].append(_error(entry, message, 500))
        job.done += 1


def _voices(world: World, job: FakeJob, entry: Entry) -> tuple[str, ...]:
    """The voices of a request's audio, each once, checked as the service checks it."""
    voices: list[str] = []
    seconds: dict[str, float] = {}
    for uri, channel in entry.audio:
        recording = job.heard[uri]
        if isinstance(recording, AudioProblem):
            raise recording
        voices.append(world.voice_of(uri, channel, recording))
        seconds[uri] = recording.seconds
    world.check_speech(sum(seconds.values()))
    return tuple(dict.fromkeys(voices))


def _closest(
    world: World, voices: tuple[str, ...], candidates: list[Fraudster], threshold: int
) -> tuple[int, Fraudster | None]:
    """The highest similarity to any candidate's voices, and that candidate.

    Only a score of at least ``threshold`` is used. When the threshold is above what
    two different voices score by the rule, and no score of these voices was set, only
    a candidate with one of the same voices can reach it, and no other score is needed:
    the answer is then (-1, None) when none has.
    """
    if threshold > MOST_BETWEEN_OTHERS and world.scores_by_rule(voices):
        for candidate in candidates:
            if not set(voices).isdisjoint(candidate.voices):
                return 100, candidate
        return -1, None
    best, match = -1, None
    for candidate in candidates:
        score = max(
            world.similarity(mine, theirs) for mine in voices for theirs in candidate.voices
        )
        if score > best:
            best, match = score, candidate
    return best, match


def _enroll(world: World, job: FakeJob) -> Callable[[Entry], dict[str, Any]]:
    config = job.request.get("EnrollmentConfig", {})
    overwrite = config.get("ExistingEnrollmentAction", "SKIP") == "OVERWRITE"
    fraud = config.get("FraudDetectionConfig", {})
    ignore_fraud = fraud.get("FraudDetectionAction", "FAIL") == "IGNORE"
    threshold = fraud.get("RiskThreshold", world.settings.default_risk_threshold)
    watchlist = (fraud.get("WatchlistIds") or [world.default_watchlist_id(job.domain_id)])[0]

    def enroll(request: Entry) -> dict[str, Any]:
        if request.problem is not None or request.speaker_id is None:
            raise Refused(400, request.problem or "The request has no SpeakerId")
        speaker: Speaker | None = world.speaker(job.domain_id, request.speaker_id)
        world.check_not_opted_out(speaker, request.speaker_id)  # before its audio is heard
        voices = _voices(world, job, request)
        risk, _ = _closest(world, voices, world.fraudsters_on(job.domain_id, watchlist), threshold)
        if risk >= threshold and not ignore_fraud:
            flagged = f"The speaker was flagged as a likely fraudster (risk {risk} >= {threshold})"
            raise Refused(400, flagged)
        speaker, status = world.enroll(
            job.domain_id, request.speaker_id, voices, overwrite=overwrite
        )
        return {
            "RequestId": request.request_id,
            "GeneratedSpeakerId": speaker.generated_id,
            "CustomerSpeakerId": request.speaker_id,
            "EnrollmentStatus": status,
        }

    return enroll


def _register(world: World, job: FakeJob) -> Callable[[Entry], dict[str, Any]]:
    config = job.request.get("RegistrationConfig", {})
    register_as_new = config.get("DuplicateRegistrationAction", "SKIP") == "REGISTER_AS_NEW"
    threshold = config.get(
        "FraudsterSimilarityThreshold", world.settings.default_similarity_threshold
    )
    watchlist = (config.get("WatchlistIds") or [world.default_watchlist_id(job.domain_id)])[0]

    def register(request: Entry) -> dict[str, Any]:
        if request.problem is not None:
            raise Refused(400, request.problem)
        if watchlist not in world.domains[job.domain_id].watchlists:
            raise Refused(400, f"Watchlist {watchlist} was deleted while the job ran")
        voices = _voices(world, job, request)
        # compared with every fraudster of the domain, whatever its watchlists
        score, match = _closest(world, voices, world.fraudsters_in(job.domain_id), threshold)
        if match is not None and score >= threshold and not register_as_new:
            return {
                "RequestId": request.request_id,
                "GeneratedFraudsterId": match.generated_id,
                "RegistrationStatus": "DUPLICATE_SKIPPED",
                "FraudsterSimilarityScore": score,
            }
        fraudster = world.register(job.domain_id, watchlist, voices)
        return {
            "RequestId": request.request_id,
            "GeneratedFraudsterId": fraudster.generated_id,
            "RegistrationStatus": "NEW_REGISTRATION",
        }

    return register


def _error(request: Entry, message: str, code: int) -> dict[str, Any]:
    """A request's error entry (without RequestId when the request has none).

    The code is 400 for bad input or a failed fraud check, 402 for a quota, 409 for an
    opted-out speaker, and 500 for a fault of the service's own (its storage).
    """
    entry: dict[str, Any] = {} if request.request_id is None else {"RequestId": request.request_id}
    entry.update(ErrorCode=code, ErrorMessage=message)
    return entry


_CARRY_OUT: dict[KindName, Callable[[World, FakeJob], Callable[[Entry], dict[str, Any]]]] = {
    "enrollment": _enroll,
    "registration": _register,
}
"""What a job of each kind does with one request of its manifest: its success entry, or
an exception that becomes its error entry (the fake writes the documented format)."""

_SUCCESSES: dict[KindName, str] = {
    "enrollment": "SuccessfulEnrollments",
    "registration": "SuccessfulRegistrations",
}
"""The output file's array of successes, by kind."""
