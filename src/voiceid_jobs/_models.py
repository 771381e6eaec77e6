"""The request and response models of the six job operations.

Each field is the snake_case of the service's JSON member and names its shape in the
service model (``metadata=shape(...)``), which ties it to :data:`CONSTRAINTS`.
Request models (the ``*Config`` classes) check themselves when constructed; the same
classes inside a returned job are built without their checks: a response is never rejected.
"""

from __future__ import annotations

import datetime
from typing import TypeVar

import attrs

from ._enums import (
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
)
from ._validation import Checked, shape

__all__ = [
    "EnrollmentConfig",
    "FailureDetails",
    "FraudDetectionConfig",
    "FraudsterRegistrationJob",
    "FraudsterRegistrationJobSummary",
    "InputDataConfig",
    "Job",
    "JobProgress",
    "OutputDataConfig",
    "RegistrationConfig",
    "SpeakerEnrollmentJob",
    "SpeakerEnrollmentJobSummary",
    "mask",
]


def mask(value: object) -> str:
    """The repr of a sensitive field: whether it is set, never what it is."""
    return "None" if value is None else "'***'"


# --- Requests -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class InputDataConfig(Checked):
    """Where a job reads its input manifest."""

    s3_uri: str = attrs.field(metadata=shape("S3Uri"))
    """The manifest's S3 URI, ``s3://bucket/key``; at most 1024 characters."""


@attrs.frozen(kw_only=True)
class OutputDataConfig(Checked):
    """Where a job writes its output file, and how it is encrypted."""

    s3_uri: str = attrs.field(metadata=shape("S3Uri"))
    """The S3 folder the output file goes in, ``s3://bucket/folder``; at most 1024 characters."""
    kms_key_id: str | None = attrs.field(default=None, metadata=shape("KmsKeyId"))
    """The KMS key that encrypts the output file, 1-2048 characters; None for S3's default.
    The service's documentation recommends always giving one."""


@attrs.frozen(kw_only=True)
class FraudDetectionConfig(Checked):
    """How an enrollment job screens speakers against a fraudster watchlist."""

    fraud_detection_action: FraudDetectionAction | None = attrs.field(
        default=None, metadata=shape("FraudDetectionAction")
    )
    """What to do with a flagged speaker; None for the service's default, FAIL."""
    risk_threshold: int | None = attrs.field(default=None, metadata=shape("Score"))
    """The risk score, 0-100, at or above which a speaker is flagged; None for the
    service's default."""
    watchlist_ids: tuple[str, ...] = attrs.field(
        default=(), metadata=shape("EnrollmentJobFraudDetectionConfigWatchlistIds")
    )
    """The watchlist to screen against: exactly one 22-character id, or () for the
    domain's default watchlist."""


@attrs.frozen(kw_only=True)
class EnrollmentConfig(Checked):
    """How a speaker enrollment job treats existing speakers and suspected fraudsters."""

    existing_enrollment_action: ExistingEnrollmentAction | None = attrs.field(
        default=None, metadata=shape("ExistingEnrollmentAction")
    )
    """What to do with a speaker who is already enrolled; None for the service's default, SKIP."""
    fraud_detection_config: FraudDetectionConfig | None = attrs.field(
        default=None, metadata=shape("EnrollmentJobFraudDetectionConfig")
    )
    """The fraud screening; None for the service's defaults."""


@attrs.frozen(kw_only=True)
class RegistrationConfig(Checked):
    """How a fraudster registration job treats duplicates."""

    duplicate_registration_action: DuplicateRegistrationAction | None = attrs.field(
        default=None, metadata=shape("DuplicateRegistrationAction")
    )
    """What to do with a fraudster who is already registered; None for the service's
    default, SKIP."""
    fraudster_similarity_threshold: int | None = attrs.field(default=None, metadata=shape("Score"))
    """The similarity score, 0-100, at or above which a fraudster counts as a duplicate;
    None for the service's default."""
    watchlist_ids: tuple[str, ...] = attrs.field(
        default=(), metadata=shape("RegistrationConfigWatchlistIds")
    )
    """The watchlist to register into: exactly one 22-character id, or () for the
    domain's default watchlist."""


# --- Responses ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FailureDetails:
    """Why a whole job failed."""

    message: str | None = attrs.field(default=None, metadata=shape("String"))
    """The service's description of the failure."""
    status_code: int | None = attrs.field(default=None, metadata=shape("Integer"))
    """An HTTP-like status code for the failure, e.g. 400."""


@attrs.frozen(kw_only=True)
class JobProgress:
    """How far a job has got."""

    percent_complete: int | None = attrs.field(default=None, metadata=shape("Score"))
    """The share of the manifest's requests processed so far, 0-100."""


class _JobState:
    """What every job and job summary can say about its progress."""

    __slots__ = ()

    job_status: JobStatus | None
    job_progress: JobProgress | None

    @property
    def is_terminal(self) -> bool:
        """True once the job has ended: COMPLETED, COMPLETED_WITH_ERRORS or FAILED."""
        return self.job_status is not None and self.job_status.is_terminal

    @property
    def percent_complete(self) -> int | None:
        """``job_progress.percent_complete``, or None when the service did not say."""
        return None if self.job_progress is None else self.job_progress.percent_complete


@attrs.frozen(kw_only=True)
class _JobFacts(_JobState):
    """The members every job and job summary has."""

    job_id: str | None = attrs.field(default=None, metadata=shape("JobId"))
    """The job's 22-character id."""
    job_name: str | None = attrs.field(default=None, metadata=shape("JobName"), repr=mask)
    """The name the caller gave the job. Sensitive: masked in repr."""
    job_status: JobStatus | None = attrs.field(default=None, metadata=shape("JobStatus"))
    """Where the job stands; may be a status newer than this library (``is_unknown``)."""
    domain_id: str | None = attrs.field(default=None, metadata=shape("DomainId"))
    """The domain the job works in."""
    job_progress: JobProgress | None = attrs.field(default=None, metadata=shape("JobProgress"))
    """How far the job has got."""
    failure_details: FailureDetails | None = attrs.field(
        default=None, metadata=shape("FailureDetails")
    )
    """Why the whole job failed, when it did."""
    created_at: datetime.datetime | None = attrs.field(default=None, metadata=shape("Timestamp"))
    """When the job was created (timezone-aware)."""
    ended_at: datetime.datetime | None = attrs.field(default=None, metadata=shape("Timestamp"))
    """When the job ended (timezone-aware); None while it runs."""


@attrs.frozen(kw_only=True)
class _JobDetails(_JobFacts):
    """The members a described job has beyond its summary."""

    data_access_role_arn: str | None = attrs.field(default=None, metadata=shape("IamRoleArn"))
    """The IAM role the service uses to read the manifest and write the output file."""
    input_data_config: InputDataConfig | None = attrs.field(
        default=None, metadata=shape("InputDataConfig")
    )
    """Where the job reads its manifest."""
    output_data_config: OutputDataConfig | None = attrs.field(
        default=None, metadata=shape("OutputDataConfig")
    )
    """Where the job writes its output file."""

    @property
    def output_file_uri(self) -> str | None:
        """The S3 URI of the job's output file, ``<output folder>/<job id>/<input file name>.out``.

        None until the job has an id and both its data configs.
        """
        if self.job_id is None or self.input_data_config is None or self.output_data_config is None:
            return None
        folder = self.output_data_config.s3_uri.rstrip("/")
        input_name = self.input_data_config.s3_uri.rstrip("/").rsplit("/", 1)[-1]
        return f"{folder}/{self.job_id}/{input_name}.out"


@attrs.frozen(kw_only=True)
class SpeakerEnrollmentJob(_JobDetails):
    """A speaker enrollment job, as the service describes it."""

    enrollment_config: EnrollmentConfig | None = attrs.field(
        default=None, metadata=shape("EnrollmentConfig")
    )
    """The enrollment options the job runs with."""


@attrs.frozen(kw_only=True)
class FraudsterRegistrationJob(_JobDetails):
    """A fraudster registration job, as the service describes it."""

    registration_config: RegistrationConfig | None = attrs.field(
        default=None, metadata=shape("RegistrationConfig")
    )
    """The registration options the job runs with."""


@attrs.frozen(kw_only=True)
class SpeakerEnrollmentJobSummary(_JobFacts):
    """A speaker enrollment job as the List operation summarises it."""


@attrs.frozen(kw_only=True)
class FraudsterRegistrationJobSummary(_JobFacts):
    """A fraudster registration job as the List operation summarises it."""


Job = SpeakerEnrollmentJob | FraudsterRegistrationJob
"""Either kind of batch job."""

J = TypeVar("J", SpeakerEnrollmentJob, FraudsterRegistrationJob)
"""A job type, for methods that give back the kind of job they are given."""
