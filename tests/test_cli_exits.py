"""Every way the installed command ends: one line, a documented exit code, no traceback."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from conftest import NO_BOTOCORE_RETRIES, Endpoint, FakeTime, local_endpoint
from fault_backend import answering
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from voiceid_jobs import VoiceIdJobsClient
from voiceid_jobs._cli._app import cli
from voiceid_jobs.testing import make_wav

pytestmark = pytest.mark.slow  # the installed command, run as a shell runs it, in subprocesses

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
VOICEID_JOBS = str(Path(sys.executable).with_name("voiceid-jobs"))
DEAD = "http://127.0.0.1:9"
ID = "D0main1d0000000000000a"


def program(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VOICEID_JOBS, *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def enroll_arguments(csv: Path, *extra: str, domain: str = ID) -> list[str]:
    return [
        "enroll",
        str(csv),
        "--domain-id",
        domain,
        "--role-arn",
        ROLE,
        "--staging-uri",
        "s3://cli-in/staging",
        "--output-uri",
        "s3://cli-in/out",
        *extra,
    ]


@pytest.fixture
def speakers_csv(tmp_path: Path) -> Path:
    path = tmp_path / "speakers.csv"
    path.write_text("speaker_id,audio_s3_uri\nalice,s3://cli-in/alice.wav\n")
    return path


# --- Bad input and configuration: exit 2, one line naming the option ----------------


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (["--domain-id", "abc"], "--domain-id"),
        (["--role-arn", "not-an-arn"], "--role-arn"),
        (["--job-name", "j" * 258], "--job-name"),
        (["--staging-uri", "not-s3"], "--staging-uri"),
        (["--output-uri", "s3://x"], "--output-uri"),
        (["--risk-threshold", "500"], "--risk-threshold"),
        (["--watchlist-id", "short"], "--watchlist-id"),
        (["--poll-delay", "nan"], "--poll-delay"),
        (["--connect-timeout", "0"], "--connect-timeout"),
        (["--read-timeout", "-1"], "--read-timeout"),
    ],
)
def test_bad_input_exits_2_naming_the_option_even_against_a_dead_endpoint(
    speakers_csv: Path, extra: list[str], option: str
) -> None:
    result = program(*enroll_arguments(speakers_csv), *extra, "--endpoint-url", DEAD)

    assert result.returncode == 2
    assert option in one_line_error(result)


@pytest.mark.parametrize(
    ("arguments", "environment", "named"),
    [
        (["--endpoint-url", "notaurl"], {}, "--endpoint-url"),
        (["--endpoint-url", "ftp://voiceid.example.com"], {}, "--endpoint-url"),
        (["--region", "bad region!"], {}, "--region"),
        (["--profile", "nobody"], {}, "--profile"),
        ([], {"AWS_SECRET_ACCESS_KEY": ""}, "credentials"),
        ([], {"AWS_RETRY_MODE": "bogus"}, "mode"),
    ],
)
def test_a_bad_configuration_exits_2_in_one_line(
    arguments: list[str], environment: dict[str, str], named: str
) -> None:
    env = {
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        **environment,
    }
    if env["AWS_SECRET_ACCESS_KEY"] == "":
        del env["AWS_SECRET_ACCESS_KEY"]
    base = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    result = subprocess.run(
        [VOICEID_JOBS, "describe", "enrollment", "--domain-id", ID, "--job-id", ID, *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**base, **env},
    )

    assert result.returncode == 2
    assert named in one_line_error(result)


@pytest.mark.parametrize(
    "arguments",
    [
        ["serve", "--port", "-1"],
        ["serve", "--port", "70000"],
        ["serve", "--speed", "0"],
        ["serve", "--speed", "-5"],
        ["serve", "--speed", "nan"],
        ["wait", "enrollment", "--domain-id", ID, "--job-id", ID, "--timeout", "-5"],
        ["wait", "enrollment", "--domain-id", ID, "--job-id", ID, "--timeout", "nan"],
        ["list", "enrollment"],
        ["describe", "--domain-id", ID, "--job-id", ID],
        ["no-such-command"],
    ],
)
def test_a_bad_option_value_is_a_usage_error_in_one_line(arguments: list[str]) -> None:
    result = (
        program(*arguments, "--endpoint-url", DEAD)
        if arguments[0] == "wait"
        else program(*arguments)
    )

    assert result.returncode == 2
    assert one_line_error(result).startswith(("voiceid-jobs: error:", "voiceid-jobs serve: error:"))


def test_a_csv_field_over_the_csv_modules_limit_is_a_csv_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("speaker_id,audio_s3_uri\n" + "a" * 200_000 + ",s3://cli-in/a.wav\n")

    result = program(*enroll_arguments(path), "--endpoint-url", DEAD)

    assert result.returncode == 2
    assert f"{path}:2" in one_line_error(result)


def test_version_and_python_dash_m_work() -> None:
    from importlib.metadata import version

    by_module = subprocess.run(
        [sys.executable, "-m", "voiceid_jobs", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert by_module.returncode == 0, by_module.stderr
    assert version("voiceid-jobs") in by_module.stdout
    assert program("--version").stdout == by_module.stdout


# --- CSV reading -------------------------------------------------------------------


def test_a_quoted_newline_is_part_of_its_field_not_a_joined_row(tmp_path: Path) -> None:
    path = tmp_path / "quoted.csv"
    path.write_text('speaker_id,audio_s3_uri\n"ali\nce",s3://cli-in/alice.wav\n')

    result = program(*enroll_arguments(path), "--dry-run")

    assert result.returncode == 2
    assert f"{path}:2" in one_line_error(result)
    assert "must match" in result.stderr


def test_a_header_after_comments_and_blank_lines_is_a_header(tmp_path: Path) -> None:
    path = tmp_path / "commented.csv"
    path.write_text("# exported nightly\n\nspeaker_id,audio_s3_uri\nalice,s3://cli-in/a.wav\n")

    result = program(*enroll_arguments(path), "--dry-run", "--output", "json")

    assert result.returncode == 0, result.stderr
    (plan,) = json.loads(result.stdout)["DryRun"]
    assert plan["Requests"] == 1


def test_a_line_separator_inside_a_field_does_not_split_the_row(tmp_path: Path) -> None:
    path = tmp_path / "separator.csv"
    path.write_text("speaker_id,audio_s3_uri\nali\u2028ce,s3://cli-in/a.wav\n", encoding="utf-8")

    result = program(*enroll_arguments(path), "--dry-run")

    assert result.returncode == 2
    line = one_line_error(result)
    assert f"{path}:2" in line
    assert "\u2028" not in line


# --- What is printed ------------------------------------------------------------------


def test_a_dry_run_prints_the_plan_and_writes_nothing(speakers_csv: Path) -> None:
    result = program(*enroll_arguments(speakers_csv), "--dry-run", "--endpoint-url", DEAD)

    assert result.returncode == 0, result.stderr
    assert "would stage 1 request at s3://cli-in/staging/enrollment-" in result.stdout
    assert "nothing was written or started" in result.stdout


def test_escape_sequences_in_a_csv_label_never_reach_the_terminal(
    fake_voiceid: Any, fake_voiceid_jobs: VoiceIdJobsClient, tmp_path: Path
) -> None:
    fake_voiceid.s3_client.create_bucket(Bucket="cli-in")
    domain = fake_voiceid.create_domain("escape")
    path = tmp_path / "escape.csv"
    path.write_text("fraudster,audio_s3_uri\n\x1b]0;owned\x07,s3://cli-in/a.wav\n")

    table = CliRunner().invoke(
        cli,
        ["register-fraudsters", *enroll_arguments(path, domain=domain)[1:], "--wait"],
        obj={"make_client": lambda *_: fake_voiceid_jobs},
    )

    assert table.exit_code == 1, table.output  # the recording is missing: the request failed
    assert "\x1b" not in table.stdout + table.stderr
    assert "\x07" not in table.stdout + table.stderr
    assert "\\x1b]0;owned\\x07" in table.stdout  # shown, escaped, in the results table


def test_errors_under_json_output_are_a_json_document_on_stderr(speakers_csv: Path) -> None:
    result = program(*enroll_arguments(speakers_csv, domain="abc"), "--output", "json")

    assert result.returncode == 2
    error = json.loads(result.stderr)["Error"]
    assert error["ExitCode"] == 2
    assert error["Message"].startswith("--domain-id:")


def test_the_demo_prints_one_json_document() -> None:
    result = program("demo", "--output", "json")

    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)


# --- Against the local endpoint: results, FAILED jobs, Ctrl-C ---------------------------


@pytest.fixture
def live(endpoint: Endpoint) -> Any:
    s3 = boto3.client("s3", endpoint_url=endpoint.url, region_name="us-east-1")
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # the endpoint is shared
        s3.create_bucket(Bucket="cli-in")
    s3.put_object(Bucket="cli-in", Key="alice.wav", Body=make_wav("alice"))
    return s3


def _connection(endpoint: Endpoint) -> list[str]:
    return ["--endpoint-url", endpoint.url, "--region", "us-east-1"]


def staged(s3: Any) -> list[str]:
    listing = s3.list_objects_v2(Bucket="cli-in", Prefix="staging/")
    return [item["Key"] for item in listing.get("Contents", [])]


def test_a_refused_command_stages_nothing(
    endpoint: Endpoint, live: Any, speakers_csv: Path
) -> None:
    before = staged(live)

    result = program(
        *enroll_arguments(speakers_csv, "--role-arn", "not-an-arn", domain=endpoint.domain_id),
        *_connection(endpoint),
    )

    assert result.returncode == 2
    assert staged(live) == before


def test_the_same_command_twice_starts_one_job_and_two_files_never_share_a_key(
    endpoint: Endpoint, live: Any, tmp_path: Path
) -> None:
    alice = tmp_path / "a" / "speakers.csv"
    bob = tmp_path / "b" / "speakers.csv"
    for path, name in ((alice, "alice"), (bob, "bob")):
        path.parent.mkdir()
        path.write_text(f"{name},s3://cli-in/alice.wav\n")
    arguments = ["--output", "json", *_connection(endpoint)]
    before = set(staged(live))
    domain_id = endpoint.new_domain("same-command-twice")

    first = program(*enroll_arguments(alice, domain=domain_id), *arguments)
    again = program(*enroll_arguments(alice, domain=domain_id), *arguments)

    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert json.loads(first.stdout)["Job"]["JobId"] == json.loads(again.stdout)["Job"]["JobId"]
    assert len(set(staged(live)) - before) == 1
    program(
        "wait",
        "enrollment",
        "--domain-id",
        domain_id,
        "--job-id",
        json.loads(first.stdout)["Job"]["JobId"],
        "--poll-delay",
        "0.5",
        *arguments,
    )
    other = program(*enroll_arguments(bob, domain=domain_id), *arguments)
    assert other.returncode == 0, other.stderr
    assert len(set(staged(live)) - before) == 2


def test_results_of_a_failed_job_exit_1_naming_why(endpoint: Endpoint, live: Any) -> None:
    manifest = json.dumps({"Version": "1.0", "SpeakerEnrollmentRequests": "not a list"})
    live.put_object(Bucket="cli-in", Key="broken.json", Body=manifest.encode())
    voiceid = boto3.client("voice-id", endpoint_url=endpoint.url, region_name="us-east-1")
    job_id = voiceid.start_speaker_enrollment_job(
        DomainId=endpoint.domain_id,
        DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://cli-in/broken.json"},
        OutputDataConfig={"S3Uri": "s3://cli-in/out"},
    )["Job"]["JobId"]
    waited = program(
        "wait",
        "enrollment",
        "--domain-id",
        endpoint.domain_id,
        "--job-id",
        job_id,
        "--poll-delay",
        "0.5",
        *_connection(endpoint),
    )

    result = program(
        "results",
        "enrollment",
        "--domain-id",
        endpoint.domain_id,
        "--job-id",
        job_id,
        *_connection(endpoint),
    )

    assert waited.returncode == result.returncode == 1
    assert f"job {job_id} failed (400" in one_line_error(result)
    assert "s3://cli-in/broken.json" in result.stderr


@contextlib.contextmanager
def relay(url: str, watched: bytes) -> Iterator[tuple[str, threading.Event]]:
    """A TCP relay to the endpoint at ``url``: the relay's URL, and an event set once a
    request that names ``watched`` has passed through it to the endpoint."""
    port = int(url.rsplit(":", 1)[1])
    seen = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    sockets = [listener]

    def pipe(source: socket.socket, sink: socket.socket, *, watch: bool) -> None:
        tail = b""  # what the last read ended with: a name split between two reads is seen
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if watch and watched in tail + data:
                    seen.set()
                tail = data[-len(watched) :]
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                upstream = socket.create_connection(("127.0.0.1", port))
                sockets.extend([client, upstream])
                for source, sink, watch in ((client, upstream, True), (upstream, client, False)):
                    threading.Thread(
                        target=pipe, args=(source, sink), kwargs={"watch": watch}, daemon=True
                    ).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        for each in sockets:
            each.close()


CTRL_C_HEARD = [
    sys.executable,
    "-c",
    (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
        "os.execv(sys.argv[1], sys.argv[1:])"
    ),
]
"""Run a command with Ctrl-C doing what it does by default. A shell without job control
starts background commands with it ignored, and a child inherits that."""


@pytest.mark.parametrize(
    ("stop", "code"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143)],
    ids=["ctrl-c exits 130", "sigterm exits 143"],
)
def test_a_stopped_wait_exits_naming_the_running_job_and_how_to_resume(
    tmp_path: Path, stop: signal.Signals, code: int
) -> None:
    # The fake's clock stands still (no advance per request): the job runs until the end.
    with local_endpoint("--create-domain", "stopped", "--advance-per-request", "0") as (
        serve,
        url,
    ):
        assert serve.stdout is not None
        domain = serve.stdout.readline().split()[-1]
        s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
        s3.create_bucket(Bucket="cli-in")
        s3.put_object(Bucket="cli-in", Key="alice.wav", Body=make_wav("alice"))
        path = tmp_path / "speakers.csv"
        path.write_text("alice,s3://cli-in/alice.wav\n")
        with relay(url, b"DescribeSpeakerEnrollmentJob") as (relayed, waiting):
            running = subprocess.Popen(
                [
                    *CTRL_C_HEARD,
                    VOICEID_JOBS,
                    *enroll_arguments(path, domain=domain),
                    "--wait",
                    "--poll-delay",
                    "0.5",
                    "--endpoint-url",
                    relayed,
                    "--region",
                    "us-east-1",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                # The command's wait has begun once its first Describe reaches the endpoint.
                assert waiting.wait(timeout=120), "the command never began its wait"
                running.send_signal(stop)
                _, stderr = running.communicate(timeout=30)
            finally:
                if running.poll() is None:
                    running.kill()
                    running.communicate(timeout=30)

    assert running.returncode == code
    assert "Traceback" not in stderr
    (line,) = stderr.strip().splitlines()
    assert "is still running" in line
    assert "run the same command again" in line


# --- Whatever the service answers ---------------------------------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    status=st.sampled_from([200, 400, 403, 404, 429, 500, 503]) | st.integers(100, 599),
    body=st.binary(max_size=30)
    | st.sampled_from([b"{}", b'{"Job": {}}', b'{"Job": "x"}', b'{"JobSummaries": "x"}'])
    | st.fixed_dictionaries(
        {
            "Job": st.dictionaries(
                st.sampled_from(["JobStatus", "CreatedAt", "JobProgress", "JobId"]),
                st.text(max_size=5) | st.integers() | st.none(),
            )
        }
    ).map(lambda body: json.dumps(body).encode()),
    command=st.sampled_from(["describe", "list", "wait", "results"]),
)
def test_whatever_the_service_answers_the_command_exits_0_to_5_without_a_traceback(
    status: int, body: bytes, command: str
) -> None:
    voiceid = boto3.client("voice-id", region_name="us-east-1", config=NO_BOTOCORE_RETRIES)
    voiceid.meta.events.register("before-send.voice-id", answering(status, body))
    time_ = FakeTime()
    jobs = VoiceIdJobsClient(voiceid, sleep=time_.sleep, clock=time_.clock)
    arguments = [command, "enrollment", "--domain-id", ID]
    if command != "list":
        arguments += ["--job-id", ID]
    if command == "wait":
        arguments += ["--timeout", "30"]

    result = CliRunner().invoke(
        cli,
        arguments,
        obj={"make_client": lambda *_: jobs},
        catch_exceptions=False,
    )

    event(f"exit {result.exit_code}")
    assert result.exit_code in {0, 1, 2, 3, 4, 5}  # 5: a job that has not ended, no results
    assert "Traceback" not in result.output
    if result.exit_code:
        assert len(result.stderr.strip().splitlines()) == 1


# --- Tables at 80 columns ------------------------------------------------------------------


def test_at_80_columns_a_long_label_is_shortened_and_the_result_stays_readable() -> None:
    import io

    from rich.console import Console

    from voiceid_jobs import RequestError, RequestOutcome, SpeakerEnrollmentJobSummary
    from voiceid_jobs._cli._render import Renderer

    buffer = io.StringIO()
    renderer = Renderer("table", Console(file=buffer, width=80, force_terminal=False))
    outcome: RequestOutcome[Any, Any] = RequestOutcome(
        request_id="x" * 64,
        request=None,
        error=RequestError(request_id="x" * 64, error_code=400, error_message="audio is 16 kHz"),
    )

    renderer.outcomes([outcome], "job")
    renderer.summaries(
        [SpeakerEnrollmentJobSummary(job_id=ID, job_status="COMPLETED_WITH_ERRORS")]  # type: ignore[arg-type]
    )

    text = buffer.getvalue()
    assert "unexpected" in text
    assert "400: audio is 16 kHz" in " ".join(text.split())
    assert "COMPLETED_WITH_ERRORS" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_an_unexpected_error_is_one_line_and_debug_shows_its_traceback() -> None:
    def broken(*_: object) -> VoiceIdJobsClient:
        message = "a bug"
        raise RuntimeError(message)

    arguments = ["describe", "enrollment", "--domain-id", ID, "--job-id", ID]
    plain = CliRunner().invoke(cli, arguments, obj={"make_client": broken})
    debug = CliRunner().invoke(cli, ["--debug", *arguments], obj={"make_client": broken})

    assert plain.exit_code == 1
    assert plain.stderr.strip() == (
        "error: internal error: RuntimeError: a bug (run with --debug for details)"
    )
    assert isinstance(debug.exception, RuntimeError)


def test_demo_without_the_testing_extra_says_what_to_install() -> None:
    without_moto = (
        "import sys; sys.modules['moto'] = None\n"
        "from voiceid_jobs._cli import main\n"
        "main(['demo'])\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", without_moto], capture_output=True, text=True, check=False
    )

    assert result.returncode == 2
    assert 'pip install "voiceid-jobs[cli,testing]"' in one_line_error(result)


def test_serve_and_the_server_module_take_the_same_options() -> None:
    by_command = program("serve", "--help")
    by_module = subprocess.run(
        [sys.executable, "-m", "voiceid_jobs.testing.server", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )

    assert by_command.returncode == by_module.returncode == 0
    for option in ("--host", "--port", "--speed", "--requests-per-second", "--create-domain"):
        assert option in by_command.stdout
    every_command = {"--debug"}  # the command line's own, taken by every command
    assert set(re.findall(r"--[a-z-]+", by_command.stdout)) - every_command == set(
        re.findall(r"--[a-z-]+", by_module.stdout)
    )


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--port", "70000"], "--port"),
        (["--speed", "0"], "--speed"),
        (["--host", "no such host!"], "--host"),
    ],
)
def test_the_server_module_refuses_a_bad_option_in_one_line(
    arguments: list[str], named: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voiceid_jobs.testing.server", *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert named in result.stderr


# --- Output that cannot be written: exit 6, one line, whatever the command --------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["--version"],
        ["demo"],
        ["serve", "--help"],
        ["describe", "--help"],
    ],
)
def test_a_full_standard_output_exits_6_in_one_line(arguments: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [VOICEID_JOBS, *arguments],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )

    assert result.returncode == 6, result.stderr
    assert "could not write the output" in one_line_error(result)
    assert "Exception ignored" not in result.stderr


def _with_standard_output_closed(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The program run as ``voiceid-jobs ARGUMENTS >&-`` runs it: file descriptor 1 closed."""
    return subprocess.run(
        ["/bin/sh", "-c", 'exec "$0" "$@" >&-', VOICEID_JOBS, *arguments],
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_closed_standard_output_exits_6_in_one_line(speakers_csv: Path) -> None:
    dry_run = _with_standard_output_closed(*enroll_arguments(speakers_csv), "--dry-run")
    helped = _with_standard_output_closed("--help")

    assert dry_run.returncode == helped.returncode == 6, dry_run.stderr + helped.stderr
    assert "could not write the output" in one_line_error(dry_run)
    assert "could not write the output" in one_line_error(helped)


def test_describe_with_standard_output_closed_exits_6(endpoint: Endpoint, live: Any) -> None:
    voiceid = boto3.client("voice-id", endpoint_url=endpoint.url, region_name="us-east-1")
    job_id = voiceid.start_speaker_enrollment_job(
        DomainId=endpoint.new_domain("closed-output"),
        DataAccessRoleArn=ROLE,
        InputDataConfig={"S3Uri": "s3://cli-in/missing.json"},
        OutputDataConfig={"S3Uri": "s3://cli-in/out"},
    )["Job"]
    arguments = ["--domain-id", job_id["DomainId"], "--job-id", job_id["JobId"]]

    result = _with_standard_output_closed(
        "describe", "enrollment", *arguments, *_connection(endpoint)
    )

    assert result.returncode == 6, result.stderr
    assert "could not write the output" in one_line_error(result)


@pytest.mark.parametrize("output", ["table", "json"])
def test_bad_input_exits_2_even_when_standard_error_cannot_be_written(
    speakers_csv: Path, output: str
) -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [VOICEID_JOBS, *enroll_arguments(speakers_csv, domain="abc"), "--output", output],
            stdout=subprocess.PIPE,
            stderr=full,
            text=True,
            check=False,
            timeout=120,
        )

    assert result.returncode == 2
    assert result.stdout == ""


def test_a_usage_error_exits_2_even_when_standard_error_cannot_be_written() -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [VOICEID_JOBS, "no-such-command"], stderr=full, check=False, timeout=120
        )

    assert result.returncode == 2


# --- serve ----------------------------------------------------------------------------------


def test_serve_on_a_port_in_use_is_one_line_and_exit_2() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = program("serve", "--port", port)

    assert result.returncode == 2
    line = one_line_error(result)
    assert "--port" in line
    assert port in line


def test_debug_after_the_command_is_taken() -> None:
    result = program("describe", "enrollment", "--domain-id", "abc", "--job-id", ID, "--debug")

    assert result.returncode == 2
    assert "--domain-id" in one_line_error(result)
