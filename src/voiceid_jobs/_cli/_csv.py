"""Reading the CLI's CSV files into requests, with file-and-line errors.

    speaker_id,audio_s3_uri[,channel_id]        (enroll)
    fraudster,audio_s3_uri[,channel_id]         (register-fraudsters)

A header row is allowed, blank lines and lines starting with ``#`` are skipped, and
rows with the same first column are one request with several audio files (up to 10).
ChannelId defaults to 0.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._manifest import (
    AudioSpecification,
    FraudsterRegistrationRequest,
    SpeakerEnrollmentRequest,
)

__all__ = ["CsvError", "read_enrollment_csv", "read_registration_csv"]

R = TypeVar("R")


class CsvError(Exception):
    """A CSV file the CLI cannot use: its path, the line, and what is wrong."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


def _rows(path: Path, first: str) -> dict[str, tuple[int, list[AudioSpecification]]]:
    """Audio by first column, in file order, with the line each group starts on."""
    groups: dict[str, tuple[int, list[AudioSpecification]]] = {}
    for line, row in enumerate(csv.reader(_text(path).splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#") or (line == 1 and cells[0].lower() == first):
            continue
        label, spec = _row(path, line, cells, first)
        start, specs = groups.setdefault(label, (line, []))
        if len(specs) == 10:  # noqa: PLR2004 - the service's limit
            raise CsvError(path, line, f"{first} has more than 10 audio files (from line {start})")
        specs.append(spec)
    if not groups:
        raise CsvError(path, None, "has no rows")
    return groups


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CsvError(path, None, f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise CsvError(path, None, "is not UTF-8 text") from None


def _row(path: Path, line: int, cells: list[str], first: str) -> tuple[str, AudioSpecification]:
    if len(cells) not in (2, 3):
        raise CsvError(
            path, line, f"expected {first},audio_s3_uri[,channel_id] (got {len(cells)} columns)"
        )
    channel = cells[2] if len(cells) == 3 else "0"  # noqa: PLR2004
    if channel not in ("0", "1"):
        raise CsvError(path, line, f"channel_id must be 0 or 1 (got {channel!r})")
    try:
        return cells[0], AudioSpecification(s3_uri=cells[1], channel_id=int(channel))
    except InvalidParameterError as error:
        raise CsvError(path, line, f"audio_s3_uri {error.rule} (got {cells[1]!r})") from None


def _request(path: Path, line: int | None, build: Callable[[], R]) -> R:
    try:
        return build()
    except InvalidParameterError as error:
        raise CsvError(path, line, str(error)) from None


def read_enrollment_csv(path: Path) -> tuple[SpeakerEnrollmentRequest, ...]:
    """Enrollment requests from ``speaker_id,audio_s3_uri[,channel_id]`` rows, in order."""
    requests: list[SpeakerEnrollmentRequest] = []
    for index, (speaker_id, (line, specs)) in enumerate(_rows(path, "speaker_id").items(), start=1):
        request = functools.partial(
            SpeakerEnrollmentRequest,
            request_id=f"r{index:05d}",
            speaker_id=speaker_id,
            audio_specifications=tuple(specs),
        )
        requests.append(_request(path, line, request))
    return tuple(requests)


def read_registration_csv(path: Path) -> tuple[FraudsterRegistrationRequest, ...]:
    """Registration requests from ``fraudster,audio_s3_uri[,channel_id]`` rows, in order.

    The first column names the fraudster within the file and becomes its RequestId.
    """
    requests: list[FraudsterRegistrationRequest] = []
    for label, (line, specs) in _rows(path, "fraudster").items():
        request = functools.partial(
            FraudsterRegistrationRequest, request_id=label, audio_specifications=tuple(specs)
        )
        requests.append(_request(path, line, request))
    return tuple(requests)
