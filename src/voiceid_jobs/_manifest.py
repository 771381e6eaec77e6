"""The input manifest of a batch job: models, checks, and the JSON file format.

A manifest lists the requests of one job. Every rule the service documents is
checked when a model is constructed: Version "1.0"; RequestId present and unique in
the file; SpeakerId 1-256 characters of ``^[a-zA-Z0-9][a-zA-Z0-9_-]*$``; 1 to 10
audio files per request, each an ``s3://`` URI ending in ``.wav`` on channel 0 or 1;
at most 10,000 requests in an enrollment manifest and 500 in a registration manifest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii
from typing import Any, TypeVar, cast

import attrs

from ._errors import InvalidParameterError
from ._models import mask
from ._names import member_name
from ._validation import Checked, shape

__all__ = [
    "AudioSpecification",
    "FraudsterRegistrationManifest",
    "FraudsterRegistrationRequest",
    "SpeakerEnrollmentManifest",
    "SpeakerEnrollmentRequest",
]

M = TypeVar("M")


@attrs.frozen(kw_only=True)
class AudioSpecification(Checked):
    """One audio file of a request."""

    s3_uri: str = attrs.field(metadata=shape("ManifestAudioS3Uri"))
    """The audio's S3 URI, ``s3://bucket/key.wav``: a .wav file, 8 kHz PCM-16, at most 20 MB."""
    channel_id: int = attrs.field(metadata=shape("ManifestChannelId"))
    """The channel that holds the speaker's voice: 0 or 1."""


@attrs.frozen(kw_only=True)
class SpeakerEnrollmentRequest(Checked):
    """One speaker to enroll."""

    request_id: str = attrs.field(metadata=shape("ManifestRequestId"))
    """The request's id, unique in the manifest; the output file reports on it by this id."""
    speaker_id: str = attrs.field(metadata=shape("ManifestSpeakerId"), repr=mask)
    """The customer's id for the speaker, 1-256 characters of ``^[a-zA-Z0-9][a-zA-Z0-9_-]*$``.
    Sensitive: masked in repr."""
    audio_specifications: tuple[AudioSpecification, ...] = attrs.field(
        metadata=shape("ManifestAudioSpecifications")
    )
    """The speaker's audio: 1 to 10 files."""


@attrs.frozen(kw_only=True)
class FraudsterRegistrationRequest(Checked):
    """One fraudster to register."""

    request_id: str = attrs.field(metadata=shape("ManifestRequestId"))
    """The request's id, unique in the manifest; the output file reports on it by this id."""
    audio_specifications: tuple[AudioSpecification, ...] = attrs.field(
        metadata=shape("ManifestAudioSpecifications")
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
        field = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))[
            0
        ].name  # requests first
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
        return _writer(type(self))(self)


@attrs.frozen(kw_only=True)
class SpeakerEnrollmentManifest(_Manifest):
    """The input file of a speaker enrollment job: 1 to 10,000 requests."""

    speaker_enrollment_requests: tuple[SpeakerEnrollmentRequest, ...] = attrs.field(
        metadata=shape("ManifestSpeakerEnrollmentRequests")
    )
    """The speakers to enroll, with unique request ids."""
    version: str = attrs.field(default="1.0", metadata=shape("ManifestVersion"))
    """The file format's version; "1.0" is the only one."""

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

    fraudster_registration_requests: tuple[FraudsterRegistrationRequest, ...] = attrs.field(
        metadata=shape("ManifestFraudsterRegistrationRequests")
    )
    """The fraudsters to register, with unique request ids."""
    version: str = attrs.field(default="1.0", metadata=shape("ManifestVersion"))
    """The file format's version; "1.0" is the only one."""

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


# --- Writing the file ---------------------------------------------------------------
#
# A manifest of 10,000 requests is written straight to JSON text by code generated per
# class from its fields (member names by the converter's rule), with strings escaped
# by the json module's own C encoder: building 20,000 dicts first for json.dumps
# would double the cost of writing the file.

_writers: dict[type[Any], Callable[[Any], str]] = {}


def _writer(cls: type[Any]) -> Callable[[Any], str]:
    writer = _writers.get(cls)
    if writer is None:
        writer = _writers[cls] = _compile_writer(cls)
    return writer


def _compile_writer(cls: type[Any]) -> Callable[[Any], str]:
    attrs.resolve_types(cls)
    names: dict[str, Any] = {"_q": encode_basestring_ascii}
    pieces: list[str] = []
    ordered = sorted(attrs.fields(cls), key=lambda field: field.name != "version")
    for index, field in enumerate(ordered):
        key = json.dumps(member_name(field.name))
        item_cls = _item_model(field)
        if item_cls is not None:
            names[f"_w{index}"] = _writer(item_cls)
            value = f'[{{",".join([_w{index}(item) for item in obj.{field.name}])}}]'
        elif field.type is int:
            value = f"{{obj.{field.name}:d}}"
        else:
            value = f"{{_q(obj.{field.name})}}"
        pieces.append(f"{key}:{value}")
    body = ",".join(pieces).replace("{{", "{{{{").replace("}}", "}}}}")
    source = f"def write(obj):\n    return f'{{{{{body}}}}}'\n"
    exec(source, names)  # noqa: S102 - code made from our own field names
    write: Callable[[Any], str] = names["write"]
    return write


# --- Reading the file ---------------------------------------------------------------


def _from_json(cls: type[M], text: str | bytes) -> M:
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise InvalidParameterError(
            "$", text, f"must be a JSON document ({error})", shown=f"{len(text)} characters"
        ) from None
    manifest: M = _build(cls, data, "$")
    return manifest


def _build(cls: type[Any], data: object, path: str) -> Any:
    """Build a model from its JSON object, with JSON paths in every error."""
    if not isinstance(data, dict):
        raise InvalidParameterError(path, data, "must be a JSON object")
    members = cast("dict[str, object]", data)
    try:
        return _build_members(cls, members, path)
    except InvalidParameterError as error:
        request_id = members.get("RequestId")
        if not isinstance(request_id, str) or ", in request " in str(error):
            raise
        shown = f"{_shown(error)}, in request {request_id!r}"
        raise InvalidParameterError(error.field, error.value, error.rule, shown=shown) from None


def _build_members(cls: type[Any], members: dict[str, object], path: str) -> Any:
    fields = attrs.fields(attrs.resolve_types(cls))
    arguments: dict[str, Any] = {}
    for field in fields:
        key = member_name(field.name)
        if key not in members:
            if field.default is attrs.NOTHING:
                raise InvalidParameterError(f"{path}.{key}", None, "is required")
            continue
        value = members[key]
        item_cls = _item_model(field)
        if item_cls is not None:
            if not isinstance(value, list):
                raise InvalidParameterError(f"{path}.{key}", value, "must be a JSON array")
            items = cast("list[object]", value)
            value = tuple(
                _build(item_cls, item, f"{path}.{key}[{i}]") for i, item in enumerate(items)
            )
        arguments[field.name] = value
    unknown = sorted(set(members) - {member_name(field.name) for field in fields})
    if unknown:
        raise InvalidParameterError(
            f"{path}.{unknown[0]}", members[unknown[0]], "is not a known member"
        )
    try:
        return cls(**arguments)
    except InvalidParameterError as error:
        raise _at_json_path(error, path) from None


def _item_model(field: attrs.Attribute[Any]) -> type[Any] | None:
    """The model class of a tuple-of-models field, or None."""
    args: tuple[object, ...] = getattr(field.type, "__args__", ())
    if args and isinstance(args[0], type) and attrs.has(args[0]):
        return args[0]
    return None


def _at_json_path(error: InvalidParameterError, path: str) -> InvalidParameterError:
    """The same error, with its field as a JSON path below ``path``."""
    segments: list[str] = []
    for segment in error.field.split("."):
        name, bracket, index = segment.partition("[")
        segments.append(member_name(name) + bracket + index)
    field = f"{path}.{'.'.join(segments)}"
    return InvalidParameterError(field, error.value, error.rule, shown=_shown(error))


def _shown(error: InvalidParameterError) -> str:
    """How the error's message shows its value (masked, for a sensitive one)."""
    return str(error).rpartition(" (got ")[2].removesuffix(")")
