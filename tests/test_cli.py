"""The voiceid-jobs command line: through click's runner, and as a real program."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import click
import pytest
from click.testing import CliRunner, Result
from conftest import Endpoint

from voiceid_jobs import InputDataConfig, OutputDataConfig, VoiceIdJobsClient
from voiceid_jobs._cli._app import cli
from voiceid_jobs.testing import FakeVoiceId, make_wav

ROLE = "arn:aws:iam::123456789012:role/VoiceIdBatch"
VOICEID_JOBS = str(Path(sys.executable).with_name("voiceid-jobs"))


@pytest.fixture
def domain(fake_voiceid: FakeVoiceId) -> str:
    for bucket in ("audio", "batches"):
        fake_voiceid.s3_client.create_bucket(Bucket=bucket)
    for name in ("alice", "bob", "mallory"):
        fake_voiceid.s3_client.put_object(Bucket="audio", Key=f"{name}.wav", Body=make_wav(name))
    fake_voiceid.s3_client.put_object(
        Bucket="audio", Key="wideband.wav", Body=make_wav("carol", sample_rate=16000)
    )
    return fake_voiceid.create_domain("cli")


@pytest.fixture
def run(fake_voiceid: FakeVoiceId, fake_voiceid_jobs: VoiceIdJobsClient) -> Any:
    """Run the CLI in-process against the fake (its waits take no real time)."""

    def invoke(*arguments: str) -> Result:
        return CliRunner().invoke(
            cli,
            list(arguments),
            obj={
                "make_client": lambda endpoint, region, profile: fake_voiceid_jobs,
                "clock": fake_voiceid.now,
            },
            catch_exceptions=False,
        )

    return invoke


def csv_file(tmp_path: Path, text: str, name: str = "speakers.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def job_arguments(domain: str, csv: str, *extra: str) -> list[str]:
    return [
        csv,
        "--domain-id",
        domain,
        "--role-arn",
        ROLE,
        "--staging-uri",
        "s3://batches/staging",
        "--output-uri",
        "s3://batches/results",
        *extra,
    ]


# --- enroll and register-fraudsters -----------------------------------------------


def test_enroll_wait_prints_every_speakers_result_and_exits_0(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(
        tmp_path,
        "speaker_id,audio_s3_uri,channel_id\nalice,s3://audio/alice.wav,0\nbob,s3://audio/bob.wav\n",
    )

    result = run("enroll", *job_arguments(domain, csv, "--wait", "--output", "json"))

    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["Results"]
    assert [
        (r["RequestId"], r["SpeakerId"], r["Status"], r["EnrollmentStatus"]) for r in results
    ] == [
        ("r00001", "alice", "succeeded", "NEW_ENROLLMENT"),
        ("r00002", "bob", "succeeded", "NEW_ENROLLMENT"),
    ]


def test_enroll_wait_with_a_failed_request_exits_1_and_shows_why(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\ncarol,s3://audio/wideband.wav\n")

    table = run("enroll", *job_arguments(domain, csv, "--wait"))
    document = run(
        "results",
        "enrollment",
        "--domain-id",
        domain,
        "--job-id",
        _last_job(table),
        "--output",
        "json",
    )

    assert table.exit_code == 1
    assert "succeeded" in table.stdout
    assert "failed" in table.stdout
    assert document.exit_code == 1
    failed = json.loads(document.stdout)["Results"][1]
    assert failed["Status"] == "failed"
    assert failed["ErrorCode"] == 400
    assert "8 kHz 16-bit PCM" in failed["ErrorMessage"]


def _last_job(result: Result) -> str:
    """The last job id in the title of a run's results table ("job <id>: <status>, ...")."""
    return re.findall(r"job ([a-zA-Z0-9]{22}):", result.stdout)[-1]


def test_enroll_passes_the_enrollment_options_to_the_job(
    run: Any, fake_voiceid: FakeVoiceId, domain: str, tmp_path: Path
) -> None:
    watchlist = fake_voiceid.create_watchlist(domain, "fraud")
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")

    result = run(
        "enroll",
        *job_arguments(
            domain,
            csv,
            "--existing-enrollment-action",
            "OVERWRITE",
            "--fraud-detection-action",
            "IGNORE",
            "--risk-threshold",
            "70",
            "--watchlist-id",
            watchlist,
            "--job-name",
            "nightly",
            "--kms-key-id",
            "alias/k",
            "--output",
            "json",
        ),
    )

    assert result.exit_code == 0, result.stderr
    job = json.loads(result.stdout)["Job"]
    assert job["JobStatus"] == "SUBMITTED"
    assert job["JobName"] == "nightly-1"  # as with --wait: <job-name>-<shard>
    assert job["OutputDataConfig"] == {"S3Uri": "s3://batches/results", "KmsKeyId": "alias/k"}
    assert job["EnrollmentConfig"] == {
        "ExistingEnrollmentAction": "OVERWRITE",
        "FraudDetectionConfig": {
            "FraudDetectionAction": "IGNORE",
            "RiskThreshold": 70,
            "WatchlistIds": [watchlist],
        },
    }


def test_register_fraudsters_wait_reports_the_duplicate(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(
        tmp_path,
        "fraudster,audio_s3_uri\nmallory,s3://audio/mallory.wav\nmallory-again,s3://audio/mallory.wav\n",
        "fraudsters.csv",
    )

    result = run("register-fraudsters", *job_arguments(domain, csv, "--wait", "--output", "json"))

    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["Results"]
    assert [r["RegistrationStatus"] for r in results] == ["NEW_REGISTRATION", "DUPLICATE_SKIPPED"]
    assert results[1]["FraudsterSimilarityScore"] == 100


def test_enroll_wait_runs_a_csv_larger_than_one_job_as_several(
    run: Any, domain: str, tmp_path: Path
) -> None:
    rows = "".join(f"speaker-{n},s3://audio/alice.wav\n" for n in range(10_001))
    csv = csv_file(tmp_path, rows)

    result = run("enroll", *job_arguments(domain, csv, "--wait", "--output", "json"))
    listed = run("list", "enrollment", "--domain-id", domain, "--output", "json")

    assert result.exit_code == 0, result.stderr
    results = json.loads(result.stdout)["Results"]
    assert len(results) == 10_001
    assert {r["Status"] for r in results} == {"succeeded"}
    assert len(json.loads(listed.stdout)["JobSummaries"]) == 2


def test_enroll_without_wait_refuses_a_csv_larger_than_one_job(
    run: Any, domain: str, tmp_path: Path
) -> None:
    rows = "".join(f"speaker-{n},s3://audio/alice.wav\n" for n in range(10_001))

    result = run("enroll", *job_arguments(domain, csv_file(tmp_path, rows)))

    assert result.exit_code == 2
    assert (
        "has 10001 requests, more than one job takes (10000): run it with --wait" in result.stderr
    )


# --- describe, list, wait, results -------------------------------------------------


def started_job(
    jobs: VoiceIdJobsClient, domain: str, manifest_uri: str = "s3://batches/missing.json"
) -> str:
    job = jobs.start_speaker_enrollment_job(
        domain_id=domain,
        data_access_role_arn=ROLE,
        input_data_config=InputDataConfig(s3_uri=manifest_uri),
        output_data_config=OutputDataConfig(s3_uri="s3://batches/results"),
    )
    assert job.job_id is not None
    return job.job_id


def test_describe_list_and_results_print_json_that_parses_back(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")
    job_id = json.loads(run("enroll", *job_arguments(domain, csv, "--output", "json")).stdout)[
        "Job"
    ]["JobId"]

    waited = run(
        "wait", "enrollment", "--domain-id", domain, "--job-id", job_id, "--output", "json"
    )
    described = run(
        "describe", "enrollment", "--domain-id", domain, "--job-id", job_id, "--output", "json"
    )
    listed = run(
        "list", "enrollment", "--domain-id", domain, "--status", "COMPLETED", "--output", "json"
    )
    none_listed = run("list", "registration", "--domain-id", domain, "--output", "json")
    results = run(
        "results", "enrollment", "--domain-id", domain, "--job-id", job_id, "--output", "json"
    )

    assert waited.exit_code == 0
    assert json.loads(described.stdout)["Job"]["JobStatus"] == "COMPLETED"
    assert [s["JobId"] for s in json.loads(listed.stdout)["JobSummaries"]] == [job_id]
    assert json.loads(none_listed.stdout) == {"JobSummaries": []}
    assert json.loads(results.stdout)["Results"][0]["Status"] == "succeeded"
    assert results.exit_code == 0


def test_tables_are_printed_for_people(
    run: Any, domain: str, fake_voiceid_jobs: VoiceIdJobsClient
) -> None:
    job_id = started_job(fake_voiceid_jobs, domain)

    described = run("describe", "enrollment", "--domain-id", domain, "--job-id", job_id)
    listed = run("list", "enrollment", "--domain-id", domain)

    assert described.exit_code == 0
    assert "JobStatus" in described.stdout
    assert job_id in listed.stdout
    assert "{" not in listed.stdout


def test_register_fraudsters_without_wait_starts_one_job_and_prints_it(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "mallory,s3://audio/mallory.wav\n", "fraud.csv")

    result = run("register-fraudsters", *job_arguments(domain, csv, "--output", "json"))

    assert result.exit_code == 0, result.stderr
    job = json.loads(result.stdout)["Job"]
    assert job["JobStatus"] == "SUBMITTED"
    assert re.fullmatch(
        r"s3://batches/staging/registration-[0-9a-f]{40}\.json", job["InputDataConfig"]["S3Uri"]
    )


def test_progress_bars_are_drawn_on_a_terminal_and_follow_the_jobs() -> None:
    import io

    from rich.console import Console

    from voiceid_jobs import JobProgress, JobStatus, ShardProgress, SpeakerEnrollmentJob
    from voiceid_jobs._cli._render import Renderer

    screen = io.StringIO()
    renderer = Renderer(
        "table", Console(file=screen, force_terminal=True, width=100, color_system=None)
    )
    job = SpeakerEnrollmentJob(
        job_id="J" * 22,
        job_status=JobStatus.IN_PROGRESS,
        job_progress=JobProgress(percent_complete=40),
    )
    done = SpeakerEnrollmentJob(
        job_id="J" * 22,
        job_status=JobStatus.COMPLETED,
        job_progress=JobProgress(percent_complete=100),
    )

    with renderer.progress("one job") as update:
        update(job)
        update(done)
    with renderer.shard_progress() as shard_update:
        shard_update(ShardProgress(shard_index=0, shard_count=2, shard_requests=10, job=done))
        shard_update(ShardProgress(shard_index=1, shard_count=2, shard_requests=5, job=job))

    drawn = screen.getvalue()
    assert "one job" in drawn
    assert "COMPLETED" in drawn
    assert "1 of 2" in drawn
    assert "job 2" in drawn


@pytest.mark.slow
def test_without_the_cli_extra_the_program_says_what_to_install() -> None:
    without_click = (
        "import sys; sys.modules['click'] = None\n"  # as if the cli extra were not installed
        "from voiceid_jobs._cli import main\n"
        "main()\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", without_click], capture_output=True, text=True, check=False
    )

    assert result.returncode == 2
    assert 'pip install "voiceid-jobs[cli]"' in result.stderr
    assert "Traceback" not in result.stderr


# --- Exit codes and errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "alice,s3://audio/alice.wav\nbob\n",
            "speakers.csv:2: expected speaker_id,audio_s3_uri[,channel_id] (got 1 columns)",
        ),
        ("alice,s3://Audio/alice.wav\n", "speakers.csv:1: audio_s3_uri must match"),
        ("alice,s3://audio/alice.wav,2\n", "speakers.csv:1: channel_id must be 0 or 1 (got '2')"),
        ("speaker_id,audio_s3_uri\n\n# nothing\n", "speakers.csv: has no rows"),
        ("bad id!,s3://audio/alice.wav\n", "speakers.csv:1: speaker_id: must match"),
        (
            "alice,s3://audio/a.wav\n" * 11,
            "speakers.csv:11: speaker_id has more than 10 audio files (from line 1)",
        ),
    ],
)
def test_a_bad_csv_row_is_a_one_line_error_with_file_and_line_and_exit_2(
    run: Any, domain: str, tmp_path: Path, text: str, message: str
) -> None:
    result = run("enroll", *job_arguments(domain, csv_file(tmp_path, text)))

    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_missing_csv_file_exits_2(run: Any, domain: str, tmp_path: Path) -> None:
    result = run("enroll", *job_arguments(domain, str(tmp_path / "nope.csv")))

    assert result.exit_code == 2
    assert "nope.csv: cannot be read" in result.stderr


def test_an_invalid_id_exits_2_before_anything_is_sent(run: Any, fake_voiceid: FakeVoiceId) -> None:
    result = run("describe", "enrollment", "--domain-id", "short", "--job-id", "J" * 22)

    assert result.exit_code == 2
    assert "--domain-id: must be exactly 22 characters long" in result.stderr
    assert fake_voiceid.calls == []


def test_a_service_error_exits_3(run: Any, domain: str) -> None:
    result = run("describe", "enrollment", "--domain-id", domain, "--job-id", "J" * 22)

    assert result.exit_code == 3
    assert "ResourceNotFoundException" in result.stderr


def test_a_failed_job_exits_1(run: Any, domain: str, fake_voiceid_jobs: VoiceIdJobsClient) -> None:
    job_id = started_job(fake_voiceid_jobs, domain)  # its manifest does not exist

    result = run("wait", "enrollment", "--domain-id", domain, "--job-id", job_id)

    assert result.exit_code == 1
    assert f"job {job_id} failed" in result.stderr


def _long_job(fake_voiceid: FakeVoiceId, jobs: VoiceIdJobsClient, domain: str) -> str:
    """An enrollment job of 100 requests, which runs for about 100 fake seconds."""
    fake_voiceid.s3_client.put_object(
        Bucket="batches",
        Key="long.json",
        Body=json.dumps(
            {
                "Version": "1.0",
                "SpeakerEnrollmentRequests": [
                    {
                        "RequestId": f"r{i}",
                        "SpeakerId": f"s{i}",
                        "AudioSpecifications": [{"S3Uri": "s3://audio/alice.wav", "ChannelId": 0}],
                    }
                    for i in range(100)
                ],
            }
        ),
    )
    return started_job(jobs, domain, "s3://batches/long.json")


def test_a_wait_that_times_out_exits_4(
    run: Any,
    domain: str,
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    tmp_path: Path,
) -> None:
    job_id = _long_job(fake_voiceid, fake_voiceid_jobs, domain)

    result = run("wait", "enrollment", "--domain-id", domain, "--job-id", job_id, "--timeout", "30")

    assert result.exit_code == 4
    assert "still IN_PROGRESS after 30 seconds" in result.stderr


def test_an_unknown_option_value_is_a_usage_error_exit_2(run: Any) -> None:
    result = run("list", "enrollment", "--domain-id", "D" * 22, "--status", "DONE")

    assert result.exit_code == 2
    assert "Invalid value for '--status'" in result.stderr


# --- As a real program -------------------------------------------------------------


def program(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [VOICEID_JOBS, *arguments], capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.slow
def test_the_program_runs_a_job_against_the_local_endpoint(
    endpoint: Endpoint, tmp_path: Path
) -> None:
    domain_id = endpoint.new_domain("program-runs-a-job")  # its own: jobs are counted
    s3 = boto3.client("s3", endpoint_url=endpoint.url, region_name="us-east-1")
    with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou):  # the endpoint is shared
        s3.create_bucket(Bucket="cli-in")
    s3.put_object(Bucket="cli-in", Key="alice.wav", Body=make_wav("alice"))
    csv = csv_file(tmp_path, "alice,s3://cli-in/alice.wav\n")
    connection = ["--endpoint-url", endpoint.url, "--region", "us-east-1", "--output", "json"]

    started = program(
        "enroll",
        csv,
        "--domain-id",
        domain_id,
        "--role-arn",
        ROLE,
        "--staging-uri",
        "s3://cli-in/staging",
        "--output-uri",
        "s3://cli-in/out",
        *connection,
    )
    job_id = json.loads(started.stdout)["Job"]["JobId"]
    status = ""
    for _ in range(5):  # each request moves the endpoint's clock on by 10 seconds
        described = program(
            "describe",
            "enrollment",
            "--domain-id",
            domain_id,
            "--job-id",
            job_id,
            *connection,
        )
        status = json.loads(described.stdout)["Job"]["JobStatus"]
        if status == "COMPLETED":
            break
    results = program(
        "results", "enrollment", "--domain-id", domain_id, "--job-id", job_id, *connection
    )
    listed = program("list", "enrollment", "--domain-id", domain_id, *connection)

    assert started.returncode == 0, started.stderr
    assert status == "COMPLETED"
    assert results.returncode == 0, results.stderr
    assert json.loads(results.stdout)["Results"][0]["SpeakerId"] == "alice"
    assert [s["JobId"] for s in json.loads(listed.stdout)["JobSummaries"]] == [job_id]


@pytest.mark.slow
def test_the_program_reports_a_connection_error_with_exit_3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # botocore would sleep up to 15 s retrying
    result = program(
        "describe",
        "enrollment",
        "--domain-id",
        "D" * 22,
        "--job-id",
        "J" * 22,
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--region",
        "us-east-1",
    )

    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "Could not connect" in result.stderr


@pytest.mark.slow
def test_the_demo_runs_in_a_subprocess_and_exits_0() -> None:
    result = program("demo")

    assert result.returncode == 0, result.stderr
    assert "Summary" in result.stdout
    assert "DUPLICATE_SKIPPED" in result.stdout
    assert re.search(r"fraudster registration\W+4\W+4\W+0\W+0", result.stdout)
    assert re.search(r"speaker enrollment\W+30\W+28\W+2\W+0", result.stdout)
    words = " ".join(result.stdout.split())
    assert (
        "one caller who sounds like a fraudster and one recording at 16 kHz were refused" in words
    )


def test_results_of_a_job_still_running_exits_5_saying_so(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")
    job_id = json.loads(run("enroll", *job_arguments(domain, csv, "--output", "json")).stdout)[
        "Job"
    ]["JobId"]

    result = run("results", "enrollment", "--domain-id", domain, "--job-id", job_id)

    assert result.exit_code == 5
    assert "has no results yet" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_job_id_given_twice_is_listed_once(run: Any, domain: str, tmp_path: Path) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\nbob,s3://audio/bob.wav\n")
    job_id = json.loads(run("enroll", *job_arguments(domain, csv, "--output", "json")).stdout)[
        "Job"
    ]["JobId"]
    run("wait", "enrollment", "--domain-id", domain, "--job-id", job_id)
    given = ["results", "enrollment", "--domain-id", domain, "--output", "json"]

    twice = run(*given, "--job-id", job_id, "--job-id", job_id)

    assert twice.exit_code == 0
    listed = [entry["RequestId"] for entry in json.loads(twice.stdout)["Results"]]
    assert len(listed) == len(set(listed)) == 2  # each request once, not once a --job-id


@pytest.mark.slow
def test_output_that_cannot_be_written_is_one_line_and_exit_6(tmp_path: Path) -> None:
    csv = tmp_path / "speakers.csv"
    csv.write_text("alice,s3://audio/alice.wav\n")
    dry_run = [
        *("enroll", str(csv), "--domain-id", "D0main1d0000000000000a", "--role-arn", ROLE),
        *("--staging-uri", "s3://batches/staging", "--output-uri", "s3://batches/out", "--dry-run"),
    ]

    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [VOICEID_JOBS, *dry_run], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )

    assert result.returncode == 6, result.stderr
    assert "could not write the output" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_enroll_wait_wait_and_results_print_one_json_document_shape(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\ncarol,s3://audio/wideband.wav\n")
    enrolled = json.loads(
        run("enroll", *job_arguments(domain, csv, "--wait", "--output", "json")).stdout
    )
    job = ["--domain-id", domain, "--job-id", enrolled["Jobs"][0], "--output", "json"]

    waited = json.loads(run("wait", "enrollment", *job).stdout)
    results = json.loads(run("results", "enrollment", *job).stdout)

    assert set(enrolled) == {"Jobs", "JobStatuses", "Counts", "Results"}
    assert waited == results == enrolled
    assert enrolled["Counts"] == {"Requests": 2, "Succeeded": 1, "Failed": 1, "Missing": 0}
    assert enrolled["JobStatuses"] == {enrolled["Jobs"][0]: "COMPLETED_WITH_ERRORS"}


def test_enroll_reads_the_csv_from_standard_input_for_a_dash(
    fake_voiceid_jobs: VoiceIdJobsClient, domain: str
) -> None:
    result = CliRunner().invoke(
        cli,
        ["enroll", *job_arguments(domain, "-", "--dry-run", "--output", "json")],
        input="alice,s3://audio/alice.wav\nbob,s3://audio/bob.wav\n",
        obj={"make_client": lambda endpoint, region, profile: fake_voiceid_jobs},
        catch_exceptions=False,
    )

    assert result.exit_code == 0, result.stderr
    (plan,) = json.loads(result.stdout)["DryRun"]
    assert plan["Requests"] == 2


@pytest.mark.parametrize("columns", ["40", "20"])
def test_results_on_a_narrow_terminal_cut_nothing(
    fake_voiceid_jobs: VoiceIdJobsClient, run: Any, domain: str, tmp_path: Path, columns: str
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\ncarol,s3://audio/wideband.wav\n")
    job_id = json.loads(
        run("enroll", *job_arguments(domain, csv, "--wait", "--output", "json")).stdout
    )["Jobs"][0]

    result = CliRunner().invoke(
        cli,
        ["results", "enrollment", "--domain-id", domain, "--job-id", job_id],
        obj={"make_client": lambda endpoint, region, profile: fake_voiceid_jobs},
        env={"COLUMNS": columns},
        catch_exceptions=False,
    )

    flat = " ".join(result.stdout.split())
    for whole in ("NEW_ENROLLMENT", "alice", "carol", "succeeded", "failed", job_id, "8 kHz"):
        assert whole in flat


def test_a_csv_over_16_mib_is_refused_in_one_line_before_anything_is_sent(
    run: Any, domain: str, tmp_path: Path, fake_voiceid: FakeVoiceId
) -> None:
    path = tmp_path / "huge.csv"
    row = b"speaker-0000000,s3://audio/alice.wav\n"
    path.write_bytes(row * (16 * 1024 * 1024 // len(row) + 1))

    result = run("enroll", *job_arguments(domain, str(path), "--dry-run"))

    assert result.exit_code == 2
    assert "larger than 16 MiB" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert fake_voiceid.calls == []


# --- Which option an error names ----------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--kms-key-id", ""),
        ("--kms-key-id", "k" * 2049),
        ("--output-uri", "s3://x"),
        ("--staging-kms-key-id", ""),
        ("--role-arn", "arn:aws:iam::123456789012:user/someone"),
        ("--job-name", "a name"),
        ("--expected-bucket-owner", "12345"),
        ("--similarity-threshold", "101"),
    ],
)
def test_a_bad_value_is_blamed_on_the_option_it_came_in(
    run: Any, domain: str, tmp_path: Path, option: str, value: str
) -> None:
    command = "register-fraudsters" if option == "--similarity-threshold" else "enroll"
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")

    result = run(command, *job_arguments(domain, csv, option, value, "--dry-run"))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {option}: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("field", "option"),
    [
        ("output_data_config.kms_key_id", "--kms-key-id"),
        ("output_data_config.s3_uri", "--output-uri"),
        ("input_data_config.s3_uri", "--staging-uri"),
        ("data_access_role_arn", "--role-arn"),
        ("job_name", "--job-name"),
        ("enrollment_config.fraud_detection_config.watchlist_ids[0]", "--watchlist-id"),
        ("registration_config.fraudster_similarity_threshold", "--similarity-threshold"),
        ("s3_client", None),
    ],
)
def test_a_library_field_maps_to_the_option_that_sets_it(field: str, option: str | None) -> None:
    from voiceid_jobs._cli._exits import option_for

    assert option_for(field) == option


# --- Format and bidirectional characters ---------------------------------------------


def _unprintable() -> list[str]:
    """Every character that can change what a terminal shows around it, by Unicode itself."""
    import unicodedata

    return [
        chr(code)
        for code in range(0x110000)
        if unicodedata.category(chr(code)) in {"Cc", "Cf", "Zl", "Zp"}
    ]


def test_no_control_or_format_character_survives_escaping() -> None:
    from voiceid_jobs._cli._render import safe

    characters = _unprintable()
    shown = safe("".join(characters))

    assert {"\u202e", "\u200f", "\u2066", "\ufeff", "\u00ad"} <= set(characters)
    assert not set(shown) & set(characters)
    assert "\\u202e" in shown


def test_a_right_to_left_override_in_a_label_is_shown_escaped(
    run: Any, domain: str, tmp_path: Path
) -> None:
    csv = csv_file(tmp_path, "fraudster,audio_s3_uri\nev\u202egnp,s3://audio/missing.wav\n")

    result = run("register-fraudsters", *job_arguments(domain, csv, "--wait"))

    assert result.exit_code == 1, result.stderr
    assert "\u202e" not in result.stdout + result.stderr
    assert "ev\\u202egnp" in result.stdout


def test_a_bidi_character_in_an_error_line_is_shown_escaped(run: Any) -> None:
    result = run("describe", "enrollment", "--domain-id", "\u2067abc\u2069", "--job-id", "J" * 22)

    assert result.exit_code == 2
    assert "\u2067" not in result.stderr
    assert "\u2069" not in result.stderr
    assert "\\u2067abc\\u2069" in result.stderr


def test_a_format_character_in_a_click_error_is_shown_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from voiceid_jobs._cli import main

    with pytest.raises(SystemExit) as ended:
        main(["list", "enrollment", "--domain-id", "D" * 22, "extra\u202eevil"])

    assert ended.value.code == 2
    error = capsys.readouterr().err
    assert "\u202e" not in error
    assert "\\u202eevil" in error


def test_a_status_from_the_service_is_escaped_in_progress_bars() -> None:
    import io

    from rich.console import Console

    from voiceid_jobs import SpeakerEnrollmentJob
    from voiceid_jobs._cli._render import Renderer

    screen = io.StringIO()
    renderer = Renderer(
        "table", Console(file=screen, force_terminal=True, width=100, color_system=None)
    )
    job = SpeakerEnrollmentJob(job_id="J" * 22, job_status="IN\u202ePROGRESS[bold]")  # type: ignore[arg-type]

    with renderer.progress("one job") as update:
        update(job)

    assert "\u202e" not in screen.getvalue()
    assert "IN\\u202ePROGRESS[bold]" in screen.getvalue()


# --- --dry-run checks where it would connect -------------------------------------------


@pytest.mark.parametrize(
    ("extra", "option"),
    [
        (["--endpoint-url", "::::"], "--endpoint-url"),
        (["--endpoint-url", "ftp://voiceid.example.com"], "--endpoint-url"),
        (["--region", "mars"], "--region"),
        (["--region", "bad region!"], "--region"),
        (["--profile", "nobody"], "--profile"),
    ],
)
@pytest.mark.parametrize("dry_run", [True, False])
def test_connection_settings_are_checked_with_and_without_dry_run(
    domain: str, tmp_path: Path, extra: list[str], option: str, *, dry_run: bool
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")
    arguments = ["enroll", *job_arguments(domain, csv, *extra)]

    result = CliRunner().invoke(cli, [*arguments, "--dry-run"] if dry_run else arguments)

    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {option}: ")
    assert "would stage" not in result.stdout


def test_a_dry_run_takes_any_region_for_an_endpoint_url_and_connects_to_nothing(
    tmp_path: Path,
) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")
    arguments = [*job_arguments("D" * 22, csv, "--region", "local", "--dry-run")]

    result = CliRunner().invoke(cli, ["enroll", *arguments, "--endpoint-url", "http://127.0.0.1:9"])

    assert result.exit_code == 0, result.stderr
    assert "dry run: nothing was written or started" in result.stdout


# --- serve is a click command -----------------------------------------------------------


def test_serve_help_is_click_styled_like_every_other_command() -> None:
    served = CliRunner().invoke(cli, ["serve", "--help"], prog_name="voiceid-jobs")
    listed = CliRunner().invoke(cli, ["list", "--help"], prog_name="voiceid-jobs")

    assert served.exit_code == 0, served.output
    assert served.stdout.startswith("Usage: voiceid-jobs serve [OPTIONS]")
    assert listed.stdout.startswith("Usage: voiceid-jobs list [OPTIONS]")
    assert "Show this message and exit." in served.stdout
    assert "--requests-per-second" in served.stdout


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--port", "70000"], "--port"),
        (["--speed", "0"], "--speed"),
        (["--queue-seconds", "nan"], "--queue-seconds"),
    ],
)
def test_serve_refuses_a_bad_value_naming_its_option(arguments: list[str], named: str) -> None:
    result = CliRunner().invoke(cli, ["serve", *arguments], standalone_mode=False)

    assert isinstance(result.exception, click.BadParameter)
    assert named in result.exception.format_message()


# --- --queue: waiting for the domain's running job ---------------------------------------


def test_a_second_csv_for_a_busy_domain_exits_3_on_the_quota(
    run: Any,
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    tmp_path: Path,
) -> None:
    _long_job(fake_voiceid, fake_voiceid_jobs, domain)
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")

    result = run("enroll", *job_arguments(domain, csv))

    assert result.exit_code == 3
    assert "ServiceQuotaExceededException" in result.stderr


@pytest.mark.parametrize("wait", [[], ["--wait"]])
def test_queue_waits_for_the_domains_running_job_then_starts(
    run: Any,
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    tmp_path: Path,
    wait: list[str],
) -> None:
    running = _long_job(fake_voiceid, fake_voiceid_jobs, domain)
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")

    result = run("enroll", *job_arguments(domain, csv, "--queue", *wait, "--output", "json"))

    assert result.exit_code == 0, result.stderr
    before = fake_voiceid_jobs.describe_speaker_enrollment_job(domain_id=domain, job_id=running)
    mine = (
        json.loads(result.stdout)["Jobs"][0] if wait else json.loads(result.stdout)["Job"]["JobId"]
    )
    started = fake_voiceid_jobs.describe_speaker_enrollment_job(domain_id=domain, job_id=mine)
    assert before.job_status == "COMPLETED"
    assert before.ended_at is not None
    assert started.created_at is not None
    assert started.created_at >= before.ended_at


def test_queue_waits_for_a_registration_job_too(
    run: Any, fake_voiceid: FakeVoiceId, domain: str, tmp_path: Path
) -> None:
    first = csv_file(tmp_path, "mallory,s3://audio/mallory.wav\n", "first.csv")
    second = csv_file(tmp_path, "eve,s3://audio/alice.wav\n", "second.csv")

    started = run("register-fraudsters", *job_arguments(domain, first))
    queued = run("register-fraudsters", *job_arguments(domain, second, "--queue"))

    assert started.exit_code == 0, started.stderr
    assert queued.exit_code == 0, queued.stderr


def test_queue_gives_up_after_its_timeout_with_exit_4(
    run: Any,
    fake_voiceid: FakeVoiceId,
    fake_voiceid_jobs: VoiceIdJobsClient,
    domain: str,
    tmp_path: Path,
) -> None:
    running = _long_job(fake_voiceid, fake_voiceid_jobs, domain)
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")
    start = fake_voiceid.now()

    result = run("enroll", *job_arguments(domain, csv, "--queue", "--queue-timeout", "30"))

    assert result.exit_code == 4
    (line,) = result.stderr.strip().splitlines()
    assert running in line
    assert "--queue-timeout" in line
    assert "nothing was started" in line
    assert 30 <= fake_voiceid.now() - start < 60
    assert (
        len(fake_voiceid_jobs.client.list_speaker_enrollment_jobs(DomainId=domain)["JobSummaries"])
        == 1
    )


def test_queue_timeout_needs_queue(run: Any, domain: str, tmp_path: Path) -> None:
    csv = csv_file(tmp_path, "alice,s3://audio/alice.wav\n")

    result = run("enroll", *job_arguments(domain, csv, "--queue-timeout", "30", "--dry-run"))

    assert result.exit_code == 2
    assert "--queue-timeout" in result.stderr


# --- --debug, before or after the command -----------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["--debug", "describe", "enrollment", "--domain-id", "D" * 22, "--job-id", "J" * 22],
        ["describe", "enrollment", "--debug", "--domain-id", "D" * 22, "--job-id", "J" * 22],
        ["describe", "enrollment", "--domain-id", "D" * 22, "--job-id", "J" * 22, "--debug"],
    ],
)
def test_debug_is_taken_before_or_after_the_command(arguments: list[str]) -> None:
    def broken(*_: object) -> VoiceIdJobsClient:
        message = "a bug"
        raise RuntimeError(message)

    result = CliRunner().invoke(cli, arguments, obj={"make_client": broken})

    assert isinstance(result.exception, RuntimeError)
