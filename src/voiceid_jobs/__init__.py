"""A typed SDK for the Amazon Connect Voice ID batch job APIs."""

import logging

from ._client import VoiceIdJobsClient
from ._converters import to_boto
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
    MalformedResponseError,
    OutputFileError,
    ResourceNotFoundError,
    ServiceError,
    ServiceQuotaExceededError,
    ThrottlingError,
    ValidationError,
    VoiceIdJobsError,
)
from ._job_errors import JobFailedError, WaitTimeoutError
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
    JobSummary,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from ._outcomes import RequestOutcome, ShardedRun, ShardResult, join_outcomes
from ._output import (
    EnrollmentJobOutput,
    RegistrationJobOutput,
    RequestError,
    SuccessfulEnrollment,
    SuccessfulRegistration,
)
from ._policies import PollPolicy, RetryPolicy
from ._sharding import (
    PlannedShard,
    ShardProgress,
    plan_fraudster_registration,
    plan_speaker_enrollment,
)

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
    "JobSummary",
    "MalformedResponseError",
    "OutputDataConfig",
    "OutputFileError",
    "PlannedShard",
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
    "ShardProgress",
    "ShardResult",
    "ShardedRun",
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
    "plan_fraudster_registration",
    "plan_speaker_enrollment",
    "to_boto",
]

__version__ = "0.1.0.dev0"
"""The package's version; the build reads it from here."""

logging.getLogger("voiceid_jobs").addHandler(logging.NullHandler())
