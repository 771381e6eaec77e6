"""The Stubber helpers and the wire helpers of voiceid_jobs.testing."""

from __future__ import annotations

import datetime
import json
import sys
from typing import TYPE_CHECKING

import pytest
from botocore.awsrequest import AWSPreparedRequest
from botocore.stub import Stubber

from voiceid_jobs import (
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    JobStatus,
    OutputDataConfig,
    RegistrationConfig,
    VoiceIdJobsClient,
)
from voiceid_jobs.testing import list_jobs_response, start_fraudster_registration_job_params
from voiceid_jobs.testing._json_protocol import encode, params_of

from samples import DOMAIN_ID, INPUT_URI, JOB_ID, OUTPUT_URI, ROLE_ARN, WATCHLIST_ID

if TYPE_CHECKING:
    from types_boto3_voice_id import VoiceIDClient


def test_list_jobs_response_builds_pages_the_client_follows(
    voiceid: VoiceIDClient, stubber: Stubber
) -> None:
    first = FraudsterRegistrationJobSummary(job_id=JOB_ID, job_status=JobStatus.COMPLETED)
    second = FraudsterRegistrationJobSummary(job_id="B" * 22, job_status=JobStatus.FAILED)
    stubber.add_response(
        "list_fraudster_registration_jobs",
        list_jobs_response([first], next_token="2"),
        {"DomainId": DOMAIN_ID},
    )
    stubber.add_response(
        "list_fraudster_registration_jobs",
        list_jobs_response([second]),
        {"DomainId": DOMAIN_ID, "NextToken": "2"},
    )

    listed = list(VoiceIdJobsClient(voiceid).list_fraudster_registration_jobs(domain_id=DOMAIN_ID))

    assert listed == [first, second]


def test_registration_params_match_what_the_client_sends(
    voiceid: VoiceIDClient, stubber: Stubber
) -> None:
    config = RegistrationConfig(fraudster_similarity_threshold=90, watchlist_ids=(WATCHLIST_ID,))
    arguments = {
        "domain_id": DOMAIN_ID,
        "data_access_role_arn": ROLE_ARN,
        "input_data_config": InputDataConfig(s3_uri=INPUT_URI),
        "output_data_config": OutputDataConfig(s3_uri=OUTPUT_URI),
        "registration_config": config,
    }
    stubber.add_response(
        "start_fraudster_registration_job",
        {"Job": {"JobId": JOB_ID}},
        start_fraudster_registration_job_params(**arguments, client_token="mine"),
    )
    stubber.add_response(
        "start_fraudster_registration_job",
        {"Job": {"JobId": JOB_ID}},
        start_fraudster_registration_job_params(**arguments),
    )
    jobs = VoiceIdJobsClient(voiceid)

    jobs.start_fraudster_registration_job(**arguments, client_token="mine")
    jobs.start_fraudster_registration_job(**arguments)  # a client-made token matches ANY

    stubber.assert_no_pending_responses()


def test_the_wire_body_writes_timestamps_as_epoch_seconds_and_refuses_the_rest() -> None:
    moment = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)

    assert json.loads(encode({"CreatedAt": moment})) == {"CreatedAt": moment.timestamp()}
    with pytest.raises(TypeError, match="cannot put set in a response"):
        encode({"Bad": {1}})


@pytest.mark.parametrize(
    ("body", "params"), [(b'{"A": 1}', {"A": 1}), ('{"A": 2}', {"A": 2}), (b"", {})]
)
def test_request_params_are_read_from_bytes_text_or_nothing(
    body: bytes | str, params: dict[str, int]
) -> None:
    request = AWSPreparedRequest("POST", "http://x", {}, body, None)  # type: ignore[arg-type]

    assert params_of(request) == params


@pytest.mark.parametrize(
    ("module", "extra", "fixture"),
    [("moto", "testing", "fake_voiceid"), ("aiobotocore", "aio", "fake_voiceid_aio_jobs")],
)
def test_a_fixture_whose_extra_is_missing_fails_in_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, module: str, extra: str, fixture: str
) -> None:
    from voiceid_jobs.testing.pytest_plugin import require

    monkeypatch.setitem(sys.modules, module, None)  # an import of it fails, as if missing

    with pytest.raises(pytest.fail.Exception) as caught:
        require(module, extra, fixture)

    assert str(caught.value) == (
        f'the {fixture} fixture needs {module}: pip install "voiceid-jobs[{extra}]"'
    )
    assert "\n" not in str(caught.value)
