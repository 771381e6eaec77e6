"""An accepted connection of the local endpoint, with a deadline for what it reads and sends.

From when the server begins to wait for a request on a connection (its accept, or the
answer before) to the end of the request's body, a connection reads for
``request_seconds`` at most, however the bytes trickle in; past it, it is closed
unanswered. Sending an answer to a client that does not read it has as long, each
write. The server may also close a connection that waits for its client's bytes, to
make room for a new one.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer, WriteableBuffer

__all__ = ["Connection", "Reader", "Writer"]


class _ClosedError(ConnectionAbortedError):
    """The server closed a connection: its deadline passed, or it was closed for room.

    A ConnectionError, so werkzeug drops the connection without an answer or a log line.
    """


class Connection:
    """One accepted connection: its deadline, and whether it waits for its client."""

    def __init__(self, sock: socket.socket, lock: threading.Lock, seconds: float) -> None:
        self.sock = sock
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        """When the request waited for must be in (on the monotonic clock)."""
        self.awaiting_head = True
        """Whether the request's line and headers are still to come."""
        self.reading = False
        """Whether a read waits for the client's bytes (guarded by ``lock``)."""
        self._lock = lock
        self._dropped = False

    @property
    def waiting(self) -> bool:
        """Whether the connection waits for its client: for a request's head, or a read."""
        return self.awaiting_head or self.reading

    def restart(self) -> None:
        """The server begins to wait for the next request: its deadline starts."""
        self.deadline = time.monotonic() + self.seconds
        self.awaiting_head = True

    def receive(self, buffer: WriteableBuffer) -> int:
        """Bytes from the client, waiting until the deadline at most: past it, closed."""
        with self._lock:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.drop()
            if self._dropped:
                raise _ClosedError("the connection was closed")
            self.reading = True
        late = True
        received = 0
        try:
            with contextlib.suppress(TimeoutError):
                self.sock.settimeout(remaining)
                received = self.sock.recv_into(buffer)
                late = False
        finally:
            with self._lock:
                self.reading = False
                if late:
                    self.drop()
                dropped = self._dropped
        if dropped:  # what came in as it was closed for room is not served either
            raise _ClosedError("the request was not in by its deadline, or room was needed")
        return received

    def send(self, data: ReadableBuffer) -> None:
        """Bytes to the client, if it takes them within the deadline's length: else closed."""
        self.sock.settimeout(self.seconds)
        try:
            self.sock.sendall(data)
        except TimeoutError:
            with self._lock:
                self.drop()
            raise _ClosedError("the client did not read its answer") from None

    def drop(self) -> None:
        """Close the connection, under its reader's feet if need be (the lock is held).

        Closed both ways, the client sees the end at once, and whatever the app still
        answers cannot be sent.
        """
        self._dropped = True
        with contextlib.suppress(OSError):  # the client may have closed it already
            self.sock.shutdown(socket.SHUT_RDWR)


class Reader(io.RawIOBase):
    """A connection's bytes, each read bounded by the request's deadline."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        return self._connection.receive(buffer)


class Writer(io.BufferedIOBase):
    """A connection's answers, unbuffered (as socketserver's own writer)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer, /) -> int:
        self._connection.send(data)
        with memoryview(data) as view:
            return view.nbytes

    def fileno(self) -> int:
        return self._connection.sock.fileno()
