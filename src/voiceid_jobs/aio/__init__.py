"""The async client, on aiobotocore (``pip install "voiceid-jobs[aio]"``).

``AsyncVoiceIdJobsClient`` has the methods, arguments, models and errors of
:class:`voiceid_jobs.VoiceIdJobsClient`, as coroutines.
"""

from ._client import AsyncVoiceIdJobsClient

__all__ = ["AsyncVoiceIdJobsClient"]
