"""A typed SDK for the Amazon Connect Voice ID batch job APIs.

Importing this package does not import boto3 or botocore; they are imported when a
client is made.
"""

import logging

from ._client import VoiceIdJobsClient
from ._enums import (
    DuplicateRegistrationAction,
    EnrollmentStatus,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
    RegistrationStatus,
)
from ._errors import (
    AccessDeniedError,
    ConflictError,
    EndpointError,
    InternalServerError,
    InvalidParameterError,
    JobFailedError,
    OutputFileError,
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    ThrottlingError,
    ValidationError,
    VoiceIdJobsError,
    WaitTimeoutError,
)
from ._manifest import (
    AudioSpecification,
    FraudsterRegistrationManifest,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentManifest,
    SpeakerEnrollmentRequest,
)
from ._models import (
    EnrollmentConfig,
    FailureDetails,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    InputDataConfig,
    Job,
    JobProgress,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from ._output import (
    EnrollmentJobOutput,
    RegistrationJobOutput,
    RequestError,
    RequestOutcome,
    SuccessfulEnrollment,
    SuccessfulRegistration,
    join_outcomes,
)
from ._waiting import PollPolicy, RetryPolicy


def __getattr__(name: str) -> str:
    # __version__ is read from the installed metadata on first use: importing
    # importlib.metadata up front would cost more than the rest of the package.
    if name == "__version__":
        from importlib.metadata import version

        return version("voiceid-jobs")
    msg = f"module 'voiceid_jobs' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "AccessDeniedError",
    "AudioSpecification",
    "ConflictError",
    "DuplicateRegistrationAction",
    "EndpointError",
    "EnrollmentConfig",
    "EnrollmentJobOutput",
    "EnrollmentStatus",
    "ExistingEnrollmentAction",
    "FailureDetails",
    "FraudDetectionAction",
    "FraudDetectionConfig",
    "FraudsterRegistrationJob",
    "FraudsterRegistrationJobSummary",
    "FraudsterRegistrationManifest",
    "FraudsterRegistrationRequest",
    "InputDataConfig",
    "InternalServerError",
    "InvalidParameterError",
    "Job",
    "JobFailedError",
    "JobProgress",
    "JobStatus",
    "OutputDataConfig",
    "OutputFileError",
    "PollPolicy",
    "RegistrationConfig",
    "RegistrationJobOutput",
    "RegistrationStatus",
    "RequestError",
    "RequestOutcome",
    "ResourceNotFoundError",
    "RetryPolicy",
    "ServiceError",
    "ServiceQuotaExceededError",
    "SpeakerEnrollmentJob",
    "SpeakerEnrollmentJobSummary",
    "SpeakerEnrollmentManifest",
    "SpeakerEnrollmentRequest",
    "SuccessfulEnrollment",
    "SuccessfulRegistration",
    "ThrottlingError",
    "ValidationError",
    "VoiceIdJobsClient",
    "VoiceIdJobsError",
    "WaitTimeoutError",
    "join_outcomes",
]

logging.getLogger("voiceid_jobs").addHandler(logging.NullHandler())
