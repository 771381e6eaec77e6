"""The local endpoint under clients that misbehave: slow, idle, many, malformed.

Most tests run the endpoint in this process, on 127.0.0.1 and a free port, built as
``main`` builds it (:func:`local_s3`, :func:`make_app`, :func:`make_server`); those
about the command line's output run it in a subprocess. Nothing waits on the clock:
a test waits for an event (the server closing a socket, an app being entered), with a
generous socket timeout as a safety net.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

from voiceid_jobs.testing import FakeVoiceId, make_wav
from voiceid_jobs.testing.server import local_s3, make_app, make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

    from voiceid_jobs.testing._http import LocalServer

SAFETY = 30.0
"""The longest any socket waits: a safety net for a broken server, never reached."""

DEADLINE = 0.5
"""A request's deadline in the tests about it: short, so they end quickly."""

CONTENT_TYPE = "application/x-amz-json-1.0"


# --- Running the endpoint in this process ------------------------------------------


@contextlib.contextmanager
def serving(app: WSGIApplication, **options: Any) -> Iterator[LocalServer]:
    """``make_server(app, **options)`` on 127.0.0.1, serving in a thread until the end."""
    server = make_server(app, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(SAFETY)


class Local:
    """The endpoint in this process: its server and its fake."""

    def __init__(self, server: LocalServer, fake: FakeVoiceId) -> None:
        self.server, self.fake = server, fake

    def client(self, service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=self.server.url,
            region_name="us-east-1",
            config=Config(
                retries={"total_max_attempts": 1},
                connect_timeout=SAFETY,
                read_timeout=SAFETY,
                s3={"addressing_style": "path"},
            ),
        )


@contextlib.contextmanager
def local_endpoint(**options: Any) -> Iterator[Local]:
    with local_s3() as (s3, s3_app):
        fake = FakeVoiceId(s3_client=s3)
        with serving(make_app(fake, s3_app), **options) as server:
            yield Local(server, fake)


@pytest.fixture
def local() -> Iterator[Local]:
    """The endpoint with its own limits."""
    with local_endpoint() as endpoint:
        yield endpoint


@pytest.fixture
def hasty() -> Iterator[Local]:
    """The endpoint with a short deadline."""
    with local_endpoint(request_seconds=DEADLINE) as endpoint:
        yield endpoint


def connect(server: LocalServer) -> socket.socket:
    url = urlsplit(server.url)
    assert url.hostname is not None
    assert url.port is not None
    return socket.create_connection((url.hostname, url.port), timeout=SAFETY)


def until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = bytearray()
    while chunk := sock.recv(65536):
        received += chunk
    return bytes(received)


def exchange(server: LocalServer, request: bytes) -> bytes:
    """Send ``request`` on a connection of its own; the whole answer."""
    with connect(server) as sock:
        sock.sendall(request)
        return until_closed(sock)


def parsed(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    """The status, headers (lower-cased names) and body of an HTTP answer."""
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (x.partition(":") for x in lines)}
    return int(status_line.split()[1]), headers, body


def json_error(answer: bytes) -> tuple[int, dict[str, Any]]:
    """The status and JSON body of an error answer in the service's format."""
    status, headers, body = parsed(answer)
    assert headers["content-type"] == CONTENT_TYPE, answer
    error = json.loads(body)
    assert error["message"], error
    return status, error


def request(head: str, body: bytes = b"") -> bytes:
    """A request from its lines (joined with CRLF) and its body."""
    return head.replace("\n", "\r\n").encode("latin-1") + b"\r\n\r\n" + body


VOICE_ID = "POST / HTTP/1.1\nHost: 127.0.0.1\nX-Amz-Target: VoiceID.ListDomains"


class HeldApp:
    """A WSGI app that reads a request's body, then answers only once released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        self.entered.set()
        self.released.wait(SAFETY)
        start_response("200 OK", [("Content-Length", "2")])
        return [b"ok"]


@contextlib.contextmanager
def held(**options: Any) -> Iterator[tuple[HeldApp, LocalServer]]:
    app = HeldApp()
    with serving(app, **options) as server:
        try:
            yield app, server
        finally:
            app.released.set()


GET = request("GET / HTTP/1.1\nHost: 127.0.0.1")


# --- The fake's S3 is in process ------------------------------------------------------


def test_a_bucket_and_object_written_over_http_are_read_by_the_fakes_s3_client(
    local: Local,
) -> None:
    s3 = local.client("s3")
    s3.create_bucket(Bucket="over-http")
    s3.put_object(Bucket="over-http", Key="calls/alice.wav", Body=b"written over HTTP")

    read = local.fake.s3_client.get_object(Bucket="over-http", Key="calls/alice.wav")

    assert read["Body"].read() == b"written over HTTP"


def test_an_object_the_fakes_s3_client_writes_is_read_over_http(local: Local) -> None:
    local.fake.s3_client.create_bucket(Bucket="in-process")
    local.fake.s3_client.put_object(Bucket="in-process", Key="out.json", Body=b"{}")

    read = local.client("s3").get_object(Bucket="in-process", Key="out.json")

    assert read["Body"].read() == b"{}"


def test_a_job_reads_its_manifest_and_writes_its_output_with_the_port_closed(
    local: Local,
) -> None:
    s3, voiceid = local.client("s3"), local.client("voice-id")
    s3.create_bucket(Bucket="job-files")
    s3.put_object(Bucket="job-files", Key="alice.wav", Body=make_wav("alice"))
    manifest = {
        "Version": "1.0",
        "SpeakerEnrollmentRequests": [
            {
                "RequestId": "r1",
                "SpeakerId": "alice",
                "AudioSpecifications": [{"S3Uri": "s3://job-files/alice.wav", "ChannelId": 0}],
            }
        ],
    }
    s3.put_object(Bucket="job-files", Key="manifest.json", Body=json.dumps(manifest).encode())
    domain_id = local.fake.create_domain("port-closed")
    job = voiceid.start_speaker_enrollment_job(
        DomainId=domain_id,
        DataAccessRoleArn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        InputDataConfig={"S3Uri": "s3://job-files/manifest.json"},
        OutputDataConfig={"S3Uri": "s3://job-files/out"},
    )["Job"]
    local.server.shutdown()
    local.server.server_close()  # from here on, nothing answers on the port

    described: dict[str, Any] = {}
    for _ in range(20):
        local.fake.advance(60)
        _, described = local.fake.handle(
            "DescribeSpeakerEnrollmentJob", {"DomainId": domain_id, "JobId": job["JobId"]}
        )
        if described["Job"]["JobStatus"] == "COMPLETED":
            break
    output = local.fake.s3_client.get_object(
        Bucket="job-files", Key=f"out/{job['JobId']}/manifest.json.out"
    )

    assert described["Job"]["JobStatus"] == "COMPLETED"
    assert json.loads(output["Body"].read())["SuccessfulEnrollments"][0]["RequestId"] == "r1"


def test_the_fakes_s3_client_takes_no_endpoint_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there

    with local_s3() as (s3, _):
        s3.create_bucket(Bucket="not-elsewhere")
        buckets = s3.list_buckets()["Buckets"]

    assert [bucket["Name"] for bucket in buckets] == ["not-elsewhere"]


def test_fail_next_over_http_fails_the_jobs_s3_reads_not_the_clients_own(local: Local) -> None:
    s3, voiceid = local.client("s3"), local.client("voice-id")
    s3.create_bucket(Bucket="faulty")
    s3.put_object(Bucket="faulty", Key="manifest.json", Body=b"{}")
    fault = json.dumps({"Operation": "GetObject", "Code": "AccessDenied"}).encode()
    answer = exchange(
        local.server,
        request(
            "POST / HTTP/1.1\nHost: 127.0.0.1\nX-Amz-Target: VoiceID.FakeVoiceIdFailNext\n"
            f"Content-Length: {len(fault)}",
            fault,
        ),
    )
    assert parsed(answer)[0] == 200

    own = s3.get_object(Bucket="faulty", Key="manifest.json")["Body"].read()
    domain_id = local.fake.create_domain("faulty")
    job = voiceid.start_speaker_enrollment_job(
        DomainId=domain_id,
        DataAccessRoleArn="arn:aws:iam::123456789012:role/VoiceIdBatch",
        InputDataConfig={"S3Uri": "s3://faulty/manifest.json"},
        OutputDataConfig={"S3Uri": "s3://faulty/out"},
    )["Job"]
    for _ in range(20):
        local.fake.advance(60)
        job = voiceid.describe_speaker_enrollment_job(DomainId=domain_id, JobId=job["JobId"])["Job"]
        if job["JobStatus"] == "FAILED":
            break

    assert own == b"{}"
    assert job["JobStatus"] == "FAILED"
    assert "AccessDenied" in job["FailureDetails"]["Message"]


def test_moto_answers_no_client_that_names_an_endpoint() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # closed again when the block ends: nothing listens
    with local_s3():
        elsewhere = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="us-east-1",
            config=Config(retries={"total_max_attempts": 1}, connect_timeout=SAFETY),
        )
        with pytest.raises(botocore.exceptions.EndpointConnectionError):
            elsewhere.list_buckets()


def test_the_in_process_s3_leaves_the_environments_credentials_alone() -> None:
    before = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}

    with local_s3():
        during = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}

    assert during == before


# --- The deadline ---------------------------------------------------------------------


def test_an_idle_connection_is_closed_at_the_deadline() -> None:
    with held(request_seconds=DEADLINE) as (_, server), connect(server) as idle:
        assert until_closed(idle) == b""


def test_a_half_sent_request_is_closed_at_the_deadline_unanswered() -> None:
    with held(request_seconds=DEADLINE) as (_, server), connect(server) as half:
        half.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")

        assert until_closed(half) == b""


def trickle(sock: socket.socket, data: bytes) -> tuple[int, bytes]:
    """Send ``data`` a byte each time the server has not closed the connection for 50 ms;
    how many bytes went, and what the server sent before closing it."""
    sent = 0
    try:
        while sent < len(data):
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:  # an answer, or the end
                return sent, until_closed(sock)
            sock.sendall(data[sent : sent + 1])
            sent += 1
    except (BrokenPipeError, ConnectionResetError):
        return sent, b""
    return sent, until_closed(sock)


def test_a_request_trickled_a_byte_at_a_time_is_closed_at_the_deadline() -> None:
    # Sent in full, the request would take 30 s: a timeout that restarted with each
    # byte would never close it.
    endless = b"POST / HTTP/1.1\r\nX-Padding: " + b"a" * 600 + b"\r\n\r\n"
    with held(request_seconds=DEADLINE) as (_, server), connect(server) as slow:
        sent, answer = trickle(slow, endless)

    assert sent < len(endless)
    assert answer == b""


def test_a_voice_id_body_trickled_a_byte_at_a_time_is_closed_unanswered(hasty: Local) -> None:
    body = b"{" + b" " * 598 + b"}"
    head = request(f"{VOICE_ID}\nContent-Length: {len(body)}")
    with connect(hasty.server) as slow:
        slow.sendall(head)
        sent, answer = trickle(slow, body)

    assert sent < len(body)
    assert answer == b""


def test_an_s3_upload_trickled_a_byte_at_a_time_is_closed_unanswered(hasty: Local) -> None:
    hasty.client("s3").create_bucket(Bucket="trickled")
    body = b"x" * 600
    head = request(f"PUT /trickled/key HTTP/1.1\nHost: 127.0.0.1\nContent-Length: {len(body)}")
    with connect(hasty.server) as slow:
        slow.sendall(head)
        sent, answer = trickle(slow, body)

    assert sent < len(body)
    assert answer == b""  # no 500: the server let the connection go


def test_a_request_that_arrived_is_answered_however_long_the_app_takes() -> None:
    with held(request_seconds=DEADLINE) as (app, server), connect(server) as answered:
        answered.sendall(GET)
        assert app.entered.wait(SAFETY)
        with connect(server) as later:  # its deadline passes after the first one's
            assert until_closed(later) == b""
        app.released.set()

        status, _, body = parsed(until_closed(answered))

    assert (status, body) == (200, b"ok")


class EndlessAnswer:
    """A WSGI app whose answer is far more than a socket buffers; ``abandoned`` is set
    when the server stops sending it."""

    CHUNK = b"x" * 1024 * 1024
    CHUNKS = 1024

    def __init__(self) -> None:
        self.abandoned = threading.Event()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        del environ  # every request gets the same answer
        start_response("200 OK", [("Content-Length", str(len(self.CHUNK) * self.CHUNKS))])
        return self._chunks()

    def _chunks(self) -> Iterator[bytes]:
        try:
            for _ in range(self.CHUNKS):
                yield self.CHUNK
        finally:
            self.abandoned.set()


def test_a_client_that_stops_reading_its_answer_is_let_go() -> None:
    app = EndlessAnswer()
    with serving(app, request_seconds=DEADLINE) as server, connect(server) as reader:
        reader.sendall(GET)
        assert app.abandoned.wait(SAFETY)  # the server stopped sending

        received = until_closed(reader)  # what the sockets held, then the end

    assert 0 < len(received) < len(app.CHUNK) * app.CHUNKS


def test_a_real_call_is_answered_after_an_idle_connection_is_closed(hasty: Local) -> None:
    with connect(hasty.server) as idle:
        assert until_closed(idle) == b""

    assert hasty.client("voice-id").list_domains()["DomainSummaries"] == []


# --- The cap on connections -----------------------------------------------------------


def test_past_the_cap_the_connection_waiting_longest_is_closed_for_a_new_one() -> None:
    with held(max_connections=2) as (_, server), connect(server) as first:
        first.sendall(b"GET / HTTP/1.1\r\n")  # waits for the rest
        with connect(server) as second, connect(server) as third:
            third.sendall(b"GET / HTTP/1.1\r\n")

            assert until_closed(first) == b""
            second.settimeout(0.0)
            with pytest.raises(BlockingIOError):  # open, and nothing sent yet
                second.recv(1)


def test_past_the_cap_a_connection_busy_answering_is_not_closed() -> None:
    with held(max_connections=1) as (app, server), connect(server) as busy:
        busy.sendall(GET)
        assert app.entered.wait(SAFETY)  # busy answering, not waiting for its client
        with connect(server) as waiting:
            waiting.sendall(GET)
            app.released.set()

            first, second = until_closed(busy), until_closed(waiting)

    assert parsed(first)[0] == parsed(second)[0] == 200


def test_a_real_call_gets_through_while_hundreds_of_connections_are_idle_or_half_sent(
    local: Local,
) -> None:
    local.client("s3").create_bucket(Bucket="held")
    starts = [
        b"",
        b"POST / HTTP/1.1\r\nX-Amz-Tar",
        b"PUT /held/key HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nsome",
    ]
    with contextlib.ExitStack() as stack:
        for number in range(300):
            sock = stack.enter_context(connect(local.server))
            sock.sendall(starts[number % len(starts)])

        domains = local.client("voice-id").list_domains()
        buckets = local.client("s3").list_buckets()

    assert domains["DomainSummaries"] == []
    assert [bucket["Name"] for bucket in buckets["Buckets"]] == ["held"]


# --- Hosts ----------------------------------------------------------------------------


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


needs_ipv6 = pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback here")


@needs_ipv6
def test_the_server_listens_on_the_ipv6_loopback_at_a_bracketed_url() -> None:
    with held(host="::1") as (app, server):
        app.released.set()
        url = urlsplit(server.url)

        answer = exchange(server, GET)

    assert url.netloc.startswith("[::1]:")
    assert parsed(answer)[0] == 200


def start_server(*flags: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "voiceid_jobs.testing.server", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextlib.contextmanager
def started(*flags: str) -> Iterator[tuple[str, list[str]]]:
    """The server in a subprocess: the URL it prints, and (once it stopped) its stderr."""
    process = start_server(*flags)
    stderr: list[str] = []
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Serving Voice ID and S3 at "), line
        yield line.split()[-1], stderr
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=SAFETY)
        stderr += err.splitlines()


def list_domains(url: str) -> Any:
    voiceid = boto3.client(
        "voice-id",
        endpoint_url=url,
        region_name="us-east-1",
        config=Config(retries={"total_max_attempts": 1}, read_timeout=SAFETY),
    )
    return voiceid.list_domains()


@pytest.mark.slow
@needs_ipv6
def test_the_command_line_serves_the_ipv6_loopback_and_prints_its_url() -> None:
    with started("--host", "::1") as (url, stderr):
        assert url.startswith("http://[::1]:")
        assert list_domains(url)["DomainSummaries"] == []

    assert stderr == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("host", "printed"),
    [
        ("0.0.0.0", "http://127.0.0.1:"),  # noqa: S104 - the warning is what is tested
        pytest.param("::", "http://[::1]:", marks=needs_ipv6),
    ],
)
def test_listening_on_every_address_warns_and_prints_the_loopback_url(
    host: str, printed: str
) -> None:
    with started("--host", host) as (url, stderr):
        assert url.startswith(printed)
        assert list_domains(url)["DomainSummaries"] == []

    (warning,) = stderr
    assert warning.startswith("python -m voiceid_jobs.testing.server: warning: listening on")
    assert host in warning


@pytest.mark.slow
def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "voiceid_jobs.testing.server", "--port", port],
            capture_output=True,
            text=True,
            check=False,
            timeout=SAFETY,
        )

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("python -m voiceid_jobs.testing.server: error: argument --port:")
    assert port in line


@pytest.mark.slow
def test_an_address_not_of_this_machine_is_one_line_and_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "voiceid_jobs.testing.server", "--host", "192.0.2.1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=SAFETY,
    )

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("python -m voiceid_jobs.testing.server: error: argument --host:")


@pytest.mark.parametrize("missing", ["moto", "werkzeug"])
def test_the_server_without_the_testing_extra_says_what_to_install(missing: str) -> None:
    without = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "from voiceid_jobs.testing.server import main\n"
        "main([])\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", without], capture_output=True, text=True, check=False
    )

    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.endswith('pip install "voiceid-jobs[testing]"')


@pytest.mark.parametrize("options", [{"request_seconds": 0}, {"max_connections": 0}])
def test_the_server_refuses_limits_that_would_serve_nothing(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(options))):
        make_server(HeldApp(), **options)


# --- What the endpoint keeps ----------------------------------------------------------


def test_an_unknown_operation_is_refused_and_the_fake_never_sees_it(local: Local) -> None:
    answer = exchange(
        local.server,
        request(
            "POST / HTTP/1.1\nHost: 127.0.0.1\nX-Amz-Target: VoiceID.NoSuchOperation\n"
            "Content-Length: 2",
            b"{}",
        ),
    )

    status, error = json_error(answer)
    assert (status, error["__type"]) == (400, "UnknownOperationException")
    assert "NoSuchOperation" not in local.fake.calls


# --- Malformed requests: a JSON error, 400 --------------------------------------------


S3_PUT = "PUT /malformed/key HTTP/1.1\nHost: 127.0.0.1"


@pytest.fixture
def malformed(local: Local) -> LocalServer:
    """The endpoint, with the bucket the S3 requests below name."""
    local.client("s3").create_bucket(Bucket="malformed")
    return local.server


@pytest.mark.parametrize("start", [VOICE_ID, S3_PUT], ids=["voice-id", "s3"])
@pytest.mark.parametrize("length", ["\xb2", "\xc2\xb2", "-5", "1e3", "0x10", "1" * 30])
def test_a_content_length_that_is_not_ascii_digits_is_a_json_error(
    malformed: LocalServer, start: str, length: str
) -> None:
    status, error = json_error(exchange(malformed, request(f"{start}\nContent-Length: {length}")))

    assert (status, error["__type"]) == (400, "SerializationException")


def test_conflicting_content_lengths_are_a_json_error(malformed: LocalServer) -> None:
    answer = exchange(malformed, request(f"{VOICE_ID}\nContent-Length: 2\nContent-Length: 3"))

    assert json_error(answer)[0] == 400


@pytest.mark.parametrize("start", [VOICE_ID, S3_PUT], ids=["voice-id", "s3"])
@pytest.mark.parametrize(
    "body",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",  # not hex
        b"-2\r\n{}\r\n0\r\n\r\n",
        b"2\r\n{}XX0\r\n\r\n",  # no CRLF after the data
        b"1" * 5000 + b"\r\n",  # a size line over 4 KiB
        b"10\r\n{}",  # ends inside a chunk
        b"0\r\n" + b"X-Trailer: 1\r\n" * 101 + b"\r\n",
        b"0\r\nX-Trailer: cut sho",
    ],
    ids=[
        "not-hex",
        "negative",
        "no-crlf",
        "long-line",
        "cut-short",
        "many-trailers",
        "cut-trailer",
    ],
)
def test_a_malformed_chunked_body_is_a_json_error(
    malformed: LocalServer, start: str, body: bytes
) -> None:
    with connect(malformed) as sock:
        sock.sendall(request(f"{start}\nTransfer-Encoding: chunked", body))
        sock.shutdown(socket.SHUT_WR)  # the body ends here
        status, error = json_error(until_closed(sock))

    assert (status, error["__type"]) == (400, "SerializationException")


@pytest.mark.parametrize("coding", ["gzip", "gzip, chunked", "chunked, chunked"])
def test_a_transfer_encoding_other_than_chunked_is_a_json_error(
    malformed: LocalServer, coding: str
) -> None:
    answer = exchange(malformed, request(f"{VOICE_ID}\nTransfer-Encoding: {coding}"))

    assert json_error(answer)[0] == 400


def test_content_length_and_transfer_encoding_together_are_a_json_error(
    malformed: LocalServer,
) -> None:
    answer = exchange(
        malformed,
        request(f"{VOICE_ID}\nContent-Length: 7\nTransfer-Encoding: chunked", b"0\r\n\r\n"),
    )

    assert json_error(answer)[0] == 400


@pytest.mark.parametrize(
    "raw",
    [
        b"GARBAGE\r\n\r\n",
        b"\r\n",
        b"GET /\r\n\r\n",  # no version: HTTP/0.9
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / NOTHTTP\r\n\r\n",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n",
        b"GET / HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 150 + b"\r\n",
    ],
    ids=[
        "garbage",
        "empty",
        "http-0.9",
        "version-9.9",
        "not-a-version",
        "long-request-line",
        "long-header",
        "many-headers",
    ],
)
def test_a_malformed_request_line_or_header_is_a_json_error(local: Local, raw: bytes) -> None:
    status, error = json_error(exchange(local.server, raw))

    assert (status, error["__type"]) == (400, "BadRequestException")


@pytest.mark.parametrize("start", [VOICE_ID, S3_PUT], ids=["voice-id", "s3"])
def test_a_chunked_body_with_extensions_and_trailers_is_read(
    malformed: LocalServer, start: str
) -> None:
    body = b"1;name=value\r\n{\r\n1\r\n}\r\n0\r\nX-Trailer: yes\r\n\r\n"

    answer = exchange(malformed, request(f"{start}\nTransfer-Encoding: chunked", body))

    assert parsed(answer)[0] == 200


def test_a_chunked_s3_upload_is_stored_whole(local: Local) -> None:
    s3 = local.client("s3")
    s3.create_bucket(Bucket="chunked")
    body = b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"

    answer = exchange(
        local.server,
        request("PUT /chunked/key HTTP/1.1\nHost: 127.0.0.1\nTransfer-Encoding: chunked", body),
    )

    assert parsed(answer)[0] == 200
    assert s3.get_object(Bucket="chunked", Key="key")["Body"].read() == b"hello world"
