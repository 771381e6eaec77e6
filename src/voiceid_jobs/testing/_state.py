"""What the fake Voice ID service knows: domains, watchlists, speakers, fraudsters, voices.

Voice similarity is deterministic: two voices that are the same score 100; any two
others score from 0 to 39, from a digest of their names; and
:meth:`World.set_similarity` sets any pair's score. A file's voice is a digest of the
samples of the channel read (the same recording is the same voice), unless
:meth:`World.set_voice` names it.

The world holds state only: it reads and writes nothing. The fake changes it under its
lock, and its jobs' S3 reads and writes happen outside that lock (``_engine``).
"""

from __future__ import annotations

import hashlib
import random
import string
from collections.abc import Callable, Mapping

import attrs

from voiceid_jobs._kinds import KINDS

from ._audio import AudioProblem, Recording

__all__ = [
    "Domain",
    "Fraudster",
    "JobSettings",
    "Refused",
    "Session",
    "Speaker",
    "Watchlist",
    "World",
]

_ALPHABET = string.ascii_letters + string.digits


MOST_BETWEEN_OTHERS = 39
"""The highest score two different voices get by the rule (unless it was set)."""


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
    domains_per_account: int | None = None
    """The most domains the fake holds; None for no limit."""
    watchlists_per_domain: int | None = None
    """The most watchlists a domain holds, its default one included; None for no limit."""
    min_speech_seconds: float = 0.0
    """The least audio, in seconds over a request's files, for a request to be used."""
    progress: Callable[[float], float] | None = None
    """What share of a job PercentComplete reports, from the share of its running time
    that has passed; None for the same share (linear progress)."""
    requests_per_job: Mapping[str, int] = attrs.field(
        factory=lambda: {kind.name: kind.max_requests for kind in KINDS}
    )
    """The most requests one job of each kind takes, by the kind's name."""


EXPIRY_SECONDS = 3 * 365 * 24 * 3600
"""How long a speaker stays enrolled without being accessed or enrolled again (3 years)."""


@attrs.define
class Watchlist:
    watchlist_id: str
    domain_id: str
    name: str
    description: str | None
    default: bool
    created_at: float
    updated_at: float = attrs.field(kw_only=True)


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
    """ENROLLED, or OPTED_OUT (and then it has no voices); see :meth:`status_at`."""
    last_accessed_at: float = attrs.field(kw_only=True)
    """When it was last enrolled or authenticated."""

    def status_at(self, now: float) -> str:
        """Its Status at ``now``: EXPIRED once 3 years pass without it being accessed."""
        if self.status == "ENROLLED" and now - self.last_accessed_at >= EXPIRY_SECONDS:
            return "EXPIRED"
        return self.status

    def accessed(self, now: float) -> None:
        """It was authenticated: LastAccessedAt is accurate to an hour, as the service's."""
        self.last_accessed_at = now - now % 3600


@attrs.define
class Fraudster:
    generated_id: str
    domain_id: str
    voices: tuple[str, ...]
    watchlist_ids: list[str]
    created_at: float


@attrs.define
class Session:
    """A call's audio as Voice ID would have streamed it."""

    session_id: str
    name: str | None
    domain_id: str
    voice: str
    speech_seconds: float
    speaker_id: str | None
    streaming_status: str
    started_at: float


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
    updated_at: float = attrs.field(kw_only=True)
    tags: dict[str, str] = attrs.field(factory=dict[str, str])
    sessions: dict[str, Session] = attrs.field(factory=dict[str, Session])
    """Real-time sessions a test registered, by session id."""
    session_names: dict[str, str] = attrs.field(factory=dict[str, str])
    """Session ids by session name."""
    old_kms_key_id: str | None = None
    """The key before the last change of key, while or since data was re-encrypted."""
    reencrypted_at: float | None = None
    """When the re-encryption for the last change of key completes."""


class World:
    """The fake service's state, and the clock it runs on."""

    def __init__(
        self, now: Callable[[], float], settings: JobSettings, seed: int | None = None
    ) -> None:
        self.now = now
        self.settings = settings
        self.domains: dict[str, Domain] = {}
        self._random = random.Random(seed)  # noqa: S311 - ids, not secrets
        self._voices: dict[tuple[str, int | None], str] = {}
        self._similarity: dict[frozenset[str], int] = {}
        self._voices_set: set[str] = set()
        """The voices of the pairs whose similarity was set."""

    # --- ids ----------------------------------------------------------------------

    def new_id(self) -> str:
        """A fresh 22-character id: from the fake's seed, or at random without one."""
        return "".join(self._random.choices(_ALPHABET, k=22))

    # --- domains and watchlists ---------------------------------------------------

    def create_domain(
        self, name: str, description: str | None, kms_key_id: str, domain_id: str | None = None
    ) -> Domain:
        domain_id = self.new_id() if domain_id is None else domain_id
        watchlist_id = self.new_id()
        now = self.now()
        domain = Domain(domain_id, name, description, kms_key_id, now, watchlist_id, updated_at=now)
        domain.watchlists[watchlist_id] = Watchlist(
            watchlist_id=watchlist_id,
            domain_id=domain_id,
            name="Default",
            description="The domain's default watchlist",
            default=True,
            created_at=now,
            updated_at=now,
        )
        self.domains[domain_id] = domain
        return domain

    def create_watchlist(self, domain: Domain, name: str, description: str | None) -> Watchlist:
        watchlist = Watchlist(
            watchlist_id=self.new_id(),
            domain_id=domain.domain_id,
            name=name,
            description=description,
            default=False,
            created_at=self.now(),
            updated_at=self.now(),
        )
        domain.watchlists[watchlist.watchlist_id] = watchlist
        return watchlist

    # --- voices -------------------------------------------------------------------

    def set_voice(self, s3_uri: str, voice: str, channel: int | None = None) -> None:
        """Say whose voice an audio file holds (on one channel, or on all)."""
        self._voices[s3_uri, channel] = voice

    def voice_of(self, s3_uri: str, channel: int, recording: Recording) -> str:
        """The voice on a channel of a recording read from ``s3_uri``: its own, or the one set.

        Raises:
            AudioProblem: the recording has no such channel.
        """
        own = recording.voice(channel, s3_uri)
        return self._voices.get((s3_uri, channel)) or self._voices.get((s3_uri, None)) or own

    def check_speech(self, seconds: float) -> None:
        """Refuse a request whose files hold too little speech, ``seconds`` in all.

        Raises:
            AudioProblem: less than ``min_speech_seconds`` of audio in all.
        """
        least = self.settings.min_speech_seconds
        if seconds < least:
            msg = f"Not enough speech: {seconds:.1f} s of audio, at least {least:g} s is needed"
            raise AudioProblem(msg)

    def set_similarity(self, voice_a: str, voice_b: str, score: int) -> None:
        """Make two voices this similar (0-100), both ways round."""
        self._similarity[frozenset((voice_a, voice_b))] = score
        self._voices_set.update((voice_a, voice_b))

    def scores_by_rule(self, voices: tuple[str, ...]) -> bool:
        """Whether every score of these voices follows the rule: none was set for them."""
        return self._voices_set.isdisjoint(voices)

    def similarity(self, voice_a: str, voice_b: str) -> int:
        """How alike two voices are, 0-100 (see the module's docs)."""
        pair = frozenset((voice_a, voice_b))
        if pair in self._similarity:
            return self._similarity[pair]
        if voice_a == voice_b:
            return 100
        digest = hashlib.sha256("|".join(sorted(pair)).encode()).digest()
        return digest[0] % (MOST_BETWEEN_OTHERS + 1)

    # --- speakers and fraudsters ---------------------------------------------------

    def fraudsters_in(self, domain_id: str) -> list[Fraudster]:
        """Every fraudster of a domain, whatever its watchlists, oldest first."""
        return list(self.domains[domain_id].fraudsters.values())

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
            now = self.now()
            if not overwrite and existing.status_at(now) != "EXPIRED":
                return existing, "DUPLICATE_SKIPPED"
            existing.voices, existing.updated_at, existing.last_accessed_at = voices, now, now
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
            "id#" + self.new_id(),
            customer_id,
            domain.domain_id,
            voices,
            now,
            now,
            status,
            last_accessed_at=now,
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
        fraudster = Fraudster("id#" + self.new_id(), domain_id, voices, [watchlist_id], self.now())
        self.domains[domain_id].fraudsters[fraudster.generated_id] = fraudster
        return fraudster

    def default_watchlist_id(self, domain_id: str) -> str:
        return self.domains[domain_id].default_watchlist_id

    def delete_speaker(self, domain: Domain, speaker: Speaker) -> None:
        """Forget a speaker at once: its id can be enrolled again."""
        del domain.speakers[speaker.generated_id]
        if domain.speaker_ids.get(speaker.customer_id) == speaker.generated_id:
            del domain.speaker_ids[speaker.customer_id]

    def associate(self, domain: Domain, fraudster: Fraudster, watchlist_id: str) -> None:
        """Put a fraudster on a watchlist as well (nothing if it is on it already).

        Raises:
            Refused: the watchlist holds its quota of fraudsters (402).
        """
        if watchlist_id in fraudster.watchlist_ids:
            return
        quota = self.settings.fraudsters_per_watchlist
        if quota is not None and len(self.fraudsters_on(domain.domain_id, watchlist_id)) >= quota:
            raise Refused(402, f"Watchlist {watchlist_id} holds its quota of {quota} fraudsters")
        fraudster.watchlist_ids.append(watchlist_id)

    def __repr__(self) -> str:
        return f"World({len(self.domains)} domains)"
