"""A typed SDK for the Amazon Connect Voice ID batch job APIs.

Importing this package is cheap: each name loads its module on first use (PEP 562),
and boto3 and botocore are imported only when a client is made.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from ._scale import ShardedRun, ShardProgress, ShardResult
    from ._waiting import PollPolicy, RetryPolicy

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
]

_MODULES = {
    "AccessDeniedError": "_errors",
    "AudioSpecification": "_manifest",
    "ConflictError": "_errors",
    "DuplicateRegistrationAction": "_enums",
    "EndpointError": "_errors",
    "EnrollmentConfig": "_models",
    "EnrollmentJobOutput": "_output",
    "EnrollmentStatus": "_enums",
    "ExistingEnrollmentAction": "_enums",
    "FailureDetails": "_models",
    "FraudDetectionAction": "_enums",
    "FraudDetectionConfig": "_models",
    "FraudsterRegistrationJob": "_models",
    "FraudsterRegistrationJobSummary": "_models",
    "FraudsterRegistrationManifest": "_manifest",
    "FraudsterRegistrationRequest": "_manifest",
    "InputDataConfig": "_models",
    "InternalServerError": "_errors",
    "InvalidParameterError": "_errors",
    "Job": "_models",
    "JobFailedError": "_errors",
    "JobProgress": "_models",
    "JobStatus": "_enums",
    "OutputDataConfig": "_models",
    "OutputFileError": "_errors",
    "PollPolicy": "_waiting",
    "RegistrationConfig": "_models",
    "RegistrationJobOutput": "_output",
    "RegistrationStatus": "_enums",
    "RequestError": "_output",
    "RequestOutcome": "_output",
    "ResourceNotFoundError": "_errors",
    "RetryPolicy": "_waiting",
    "ServiceError": "_errors",
    "ServiceQuotaExceededError": "_errors",
    "ShardProgress": "_scale",
    "ShardResult": "_scale",
    "ShardedRun": "_scale",
    "SpeakerEnrollmentJob": "_models",
    "SpeakerEnrollmentJobSummary": "_models",
    "SpeakerEnrollmentManifest": "_manifest",
    "SpeakerEnrollmentRequest": "_manifest",
    "SuccessfulEnrollment": "_output",
    "SuccessfulRegistration": "_output",
    "ThrottlingError": "_errors",
    "ValidationError": "_errors",
    "VoiceIdJobsClient": "_client",
    "VoiceIdJobsError": "_errors",
    "WaitTimeoutError": "_errors",
    "join_outcomes": "_output",
}
"""Where each public name is defined."""


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # later look-ups skip this function
        return value
    if name == "__version__":
        from importlib.metadata import version

        return version("voiceid-jobs")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


logging.getLogger("voiceid_jobs").addHandler(logging.NullHandler())
