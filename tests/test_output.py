"""Output files: parsing what the service writes, and joining it with the manifest."""

from __future__ import annotations

import json
import operator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voiceid_jobs import (
    AudioSpecification,
    EnrollmentJobOutput,
    EnrollmentStatus,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    OutputFileError,
    RegistrationJobOutput,
    RegistrationStatus,
    RequestError,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
    SuccessfulEnrollment,
    SuccessfulRegistration,
    join_outcomes,
)

GENERATED = "id#" + "g" * 22
ENROLLMENT_OUTPUT = {
    "Version": "1.0",
    "Errors": [{"RequestId": "r2", "ErrorCode": 400, "ErrorMessage": "audio is not 8 kHz"}],
    "SuccessfulEnrollments": [
        {
            "RequestId": "r1",
            "GeneratedSpeakerId": GENERATED,
            "CustomerSpeakerId": "customer-speaker-1",
            "EnrollmentStatus": "NEW_ENROLLMENT",
        }
    ],
}
REGISTRATION_OUTPUT = {
    "Version": "1.0",
    "Errors": [{"RequestId": "f3", "ErrorCode": 402, "ErrorMessage": "quota"}],
    "SuccessfulRegistrations": [
        {
            "RequestId": "f1",
            "GeneratedFraudsterId": GENERATED,
            "RegistrationStatus": "NEW_REGISTRATION",
            "FraudsterSimilarityScore": 97,
        },
        {
            "RequestId": "f2",
            "GeneratedFraudsterId": GENERATED,
            "RegistrationStatus": "DUPLICATE_SKIPPED",
        },
    ],
}


def test_the_designs_enrollment_output_parses() -> None:
    output = EnrollmentJobOutput.from_json(json.dumps(ENROLLMENT_OUTPUT))

    assert output == EnrollmentJobOutput(
        version="1.0",
        errors=(RequestError(request_id="r2", error_code=400, error_message="audio is not 8 kHz"),),
        successful_enrollments=(
            SuccessfulEnrollment(
                request_id="r1",
                generated_speaker_id=GENERATED,
                customer_speaker_id="customer-speaker-1",
                enrollment_status=EnrollmentStatus.NEW_ENROLLMENT,
            ),
        ),
    )
    assert "customer-speaker-1" not in repr(output)


def test_the_designs_registration_output_parses() -> None:
    output = RegistrationJobOutput.from_json(json.dumps(REGISTRATION_OUTPUT).encode())

    assert output.successful_registrations[0] == SuccessfulRegistration(
        request_id="f1",
        generated_fraudster_id=GENERATED,
        registration_status=RegistrationStatus.NEW_REGISTRATION,
        fraudster_similarity_score=97,
    )
    assert output.successful_registrations[1].fraudster_similarity_score is None
    assert output.errors[0].error_code == 402


def test_new_fraudster_is_the_new_registration_status() -> None:
    output = RegistrationJobOutput.from_json(
        '{"SuccessfulRegistrations": [{"RequestId": "f1", "RegistrationStatus": "NEW_FRAUDSTER"}]}'
    )

    assert (
        output.successful_registrations[0].registration_status
        is RegistrationStatus.NEW_REGISTRATION
    )


def test_an_empty_object_is_an_output_with_nothing_in_it() -> None:
    assert EnrollmentJobOutput.from_json("{}") == EnrollmentJobOutput()


def test_outcome_finds_the_entry_for_a_request_id() -> None:
    output = RegistrationJobOutput.from_json(json.dumps(REGISTRATION_OUTPUT))

    assert output.outcome("f1") == output.successful_registrations[0]
    assert output.outcome("f3") == output.errors[0]
    assert output.outcome("nope") is None


# --- Forward compatibility ----------------------------------------------------------

member_names = st.builds(  # made as they are: a capital, then anything
    operator.add, st.characters(categories=["Lu"]), st.text(max_size=11)
).filter(lambda key: key != "RequestId")  # one name of very many: rarely drawn
extra_members = st.dictionaries(
    member_names,
    st.none() | st.integers() | st.text(max_size=8) | st.lists(st.integers(), max_size=2),
    max_size=3,
)
statuses = st.sampled_from(
    ["NEW_ENROLLMENT", "ENROLLMENT_OVERWRITE", "DUPLICATE_SKIPPED"]
) | st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ_"), min_size=1, max_size=20)


@given(
    top=extra_members,
    entries=st.lists(st.tuples(statuses, extra_members), max_size=20),
)
def test_outputs_with_extra_members_and_unknown_statuses_parse(
    top: dict[str, Any], entries: list[tuple[str, dict[str, Any]]]
) -> None:
    top = {
        key: value
        for key, value in top.items()
        if key not in {"Errors", "SuccessfulEnrollments", "Version"}
    }
    document = {
        **top,
        "Version": "1.0",
        "Errors": [],
        "SuccessfulEnrollments": [
            {
                **{
                    k: v
                    for k, v in extra.items()
                    if k not in {"GeneratedSpeakerId", "CustomerSpeakerId", "EnrollmentStatus"}
                },
                "RequestId": f"r{index}",
                "EnrollmentStatus": status,
            }
            for index, (status, extra) in enumerate(entries)
        ],
    }

    output = EnrollmentJobOutput.from_json(json.dumps(document))

    assert [entry.request_id for entry in output.successful_enrollments] == [
        f"r{index}" for index in range(len(entries))
    ]
    for entry, (status, _) in zip(output.successful_enrollments, entries, strict=True):
        assert entry.enrollment_status == status
        assert entry.enrollment_status is not None
        assert entry.enrollment_status.is_unknown == (status not in EnrollmentStatus.__members__)


# --- Malformed files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("not json", "$"),
        ("[" * 100_000, "$"),
        (b"\xff\xfe", "$"),
        ("[]", "$"),
        ('{"Errors": {}}', "$.Errors"),
        ('{"SuccessfulEnrollments": "x"}', "$.SuccessfulEnrollments"),
        ('{"Errors": [1]}', "$.Errors[0]"),
        ('{"SuccessfulEnrollments": [{"RequestId": "a"}, null]}', "$.SuccessfulEnrollments[1]"),
        ('{"Errors": [{"RequestId": "a", "ErrorCode": "four hundred"}]}', "$.Errors[0]"),
    ],
)
def test_a_malformed_output_file_raises_output_file_error_with_the_path(
    text: str | bytes, path: str
) -> None:
    with pytest.raises(OutputFileError) as caught:
        EnrollmentJobOutput.from_json(text)

    assert caught.value.path == path
    assert caught.value.uri is None
    assert isinstance(caught.value, ValueError)


# --- Joining with the manifest ------------------------------------------------------

AUDIO = (AudioSpecification(s3_uri="s3://bucket/a.wav", channel_id=0),)


def test_every_request_gets_its_outcome_and_nothing_is_dropped() -> None:
    manifest = SpeakerEnrollmentManifest(
        speaker_enrollment_requests=tuple(
            SpeakerEnrollmentRequest(
                request_id=f"r{i}", speaker_id=f"s{i}", audio_specifications=AUDIO
            )
            for i in (1, 2, 3)
        )
    )
    output = EnrollmentJobOutput.from_json(
        json.dumps(
            {
                **ENROLLMENT_OUTPUT,
                "Errors": [*ENROLLMENT_OUTPUT["Errors"], {"RequestId": "zz", "ErrorCode": 500}],
            }
        )
    )

    outcomes = join_outcomes(manifest, output)

    assert [(o.request_id, o.status) for o in outcomes] == [
        ("r1", "succeeded"),
        ("r2", "failed"),
        ("r3", "missing"),
        ("zz", "unexpected"),
    ]
    assert outcomes[0].success == output.successful_enrollments[0]
    assert outcomes[0].request == manifest.speaker_enrollment_requests[0]
    assert outcomes[1].error == output.errors[0]
    assert outcomes[2].success is None
    assert outcomes[2].error is None
    assert outcomes[3].request is None


def test_registration_outcomes_join_the_same_way() -> None:
    manifest = FraudsterRegistrationManifest(
        fraudster_registration_requests=tuple(
            FraudsterRegistrationRequest(request_id=f"f{i}", audio_specifications=AUDIO)
            for i in (1, 2, 3)
        )
    )
    output = RegistrationJobOutput.from_json(json.dumps(REGISTRATION_OUTPUT))

    outcomes = join_outcomes(manifest, output)

    assert [o.status for o in outcomes] == ["succeeded", "succeeded", "failed"]
    assert outcomes[1].success is not None
    assert outcomes[1].success.registration_status is RegistrationStatus.DUPLICATE_SKIPPED
