"""Conversion: a fully populated job response into our model, against the alternatives.

    python benchmarks/conversion.py [--repeat R] [--number N] [--peers]

Baseline: a hand-written ``from_dict`` that builds plain attrs twins of the same
classes: the same fields, frozen and slotted, without our request checks (a
response is never checked, so the baseline must not pay for checks either). No
target; the figure says what our structuring costs over code written by hand. With ``--peers`` it also measures, in a benchmark-only environment
(``.venv-bench``, made on first use from benchmarks/requirements-peers.txt), the
packages that do the same job: capo-voice-id's deserializer (from the wire JSON),
aws-resource-validator-voice-id's pydantic ``model_validate``, and
boto3-dataclass-voice-id with every field read. Ours must be the fastest of them.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
from _timing import describe, timings

from voiceid_jobs import (
    EnrollmentConfig,
    ExistingEnrollmentAction,
    FailureDetails,
    FraudDetectionAction,
    FraudDetectionConfig,
    InputDataConfig,
    JobProgress,
    JobStatus,
    OutputDataConfig,
    SpeakerEnrollmentJob,
)
from voiceid_jobs._converters import from_boto

ROOT = Path(__file__).resolve().parent.parent
CREATED = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
RESPONSE: dict[str, Any] = {
    "JobId": "J0b1d00000000000000001",
    "JobName": "nightly-enrollment",
    "JobStatus": "COMPLETED_WITH_ERRORS",
    "DomainId": "D0main1d0000000000000a",
    "DataAccessRoleArn": "arn:aws:iam::123456789012:role/VoiceIdBatch",
    "EnrollmentConfig": {
        "ExistingEnrollmentAction": "OVERWRITE",
        "FraudDetectionConfig": {
            "FraudDetectionAction": "IGNORE",
            "RiskThreshold": 70,
            "WatchlistIds": ["Watch1ist0000000000001"],
        },
    },
    "InputDataConfig": {"S3Uri": "s3://voiceid-in/manifests/enroll.json"},
    "OutputDataConfig": {"S3Uri": "s3://voiceid-out/results", "KmsKeyId": "alias/voiceid"},
    "JobProgress": {"PercentComplete": 100},
    "FailureDetails": {"StatusCode": 400, "Message": "some requests failed"},
    "CreatedAt": CREATED,
    "EndedAt": CREATED,
}
WIRE = {**RESPONSE, "CreatedAt": CREATED.timestamp(), "EndedAt": CREATED.timestamp()}


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def _plain_twin(cls: type[Any]) -> type[Any]:
    """A frozen, slotted attrs class with ``cls``'s fields and defaults, and no checks."""
    fields = {
        field.name: attrs.field(default=field.default, kw_only=True) for field in attrs.fields(cls)
    }
    return attrs.make_class(f"Plain{cls.__name__}", fields, frozen=True, slots=True)


PlainJob, PlainEnrollment, PlainDetection, PlainInput, PlainOutput, PlainProgress, PlainFailure = (
    _plain_twin(cls)
    for cls in (
        SpeakerEnrollmentJob,
        EnrollmentConfig,
        FraudDetectionConfig,
        InputDataConfig,
        OutputDataConfig,
        JobProgress,
        FailureDetails,
    )
)


def hand_written(data: dict[str, Any]) -> Any:
    """What a careful person writes by hand, for plain classes of the same shape."""
    enrollment = data.get("EnrollmentConfig")
    detection = enrollment.get("FraudDetectionConfig") if enrollment else None
    progress = data.get("JobProgress")
    failure = data.get("FailureDetails")
    source = data.get("InputDataConfig")
    target = data.get("OutputDataConfig")
    status = data.get("JobStatus")
    return PlainJob(
        job_id=data.get("JobId"),
        job_name=data.get("JobName"),
        job_status=None if status is None else JobStatus(status),
        domain_id=data.get("DomainId"),
        data_access_role_arn=data.get("DataAccessRoleArn"),
        enrollment_config=None
        if enrollment is None
        else PlainEnrollment(
            existing_enrollment_action=ExistingEnrollmentAction(
                enrollment["ExistingEnrollmentAction"]
            )
            if "ExistingEnrollmentAction" in enrollment
            else None,
            fraud_detection_config=None
            if detection is None
            else PlainDetection(
                fraud_detection_action=FraudDetectionAction(detection["FraudDetectionAction"])
                if "FraudDetectionAction" in detection
                else None,
                risk_threshold=detection.get("RiskThreshold"),
                watchlist_ids=tuple(detection.get("WatchlistIds", ())),
            ),
        ),
        input_data_config=None if source is None else PlainInput(s3_uri=source["S3Uri"]),
        output_data_config=None
        if target is None
        else PlainOutput(s3_uri=target["S3Uri"], kms_key_id=target.get("KmsKeyId")),
        job_progress=None
        if progress is None
        else PlainProgress(percent_complete=progress.get("PercentComplete")),
        failure_details=None
        if failure is None
        else PlainFailure(message=failure.get("Message"), status_code=failure.get("StatusCode")),
        created_at=_aware(data.get("CreatedAt")),
        ended_at=_aware(data.get("EndedAt")),
    )


def peers() -> dict[str, Any]:
    """The peers' conversions, each from its natural input, with every field read."""
    import capo_voice_id.types.speaker_enrollment_job as capo
    from aws_resource_validator.pydantic_models.voice_id.voice_id_classes import (
        SpeakerEnrollmentJobTypeDef,
    )
    from boto3_dataclass_voice_id.type_defs import SpeakerEnrollmentJob as DataclassJob

    def read_all(job: Any) -> None:
        """Every field, whether a property or a functools.cached_property."""
        for name in dir(type(job)):
            member = getattr(type(job), name, None)
            if not name.startswith("_") and isinstance(
                member, (property, functools.cached_property)
            ):
                value = getattr(job, name)
                if value is not None and hasattr(value, "boto3_raw_data"):
                    read_all(value)

    def dataclass_job() -> Any:
        job = DataclassJob.make_one(RESPONSE)
        read_all(job)
        return job

    return {
        "capo-voice-id deserialize_aws_json_1_0 (wire JSON)": lambda: capo.deserialize_aws_json_1_0(
            WIRE
        ),
        "aws-resource-validator-voice-id model_validate": lambda: (
            SpeakerEnrollmentJobTypeDef.model_validate(RESPONSE)
        ),
        "boto3-dataclass-voice-id make_one + every field": dataclass_job,
    }


def in_benchmark_env(argv: list[str]) -> int:
    """Run this script again in .venv-bench (made once), where the peers are installed."""
    venv = ROOT / ".venv-bench"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "-e",
                str(ROOT),
                "-r",
                str(ROOT / "benchmarks" / "requirements-peers.txt"),
            ],
            check=True,
        )
    env = {**os.environ, "VOICEID_JOBS_BENCH_ENV": "1"}
    return subprocess.run([str(python), __file__, *argv], env=env, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--peers", action="store_true", help="also measure the peer packages")
    args = parser.parse_args()
    if args.peers and not os.environ.get("VOICEID_JOBS_BENCH_ENV"):
        return in_benchmark_env(sys.argv[1:])

    ours_job, theirs = from_boto(RESPONSE, SpeakerEnrollmentJob), hand_written(RESPONSE)
    assert attrs.asdict(ours_job, recurse=True) == attrs.asdict(theirs, recurse=True)
    ours = timings(
        lambda: from_boto(RESPONSE, SpeakerEnrollmentJob), repeat=args.repeat, number=args.number
    )
    baseline = timings(lambda: hand_written(RESPONSE), repeat=args.repeat, number=args.number)
    print(
        f"conversion of a fully populated SpeakerEnrollmentJob, best of {args.repeat} x {args.number}"
    )
    print(f"  ours {min(ours) * 1e6:6.2f} us; hand-written from_dict {min(baseline) * 1e6:6.2f} us")
    print(f"  ours / hand-written from_dict : {describe(ours, baseline)}   (no target)")
    if args.peers:
        fastest = True
        for name, convert in peers().items():
            theirs = timings(convert, repeat=args.repeat, number=args.number)
            fastest = fastest and min(ours) < min(theirs)
            print(f"  ours / {name:52}: {describe(ours, theirs)}  ({min(theirs) * 1e6:6.2f} us)")
        print(f"  ours is the fastest of the peers: {'yes' if fastest else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
