"""The package as a whole: its import, its exports, its README commands, its demo."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import voiceid_jobs

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_package_does_not_import_boto3_or_botocore() -> None:
    code = (
        "import sys, voiceid_jobs; "
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in {'boto3', 'botocore', 'tenacity'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def test_making_a_client_with_create_loads_no_models_attrs_cattrs_or_tenacity() -> None:
    code = (
        "import sys\n"
        "from voiceid_jobs import VoiceIdJobsClient\n"
        "VoiceIdJobsClient.create(region_name='us-east-1')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'attr', 'attrs', 'cattrs',"
        " 'tenacity'} or m.startswith('voiceid_jobs.')))"
    )
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )

    assert result.stdout.strip() == "['voiceid_jobs._client', 'voiceid_jobs._errors']"


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
