"""Every value botocore's service model allows is accepted; every value it forbids is refused.

The oracle is botocore's own voice-id model (patterns, lengths, ranges), never our
constraint table. Values are drawn half from the rule itself (``st.from_regex`` of the
model's pattern) and half from mutations of such values, and each example is marked
with ``event()`` so the statistics show both halves ran.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.stub import Stubber
from conftest import NO_BOTOCORE_RETRIES
from hypothesis import HealthCheck, Phase, event, find, given, settings
from hypothesis import strategies as st

from voiceid_jobs import (
    EnrollmentConfig,
    FraudDetectionConfig,
    InputDataConfig,
    InvalidParameterError,
    OutputDataConfig,
    RegistrationConfig,
    VoiceIdJobsClient,
)

from samples import (
    DOMAIN_ID,
    INPUT_URI,
    JOB_ID,
    OUTPUT_URI,
    ROLE_ARN,
    enrollment_job_response,
    summary_response,
)

MODEL = botocore.session.get_session().get_service_model("voice-id")
LONGEST = 3000
"""Past every maximum the model sets for these shapes (2048)."""


def limits(shape_name: str) -> tuple[int, int, str | None]:
    """The least and greatest length (or value) and the pattern the model gives a shape."""
    metadata = MODEL.shape_for(shape_name).metadata
    return metadata.get("min", 0), metadata.get("max", LONGEST), metadata.get("pattern")


def allowed(shape_name: str, value: object) -> bool:
    """Whether botocore's model allows ``value`` for the shape."""
    low, high, pattern = limits(shape_name)
    if MODEL.shape_for(shape_name).type_name == "integer":
        return type(value) is int and low <= value <= high
    if not isinstance(value, str) or not low <= len(value) <= high:
        return False
    return pattern is None or re.fullmatch(pattern, value) is not None


def _mutate(value: str, choice: int, position: int, character: str) -> str:
    index = position % (len(value) + 1)
    mutations = [
        value[:index] + character + value[index:],  # insert
        value[:index] + value[index + 1 :],  # delete
        value[:index] + character + value[index + 1 :],  # replace
        value[:index],  # truncate
        value * (LONGEST // max(1, len(value))),  # too long
    ]
    return mutations[choice % len(mutations)]


def around(shape_name: str) -> st.SearchStrategy[str]:
    """Values the shape allows, from its own pattern, mixed with mutations of them."""
    low, high, pattern = limits(shape_name)
    if pattern is None:
        valid = st.text(min_size=low, max_size=min(high, 64))
    else:
        valid = st.from_regex(pattern, fullmatch=True).filter(lambda v: low <= len(v) <= high)
    characters = st.sampled_from(["-", "_", " ", "\n", "/", ":", "é", "A", "0", "\x1b"])
    mutated = st.builds(_mutate, valid, st.integers(0, 4), st.integers(0, 300), characters)
    return st.one_of(valid, mutated)


def numbers_around(shape_name: str) -> st.SearchStrategy[object]:
    low, high, _ = limits(shape_name)
    return st.one_of(
        st.integers(low, high),
        st.integers(low - 5, high + 5),
        st.floats(low, high),
        st.booleans(),
        st.text(st.sampled_from("0123456789"), min_size=1, max_size=3),
    )


relaxed = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _client() -> tuple[VoiceIdJobsClient, Stubber]:
    voiceid = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    return VoiceIdJobsClient(voiceid), Stubber(voiceid)


def _check(shape_name: str, value: object, field: str, call: Callable[[], object]) -> None:
    """``call`` succeeds when the model allows ``value``, else refuses it naming ``field``."""
    if allowed(shape_name, value):
        event("allowed")
        call()
    else:
        event("refused")
        with pytest.raises(InvalidParameterError) as caught:
            call()
        assert caught.value.field.endswith(field)


# --- The strategies reach both halves -------------------------------------------------

SHAPES = ["DomainId", "JobId", "WatchlistId", "JobName", "ClientTokenString", "IamRoleArn", "S3Uri"]


@pytest.mark.slow
@pytest.mark.parametrize("shape_name", SHAPES)
def test_each_strategy_yields_values_the_model_allows_and_values_it_forbids(
    shape_name: str,
) -> None:
    strategy = around(shape_name)
    first = settings(phases=[Phase.generate], database=None)  # found is enough: no shrinking

    assert allowed(shape_name, find(strategy, lambda v: allowed(shape_name, v), settings=first))
    assert not allowed(
        shape_name, find(strategy, lambda v: not allowed(shape_name, v), settings=first)
    )


# --- Describe: the ids ----------------------------------------------------------------


@relaxed
@given(domain_id=around("DomainId"), job_id=around("JobId"))
def test_describe_accepts_exactly_the_ids_the_model_allows(domain_id: str, job_id: str) -> None:
    jobs, stubber = _client()
    both = allowed("DomainId", domain_id) and allowed("JobId", job_id)
    event("allowed" if both else "refused")
    with stubber:
        if both:
            stubber.add_response(
                "describe_speaker_enrollment_job",
                {"Job": {"JobId": job_id}},
                {"DomainId": domain_id, "JobId": job_id},
            )
            assert (
                jobs.describe_speaker_enrollment_job(domain_id=domain_id, job_id=job_id).job_id
                == job_id
            )
        else:
            with pytest.raises(InvalidParameterError) as caught:
                jobs.describe_speaker_enrollment_job(domain_id=domain_id, job_id=job_id)
            expected = "domain_id" if not allowed("DomainId", domain_id) else "job_id"
            assert caught.value.field == expected
        stubber.assert_no_pending_responses()


# --- Start: every member with a rule --------------------------------------------------

START: dict[str, Any] = {
    "domain_id": DOMAIN_ID,
    "data_access_role_arn": ROLE_ARN,
    "input_data_config": InputDataConfig(s3_uri=INPUT_URI),
    "output_data_config": OutputDataConfig(s3_uri=OUTPUT_URI),
}

MEMBERS: list[tuple[str, str, Callable[[Any], dict[str, Any]]]] = [
    ("DomainId", "domain_id", lambda v: {"domain_id": v}),
    ("IamRoleArn", "data_access_role_arn", lambda v: {"data_access_role_arn": v}),
    ("JobName", "job_name", lambda v: {"job_name": v}),
    ("ClientTokenString", "client_token", lambda v: {"client_token": v}),
    ("S3Uri", "s3_uri", lambda v: {"input_data_config": InputDataConfig(s3_uri=v)}),
    ("S3Uri", "s3_uri", lambda v: {"output_data_config": OutputDataConfig(s3_uri=v)}),
    (
        "KmsKeyId",
        "kms_key_id",
        lambda v: {"output_data_config": OutputDataConfig(s3_uri=OUTPUT_URI, kms_key_id=v)},
    ),
    (
        "WatchlistId",
        "watchlist_ids[0]",
        lambda v: {
            "enrollment_config": EnrollmentConfig(
                fraud_detection_config=FraudDetectionConfig(watchlist_ids=(v,))
            )
        },
    ),
]


@pytest.mark.parametrize(
    ("shape_name", "field", "arguments"), MEMBERS, ids=[f"{m[0]}-{m[1]}" for m in MEMBERS]
)
@relaxed
@given(data=st.data())
def test_start_accepts_exactly_the_values_the_model_allows(
    shape_name: str, field: str, arguments: Callable[[Any], dict[str, Any]], data: st.DataObject
) -> None:
    value = data.draw(around(shape_name))
    jobs, stubber = _client()
    with stubber:
        if allowed(shape_name, value):
            stubber.add_response("start_speaker_enrollment_job", {"Job": {"JobId": JOB_ID}})

        def start() -> object:
            return jobs.start_speaker_enrollment_job(**{**START, **arguments(value)})

        _check(shape_name, value, field, start)
        stubber.assert_no_pending_responses()


# --- Scores and page sizes ------------------------------------------------------------


@given(value=numbers_around("Score"))
def test_scores_accept_exactly_the_integers_the_model_allows(value: object) -> None:
    _check("Score", value, "risk_threshold", lambda: FraudDetectionConfig(risk_threshold=value))  # type: ignore[arg-type]
    _check(
        "Score",
        value,
        "fraudster_similarity_threshold",
        lambda: RegistrationConfig(fraudster_similarity_threshold=value),  # type: ignore[arg-type]
    )


@relaxed
@given(value=numbers_around("MaxResultsForList"))
def test_page_sizes_accept_exactly_the_integers_the_model_allows(value: object) -> None:
    jobs, stubber = _client()
    with stubber:
        if allowed("MaxResultsForList", value):
            stubber.add_response(
                "list_speaker_enrollment_jobs",
                {"JobSummaries": [summary_response(enrollment_job_response())]},
                {"DomainId": DOMAIN_ID, "MaxResults": value},
            )
        _check(
            "MaxResultsForList",
            value,
            "page_size",
            lambda: list(jobs.list_speaker_enrollment_jobs(domain_id=DOMAIN_ID, page_size=value)),  # type: ignore[arg-type]
        )
        stubber.assert_no_pending_responses()
