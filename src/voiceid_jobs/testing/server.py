"""A local endpoint: the fake Voice ID service and S3, over HTTP on one port.

    python -m voiceid_jobs.testing.server [--port 0] [--speed 60] [--create-domain NAME]
                                          [--examples] [--advance-per-request SECONDS]
                                          [--speakers-per-domain N] [--requests-per-second RATE]
                                          [... see --help for every quota]

Point any AWS client at the URL it prints (``--endpoint-url``, with any credentials
and region ``us-east-1``): requests whose ``X-Amz-Target`` is ``VoiceID.*`` go to a
:class:`FakeVoiceId`, everything else to moto's S3. The fake's clock follows the real
one, ``--speed`` times faster. It stops cleanly on SIGINT and SIGTERM. Needs
``voiceid-jobs[testing]`` (moto's server).

In process, the same parts (see :func:`local_s3` and :func:`make_server`)::

    with local_s3() as (s3, s3_app):
        fake = FakeVoiceId(s3_client=s3)
        server = make_server(make_app(fake, s3_app))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ...  # clients at server.url
        server.shutdown()
        server.server_close()
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import http
import json
import logging
import math
import signal
import socket
import sys
import threading
import time
from collections.abc import Generator, Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn, cast

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._validation import check_value
from voiceid_jobs.testing._fake import FakeVoiceId
from voiceid_jobs.testing._json_protocol import error_body, http_answer
from voiceid_jobs.testing._sessions import session
from voiceid_jobs.testing._storage import storage_config

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from types_boto3_s3 import S3Client

    from voiceid_jobs.testing._http import LocalServer

__all__ = [
    "INSTALL",
    "MAX_BODY",
    "MAX_CONNECTIONS",
    "REQUEST_SECONDS",
    "ServeError",
    "check",
    "check_port",
    "check_positive",
    "check_seconds",
    "environment",
    "local_s3",
    "main",
    "make_app",
    "make_server",
    "parser",
    "serve",
]

DESCRIPTION = "Serve the fake Voice ID service and S3 over HTTP on one local port."


def make_app(
    fake: FakeVoiceId, s3_app: WSGIApplication, *, advance_per_request: float = 0.0
) -> WSGIApplication:
    """One WSGI app: Voice ID requests to ``fake``, the rest to ``s3_app``.

    ``advance_per_request`` moves the fake's clock on before each Voice ID request, so
    a client that polls sees its jobs move without waiting in real time. A target that
    is not Voice ID's is refused here; the fake refuses, and does not keep, an operation
    Voice ID does not have.
    """

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target is None:  # S3 carries no X-Amz-Target
            return s3_app(environ, start_response)
        params = _request_body(environ)
        service, _, operation = str(target).partition(".")
        if service != "VoiceID":
            status, body = _refused(
                400, "UnknownOperationException", f"no operation {str(target)[:100]!r}"
            )
        elif isinstance(params, tuple):
            status, body = params
        else:
            fake.advance(advance_per_request)
            status, body = fake.handle(operation, params)
        headers, data = http_answer(body, status)
        start_response(f"{status} {http.HTTPStatus(status).phrase}", headers)
        return [data]

    return app


INSTALL = 'pip install "voiceid-jobs[testing]"'
"""What to install for the local endpoint (moto's server)."""


class _OneLineParser(argparse.ArgumentParser):
    """Errors in one line, ``<prog>: error: <what>``, with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


EXAMPLE_DOMAIN_ID = "abcdefghijklmnopqrstuv"
"""The domain the documentation's examples name, made by ``--examples``."""

EXAMPLE_BUCKET = "my-bucket"
"""The bucket the documentation's examples use, made by ``--examples``."""

EXAMPLE_SPEAKERS = ("alice", "bob")
"""The speakers whose recordings ``--examples`` puts at ``s3://my-bucket/calls/<name>.wav``."""


def environment(url: str) -> dict[str, str]:
    """What points boto3, aiobotocore and the AWS CLI at the local endpoint ``url``.

    Any credentials do (the endpoint does not check them); ``AWS_ENDPOINT_URL`` sends
    every service, Voice ID and S3 alike, to ``url``.
    """
    return {
        "AWS_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }


def _add_examples(fake: FakeVoiceId, s3: S3Client, url: str) -> None:
    """Make what the documentation's examples name; then print the environment to use."""
    from voiceid_jobs.testing._audio import make_wav

    fake.create_domain("examples", domain_id=EXAMPLE_DOMAIN_ID)
    s3.create_bucket(Bucket=EXAMPLE_BUCKET)
    for name in EXAMPLE_SPEAKERS:
        s3.put_object(Bucket=EXAMPLE_BUCKET, Key=f"calls/{name}.wav", Body=make_wav(name))
    exports = " ".join(f"{name}={value}" for name, value in environment(url).items())
    print(f"Examples: domain {EXAMPLE_DOMAIN_ID}, bucket {EXAMPLE_BUCKET}", flush=True)
    print(f"export {exports}", flush=True)


class ServeError(Exception):
    """A value the endpoint cannot use: the option it came in, if one, and the problem."""

    def __init__(self, option: str | None, problem: str) -> None:
        super().__init__(f"argument {option}: {problem}" if option else problem)
        self.option = option
        self.problem = problem


def check_port(text: str) -> int:
    """A port, 0 to 65535 (0: a free one).

    Raises:
        argparse.ArgumentTypeError: it is not one.
    """
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
    if not 0 <= port <= 65535:  # noqa: PLR2004 - the largest TCP port
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535 (got {text})")
    return port


def check_seconds(text: str) -> float:
    """A finite number of seconds, at least 0.

    Raises:
        argparse.ArgumentTypeError: it is not one.
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number (got {text!r})") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number, at least 0 (got {text})")
    return value


def check_positive(text: str) -> float:
    """A finite number above 0.

    Raises:
        argparse.ArgumentTypeError: it is not one.
    """
    value = check_seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 (got {text})")
    return value


def parser(prog: str = "python -m voiceid_jobs.testing.server") -> argparse.ArgumentParser:
    """The local endpoint's options, as ``voiceid-jobs serve`` takes them too.

    Both check each value with the same functions (:func:`check_port`,
    :func:`check_seconds`, :func:`check_positive`) and then with :func:`check`.
    """
    parser = _OneLineParser(prog=prog, description=DESCRIPTION)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on, IPv4 or IPv6 (::1); beyond the loopback, any "
        "machine that reaches it can use the endpoint",
    )
    parser.add_argument("--port", type=check_port, default=0, help="the port (0: a free one)")
    parser.add_argument(
        "--speed", type=check_positive, default=60.0, help="fake seconds per real second (above 0)"
    )
    parser.add_argument(
        "--advance-per-request",
        type=check_seconds,
        default=0.0,
        metavar="SECONDS",
        help="fake seconds that pass at each Voice ID request (for polling clients in tests)",
    )
    parser.add_argument("--seconds-per-request", type=check_seconds, default=1.0, metavar="SECONDS")
    parser.add_argument("--queue-seconds", type=check_seconds, default=5.0, metavar="SECONDS")
    parser.add_argument("--create-domain", metavar="NAME", help="create a domain and print its id")
    parser.add_argument(
        "--examples",
        action="store_true",
        help=f"hold what the documentation's examples name: the domain {EXAMPLE_DOMAIN_ID} "
        f"and s3://{EXAMPLE_BUCKET}/calls/{{{','.join(EXAMPLE_SPEAKERS)}}}.wav; "
        "print the environment that points AWS clients here",
    )
    quotas = parser.add_argument_group(
        "quotas and misbehaviour", "as FakeVoiceId's arguments of the same names"
    )
    quotas.add_argument("--active-jobs-per-domain", type=int, default=1, metavar="N")
    quotas.add_argument("--speakers-per-domain", type=int, metavar="N")
    quotas.add_argument("--fraudsters-per-watchlist", type=int, metavar="N")
    quotas.add_argument("--requests-per-second", type=check_positive, metavar="RATE")
    quotas.add_argument("--min-speech-seconds", type=check_seconds, default=0.0, metavar="SECONDS")
    return parser


MAX_CONNECTIONS = 64
"""The most connections the local endpoint holds open at once, a thread each.

When every one is taken, the connection that has waited longest for its client's
bytes (idle, or sending slowly) is closed to make room for a new one; when every one
is busy answering, a new connection waits in the listen queue until one ends."""

REQUEST_SECONDS = 30.0
"""How long a request may take to arrive, from when the endpoint begins to wait for it
on a connection to the end of its body, however slowly its bytes come: past it the
connection is closed unanswered. An idle connection is closed after as long, and a
client that stops reading an answer is let go after as long per write."""

MAX_BODY = 1024 * 1024
"""The largest Voice ID request body the local endpoint reads, in bytes (1 MiB; a
Start with every member is a few KiB). A larger one is answered 413."""


def _refused(status: int, code: str, message: str) -> tuple[int, dict[str, object]]:
    return status, error_body(code, message)


def _request_body(  # noqa: PLR0911 - each refusal is its own answer
    environ: WSGIEnvironment,
) -> dict[str, object] | tuple[int, dict[str, object]]:
    """A Voice ID request's JSON object, or the refusal of a body that is not one."""
    stream = environ["wsgi.input"]
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared:
        if not (declared.isascii() and declared.isdigit()):  # "²".isdigit() is true
            return _refused(400, "SerializationException", f"bad Content-Length {declared!r}")
        if len(declared.lstrip("0")) > len(str(MAX_BODY)) or int(declared) > MAX_BODY:
            return _refused(413, "RequestEntityTooLarge", f"the body is over {MAX_BODY} bytes")
        raw = stream.read(int(declared))
        if len(raw) < int(declared):  # the client stopped sending before the body's end
            return _refused(400, "SerializationException", "the body ends before its length")
    elif environ.get("wsgi.input_terminated"):  # a chunked body, read by the server
        raw = stream.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return _refused(413, "RequestEntityTooLarge", f"the body is over {MAX_BODY} bytes")
    else:
        raw = b""
    try:  # the JSON protocol's bodies are UTF-8 (json.loads would take UTF-16 and -32 too)
        params: object = json.loads((raw or b"{}").decode("utf-8"))
    except (ValueError, RecursionError):
        return _refused(400, "SerializationException", "the body is not JSON")
    if not isinstance(params, dict):
        return _refused(400, "SerializationException", "the body is not a JSON object")
    return cast("dict[str, object]", params)


def check(args: argparse.Namespace) -> None:
    """Check what the values of the options say together, before anything listens.

    Raises:
        ServeError: a domain name the service would refuse, a host that does not resolve.
    """
    if args.create_domain is not None:
        try:
            check_value(args.create_domain, "DomainName", "name")
        except InvalidParameterError as error:
            raise ServeError("--create-domain", f"{error.rule} (got {error.shown})") from None
    try:
        socket.getaddrinfo(args.host, args.port)
    except (OSError, UnicodeError) as error:
        raise ServeError("--host", f"cannot listen on {args.host!r}: {error}") from None


def make_server(
    app: WSGIApplication,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    request_seconds: float = REQUEST_SECONDS,
    max_connections: int = MAX_CONNECTIONS,
) -> LocalServer:
    """A threaded HTTP server of ``app`` on ``host`` and ``port`` (0: a free one), bound.

    ``request_seconds`` bounds how long a request may take to arrive, and
    ``max_connections`` how many connections are open at once (see
    :data:`REQUEST_SECONDS` and :data:`MAX_CONNECTIONS`). A request whose framing is
    broken (a Content-Length that is not ASCII digits, a bad chunk) is answered 400 with
    an error in the service's JSON format. Its ``url`` is the URL a client on this
    machine uses (``http://[::1]:port`` for ``::``, ``http://127.0.0.1:port`` for
    ``0.0.0.0``). Call ``serve_forever()``, then ``shutdown()`` from another thread and
    ``server_close()``.

    Raises:
        OSError: ``host`` cannot be resolved, or the address and port not listened on.
        ValueError: ``request_seconds`` is not above 0 or ``max_connections`` below 1.
    """
    from voiceid_jobs.testing._http import LocalServer  # werkzeug: the testing extra

    return LocalServer(
        host, port, app, request_seconds=request_seconds, max_connections=max_connections
    )


@contextlib.contextmanager
def local_s3() -> Generator[tuple[S3Client, WSGIApplication]]:
    """A boto3 client of moto's S3 that reaches it in this process, and an app serving it.

    Both use moto's in-memory backend (account 123456789012): a bucket made over HTTP
    is the client's, and an object the client writes is read over HTTP. The client
    names S3's own endpoint (not one of the environment or a profile), which moto's
    mock answers from inside the process, so the fake's jobs never wait on a connection
    to the server they run in. The mock is on until the block ends and answers only
    calls to ``amazonaws.com`` (in the endpoint's process, the client's alone); it
    leaves the environment's credentials and boto3's default session as they are. What
    moto holds is dropped when the block ends, unless an outer ``mock_aws`` is still on.
    """
    from botocore.config import Config
    from moto import mock_aws
    from moto.moto_server.werkzeug_app import (  # pyright: ignore[reportMissingTypeStubs]
        create_backend_app,
    )

    s3_app = create_backend_app("s3")
    # A connection dropped mid-body reaches the server, which closes it without a word,
    # and a malformed chunked body is answered 400: Flask would answer either with a 500.
    s3_app.config["PROPAGATE_EXCEPTIONS"] = True
    mock = mock_aws(config={"core": {"mock_credentials": False, "reset_boto3_session": False}})
    mock.start(reset=False)  # the app's buckets are the mock's: keep any there already
    try:
        # A session made now, after moto's import, has moto's handler: boto3's default
        # session may be older than that (in a test process, say) and not reach it. It
        # shares the data files the process has read already.
        s3: S3Client = session().client(  # pyright: ignore[reportUnknownMemberType]
            "s3",
            region_name="us-east-1",
            # S3's own, which the mock answers; not an AWS_ENDPOINT_URL of the environment.
            endpoint_url="https://s3.amazonaws.com",
            aws_access_key_id="fake",
            aws_secret_access_key="fake",  # noqa: S106 - moto does not check it
            config=storage_config().merge(Config(s3={"addressing_style": "path"})),
        )
        yield s3, s3_app
    finally:
        mock.stop()


def _cannot_listen(args: argparse.Namespace, error: OSError) -> ServeError:
    """A host or port that cannot be listened on."""
    port_taken = isinstance(error, PermissionError) or error.errno == errno.EADDRINUSE
    reason = error.strerror or str(error)
    return ServeError(
        "--port" if port_taken else "--host",
        f"cannot listen on {args.host!r} port {args.port}: {reason}",
    )


def main(
    argv: Sequence[str] | None = None, prog: str = "python -m voiceid_jobs.testing.server"
) -> int:
    """Serve until SIGINT or SIGTERM; a bad option is one line and exit 2."""
    options = parser(prog)
    args = options.parse_args(argv)
    try:
        check(args)
        return serve(args, prog)
    except ServeError as error:
        options.error(str(error))


def serve(args: argparse.Namespace, prog: str) -> int:
    """Serve with the options of :func:`parser` (checked by :func:`check`) until a signal.

    Raises:
        ServeError: the testing extra is missing, a quota is refused, or the host and
            port cannot be listened on; nothing was served.
    """
    try:
        # What the testing extra brings, asked for first: without it, one line.
        import moto.moto_server.werkzeug_app  # noqa: F401  # pyright: ignore[reportUnusedImport, reportMissingTypeStubs]
        import werkzeug.serving  # noqa: F401  # pyright: ignore[reportUnusedImport]
    except ModuleNotFoundError as error:
        raise ServeError(None, f"needs {error.name}: {INSTALL}") from None

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    started = time.monotonic()
    with local_s3() as (s3, s3_app):
        try:
            fake = FakeVoiceId(
                s3_client=s3,
                clock=lambda: (time.monotonic() - started) * args.speed,
                seconds_per_request=args.seconds_per_request,
                queue_seconds=args.queue_seconds,
                active_jobs_per_domain=args.active_jobs_per_domain,
                speakers_per_domain=args.speakers_per_domain,
                fraudsters_per_watchlist=args.fraudsters_per_watchlist,
                requests_per_second=args.requests_per_second,
                min_speech_seconds=args.min_speech_seconds,
                calls_kept=CALLS_KEPT,
            )
        except InvalidParameterError as error:
            raise ServeError(None, str(error)) from None
        with fake:  # its jobs' thread stops with the endpoint
            app = make_app(fake, s3_app, advance_per_request=args.advance_per_request)
            try:
                server = make_server(app, args.host, args.port)
            except OSError as error:
                raise _cannot_listen(args, error) from None
            _serve(server, fake, s3, args, prog)
    print("Stopped.", flush=True)
    return 0


CALLS_KEPT = 10_000
"""How many of the latest operations the endpoint's fake keeps in ``calls``."""


def _serve(
    server: LocalServer, fake: FakeVoiceId, s3: S3Client, args: argparse.Namespace, prog: str
) -> None:
    """Say where the endpoint is, make what the options ask for, and serve until a signal."""

    def stop(*_: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if server.beyond_loopback:
        print(
            f"{prog}: warning: listening on {args.host} reaches beyond this machine: "
            "anyone who can reach it can use the endpoint, which checks no credentials",
            file=sys.stderr,
            flush=True,
        )
    print(f"Serving Voice ID and S3 at {server.url}", flush=True)
    if args.create_domain:
        print(f"Domain {args.create_domain}: {fake.create_domain(args.create_domain)}", flush=True)
    if args.examples:
        _add_examples(fake, s3, server.url)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
