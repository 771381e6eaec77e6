"""Test code that uses voiceid_jobs without AWS.

- :class:`FakeVoiceId`: a stateful, in-memory Voice ID batch service that answers a
  real boto3 client (:meth:`FakeVoiceId.attach`) or, through
  :mod:`voiceid_jobs.testing.server`, any AWS client over HTTP.
- :func:`make_wav`: real 8 kHz 16-bit PCM WAV files, one voice per name.
- Stubber helpers: :func:`job_response`, :func:`list_jobs_response` and the
  ``*_params`` functions for ``expected_params``.
- pytest fixtures (:mod:`voiceid_jobs.testing.pytest_plugin`, loaded automatically).
"""

from ._audio import make_wav
from ._fake import FakeVoiceId
from ._stubber import (
    describe_job_params,
    job_response,
    list_jobs_response,
    start_fraudster_registration_job_params,
    start_speaker_enrollment_job_params,
)

__all__ = [
    "FakeVoiceId",
    "describe_job_params",
    "job_response",
    "list_jobs_response",
    "make_wav",
    "start_fraudster_registration_job_params",
    "start_speaker_enrollment_job_params",
]
