"""Every documented constraint is checked before anything is sent."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from typing import Any

import pytest
from botocore.stub import Stubber
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from voiceid_jobs import (
    EnrollmentConfig,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    InputDataConfig,
    InvalidParameterError,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    VoiceIdJobsClient,
)
from voiceid_jobs._converters import from_boto

from samples import DOMAIN_ID, INPUT_URI, JOB_ID, OUTPUT_URI, ROLE_ARN, WATCHLIST_ID

GOOD_START: dict[str, Any] = {
    "domain_id": DOMAIN_ID,
    "data_access_role_arn": ROLE_ARN,
    "input_data_config": InputDataConfig(s3_uri=INPUT_URI),
    "output_data_config": OutputDataConfig(s3_uri=OUTPUT_URI),
}


@pytest.fixture
def sent(jobs: VoiceIdJobsClient) -> list[str]:
    """The operations the client tried to send (there is no stubbed answer to any)."""
    operations: list[str] = []
    jobs.client.meta.events.register(
        "before-parameter-build.voice-id",
        lambda model, **_: operations.append(model.name),
    )
    return operations


@pytest.mark.parametrize(
    ("arguments", "field", "rule"),
    [
        ({"domain_id": "a" * 21}, "domain_id", "must be exactly 22 characters long"),
        ({"domain_id": "a" * 23}, "domain_id", "must be exactly 22 characters long"),
        ({"domain_id": "a" * 21 + "-"}, "domain_id", "must match ^[a-zA-Z0-9]{22}$"),
        ({"domain_id": "a" * 21 + "\n"}, "domain_id", "must match ^[a-zA-Z0-9]{22}$"),
        ({"domain_id": 12345}, "domain_id", "must be a str"),
        ({"domain_id": None}, "domain_id", "is required"),
        (
            {"data_access_role_arn": "arn:aws:iam::1234:role/x"},
            "data_access_role_arn",
            "must match",
        ),
        ({"data_access_role_arn": "arn:aws:iam::1"}, "data_access_role_arn", "20 to 2048"),
        ({"job_name": "_starts-with-underscore"}, "job_name", "must match"),
        ({"job_name": "x" * 257}, "job_name", "must be 1 to 256 characters long"),
        ({"job_name": ""}, "job_name", "must be 1 to 256 characters long"),
        ({"client_token": ""}, "client_token", "must be 1 to 64 characters long"),
        ({"client_token": "t" * 65}, "client_token", "must be 1 to 64 characters long"),
        ({"client_token": "has space"}, "client_token", "must match ^[a-zA-Z0-9-_]+$"),
        (
            {"input_data_config": "s3://bucket/key"},
            "input_data_config",
            "must be of type InputDataConfig",
        ),
        ({"input_data_config": None}, "input_data_config", "is required"),
        (
            {"enrollment_config": {"ExistingEnrollmentAction": "SKIP"}},
            "enrollment_config",
            "must be",
        ),
    ],
)
def test_start_rejects_a_bad_argument_naming_field_rule_and_value(
    jobs: VoiceIdJobsClient, sent: list[str], arguments: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_speaker_enrollment_job(**{**GOOD_START, **arguments})

    assert caught.value.field == field
    assert rule in caught.value.rule
    assert caught.value.value == next(iter(arguments.values()))
    assert str(caught.value).startswith(f"{field}: ")
    assert sent == []


def test_a_sensitive_value_is_not_shown_in_the_message(jobs: VoiceIdJobsClient) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_speaker_enrollment_job(**GOOD_START, job_name="Mallory Smith")

    assert "Mallory" not in str(caught.value)
    assert "13 characters" in str(caught.value)
    assert caught.value.value == "Mallory Smith"


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [
        (lambda: InputDataConfig(s3_uri="https://bucket/key"), "s3_uri", "must match"),
        (lambda: InputDataConfig(s3_uri="s3://AB/key"), "s3_uri", "must match"),
        (lambda: InputDataConfig(s3_uri="s3://bucket/" + "k" * 1013), "s3_uri", "at most 1024"),
        (lambda: OutputDataConfig(s3_uri=OUTPUT_URI, kms_key_id=""), "kms_key_id", "1 to 2048"),
        (
            lambda: OutputDataConfig(s3_uri=OUTPUT_URI, kms_key_id="k" * 2049),
            "kms_key_id",
            "1 to 2048",
        ),
        (lambda: FraudDetectionConfig(risk_threshold=-1), "risk_threshold", "from 0 to 100"),
        (lambda: FraudDetectionConfig(risk_threshold=101), "risk_threshold", "from 0 to 100"),
        (lambda: FraudDetectionConfig(risk_threshold="high"), "risk_threshold", "from 0 to 100"),
        (lambda: FraudDetectionConfig(risk_threshold=True), "risk_threshold", "from 0 to 100"),
        (lambda: FraudDetectionConfig(risk_threshold=50.0), "risk_threshold", "from 0 to 100"),
        (
            lambda: FraudDetectionConfig(watchlist_ids=(WATCHLIST_ID, WATCHLIST_ID)),
            "watchlist_ids",
            "must hold exactly 1 item",
        ),
        (
            lambda: FraudDetectionConfig(watchlist_ids=("short",)),
            "watchlist_ids[0]",
            "must be exactly 22 characters long",
        ),
        (
            lambda: FraudDetectionConfig(fraud_detection_action="DROP"),
            "fraud_detection_action",
            "must be one of FAIL, IGNORE",
        ),
        (
            lambda: EnrollmentConfig(existing_enrollment_action="REPLACE"),
            "existing_enrollment_action",
            "must be one of SKIP, OVERWRITE",
        ),
        (
            lambda: EnrollmentConfig(fraud_detection_config="FAIL"),
            "fraud_detection_config",
            "must be of type FraudDetectionConfig",
        ),
        (
            lambda: RegistrationConfig(fraudster_similarity_threshold=500),
            "fraudster_similarity_threshold",
            "from 0 to 100",
        ),
        (
            lambda: RegistrationConfig(watchlist_ids=(WATCHLIST_ID, WATCHLIST_ID)),
            "watchlist_ids",
            "must hold exactly 1 item",
        ),
        (
            lambda: RegistrationConfig(duplicate_registration_action="MERGE"),
            "duplicate_registration_action",
            "must be one of SKIP, REGISTER_AS_NEW",
        ),
        (lambda: InputDataConfig(s3_uri=None), "s3_uri", "is required"),
    ],
)
def test_models_reject_bad_values_when_constructed(
    build: Callable[[], object], field: str, rule: str
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        build()

    assert caught.value.field == field
    assert rule in caught.value.rule


def test_plain_strings_for_enums_become_members_and_lists_become_tuples() -> None:
    config = FraudDetectionConfig(fraud_detection_action="IGNORE", watchlist_ids=[WATCHLIST_ID])

    assert config.fraud_detection_action is not None
    assert config.fraud_detection_action.is_unknown is False
    assert config.fraud_detection_action == "IGNORE"
    assert config.watchlist_ids == (WATCHLIST_ID,)


def config_from_a_response() -> EnrollmentConfig:
    """A job's config as a Describe reads it, with a risk threshold the rules forbid."""
    returned = from_boto(
        {"EnrollmentConfig": {"FraudDetectionConfig": {"RiskThreshold": 500}}},
        SpeakerEnrollmentJob,
    )
    assert returned.enrollment_config is not None
    return returned.enrollment_config


def test_a_config_taken_from_a_response_is_checked_again_with_its_full_path(
    jobs: VoiceIdJobsClient, sent: list[str]
) -> None:
    config = config_from_a_response()

    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_speaker_enrollment_job(**GOOD_START, enrollment_config=config)

    assert caught.value.field == "enrollment_config.fraud_detection_config.risk_threshold"
    assert caught.value.value == 500
    assert sent == []


def test_a_config_made_around_a_config_from_a_response_is_refused_where_it_enters_the_client(
    jobs: VoiceIdJobsClient, sent: list[str]
) -> None:
    nested = config_from_a_response().fraud_detection_config
    config = EnrollmentConfig(fraud_detection_config=nested)  # its own fields are fine

    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_speaker_enrollment_job(**GOOD_START, enrollment_config=config)

    assert caught.value.field == "enrollment_config.fraud_detection_config.risk_threshold"
    assert caught.value.value == 500
    assert sent == []


def test_a_config_from_a_response_is_still_checked_after_a_pickle_round_trip(
    jobs: VoiceIdJobsClient, sent: list[str]
) -> None:
    config = config_from_a_response()
    copied = pickle.loads(pickle.dumps(config))  # noqa: S301 - our own object

    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_speaker_enrollment_job(**GOOD_START, enrollment_config=copied)

    assert caught.value.field == "enrollment_config.fraud_detection_config.risk_threshold"
    assert sent == []


def test_a_checked_config_still_equals_and_hashes_as_one_built_from_the_same_response() -> None:
    made = FraudDetectionConfig(risk_threshold=70, watchlist_ids=[WATCHLIST_ID])
    returned = from_boto(
        {"RiskThreshold": 70, "WatchlistIds": [WATCHLIST_ID]}, FraudDetectionConfig
    )

    assert made == returned
    assert hash(made) == hash(returned)
    assert pickle.loads(pickle.dumps(made)) == made  # noqa: S301 - our own object


def test_a_response_with_an_unknown_enum_value_is_refused_when_sent_back(
    jobs: VoiceIdJobsClient,
) -> None:
    returned = from_boto(
        {"RegistrationConfig": {"DuplicateRegistrationAction": "MERGE_LATER"}},
        FraudsterRegistrationJob,
    )
    assert returned.registration_config is not None

    with pytest.raises(InvalidParameterError) as caught:
        jobs.start_fraudster_registration_job(
            **GOOD_START, registration_config=returned.registration_config
        )

    assert caught.value.field == "registration_config.duplicate_registration_action"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda jobs: jobs.describe_speaker_enrollment_job(domain_id=DOMAIN_ID, job_id="x"),
            "job_id",
        ),
        (
            lambda jobs: jobs.describe_fraudster_registration_job(domain_id="x", job_id=JOB_ID),
            "domain_id",
        ),
        (
            lambda jobs: jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID, page_size=0),
            "page_size",
        ),
        (
            lambda jobs: jobs.list_fraudster_registration_jobs(domain_id=DOMAIN_ID, page_size=101),
            "page_size",
        ),
        (
            lambda jobs: jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID, job_status="DONE"),
            "job_status",
        ),
        (lambda jobs: jobs.list_fraudster_registration_jobs(domain_id="bad"), "domain_id"),
    ],
)
def test_describe_and_list_check_their_arguments_before_any_request(
    jobs: VoiceIdJobsClient,
    sent: list[str],
    call: Callable[[VoiceIdJobsClient], object],
    field: str,
) -> None:
    with pytest.raises(InvalidParameterError) as caught:
        call(jobs)

    assert caught.value.field == field
    assert sent == []


# --- The status filter ---------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(status=st.sampled_from(list(JobStatus.__members__)) | st.text(max_size=12))
def test_job_status_filter_accepts_only_known_statuses(voiceid: Any, status: str) -> None:
    jobs = VoiceIdJobsClient(voiceid)
    known = status in JobStatus.__members__
    event("known" if known else "unknown")
    with Stubber(voiceid) as stubber:
        if known:
            stubber.add_response(
                "list_speaker_enrollment_jobs",
                {"JobSummaries": []},
                {"DomainId": DOMAIN_ID, "JobStatus": status},
            )
            assert (
                list(jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID, job_status=status))
                == []
            )  # type: ignore[arg-type]
        else:
            with pytest.raises(InvalidParameterError) as caught:
                jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID, job_status=status)  # type: ignore[arg-type]
            assert caught.value.field == "job_status"
        stubber.assert_no_pending_responses()
