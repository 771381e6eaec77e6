"""What the fake Voice ID service knows: domains, watchlists, speakers, fraudsters, voices.

Voice similarity is deterministic: two voices that are the same score 100; any two
others score from 0 to 39, from a digest of their names; and
:meth:`World.set_similarity` sets any pair's score. A file's voice is a digest of the
samples of the channel read (the same recording is the same voice), unless
:meth:`World.set_voice` names it.
"""

from __future__ import annotations

import hashlib
import itertools
import string
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from voiceid_jobs._errors import InvalidParameterError, ServiceError
from voiceid_jobs._kinds import KINDS
from voiceid_jobs._s3 import get_object_version, put_json

from ._audio import AudioProblem, Recording, hear

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = ["Domain", "Fraudster", "JobSettings", "Refused", "Speaker", "Watchlist", "World"]

_ALPHABET = string.ascii_letters + string.digits

_ID_CHARACTERS = bytes(ord(_ALPHABET[byte % len(_ALPHABET)]) for byte in range(256))
"""A byte of a digest as a character of an id: a translation table for bytes.translate."""

Heard = dict[str, "Recording | AudioProblem"]
"""The audio files one job has read, by URI."""


class Refused(Exception):  # noqa: N818 - a request's error entry, not a failure of the fake
    """Why the service refuses one request of a job: its ErrorCode and ErrorMessage."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


@attrs.frozen(kw_only=True)
class JobSettings:
    """How the fake's jobs run; see FakeVoiceId."""

    queue_seconds: float = 5.0
    seconds_per_request: float = 1.0
    default_risk_threshold: int = 50
    default_similarity_threshold: int = 50
    active_jobs_per_domain: int = 1
    speakers_per_domain: int | None = None
    """The most speakers a domain holds; None for no limit."""
    fraudsters_per_watchlist: int | None = None
    """The most fraudsters a watchlist holds; None for no limit."""
    min_speech_seconds: float = 0.0
    """The least audio, in seconds over a request's files, for a request to be used."""
    progress: Callable[[float], float] | None = None
    """What share of a job PercentComplete reports, from the share of its running time
    that has passed; None for the same share (linear progress)."""
    requests_per_job: Mapping[str, int] = attrs.field(
        factory=lambda: {kind.name: kind.max_requests for kind in KINDS}
    )
    """The most requests one job of each kind takes, by the kind's name."""


@attrs.define
class Watchlist:
    watchlist_id: str
    domain_id: str
    name: str
    description: str | None
    default: bool
    created_at: float


@attrs.define
class Speaker:
    generated_id: str
    customer_id: str
    domain_id: str
    voices: tuple[str, ...]
    """Each voice once (a tuple: one per speaker, so it is kept small)."""
    created_at: float
    updated_at: float
    status: str = "ENROLLED"
    """ENROLLED, or OPTED_OUT (and then it has no voices)."""


@attrs.define
class Fraudster:
    generated_id: str
    domain_id: str
    voices: tuple[str, ...]
    watchlist_ids: list[str]
    created_at: float


@attrs.define
class Domain:
    domain_id: str
    name: str
    description: str | None
    kms_key_id: str
    created_at: float
    default_watchlist_id: str
    watchlists: dict[str, Watchlist] = attrs.field(factory=dict[str, Watchlist])
    speakers: dict[str, Speaker] = attrs.field(factory=dict[str, Speaker])
    """By generated id."""
    speaker_ids: dict[str, str] = attrs.field(factory=dict[str, str])
    """Generated ids by customer id."""
    fraudsters: dict[str, Fraudster] = attrs.field(factory=dict[str, Fraudster])
    """By generated id."""


class World:
    """The fake service's state, and the clock it runs on."""

    def __init__(
        self, s3_client: S3Client, now: Callable[[], float], settings: JobSettings
    ) -> None:
        self.s3_client = s3_client
        self.now = now
        self.settings = settings
        self.domains: dict[str, Domain] = {}
        self._counter = itertools.count(1)
        self._voices: dict[tuple[str, int | None], str] = {}
        self._recordings: dict[tuple[str, str], Recording | AudioProblem] = {}
        """Every audio file heard, by URI and object version: each is decoded once."""
        self._similarity: dict[frozenset[str], int] = {}

    # --- ids ----------------------------------------------------------------------

    def new_id(self, kind: str) -> str:
        """A fresh, deterministic 22-character id."""
        digest = hashlib.sha256(f"{kind}-{next(self._counter)}".encode()).digest()
        return digest[:22].translate(_ID_CHARACTERS).decode("ascii")

    # --- domains and watchlists ---------------------------------------------------

    def create_domain(
        self, name: str, description: str | None, kms_key_id: str, domain_id: str | None = None
    ) -> Domain:
        domain_id = self.new_id("domain") if domain_id is None else domain_id
        watchlist_id = self.new_id("watchlist")
        domain = Domain(domain_id, name, description, kms_key_id, self.now(), watchlist_id)
        domain.watchlists[watchlist_id] = Watchlist(
            watchlist_id=watchlist_id,
            domain_id=domain_id,
            name="Default",
            description="The domain's default watchlist",
            default=True,
            created_at=self.now(),
        )
        self.domains[domain_id] = domain
        return domain

    def create_watchlist(self, domain: Domain, name: str, description: str | None) -> Watchlist:
        watchlist = Watchlist(
            watchlist_id=self.new_id("watchlist"),
            domain_id=domain.domain_id,
            name=name,
            description=description,
            default=False,
            created_at=self.now(),
        )
        domain.watchlists[watchlist.watchlist_id] = watchlist
        return watchlist

    # --- voices -------------------------------------------------------------------

    def set_voice(self, s3_uri: str, voice: str, channel: int | None = None) -> None:
        """Say whose voice an audio file holds (on one channel, or on all)."""
        self._voices[s3_uri, channel] = voice

    def recording(self, s3_uri: str, heard: Heard | None = None) -> Recording:
        """An audio file in S3, checked as the service would.

        ``heard`` holds the files a job has read (so each is read once per job); a
        version of a file is decoded only once, whichever job reads it.

        Raises:
            AudioProblem: the file is missing or not audio the service accepts.
        """
        recording = None if heard is None else heard.get(s3_uri)
        if recording is None:
            recording = self._read(s3_uri)
            if heard is not None:
                heard[s3_uri] = recording
        if isinstance(recording, AudioProblem):
            raise recording
        return recording

    def _read(self, s3_uri: str) -> Recording | AudioProblem:
        try:
            data, version = get_object_version(self.s3_client, s3_uri)
        except ServiceError as error:
            return AudioProblem(f"{s3_uri} could not be read ({error.code})")
        except InvalidParameterError as error:  # s3://bucket or s3://bucket/folder/
            return AudioProblem(f"{s3_uri} could not be read (it {error.rule})")
        recording = self._recordings.get((s3_uri, version))
        if recording is None:
            try:
                recording = hear(data, s3_uri)
            except AudioProblem as problem:
                recording = problem
            self._recordings[s3_uri, version] = recording
        return recording

    def voice_of(self, s3_uri: str, channel: int, heard: Heard | None = None) -> str:
        """The voice on a channel of an audio file in S3: its own, or the one set for it.

        Raises:
            AudioProblem: the file is missing, not audio the service accepts, or has
                no such channel.
        """
        own = self.recording(s3_uri, heard).voice(channel, s3_uri)
        return self._voices.get((s3_uri, channel)) or self._voices.get((s3_uri, None)) or own

    def check_speech(self, specs: tuple[tuple[str, int], ...], heard: Heard) -> None:
        """Refuse a request whose files (already heard) hold too little speech.

        Raises:
            AudioProblem: less than ``min_speech_seconds`` of audio in all.
        """
        least = self.settings.min_speech_seconds
        if least <= 0:
            return
        uris = dict.fromkeys(uri for uri, _ in specs)
        seconds = sum(self.recording(uri, heard).seconds for uri in uris)
        if seconds < least:
            msg = f"Not enough speech: {seconds:.1f} s of audio, at least {least:g} s is needed"
            raise AudioProblem(msg)

    def set_similarity(self, voice_a: str, voice_b: str, score: int) -> None:
        """Make two voices this similar (0-100), both ways round."""
        self._similarity[frozenset((voice_a, voice_b))] = score

    def similarity(self, voice_a: str, voice_b: str) -> int:
        """How alike two voices are, 0-100 (see the module's docs)."""
        pair = frozenset((voice_a, voice_b))
        if pair in self._similarity:
            return self._similarity[pair]
        if voice_a == voice_b:
            return 100
        digest = hashlib.sha256("|".join(sorted(pair)).encode()).digest()
        return digest[0] % 40

    # --- speakers and fraudsters ---------------------------------------------------

    def fraudsters_on(self, domain_id: str, watchlist_id: str) -> list[Fraudster]:
        """The fraudsters on a watchlist, oldest first."""
        domain = self.domains[domain_id]
        return [f for f in domain.fraudsters.values() if watchlist_id in f.watchlist_ids]

    def speaker(self, domain_id: str, speaker_id: str) -> Speaker | None:
        """A speaker by generated id or by customer id."""
        domain = self.domains[domain_id]
        generated = (
            speaker_id if speaker_id in domain.speakers else domain.speaker_ids.get(speaker_id)
        )
        return None if generated is None else domain.speakers[generated]

    def enroll(
        self, domain_id: str, customer_id: str, voices: tuple[str, ...], *, overwrite: bool
    ) -> tuple[Speaker, str]:
        """Enroll a speaker; gives the speaker and the EnrollmentStatus.

        The job has refused an opted-out speaker before (see :meth:`check_not_opted_out`).

        Raises:
            Refused: the domain holds its quota of speakers (402).
        """
        existing = self.speaker(domain_id, customer_id)
        if existing is not None and existing.customer_id == customer_id:
            if not overwrite:
                return existing, "DUPLICATE_SKIPPED"
            existing.voices, existing.updated_at = voices, self.now()
            return existing, "ENROLLMENT_OVERWRITE"
        domain = self.domains[domain_id]
        quota = self.settings.speakers_per_domain
        if quota is not None and len(domain.speakers) >= quota:
            raise Refused(402, f"The domain holds its quota of {quota} speakers")
        return self._new_speaker(domain, customer_id, voices), "NEW_ENROLLMENT"

    @staticmethod
    def check_not_opted_out(speaker: Speaker | None, speaker_id: str) -> None:
        """Refuse to enroll a speaker who opted out.

        Raises:
            Refused: with ErrorCode 409.
        """
        if speaker is not None and speaker.status == "OPTED_OUT":
            raise Refused(409, f"Speaker {speaker_id} has opted out of Voice ID")

    def _new_speaker(
        self, domain: Domain, customer_id: str, voices: tuple[str, ...], status: str = "ENROLLED"
    ) -> Speaker:
        now = self.now()
        speaker = Speaker(
            "id#" + self.new_id("speaker"), customer_id, domain.domain_id, voices, now, now, status
        )
        domain.speakers[speaker.generated_id] = speaker
        domain.speaker_ids[customer_id] = speaker.generated_id
        return speaker

    def opt_out(self, domain_id: str, speaker_id: str) -> Speaker:
        """Opt a speaker out, by generated or customer id: an unknown one is made, opted out.

        An opted-out speaker keeps no voices, and a job cannot enroll it again.
        """
        speaker = self.speaker(domain_id, speaker_id)
        if speaker is None:
            return self._new_speaker(self.domains[domain_id], speaker_id, (), "OPTED_OUT")
        speaker.status, speaker.voices, speaker.updated_at = "OPTED_OUT", (), self.now()
        return speaker

    def register(self, domain_id: str, watchlist_id: str, voices: tuple[str, ...]) -> Fraudster:
        """Register a new fraudster on a watchlist.

        Raises:
            Refused: the watchlist holds its quota of fraudsters (402).
        """
        quota = self.settings.fraudsters_per_watchlist
        if quota is not None and len(self.fraudsters_on(domain_id, watchlist_id)) >= quota:
            raise Refused(402, f"Watchlist {watchlist_id} holds its quota of {quota} fraudsters")
        fraudster = Fraudster(
            "id#" + self.new_id("fraudster"), domain_id, voices, [watchlist_id], self.now()
        )
        self.domains[domain_id].fraudsters[fraudster.generated_id] = fraudster
        return fraudster

    def default_watchlist_id(self, domain_id: str) -> str:
        return self.domains[domain_id].default_watchlist_id

    def write(self, s3_uri: str, text: str, *, kms_key_id: str | None = None) -> None:
        """Write a file to S3 (the output file), encrypted with ``kms_key_id`` if given."""
        extra = (
            {}
            if kms_key_id is None
            else {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": kms_key_id}
        )
        put_json(self.s3_client, s3_uri, text, **extra)

    def __repr__(self) -> str:
        return f"World({len(self.domains)} domains)"
