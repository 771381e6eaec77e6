"""Client-side checks: one table of constraints, and the code that applies it.

:data:`CONSTRAINTS` is keyed by the shape names of botocore's ``voice-id`` service
model (``DomainId``, ``Score``, ...), plus a few shapes of the batch files
(``Manifest*``) that the model does not describe. A test holds the service shapes
against botocore's own service-2.json, so a rule that changes upstream fails there.

A model field names its shape in its metadata (``metadata=shape("Score")``). Request
models check their own fields when they are constructed; the client checks every
argument again, nested models included, with the full dotted path of each field.
Models that the converter builds from a response are not checked (it does not call
their ``__init__``): the service's answer is never rejected for its values.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, cast

import attrs

from ._enums import (
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
    OpenEnum,
)
from ._errors import InvalidParameterError

__all__ = [
    "CONSTRAINTS",
    "Checked",
    "Constraint",
    "check_value",
    "shape",
    "validate",
]


@attrs.frozen(kw_only=True)
class Constraint:
    """The rules for one shape: a string, an integer, an enum or a list."""

    kind: str
    """``string``, ``integer``, ``enum`` or ``list``."""
    min: int | None = None
    """The least length (string, list) or value (integer)."""
    max: int | None = None
    """The greatest length (string, list) or value (integer)."""
    pattern: str | None = None
    """The regular expression a whole string must match, as the service model writes it."""
    enum: type[OpenEnum] | None = None
    """The enum whose known members are the allowed values."""
    member: str | None = None
    """The shape of a list's members."""
    sensitive: bool = False
    """The value is personal data: it is masked in reprs, errors and logs."""


_ID = r"^[a-zA-Z0-9]{22}$"
_NAME = r"^[a-zA-Z0-9][a-zA-Z0-9_-]*$"

CONSTRAINTS: Final[Mapping[str, Constraint]] = {
    # Shapes of botocore's voice-id model, as the six job operations use them.
    "DomainId": Constraint(kind="string", min=22, max=22, pattern=_ID),
    "JobId": Constraint(kind="string", min=22, max=22, pattern=_ID),
    "WatchlistId": Constraint(kind="string", min=22, max=22, pattern=_ID),
    "ClientTokenString": Constraint(kind="string", min=1, max=64, pattern=r"^[a-zA-Z0-9-_]+$"),
    "IamRoleArn": Constraint(
        kind="string", min=20, max=2048, pattern=r"^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$"
    ),
    "JobName": Constraint(kind="string", min=1, max=256, pattern=_NAME, sensitive=True),
    "S3Uri": Constraint(
        kind="string", min=0, max=1024, pattern=r"^s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9](/.*)?$"
    ),
    "KmsKeyId": Constraint(kind="string", min=1, max=2048),
    "Score": Constraint(kind="integer", min=0, max=100),
    "MaxResultsForList": Constraint(kind="integer", min=1, max=100),
    "EnrollmentJobFraudDetectionConfigWatchlistIds": Constraint(
        kind="list", min=1, max=1, member="WatchlistId"
    ),
    "RegistrationConfigWatchlistIds": Constraint(kind="list", min=1, max=1, member="WatchlistId"),
    "ExistingEnrollmentAction": Constraint(kind="enum", enum=ExistingEnrollmentAction),
    "FraudDetectionAction": Constraint(kind="enum", enum=FraudDetectionAction),
    "DuplicateRegistrationAction": Constraint(kind="enum", enum=DuplicateRegistrationAction),
    "SpeakerEnrollmentJobStatus": Constraint(kind="enum", enum=JobStatus),
    "FraudsterRegistrationJobStatus": Constraint(kind="enum", enum=JobStatus),
    # Names of our own: one rule shared by shapes the model spells twice.
    "JobStatus": Constraint(kind="enum", enum=JobStatus),
    # Shapes of the batch input manifest, from the service's documentation.
    "ManifestVersion": Constraint(kind="string", min=3, max=3, pattern=r"^1\.0$"),
    "ManifestRequestId": Constraint(kind="string", min=1),
    "ManifestSpeakerId": Constraint(kind="string", min=1, max=256, pattern=_NAME, sensitive=True),
    "ManifestAudioS3Uri": Constraint(
        kind="string",
        min=0,
        max=1024,
        pattern=r"^s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]/.*\.wav$",
    ),
    "ManifestChannelId": Constraint(kind="integer", min=0, max=1),
    "ManifestAudioSpecifications": Constraint(kind="list", min=1, max=10),
    "ManifestSpeakerEnrollmentRequests": Constraint(kind="list", min=1, max=10_000),
    "ManifestFraudsterRegistrationRequests": Constraint(kind="list", min=1, max=500),
}
"""Every client-side rule, keyed by shape name."""


def shape(name: str) -> dict[str, str]:
    """Field metadata that ties a model field to its shape in :data:`CONSTRAINTS`.

    A name that is not in the table ties the field to a nested model or to nothing
    checked; it still records which service shape the field mirrors.
    """
    return {"shape": name}


# --- Checking one value -------------------------------------------------------------

Checker = Callable[[object, str], object]
"""Checks a value for the field at a path; returns it, normalised (str to enum, list to tuple)."""

_checkers: dict[str, Checker] = {}


def check_value(value: object, shape_name: str, path: str) -> object:
    """Check a present value against its shape; return it normalised.

    Raises:
        InvalidParameterError: naming ``path``, the rule and the value.
    """
    checker = _checkers.get(shape_name)
    if checker is None:
        checker = _checkers[shape_name] = _make_checker(CONSTRAINTS[shape_name])
    return checker(value, path)


def _length_rule(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and low == high:
        return f"must be exactly {low} {unit} long"
    if high is None:
        return f"must be at least {low} {unit} long"
    if not low:
        return f"must be at most {high} {unit} long"
    return f"must be {low} to {high} {unit} long"


def _make_checker(rule: Constraint) -> Checker:  # noqa: C901 - one branch per kind reads best
    low, high, sensitive = rule.min, rule.max, rule.sensitive

    def fail(path: str, value: object, text: str) -> InvalidParameterError:
        return InvalidParameterError(path, value, text, sensitive=sensitive)

    if rule.kind == "string":
        matcher = re.compile(rule.pattern).fullmatch if rule.pattern else None
        length_rule = _length_rule(low, high, "characters")

        def check_string(value: object, path: str) -> object:
            if not isinstance(value, str):
                raise fail(path, value, "must be a str")
            if (low is not None and len(value) < low) or (high is not None and len(value) > high):
                raise fail(path, value, length_rule)
            if matcher is not None and matcher(value) is None:
                raise fail(path, value, f"must match {rule.pattern}")
            return value

        return check_string

    if rule.kind == "integer":
        range_rule = f"must be an integer from {low} to {high}"

        def check_integer(value: object, path: str) -> object:
            if not isinstance(value, int) or isinstance(value, bool):
                raise fail(path, value, range_rule)
            if (low is not None and value < low) or (high is not None and value > high):
                raise fail(path, value, range_rule)
            return value

        return check_integer

    if rule.kind == "enum":
        enum_cls = rule.enum
        assert enum_cls is not None  # noqa: S101 - the table is ours
        enum_rule = "must be one of " + ", ".join(enum_cls.__members__.values())

        def check_enum(value: object, path: str) -> object:
            if not isinstance(value, str):
                raise fail(path, value, enum_rule)
            member = enum_cls(value)
            if member.is_unknown:
                raise fail(path, value, enum_rule)
            return member

        return check_enum

    member_shape = rule.member
    count_rule = (
        f"must hold exactly {low} item{'s' if low != 1 else ''}"
        if low == high
        else f"must hold {low} to {high} items"
    )

    def check_list(value: object, path: str) -> object:
        if not isinstance(value, (list, tuple)):
            raise fail(path, value, "must be a tuple")
        items = tuple(cast("Iterable[object]", value))
        if (low is not None and len(items) < low) or (high is not None and len(items) > high):
            count = len(items)
            shown = f"{count} item{'s' if count != 1 else ''}"
            raise InvalidParameterError(path, items, count_rule, shown=shown)
        if member_shape is not None:
            items = tuple(
                check_value(item, member_shape, f"{path}[{index}]")
                for index, item in enumerate(items)
            )
        return items

    return check_list


# --- Checking a whole model ---------------------------------------------------------


@attrs.frozen
class _FieldPlan:
    name: str
    shape: str | None
    """The field's shape in CONSTRAINTS, or None when the table has no rule for it."""
    required: bool
    model: type[Any] | None
    """The attrs class of a nested model field (or of its items)."""
    many: bool
    """The field is a tuple (of values or of models)."""


_plans: dict[type[Any], tuple[_FieldPlan, ...]] = {}


def _plan(cls: type[Any]) -> tuple[_FieldPlan, ...]:
    plan = _plans.get(cls)
    if plan is None:
        attrs.resolve_types(cls)
        plan = _plans[cls] = tuple(_field_plan(field) for field in attrs.fields(cls))
    return plan


def _field_plan(field: attrs.Attribute[Any]) -> _FieldPlan:
    annotation: Any = field.type
    options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(options) == 1:
        annotation = options[0]
    many = typing.get_origin(annotation) is tuple
    if many:
        annotation = typing.get_args(annotation)[0]
    shape_name = field.metadata.get("shape")
    return _FieldPlan(
        name=field.name,
        shape=shape_name if shape_name in CONSTRAINTS else None,
        required=field.default is attrs.NOTHING,
        model=annotation if isinstance(annotation, type) and attrs.has(annotation) else None,
        many=many,
    )


def validate(model: object, prefix: str = "", *, deep: bool = False) -> None:
    """Check every field of an attrs model against the table.

    Plain strings for enum fields become enum members, and lists become tuples, in
    place (the models are frozen; this is the one place that writes to them).

    Args:
        model: the model to check.
        prefix: the dotted path of the model itself, e.g. ``enrollment_config.``.
        deep: also check nested models (the client does: a model the converter built
            from a response was never checked; a constructor need not, the nested
            models it is given checked themselves when they were built).

    Raises:
        InvalidParameterError: for the first field that breaks a rule.
    """
    if (_deep_check if deep else fast_check)(type(model))(model):
        return
    for plan in _plan(type(model)):
        value = getattr(model, plan.name)
        path = prefix + plan.name
        if value is None:
            if plan.required:
                raise InvalidParameterError(path, value, "is required")
            continue
        if plan.many and value == () and not plan.required:
            continue
        normalised = value
        if plan.shape is not None:
            normalised = check_value(value, plan.shape, path)
        if plan.model is not None:
            normalised = _check_models(normalised, plan.model, many=plan.many, path=path, deep=deep)
        if normalised is not value:
            object.__setattr__(model, plan.name, normalised)


def _check_models(value: object, cls: type[Any], *, many: bool, path: str, deep: bool) -> object:
    if not many:
        if not isinstance(value, cls):
            raise InvalidParameterError(path, value, f"must be of type {cls.__name__}")
        if deep:
            validate(value, path + ".", deep=True)
        return value
    if not isinstance(value, (list, tuple)):
        raise InvalidParameterError(path, value, f"must be a tuple of {cls.__name__}")
    items = tuple(cast("Iterable[object]", value))
    for index, item in enumerate(items):
        _check_models(item, cls, many=False, path=f"{path}[{index}]", deep=deep)
    return items


# --- The fast path: a check compiled per class ---------------------------------------

_fast_checks: dict[type[Any], Callable[[Any], bool]] = {}
"""The compiled check of each ``Checked`` class, made on its first construction."""


def fast_check(cls: type[Any]) -> Callable[[Any], bool]:
    """A check of a model's own fields, compiled for ``cls`` from the table.

    It returns True when straight-line code proves every field valid (the common
    case). False means "not proven": a bad value, or one to normalise (a plain string
    for an enum, a list for a tuple); :func:`validate` then normalises it or raises
    the precise error.
    """
    check = _fast_checks.get(cls)
    if check is None:
        check = _fast_checks[cls] = _compile_fast_check(cls)
    return check


def _fast_condition(plan: _FieldPlan, index: int, names: dict[str, Any]) -> str:  # noqa: PLR0911
    """A Python expression, true when the field's value ``v`` may be bad."""
    if plan.shape is None:
        if plan.model is None:
            return "False"
        names[f"_model{index}"] = plan.model
        return "v.__class__ is not tuple" if plan.many else f"v.__class__ is not _model{index}"
    rule = CONSTRAINTS[plan.shape]
    low = 0 if rule.min is None else rule.min
    high = "" if rule.max is None else f" <= {rule.max}"
    if rule.kind == "string":
        parts = ["v.__class__ is not str"]
        if low or high:
            parts.append(f"not ({low} <= len(v){high})")
        if rule.pattern:
            names[f"_match{index}"] = re.compile(rule.pattern).fullmatch
            parts.append(f"_match{index}(v) is None")
        return " or ".join(parts)
    if rule.kind == "integer":
        return f"v.__class__ is not int or not ({low} <= v{high})"
    if rule.kind == "enum":
        names[f"_enum{index}"] = rule.enum
        names[f"_known{index}"] = frozenset(rule.enum.__members__.values()) if rule.enum else ()
        return f"v.__class__ is not _enum{index} or v not in _known{index}"
    if plan.model is None:
        return "True"  # a list of plain values: the generic check, item by item
    names[f"_model{index}"] = plan.model
    return f"v.__class__ is not tuple or not ({low} <= len(v){high})"


def _compile_fast_check(cls: type[Any], *, deep: bool = False) -> Callable[[Any], bool]:
    names: dict[str, Any] = {}
    lines = ["def check(self):"]
    for index, plan in enumerate(_plan(cls)):
        bad = _fast_condition(plan, index, names)
        if bad == "False":
            continue
        lines.append(f"    v = self.{plan.name}")
        if plan.required:  # None fails every class test below; "True" sends it to _slow too
            lines.append(f"    if {bad}:")
        elif plan.many:
            lines.append(f"    if v is not None and v != () and ({bad}):")
        else:
            lines.append(f"    if v is not None and ({bad}):")
        lines.append("        return False")
        if plan.model is None:
            continue
        test = f"_deep{index}(item)" if deep else "True"
        if deep:
            names[f"_deep{index}"] = _deep_check(plan.model)
        if plan.many:
            lines.append("    for item in v or ():")
            lines.append(f"        if item.__class__ is not _model{index} or not {test}:")
            lines.append("            return False")
        elif deep:
            lines.append(f"    if v is not None and not _deep{index}(v):")
            lines.append("        return False")
    lines.append("    return True")
    exec("\n".join(lines), names)  # noqa: S102 - code made from our own table
    check: Callable[[Any], bool] = names["check"]
    return check


_deep_checks: dict[type[Any], Callable[[Any], bool]] = {}


def _deep_check(cls: type[Any]) -> Callable[[Any], bool]:
    """Like :func:`fast_check`, for a model and every model nested in it."""
    check = _deep_checks.get(cls)
    if check is None:
        check = _deep_checks[cls] = _compile_fast_check(cls, deep=True)
    return check


class Checked:
    """Mixin for models that check their fields when they are constructed.

    The converter builds response models without calling ``__init__``, so a response
    is never rejected for its values.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        if not (_fast_checks.get(self.__class__) or fast_check(self.__class__))(self):
            validate(self)
