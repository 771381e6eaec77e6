"""The package as a whole: its import, its exports, its README commands, its demo."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import voiceid_jobs

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_every_name_in_it_exists() -> None:
    assert list(voiceid_jobs.__all__) == sorted(voiceid_jobs.__all__)
    for name in voiceid_jobs.__all__:
        assert getattr(voiceid_jobs, name) is not None


def test_version_comes_from_the_installed_metadata() -> None:
    from importlib.metadata import version

    assert voiceid_jobs.__version__ == version("voiceid-jobs")


def test_the_readme_quick_start_is_the_ci_command_and_the_demo() -> None:
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(python3 scripts/dev\.py \w+)", quick_start, flags=re.MULTILINE)
    ci = (ROOT / ".ci" / "run").read_text()

    assert commands == ["python3 scripts/dev.py demo", "python3 scripts/dev.py test"]
    assert "exec python3 scripts/dev.py test" in ci


def test_the_demo_runs_and_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "job ended COMPLETED" in result.stdout


def test_models_and_batch_files_work_without_boto3_or_botocores_http_stack() -> None:
    """Only create() needs boto3; code built on the models never loads it."""
    script = (
        "import sys\n"
        "sys.modules['boto3'] = None\n"  # as if they could not be imported
        "sys.modules['urllib3'] = None\n"
        "import voiceid_jobs as v\n"
        "m = v.SpeakerEnrollmentManifest(speaker_enrollment_requests=[v.SpeakerEnrollmentRequest("
        "request_id='r1', speaker_id='s1', audio_specifications=[v.AudioSpecification("
        "s3_uri='s3://bucket/a.wav', channel_id=0)])])\n"
        "assert v.SpeakerEnrollmentManifest.from_json(m.to_json()) == m\n"
        "print(v.EnrollmentJobOutput.from_json('{}').errors)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "()"
