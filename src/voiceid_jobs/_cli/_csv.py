"""Reading the CLI's CSV files into requests, with file-and-line errors.

    speaker_id,audio_s3_uri[,channel_id]        (enroll)
    fraudster,audio_s3_uri[,channel_id]         (register-fraudsters)

The file is read with the csv module, so a quoted field may hold commas and line
breaks. Blank lines and lines starting with ``#`` are skipped; the first other row
may be a header. Rows with the same first column are one request with several audio
files (up to 10). ChannelId defaults to 0. Every error names the file and the line.
"""

from __future__ import annotations

import csv
import functools
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO, TypeVar

from voiceid_jobs import (
    AudioSpecification,
    FraudsterRegistrationRequest,
    InvalidParameterError,
    SpeakerEnrollmentRequest,
)

from ._exits import CliError

__all__ = ["CsvError", "read_enrollment_csv", "read_registration_csv"]

R = TypeVar("R")

MAX_AUDIO_FILES = 10
"""The service's limit of audio files per request."""


class CsvError(CliError):
    """A CSV file the CLI cannot use: its path, the line, and what is wrong (exit 2)."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


STANDARD_INPUT = Path("-")
"""The CSV path that means standard input, as in most command-line tools."""


MAX_CSV_BYTES = 16 * 1024 * 1024
"""The largest CSV the command line reads: 16 MiB, about 300,000 rows. A run holds its
requests in memory, so a larger file is refused rather than read: split it."""


def _opened(path: Path) -> TextIO:
    """The file at ``path`` (UTF-8, a BOM allowed), or standard input for ``-``.

    Raises:
        CsvError: the file is larger than :data:`MAX_CSV_BYTES`; no more is read.
    """
    if path == STANDARD_INPUT:
        data = sys.stdin.buffer.read(MAX_CSV_BYTES + 1)
    else:
        with path.open("rb") as file:
            data = file.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise CsvError(
            path, None, "is larger than 16 MiB (about 300,000 rows): split it into several files"
        )
    return io.StringIO(data.decode("utf-8-sig"), newline="")


def _records(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The rows of the file with the line each starts on, read by the csv module."""
    try:
        with _opened(path) as file:
            reader = csv.reader(file, strict=True)
            line = 1
            try:
                for row in reader:
                    yield line, row
                    line = reader.line_num + 1
            except csv.Error as error:
                raise CsvError(
                    path, reader.line_num or line, f"is not valid CSV ({error})"
                ) from None
    except OSError as error:
        raise CsvError(path, None, f"cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise CsvError(path, None, "is not UTF-8 text") from None


def _rows(path: Path, first: str) -> dict[str, tuple[int, list[AudioSpecification]]]:
    """Audio by first column, in file order, with the line each group starts on."""
    groups: dict[str, tuple[int, list[AudioSpecification]]] = {}
    header_possible = True
    for line, row in _records(path):
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if header_possible and cells[0].lower() == first:
            header_possible = False
            continue
        header_possible = False
        label, spec = _row(path, line, cells, first)
        start, specs = groups.setdefault(label, (line, []))
        if len(specs) == MAX_AUDIO_FILES:
            raise CsvError(path, line, f"{first} has more than 10 audio files (from line {start})")
        specs.append(spec)
    if not groups:
        raise CsvError(path, None, "has no rows")
    return groups


def _row(path: Path, line: int, cells: list[str], first: str) -> tuple[str, AudioSpecification]:
    if len(cells) not in (2, 3):
        raise CsvError(
            path, line, f"expected {first},audio_s3_uri[,channel_id] (got {len(cells)} columns)"
        )
    channel = cells[2] if len(cells) == 3 else "0"  # noqa: PLR2004 - the optional third column
    if channel not in ("0", "1"):
        raise CsvError(path, line, f"channel_id must be 0 or 1 (got {channel[:40]!r})")
    try:
        return cells[0], AudioSpecification(s3_uri=cells[1], channel_id=int(channel))
    except InvalidParameterError as error:
        raise CsvError(path, line, f"audio_s3_uri {error.rule} (got {error.shown})") from None


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
