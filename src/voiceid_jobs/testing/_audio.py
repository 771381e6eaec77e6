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
import struct
import wave

import attrs

__all__ = ["MAX_AUDIO_BYTES", "AudioProblem", "Recording", "hear", "make_wav"]

MAX_AUDIO_BYTES = 20 * 1024 * 1024
"""The largest audio file the service takes (20 MB)."""

SAMPLE_RATE = 8000
"""The one sample rate the service takes, in Hz."""


class AudioProblem(Exception):  # noqa: N818 - a reason to reject a request, not a failure
    """Why an audio file cannot be used; the message goes to the output file.

    ``code`` is the error entry's ErrorCode: 400 for a file that is missing or not
    usable audio, 500 when the service's storage failed to read it.
    """

    def __init__(self, message: str, code: int = 400) -> None:
        super().__init__(message)
        self.code = code


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
    frames = frames[: len(frames) - len(frames) % (2 * max(channels, 1))]  # whole frames only
    samples = memoryview(frames).cast("h")
    voices = tuple(
        hashlib.sha256(samples[channel::channels].tobytes()).hexdigest()[:32]
        for channel in range(channels)
    )
    return Recording(voices=voices, seconds=len(samples) / channels / rate)


MARKED_SAMPLES = 256
"""How many samples at the start of each channel carry the name's SHA-256, one bit each."""


def voice_digest(voice: str) -> bytes:
    """The SHA-256 of ``voice`` (UTF-8): what tells one name's recording from another's."""
    return hashlib.sha256(voice.encode("utf-8", "surrogatepass")).digest()


def digest_bits(digest: bytes) -> bytes:
    """Each bit of ``digest``, most significant first, as a byte of 0 or 1."""
    return bytes(byte >> shift & 1 for byte in digest for shift in range(7, -1, -1))


def _sine(position: int, period: int, amplitude: int) -> int:
    """``amplitude * sin(2 pi position / period)``, in integers (Bhaskara's approximation).

    Integer arithmetic gives the same samples on every platform and Python version.
    """
    half = 2 * position  # in units where half a period is ``period``
    sign = 1
    if half >= period:
        half, sign = half - period, -1
    product = half * (period - half)
    return sign * (16 * amplitude * product // (5 * period * period - 4 * product))


def _tone_period(digest: bytes, amplitude: int) -> list[int]:
    """One period of a voiced tone: a fundamental and two harmonics, shaped by ``digest``.

    Every value is even, so the lowest bit of each sample is free to carry the name's
    SHA-256 (see :func:`make_wav`).
    """
    period = 20 + int.from_bytes(digest[:2], "big") % 69  # 90-400 Hz at 8 kHz
    weights = (256, digest[2] % 128, digest[3] % 64)
    total = sum(weights)
    return [
        (
            sum(
                weight * _sine(harmonic * index % period, period, amplitude)
                for harmonic, weight in enumerate(weights, start=1)
            )
            // total
        )
        & -2  # clear the lowest bit
        for index in range(period)
    ]


def _encode(value: int, sample_width: int) -> bytes:
    """One PCM sample as WAV stores it: 8-bit unsigned, wider signed little-endian."""
    if sample_width == 1:
        return bytes([value + 128])
    return value.to_bytes(sample_width, "little", signed=True)


def make_wav(
    voice: str,
    *,
    seconds: float = 1.0,
    sample_rate: int = SAMPLE_RATE,
    sample_width: int = 2,
    channels: int = 1,
) -> bytes:
    """A real WAV file whose samples depend only on ``voice`` (and the format).

    The same ``voice`` always gives byte-for-byte the same file, so the fake hears the
    same speaker. Different names give different recordings, and so different voices:
    the file is a tone (90-400 Hz at 8 kHz) whose pitch and timbre come from the name's
    SHA-256, and the lowest bit of each of the first 256 samples of every channel
    spells out that SHA-256, so two names share a recording only if their SHA-256
    digests are equal. That holds for files of at least 256 samples (32 ms at 8 kHz);
    the channels of a stereo file are identical.

    The defaults are what the service accepts (1 s, 8 kHz, 16-bit, mono). Other rates,
    widths or channel counts make files for testing rejections.
    """
    digest = voice_digest(voice)
    amplitude = (1 << (8 * sample_width - 1)) * 3 // 5
    one_period = b"".join(
        _encode(value, sample_width) * channels for value in _tone_period(digest, amplitude)
    )
    size = int(seconds * sample_rate) * sample_width * channels
    samples = bytearray((one_period * (size // len(one_period) + 1))[:size])
    step = sample_width * channels
    bits = digest_bits(digest)
    for channel in range(channels):
        # The lowest byte of each sample (little-endian) holds its lowest bit.
        marked = slice(channel * sample_width, MARKED_SAMPLES * step, step)
        lowest = samples[marked]
        samples[marked] = bytes(
            byte | bit for byte, bit in zip(lowest, bits[: len(lowest)], strict=True)
        )
    output = io.BytesIO()
    with wave.open(output, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(sample_width)
        writer.setframerate(sample_rate)
        writer.writeframes(bytes(samples))
    return output.getvalue()
