"""Helpers for botocore's Stubber: responses from our models, and expected parameters.

stubber.add_response(
    "describe_speaker_enrollment_job",
    job_response(job),
    describe_job_params(domain_id=job.domain_id, job_id=job.job_id),
)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from voiceid_jobs._converters import to_boto
from voiceid_jobs._kinds import ENROLLMENT, REGISTRATION, AnyJobKind
from voiceid_jobs._models import (
    EnrollmentConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from voiceid_jobs._params import checked_params, describe_params

__all__ = [
    "describe_job_params",
    "job_response",
    "list_jobs_response",
    "start_fraudster_registration_job_params",
    "start_speaker_enrollment_job_params",
]


def job_response(job: SpeakerEnrollmentJob | FraudsterRegistrationJob) -> dict[str, Any]:
    """The boto3 response of a Start or Describe call that returns ``job``."""
    return {"Job": to_boto(job)}


def list_jobs_response(
    summaries: Iterable[SpeakerEnrollmentJobSummary | FraudsterRegistrationJobSummary],
    next_token: str | None = None,
) -> dict[str, Any]:
    """The boto3 response of one page of a List call."""
    response: dict[str, Any] = {"JobSummaries": [to_boto(summary) for summary in summaries]}
    if next_token is not None:
        response["NextToken"] = next_token
    return response


def _start_params(  # noqa: PLR0913 - the row and the operation's members
    kind: AnyJobKind,
    *,
    domain_id: str,
    data_access_role_arn: str,
    input_data_config: InputDataConfig,
    output_data_config: OutputDataConfig,
    config: EnrollmentConfig | RegistrationConfig | None,
    job_name: str | None,
    client_token: str | None,
) -> dict[str, Any]:
    request = kind.start_request(
        domain_id=domain_id,
        data_access_role_arn=data_access_role_arn,
        input_data_config=input_data_config,
        output_data_config=output_data_config,
        job_name=job_name,
        client_token="placeholder" if client_token is None else client_token,
        **{kind.config_field: config},
    )
    params = checked_params(request)
    if client_token is None:
        from botocore.stub import ANY

        params["ClientToken"] = ANY
    return params


def start_speaker_enrollment_job_params(  # noqa: PLR0913 - the operation's members
    *,
    domain_id: str,
    data_access_role_arn: str,
    input_data_config: InputDataConfig,
    output_data_config: OutputDataConfig,
    enrollment_config: EnrollmentConfig | None = None,
    job_name: str | None = None,
    client_token: str | None = None,
) -> dict[str, Any]:
    """The parameters the client sends for these arguments, for Stubber's ``expected_params``.

    With no ``client_token`` the ClientToken is ``botocore.stub.ANY``: it matches the
    token the client makes.
    """
    return _start_params(
        ENROLLMENT,
        domain_id=domain_id,
        data_access_role_arn=data_access_role_arn,
        input_data_config=input_data_config,
        output_data_config=output_data_config,
        config=enrollment_config,
        job_name=job_name,
        client_token=client_token,
    )


def start_fraudster_registration_job_params(  # noqa: PLR0913 - the operation's members
    *,
    domain_id: str,
    data_access_role_arn: str,
    input_data_config: InputDataConfig,
    output_data_config: OutputDataConfig,
    registration_config: RegistrationConfig | None = None,
    job_name: str | None = None,
    client_token: str | None = None,
) -> dict[str, Any]:
    """As :func:`start_speaker_enrollment_job_params`, for a registration job."""
    return _start_params(
        REGISTRATION,
        domain_id=domain_id,
        data_access_role_arn=data_access_role_arn,
        input_data_config=input_data_config,
        output_data_config=output_data_config,
        config=registration_config,
        job_name=job_name,
        client_token=client_token,
    )


def describe_job_params(*, domain_id: str, job_id: str) -> dict[str, Any]:
    """The parameters of a Describe call, for Stubber's ``expected_params``."""
    return describe_params(domain_id, job_id)
