"""Models: conversion both ways, forward compatibility, redaction, derived properties."""

from __future__ import annotations

import datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voiceid_jobs import (
    EnrollmentConfig,
    EnrollmentStatus,
    ExistingEnrollmentAction,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    RegistrationStatus,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from voiceid_jobs._constraints import CONSTRAINTS
from voiceid_jobs._converters import from_boto, member_name, to_boto

import strategies
from samples import DOMAIN_ID, JOB_ID, enrollment_job_response, registration_job_response

# --- Round trips --------------------------------------------------------------------


@given(
    st.one_of(
        strategies.input_configs,
        strategies.output_configs,
        strategies.fraud_detection_configs,
        strategies.enrollment_configs,
        strategies.registration_configs,
        strategies.enrollment_jobs,
        strategies.registration_jobs,
    )
)
def test_any_valid_model_round_trips_through_the_boto_dict(model: attrs.AttrsInstance) -> None:
    assert from_boto(to_boto(model), type(model)) == model


@given(strategies.enrollment_configs)
def test_a_request_carries_only_what_the_caller_set(config: EnrollmentConfig) -> None:
    def has_no_empty_values(value: object) -> bool:
        if isinstance(value, dict):
            return all(v is not None and v != [] and has_no_empty_values(v) for v in value.values())
        return True

    data = to_boto(config)

    assert has_no_empty_values(data)
    assert ("ExistingEnrollmentAction" in data) == (config.existing_enrollment_action is not None)
    assert ("FraudDetectionConfig" in data) == (config.fraud_detection_config is not None)


def test_an_empty_config_is_an_empty_dict_so_the_service_defaults_apply() -> None:
    assert to_boto(EnrollmentConfig()) == {}
    assert to_boto(FraudDetectionConfig()) == {}
    assert to_boto(RegistrationConfig()) == {}


def test_a_request_dict_holds_plain_strings_and_lists() -> None:
    data = to_boto(FraudDetectionConfig(fraud_detection_action="FAIL", watchlist_ids=("W" * 22,)))

    assert type(data["FraudDetectionAction"]) is str
    assert type(data["WatchlistIds"]) is list


def test_member_names_are_generated_from_field_names() -> None:
    assert member_name("s3_uri") == "S3Uri"
    assert member_name("kms_key_id") == "KmsKeyId"
    assert member_name("fraudster_similarity_threshold") == "FraudsterSimilarityThreshold"


# --- Forward compatibility ----------------------------------------------------------


def test_an_unknown_job_status_is_kept_and_flagged() -> None:
    job = from_boto({"JobId": JOB_ID, "JobStatus": "PAUSED"}, SpeakerEnrollmentJob)

    assert job.job_status == "PAUSED"
    assert job.job_status is not None
    assert job.job_status.is_unknown
    assert not job.job_status.is_terminal
    assert not job.is_terminal
    assert str(job.job_status) == "PAUSED"
    assert to_boto(job)["JobStatus"] == "PAUSED"


def test_unknown_enum_values_in_configs_are_kept_and_sent_back_unchanged() -> None:
    job = from_boto(
        {"RegistrationConfig": {"DuplicateRegistrationAction": "MERGE"}}, FraudsterRegistrationJob
    )

    assert job.registration_config is not None
    assert job.registration_config.duplicate_registration_action == "MERGE"
    assert to_boto(job)["RegistrationConfig"] == {"DuplicateRegistrationAction": "MERGE"}


def test_unknown_extra_members_are_ignored() -> None:
    data = enrollment_job_response(
        Tags=[{"Key": "k"}],
        EnrollmentConfig={"ExistingEnrollmentAction": "SKIP", "FutureMember": 1},
    )

    job = from_boto(data, SpeakerEnrollmentJob)

    assert job.enrollment_config == EnrollmentConfig(
        existing_enrollment_action=ExistingEnrollmentAction.SKIP
    )
    assert job.job_id == JOB_ID


@pytest.mark.parametrize(
    "cls",
    [
        SpeakerEnrollmentJob,
        FraudsterRegistrationJob,
        SpeakerEnrollmentJobSummary,
        FraudsterRegistrationJobSummary,
    ],
)
def test_every_optional_member_may_be_absent(cls: type[SpeakerEnrollmentJob]) -> None:
    job = from_boto({}, cls)

    assert all(getattr(job, field.name) is None for field in attrs.fields(cls))
    assert job.is_terminal is False
    assert job.percent_complete is None


def test_response_values_out_of_range_are_not_rejected() -> None:
    job = from_boto(
        {
            "JobId": "not-22",
            "JobProgress": {"PercentComplete": 250},
            "InputDataConfig": {"S3Uri": "gs://elsewhere"},
            "EnrollmentConfig": {"FraudDetectionConfig": {"WatchlistIds": ["a", "b", "c"]}},
        },
        SpeakerEnrollmentJob,
    )

    assert job.job_id == "not-22"
    assert job.percent_complete == 250
    assert job.input_data_config == from_boto({"S3Uri": "gs://elsewhere"}, InputDataConfig)


def test_iso_strings_and_epoch_numbers_structure_to_aware_datetimes() -> None:
    from_iso = from_boto({"CreatedAt": "2026-01-02T03:04:05Z"}, SpeakerEnrollmentJob)
    from_epoch = from_boto({"CreatedAt": 0}, SpeakerEnrollmentJob)

    assert from_iso.created_at == datetime.datetime(
        2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc
    )
    assert from_epoch.created_at == datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def test_an_unparseable_timestamp_is_an_error() -> None:
    with pytest.raises(TypeError):
        from_boto({"CreatedAt": [2026]}, SpeakerEnrollmentJob)


# --- Enums --------------------------------------------------------------------------


def test_job_status_knows_which_statuses_are_terminal() -> None:
    terminal = {status for status in JobStatus if status.is_terminal}

    assert terminal == {JobStatus.COMPLETED, JobStatus.COMPLETED_WITH_ERRORS, JobStatus.FAILED}


def test_known_members_are_not_unknown_and_equal_their_strings() -> None:
    assert not JobStatus.SUBMITTED.is_unknown
    assert JobStatus.SUBMITTED == "SUBMITTED"
    assert f"{JobStatus.SUBMITTED}" == "SUBMITTED"
    assert EnrollmentStatus("NEW_ENROLLMENT") is EnrollmentStatus.NEW_ENROLLMENT


def test_both_spellings_of_the_new_registration_status_are_one_member() -> None:
    assert RegistrationStatus("NEW_FRAUDSTER") is RegistrationStatus.NEW_REGISTRATION
    assert RegistrationStatus("NEW_REGISTRATION") is RegistrationStatus.NEW_REGISTRATION
    assert not RegistrationStatus("NEW_FRAUDSTER").is_unknown


def test_a_non_string_is_still_not_an_enum_value() -> None:
    with pytest.raises(ValueError, match="not a valid JobStatus"):
        JobStatus(3)  # type: ignore[arg-type]


# --- Redaction, immutability, derived values ----------------------------------------


@pytest.mark.parametrize(
    "model",
    [
        from_boto(enrollment_job_response(), SpeakerEnrollmentJob),
        from_boto(registration_job_response(), FraudsterRegistrationJob),
        from_boto(enrollment_job_response(), SpeakerEnrollmentJobSummary),
        from_boto(registration_job_response(), FraudsterRegistrationJobSummary),
    ],
    ids=lambda model: type(model).__name__,
)
def test_repr_and_str_mask_the_job_name(model: object) -> None:
    name = getattr(model, "job_name")  # noqa: B009
    assert name in {"nightly-enrollment", "fraudsters"}

    assert name not in repr(model)
    assert name not in str(model)
    assert "job_name='***'" in repr(model)


def test_models_are_frozen_and_keyword_only() -> None:
    config = InputDataConfig(s3_uri="s3://bucket/key.json")

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        config.s3_uri = "s3://bucket/other.json"  # type: ignore[misc]
    with pytest.raises(TypeError):
        InputDataConfig("s3://bucket/key.json")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("input_uri", "output_uri", "expected"),
    [
        (
            "s3://in-bucket/a/input-file.json",
            "s3://out/folder",
            "s3://out/folder/{job}/input-file.json.out",
        ),
        ("s3://in-bucket/input.json", "s3://out/folder/", "s3://out/folder/{job}/input.json.out"),
        ("s3://in-bucket/input.json", "s3://out", "s3://out/{job}/input.json.out"),
    ],
)
def test_output_file_uri_follows_the_documented_layout(
    input_uri: str, output_uri: str, expected: str
) -> None:
    job = SpeakerEnrollmentJob(
        job_id=JOB_ID,
        domain_id=DOMAIN_ID,
        input_data_config=InputDataConfig(s3_uri=input_uri),
        output_data_config=OutputDataConfig(s3_uri=output_uri),
    )

    assert job.output_file_uri == expected.format(job=JOB_ID)


def _public_models() -> list[type[Any]]:
    import voiceid_jobs

    classes = (getattr(voiceid_jobs, name) for name in voiceid_jobs.__all__)
    return [cls for cls in classes if isinstance(cls, type) and attrs.has(cls)]


def _sensitive_fields(cls: type[Any]) -> list[str]:
    return [
        field.name
        for field in attrs.fields(cls)
        if field.metadata.get("shape") in CONSTRAINTS
        and CONSTRAINTS[field.metadata["shape"]].sensitive
    ]


def test_the_sensitive_fields_are_the_documented_personal_data() -> None:
    masked = {
        f"{cls.__name__}.{name}" for cls in _public_models() for name in _sensitive_fields(cls)
    }

    assert {name.rsplit(".", 1)[1] for name in masked} == {
        "job_name",
        "speaker_id",
        "customer_speaker_id",
    }
    assert "SpeakerEnrollmentJobSummary.job_name" in masked


@pytest.mark.parametrize("cls", _public_models(), ids=lambda cls: cls.__name__)
def test_every_sensitive_field_of_every_model_is_masked_in_repr_and_str(cls: type[Any]) -> None:
    instance = object.__new__(cls)
    for field in attrs.fields(cls):
        object.__setattr__(instance, field.name, None)
    for name in _sensitive_fields(cls):
        object.__setattr__(instance, name, "personal-data-123")

    assert "personal-data-123" not in repr(instance)
    assert "personal-data-123" not in str(instance)
