"""String enums that survive values the service adds later.

Every enum here is a ``str``: a member compares equal to its value and is sent to
the service as that value. Looking up a value that is not a member (``JobStatus("PAUSED")``)
does not raise; it gives an *unknown* member whose ``is_unknown`` is true, so a
response that carries a status this version has never heard of still parses.
Request models refuse unknown members: they are for reading, not for sending
values the service never documented.
"""

from __future__ import annotations

import enum

__all__ = [
    "DuplicateRegistrationAction",
    "EnrollmentStatus",
    "ExistingEnrollmentAction",
    "FraudDetectionAction",
    "JobStatus",
    "OpenEnum",
    "RegistrationStatus",
]


class OpenEnum(str, enum.Enum):
    """A ``str`` enum that keeps unknown values instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> OpenEnum | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    @property
    def is_unknown(self) -> bool:
        """True when this value is not one this version of voiceid_jobs knows."""
        return self._name_ not in type(self).__members__

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(str(self.value), format_spec)


class ExistingEnrollmentAction(OpenEnum):
    """What an enrollment job does with a speaker who is already enrolled."""

    SKIP = "SKIP"
    """Keep the existing voiceprint (the service's default)."""
    OVERWRITE = "OVERWRITE"
    """Replace the voiceprint with one made from the new audio."""


class FraudDetectionAction(OpenEnum):
    """What an enrollment job does with a speaker the fraud check flags."""

    FAIL = "FAIL"
    """Do not enroll the speaker (the service's default)."""
    IGNORE = "IGNORE"
    """Enroll the speaker anyway."""


class DuplicateRegistrationAction(OpenEnum):
    """What a registration job does with a fraudster who is already registered."""

    SKIP = "SKIP"
    """Do not register the duplicate (the service's default)."""
    REGISTER_AS_NEW = "REGISTER_AS_NEW"
    """Register the fraudster again, as a new fraudster."""


class JobStatus(OpenEnum):
    """The status of a speaker enrollment or fraudster registration job."""

    SUBMITTED = "SUBMITTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    COMPLETED_WITH_ERRORS = "COMPLETED_WITH_ERRORS"
    FAILED = "FAILED"

    @property
    def is_terminal(self) -> bool:
        """True for COMPLETED, COMPLETED_WITH_ERRORS and FAILED: the job will not change again."""
        return self in _TERMINAL


_TERMINAL = frozenset({JobStatus.COMPLETED, JobStatus.COMPLETED_WITH_ERRORS, JobStatus.FAILED})


class EnrollmentStatus(OpenEnum):
    """The outcome of one successful request in an enrollment job's output file."""

    NEW_ENROLLMENT = "NEW_ENROLLMENT"
    ENROLLMENT_OVERWRITE = "ENROLLMENT_OVERWRITE"
    DUPLICATE_SKIPPED = "DUPLICATE_SKIPPED"


class RegistrationStatus(OpenEnum):
    """The outcome of one successful request in a registration job's output file.

    The service's documentation spells the new-registration status both
    ``NEW_REGISTRATION`` and ``NEW_FRAUDSTER``; both parse to :attr:`NEW_REGISTRATION`.
    """

    NEW_REGISTRATION = "NEW_REGISTRATION"
    DUPLICATE_SKIPPED = "DUPLICATE_SKIPPED"
    NEW_FRAUDSTER = "NEW_REGISTRATION"  # an alias: the same member

    @classmethod
    def _missing_(cls, value: object) -> OpenEnum | None:
        if value == "NEW_FRAUDSTER":
            return cls.NEW_REGISTRATION
        return super()._missing_(value)
