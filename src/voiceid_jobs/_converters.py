"""The package's one cattrs converter: our models to boto3's dicts, and back.

A model field is the snake_case of the service's JSON member, so the member name is
each word capitalised (:func:`member_name`: ``s3_uri`` -> ``S3Uri``); cattrs generates
each class's functions with those renames (``override(rename=...)``).

- Unstructuring omits every field that is None or an empty tuple, so a request
  carries only what the caller set; tuples become lists, enums their string values.
  A field with any other default (a manifest's Version) is always written.
- Structuring ignores members it does not know, leaves absent ones at their default
  (None, or ``()``), keeps enum values it does not know (``is_unknown``), makes
  timestamps timezone-aware, and raises TypeError or ValueError for a value of the
  wrong JSON type (the caller reports it as a malformed response). Models are made
  with their checks off (:func:`unchecked`): a response is never rejected for its
  values, and such a model is checked, like any other, when it is sent.
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, cast

import attrs

from ._enums import OpenEnum
from ._validation import unchecked

if typing.TYPE_CHECKING:
    import cattrs

__all__ = ["from_boto", "member_name", "to_boto"]

T = TypeVar("T")


@functools.cache
def member_name(field_name: str) -> str:
    """The service's JSON member name for a model field: ``kms_key_id`` -> ``KmsKeyId``."""
    return "".join(word.capitalize() for word in field_name.split("_"))


def _renames(cls: type[Any]) -> dict[str, Any]:
    from cattrs.gen import override

    return {
        field.name: override(
            rename=member_name(field.name), omit_if_default=field.default in (None, ())
        )
        for field in attrs.fields(cls)
    }


def _string(value: object, _: type[Any]) -> str:
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r:.40}"
        raise TypeError(msg)
    return value


def _integer(value: object, _: type[Any]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"expected an integer, got {type(value).__name__} {value!r:.40}"
        raise TypeError(msg)
    return value


def _datetime(value: object, _: type[Any]) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
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


def _open_enum(value: object, cls: type[OpenEnum]) -> OpenEnum:
    """A known member, or an unknown one kept as it came."""
    if not isinstance(value, str):
        msg = f"expected a string for {cls.__name__}, got {type(value).__name__}"
        raise TypeError(msg)
    return cls(value)


def _is_tuple(cls: Any) -> bool:
    return typing.get_origin(cls) is tuple


def _is_optional(cls: Any) -> bool:
    """``X | None``, for one X."""
    arguments = typing.get_args(cls)
    return (
        typing.get_origin(cls) in (typing.Union, types.UnionType)
        and len(arguments) == 2  # noqa: PLR2004 - X and None
        and type(None) in arguments
    )


@functools.cache
def _converter() -> cattrs.Converter:
    """The package's one converter, made at its first use (cattrs loads then)."""
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    converter = cattrs.Converter(
        unstruct_collection_overrides={tuple: list},
        detailed_validation=False,
        forbid_extra_keys=False,
    )

    def tuple_hook(cls: Any) -> Callable[[object, Any], tuple[Any, ...]]:
        item = converter.get_structure_hook(typing.get_args(cls)[0])
        item_type = typing.get_args(cls)[0]

        def structure(value: object, _: Any) -> tuple[Any, ...]:
            if value is None:
                return ()
            if not isinstance(value, list):
                msg = f"expected an array, got {type(value).__name__} {value!r:.40}"
                raise TypeError(msg)
            return tuple(item(entry, item_type) for entry in cast("list[object]", value))

        return structure

    def optional_hook(cls: Any) -> Callable[[object, Any], Any]:
        """None, or the value as X: X's hook is looked up once, not on every value."""
        inner_type = next(
            argument for argument in typing.get_args(cls) if argument is not type(None)
        )
        inner = converter.get_structure_hook(inner_type)

        def structure(value: object, _: Any) -> Any:
            return None if value is None else inner(value, inner_type)

        return structure

    def unstructure_hook(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        return make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True, **_renames(cls)
        )

    def structure_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
        return make_dict_structure_fn(cls, converter, **_renames(cls))

    converter.register_unstructure_hook_factory(attrs.has, unstructure_hook)
    converter.register_structure_hook_factory(attrs.has, structure_hook)
    converter.register_unstructure_hook(OpenEnum, str.__str__)
    converter.register_unstructure_hook(datetime.datetime, lambda value: value)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(int, _integer)
    converter.register_structure_hook(OpenEnum, _open_enum)  # before str in an enum's MRO
    converter.register_structure_hook(datetime.datetime, _datetime)
    converter.register_structure_hook_factory(_is_tuple, tuple_hook)
    converter.register_structure_hook_factory(_is_optional, optional_hook)
    return converter


def to_boto(model: attrs.AttrsInstance) -> dict[str, Any]:
    """A model as boto3 parameters: PascalCase members, nothing the caller left unset."""
    result: dict[str, Any] = _converter().unstructure(model)
    return result


def from_boto(data: object, cls: type[T]) -> T:
    """Build a model from a boto3 response dict, without the request checks.

    Raises:
        TypeError, ValueError: ``data`` is not a JSON object, a member has a value of the
            wrong type, or a timestamp does not parse.
    """
    if not isinstance(data, dict):
        msg = f"{cls.__name__} must be a JSON object, not {type(data).__name__}"
        raise TypeError(msg)
    with unchecked():
        return _converter().structure(data, cls)
