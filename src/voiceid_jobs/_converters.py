"""The package's one cattrs converter, between our models and boto3's dicts.

Field names map to the service's member names by rule (``s3_uri`` -> ``S3Uri``):
:func:`member_name` capitalises each snake_case word, with :data:`MEMBER_NAMES` for
the rare name the rule gets wrong. The hooks are generated per class from those
names by cattrs' ``make_dict_*_fn`` with ``override(rename=...)``.

- :func:`to_boto` omits every field that is None or an empty tuple, so a request
  carries only what the caller set; tuples become lists, enums their string values.
- :func:`from_boto` ignores members it does not know, leaves absent ones None, keeps
  enum values it does not know (``is_unknown``), makes timestamps timezone-aware,
  and builds models without their request checks: a response is never rejected.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._enums import OpenEnum
from ._validation import _skip_checks  # pyright: ignore[reportPrivateUsage]

__all__ = ["MEMBER_NAMES", "from_boto", "member_name", "to_boto"]

T = TypeVar("T")

MEMBER_NAMES: Final[Mapping[str, str]] = {}
"""Field names whose member name the capitalising rule would get wrong (none so far)."""


def member_name(field_name: str) -> str:
    """The service's JSON member name for a model field: ``kms_key_id`` -> ``KmsKeyId``."""
    known = MEMBER_NAMES.get(field_name)
    if known is not None:
        return known
    return "".join(word.capitalize() for word in field_name.split("_"))


def _renames(cls: type[Any]) -> dict[str, Any]:
    return {field.name: override(rename=member_name(field.name)) for field in attrs.fields(cls)}


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(
        unstruct_collection_overrides={tuple: list},
        detailed_validation=False,
        forbid_extra_keys=False,
    )

    def unstructure_factory(cls: type[Any]) -> Callable[[Any], dict[str, Any]]:
        return make_dict_unstructure_fn(
            cls, converter, _cattrs_omit_if_default=True, **_renames(cls)
        )

    def structure_factory(cls: type[Any]) -> Callable[[Mapping[str, Any], Any], Any]:
        return make_dict_structure_fn(cls, converter, **_renames(cls))

    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook(OpenEnum, str.__str__)
    converter.register_structure_hook(datetime.datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime.datetime, lambda value: value)
    return converter


def _structure_datetime(value: object, _: type[Any]) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)
    elif isinstance(value, str):
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        msg = f"not a timestamp: {value!r}"
        raise TypeError(msg)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment


_converter: Final = _make_converter()


def to_boto(model: attrs.AttrsInstance) -> dict[str, Any]:
    """A model as boto3 parameters: PascalCase members, nothing the caller left unset."""
    result: dict[str, Any] = _converter.unstructure(model)
    return result


def from_boto(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build a model from a boto3 response dict, without the request checks."""
    token = _skip_checks.set(True)
    try:
        return _converter.structure(data, cls)
    finally:
        _skip_checks.reset(token)
