"""The voiceid-jobs command line.

Exit codes: 0 success; 1 the job completed with errors or failed; 2 bad input (a bad
CSV row, an invalid id, a missing file, a bad option); 3 a service or connection
error; 4 a wait that timed out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

import click

from voiceid_jobs._client import VoiceIdJobsClient
from voiceid_jobs._enums import (
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
)
from voiceid_jobs._errors import (
    EndpointError,
    InvalidParameterError,
    OutputFileError,
    ServiceError,
)
from voiceid_jobs._job_errors import JobFailedError, WaitTimeoutError
from voiceid_jobs._kinds import KINDS, KindName, kind_named, kind_of
from voiceid_jobs._manifest import FraudsterRegistrationRequest, SpeakerEnrollmentRequest
from voiceid_jobs._models import (
    EnrollmentConfig,
    FraudDetectionConfig,
    FraudsterRegistrationJob,
    OutputDataConfig,
    RegistrationConfig,
    SpeakerEnrollmentJob,
)
from voiceid_jobs._waiting import PollPolicy

from ._csv import CsvError, read_enrollment_csv, read_registration_csv
from ._render import Format, Renderer

__all__ = ["EXIT_BAD_INPUT", "EXIT_JOB_ERRORS", "EXIT_OK", "EXIT_SERVICE", "EXIT_TIMEOUT", "cli"]

EXIT_OK = 0
EXIT_JOB_ERRORS = 1
EXIT_BAD_INPUT = 2
EXIT_SERVICE = 3
EXIT_TIMEOUT = 4

P = ParamSpec("P")
R = TypeVar("R")
MakeClient = Callable[[str | None, str | None, str | None], VoiceIdJobsClient]


def _default_client(
    endpoint_url: str | None, region: str | None, profile: str | None
) -> VoiceIdJobsClient:
    import boto3

    session = boto3.Session(profile_name=profile, region_name=region)
    return VoiceIdJobsClient.create(session=session, endpoint_url=endpoint_url)


class Options:
    """What every subcommand takes: where to connect and how to print."""

    def __init__(self, ctx: click.Context, kwargs: dict[str, Any]) -> None:
        self.renderer = Renderer(cast("Format", kwargs.pop("output")))
        self._connection = (kwargs.pop("endpoint_url"), kwargs.pop("region"), kwargs.pop("profile"))
        obj: object = ctx.obj
        settings = cast("dict[str, Any]", obj) if isinstance(obj, dict) else {}
        self._make_client: MakeClient = settings.get("make_client", _default_client)

    def client(self) -> VoiceIdJobsClient:
        """The client, made on first use (so bad input fails before any connection)."""
        return self._make_client(*self._connection)


def command(name: str, help_text: str) -> Callable[[Callable[..., int]], click.Command]:
    """A subcommand with the shared options, and the CLI's error handling and exit codes."""

    def decorate(body: Callable[..., int]) -> click.Command:
        @click.option(
            "--endpoint-url", help="Send requests here instead of AWS (e.g. `voiceid-jobs serve`)."
        )
        @click.option("--region", help="The AWS region.")
        @click.option("--profile", help="The AWS profile to use.")
        @click.option(
            "--output",
            type=click.Choice(["table", "json"]),
            default="table",
            show_default=True,
            help="table for people, json for programs.",
        )
        @click.pass_context
        def run(ctx: click.Context, /, **kwargs: Any) -> None:
            options = Options(ctx, kwargs)
            ctx.exit(_handled(options.renderer, lambda: body(options, **kwargs)))

        for parameter in getattr(body, "__click_params__", []):
            run.__click_params__.append(parameter)  # type: ignore[attr-defined]
        return cli.command(name, help=help_text)(run)

    return decorate


def _handled(renderer: Renderer, body: Callable[[], int]) -> int:
    from botocore.exceptions import NoCredentialsError, NoRegionError, ProfileNotFound

    try:
        return body()
    except (InvalidParameterError, CsvError) as error:
        renderer.error(str(error))
        return EXIT_BAD_INPUT
    except (ProfileNotFound, NoRegionError, NoCredentialsError) as error:
        renderer.error(str(error))
        return EXIT_BAD_INPUT
    except JobFailedError as error:
        renderer.error(str(error))
        return EXIT_JOB_ERRORS
    except WaitTimeoutError as error:
        renderer.error(str(error))
        return EXIT_TIMEOUT
    except (ServiceError, EndpointError, OutputFileError) as error:
        renderer.error(str(error))
        return EXIT_SERVICE


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 success; 1 the job completed with errors or failed; 2 bad input; "
    "3 a service or connection error; 4 timed out waiting.",
)
def cli() -> None:
    """Run Amazon Connect Voice ID batch jobs: enroll speakers, register fraudsters."""


KIND = click.argument("kind", type=click.Choice([kind.name for kind in KINDS]))
DOMAIN = click.option("--domain-id", required=True, help="The Voice ID domain (22 characters).")
JOB = click.option("--job-id", required=True, help="The job's id (22 characters).")


def _job_options(body: Callable[..., int]) -> Callable[..., int]:
    """The options the two Start commands share."""
    for option in reversed(
        [
            click.argument("csv_file", metavar="CSV", type=click.Path(path_type=Path)),
            DOMAIN,
            click.option(
                "--role-arn", required=True, help="The IAM role Voice ID reads and writes S3 with."
            ),
            click.option(
                "--staging-uri",
                required=True,
                help="The S3 folder for the manifests: s3://bucket/folder.",
            ),
            click.option("--output-uri", required=True, help="The S3 folder for the output file."),
            click.option("--kms-key-id", help="The KMS key that encrypts the output file."),
            click.option("--job-name", help="A name for the job."),
            click.option("--watchlist-id", help="The watchlist to use (default: the domain's)."),
            click.option(
                "--wait/--no-wait",
                default=False,
                help="Run every job to its end (one per 10,000 speakers or 500 fraudsters) "
                "and print the results.",
            ),
            click.option(
                "--poll-delay",
                type=click.FloatRange(min=0.5),
                default=5.0,
                show_default=True,
                help="First poll delay.",
            ),
        ]
    ):
        body = option(body)
    return body


@command("enroll", "Enroll the speakers of a CSV file: speaker_id,audio_s3_uri[,channel_id].")
@_job_options
@click.option(
    "--existing-enrollment-action", type=click.Choice([m.value for m in ExistingEnrollmentAction])
)
@click.option(
    "--fraud-detection-action", type=click.Choice([m.value for m in FraudDetectionAction])
)
@click.option(
    "--risk-threshold", type=int, help="0-100: the fraud risk at which a speaker is flagged."
)
def enroll(options: Options, **args: Any) -> int:
    requests = read_enrollment_csv(args["csv_file"])
    detection = None
    if any(
        args[key] is not None
        for key in ("fraud_detection_action", "risk_threshold", "watchlist_id")
    ):
        detection = FraudDetectionConfig(
            fraud_detection_action=args["fraud_detection_action"],
            risk_threshold=args["risk_threshold"],
            watchlist_ids=() if args["watchlist_id"] is None else (args["watchlist_id"],),
        )
    config = EnrollmentConfig(
        existing_enrollment_action=args["existing_enrollment_action"],
        fraud_detection_config=detection,
    )
    return _run_job(options, args, requests, config)


@command(
    "register-fraudsters",
    "Register the fraudsters of a CSV file: fraudster,audio_s3_uri[,channel_id].",
)
@_job_options
@click.option(
    "--duplicate-registration-action",
    type=click.Choice([m.value for m in DuplicateRegistrationAction]),
)
@click.option(
    "--similarity-threshold",
    type=int,
    help="0-100: the similarity at which a fraudster is a duplicate.",
)
def register_fraudsters(options: Options, **args: Any) -> int:
    requests = read_registration_csv(args["csv_file"])
    config = RegistrationConfig(
        duplicate_registration_action=args["duplicate_registration_action"],
        fraudster_similarity_threshold=args["similarity_threshold"],
        watchlist_ids=() if args["watchlist_id"] is None else (args["watchlist_id"],),
    )
    return _run_job(options, args, requests, config)


def _run_job(
    options: Options,
    args: dict[str, Any],
    requests: tuple[SpeakerEnrollmentRequest, ...] | tuple[FraudsterRegistrationRequest, ...],
    config: EnrollmentConfig | RegistrationConfig,
) -> int:
    common: dict[str, Any] = {
        "domain_id": args["domain_id"],
        "data_access_role_arn": args["role_arn"],
        "output_data_config": OutputDataConfig(
            s3_uri=args["output_uri"], kms_key_id=args["kms_key_id"]
        ),
    }
    if not args["wait"]:
        return _start_one_job(options, args, requests, config, common)
    poll = PollPolicy(initial_delay=args["poll_delay"], max_delay=max(60.0, args["poll_delay"]))
    jobs = options.client()
    kind = kind_of(config, "config")
    run_shards = getattr(jobs, kind.run_method)
    with options.renderer.shard_progress() as update:
        run = run_shards(
            requests,
            **common,
            staging_uri=args["staging_uri"],
            job_name_prefix=args["job_name"],
            on_progress=update,
            poll=poll,
            **{kind.config_field: config},
        )
    job_ids = ", ".join(shard.job.job_id or "" for shard in run.shards)
    options.renderer.outcomes(jobs.run_outcomes(run), f"jobs {job_ids}")
    complete = all(shard.job.job_status == JobStatus.COMPLETED for shard in run.shards)
    return EXIT_OK if complete and run.failed == run.missing == 0 else EXIT_JOB_ERRORS


def _start_one_job(
    options: Options,
    args: dict[str, Any],
    requests: tuple[SpeakerEnrollmentRequest, ...] | tuple[FraudsterRegistrationRequest, ...],
    config: EnrollmentConfig | RegistrationConfig,
    common: dict[str, Any],
) -> int:
    """Without --wait: start the one job a CSV that fits in one job needs, and print it."""
    kind = kind_of(config, "config")
    limit = kind.max_requests
    if len(requests) > limit:
        jobs_needed = math.ceil(len(requests) / limit)
        raise CsvError(
            args["csv_file"],
            None,
            f"has {len(requests)} requests, more than one job takes ({limit}): "
            f"run it with --wait, as {jobs_needed} jobs one after another",
        )
    manifest_uri = f"{args['staging_uri'].rstrip('/')}/{args['csv_file'].stem}.json"
    jobs = options.client()
    manifest = kind.manifest_of(requests)
    start = getattr(jobs, kind.start_method)
    job = start(
        **common,
        input_data_config=jobs.upload_manifest(manifest, manifest_uri),
        job_name=args["job_name"],
        **{kind.config_field: config},
    )
    options.renderer.job(job)
    return EXIT_OK


def _wait(
    options: Options,
    jobs: VoiceIdJobsClient,
    job: SpeakerEnrollmentJob | FraudsterRegistrationJob,
    timeout: float,
    poll_delay: float,
) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
    poll = PollPolicy(initial_delay=poll_delay, max_delay=max(60.0, poll_delay))
    with options.renderer.progress(f"job {job.job_id}") as update:
        return jobs.wait_for_job(job, timeout=timeout, poll=poll, on_progress=update)


def _results(
    options: Options, jobs: VoiceIdJobsClient, job: SpeakerEnrollmentJob | FraudsterRegistrationJob
) -> int:
    options.renderer.outcomes(jobs.job_outcomes(job), f"job {job.job_id}: {job.job_status}")
    return EXIT_OK if job.job_status == JobStatus.COMPLETED else EXIT_JOB_ERRORS


def _describe(
    jobs: VoiceIdJobsClient, kind: KindName, domain_id: str, job_id: str
) -> SpeakerEnrollmentJob | FraudsterRegistrationJob:
    summary = kind_named(kind).summary(domain_id=domain_id, job_id=job_id)
    return jobs.describe_job(summary)


@command("describe", "Show a job.")
@KIND
@DOMAIN
@JOB
def describe(options: Options, kind: KindName, domain_id: str, job_id: str) -> int:
    options.renderer.job(_describe(options.client(), kind, domain_id, job_id))
    return EXIT_OK


@command("list", "List a domain's jobs.")
@KIND
@DOMAIN
@click.option(
    "--status", type=click.Choice([m.value for m in JobStatus]), help="Only jobs with this status."
)
def list_jobs(options: Options, kind: KindName, domain_id: str, status: str | None) -> int:
    jobs = options.client()
    job_status = None if status is None else JobStatus(status)
    list_jobs_of_kind = getattr(jobs, kind_named(kind).list_method)
    options.renderer.summaries(list_jobs_of_kind(domain_id=domain_id, job_status=job_status))
    return EXIT_OK


@command("wait", "Wait for a job to end, then print its results.")
@KIND
@DOMAIN
@JOB
@click.option("--timeout", type=float, default=3600.0, show_default=True, help="Seconds to wait.")
@click.option(
    "--poll-delay",
    type=click.FloatRange(min=0.5),
    default=5.0,
    show_default=True,
    help="First poll delay.",
)
def wait(options: Options, kind: KindName, domain_id: str, job_id: str, **settings: float) -> int:
    jobs = options.client()
    job = _describe(jobs, kind, domain_id, job_id)
    done = _wait(options, jobs, job, settings["timeout"], settings["poll_delay"])
    return _results(options, jobs, done)


@command("results", "Print what became of each request of an ended job.")
@KIND
@DOMAIN
@JOB
def results(options: Options, kind: KindName, domain_id: str, job_id: str) -> int:
    jobs = options.client()
    return _results(options, jobs, _describe(jobs, kind, domain_id, job_id))


@cli.command("serve", help="Serve the fake Voice ID service and S3 locally (see --help).")
@click.option("--port", type=int, default=0, help="The port (0: a free one).")
@click.option(
    "--speed", type=float, default=60.0, show_default=True, help="Fake seconds per real second."
)
@click.option(
    "--advance-per-request", type=float, default=0.0, help="Fake seconds per Voice ID request."
)
@click.option("--create-domain", metavar="NAME", help="Create a domain and print its id.")
def serve(port: int, speed: float, advance_per_request: float, create_domain: str | None) -> None:
    from voiceid_jobs.testing.server import main

    argv = [
        "--port",
        str(port),
        "--speed",
        str(speed),
        "--advance-per-request",
        str(advance_per_request),
    ]
    if create_domain:
        argv += ["--create-domain", create_domain]
    raise SystemExit(main(argv))


@cli.command("demo", help="Run a demo against the bundled fake: no AWS account, no network.")
@click.option("--output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def demo(output: str) -> None:
    from ._demo import run_demo

    raise SystemExit(run_demo(Renderer(cast("Format", output))))
