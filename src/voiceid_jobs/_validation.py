"""Client-side checks: the code that applies :data:`CONSTRAINTS` to values and models.

A model field names its shape in its metadata (``metadata=shape("Score")``), which
ties it to its rule in the table. Request models check their own fields, nested models
included, when they are constructed (:class:`Checked`); the client checks every argument
again, through and through, with the full dotted path of each field. Checking never
changes a model: values are normalised when a model is made, by its fields'
converters (:func:`as_tuple`, :func:`as_member`). Models that the converter builds from a
response are not checked: the service's answer is never rejected for its values.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import sys
import types
import typing
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar, cast

import attrs

from ._constraints import CONSTRAINTS, Constraint
from ._enums import OpenEnum
from ._errors import InvalidParameterError

__all__ = [
    "Checked",
    "FieldRule",
    "as_member",
    "as_tuple",
    "check_value",
    "checker",
    "is_sensitive",
    "shape",
    "unchecked",
    "validate",
]

E = TypeVar("E", bound=OpenEnum)


def shape(name: str) -> dict[str, str]:
    """Field metadata that ties a model field to its shape in :data:`CONSTRAINTS`.

    A name that is not in the table ties the field to a nested model or to nothing
    checked; it still records which service shape the field mirrors.
    """
    return {"shape": name}


def is_sensitive(field: attrs.Attribute[Any]) -> bool:
    """Whether the table marks the field's shape as personal data."""
    rule = CONSTRAINTS.get(field.metadata.get("shape", ""))
    return rule is not None and rule.sensitive


# --- Normalising, when a model is made -------------------------------------------------


def as_tuple(value: Any) -> Any:
    """A list (or any other iterable but a string) as a tuple.

    Anything else is returned as it is, for the check to report.
    """
    if isinstance(value, (tuple, str, bytes)) or not isinstance(value, Iterable):
        return cast("Any", value)
    return tuple(cast("Iterable[object]", value))


def as_member(cls: type[E], value: object) -> Any:
    """A string as a member of ``cls``: an unknown one for a value it does not know.

    The check then refuses an unknown member; anything else is returned as it is, for
    the check to report.
    """
    if isinstance(value, str) and not isinstance(value, cls):
        return cls(value)
    return value


# --- Checking one value --------------------------------------------------------------

Checker = Callable[[object, str], None]
"""Checks a value for the field at a path; raises InvalidParameterError."""

_checkers: dict[str, Checker] = {}


def check_value(value: object, shape_name: str, path: str) -> None:
    """Check a present value against its shape.

    Raises:
        InvalidParameterError: naming ``path``, the rule and the value.
    """
    checker(shape_name)(value, path)


def checker(shape_name: str) -> Checker:
    """The check of a shape, made from its rule on first use and kept.

    For code that checks many values of one shape: ``check = checker("S3Uri")`` once,
    then ``check(value, path)`` for each.
    """
    checker = _checkers.get(shape_name)
    if checker is None:
        checker = _checkers[shape_name] = _make_checker(CONSTRAINTS[shape_name])
    return checker


def _length_rule(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and low == high:
        return f"must be exactly {low} {unit} long"
    if high is None:
        return f"must be at least {low} {unit} long"
    if not low:
        return f"must be at most {high} {unit} long"
    return f"must be {low} to {high} {unit} long"


def _count_rule(low: int | None, high: int | None) -> str:
    if low == high:
        return f"must hold exactly {low} item{'s' if low != 1 else ''}"
    return f"must hold {low} to {high} items"


def _make_checker(rule: Constraint) -> Checker:
    makers = {
        "string": _string_checker,
        "integer": _integer_checker,
        "enum": _enum_checker,
        "list": _list_checker,
    }
    return makers[rule.type_name](rule)


def _string_checker(rule: Constraint) -> Checker:
    low = 0 if rule.min is None else rule.min
    high = sys.maxsize if rule.max is None else rule.max
    matcher = re.compile(rule.pattern).fullmatch if rule.pattern else None
    length_rule = _length_rule(rule.min, rule.max, "characters")

    def check_string(value: object, path: str) -> None:
        if not isinstance(value, str):
            raise InvalidParameterError(path, value, "must be a str", sensitive=rule.sensitive)
        if not low <= len(value) <= high:
            raise InvalidParameterError(path, value, length_rule, sensitive=rule.sensitive)
        if matcher is not None and matcher(value) is None:
            raise InvalidParameterError(
                path, value, f"must match {rule.pattern}", sensitive=rule.sensitive
            )

    return check_string


def _integer_checker(rule: Constraint) -> Checker:
    low = -sys.maxsize if rule.min is None else rule.min
    high = sys.maxsize if rule.max is None else rule.max
    range_rule = f"must be an integer from {rule.min} to {rule.max}"

    def check_integer(value: object, path: str) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InvalidParameterError(path, value, range_rule)

    return check_integer


def _enum_checker(rule: Constraint) -> Checker:
    enum_cls = rule.enum
    if enum_cls is None:  # pragma: no cover - the table gives every enum its class
        msg = "an enum constraint needs its enum"
        raise TypeError(msg)
    known = frozenset(enum_cls.__members__.values())
    enum_rule = "must be one of " + ", ".join(dict.fromkeys(enum_cls.__members__.values()))

    def check_enum(value: object, path: str) -> None:
        if not isinstance(value, enum_cls) or value not in known:
            # An unknown member was made from the caller's string: report that string.
            given = value.value if isinstance(value, OpenEnum) else value
            raise InvalidParameterError(path, given, enum_rule)

    return check_enum


def _list_checker(rule: Constraint) -> Checker:
    low = 0 if rule.min is None else rule.min
    high = sys.maxsize if rule.max is None else rule.max
    count_rule = _count_rule(rule.min, rule.max)
    member = None if rule.member is None else checker(rule.member)

    def check_list(value: object, path: str) -> None:
        if not isinstance(value, tuple):
            raise InvalidParameterError(path, value, "must be a tuple")
        items = cast("tuple[object, ...]", value)
        if not low <= len(items) <= high:
            count = len(items)
            shown = f"{count} item{'s' if count != 1 else ''}"
            raise InvalidParameterError(path, items, count_rule, shown=shown)
        if member is not None:
            for index, item in enumerate(items):
                member(item, f"{path}[{index}]")

    return check_list


# --- Checking a whole model ---------------------------------------------------------


@attrs.frozen
class FieldRule:
    """How one field of a model is checked, worked out once per class."""

    name: str
    check: Checker | None
    """Its rule from the table; None when the table has none for it."""
    required: bool
    model: type[Any] | None
    """The attrs class of a nested model field (or of its items), or None."""
    many: bool
    """Whether the field is a tuple (of models, when ``model`` is set)."""


_rules_of: dict[type[Any], tuple[FieldRule, ...]] = {}
"""Each class's field rules, worked out on first use and kept."""


def _rules(cls: type[Any]) -> tuple[FieldRule, ...]:
    rules = _rules_of.get(cls)
    if rules is None:
        attrs.resolve_types(cls)
        rules = _rules_of[cls] = tuple(_field_rule(field) for field in attrs.fields(cls))
    return rules


def _field_rule(field: attrs.Attribute[Any]) -> FieldRule:
    annotation: Any = field.type
    options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(options) == 1:
        annotation = options[0]
    many = typing.get_origin(annotation) is tuple
    if many:
        annotation = typing.get_args(annotation)[0]
    shape_name = field.metadata.get("shape", "")
    return FieldRule(
        name=field.name,
        check=checker(shape_name) if shape_name in CONSTRAINTS else None,
        required=field.default is attrs.NOTHING,
        model=annotation if isinstance(annotation, type) and attrs.has(annotation) else None,
        many=many,
    )


def validate(model: object, prefix: str = "", *, deep: bool = False) -> None:
    """Check every field of an attrs model against the table; change nothing.

    Args:
        model: the model to check.
        prefix: the dotted path of the model itself, e.g. ``enrollment_config.``.
        deep: also check nested models, through and through.

    Raises:
        InvalidParameterError: for the first field that breaks a rule.
    """
    for rule in _rules(type(model)):
        value = getattr(model, rule.name)
        if value is None:
            _check_absent(rule, prefix + rule.name)
            continue
        if rule.many and not rule.required and value == ():
            continue  # an optional list left empty: the service's default applies
        path = prefix + rule.name
        if rule.check is not None:
            rule.check(value, path)
        if rule.model is None:
            continue
        if rule.many:
            _check_items(value, rule.model, path, deep=deep)
        elif not isinstance(value, rule.model):
            raise InvalidParameterError(path, value, f"must be of type {rule.model.__name__}")
        elif deep:
            validate(value, path + ".", deep=True)


def _check_absent(rule: FieldRule, path: str) -> None:
    """A field left None: allowed unless it is required, or a list (unset as ``()``)."""
    if rule.required:
        raise InvalidParameterError(path, None, "is required")
    if rule.many:
        raise InvalidParameterError(path, None, "must be a list, or () to leave it unset")


def _check_items(value: object, cls: type[Any], path: str, *, deep: bool) -> None:
    """Check a tuple of nested models; the path of an item is only made to report it."""
    if not isinstance(value, tuple):
        raise InvalidParameterError(path, value, f"must be a tuple of {cls.__name__}")
    for index, item in enumerate(cast("tuple[object, ...]", value)):
        if not isinstance(item, cls):
            raise InvalidParameterError(f"{path}[{index}]", item, f"must be of type {cls.__name__}")
        if deep:
            validate(item, f"{path}[{index}].", deep=True)


_UNCHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "voiceid_jobs_unchecked", default=False
)


@contextlib.contextmanager
def unchecked() -> Generator[None]:
    """Make models without their checks, here: for the converter, reading a response."""
    token = _UNCHECKED.set(True)
    try:
        yield
    finally:
        _UNCHECKED.reset(token)


class Checked:
    """Mixin for models that check their own fields when made.

    A nested model is only checked to be of its class: it checked its own fields when
    it was made. The converter makes models from a response with the checks off
    (:func:`unchecked`), so a response is never rejected; the client checks every
    request through and through (``deep``) where it enters, however its models were
    made.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        if not _UNCHECKED.get():
            validate(self)
