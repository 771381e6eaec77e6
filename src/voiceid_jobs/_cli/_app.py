"""The voiceid-jobs command line.

Exit codes are documented in :mod:`._exits`: 0 success; 1 the job completed with
errors or failed; 2 bad input or configuration; 3 a service or connection error; 4 a
wait that timed out; 5 no results yet; 6 the output could not be written; 130
interrupted; 143 terminated. Every error is one line; ``--debug`` (before or after the
command) shows a traceback for a bug report.

The command tree is built from click and the enumerations alone: ``--help`` answers
without loading the models, the client or rich. Each command imports what it uses
when it runs.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, get_args

import click

from voiceid_jobs import (  # the enumerations alone: no model loads
    DuplicateRegistrationAction,
    ExistingEnrollmentAction,
    FraudDetectionAction,
    JobStatus,
)

from ._connection import check_connection, check_region
from ._exits import (
    EXIT_JOB_ERRORS,
    EXIT_OK,
    EXIT_RUNNING,
    CliError,
    handled,
    option_for,
)
from ._local import demo, serve
from ._queue import started_in_turn

if TYPE_CHECKING:
    from voiceid_jobs import (
        EnrollmentConfig,
        FraudsterRegistrationJobSummary,
        Job,
        PlannedShard,
        RegistrationConfig,
        ShardedRun,
        SpeakerEnrollmentJobSummary,
        VoiceIdJobsClient,
    )

    from ._render import Renderer

    MakeClient = Callable[[str | None, str | None, str | None], VoiceIdJobsClient]

__all__ = ["cli"]

KindName = Literal["enrollment", "registration"]
"""The command line's names of the two kinds of job, as the library's kinds table has them."""


class Calls(NamedTuple):
    """The public calls and names the command line uses for one kind of job.

    The library's own table of the two kinds is private: the command line is written
    on the public API alone, so it keeps only what it calls.
    """

    config_field: str
    """The argument of the plan and run calls that carries the config."""
    summary: type[SpeakerEnrollmentJobSummary | FraudsterRegistrationJobSummary]
    """What a job's ids make, for a Describe."""
    plan: Callable[..., tuple[PlannedShard, ...]]
    run: Callable[..., ShardedRun[Any]]
    """The client's method that runs requests in shards, called with the client first."""
    list: Callable[..., Iterator[Any]]
    """The client's List method, called with the client first."""


def calls(kind: KindName) -> Calls:
    """The calls of ``kind``: made by the first command that needs them (it loads the client)."""
    import voiceid_jobs as v

    if kind == "enrollment":
        return Calls(
            config_field="enrollment_config",
            summary=v.SpeakerEnrollmentJobSummary,
            plan=v.plan_speaker_enrollment,
            run=v.VoiceIdJobsClient.enroll_speakers,
            list=v.VoiceIdJobsClient.list_speaker_enrollment_jobs,
        )
    return Calls(
        config_field="registration_config",
        summary=v.FraudsterRegistrationJobSummary,
        plan=v.plan_fraudster_registration,
        run=v.VoiceIdJobsClient.register_fraudsters,
        list=v.VoiceIdJobsClient.list_fraudster_registration_jobs,
    )


def kind_of(value: Job | EnrollmentConfig | RegistrationConfig) -> KindName:
    """The kind of a job or a config."""
    from voiceid_jobs import EnrollmentConfig, SpeakerEnrollmentJob

    return (
        "enrollment"
        if isinstance(value, (SpeakerEnrollmentJob, EnrollmentConfig))
        else "registration"
    )


class Number(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on only
    """A finite number in a range: NaN, infinities and values outside it are refused."""

    name = "number"

    def __init__(self, *, least: float, positive: bool = False) -> None:
        self.least, self.positive = least, positive

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number) or number < self.least or (self.positive and number <= 0):
            rule = "greater than 0" if self.positive else f"at least {self.least:g}"
            self.fail(f"must be a finite number {rule} (got {value!r})", param, ctx)
        return number


def _default_client(
    endpoint_url: str | None,
    region: str | None,
    profile: str | None,
    *,
    connect_timeout: float | None,
    read_timeout: float | None,
) -> VoiceIdJobsClient:
    from botocore.config import Config  # heavy: only a command that calls AWS needs it

    from voiceid_jobs import VoiceIdJobsClient

    config = Config(connect_timeout=connect_timeout or 60, read_timeout=read_timeout or 60)
    return VoiceIdJobsClient.create(
        profile_name=profile, region_name=region, endpoint_url=endpoint_url, config=config
    )


class Options:
    """What every subcommand takes: where to connect and how to print.

    It also notes which job is running, for a Ctrl-C to name.
    """

    def __init__(
        self,
        renderer: Renderer,
        make_client: MakeClient,
        connection: tuple[str | None, str | None, str | None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.renderer = renderer
        self.make_client = make_client
        self.connection = connection
        self.clock = clock
        """The clock the command's own deadlines are read on (the client's, in tests)."""
        self.running: Job | None = None

    def client(self) -> VoiceIdJobsClient:
        """The client, made on first use (so bad input fails before any connection)."""
        endpoint_url, region, _ = self.connection
        check_region(region, endpoint_url)
        return self.make_client(*self.connection)

    def check_connection(self) -> None:
        """Check where the command would connect, as making its client does, without connecting."""
        check_connection(*self.connection)

    def follow(self, job: Job) -> None:
        """Note the job that is running now."""
        self.running = job


DEBUG = click.option(
    "--debug", is_flag=True, help="Show a traceback for an unexpected error (for a bug report)."
)


def command(
    name: str, help_text: str, *, formats: tuple[str, ...] = ("table", "json")
) -> Callable[[Callable[..., int]], click.Command]:
    """A subcommand with the shared options, and the CLI's error handling and exit codes."""

    def decorate(body: Callable[..., int]) -> click.Command:
        @click.option(
            "--endpoint-url", help="Send requests here instead of AWS (e.g. `voiceid-jobs serve`)."
        )
        @click.option("--region", help="The AWS region.")
        @click.option("--profile", help="The AWS profile to use.")
        @click.option(
            "--connect-timeout",
            type=Number(least=0, positive=True),
            help="Seconds to wait for a connection (botocore's default: 60).",
        )
        @click.option(
            "--read-timeout",
            type=Number(least=0, positive=True),
            help="Seconds to wait for an answer (botocore's default: 60).",
        )
        @DEBUG
        @click.option(
            "--output",
            type=click.Choice(list(formats)),
            default="table",
            show_default=True,
            help="table for people, json for programs"
            + (
                ", csv for rows that enroll and register-fraudsters read."
                if "csv" in formats
                else "."
            ),
        )
        @click.pass_context
        def run(ctx: click.Context, /, **kwargs: Any) -> None:
            from ._render import Format, Renderer

            obj: object = ctx.obj
            settings = cast("dict[str, Any]", obj) if isinstance(obj, dict) else {}
            timeouts = {key: kwargs.pop(key) for key in ("connect_timeout", "read_timeout")}
            options = Options(
                renderer=Renderer(cast("Format", kwargs.pop("output"))),
                make_client=settings.get("make_client")
                or functools.partial(_default_client, **timeouts),
                connection=(
                    kwargs.pop("endpoint_url"),
                    kwargs.pop("region"),
                    kwargs.pop("profile"),
                ),
                clock=settings.get("clock") or time.monotonic,
            )
            debug = kwargs.pop("debug") or bool(settings.get("debug"))
            code = handled(
                options.renderer,
                lambda: body(options, **kwargs),
                debug=debug,
                running=lambda: options.running,
                interrupted=_interrupted,
            )
            ctx.exit(code)

        for parameter in getattr(body, "__click_params__", []):
            run.__click_params__.append(parameter)  # type: ignore[attr-defined]
        return cli.command(name, help=help_text)(run)

    return decorate


def _interrupted(job: Job | None, how: str) -> str:
    """What an interrupted (Ctrl-C) or terminated (SIGTERM) command leaves behind."""
    if job is None or job.job_id is None:
        return f"{how} before any job was started; nothing is running"
    if job.is_terminal:
        return f"{how}; job {job.job_id} had ended {job.job_status}"
    kind = kind_of(job)
    return (
        f"{how}; job {job.job_id} is still running: run the same command again to "
        f"resume, or follow it with: voiceid-jobs wait {kind} --domain-id {job.domain_id} "
        f"--job-id {job.job_id}"
    )


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 success; 1 the job completed with errors or failed; 2 bad input; "
    "3 a service or connection error; 4 timed out waiting; 5 the job has not ended; "
    "6 the output could not be written; 130 interrupted; 143 terminated.",
)
@click.version_option(package_name="voiceid-jobs", prog_name="voiceid-jobs")
@DEBUG
@click.pass_context
def cli(ctx: click.Context, /, debug: bool) -> None:
    """Run Amazon Connect Voice ID batch jobs: enroll speakers, register fraudsters."""
    obj: object = ctx.obj
    settings = cast("dict[str, Any]", obj) if isinstance(obj, dict) else {}
    ctx.obj = {**settings, "debug": debug}


KIND = click.argument("kind", type=click.Choice(get_args(KindName)))
DOMAIN = click.option("--domain-id", required=True, help="The Voice ID domain (22 characters).")
JOB = click.option("--job-id", required=True, help="The job's id (22 characters).")
POLL_DELAY = click.option(
    "--poll-delay",
    type=Number(least=0.5),
    default=5.0,
    show_default=True,
    help="Seconds before the second Describe (at least 0.5); each wait doubles, up to 60.",
)


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
            click.option(
                "--staging-kms-key-id", help="The KMS key that encrypts the staged manifests."
            ),
            click.option(
                "--expected-bucket-owner", help="The account that must own the staging bucket."
            ),
            click.option("--job-name", help="A name for the job (jobs: NAME-1, NAME-2, ...)."),
            click.option("--watchlist-id", help="The watchlist to use (default: the domain's)."),
            click.option(
                "--wait/--no-wait",
                default=False,
                help="Run every job to its end (one per 10,000 speakers or 500 fraudsters) "
                "and print the results.",
            ),
            click.option(
                "--dry-run",
                is_flag=True,
                help="Read and check the CSV; print what would be staged and started; "
                "write and start nothing.",
            ),
            POLL_DELAY,
            click.option(
                "--queue",
                is_flag=True,
                help="When the domain already runs a job of this kind (the service runs one "
                "at a time), wait for it to end, then start.",
            ),
            click.option(
                "--queue-timeout",
                type=Number(least=0),
                help="With --queue: seconds to wait for the domain's job to end, at most "
                "(default 3600).",
            ),
        ]
    ):
        body = option(body)
    return body


def _made(field: str, build: Callable[[], Any]) -> Any:
    """A model made from options' values, for the field ``field``; its error names the option.

    The option is the one that sets the field the model names (``field`` + ``.`` + its
    own field): ``output_data_config`` with ``kms_key_id`` is ``--kms-key-id``.
    """
    from voiceid_jobs import InvalidParameterError

    try:
        return build()
    except InvalidParameterError as error:
        option = option_for(f"{field}.{error.field}")
        if option is None:
            raise
        raise CliError(f"{option}: {error.rule} (got {error.shown})") from None


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
    import attrs

    from voiceid_jobs import EnrollmentConfig, FraudDetectionConfig

    from ._csv import read_enrollment_csv

    requests = read_enrollment_csv(args["csv_file"])
    detection = None
    if any(args[key] is not None for key in ("fraud_detection_action", "risk_threshold")):
        detection = _made(
            "enrollment_config.fraud_detection_config",
            lambda: FraudDetectionConfig(
                fraud_detection_action=args["fraud_detection_action"],
                risk_threshold=args["risk_threshold"],
            ),
        )
    if args["watchlist_id"] is not None:
        watchlist = _made(
            "enrollment_config.fraud_detection_config",
            lambda: FraudDetectionConfig(watchlist_ids=(args["watchlist_id"],)),
        )
        detection = attrs.evolve(
            detection or FraudDetectionConfig(), watchlist_ids=watchlist.watchlist_ids
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
    from voiceid_jobs import RegistrationConfig

    from ._csv import read_registration_csv

    requests = read_registration_csv(args["csv_file"])
    threshold = _made(
        "registration_config",
        lambda: RegistrationConfig(fraudster_similarity_threshold=args["similarity_threshold"]),
    )
    watchlist = _made(
        "registration_config",
        lambda: RegistrationConfig(
            watchlist_ids=() if args["watchlist_id"] is None else (args["watchlist_id"],)
        ),
    )
    config = RegistrationConfig(
        duplicate_registration_action=args["duplicate_registration_action"],
        fraudster_similarity_threshold=threshold.fraudster_similarity_threshold,
        watchlist_ids=watchlist.watchlist_ids,
    )
    return _run_job(options, args, requests, config)


def _run_job(
    options: Options,
    args: dict[str, Any],
    requests: tuple[Any, ...],
    config: EnrollmentConfig | RegistrationConfig,
) -> int:
    from voiceid_jobs import OutputDataConfig, PollPolicy

    call = calls(kind_of(config))
    output = _made(
        "output_data_config",
        lambda: OutputDataConfig(s3_uri=args["output_uri"], kms_key_id=args["kms_key_id"]),
    )
    settings: dict[str, Any] = {
        "domain_id": args["domain_id"],
        "data_access_role_arn": args["role_arn"],
        "staging_uri": args["staging_uri"],
        "output_data_config": output,
        "job_name_prefix": args["job_name"],
        "staging_kms_key_id": args["staging_kms_key_id"],
        "expected_bucket_owner": args["expected_bucket_owner"],
        call.config_field: config,
    }
    if args["queue_timeout"] is not None and not args["queue"]:
        raise CliError("--queue-timeout: waits only with --queue: give both")
    shards = call.plan(requests, **settings)  # every check, before anything is written
    if args["dry_run"]:
        options.check_connection()
        options.renderer.plan(shards)
        return EXIT_OK
    jobs = options.client()
    poll = PollPolicy(initial_delay=args["poll_delay"], max_delay=max(60.0, args["poll_delay"]))

    def in_turn(start: Callable[[], Any]) -> Any:
        """``start()``; with --queue, after the domain's active job of this kind has ended."""
        if not args["queue"]:
            return start()
        timeout = 3600.0 if args["queue_timeout"] is None else args["queue_timeout"]
        return started_in_turn(
            jobs,
            call.list,
            args["domain_id"],
            start,
            timeout=timeout,
            poll=poll,
            clock=options.clock,
        )

    if not args["wait"]:
        first, *more = shards  # a plan has at least one shard
        if more:
            raise CliError(
                f"{args['csv_file']}: has {len(requests)} requests, more than one job takes "
                f"({len(first.manifest.requests)}): run it with --wait, as "
                f"{len(shards)} jobs, one after another"
            )
        job = in_turn(lambda: jobs.start_planned_shard(first))  # run again, it finds this job
        options.follow(job)
        options.renderer.job(job)
        return EXIT_OK
    with options.renderer.shard_progress() as update:

        def progress(shard_progress: Any) -> None:
            options.follow(shard_progress.job)
            update(shard_progress)

        run = in_turn(lambda: call.run(jobs, requests, on_progress=progress, poll=poll, **settings))
    options.renderer.run_outcomes(run, jobs.run_outcomes(run))
    complete = all(shard.job.job_status == JobStatus.COMPLETED for shard in run.shards)
    return EXIT_OK if complete and run.failed == run.missing == 0 else EXIT_JOB_ERRORS


def _describe(jobs: VoiceIdJobsClient, kind: KindName, domain_id: str, job_id: str) -> Job:
    return jobs.describe_job(calls(kind).summary(domain_id=domain_id, job_id=job_id))


def _check_ended(job: Job) -> None:
    if not job.is_terminal:
        raise CliError(
            f"job {job.job_id} is still {job.job_status}: it has no results yet "
            "(wait for it with: voiceid-jobs wait)",
            EXIT_RUNNING,
        )


def _results(options: Options, jobs: VoiceIdJobsClient, job: Job) -> int:
    from voiceid_jobs import JobFailedError

    if job.job_status == JobStatus.FAILED:
        options.renderer.job(job)
        raise JobFailedError(job)
    _check_ended(job)
    options.renderer.results([job], jobs.job_outcomes(job))
    return EXIT_OK if job.job_status == JobStatus.COMPLETED else EXIT_JOB_ERRORS


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
    summaries = calls(kind).list(jobs, domain_id=domain_id, job_status=status)
    options.renderer.summaries(summaries)
    return EXIT_OK


@command("wait", "Wait for a job to end, then print its results.")
@KIND
@DOMAIN
@JOB
@click.option(
    "--timeout",
    type=Number(least=0),
    default=3600.0,
    show_default=True,
    help="Seconds to wait (a finite number, at least 0).",
)
@POLL_DELAY
def wait(options: Options, kind: KindName, domain_id: str, job_id: str, **settings: float) -> int:
    from voiceid_jobs import PollPolicy

    jobs = options.client()
    job = _describe(jobs, kind, domain_id, job_id)
    options.follow(job)
    poll = PollPolicy(
        initial_delay=settings["poll_delay"], max_delay=max(60.0, settings["poll_delay"])
    )
    with options.renderer.progress(f"job {job.job_id}") as update:

        def progress(current: Job) -> None:
            options.follow(current)
            update(current)

        done = jobs.wait_for_job(job, timeout=settings["timeout"], poll=poll, on_progress=progress)
    return _results(options, jobs, done)


@command(
    "results",
    "Print what became of each request of ended jobs (the jobs of one run: repeat --job-id).",
    formats=("table", "json", "csv"),
)
@KIND
@DOMAIN
@click.option(
    "--job-id", "job_ids", required=True, multiple=True, help="A job's id; repeat for a run."
)
@click.option(
    "--failed", is_flag=True, help="Only the requests that failed or are missing: to retry."
)
def results(
    options: Options, kind: KindName, domain_id: str, job_ids: tuple[str, ...], failed: bool
) -> int:
    from voiceid_jobs import JobFailedError, RequestOutcome

    jobs = options.client()
    job_ids = tuple(dict.fromkeys(job_ids))  # a job given twice is listed once
    ended = [_describe(jobs, kind, domain_id, job_id) for job_id in job_ids]
    for job in ended:
        _check_ended(job)
    if not failed:
        if len(ended) == 1:
            return _results(options, jobs, ended[0])
        for job in ended:
            if job.job_status == JobStatus.FAILED:
                raise JobFailedError(job)
    outcomes: list[RequestOutcome[Any, Any]] = []
    for job in ended:
        if failed and job.job_status == JobStatus.FAILED:  # no output file: every request
            requests: list[Any] = list(jobs.failed_requests(job))
            outcomes += [
                RequestOutcome(request_id=request.request_id, request=request)
                for request in requests
            ]
            continue
        outcomes += [
            outcome
            for outcome in jobs.job_outcomes(job)
            if not failed or outcome.status in {"failed", "missing"}
        ]
    options.renderer.results(ended, outcomes, "failed and missing requests" if failed else "")
    clean = all(job.job_status == JobStatus.COMPLETED for job in ended)
    return EXIT_OK if clean and all(o.status == "succeeded" for o in outcomes) else EXIT_JOB_ERRORS


cli.add_command(serve)
cli.add_command(demo)
