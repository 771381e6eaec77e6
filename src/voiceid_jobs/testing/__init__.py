"""Test code that uses voiceid_jobs without AWS.

- :class:`FakeVoiceId`: a stateful, in-memory Voice ID batch service that answers a
  real boto3 client (:meth:`FakeVoiceId.attach`) or, through
  :mod:`voiceid_jobs.testing.server`, any AWS client over HTTP.
- :func:`mock_voiceid`: one fake serves every voice-id client made in process (boto3
  or aiobotocore, any session), as moto's ``mock_aws()`` serves the services it mocks;
  a decorator and a context manager.
- :func:`make_wav`: real 8 kHz 16-bit PCM WAV files, one voice per name.
- Stubber helpers: :func:`job_response`, :func:`list_jobs_response` and the
  ``*_params`` functions for ``expected_params``.
- For the async client: :func:`aio_stubbed_jobs` (aiobotocore's AioStubber) and
  :func:`aio_fake_jobs` (the fake, in process), as async context managers.
- pytest fixtures (:mod:`voiceid_jobs.testing.pytest_plugin`, loaded automatically).
"""

from ._aio import aio_fake_jobs, aio_stubbed_jobs
from ._audio import make_wav
from ._fake import FakeVoiceId
from ._intercept import mock_voiceid
from ._knobs import stall_then_jump
from ._stubber import (
    describe_job_params,
    job_response,
    list_jobs_response,
    start_fraudster_registration_job_params,
    start_speaker_enrollment_job_params,
)

__all__ = [
    "FakeVoiceId",
    "aio_fake_jobs",
    "aio_stubbed_jobs",
    "describe_job_params",
    "job_response",
    "list_jobs_response",
    "make_wav",
    "mock_voiceid",
    "stall_then_jump",
    "start_fraudster_registration_job_params",
    "start_speaker_enrollment_job_params",
]
