"""The one table of client-side rules, keyed by the service model's shape names.

:data:`CONSTRAINTS` holds the shapes of botocore's ``voice-id`` service model that the
six job operations use (``DomainId``, ``Score``, ...), plus a few shapes of the batch
files (``Manifest*``) that the model does not describe. A test holds the service
shapes against botocore's own service-2.json, so a rule that changes upstream fails
there. Validation, repr masking and the per-job request limits all read this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

import attrs

from ._enums import (
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
    OpenEnum,
)

__all__ = ["CONSTRAINTS", "Constraint"]


@attrs.frozen(kw_only=True)
class Constraint:
    """The rules for one shape: a string, an integer, an enum or a list."""

    type_name: Literal["string", "integer", "enum", "list"]
    """What the shape holds, as botocore's service model names its type."""
    min: int | None = None
    """The least length (string, list) or value (integer)."""
    max: int | None = None
    """The greatest length (string, list) or value (integer)."""
    pattern: str | None = None
    """The regular expression a whole string must match, as the service model writes it."""
    enum: type[OpenEnum] | None = None
    """The enum whose known members are the allowed values."""
    member: str | None = None
    """The shape of a list's members."""
    sensitive: bool = False
    """The value is personal data: it is masked in reprs, errors and logs."""


_ID = r"^[a-zA-Z0-9]{22}$"
_NAME = r"^[a-zA-Z0-9][a-zA-Z0-9_-]*$"
_S3_URI = r"^s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9](/.*)?$"

CONSTRAINTS: Final[Mapping[str, Constraint]] = {
    # Shapes of botocore's voice-id model, as the six job operations use them.
    "DomainId": Constraint(type_name="string", min=22, max=22, pattern=_ID),
    "JobId": Constraint(type_name="string", min=22, max=22, pattern=_ID),
    "WatchlistId": Constraint(type_name="string", min=22, max=22, pattern=_ID),
    "ClientTokenString": Constraint(type_name="string", min=1, max=64, pattern=r"^[a-zA-Z0-9-_]+$"),
    "IamRoleArn": Constraint(
        type_name="string", min=20, max=2048, pattern=r"^arn:aws(-[^:]+)?:iam::[0-9]{12}:role/.+$"
    ),
    "JobName": Constraint(type_name="string", min=1, max=256, pattern=_NAME, sensitive=True),
    "DomainName": Constraint(type_name="string", min=1, max=256, pattern=_NAME, sensitive=True),
    "WatchlistName": Constraint(type_name="string", min=1, max=256, pattern=_NAME, sensitive=True),
    "S3Uri": Constraint(type_name="string", min=0, max=1024, pattern=_S3_URI),
    "KmsKeyId": Constraint(type_name="string", min=1, max=2048),
    "Score": Constraint(type_name="integer", min=0, max=100),
    "MaxResultsForList": Constraint(type_name="integer", min=1, max=100),
    "EnrollmentJobFraudDetectionConfigWatchlistIds": Constraint(
        type_name="list", min=1, max=1, member="WatchlistId"
    ),
    "RegistrationConfigWatchlistIds": Constraint(
        type_name="list", min=1, max=1, member="WatchlistId"
    ),
    "ExistingEnrollmentAction": Constraint(type_name="enum", enum=ExistingEnrollmentAction),
    "FraudDetectionAction": Constraint(type_name="enum", enum=FraudDetectionAction),
    "DuplicateRegistrationAction": Constraint(type_name="enum", enum=DuplicateRegistrationAction),
    "SpeakerEnrollmentJobStatus": Constraint(type_name="enum", enum=JobStatus),
    "FraudsterRegistrationJobStatus": Constraint(type_name="enum", enum=JobStatus),
    # Names of our own: one rule shared by shapes the model spells twice.
    "JobStatus": Constraint(type_name="enum", enum=JobStatus),
    # Shapes of the batch input manifest, from the service's documentation.
    "ManifestVersion": Constraint(type_name="string", min=3, max=3, pattern=r"^1\.0$"),
    "ManifestRequestId": Constraint(type_name="string", min=1),
    "ManifestSpeakerId": Constraint(
        type_name="string", min=1, max=256, pattern=_NAME, sensitive=True
    ),
    # An audio file's URI follows the service's S3Uri rule and nothing more: that the
    # file is WAV, 8 kHz PCM-16 and small enough is checked by the service when it reads
    # it, per request (an error entry in the output file), not by a pattern here.
    "ManifestAudioS3Uri": Constraint(type_name="string", min=0, max=1024, pattern=_S3_URI),
    "ManifestChannelId": Constraint(type_name="integer", min=0, max=1),
    "ManifestAudioSpecifications": Constraint(type_name="list", min=1, max=10),
    "ManifestSpeakerEnrollmentRequests": Constraint(type_name="list", min=1, max=10_000),
    "ManifestFraudsterRegistrationRequests": Constraint(type_name="list", min=1, max=500),
}
"""Every client-side rule, keyed by shape name."""
