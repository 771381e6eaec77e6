"""The request and response models of the six job operations.

Each field is the snake_case of the service's JSON member and names its shape in the
service model (``metadata=shape(...)``), which ties it to :data:`CONSTRAINTS`.
Request models (the ``*Config`` classes) check themselves when constructed; the same
classes inside a returned job are built without their checks: a response is never rejected.
Values are normalised when a model is made (a list becomes a tuple, a string an enum
member), by the fields' converters; nothing changes a model afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

import attrs

from ._enums import (
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
)
from ._validation import Checked, as_member, as_tuple, is_sensitive, shape

__all__ = [
    "EnrollmentConfig",
    "FailureDetails",
    "FraudDetectionConfig",
    "FraudsterRegistrationJob",
    "FraudsterRegistrationJobSummary",
    "InputDataConfig",
    "Job",
    "JobProgress",
    "Masked",
    "OutputDataConfig",
    "RegistrationConfig",
    "SpeakerEnrollmentJob",
    "SpeakerEnrollmentJobSummary",
]


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    result: tuple[str, ...] = as_tuple(value)
    return result


def _existing_enrollment_action(
    value: ExistingEnrollmentAction | str | None,
) -> ExistingEnrollmentAction | None:
    result: ExistingEnrollmentAction | None = as_member(ExistingEnrollmentAction, value)
    return result


def _fraud_detection_action(
    value: FraudDetectionAction | str | None,
) -> FraudDetectionAction | None:
    result: FraudDetectionAction | None = as_member(FraudDetectionAction, value)
    return result


def _duplicate_registration_action(
    value: DuplicateRegistrationAction | str | None,
) -> DuplicateRegistrationAction | None:
    result: DuplicateRegistrationAction | None = as_member(DuplicateRegistrationAction, value)
    return result


def job_status(value: JobStatus | str | None) -> JobStatus | None:
    """A JobStatus member for a string (the converter of fields that hold one)."""
    result: JobStatus | None = as_member(JobStatus, value)
    return result


class Masked:
    """Mixin for models with personal data.

    ``repr`` masks every field whose shape the table marks sensitive. A class that
    uses it is declared with ``repr=False``.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        fields = attrs.fields(cast("type[attrs.AttrsInstance]", type(self)))
        shown = ", ".join(
            f"{field.name}={_masked_repr(getattr(self, field.name), field)}" for field in fields
        )
        return f"{type(self).__name__}({shown})"


def _masked_repr(value: object, field: attrs.Attribute[Any]) -> str:
    if value is None or not is_sensitive(field):
        return repr(value)
    return "'***'"


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
        default=None, metadata=shape("FraudDetectionAction"), converter=_fraud_detection_action
    )
    """What to do with a flagged speaker; None for the service's default, FAIL."""
    risk_threshold: int | None = attrs.field(default=None, metadata=shape("Score"))
    """The risk score, 0-100, at or above which a speaker is flagged; None for the
    service's default."""
    watchlist_ids: tuple[str, ...] = attrs.field(
        default=(), metadata=shape("EnrollmentJobFraudDetectionConfigWatchlistIds"), converter=_ids
    )
    """The watchlist to screen against: exactly one 22-character id, or () for the
    domain's default watchlist."""


@attrs.frozen(kw_only=True)
class EnrollmentConfig(Checked):
    """How a speaker enrollment job treats existing speakers and suspected fraudsters."""

    existing_enrollment_action: ExistingEnrollmentAction | None = attrs.field(
        default=None,
        metadata=shape("ExistingEnrollmentAction"),
        converter=_existing_enrollment_action,
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
        default=None,
        metadata=shape("DuplicateRegistrationAction"),
        converter=_duplicate_registration_action,
    )
    """What to do with a fraudster who is already registered; None for the service's
    default, SKIP."""
    fraudster_similarity_threshold: int | None = attrs.field(default=None, metadata=shape("Score"))
    """The similarity score, 0-100, at or above which a fraudster counts as a duplicate;
    None for the service's default."""
    watchlist_ids: tuple[str, ...] = attrs.field(
        default=(), metadata=shape("RegistrationConfigWatchlistIds"), converter=_ids
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


@attrs.frozen(kw_only=True, repr=False)
class _JobFacts(_JobState, Masked):
    """The members every job and job summary has."""

    job_id: str | None = attrs.field(default=None, metadata=shape("JobId"))
    """The job's 22-character id."""
    job_name: str | None = attrs.field(default=None, metadata=shape("JobName"))
    """The name the caller gave the job. Sensitive: masked in repr."""
    job_status: JobStatus | None = attrs.field(
        default=None, metadata=shape("JobStatus"), converter=job_status
    )
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


@attrs.frozen(kw_only=True, repr=False)
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


@attrs.frozen(kw_only=True, repr=False)
class SpeakerEnrollmentJob(_JobDetails):
    """A speaker enrollment job, as the service describes it."""

    enrollment_config: EnrollmentConfig | None = attrs.field(
        default=None, metadata=shape("EnrollmentConfig")
    )
    """The enrollment options the job runs with."""


@attrs.frozen(kw_only=True, repr=False)
class FraudsterRegistrationJob(_JobDetails):
    """A fraudster registration job, as the service describes it."""

    registration_config: RegistrationConfig | None = attrs.field(
        default=None, metadata=shape("RegistrationConfig")
    )
    """The registration options the job runs with."""


@attrs.frozen(kw_only=True, repr=False)
class SpeakerEnrollmentJobSummary(_JobFacts):
    """A speaker enrollment job as the List operation summarises it."""


@attrs.frozen(kw_only=True, repr=False)
class FraudsterRegistrationJobSummary(_JobFacts):
    """A fraudster registration job as the List operation summarises it."""


Job = SpeakerEnrollmentJob | FraudsterRegistrationJob
"""Either kind of batch job."""

JobSummary = SpeakerEnrollmentJobSummary | FraudsterRegistrationJobSummary
"""Either kind of job summary."""
