"""A small Voice ID job backend behind botocore's ``before-send``, with injected faults.

Start dedupes by ClientToken, as the service does; Describe reports a job's status
from the test's clock; each request first takes the next fault from ``faults``:
``throttle`` (HTTP 400 ThrottlingException), ``fault`` (HTTP 500
InternalServerException), ``connection`` (a raised connection error), ``lost`` (a
Start is carried out but its answer is a 500), or None (no fault).
"""

from __future__ import annotations

import string
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HTTPHeaders
from botocore.exceptions import EndpointConnectionError

from voiceid_jobs.testing._json_protocol import (
    error_response,
    json_response,
    operation_of,
    params_of,
)

FAULTS = ("throttle", "fault", "connection", "lost")


class FaultyBackend:
    def __init__(self, clock: Callable[[], float], *, duration: float, status: str = "COMPLETED"):
        self.clock = clock
        self.duration = duration
        self.final_status = status
        self.faults: deque[str | None] = deque()
        self.requests: list[tuple[str, dict[str, Any]]] = []
        self.jobs: dict[str, dict[str, Any]] = {}
        self.started_at: dict[str, float] = {}
        self.tokens: dict[str, str] = {}

    def inject(self, faults: Iterable[str | None]) -> None:
        self.faults.extend(faults)

    def __call__(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        operation, params = operation_of(request), params_of(request)
        self.requests.append((operation, params))
        fault = self.faults.popleft() if self.faults else None
        if fault == "connection":
            raise EndpointConnectionError(endpoint_url=request.url)
        if fault == "throttle":
            return error_response(request, 400, "ThrottlingException", "Rate exceeded")
        if fault == "fault":
            return error_response(request, 500, "InternalServerException", "Internal failure")
        if operation == "StartSpeakerEnrollmentJob":
            job = self._start(params)
            if fault == "lost":
                return error_response(request, 500, "InternalServerException", "Lost answer")
            return json_response(request, {"Job": job})
        if operation == "DescribeSpeakerEnrollmentJob":
            return json_response(request, {"Job": self._describe(params["JobId"])})
        return error_response(request, 400, "ValidationException", f"{operation} not served")

    @property
    def starts(self) -> list[dict[str, Any]]:
        return [params for operation, params in self.requests if operation.startswith("Start")]

    @property
    def describes(self) -> int:
        return sum(operation.startswith("Describe") for operation, _ in self.requests)

    def _start(self, params: dict[str, Any]) -> dict[str, Any]:
        token = params["ClientToken"]
        if token not in self.tokens:
            job_id = string.ascii_letters[len(self.tokens)] * 22
            self.tokens[token] = job_id
            self.started_at[job_id] = self.clock()
            self.jobs[job_id] = {
                "JobId": job_id,
                "DomainId": params["DomainId"],
                "InputDataConfig": params["InputDataConfig"],
                "OutputDataConfig": params["OutputDataConfig"],
            }
        return self._describe(self.tokens[token])

    def _describe(self, job_id: str) -> dict[str, Any]:
        elapsed = self.clock() - self.started_at[job_id]
        if elapsed >= self.duration:
            status, percent = self.final_status, 100
        elif elapsed == 0:
            status, percent = "SUBMITTED", 0
        else:
            status, percent = "IN_PROGRESS", int(100 * elapsed / self.duration)
        return {
            **self.jobs[job_id],
            "JobStatus": status,
            "JobProgress": {"PercentComplete": percent},
        }


class _Body:
    """The little of urllib3's response that botocore reads."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


def answering(status: int, body: bytes) -> Callable[..., AWSResponse]:
    """A before-send handler that answers every request with ``status`` and ``body``."""

    def answer(request: AWSPreparedRequest, **_: object) -> AWSResponse:
        headers = HTTPHeaders()
        headers["Content-Type"] = "application/x-amz-json-1.0"
        headers["Content-Length"] = str(len(body))
        return AWSResponse(request.url, status, headers, _Body(body))

    return answer
