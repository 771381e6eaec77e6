"""Real-time sessions: what a test registers, and what EvaluateSession answers of it.

A session stands for a call's audio streamed to Voice ID. A test registers one with
``FakeVoiceId.start_session`` (a voice, from a recording or by name, how many seconds
of speech, and the customer's speaker id the call claims); EvaluateSession then answers
as the API reference documents, from the fake's voices:

- authentication: SPEAKER_ID_NOT_PROVIDED without a speaker id; SPEAKER_NOT_ENROLLED
  for a speaker the domain does not know; SPEAKER_OPTED_OUT, SPEAKER_EXPIRED for such
  a speaker; NOT_ENOUGH_SPEECH under AUTHENTICATION_SPEECH_SECONDS; else ACCEPT when
  the session's voice scores at least ACCEPTANCE_THRESHOLD against the speaker's, and
  REJECT when not. An authentication accesses the speaker (LastAccessedAt).
- fraud detection: NOT_ENOUGH_SPEECH under FRAUD_SPEECH_SECONDS; else HIGH_RISK, with
  the reason KNOWN_FRAUDSTER, when the session's voice scores at least the fake's
  ``default_risk_threshold`` against a fraudster on the domain's default watchlist,
  LOW_RISK when not. Voice spoofing is never detected (its risk score is 0).
"""

from __future__ import annotations

from typing import Any

from ._answers import not_found
from ._handlers import Context, Handler, timestamp
from ._state import Domain, Session

__all__ = [
    "ACCEPTANCE_THRESHOLD",
    "AUTHENTICATION_SPEECH_SECONDS",
    "FRAUD_SPEECH_SECONDS",
    "STREAMING_STATUSES",
    "handlers",
]

ACCEPTANCE_THRESHOLD = 90
"""The score a voice needs to be accepted as the speaker it claims to be."""

AUTHENTICATION_SPEECH_SECONDS = 10.0
"""The speech authentication needs (the service's default: 10 s, adjustable 5-10 s)."""

FRAUD_SPEECH_SECONDS = 10.0
"""The speech fraud detection needs."""

STREAMING_STATUSES = ("PENDING_CONFIGURATION", "ONGOING", "ENDED")
"""A session's StreamingStatus values (the service model's)."""


def handlers(context: Context) -> dict[str, Handler]:
    """EvaluateSession."""
    return {"EvaluateSession": lambda params: evaluate(context, params)}


def add_session(domain: Domain, session: Session) -> None:
    """Keep a session, by its id and its name (under the fake's lock)."""
    domain.sessions[session.session_id] = session
    if session.name is not None:
        domain.session_names[session.name] = session.session_id


def evaluate(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """EvaluateSession, by session id or name."""
    domain = context.domain(params)
    wanted: str = params["SessionNameOrId"]
    session = domain.sessions.get(domain.session_names.get(wanted) or wanted)
    if session is None:
        raise not_found("SESSION", f"Session {wanted}")
    answer: dict[str, Any] = {
        "DomainId": domain.domain_id,
        "SessionId": session.session_id,
        "StreamingStatus": session.streaming_status,
        "AuthenticationResult": _authentication(context, domain, session),
        "FraudDetectionResult": _fraud_detection(context, domain, session),
    }
    if session.name is not None:
        answer["SessionName"] = session.name
    return answer


def _aggregated(context: Context, session: Session) -> dict[str, Any]:
    return {
        "AudioAggregationStartedAt": timestamp(session.started_at),
        "AudioAggregationEndedAt": timestamp(context.world.now()),
    }


def _authentication(context: Context, domain: Domain, session: Session) -> dict[str, Any]:
    world = context.world
    result: dict[str, Any] = {
        "AuthenticationResultId": world.new_id(),
        "Configuration": {"AcceptanceThreshold": ACCEPTANCE_THRESHOLD},
        **_aggregated(context, session),
    }
    if session.speaker_id is None:
        return {**result, "Decision": "SPEAKER_ID_NOT_PROVIDED"}
    result["CustomerSpeakerId"] = session.speaker_id
    speaker = world.speaker(domain.domain_id, session.speaker_id)
    if speaker is None:
        return {**result, "Decision": "SPEAKER_NOT_ENROLLED"}
    result["GeneratedSpeakerId"] = speaker.generated_id
    status = speaker.status_at(world.now())
    if status in {"OPTED_OUT", "EXPIRED"}:
        return {**result, "Decision": f"SPEAKER_{status}"}
    if session.speech_seconds < AUTHENTICATION_SPEECH_SECONDS:
        return {**result, "Decision": "NOT_ENOUGH_SPEECH"}
    score = max((world.similarity(session.voice, voice) for voice in speaker.voices), default=0)
    speaker.accessed(world.now())
    decision = "ACCEPT" if score >= ACCEPTANCE_THRESHOLD else "REJECT"
    return {**result, "Decision": decision, "Score": score}


def _fraud_detection(context: Context, domain: Domain, session: Session) -> dict[str, Any]:
    world = context.world
    threshold = world.settings.default_risk_threshold
    watchlist_id = domain.default_watchlist_id
    result: dict[str, Any] = {
        "FraudDetectionResultId": world.new_id(),
        "Configuration": {"RiskThreshold": threshold, "WatchlistId": watchlist_id},
        **_aggregated(context, session),
    }
    if session.speech_seconds < FRAUD_SPEECH_SECONDS:
        return {**result, "Decision": "NOT_ENOUGH_SPEECH", "Reasons": []}
    risk, match = 0, None
    for fraudster in world.fraudsters_on(domain.domain_id, watchlist_id):
        score = max(world.similarity(session.voice, voice) for voice in fraudster.voices)
        if score > risk or match is None:
            risk, match = score, fraudster
    known: dict[str, Any] = {"RiskScore": risk}
    if match is not None:
        known["GeneratedFraudsterId"] = match.generated_id
    high = risk >= threshold
    return {
        **result,
        "Decision": "HIGH_RISK" if high else "LOW_RISK",
        "Reasons": ["KNOWN_FRAUDSTER"] if high else [],
        "RiskDetails": {"KnownFraudsterRisk": known, "VoiceSpoofingRisk": {"RiskScore": 0}},
    }
