"""Between our models and boto3's dicts, both ways.

Field names map to the service's member names by rule (``s3_uri`` -> ``S3Uri``,
:func:`member_name`):

- unstructuring is the package's one cattrs converter, with cattrs' own
  ``make_dict_unstructure_fn`` and ``override(rename=...)`` registered for every
  attrs class. It omits every field that is None or an empty tuple, so a request
  carries only what the caller set; tuples become lists, enums their string values.
  A field with any other default (a manifest's Version) is always written.
- structuring is a plain loop over a plan of the class's fields, worked out once
  (:func:`from_boto`). It builds the instance without calling ``__init__`` (so a request
  model's checks do not run: a response is never rejected for its values), ignores
  members it does not know, leaves absent ones None (or ``()``), keeps enum values it
  does not know (``is_unknown``) and makes timestamps timezone-aware. A value of the
  wrong JSON type raises TypeError or ValueError, which the caller reports as a
  malformed response.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ._enums import OpenEnum
from ._names import member_name

__all__ = ["from_boto", "to_boto"]

T = TypeVar("T")

Hook = Callable[[Any], Any]


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(
        unstruct_collection_overrides={tuple: list},
        detailed_validation=False,
        forbid_extra_keys=False,
    )

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        renames: dict[str, Any] = {
            field.name: override(
                rename=member_name(field.name), omit_if_default=field.default in (None, ())
            )
            for field in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, _cattrs_omit_if_default=True, **renames)

    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_unstructure_hook(OpenEnum, str.__str__)
    converter.register_unstructure_hook(datetime.datetime, lambda value: value)
    return converter


# --- Structuring: a plan per class, and a plain loop over it ---------------------------

MemberPlan = tuple[str, "type[Any] | None", "Hook", object, "Callable[[Any, Any], None]"]
"""How one member of a boto3 dict becomes one field of a model: the member's name
(``S3Uri``); the class a value of the field already has as it comes (str, int), or
None when every value is converted; how a value is converted (and checked); the
field's value when the member is absent or null (None, or () for a tuple); and how
the field is set on a new instance."""


Reader = Callable[[Any], Any]
"""Builds a model from one JSON object of a response."""

_readers: dict[type[Any], Reader] = {}
"""Each class's reader, made on first use and kept."""


def _reader(cls: type[T]) -> Callable[[Any], T]:
    """The function that builds a ``cls`` from a boto3 dict, made on first use and kept."""
    read = _readers.get(cls)
    if read is None:
        read = _readers[cls] = _make_reader(cls)
    return read


def _make_reader(cls: type[Any]) -> Reader:
    attrs.resolve_types(cls)
    plan: tuple[MemberPlan, ...] = tuple(
        (
            member_name(field.name),
            _without_none(field.type) if _without_none(field.type) in (str, int) else None,
            _value_hook(_without_none(field.type)),
            () if field.default == () else None,
            _setter(cls, field.name),
        )
        for field in attrs.fields(cls)
    )

    def read(data: object) -> Any:
        if data.__class__ is not dict and not isinstance(data, Mapping):
            msg = f"{cls.__name__} must be a JSON object, not {type(data).__name__}"
            raise TypeError(msg)
        members = cast("Mapping[str, Any]", data)
        instance = object.__new__(cls)
        for key, ready, convert, empty, set_field in plan:
            value = members.get(key)
            if value is None:
                value = empty
            elif value.__class__ is not ready:
                value = convert(value)
            set_field(instance, value)
        return instance

    return read


def _value_hook(kind: Any) -> Hook:
    """How a present value of the annotation ``kind`` is read."""
    if kind is str:
        return _string
    if kind is int:
        return _integer
    if kind is datetime.datetime:
        return _datetime
    if isinstance(kind, type) and issubclass(kind, OpenEnum):
        return _enum_hook(kind)
    if typing.get_origin(kind) is tuple:
        return _tuple_hook(_value_hook(typing.get_args(kind)[0]))
    if isinstance(kind, type) and attrs.has(kind):
        return _reader(kind)
    msg = f"no structure hook for {kind!r}"  # pragma: no cover - every field type is above
    raise TypeError(msg)  # pragma: no cover


def _string(value: object) -> object:
    if value.__class__ is not str and not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r:.40}"
        raise TypeError(msg)
    return value


def _integer(value: object) -> object:
    if value.__class__ is not int and (not isinstance(value, int) or isinstance(value, bool)):
        msg = f"expected an integer, got {type(value).__name__} {value!r:.40}"
        raise TypeError(msg)
    return value


def _tuple_hook(item: Hook) -> Hook:
    """A JSON array as a tuple, each entry read by ``item``."""

    def structure(value: object) -> tuple[object, ...]:
        if value.__class__ is not list and not isinstance(value, (list, tuple)):
            msg = f"expected an array, got {type(value).__name__} {value!r:.40}"
            raise TypeError(msg)
        return tuple([item(entry) for entry in cast("list[object]", value)])

    return structure


def _enum_hook(cls: type[OpenEnum]) -> Hook:
    """Known values by a dict lookup; unknown strings kept as unknown members."""
    known = cls._value2member_map_

    def structure(value: object) -> object:
        member = known.get(value) if isinstance(value, str) else None
        if member is not None:
            return member
        if not isinstance(value, str):
            msg = f"expected a string for {cls.__name__}, got {type(value).__name__}"
            raise TypeError(msg)
        return cls(value)

    return structure


def _datetime(value: object) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            return value
        moment = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)
    elif isinstance(value, str):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        msg = f"not a timestamp: {value!r:.40}"
        raise TypeError(msg)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def _setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """How to set a field of a new instance: its slot's descriptor."""
    setter: Callable[[Any, Any], None] = getattr(cls, name).__set__
    return setter


def _without_none(annotation: Any) -> Any:
    """``X`` for ``X | None``; the annotation itself otherwise."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        return next(arg for arg in args if arg is not type(None))
    return annotation


_CONVERTER = _make_converter()
"""The package's one converter."""


def to_boto(model: attrs.AttrsInstance) -> dict[str, Any]:
    """A model as boto3 parameters: PascalCase members, nothing the caller left unset."""
    result: dict[str, Any] = _CONVERTER.unstructure(model)
    return result


def from_boto(data: object, cls: type[T]) -> T:
    """Build a model from a boto3 response dict, without the request checks.

    The reader of each class is made on its first use and kept.

    Raises:
        TypeError, ValueError: ``data`` is not a JSON object, a member has a value of the
            wrong type, or a timestamp does not parse.
    """
    return _reader(cls)(data)
