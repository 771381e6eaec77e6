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
"""

from __future__ import annotations

import argparse
import http
import json
import logging
import math
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._validation import check_value
from voiceid_jobs.testing._fake import FakeVoiceId
from voiceid_jobs.testing._wire import CONTENT_TYPE, encode, error_type

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from types_boto3_s3 import S3Client

__all__ = ["INSTALL", "environment", "main", "make_app", "parser"]

DESCRIPTION = "Serve the fake Voice ID service and S3 over HTTP on one local port."


def make_app(
    fake: FakeVoiceId, s3_app: WSGIApplication, *, advance_per_request: float = 0.0
) -> WSGIApplication:
    """One WSGI app: Voice ID requests to ``fake``, the rest to ``s3_app``.

    ``advance_per_request`` moves the fake's clock on before each Voice ID request, so
    a client that polls sees its jobs move without waiting in real time.
    """

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target is None:  # S3 carries no X-Amz-Target
            return s3_app(environ, start_response)
        params = _request_body(environ)
        if not str(target).startswith("VoiceID."):
            status, body = _refused(400, "UnknownOperationException", f"no target {target!r}")
        elif isinstance(params, tuple):
            status, body = params
        else:
            fake.advance(advance_per_request)
            status, body = fake.handle(str(target).rpartition(".")[2], params)
        data = encode(body)
        headers = [
            ("Content-Type", CONTENT_TYPE),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
        ]
        kind = error_type(status, body)
        if kind is not None:
            headers.append(("X-Amzn-ErrorType", kind))
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


def _port(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:  # noqa: PLR2004 - the largest TCP port
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535 (got {text})")
    return port


def _seconds(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a finite number, at least 0 (got {text})")
    return value


def _positive(text: str) -> float:
    value = _seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"must be more than 0 (got {text})")
    return value


def parser(prog: str = "python -m voiceid_jobs.testing.server") -> argparse.ArgumentParser:
    """The local endpoint's options: the same for ``voiceid-jobs serve`` and this module."""
    parser = _OneLineParser(prog=prog, description=DESCRIPTION)
    parser.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    parser.add_argument("--port", type=_port, default=0, help="the port (0: a free one)")
    parser.add_argument(
        "--speed", type=_positive, default=60.0, help="fake seconds per real second (above 0)"
    )
    parser.add_argument(
        "--advance-per-request",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="fake seconds that pass at each Voice ID request (for polling clients in tests)",
    )
    parser.add_argument("--seconds-per-request", type=_seconds, default=1.0, metavar="SECONDS")
    parser.add_argument("--queue-seconds", type=_seconds, default=5.0, metavar="SECONDS")
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
    quotas.add_argument("--requests-per-second", type=_positive, metavar="RATE")
    quotas.add_argument("--min-speech-seconds", type=_seconds, default=0.0, metavar="SECONDS")
    return parser


MAX_CONNECTIONS = 64
"""The most requests the local endpoint serves at once (a thread each)."""

IDLE_SECONDS = 30
"""How long a connection may send nothing before the endpoint closes it."""

MAX_BODY = 1024 * 1024
"""The largest Voice ID request body the local endpoint reads, in bytes (1 MiB; a
Start with every member is a few KiB). A larger one is answered 413."""


def _refused(status: int, code: str, message: str) -> tuple[int, dict[str, object]]:
    return status, {"__type": code, "message": message, "Message": message}


def _request_body(environ: WSGIEnvironment) -> dict[str, object] | tuple[int, dict[str, object]]:
    """A Voice ID request's JSON object, or the refusal of a body that is not one."""
    stream = environ["wsgi.input"]
    declared = environ.get("CONTENT_LENGTH") or ""
    if declared:
        if not declared.isdigit():
            return _refused(400, "SerializationException", f"bad Content-Length {declared!r}")
        if int(declared) > MAX_BODY:
            return _refused(413, "RequestEntityTooLarge", f"the body is over {MAX_BODY} bytes")
        raw = stream.read(int(declared))
    elif environ.get("wsgi.input_terminated"):  # a chunked body, read by the server
        raw = stream.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return _refused(413, "RequestEntityTooLarge", f"the body is over {MAX_BODY} bytes")
    else:
        raw = b""
    try:
        params: object = json.loads(raw or b"{}")
    except (ValueError, RecursionError):
        return _refused(400, "SerializationException", "the body is not JSON")
    if not isinstance(params, dict):
        return _refused(400, "SerializationException", "the body is not a JSON object")
    return cast("dict[str, object]", params)


def _arguments(options: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, checked: every option before anything listens."""
    args = options.parse_args(argv)
    if args.create_domain is not None:
        try:
            check_value(args.create_domain, "DomainName", "name")
        except InvalidParameterError as error:
            options.error(f"argument --create-domain: {error.rule} (got {error.shown})")
    try:  # werkzeug prints a bad host's error and exits 1 itself: look it up first
        socket.getaddrinfo(args.host, args.port)
    except (OSError, UnicodeError) as error:
        options.error(f"argument --host: cannot listen on {args.host!r}: {error}")
    return args


def _listen(
    options: argparse.ArgumentParser, args: argparse.Namespace, app: WSGIApplication
) -> Any:
    """A threaded server on the host and port: bounded threads, idle connections closed."""
    from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

    class Handler(WSGIRequestHandler):
        timeout = IDLE_SECONDS  # a half-sent request or an idle connection is let go

    class BoundedServer(ThreadedWSGIServer):
        """At most MAX_CONNECTIONS requests at once; more wait in the listen queue."""

        slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

        def process_request(self, request: Any, client_address: Any) -> None:
            self.slots.acquire()
            try:
                super().process_request(request, client_address)
            except BaseException:
                self.slots.release()
                raise

        def process_request_thread(self, request: Any, client_address: Any) -> None:
            try:
                super().process_request_thread(request, client_address)
            finally:
                self.slots.release()

    try:
        return BoundedServer(args.host, args.port, app, handler=Handler)
    except SystemExit:  # werkzeug's way of saying the port is taken
        options.error(f"argument --port: cannot listen on {args.host}:{args.port}")


def main(
    argv: Sequence[str] | None = None, prog: str = "python -m voiceid_jobs.testing.server"
) -> int:
    """Serve until SIGINT or SIGTERM."""
    options = parser(prog)
    args = _arguments(options, argv)
    try:
        import werkzeug.serving  # noqa: F401  # pyright: ignore[reportUnusedImport] - _listen's
        from moto.moto_server.werkzeug_app import (  # pyright: ignore[reportMissingTypeStubs]
            create_backend_app,
        )
    except ModuleNotFoundError as error:
        options.exit(2, f"{prog}: error: needs {error.name}: {INSTALL}\n")

    import boto3
    from botocore.config import Config

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    started = time.monotonic()
    app = _LateApp()
    server = _listen(options, args, app)
    url = f"http://{args.host}:{server.server_port}"
    s3: S3Client = boto3.client(  # pyright: ignore[reportUnknownMemberType]
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="fake",
        aws_secret_access_key="fake",  # noqa: S106 - moto does not check it
        config=Config(s3={"addressing_style": "path"}),
    )
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
        )
    except InvalidParameterError as error:
        server.server_close()
        options.error(str(error))
    app.serve = make_app(
        fake, create_backend_app("s3"), advance_per_request=args.advance_per_request
    )

    def stop(*_: object) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Serving Voice ID and S3 at {url}", flush=True)
    if args.create_domain:
        print(f"Domain {args.create_domain}: {fake.create_domain(args.create_domain)}", flush=True)
    if args.examples:  # S3 answers once the server serves: fill it from beside it
        threading.Thread(target=_add_examples, args=(fake, s3, url), daemon=True).start()
    try:
        server.serve_forever()
    finally:
        server.server_close()
    print("Stopped.", flush=True)
    return 0


class _LateApp:
    """The server's app, set once the port is known (the fake's S3 client needs it)."""

    serve: WSGIApplication | None = None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if self.serve is None:
            start_response("503 Service Unavailable", [("Content-Length", "0")])
            return [b""]
        return self.serve(environ, start_response)


if __name__ == "__main__":
    sys.exit(main())
