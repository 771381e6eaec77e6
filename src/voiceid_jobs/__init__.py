"""A typed SDK for the Amazon Connect Voice ID batch job APIs.

Importing this package does not import boto3 or botocore; they are imported when a
client is made.
"""

import logging
from importlib.metadata import version

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
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    ThrottlingError,
    ValidationError,
    VoiceIdJobsError,
    WaitTimeoutError,
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
from ._waiting import PollPolicy, RetryPolicy

__version__ = version("voiceid-jobs")

__all__ = [
    "AccessDeniedError",
    "ConflictError",
    "DuplicateRegistrationAction",
    "EndpointError",
    "EnrollmentConfig",
    "EnrollmentStatus",
    "ExistingEnrollmentAction",
    "FailureDetails",
    "FraudDetectionAction",
    "FraudDetectionConfig",
    "FraudsterRegistrationJob",
    "FraudsterRegistrationJobSummary",
    "InputDataConfig",
    "InternalServerError",
    "InvalidParameterError",
    "Job",
    "JobFailedError",
    "JobProgress",
    "JobStatus",
    "OutputDataConfig",
    "PollPolicy",
    "RegistrationConfig",
    "RegistrationStatus",
    "ResourceNotFoundError",
    "RetryPolicy",
    "ServiceError",
    "ServiceQuotaExceededError",
    "SpeakerEnrollmentJob",
    "SpeakerEnrollmentJobSummary",
    "ThrottlingError",
    "ValidationError",
    "VoiceIdJobsClient",
    "VoiceIdJobsError",
    "WaitTimeoutError",
]

logging.getLogger("voiceid_jobs").addHandler(logging.NullHandler())
