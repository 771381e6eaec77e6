"""The package's one cattrs converter, between our models and boto3's dicts.

Field names map to the service's member names by rule (``s3_uri`` -> ``S3Uri``):
:func:`member_name` capitalises each snake_case word, with :data:`MEMBER_NAMES` for
the rare name the rule gets wrong. The hooks are generated per class from those
names in hook factories: cattrs' ``make_dict_unstructure_fn`` with
``override(rename=...)`` one way, :func:`_make_structure_fn` the other.

- :func:`to_boto` omits every field that is None or an empty tuple, so a request
  carries only what the caller set; tuples become lists, enums their string values.
- :func:`from_boto` ignores members it does not know, leaves absent ones None, keeps
  enum values it does not know (``is_unknown``), makes timestamps timezone-aware,
  and builds models without their request checks: a response is never rejected.
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import attrs

from ._enums import OpenEnum
from ._names import member_name

if TYPE_CHECKING:
    import cattrs

__all__ = ["from_boto", "member_name", "to_boto"]

T = TypeVar("T")


def _renames(cls: type[Any]) -> dict[str, Any]:
    from cattrs.gen import override

    return {field.name: override(rename=member_name(field.name)) for field in attrs.fields(cls)}


def _make_converter() -> cattrs.Converter:
    # cattrs is imported here, on the first conversion: importing voiceid_jobs need not pay for it.
    import cattrs
    from cattrs.gen import make_dict_unstructure_fn

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
        return _make_structure_fn(cls, converter)

    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook(OpenEnum, str.__str__)
    converter.register_structure_hook(OpenEnum, _structure_open_enum)
    converter.register_structure_hook_factory(_is_tuple_of, _tuple_factory(converter))
    converter.register_structure_hook(datetime.datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime.datetime, lambda value: value)
    return converter


def _make_structure_fn(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """A structure hook for an attrs class, generated from its fields.

    The instance is made with ``object.__new__`` and each field set through its slot:
    attrs' ``__init__`` (and so a request model's checks) does not run, which is what
    "a response is never rejected" asks, and costs about a quarter of the keyword
    call. Members are read with ``dict.get`` under the names :func:`member_name`
    gives; absent ones are None (``()`` for tuples). Strings and integers pass through,
    aware datetimes and known enum values take an inline fast path, and every other
    value goes through the converter's own hook.
    """
    attrs.resolve_types(cls)
    names: dict[str, Any] = {"__new": object.__new__, "__cl": cls, "__dt": datetime.datetime}
    lines = ["def structure(o, _):", "    obj = __new(__cl)"]
    for index, field in enumerate(attrs.fields(cls)):
        kind = _without_none(field.type)
        value = f"v{index}"
        get = f"({value} := o.get({member_name(field.name)!r}))"
        empty = "()" if field.default == () else "None"
        if kind in (str, int):
            names[f"__{kind.__name__}"] = kind
            expression = (
                f"{value} if {get} is None or {value}.__class__ is __{kind.__name__}"
                f" else __{kind.__name__}({value})"
            )
        else:
            names[f"__h{index}"] = converter.get_structure_hook(kind)
            names[f"__t{index}"] = kind
            convert = f"__h{index}({value}, __t{index})"
            if kind is datetime.datetime:
                convert = (
                    f"({value} if {value}.__class__ is __dt and {value}.tzinfo else {convert})"
                )
            elif isinstance(kind, type) and issubclass(kind, OpenEnum):
                names[f"__m{index}"] = kind._value2member_map_
                convert = f"(__m{index}.get({value}) or {convert})"
            expression = f"{empty} if {get} is None else {convert}"
        names[f"__set{index}"] = _setter(cls, field.name)
        lines.append(f"    __set{index}(obj, {expression})")
    lines.append("    return obj")
    exec("\n".join(lines), names)  # noqa: S102 - code made from our own field names
    structure: Callable[[Any, Any], Any] = names["structure"]
    return structure


def _setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """How to set a field of a new instance: its slot, or object.__setattr__ without slots."""
    slot = getattr(cls, name, None)
    setter: Callable[[Any, Any], None] | None = getattr(slot, "__set__", None)
    if setter is None:
        return lambda instance, value: object.__setattr__(instance, name, value)
    return setter


def _without_none(annotation: Any) -> Any:
    """``X`` for ``X | None``; the annotation itself otherwise."""
    if _is_optional(annotation):
        return next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    return annotation


def _is_optional(cls: Any) -> bool:
    args = typing.get_args(cls)
    return (
        typing.get_origin(cls) in (typing.Union, types.UnionType)
        and len(args) == 2  # noqa: PLR2004 - X | None
        and type(None) in args
    )


def _is_tuple_of(cls: Any) -> bool:
    args = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004


def _tuple_factory(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """``tuple[X, ...]`` with X's hook looked up once, built from a list (not a generator)."""

    def factory(cls: Any) -> Callable[[Any, Any], Any]:
        item = typing.get_args(cls)[0]
        handler = converter.get_structure_hook(item)
        return lambda value, _: tuple([handler(entry, item) for entry in value])

    return factory


def _structure_open_enum(value: Any, cls: type[OpenEnum]) -> OpenEnum:
    """Known values by a dict lookup; unknown ones through the enum (kept, ``is_unknown``)."""
    member = cls._value2member_map_.get(value) if value.__class__ is str else None
    return cls(value) if member is None else cast("OpenEnum", member)


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


@functools.cache
def converter() -> cattrs.Converter:
    """The package's one converter, made on first use."""
    return _make_converter()


_unstructure_hooks: dict[type[Any], Callable[[Any], dict[str, Any]]] = {}
"""Each class's unstructure hook, looked up once: a request skips cattrs' dispatch."""


def to_boto(model: attrs.AttrsInstance) -> dict[str, Any]:
    """A model as boto3 parameters: PascalCase members, nothing the caller left unset."""
    cls = model.__class__
    hook = _unstructure_hooks.get(cls)
    if hook is None:
        hook = _unstructure_hooks[cls] = converter().get_unstructure_hook(cls)
    return hook(model)


def from_boto(data: Mapping[str, Any], cls: type[T]) -> T:
    """Build a model from a boto3 response dict, without the request checks."""
    return converter().structure(data, cls)
