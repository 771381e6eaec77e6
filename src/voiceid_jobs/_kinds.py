"""What differs between the two kinds of batch job, in one table of two rows.

Enrollment and registration jobs differ only in their classes, their operations, the
name of their config and their per-job request limit. Each operation is spelled out as
boto3 names it and as the service does, so a search for either finds its row. Code
that handles a job is written once and reads its :class:`JobKind` row
(:data:`ENROLLMENT`, :data:`REGISTRATION`); :func:`kind_of` finds the row of any job,
summary, manifest, manifest request or output file.

A row's batch-file classes (manifest, request, output) come from a function that
imports their modules when it is first called: a process that only starts, describes
or waits for jobs never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

import attrs

from ._constraints import CONSTRAINTS
from ._errors import InvalidParameterError
from ._models import (
    EnrollmentConfig,
    FraudsterRegistrationJob,
    FraudsterRegistrationJobSummary,
    RegistrationConfig,
    SpeakerEnrollmentJob,
    SpeakerEnrollmentJobSummary,
)
from ._requests import (
    StartFraudsterRegistrationJobRequest,
    StartJobRequest,
    StartSpeakerEnrollmentJobRequest,
)

if TYPE_CHECKING:
    from ._manifest import (
        FraudsterRegistrationManifest,
        FraudsterRegistrationRequest,
        SpeakerEnrollmentManifest,
        SpeakerEnrollmentRequest,
    )
    from ._output import EnrollmentJobOutput, RegistrationJobOutput

__all__ = [
    "ENROLLMENT",
    "KINDS",
    "REGISTRATION",
    "AnyJobKind",
    "JobKind",
    "KindName",
    "job_address",
    "kind_named",
    "kind_of",
]

KindName = Literal["enrollment", "registration"]
"""How the command line and the fake name a kind."""

JobT = TypeVar("JobT", SpeakerEnrollmentJob, FraudsterRegistrationJob)
SummaryT = TypeVar("SummaryT", SpeakerEnrollmentJobSummary, FraudsterRegistrationJobSummary)
ManifestT = TypeVar("ManifestT", "SpeakerEnrollmentManifest", "FraudsterRegistrationManifest")
RequestT = TypeVar("RequestT", "SpeakerEnrollmentRequest", "FraudsterRegistrationRequest")
OutputT = TypeVar("OutputT", "EnrollmentJobOutput", "RegistrationJobOutput")
ConfigT = TypeVar("ConfigT", EnrollmentConfig, RegistrationConfig)


@attrs.frozen(kw_only=True)
class JobKind(Generic[JobT, SummaryT, ManifestT, RequestT, OutputT, ConfigT]):
    """One kind of batch job: its classes, its operations and its limits."""

    name: KindName
    """``enrollment`` or ``registration``."""
    job: type[JobT]
    """The job, as Start and Describe return it."""
    summary: type[SummaryT]
    """The job, as List summarises it."""
    config: type[ConfigT]
    """The job's options."""
    start_request: type[StartJobRequest]
    """The Start operation's input, less what the two kinds share."""
    batch_files: Callable[[], tuple[type[ManifestT], type[RequestT], type[OutputT]]]
    """The classes of the input file, of one of its requests and of the output file,
    from a function that imports their modules when it is first called."""
    start_method: str
    """The boto3 method that starts a job: ``start_speaker_enrollment_job``."""
    start_operation: str
    """The service's name for it, as errors give it: ``StartSpeakerEnrollmentJob``."""
    describe_method: str
    """The boto3 method that describes a job."""
    describe_operation: str
    """The service's name for it."""
    list_method: str
    """The boto3 method that lists a domain's jobs, a page at a time."""
    list_operation: str
    """The service's name for it."""

    @property
    def manifest(self) -> type[ManifestT]:
        """The input file."""
        return self.batch_files()[0]

    @property
    def request(self) -> type[RequestT]:
        """One request of the input file."""
        return self.batch_files()[1]

    @property
    def output(self) -> type[OutputT]:
        """The output file."""
        return self.batch_files()[2]

    @property
    def config_field(self) -> str:
        """The Start argument that carries the config: ``enrollment_config``."""
        name: str = attrs.fields(self.start_request)[-1].name
        return name

    @property
    def requests_field(self) -> str:
        """The manifest's field of requests: ``speaker_enrollment_requests``."""
        from ._manifest import requests_field

        name: str = requests_field(self.manifest)
        return name

    @property
    def max_requests(self) -> int:
        """The most requests one job takes (the manifest's rule in the constraint table)."""
        shape_name = attrs.fields_dict(self.manifest)[self.requests_field].metadata["shape"]
        limit = CONSTRAINTS[shape_name].max
        return 0 if limit is None else limit

    def manifest_of(self, requests: tuple[RequestT, ...]) -> ManifestT:
        """A manifest of these requests."""
        make: Any = self.manifest
        manifest: ManifestT = make(**{self.requests_field: requests})
        return manifest


def _enrollment_files() -> tuple[
    type[SpeakerEnrollmentManifest], type[SpeakerEnrollmentRequest], type[EnrollmentJobOutput]
]:
    from ._manifest import SpeakerEnrollmentManifest, SpeakerEnrollmentRequest
    from ._output import EnrollmentJobOutput

    return SpeakerEnrollmentManifest, SpeakerEnrollmentRequest, EnrollmentJobOutput


def _registration_files() -> tuple[
    type[FraudsterRegistrationManifest],
    type[FraudsterRegistrationRequest],
    type[RegistrationJobOutput],
]:
    from ._manifest import FraudsterRegistrationManifest, FraudsterRegistrationRequest
    from ._output import RegistrationJobOutput

    return FraudsterRegistrationManifest, FraudsterRegistrationRequest, RegistrationJobOutput


if TYPE_CHECKING:
    Enrollment = JobKind[
        SpeakerEnrollmentJob,
        SpeakerEnrollmentJobSummary,
        SpeakerEnrollmentManifest,
        SpeakerEnrollmentRequest,
        EnrollmentJobOutput,
        EnrollmentConfig,
    ]
    Registration = JobKind[
        FraudsterRegistrationJob,
        FraudsterRegistrationJobSummary,
        FraudsterRegistrationManifest,
        FraudsterRegistrationRequest,
        RegistrationJobOutput,
        RegistrationConfig,
    ]

ENROLLMENT: Enrollment = JobKind(
    name="enrollment",
    job=SpeakerEnrollmentJob,
    summary=SpeakerEnrollmentJobSummary,
    config=EnrollmentConfig,
    start_request=StartSpeakerEnrollmentJobRequest,
    batch_files=_enrollment_files,
    start_method="start_speaker_enrollment_job",
    start_operation="StartSpeakerEnrollmentJob",
    describe_method="describe_speaker_enrollment_job",
    describe_operation="DescribeSpeakerEnrollmentJob",
    list_method="list_speaker_enrollment_jobs",
    list_operation="ListSpeakerEnrollmentJobs",
)
REGISTRATION: Registration = JobKind(
    name="registration",
    job=FraudsterRegistrationJob,
    summary=FraudsterRegistrationJobSummary,
    config=RegistrationConfig,
    start_request=StartFraudsterRegistrationJobRequest,
    batch_files=_registration_files,
    start_method="start_fraudster_registration_job",
    start_operation="StartFraudsterRegistrationJob",
    describe_method="describe_fraudster_registration_job",
    describe_operation="DescribeFraudsterRegistrationJob",
    list_method="list_fraudster_registration_jobs",
    list_operation="ListFraudsterRegistrationJobs",
)

AnyJobKind = JobKind[Any, Any, Any, Any, Any, Any]
"""A row as the code that serves both kinds sees it."""

KINDS: tuple[AnyJobKind, ...] = (ENROLLMENT, REGISTRATION)
"""Both rows."""

_BY_CLASS: dict[type[Any], AnyJobKind] = {
    cls: kind for kind in KINDS for cls in (kind.job, kind.summary, kind.config)
}


def kind_of(value: object, field: str = "job") -> AnyJobKind:
    """The row of a job, summary, manifest, manifest request, output file or config.

    Raises:
        InvalidParameterError: ``value`` is none of those (named ``field``).
    """
    kind = _BY_CLASS.get(type(value))
    if kind is None:  # a batch file's class, or none: loads the batch-file modules
        kind = next(
            (row for row in KINDS if type(value) in (row.manifest, row.request, row.output)), None
        )
    if kind is None:
        raise InvalidParameterError(
            field,
            value,
            "must be a speaker enrollment or fraudster registration job, summary, "
            "manifest, request or output",
            shown=type(value).__name__,
        )
    return kind


def job_address(job: object, field: str = "job") -> tuple[AnyJobKind, str, str]:
    """The row, domain id and job id of a job or job summary: what a Describe of it needs.

    Raises:
        InvalidParameterError: ``job`` is not a job or job summary with both ids.
    """
    kind = kind_of(job, field)
    domain_id, job_id = getattr(job, "domain_id", None), getattr(job, "job_id", None)
    if not isinstance(job, (kind.job, kind.summary)) or domain_id is None or job_id is None:
        raise InvalidParameterError(
            field, job, "must be a job or job summary with a job_id and a domain_id"
        )
    return kind, domain_id, job_id


def kind_named(name: str) -> AnyJobKind:
    """The row called ``enrollment`` or ``registration``."""
    for kind in KINDS:
        if kind.name == name:
            return kind
    msg = f"no job kind is called {name!r}"
    raise KeyError(msg)
