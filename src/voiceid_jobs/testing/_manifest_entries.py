"""How the fake reads a job's manifest: as the service documents, one request at a time.

The client's manifest models refuse a whole file for one bad request; the service does
not. Per the model's FailureDetails ("for individual request failures, the batch job
as a whole doesn't fail; it is completed with a JobStatus of COMPLETED_WITH_ERRORS"),
a job FAILS only when it cannot run at all: here, when its manifest is not JSON, not
an object, has no array of requests, or has more requests than a job takes. Anything
wrong with one request (a missing or malformed member, a duplicate RequestId) makes
that request an error entry (ErrorCode 400) and the others still run. Whether the
audio is usable is found later, when the job reads it.
"""

from __future__ import annotations

import json
from typing import Any, cast

import attrs

from voiceid_jobs._converters import member_name
from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._kinds import AnyJobKind
from voiceid_jobs._validation import checker

__all__ = ["Entry", "UnreadableManifestError", "read_manifest"]

MAX_AUDIO_FILES = 10

_check_speaker_id = checker("ManifestSpeakerId")
_check_audio_uri = checker("ManifestAudioS3Uri")
_check_channel = checker("ManifestChannelId")


class UnreadableManifestError(Exception):
    """The manifest cannot be run at all: the job FAILS with this message."""


@attrs.frozen(kw_only=True)
class Entry:
    """One request of a manifest, as the fake will carry it out."""

    request_id: str | None
    """The request's RequestId; None when it has none (its error entry has none either)."""
    speaker_id: str | None = None
    """The customer's SpeakerId (enrollment requests)."""
    audio: tuple[tuple[str, int], ...] = ()
    """Each audio file's S3 URI and channel."""
    problem: str | None = None
    """Why the request fails before its audio is read; None for a well-formed request."""


def read_manifest(kind: AnyJobKind, data: bytes, *, limit: int) -> list[Entry]:
    """The requests of a manifest file, each well-formed or with its problem.

    Raises:
        UnreadableManifestError: the file cannot be run at all.
    """
    try:
        document: object = json.loads(data)
    except (ValueError, RecursionError):  # RecursionError: nested too deep
        raise UnreadableManifestError("is not a JSON document") from None
    member = member_name(kind.requests_field)
    if not isinstance(document, dict):
        raise UnreadableManifestError("is not a JSON object")
    version = cast("dict[str, object]", document).get("Version")
    if version != "1.0":  # the schema requires Version, and knows only 1.0
        shown = "no Version" if version is None else f"Version {str(version)[:20]!r}"
        raise UnreadableManifestError(f"has {shown}; the manifest schema's is 1.0")
    requests = cast("dict[str, object]", document).get(member)
    if not isinstance(requests, list) or not requests:
        raise UnreadableManifestError(f"has no {member} array of requests")
    items = cast("list[object]", requests)
    if len(items) > limit:
        raise UnreadableManifestError(f"has {len(items)} requests; a job takes at most {limit}")
    with_speaker = "speaker_id" in attrs.fields_dict(kind.request)
    seen: set[str] = set()
    return [_entry(item, with_speaker=with_speaker, seen=seen) for item in items]


def _entry(item: object, *, with_speaker: bool, seen: set[str]) -> Entry:
    if not isinstance(item, dict):
        return Entry(request_id=None, problem="The request is not a JSON object")
    request: dict[str, Any] = cast("dict[str, Any]", item)
    request_id = request.get("RequestId")
    if not isinstance(request_id, str) or not request_id:
        return Entry(request_id=None, problem="The request has no RequestId")
    if request_id in seen:
        return Entry(request_id=request_id, problem=f"RequestId {request_id} is not unique")
    seen.add(request_id)
    speaker_id: Any = request.get("SpeakerId")
    try:
        if with_speaker:
            if speaker_id is None:
                raise _missing("SpeakerId")
            _check_speaker_id(speaker_id, "SpeakerId")
        audio = _audio(request.get("AudioSpecifications"))
    except InvalidParameterError as error:
        return Entry(request_id=request_id, problem=f"{error.field} {error.rule}")
    return Entry(request_id=request_id, speaker_id=speaker_id, audio=audio)


def _missing(member: str) -> InvalidParameterError:
    return InvalidParameterError(member, None, "is required")


def _audio(value: object) -> tuple[tuple[str, int], ...]:
    if value is None:
        raise _missing("AudioSpecifications")
    specs = cast("list[object]", value) if isinstance(value, list) else None
    if specs is None or not 1 <= len(specs) <= MAX_AUDIO_FILES:
        raise InvalidParameterError("AudioSpecifications", specs, "must hold 1 to 10 items")
    audio: list[tuple[str, int]] = []
    for spec in specs:
        try:
            audio.append(_audio_file(spec))
        except InvalidParameterError as error:  # noqa: PERF203 - free until an error
            where = f"AudioSpecifications[{len(audio)}]"
            raise error.at(f"{where}.{error.field}" if error.field else where) from None
    return tuple(audio)


def _audio_file(spec: object) -> tuple[str, int]:
    """One audio file's URI and channel; an error names the member, below the file."""
    if not isinstance(spec, dict):
        raise InvalidParameterError("", spec, "must be a JSON object")
    members: dict[str, Any] = cast("dict[str, Any]", spec)
    uri, channel = members.get("S3Uri"), members.get("ChannelId")
    if uri is None:
        raise _missing("S3Uri")
    _check_audio_uri(uri, "S3Uri")
    if channel is None:
        raise _missing("ChannelId")
    _check_channel(channel, "ChannelId")
    return uri, channel
