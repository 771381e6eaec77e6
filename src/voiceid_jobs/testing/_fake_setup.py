"""The set-up methods of FakeVoiceId: domains, watchlists, speakers, sessions, voices.

A test calls them to give the fake the state it needs, or to read what the fake
hears: each checks its arguments as the service would, and works under the fake's
lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._validation import check_value

from ._answers import Refusal
from ._api_sessions import STREAMING_STATUSES, add_session
from ._audio import AudioProblem, hear
from ._engine import JobEngine
from ._knobs import seconds as _seconds
from ._requests import RequestRefused, check_request
from ._state import Domain, Session, World
from ._storage import StorageFault, read_object

__all__ = ["FakeSetUp"]


def _check_member(operation: str, member: str, value: str, field: str) -> None:
    """Refuse a value the service model's rule for ``member`` refuses, naming ``field``."""
    try:
        check_request(operation, {"DomainId": "D" * 22, member: value})
    except RequestRefused as refused:
        raise InvalidParameterError(field, value, refused.message) from None


class FakeSetUp:
    """The set-up methods of :class:`~voiceid_jobs.testing.FakeVoiceId`, its base class.

    FakeVoiceId makes the attributes below, which these methods read.
    """

    _lock: threading.RLock
    _world: World
    _engine: JobEngine
    _domain: Callable[[dict[str, Any]], Domain]

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
            if domain_id is not None and domain_id in self._world.domains:
                raise InvalidParameterError("domain_id", domain_id, "is taken by another domain")
            return self._world.create_domain(name, description, kms_key_id, domain_id).domain_id

    def create_watchlist(self, domain_id: str, name: str, *, description: str | None = None) -> str:
        """Create a watchlist in a domain; gives its id."""
        check_value(name, "WatchlistName", "name")
        with self._lock:
            domain = self._known_domain(domain_id)
            return self._world.create_watchlist(domain, name, description).watchlist_id

    def opt_out_speaker(self, domain_id: str, speaker_id: str) -> str:
        """Opt a speaker out, as OptOutSpeaker does; gives the speaker's generated id.

        ``speaker_id`` is the customer's id or the generated one. A speaker the domain
        does not know is made, opted out; an opted-out speaker keeps no voices, and a
        job that enrolls it gets an error entry (409).
        """
        _check_member("DescribeSpeaker", "SpeakerId", speaker_id, "speaker_id")
        with self._lock:
            domain = self._known_domain(domain_id)
            return self._world.opt_out(domain.domain_id, speaker_id).generated_id

    def default_watchlist_id(self, domain_id: str) -> str:
        """The id of a domain's default watchlist."""
        with self._lock:
            return self._known_domain(domain_id).default_watchlist_id

    def _known_domain(self, domain_id: str) -> Domain:
        try:
            return self._domain({"DomainId": domain_id})
        except Refusal as refusal:
            raise InvalidParameterError("domain_id", domain_id, refusal.message) from None

    def start_session(  # noqa: PLR0913 - each argument says one thing of the call
        self,
        domain_id: str,
        *,
        voice: str | None = None,
        audio_s3_uri: str | None = None,
        channel: int = 0,
        speaker_id: str | None = None,
        session_name: str | None = None,
        speech_seconds: float | None = None,
        streaming_status: str = "ONGOING",
    ) -> str:
        """Register a call's audio as a real-time session; gives its session id.

        The caller's voice is ``voice`` (a name, as :meth:`set_voice` takes) or the one
        on ``channel`` of the recording at ``audio_s3_uri``. ``speaker_id`` is the
        customer's speaker id the call claims (None: not provided).
        ``speech_seconds`` is how much speech was streamed (by default the
        recording's length, or 30 s for a voice by name). EvaluateSession then answers
        by session id or ``session_name``.

        Raises:
            InvalidParameterError: not exactly one of ``voice`` and ``audio_s3_uri``, a
                domain the fake does not know, a name or status the service would not
                take, or a recording that cannot be read or heard.
        """
        if (voice is None) == (audio_s3_uri is None):
            raise InvalidParameterError(
                "voice", voice, "must be given, or audio_s3_uri, but not both"
            )
        if streaming_status not in STREAMING_STATUSES:
            rule = "must be one of " + ", ".join(STREAMING_STATUSES)
            raise InvalidParameterError("streaming_status", streaming_status, rule)
        if session_name is not None:
            _check_member("EvaluateSession", "SessionNameOrId", session_name, "session_name")
        if speaker_id is not None:
            _check_member("DescribeSpeaker", "SpeakerId", speaker_id, "speaker_id")
        if audio_s3_uri is not None:  # read and heard outside the lock
            try:
                recording = hear(self._read_audio(audio_s3_uri), audio_s3_uri)
                with self._lock:
                    voice = self._world.voice_of(audio_s3_uri, channel, recording)
            except AudioProblem as problem:
                raise InvalidParameterError("audio_s3_uri", audio_s3_uri, str(problem)) from None
            seconds = recording.seconds if speech_seconds is None else speech_seconds
        else:
            seconds = 30.0 if speech_seconds is None else speech_seconds
        seconds = _seconds(seconds, "speech_seconds")
        assert voice is not None  # noqa: S101 - one of the two was given
        with self._lock:
            domain = self._known_domain(domain_id)
            if session_name is not None and session_name in domain.session_names:
                raise InvalidParameterError("session_name", session_name, "is taken already")
            session = Session(
                session_id="id#" + self._world.new_id(),
                name=session_name,
                domain_id=domain.domain_id,
                voice=voice,
                speech_seconds=seconds,
                speaker_id=speaker_id,
                streaming_status=streaming_status,
                started_at=self._world.now(),
            )
            add_session(domain, session)
            return session.session_id

    def _read_audio(self, s3_uri: str) -> bytes:
        try:
            data, _ = read_object(self._engine.s3_client, s3_uri)
        except StorageFault as fault:
            raise AudioProblem(f"{s3_uri} could not be read ({fault.reason})") from None
        return data

    def set_voice(self, s3_uri: str, voice: str, *, channel: int | None = None) -> None:
        """Say whose voice an audio file holds, on one channel or on all.

        By default a file's voice is a digest of its samples: the same recording is
        the same voice. Naming voices lets different files be one speaker.
        """
        with self._lock:
            self._world.set_voice(s3_uri, voice, channel)

    def voice_of(self, s3_uri: str, channel: int = 0) -> str:
        """The voice the fake hears on a channel of an audio file in S3.

        Raises:
            AudioProblem: the file cannot be read, is not audio the service accepts,
                or has no such channel.
        """
        recording = hear(self._read_audio(s3_uri), s3_uri)
        with self._lock:
            return self._world.voice_of(s3_uri, channel, recording)

    def set_similarity(self, voice_a: str, voice_b: str, score: int) -> None:
        """Set how similar two voices are, 0-100.

        Without this, a voice is 100 similar to itself and 0-39 to any other (a fixed
        digest of the two names), so only the same voice crosses the default
        thresholds of 50.
        """
        check_value(score, "Score", "score")
        with self._lock:
            self._world.set_similarity(voice_a, voice_b, score)

    def similarity(self, voice_a: str, voice_b: str) -> int:
        """How similar the fake finds two voices, 0-100."""
        with self._lock:
            return self._world.similarity(voice_a, voice_b)
