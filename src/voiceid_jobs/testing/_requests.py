r"""Requests checked against botocore's service model of Voice ID, as the service checks them.

:func:`check_request` reads every rule from the model botocore loads for ``voice-id``
and walks the operation's input shape, so the fake refuses what the service would:

- a body that cannot be read as the shape's JSON types (an object where a string
  belongs, a boolean where an integer belongs, a number beyond a 32- or 64-bit
  integer, nesting deeper than any shape) is a ``SerializationException``;
- a required member that is missing or null, a string, list or map outside its
  ``min``/``max`` length (strings count code points), an integer outside its
  ``min``/``max``, a string outside its ``enum`` or not matching its ``pattern`` is a
  ``ValidationException`` that lists every violation, in the usual AWS wording;
- an operation the model does not have is an ``UnknownOperationException``.

Members the model does not know are ignored, as the service ignores them. An
idempotency token (``ClientToken``) is optional: botocore fills it in, a raw HTTP
caller may leave it out.

The model's patterns are Java regular expressions. They are applied as Smithy applies
a pattern, as a search that is not implicitly anchored, with Java's meaning: ``.``
matches no line terminator, ``$`` only the very end of the value (so a trailing
newline fails a pattern that ends in ``$``), and ``\p{L}``, ``\p{N}``, ``\p{Z}`` are
Unicode's general categories.

A message never shows the value of a member the model marks sensitive (nor of a list
or structure that holds one), and shows at most 256 characters of any other value.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
from collections.abc import Callable
from typing import Literal, NamedTuple, TypeGuard

import botocore.session
from botocore.model import ListShape, MapShape, ServiceModel, Shape, StructureShape

from ._patterns import java_pattern

__all__ = ["RequestRefused", "check_request", "service_model"]

Code = Literal["ValidationException", "SerializationException", "UnknownOperationException"]

MAX_LISTED = 10
"""The most violations a ValidationException's message lists; it counts the rest."""

_MAX_SHOWN = 256
"""The most characters of a value a message shows."""

_MAX_DEPTH = 32
"""The deepest nesting read; deeper than any shape of Voice ID's model."""


class RequestRefused(Exception):  # noqa: N818 - an answer to a request, not a failure
    """The service's answer to a request it refuses before serving it.

    ``code`` is the error's ``__type`` (``ValidationException``,
    ``SerializationException`` or ``UnknownOperationException``), ``status`` its HTTP
    status and ``message`` the text the service sends.
    """

    code: Code
    """The error code, sent as ``__type``."""
    message: str
    """What was refused and why; names members as the service does (``domainId``)."""
    status: int
    """The HTTP status of the answer: 400."""

    def __init__(self, code: Code, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def __reduce__(self) -> tuple[type[RequestRefused], tuple[Code, str, int]]:
        return type(self), (self.code, self.message, self.status)


class _Violation(NamedTuple):
    path: str
    value: object
    shape: Shape
    rule: str


def check_request(operation: str, params: object) -> None:
    """Check a request's JSON parameters against Voice ID's service model.

    Args:
        operation: the operation's name, e.g. ``StartSpeakerEnrollmentJob``.
        params: the request body as :func:`json.loads` decoded it.

    Raises:
        RequestRefused: the service would refuse the request; its ``code``,
            ``status`` and ``message`` are the error answer.
    """
    model = service_model()
    if operation not in model.operation_names:
        message = _sendable(f"Voice ID has no operation {_shown(operation)}")
        raise RequestRefused("UnknownOperationException", message)
    shape = model.operation_model(operation).input_shape
    if shape is None:
        if not isinstance(params, dict):
            raise _unreadable(params, "a JSON object", "")
        return
    found: list[_Violation] = []
    _check(shape, params, "", found, 0)
    if found:
        raise RequestRefused("ValidationException", _message(found))


@functools.cache
def service_model() -> ServiceModel:
    """Botocore's service model of voice-id, loaded once."""
    return botocore.session.get_session().get_service_model("voice-id")


# --- Reading the body, shape by shape --------------------------------------------


def _check(shape: Shape, value: object, path: str, found: list[_Violation], depth: int) -> None:
    """Check a value that is not null against its shape, adding what it violates."""
    if depth > _MAX_DEPTH:
        raise RequestRefused("SerializationException", f"Nesting too deep at '{path}'")
    if isinstance(shape, StructureShape):
        _check_structure(shape, value, path, found, depth)
    elif isinstance(shape, ListShape):
        if not _is_array(value):
            raise _unreadable(value, "a JSON array", path)
        _check_length(shape, value, len(value), path, found)
        for index, item in enumerate(value, 1):
            _check_item(shape.member, item, f"{path}.{index}.member", found, depth)
    elif isinstance(shape, MapShape):
        if not _is_object(value):
            raise _unreadable(value, "a JSON object", path)
        _check_length(shape, value, len(value), path, found)
        for key, item in value.items():
            _check(shape.key, key, f"{path}.key", found, depth + 1)
            _check_item(shape.value, item, f"{path}.value", found, depth)
    else:
        _SCALARS.get(shape.type_name, _accept)(shape, value, path, found)


def _check_structure(
    shape: StructureShape, value: object, path: str, found: list[_Violation], depth: int
) -> None:
    if not _is_object(value):
        raise _unreadable(value, "a JSON object", path)
    if shape.is_document_type:
        return
    required = set(shape.required_members)
    for name, member in shape.members.items():
        where = _joined(path, name[:1].lower() + name[1:])
        item = value.get(name)
        if item is not None:
            _check(member, item, where, found, depth + 1)
        elif name in required:
            found.append(_Violation(where, None, member, "Member must not be null"))


def _check_item(shape: Shape, item: object, path: str, found: list[_Violation], depth: int) -> None:
    if item is None:
        found.append(_Violation(path, None, shape, "Member must not be null"))
    else:
        _check(shape, item, path, found, depth + 1)


def _check_string(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    if not isinstance(value, str):
        raise _unreadable(value, "a JSON string", path)
    _check_length(shape, value, len(value), path, found)
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        rule = f"Member must satisfy enum value set: [{', '.join(enum)}]"
        found.append(_Violation(path, value, shape, rule))
    pattern = shape.metadata.get("pattern")
    if pattern is not None and java_pattern(pattern).search(value) is None:
        rule = f"Member must satisfy regular expression pattern: {pattern}"
        found.append(_Violation(path, value, shape, rule))


def _check_integer(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _unreadable(value, "an integer", path)
    bits = 64 if shape.type_name == "long" else 32
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        message = f"Number at '{path}' is out of range of a {bits}-bit integer"
        raise RequestRefused("SerializationException", message)
    _check_range(shape, value, path, found)


def _check_number(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    """A float, a double or a timestamp (seconds since the epoch)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _unreadable(value, "a number", path)
    if isinstance(value, float) and not math.isfinite(value):
        raise _unreadable(value, "a finite number", path)
    if shape.type_name != "timestamp":
        _check_range(shape, value, path, found)


def _check_boolean(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    del shape, found  # a boolean has no constraints
    if not isinstance(value, bool):
        raise _unreadable(value, "a boolean", path)


def _check_blob(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    if not isinstance(value, str):
        raise _unreadable(value, "a base64 JSON string", path)
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise RequestRefused("SerializationException", f"Invalid base64 at '{path}'") from None
    _check_length(shape, value, len(data), path, found)


def _accept(shape: Shape, value: object, path: str, found: list[_Violation]) -> None:
    del shape, value, path, found  # a type this module does not know: nothing to check


_SCALARS: dict[str, Callable[[Shape, object, str, list[_Violation]], None]] = {
    "string": _check_string,
    "integer": _check_integer,
    "long": _check_integer,
    "float": _check_number,
    "double": _check_number,
    "timestamp": _check_number,
    "boolean": _check_boolean,
    "blob": _check_blob,
}
"""How each scalar type of the model is read and checked."""


def _check_length(
    shape: Shape, value: object, size: int, path: str, found: list[_Violation]
) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        rule = f"Member must have length greater than or equal to {low}"
        found.append(_Violation(path, value, shape, rule))
    if high is not None and size > high:
        rule = f"Member must have length less than or equal to {high}"
        found.append(_Violation(path, value, shape, rule))


def _check_range(shape: Shape, value: float, path: str, found: list[_Violation]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and value < low:
        rule = f"Member must have value greater than or equal to {low}"
        found.append(_Violation(path, value, shape, rule))
    if high is not None and value > high:
        rule = f"Member must have value less than or equal to {high}"
        found.append(_Violation(path, value, shape, rule))


def _is_array(value: object) -> TypeGuard[list[object]]:
    return isinstance(value, list)


def _is_object(value: object) -> TypeGuard[dict[object, object]]:
    return isinstance(value, dict)


def _joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _unreadable(value: object, wanted: str, path: str) -> RequestRefused:
    where = f"at '{path}'" if path else "as the request body"
    return RequestRefused(
        "SerializationException", f"Expected {wanted} {where}, found {_json_type(value)}"
    )


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a floating-point number" if math.isfinite(value) else f"the number {value!r}"
    names = {str: "a string", list: "an array", dict: "an object"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a value")


# --- Messages --------------------------------------------------------------------


def _message(found: list[_Violation]) -> str:
    listed = "; ".join(_described(violation) for violation in found[:MAX_LISTED])
    more = f"; and {len(found) - MAX_LISTED} more" if len(found) > MAX_LISTED else ""
    noun = "error" if len(found) == 1 else "errors"
    return _sendable(f"{len(found)} validation {noun} detected: {listed}{more}")


def _described(violation: _Violation) -> str:
    if violation.value is None:
        shown = "Value null"
    elif _holds_sensitive(violation.shape.name):
        shown = "Value"
    else:
        shown = f"Value {_shown(violation.value)}"
    return f"{shown} at '{violation.path}' failed to satisfy constraint: {violation.rule}"


def _shown(value: object) -> str:
    text = _render(value, _MAX_SHOWN + 1)
    if len(text) <= _MAX_SHOWN:
        return f"'{text}'"
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"'{text[:_MAX_SHOWN]}...'{size}"


def _render(value: object, budget: int, depth: int = 0) -> str:
    """A value as Java prints it (``[a, b]``, ``{k=v}``), cut after ``budget`` characters."""
    if _is_array(value) or _is_object(value):
        if depth > 2:  # noqa: PLR2004 - deeper containers show as "..."
            return "..."
        pairs = value.items() if _is_object(value) else ((None, item) for item in value)
        parts: list[str] = []
        used = 0
        for key, item in pairs:
            if used > budget:
                break
            text = _render(item, budget - used, depth + 1)
            if key is not None:
                text = f"{_render(key, budget - used, depth + 1)}={text}"
            parts.append(text)
            used += len(text) + 2
        inside = ", ".join(parts)
        return f"{{{inside}}}" if _is_object(value) else f"[{inside}]"
    if isinstance(value, str):
        return value[:budget]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > _MAX_SHOWN:
        return "(a very large number)"  # str() of a huge integer is slow, or refused
    return repr(value) if isinstance(value, (int, float)) else "(a value)"


def _sendable(message: str) -> str:
    """The message with any lone surrogate escaped, so that it encodes as UTF-8."""
    return message.encode("utf-8", "backslashreplace").decode("utf-8")


@functools.cache
def _holds_sensitive(shape_name: str) -> bool:
    """Whether a value of the shape is, or may hold, a value the model marks sensitive."""
    shapes = [service_model().shape_for(shape_name)]
    seen: set[str] = set()
    while shapes:
        shape = shapes.pop()
        if shape.name in seen:
            continue
        seen.add(shape.name)
        if shape.metadata.get("sensitive"):
            return True
        if isinstance(shape, StructureShape):
            shapes.extend(shape.members.values())
        elif isinstance(shape, ListShape):
            shapes.append(shape.member)
        elif isinstance(shape, MapShape):
            shapes.extend((shape.key, shape.value))
    return False
