"""The input shapes of the six job operations, as private models.

The client builds one of these from its keyword arguments, checks it (nested
configs included, with full dotted paths), and the converter turns it into boto3's
parameters. Users never see these classes: the client's signatures are the API.
"""

from __future__ import annotations

import attrs

from ._enums import JobStatus
from ._models import (
    EnrollmentConfig,
    InputDataConfig,
    Masked,
    OutputDataConfig,
    RegistrationConfig,
    job_status,
)
from ._validation import shape

__all__ = [
    "DescribeJobRequest",
    "ListJobsRequest",
    "StartFraudsterRegistrationJobRequest",
    "StartJobRequest",
    "StartSpeakerEnrollmentJobRequest",
]


@attrs.frozen(kw_only=True, repr=False)
class StartJobRequest(Masked):
    """The members both Start operations share."""

    domain_id: str = attrs.field(metadata=shape("DomainId"))
    data_access_role_arn: str = attrs.field(metadata=shape("IamRoleArn"))
    input_data_config: InputDataConfig = attrs.field(metadata=shape("InputDataConfig"))
    output_data_config: OutputDataConfig = attrs.field(metadata=shape("OutputDataConfig"))
    job_name: str | None = attrs.field(default=None, metadata=shape("JobName"))
    client_token: str | None = attrs.field(default=None, metadata=shape("ClientTokenString"))
    """None: the Start's parameters get a fresh one (``_params.start_params``)."""


@attrs.frozen(kw_only=True, repr=False)
class StartSpeakerEnrollmentJobRequest(StartJobRequest):
    """StartSpeakerEnrollmentJobRequest."""

    enrollment_config: EnrollmentConfig | None = attrs.field(
        default=None, metadata=shape("EnrollmentConfig")
    )


@attrs.frozen(kw_only=True, repr=False)
class StartFraudsterRegistrationJobRequest(StartJobRequest):
    """StartFraudsterRegistrationJobRequest."""

    registration_config: RegistrationConfig | None = attrs.field(
        default=None, metadata=shape("RegistrationConfig")
    )


@attrs.frozen(kw_only=True)
class DescribeJobRequest:
    """DescribeSpeakerEnrollmentJobRequest and DescribeFraudsterRegistrationJobRequest."""

    domain_id: str = attrs.field(metadata=shape("DomainId"))
    job_id: str = attrs.field(metadata=shape("JobId"))


@attrs.frozen(kw_only=True)
class ListJobsRequest:
    """ListSpeakerEnrollmentJobsRequest and ListFraudsterRegistrationJobsRequest.

    Less MaxResults and NextToken: the paginator sends those.
    """

    domain_id: str = attrs.field(metadata=shape("DomainId"))
    job_status: JobStatus | None = attrs.field(
        default=None, metadata=shape("JobStatus"), converter=job_status
    )
