"""The constraint table and the models, held against botocore's voice-id service model.

A botocore update that changes a rule, adds a member or drops one fails here.
"""

from __future__ import annotations

from typing import Any

import attrs
import botocore.session
import pytest
from botocore import xform_name

from voiceid_jobs import (
    EnrollmentConfig,
    FailureDetails,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    JobProgress,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from voiceid_jobs._constraints import CONSTRAINTS, Constraint
from voiceid_jobs._converters import member_name
from voiceid_jobs._kinds import KINDS
from voiceid_jobs._requests import (
    DescribeJobRequest,
    ListJobsRequest,
    StartFraudsterRegistrationJobRequest,
    StartSpeakerEnrollmentJobRequest,
)

SERVICE = botocore.session.get_session().get_service_model("voice-id")

OPERATIONS = [
    "StartSpeakerEnrollmentJob",
    "StartFraudsterRegistrationJob",
    "DescribeSpeakerEnrollmentJob",
    "DescribeFraudsterRegistrationJob",
    "ListSpeakerEnrollmentJobs",
    "ListFraudsterRegistrationJobs",
]

MODELS: dict[str, type[Any]] = {
    "StartSpeakerEnrollmentJobRequest": StartSpeakerEnrollmentJobRequest,
    "StartFraudsterRegistrationJobRequest": StartFraudsterRegistrationJobRequest,
    "DescribeSpeakerEnrollmentJobRequest": DescribeJobRequest,
    "DescribeFraudsterRegistrationJobRequest": DescribeJobRequest,
    "ListSpeakerEnrollmentJobsRequest": ListJobsRequest,
    "ListFraudsterRegistrationJobsRequest": ListJobsRequest,
    "InputDataConfig": InputDataConfig,
    "OutputDataConfig": OutputDataConfig,
    "EnrollmentConfig": EnrollmentConfig,
    "EnrollmentJobFraudDetectionConfig": FraudDetectionConfig,
    "RegistrationConfig": RegistrationConfig,
    "SpeakerEnrollmentJob": SpeakerEnrollmentJob,
    "FraudsterRegistrationJob": FraudsterRegistrationJob,
    "SpeakerEnrollmentJobSummary": SpeakerEnrollmentJobSummary,
    "FraudsterRegistrationJobSummary": FraudsterRegistrationJobSummary,
    "JobProgress": JobProgress,
    "FailureDetails": FailureDetails,
}
"""Each structure the six operations use, and the model that mirrors it."""

NOT_FIELDS = {
    ("ListSpeakerEnrollmentJobsRequest", "NextToken"): None,
    ("ListFraudsterRegistrationJobsRequest", "NextToken"): None,
    ("ListSpeakerEnrollmentJobsRequest", "MaxResults"): "MaxResultsForList",
    ("ListFraudsterRegistrationJobsRequest", "MaxResults"): "MaxResultsForList",
}
"""Members handled by the client rather than a model field: NextToken by botocore's
paginator, MaxResults by the ``page_size`` argument (checked against the named shape)."""


def structures() -> list[Any]:
    """Every structure shape reachable from the six operations' inputs and outputs."""
    found: dict[str, Any] = {}

    def walk(shape: Any) -> None:
        if shape.type_name == "structure" and shape.name not in found:
            found[shape.name] = shape
            for member in shape.members.values():
                walk(member)
        elif shape.type_name == "list":
            walk(shape.member)

    for name in OPERATIONS:
        operation = SERVICE.operation_model(name)
        walk(operation.input_shape)
        walk(operation.output_shape)
    return [shape for name, shape in sorted(found.items()) if not name.endswith("Response")]


def botocore_rule(shape: Any) -> Constraint | None:
    """The rule botocore's model gives a shape, in our table's terms (None: no rule)."""
    meta = shape.metadata
    if shape.type_name == "string" and shape.enum:
        return Constraint(type_name="enum")
    if shape.type_name == "list" and ("min" in meta or "max" in meta):
        return Constraint(
            type_name="list", min=meta.get("min"), max=meta.get("max"), member=shape.member.name
        )
    if shape.type_name in ("string", "integer") and ({"min", "max", "pattern"} & set(meta)):
        if shape.type_name == "string" and meta.get("min") == 1 and set(meta) == {"min"}:
            return None  # botocore checks a minimum length of 1 itself; no rule of ours needed
        return Constraint(
            type_name=shape.type_name,
            min=meta.get("min"),
            max=meta.get("max"),
            pattern=meta.get("pattern"),
        )
    return None


def assert_same_rule(ours: Constraint, shape: Any, where: str) -> None:
    theirs = botocore_rule(shape)
    assert theirs is not None, f"{where}: botocore has no rule, ours is {ours}"
    assert ours.type_name == theirs.type_name, where
    if ours.type_name == "enum":
        assert ours.enum is not None
        assert set(ours.enum.__members__.values()) == set(shape.enum), where
        return
    assert (ours.min, ours.max, ours.pattern) == (theirs.min, theirs.max, theirs.pattern), where
    if ours.type_name == "list":
        assert ours.member is not None
        assert_same_rule(CONSTRAINTS[ours.member], shape.member, f"{where}[]")
    assert ours.sensitive == bool(
        shape.serialization.get("sensitive") or shape.metadata.get("sensitive")
    ), where


@pytest.mark.parametrize("structure", structures(), ids=lambda shape: shape.name)
def test_every_structure_is_mirrored_member_for_member(structure: Any) -> None:
    model = MODELS[structure.name]
    modeled = {member_name(field.name) for field in attrs.fields(model)}

    missing = [
        name
        for name in structure.members
        if name not in modeled and (structure.name, name) not in NOT_FIELDS
    ]
    invented = [name for name in modeled if name not in structure.members]
    assert missing == [], f"{structure.name} members with no field"
    assert invented == [], f"{model.__name__} fields the service does not have"


@pytest.mark.parametrize("structure", structures(), ids=lambda shape: shape.name)
def test_every_constrained_member_has_the_same_rule_as_botocore(structure: Any) -> None:
    model = MODELS[structure.name]
    fields = {member_name(field.name): field for field in attrs.fields(model)}
    for name, member in structure.members.items():
        where = f"{structure.name}.{name}"
        if (structure.name, name) in NOT_FIELDS:
            shape_name = NOT_FIELDS[structure.name, name]
            if shape_name is None:
                continue  # the paginator's own member: never given by a caller
        else:
            shape_name = fields[name].metadata.get("shape")
        if botocore_rule(member) is None:
            assert shape_name not in CONSTRAINTS or CONSTRAINTS[shape_name].type_name == "enum", (
                where
            )
            continue
        assert shape_name in CONSTRAINTS, f"{where} ({member.name}) has no rule in CONSTRAINTS"
        assert_same_rule(CONSTRAINTS[shape_name], member, where)


@pytest.mark.parametrize("structure", structures(), ids=lambda shape: shape.name)
def test_required_members_are_required_fields(structure: Any) -> None:
    model = MODELS[structure.name]
    required = {
        member_name(field.name) for field in attrs.fields(model) if field.default is attrs.NOTHING
    }

    assert set(structure.required_members) <= required
    # ClientToken is optional to the service; the client always sends one, made if not given.
    assert required - set(structure.required_members) <= {"ClientToken"}


def test_every_service_shape_in_the_table_exists_in_botocore_with_the_same_rule() -> None:
    ours_only = {"JobStatus"}
    for name, rule in CONSTRAINTS.items():
        if name.startswith("Manifest") or name in ours_only:
            continue
        assert name in SERVICE.shape_names, name
        assert_same_rule(rule, SERVICE.shape_for(name), name)


def test_field_names_are_the_snake_case_of_the_member_names() -> None:
    for structure in structures():
        model = MODELS[structure.name]
        for field in attrs.fields(model):
            assert member_name(field.name) in structure.members, f"{model.__name__}.{field.name}"


def test_each_kinds_operations_are_the_services_spelled_as_boto3_and_the_service_do() -> None:
    named = {
        (method, operation)
        for kind in KINDS
        for method, operation in (
            (kind.start_method, kind.start_operation),
            (kind.describe_method, kind.describe_operation),
            (kind.list_method, kind.list_operation),
        )
    }

    assert {operation for _, operation in named} == set(OPERATIONS)
    assert all(operation in SERVICE.operation_names for _, operation in named)
    assert all(method == xform_name(operation) for method, operation in named)
