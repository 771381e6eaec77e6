"""Client-side checks: the code that applies :data:`CONSTRAINTS` to values and models.

A model field names its shape in its metadata (``metadata=shape("Score")``), which
ties it to its rule in the table. Request models check their own fields, nested models
included, when they are constructed (:class:`Checked`); the client checks every argument
again with the full dotted path of each field, and every nested model that was not made
through its constructor (one the converter built from a response). Checking never
changes a model: values are normalised when a model is made, by its fields'
converters (:func:`as_tuple`, :func:`as_member`). Models that the converter builds from a
response are not checked: the service's answer is never rejected for its values.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import attrs

from ._constraints import CONSTRAINTS, Constraint
from ._enums import OpenEnum
from ._errors import InvalidParameterError

__all__ = [
    "Checked",
    "Masked",
    "as_member",
    "as_tuple",
    "check_value",
    "checker",
    "is_sensitive",
    "shape",
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
    return makers[rule.kind](rule)


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


FieldPlan = tuple[str, "Checker | None", bool, "type[Any] | None", bool]
"""How one field of a model is checked, worked out once per class: its name, its
rule from the table (None when the table has none for it), whether it is required,
the attrs class of a nested model field (or of its items), and whether it is a tuple."""

_plans: dict[type[Any], tuple[FieldPlan, ...]] = {}


def _plan(cls: type[Any]) -> tuple[FieldPlan, ...]:
    plan = _plans.get(cls)
    if plan is None:
        attrs.resolve_types(cls)
        plan = _plans[cls] = tuple(_field_plan(field) for field in attrs.fields(cls))
    return plan


def _field_plan(field: attrs.Attribute[Any]) -> FieldPlan:
    annotation: Any = field.type
    options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(options) == 1:
        annotation = options[0]
    many = typing.get_origin(annotation) is tuple
    if many:
        annotation = typing.get_args(annotation)[0]
    shape_name = field.metadata.get("shape", "")
    return (
        field.name,
        checker(shape_name) if shape_name in CONSTRAINTS else None,
        field.default is attrs.NOTHING,
        annotation if isinstance(annotation, type) and attrs.has(annotation) else None,
        many,
    )


def validate(model: object, prefix: str = "", *, deep: bool = False) -> None:
    """Check every field of an attrs model against the table; change nothing.

    Args:
        model: the model to check.
        prefix: the dotted path of the model itself, e.g. ``enrollment_config.``.
        deep: also check nested models, but those made through their constructor
            (:class:`Checked`), which were checked through and through then. A model
            the converter built from a response was never checked.

    Raises:
        InvalidParameterError: for the first field that breaks a rule.
    """
    for name, check, required, model_class, many in _plan(model.__class__):
        value = getattr(model, name)
        if value is None:
            if required:
                raise InvalidParameterError(prefix + name, value, "is required")
            continue
        if many and not required and value == ():
            continue
        path = prefix + name if prefix else name
        if check is not None:
            check(value, path)
        if model_class is None:
            continue
        if many:
            _check_items(value, model_class, path, deep=deep)
        elif value.__class__ is not model_class and not isinstance(value, model_class):
            raise InvalidParameterError(path, value, f"must be of type {model_class.__name__}")
        elif deep and not _checked_when_made(value):
            validate(value, path + ".", deep=True)


def _check_items(value: object, cls: type[Any], path: str, *, deep: bool) -> None:
    """Check a tuple of nested models; the path of an item is only made to report it."""
    if not isinstance(value, tuple):
        raise InvalidParameterError(path, value, f"must be a tuple of {cls.__name__}")
    for index, item in enumerate(cast("tuple[object, ...]", value)):
        if item.__class__ is not cls and not isinstance(item, cls):
            raise InvalidParameterError(f"{path}[{index}]", item, f"must be of type {cls.__name__}")
        if deep and not _checked_when_made(item):
            validate(item, f"{path}[{index}].", deep=True)


def _checked_when_made(model: object) -> bool:
    """Whether a model checked itself, nested models included, when it was made."""
    checked: bool = getattr(model, "_checked", False)  # the mark Checked sets
    return checked


class Checked:
    """Mixin for models that check their fields, nested models included, when made.

    A model made this way is marked, so a later deep check (the client's, or that of a
    model it is nested in) does not check it again: its fields can no longer change.
    The converter builds response models without calling ``__init__``, so a response
    is never rejected for its values, and such a model is checked when it is sent.
    """

    __slots__ = ("_checked",)

    def __attrs_post_init__(self) -> None:
        validate(self, deep=True)
        object.__setattr__(self, "_checked", True)


class Masked:
    """Mixin for models with personal data.

    ``repr`` masks every field whose shape the table marks sensitive. A class that
    uses it is declared with ``repr=False``.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        shown = ", ".join(
            f"{field.name}={_masked_repr(getattr(self, field.name), field)}" for field in fields
        )
        return f"{type(self).__name__}({shown})"


def _masked_repr(value: object, field: attrs.Attribute[Any]) -> str:
    if value is None or not is_sensitive(field):
        return repr(value)
    return "'***'"
