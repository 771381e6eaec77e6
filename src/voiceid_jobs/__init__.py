"""A typed SDK for the Amazon Connect Voice ID batch job APIs.

Each public name is imported from its module when it is first used (PEP 562), so a
process loads only what it uses: a Describe does not load the batch-file, sharding
and outcome modules.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        JobFailedError,
        MalformedResponseError,
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
    "JobSummary": "_models",
    "MalformedResponseError": "_errors",
    "OutputDataConfig": "_models",
    "OutputFileError": "_errors",
    "PlannedShard": "_sharding",
    "PollPolicy": "_policies",
    "RegistrationConfig": "_models",
    "RegistrationJobOutput": "_output",
    "RegistrationStatus": "_enums",
    "RequestError": "_output",
    "RequestOutcome": "_outcomes",
    "ResourceNotFoundError": "_errors",
    "RetryPolicy": "_policies",
    "ServiceError": "_errors",
    "ServiceQuotaExceededError": "_errors",
    "ShardProgress": "_sharding",
    "ShardResult": "_outcomes",
    "ShardedRun": "_outcomes",
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
    "join_outcomes": "_outcomes",
    "plan_fraudster_registration": "_sharding",
    "plan_speaker_enrollment": "_sharding",
    "to_boto": "_converters",
}
"""The module of each public name.

Type checkers read the names only from the ``TYPE_CHECKING`` imports and a literal
``__all__``, so each name is written there too; a test holds the three lists equal.
"""


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'voiceid_jobs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"voiceid_jobs.{module}"), name)
    globals()[name] = value  # the next use finds it at once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
