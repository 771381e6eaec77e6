"""Test code that uses voiceid_jobs without AWS.

- :class:`FakeVoiceId`: a stateful, in-memory Voice ID batch service that answers a
  real boto3 client (:meth:`FakeVoiceId.attach`) or, through
  :mod:`voiceid_jobs.testing.server`, any AWS client over HTTP.
- :func:`make_wav`: real 8 kHz 16-bit PCM WAV files, one voice per name.
- Stubber helpers: :func:`job_response`, :func:`start_params`.
"""

from ._audio import make_wav
from ._fake import FakeVoiceId

__all__ = ["FakeVoiceId", "make_wav"]
