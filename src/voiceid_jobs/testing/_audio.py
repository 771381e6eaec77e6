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

import attrs

__all__ = ["MAX_AUDIO_BYTES", "AudioProblem", "Recording", "hear", "make_wav"]

MAX_AUDIO_BYTES = 20 * 1024 * 1024
"""The largest audio file the service takes (20 MB)."""

SAMPLE_RATE = 8000
"""The one sample rate the service takes, in Hz."""


class AudioProblem(Exception):  # noqa: N818 - a reason to reject a request, not a failure
    """Why an audio file cannot be used; the message goes to the output file."""


@attrs.frozen
class Recording:
    """What the fake hears in one audio file: a voice per channel, and its length."""

    voices: tuple[str, ...]
    """The voice on each channel: a digest of that channel's samples."""
    seconds: float
    """How long the file plays."""

    def voice(self, channel: int, uri: str) -> str:
        """The voice on ``channel``.

        Raises:
            AudioProblem: the file has no such channel.
        """
        if not 0 <= channel < len(self.voices):
            raise AudioProblem(f"{uri} has no channel {channel} (it has {len(self.voices)})")
        return self.voices[channel]


MAX_CHANNELS = 2
"""A recording's most channels: a request's ChannelId is 0 or 1."""


def hear(data: bytes, uri: str) -> Recording:
    """Decode a WAV file, checking it as the service would.

    Raises:
        AudioProblem: the file is too large, not RIFF/WAVE, or not 8 kHz 16-bit PCM.
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
    if channels > MAX_CHANNELS:
        raise AudioProblem(f"{uri} has {channels} channels; a recording has 1 or 2")
    samples = memoryview(frames).cast("h")
    voices = tuple(
        hashlib.sha256(samples[channel::channels].tobytes()).hexdigest()[:16]
        for channel in range(channels)
    )
    return Recording(voices=voices, seconds=len(samples) / channels / rate)


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
