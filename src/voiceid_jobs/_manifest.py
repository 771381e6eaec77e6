"""The input manifest of a batch job: models, checks, and the JSON file format.

A manifest lists the requests of one job. Every rule the service documents is
checked when a model is constructed: Version "1.0"; RequestId present and unique in
the file; SpeakerId 1-256 characters of ``^[a-zA-Z0-9][a-zA-Z0-9_-]*$``; 1 to 10
audio files per request, each an S3 URI (the service's S3Uri rule) on channel 0 or 1;
at most 10,000 requests in an enrollment manifest and 500 in a registration manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TypeVar, cast

import attrs

from ._converters import member_name, to_boto
from ._errors import InvalidParameterError
from ._models import Masked
from ._validation import Checked, as_tuple, shape

__all__ = [
    "AudioSpecification",
    "FraudsterRegistrationManifest",
    "FraudsterRegistrationRequest",
    "SpeakerEnrollmentManifest",
    "SpeakerEnrollmentRequest",
]

M = TypeVar("M")


def _audio_specifications(
    value: Iterable[AudioSpecification],
) -> tuple[AudioSpecification, ...]:
    result: tuple[AudioSpecification, ...] = as_tuple(value)
    return result


def _enrollment_requests(
    value: Iterable[SpeakerEnrollmentRequest],
) -> tuple[SpeakerEnrollmentRequest, ...]:
    result: tuple[SpeakerEnrollmentRequest, ...] = as_tuple(value)
    return result


def _registration_requests(
    value: Iterable[FraudsterRegistrationRequest],
) -> tuple[FraudsterRegistrationRequest, ...]:
    result: tuple[FraudsterRegistrationRequest, ...] = as_tuple(value)
    return result


@attrs.frozen(kw_only=True)
class AudioSpecification(Checked):
    """One audio file of a request."""

    s3_uri: str = attrs.field(metadata=shape("ManifestAudioS3Uri"))
    """The audio's S3 URI, ``s3://bucket/key`` (at most 1024 characters). The service reads
    the file and refuses, for this request only, one that is not WAV, 8 kHz PCM-16, at
    most 20 MB, with enough speech; the URI itself has no rule on its extension."""
    channel_id: int = attrs.field(metadata=shape("ManifestChannelId"))
    """The channel that holds the speaker's voice: 0 or 1."""


@attrs.frozen(kw_only=True, repr=False)
class SpeakerEnrollmentRequest(Checked, Masked):
    """One speaker to enroll."""

    request_id: str = attrs.field(metadata=shape("ManifestRequestId"))
    """The request's id, unique in the manifest; the output file reports on it by this id."""
    speaker_id: str = attrs.field(metadata=shape("ManifestSpeakerId"))
    """The customer's id for the speaker, 1-256 characters of ``^[a-zA-Z0-9][a-zA-Z0-9_-]*$``.
    Sensitive: masked in repr."""
    audio_specifications: tuple[AudioSpecification, ...] = attrs.field(
        metadata=shape("ManifestAudioSpecifications"), converter=_audio_specifications
    )
    """The speaker's audio: 1 to 10 files."""


@attrs.frozen(kw_only=True)
class FraudsterRegistrationRequest(Checked):
    """One fraudster to register."""

    request_id: str = attrs.field(metadata=shape("ManifestRequestId"))
    """The request's id, unique in the manifest; the output file reports on it by this id."""
    audio_specifications: tuple[AudioSpecification, ...] = attrs.field(
        metadata=shape("ManifestAudioSpecifications"), converter=_audio_specifications
    )
    """The fraudster's audio: 1 to 10 files."""


class _Manifest(Checked):
    """What both manifests do: unique request ids, and the JSON file format."""

    __slots__ = ()

    version: str

    @property
    def requests(self) -> tuple[SpeakerEnrollmentRequest | FraudsterRegistrationRequest, ...]:
        """The manifest's requests, whatever their kind."""
        raise NotImplementedError

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        request_ids = [request.request_id for request in self.requests]
        if len(set(request_ids)) == len(request_ids):
            return
        field = requests_field(type(self))
        first_index: dict[str, int] = {}
        for index, request in enumerate(self.requests):
            earlier = first_index.setdefault(request.request_id, index)
            if earlier != index:
                raise InvalidParameterError(
                    f"{field}[{index}].request_id",
                    request.request_id,
                    f"must be unique in the manifest (request {earlier} has it too)",
                )

    def to_json(self) -> str:
        """The manifest as the service reads it: compact, ASCII-only JSON."""
        return json.dumps(to_boto(cast("attrs.AttrsInstance", self)), separators=(",", ":"))


@attrs.frozen(kw_only=True)
class SpeakerEnrollmentManifest(_Manifest):
    """The input file of a speaker enrollment job: 1 to 10,000 requests."""

    version: str = attrs.field(default="1.0", metadata=shape("ManifestVersion"))
    """The file format's version; "1.0" is the only one."""
    speaker_enrollment_requests: tuple[SpeakerEnrollmentRequest, ...] = attrs.field(
        metadata=shape("ManifestSpeakerEnrollmentRequests"), converter=_enrollment_requests
    )
    """The speakers to enroll, with unique request ids."""

    @property
    def requests(self) -> tuple[SpeakerEnrollmentRequest, ...]:
        """``speaker_enrollment_requests``."""
        return self.speaker_enrollment_requests

    @classmethod
    def from_json(cls, text: str | bytes) -> SpeakerEnrollmentManifest:
        """Read a manifest file, checking every rule.

        Raises:
            InvalidParameterError: naming the JSON path of the first problem, e.g.
                ``$.SpeakerEnrollmentRequests[3].AudioSpecifications[0].ChannelId``.
        """
        return _from_json(cls, text)


@attrs.frozen(kw_only=True)
class FraudsterRegistrationManifest(_Manifest):
    """The input file of a fraudster registration job: 1 to 500 requests."""

    version: str = attrs.field(default="1.0", metadata=shape("ManifestVersion"))
    """The file format's version; "1.0" is the only one."""
    fraudster_registration_requests: tuple[FraudsterRegistrationRequest, ...] = attrs.field(
        metadata=shape("ManifestFraudsterRegistrationRequests"), converter=_registration_requests
    )
    """The fraudsters to register, with unique request ids."""

    @property
    def requests(self) -> tuple[FraudsterRegistrationRequest, ...]:
        """``fraudster_registration_requests``."""
        return self.fraudster_registration_requests

    @classmethod
    def from_json(cls, text: str | bytes) -> FraudsterRegistrationManifest:
        """Read a manifest file, checking every rule.

        Raises:
            InvalidParameterError: naming the JSON path of the first problem.
        """
        return _from_json(cls, text)


def requests_field(cls: type[Any]) -> str:
    """The name of a manifest class's field of requests (its one field but the version)."""
    names: list[str] = [field.name for field in attrs.fields(cls) if field.name != "version"]
    return names[0]


# --- Reading the file ---------------------------------------------------------------


def _from_json(cls: type[M], text: str | bytes) -> M:
    if not isinstance(text, (str, bytes, bytearray)):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidParameterError("$", text, "must be the file's text, str or bytes")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
        raise InvalidParameterError(
            "$", text, f"must be a JSON document ({error})", shown=f"{len(text)} characters"
        ) from None
    try:
        manifest: M = _build(cls, data)
    except InvalidParameterError as error:
        raise error.at(_below("$", error.field)) from None
    return manifest


@attrs.frozen
class _Member:
    """How one JSON member of a manifest object becomes a field of its model.

    A manifest is read strictly, unlike a response: an unknown or missing member is an
    error that names its JSON path and the request's RequestId, which cattrs' own
    errors do not give; the checks are the models' own.
    """

    field: str
    key: str
    """The member's key: ``AudioSpecifications``."""
    required: bool
    item_model: type[Any] | None
    """The model of each item of an array of objects, or None."""


_members_of: dict[type[Any], tuple[_Member, ...]] = {}


def _members(cls: type[Any]) -> tuple[_Member, ...]:
    members = _members_of.get(cls)
    if members is None:
        members = _members_of[cls] = tuple(
            _Member(
                field=field.name,
                key=member_name(field.name),
                required=field.default is attrs.NOTHING,
                item_model=_item_model(field),
            )
            for field in attrs.fields(attrs.resolve_types(cls))
        )
    return members


def _build(cls: type[Any], data: object) -> Any:
    """Build a model from its JSON object.

    An error names the JSON path below this object (``AudioSpecifications[0].ChannelId``;
    empty for the object itself), and the request's RequestId when it has one: the
    callers above add their own part of the path, so a path is only made for an error.
    """
    if not isinstance(data, dict):
        raise InvalidParameterError("", data, "must be a JSON object")
    members = cast("dict[str, object]", data)
    try:
        return _build_members(cls, members)
    except InvalidParameterError as error:
        request_id = members.get("RequestId")
        if error.request_id is not None or not isinstance(request_id, str):
            raise
        raise error.at(error.field, request_id=request_id) from None


def _build_members(cls: type[Any], members: dict[str, object]) -> Any:
    known = _members(cls)
    arguments: dict[str, Any] = {}
    for member in known:
        if member.key not in members:
            if member.required:
                raise InvalidParameterError(member.key, None, "is required")
            continue
        value = members[member.key]
        arguments[member.field] = (
            value
            if member.item_model is None
            else _build_items(member.item_model, value, member.key)
        )
    if len(members) > len(arguments):
        unknown = sorted(set(members) - {member.key for member in known})
        if unknown:
            raise InvalidParameterError(unknown[0], members[unknown[0]], "is not a known member")
    try:
        return cls(**arguments)
    except InvalidParameterError as error:
        raise error.at(_json_path(error.field)) from None


def _build_items(model: type[Any], value: object, key: str) -> tuple[Any, ...]:
    if not isinstance(value, list):
        raise InvalidParameterError(key, value, "must be a JSON array")
    items = cast("list[object]", value)
    built: list[Any] = []
    for item in items:
        try:
            built.append(_build(model, item))
        except InvalidParameterError as error:  # noqa: PERF203 - free until an error
            raise error.at(_below(f"{key}[{len(built)}]", error.field)) from None
    return tuple(built)


def _below(path: str, field: str) -> str:
    """``field``, a JSON path relative to ``path``, as a path from where ``path`` starts."""
    return f"{path}.{field}" if field else path


def _item_model(field: attrs.Attribute[Any]) -> type[Any] | None:
    """The model class of a tuple-of-models field, or None."""
    args: tuple[object, ...] = getattr(field.type, "__args__", ())
    if args and isinstance(args[0], type) and attrs.has(args[0]):
        return args[0]
    return None


def _json_path(field: str) -> str:
    """A model's dotted field path as a relative JSON path.

    ``audio_specifications[0].channel_id`` is ``AudioSpecifications[0].ChannelId``.
    """
    segments: list[str] = []
    for segment in field.split("."):
        name, bracket, index = segment.partition("[")
        segments.append(member_name(name) + bracket + index)
    return ".".join(segments)
