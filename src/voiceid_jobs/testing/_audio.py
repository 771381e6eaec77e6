"""Audio for the fake: checking what the service accepts, and making test WAV files.

The service takes RIFF/WAVE files of 16-bit PCM at 8 kHz, at most 20 MB, and reads the
speaker from one channel. The fake checks exactly that, and gives each channel of a
file a *voice*: by default a digest of that channel's samples, so the same recording
is the same voice and different recordings are different voices (see
:meth:`FakeVoiceId.set_voice` to name voices yourself).
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import wave

__all__ = ["MAX_AUDIO_BYTES", "AudioProblem", "make_wav", "seconds_of", "voice_of"]

MAX_AUDIO_BYTES = 20 * 1024 * 1024
"""The largest audio file the service takes (20 MB)."""

SAMPLE_RATE = 8000
"""The one sample rate the service takes, in Hz."""


class AudioProblem(Exception):  # noqa: N818 - a reason to reject a request, not a failure
    """Why an audio file cannot be used; the message goes to the output file."""


def voice_of(data: bytes, channel: int, uri: str) -> str:
    """The voice on ``channel`` of a WAV file, checking the file as the service would.

    Raises:
        AudioProblem: the file is too large, not RIFF/WAVE, not 8 kHz 16-bit PCM, or
            has no such channel.
    """
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioProblem(f"{uri} is larger than 20 MB ({len(data)} bytes)")
    try:
        with wave.open(io.BytesIO(data)) as reader:
            channels, width, rate = (
                reader.getnchannels(),
                reader.getsampwidth(),
                reader.getframerate(),
            )
            frames = reader.readframes(reader.getnframes())
    except (wave.Error, EOFError, struct.error) as error:
        detail = f" ({error})" if str(error) else ""
        raise AudioProblem(f"{uri} is not a PCM RIFF/WAVE file{detail}") from None
    if width != 2 or rate != SAMPLE_RATE:  # noqa: PLR2004 - 16-bit samples
        raise AudioProblem(f"{uri} must be 8 kHz 16-bit PCM (it is {rate} Hz, {8 * width}-bit)")
    if not 0 <= channel < channels:
        raise AudioProblem(f"{uri} has no channel {channel} (it has {channels})")
    samples = memoryview(frames).cast("h")[channel::channels].tobytes()
    return hashlib.sha256(samples).hexdigest()[:16]


def seconds_of(data: bytes) -> float:
    """How long a WAV file (one the fake has already accepted) plays, in seconds."""
    with wave.open(io.BytesIO(data)) as reader:
        frames: int = reader.getnframes()
        rate: int = reader.getframerate()
    return frames / rate


def make_wav(
    voice: str,
    *,
    seconds: float = 1.0,
    sample_rate: int = SAMPLE_RATE,
    sample_width: int = 2,
    channels: int = 1,
) -> bytes:
    """A real WAV file whose samples depend only on ``voice`` (and the format).

    The same ``voice`` always gives the same recording, so the fake hears the same
    speaker; the defaults are what the service accepts (8 kHz, 16-bit, mono).
    Other rates, widths or channel counts make files for testing rejections.
    """
    seed = int.from_bytes(hashlib.sha256(voice.encode()).digest()[:4], "big")
    pitch = 90 + seed % 160
    frames = int(seconds * sample_rate)
    peak = (1 << (8 * sample_width - 1)) - 1
    output = io.BytesIO()
    with wave.open(output, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(sample_width)
        writer.setframerate(sample_rate)
        samples = bytearray()
        for index in range(frames):
            level = math.sin(2 * math.pi * pitch * index / sample_rate)
            level += 0.3 * math.sin(2 * math.pi * (pitch * 2.7 + seed % 7) * index / sample_rate)
            value = int(peak * 0.6 * level)
            encoded = (
                value.to_bytes(sample_width, "little", signed=True)
                if sample_width > 1
                else bytes([value // 256 + 128])
            )
            samples += encoded * channels
        writer.writeframes(bytes(samples))
    return output.getvalue()
