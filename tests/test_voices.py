"""make_wav gives every name its own recording, and so its own voice to the fake."""

from __future__ import annotations

import hashlib
import io
import itertools
import wave

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voiceid_jobs.testing import make_wav
from voiceid_jobs.testing._audio import hear, voice_digest
from voiceid_jobs.testing._state import JobSettings, World

CALLERS = [f"spk{number}" for number in range(10_000)]
FRAUDSTERS = [f"fraud{number}" for number in range(500)]
DEFAULT_RISK_THRESHOLD = 50
"""RiskThreshold when a job sets none (docs/testing.md)."""


def voice_of(name: str) -> str:
    """The voice the fake hears in ``make_wav(name)``."""
    return hear(make_wav(name), f"s3://audio/{name}.wav").voices[0]


@pytest.fixture(scope="module")
def callers() -> dict[bytes, str]:
    """Each caller's voice, by the SHA-256 of the caller's recording."""
    heard: dict[bytes, str] = {}
    for name in CALLERS:
        wav = make_wav(name)
        heard[hashlib.sha256(wav).digest()] = hear(wav, f"s3://audio/{name}.wav").voices[0]
    return heard


@pytest.fixture(scope="module")
def fraudster_voices() -> list[str]:
    return [voice_of(name) for name in FRAUDSTERS]


def lowest_bits(wav: bytes, channel: int, count: int) -> bytes:
    """The lowest bit of each of the first ``count`` samples on a channel, as 0 or 1."""
    with wave.open(io.BytesIO(wav)) as reader:
        width, channels = reader.getsampwidth(), reader.getnchannels()
        frames = reader.readframes(count)
    return bytes(byte & 1 for byte in frames[channel * width :: width * channels])


def packed(bits: bytes) -> bytes:
    """Bits (0 or 1 a byte, most significant first) packed eight to a byte."""
    return bytes(
        int("".join(map(str, bits[start : start + 8])), 2) for start in range(0, len(bits), 8)
    )


def test_the_same_name_gives_the_same_file() -> None:
    assert make_wav("alice") == make_wav("alice")
    assert make_wav("alice", channels=2, sample_width=1) == make_wav(
        "alice", channels=2, sample_width=1
    )


def test_names_that_used_to_share_a_recording_no_longer_do() -> None:
    assert make_wav("spk1") != make_wav("fraud8")
    assert voice_of("spk1") != voice_of("fraud8")


@pytest.mark.parametrize(
    ("sample_rate", "sample_width", "channels"),
    [(8000, 2, 1), (8000, 2, 2), (8000, 1, 1), (8000, 1, 2), (16000, 2, 1), (8000, 3, 1)],
)
def test_every_channel_starts_with_the_names_sha256_in_its_lowest_bits(
    sample_rate: int, sample_width: int, channels: int
) -> None:
    for name in ["alice", "spk1", "fraud8", "", "é"]:
        wav = make_wav(name, sample_rate=sample_rate, sample_width=sample_width, channels=channels)
        for channel in range(channels):
            spelled = packed(lowest_bits(wav, channel, 256))
            assert spelled == voice_digest(name) == hashlib.sha256(name.encode()).digest()


def test_a_million_names_give_a_million_digests() -> None:
    # make_wav(name) spells voice_digest(name) in its first samples (the test above),
    # so names with different digests give different recordings.
    digests = {voice_digest(f"caller-{number}") for number in range(1_000_000)}
    assert len(digests) == 1_000_000


def test_ten_thousand_callers_have_their_own_voices_and_none_sounds_like_a_fraudster(
    callers: dict[bytes, str], fraudster_voices: list[str]
) -> None:
    # Making ten thousand recordings is the costly part, so one test holds both claims.
    assert len(callers) == len(CALLERS)  # recordings
    assert len(set(callers.values())) == len(CALLERS)  # voices
    # Two different voices score 0-39 and the same voice 100, so a caller can reach
    # the threshold only by sharing a fraudster's voice: none does. Scoring all five
    # million pairs is too slow for a test, so a sample of them is scored as well.
    caller_voices = list(callers.values())
    assert set(caller_voices).isdisjoint(fraudster_voices)
    world = World(lambda: 0.0, JobSettings())
    sample = itertools.islice(itertools.cycle(fraudster_voices), 7, None, 7)
    highest = max(
        world.similarity(caller, fraudster)
        for caller in caller_voices
        for fraudster in itertools.islice(sample, 20)
    )
    assert highest < DEFAULT_RISK_THRESHOLD


@st.composite
def edited(draw: st.DrawFn, name: str) -> str:
    """``name`` with one character inserted, removed or replaced."""
    at = draw(st.integers(0, len(name)))
    char = draw(st.characters(exclude_categories=()))
    how = draw(st.sampled_from(["insert", "remove", "replace"]))
    if how == "insert":
        return name[:at] + char + name[at:]
    return name[:at] + (char if how == "replace" else "") + name[at + 1 :]


any_names = st.text(st.characters(exclude_categories=()))
"""Any str, lone surrogates included."""
name_pairs = st.tuples(any_names, any_names) | any_names.flatmap(
    lambda name: st.tuples(st.just(name), edited(name))
)


@given(name_pairs)
def test_different_names_give_different_files(names: tuple[str, str]) -> None:
    first, second = names
    if first == second:
        assert make_wav(first) == make_wav(second)
    else:
        assert make_wav(first) != make_wav(second)
