"""The package as a whole: its import, its exports, its README commands, its demo."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import voiceid_jobs

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "voiceid_jobs"


def test_all_is_sorted_and_every_name_in_it_exists() -> None:
    assert list(voiceid_jobs.__all__) == sorted(voiceid_jobs.__all__)
    for name in voiceid_jobs.__all__:
        assert getattr(voiceid_jobs, name) is not None


def type_checking_imports(init: Path) -> dict[str, str]:
    """Each name the ``if TYPE_CHECKING:`` block of ``init`` imports, with its module."""
    imported: dict[str, str] = {}
    for node in ast.parse(init.read_text()).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                assert statement.level == 1
                assert statement.module is not None
                imported.update({alias.name: statement.module for alias in statement.names})
    return imported


def test_the_lazy_map_the_type_checking_imports_and_all_name_the_same_names() -> None:
    imported = type_checking_imports(SOURCE / "__init__.py")

    assert len(imported) == len(voiceid_jobs.__all__)
    assert imported == voiceid_jobs._MODULES
    assert sorted(imported) == list(voiceid_jobs.__all__)


def test_every_public_name_is_the_object_its_module_defines() -> None:
    for name, module in type_checking_imports(SOURCE / "__init__.py").items():
        defined = getattr(importlib.import_module(f"voiceid_jobs.{module}"), name)

        assert getattr(voiceid_jobs, name) is defined, name


@pytest.mark.parametrize("package", ["testing", "aio"])
def test_a_subpackages_all_is_sorted_and_names_what_it_imports(package: str) -> None:
    init = ast.parse((SOURCE / package / "__init__.py").read_text())
    imported = [
        alias.name
        for node in init.body
        if isinstance(node, ast.ImportFrom) and node.level  # from its own modules
        for alias in node.names
    ]
    exported = importlib.import_module(f"voiceid_jobs.{package}").__all__

    assert list(exported) == sorted(exported)
    assert sorted(imported) == sorted(exported)


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


def loaded_after(script: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``script``."""
    result = subprocess.run(
        [sys.executable, "-c", f"{script}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


DESCRIBE = """
import boto3
from botocore.stub import Stubber
from voiceid_jobs import VoiceIdJobsClient
client = boto3.client("voice-id", region_name="us-east-1")
with Stubber(client) as stubber:
    stubber.add_response(
        "describe_speaker_enrollment_job",
        {"Job": {"JobId": "J0b1d00000000000000001", "JobStatus": "IN_PROGRESS"}},
    )
    job = VoiceIdJobsClient(client).describe_speaker_enrollment_job(
        domain_id="D0main1d0000000000000a", job_id="J0b1d00000000000000001"
    )
assert job.job_status == "IN_PROGRESS"
"""


def test_a_describe_loads_no_batch_file_sharding_or_outcome_module_nor_tenacity() -> None:
    loaded = loaded_after(DESCRIBE)

    assert {"voiceid_jobs._client", "voiceid_jobs._models", "cattrs"} <= loaded
    assert not loaded & {
        "voiceid_jobs._manifest",
        "voiceid_jobs._output",
        "voiceid_jobs._sharding",
        "voiceid_jobs._outcomes",
        "tenacity",
    }


CREATE = """
import os
os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
from voiceid_jobs import VoiceIdJobsClient
jobs = VoiceIdJobsClient.create(region_name="us-east-1")
"""
FIRST_CALL = {  # loaded by the first call, not by making a client
    "attrs",
    "voiceid_jobs._models",
    "voiceid_jobs._policies",
    "voiceid_jobs._manifest",
    "voiceid_jobs._output",
    "voiceid_jobs._operations",
    "cattrs",
    "tenacity",
}


def test_making_a_client_loads_no_model_batch_file_or_conversion_module() -> None:
    loaded = loaded_after(CREATE)

    assert "voiceid_jobs._client" in loaded
    assert not loaded & FIRST_CALL


def test_importing_the_async_client_loads_no_model_batch_file_or_conversion_module() -> None:
    pytest.importorskip("aiobotocore")
    loaded = loaded_after("from voiceid_jobs.aio import AsyncVoiceIdJobsClient")

    assert "voiceid_jobs.aio._client" in loaded
    assert not loaded & FIRST_CALL


def test_importing_the_package_loads_none_of_its_modules_until_a_name_is_used() -> None:
    loaded = loaded_after("import voiceid_jobs")

    assert not {name for name in loaded if name.startswith("voiceid_jobs.")}
    assert not loaded & {"attrs", "cattrs", "tenacity", "boto3"}


def test_importing_the_testing_package_loads_neither_boto3_nor_moto_nor_aiobotocore() -> None:
    loaded = loaded_after("import voiceid_jobs.testing")

    assert "voiceid_jobs.testing._intercept" in loaded
    assert not loaded & {"boto3", "moto", "aiobotocore"}


def test_every_public_name_is_in_dir_and_resolves_to_its_module_object() -> None:
    from voiceid_jobs._sharding import plan_speaker_enrollment

    assert set(voiceid_jobs.__all__) <= set(dir(voiceid_jobs))
    assert voiceid_jobs.plan_speaker_enrollment is plan_speaker_enrollment


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NoSuchThing"):
        voiceid_jobs.NoSuchThing  # noqa: B018


CLI_SCRIPT = """
import sys
from voiceid_jobs._cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    assert exit.code == 0, exit.code
print("loaded:", " ".join(sorted(sys.modules)))
"""


def run_cli(*arguments: str) -> tuple[str, set[str]]:
    """What the command line prints for ``arguments``, and the modules it loaded."""
    result = subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT, *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    printed, _, loaded = result.stdout.rpartition("loaded: ")
    return printed, set(loaded.split())


NOT_FOR_HELP = {"voiceid_jobs._models", "voiceid_jobs._client", "rich", "attrs", "cattrs"}


def test_version_answers_without_loading_the_models_or_the_command_line() -> None:
    printed, loaded = run_cli("--version")

    assert printed == f"voiceid-jobs, version {voiceid_jobs.__version__}\n"
    assert not loaded & {*NOT_FOR_HELP, "click"}


@pytest.mark.parametrize("command", [[], ["enroll"], ["register-fraudsters"], ["list"], ["wait"]])
def test_help_answers_without_loading_the_models_the_client_or_rich(command: list[str]) -> None:
    printed, loaded = run_cli(*command, "--help")

    assert printed.startswith(f"Usage: voiceid-jobs {' '.join(command)}".rstrip())
    assert not loaded & NOT_FOR_HELP
