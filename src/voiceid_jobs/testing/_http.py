"""The local endpoint's HTTP server: werkzeug's threaded WSGI server, bounded.

No client can hold the server, however it sends or does not send:

- A deadline. From when the server begins to wait for a request on a connection (its
  accept, or the answer before) to the end of the request's body, ``request_seconds``
  at most, however the bytes trickle in; past it the connection is closed unanswered.
  Sending an answer to a client that does not read it has as long, each write. Each
  connection keeps its own deadline (``_http_connections``).
- A cap on open connections, a thread each. When every one is taken, the connection
  that has waited longest for its client's bytes (idle, or sending slowly) is closed
  to make room for the new one; when none is waiting, every one is busy answering and
  the new connection waits its turn in the listen queue.
- Strict framing (``_http_framing``). A Content-Length of ASCII digits, a
  Transfer-Encoding of chunked alone, well-formed chunks. A request that breaks them,
  and one http.server refuses itself (a bad request line, a header line over 64 KiB),
  is answered 400 with an error in the service's JSON format, never an HTML page or a
  500.
"""

from __future__ import annotations

import http
import io
import ipaddress
import math
import selectors
import socket
import socketserver
import threading
from typing import TYPE_CHECKING, Any, cast

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from ._http_connections import Connection, Reader, Writer
from ._http_framing import Dechunked, answering_malformed_bodies, framing_problem
from ._json_protocol import error_body, http_answer

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication, WSGIEnvironment

__all__ = ["LocalServer"]


class _NotListeningError(Exception):
    """An OSError of bind or listen, carried past werkzeug (which would print it and exit)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class _Handler(WSGIRequestHandler):
    """werkzeug's handler, on a connection with a deadline, framing checked."""

    protocol_version = "HTTP/1.1"
    link: Connection

    answered = False

    def setup(self) -> None:
        self.connection = cast("socket.socket", self.request)
        self.link = self._server.connection(self.connection)
        self.rfile = io.BufferedReader(Reader(self.link))
        self.wfile = Writer(self.link)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self._server.closed(self.link)

    @property
    def _server(self) -> LocalServer:
        return cast("LocalServer", self.server)

    def handle_one_request(self) -> None:
        if self.answered:  # the deadline of the first request runs from the accept
            self.link.restart()
        super().handle_one_request()
        self.answered = True

    def parse_request(self) -> bool:
        if not super().parse_request():
            if not self.raw_requestline.strip():  # which http.server refuses without a word
                self.send_error(http.HTTPStatus.BAD_REQUEST, "the request line is empty")
            return False
        if self.request_version == "HTTP/0.9":  # a two-word request line
            self.send_error(http.HTTPStatus.BAD_REQUEST, "HTTP/0.9 is not served")
            return False
        problem = framing_problem(self.headers)
        if problem is not None:
            self._refuse("SerializationException", problem)
            return False
        self.link.awaiting_head = False
        return True

    def make_environ(self) -> WSGIEnvironment:
        environ = super().make_environ()
        if environ.get("wsgi.input_terminated"):  # chunked: read strictly, not by werkzeug
            environ["wsgi.input"] = Dechunked(self.rfile)
        return environ

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (a bad request line, a header too long), as JSON."""
        text = message or http.HTTPStatus(code).phrase
        self._refuse("BadRequestException", f"{text} ({explain})" if explain else text)

    def connection_dropped(
        self, error: BaseException, environ: WSGIEnvironment | None = None
    ) -> None:
        """A connection dropped or closed by the server serves no further request."""
        del error, environ
        self.close_connection = True

    def _refuse(self, code: str, message: str) -> None:
        """Answer 400 with an error in the service's JSON format; then close."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # http.server's before a version is read
            self.request_version = "HTTP/1.0"  # so that the answer has a status line
        headers, data = http_answer(error_body(code, message), 400)
        self.send_response(400)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        self._discard_unread()

    def _discard_unread(self) -> None:
        """Read what the client sent beyond the refused request, as werkzeug does.

        Closing a socket with bytes unread resets the connection, and a reset can
        destroy the answer before the client reads it.
        """
        with selectors.DefaultSelector() as selector:
            selector.register(self.connection, selectors.EVENT_READ)
            for _ in range(1000):
                if not selector.select(timeout=0.01) or not self.rfile.read1(65536):
                    return


SHUTDOWN_SECONDS = 0.02
"""How often the serving loop looks whether ``shutdown()`` was called."""


class LocalServer(ThreadedWSGIServer):
    """A threaded WSGI server with a deadline per request and a cap on connections.

    Raises:
        OSError: the host cannot be resolved, or its address and port not listened on.
    """

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        *,
        request_seconds: float,
        max_connections: int,
    ) -> None:
        if not (math.isfinite(request_seconds) and request_seconds > 0):
            raise ValueError(f"request_seconds must be above 0 (got {request_seconds!r})")
        if max_connections < 1:
            raise ValueError(f"max_connections must be at least 1 (got {max_connections!r})")
        self.request_seconds = request_seconds
        self._lock = threading.Lock()
        self._open: dict[socket.socket, Connection] = {}
        self._slots = threading.BoundedSemaphore(max_connections)
        try:
            super().__init__(
                _address(host, port), port, answering_malformed_bodies(app), handler=_Handler
            )
        except _NotListeningError as failed:
            raise failed.error from None

    def serve_forever(self, poll_interval: float = SHUTDOWN_SECONDS) -> None:
        """Serve until ``shutdown()``, which returns within ``poll_interval`` seconds.

        socketserver's default, half a second, would be half a second of every test
        that stops an endpoint.
        """
        super().serve_forever(poll_interval)

    @property
    def url(self) -> str:
        """The URL a client on this machine uses.

        It names the address listened on, or the loopback address of its family when
        that is every address (``0.0.0.0``, ``::``); an IPv6 address in brackets.
        """
        address = ipaddress.ip_address(self._host)
        ipv6 = isinstance(address, ipaddress.IPv6Address)
        if address.is_unspecified:
            address = ipaddress.ip_address("::1" if ipv6 else "127.0.0.1")
        host = f"[{str(address).replace('%', '%25')}]" if ipv6 else str(address)  # a zone: %25
        return f"http://{host}:{self.port}"

    @property
    def beyond_loopback(self) -> bool:
        """Whether clients on other machines may reach the server."""
        return not ipaddress.ip_address(self._host).is_loopback

    @property
    def _host(self) -> str:
        return str(self.server_address[0])

    def server_bind(self) -> None:
        """Bind, without http.server's reverse lookup of the host's name."""
        try:
            socketserver.TCPServer.server_bind(self)
        except OSError as error:
            raise _NotListeningError(error) from error
        self.server_name = self._host
        self.server_port = int(self.server_address[1])

    def server_activate(self) -> None:
        try:
            super().server_activate()
        except OSError as error:
            raise _NotListeningError(error) from error

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve a connection in a thread of its own, making room for it past the cap."""
        self._take_slot()
        connection = Connection(request, self._lock, self.request_seconds)
        with self._lock:
            self._open[request] = connection
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.closed(connection)
            self._slots.release()
            raise

    def _take_slot(self) -> None:
        """A slot for a new connection; past the cap, one made by closing another."""
        if self._slots.acquire(blocking=False):
            return
        while True:
            if self._make_room():
                self._slots.acquire()  # the closed connection's thread ends at once
                return
            # Every connection is busy answering: wait for one to end, or to wait again.
            if self._slots.acquire(timeout=0.1):
                return

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def shutdown(self) -> None:
        """Stop serving: close the connections waiting for their clients, then stop."""
        with self._lock:
            for connection in self._open.values():
                if connection.waiting:
                    connection.drop()
        super().shutdown()

    def connection(self, sock: socket.socket) -> Connection:
        """The connection of an accepted socket, for its handler."""
        with self._lock:
            return self._open[sock]

    def closed(self, connection: Connection) -> None:
        """A connection whose handler has ended."""
        with self._lock:
            self._open.pop(connection.sock, None)

    def _make_room(self) -> bool:
        """Close the open connection that has waited longest for its client's bytes.

        Whether there was one: none is when every connection is busy answering.
        """
        with self._lock:
            waiting = [connection for connection in self._open.values() if connection.waiting]
            if waiting:
                min(waiting, key=lambda connection: connection.deadline).drop()
            return bool(waiting)


def _address(host: str, port: int) -> str:
    """The address to listen on for ``host``.

    It is ``host`` if that is an address; else the first IPv4 address it names, or its
    first address (werkzeug listens on IPv6 for an address with a colon).
    """
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    ipv4 = [info for info in found if info[0] == socket.AF_INET]
    return str((ipv4 or found)[0][4][0])
