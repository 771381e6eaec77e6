"""Strict HTTP framing for the local endpoint: what a request's body may look like.

A Content-Length of ASCII digits, a Transfer-Encoding of chunked alone, well-formed
chunks. A body that breaks them is answered 400 with an error in the service's JSON
format, never an HTML page or a 500.
"""

from __future__ import annotations

import email.message
import io
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._json_protocol import error_body, http_answer

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["Dechunked", "MalformedBodyError", "answering_malformed_bodies", "framing_problem"]

_LENGTH = re.compile(r"[0-9]{1,18}")
"""A Content-Length: ASCII digits (``str.isdigit`` also takes ``²``), below 10**18."""

_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")

_LONGEST_LINE = 4096
"""The longest chunk-size or trailer line read, in bytes."""

_MOST_TRAILERS = 100


class MalformedBodyError(ValueError):
    """A chunked request body that breaks HTTP's framing: answered 400."""


class Dechunked(io.RawIOBase):
    """A chunked body, read strictly; what breaks the framing raises MalformedBodyError.

    Each chunk-size line is hex digits (and extensions), at most 4 KiB; each chunk's
    data ends with CRLF; the last chunk is followed by trailer lines and an empty line.
    """

    def __init__(self, rfile: io.BufferedIOBase) -> None:
        self._rfile = rfile
        self._left = 0
        """Bytes left in the chunk being read."""
        self._ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        with memoryview(buffer) as whole, whole.cast("B") as view:
            filled = 0
            while filled < len(view) and not self._ended:
                if self._left == 0:
                    self._left = self._chunk_size()
                    if self._left == 0:
                        self._trailers()
                        self._ended = True
                        break
                wanted = min(len(view) - filled, self._left)
                got = self._rfile.readinto(view[filled : filled + wanted])
                if not got:
                    raise MalformedBodyError("the body ends inside a chunk")
                filled += got
                self._left -= got
                if self._left == 0 and self._rfile.readline(3) not in {b"\r\n", b"\n"}:
                    raise MalformedBodyError("a chunk's data does not end with CRLF")
            return filled

    def _chunk_size(self) -> int:
        line = self._rfile.readline(_LONGEST_LINE + 1)
        if not line.endswith(b"\n"):
            raise MalformedBodyError(
                f"a chunk-size line is cut short or over {_LONGEST_LINE} bytes"
            )
        size = line.split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.fullmatch(size):
            raise MalformedBodyError(f"bad chunk size {size[:40]!r}: must be 1 to 16 hex digits")
        return int(size, 16)

    def _trailers(self) -> None:
        for _ in range(_MOST_TRAILERS + 1):
            line = self._rfile.readline(_LONGEST_LINE + 1)
            if line in {b"\r\n", b"\n"}:
                return
            if not line.endswith(b"\n"):
                raise MalformedBodyError(
                    f"a trailer line is cut short or over {_LONGEST_LINE} bytes"
                )
        raise MalformedBodyError(f"more than {_MOST_TRAILERS} trailer lines")


def framing_problem(headers: email.message.Message) -> str | None:
    """What is wrong with how a request's headers frame its body, if anything."""
    lengths = {str(value).strip() for value in headers.get_all("Content-Length", [])}
    codings = [str(value).strip().lower() for value in headers.get_all("Transfer-Encoding", [])]
    if codings and codings != ["chunked"]:
        return f"Transfer-Encoding must be chunked alone (got {', '.join(codings)[:80]!r})"
    if codings and lengths:
        return "a request cannot have both Content-Length and Transfer-Encoding"
    if len(lengths) > 1:
        return f"conflicting Content-Length headers {sorted(lengths)!r:.80}"
    for length in lengths:
        if not _LENGTH.fullmatch(length):
            return f"bad Content-Length {length[:40]!r}: must be 1 to 18 ASCII digits"
    return None


def answering_malformed_bodies(app: WSGIApplication) -> WSGIApplication:
    """``app``, with a MalformedBodyError it raises reading a body answered 400."""

    def answering(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            return app(environ, start_response)
        except MalformedBodyError as error:
            headers, data = http_answer(error_body("SerializationException", str(error)), 400)
            start_response("400 Bad Request", headers, sys.exc_info())
            return [data]

    return answering
