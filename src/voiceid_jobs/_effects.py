"""What an operation asks of the outside world, as values (the sans-io boundary).

Every operation of the clients, from a single Describe to a sharded run of many jobs,
is written once, as a generator of *steps*: it yields an effect for each thing it
needs from outside (:class:`Call` the service, :class:`Sleep`, read the clock with
:class:`Now`, :class:`PutObject` / :class:`GetObject` on S3) and is sent the answer,
or has the error thrown into it. Retrying, polling, pagination, the checks and what
is made of the answers are therefore the same code for both clients; the sync client
carries the effects out with blocking calls, the async client awaits them (each
client's ``_run`` and ``_each``: a loop that sends each answer back, or throws the
error in).

The effects are named tuples: plain immutable records, which the client module loads
when it is made without loading attrs.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any, NamedTuple, TypeVar

__all__ = [
    "Call",
    "Effect",
    "Emit",
    "GetObject",
    "Now",
    "PutObject",
    "Sleep",
    "Steps",
    "Stream",
]

R = TypeVar("R")


class Call(NamedTuple):
    """Call a Voice ID operation once; answered with the response, or our error thrown in.

    The client waits for the call's turn under its rate limit, if it has one, and maps
    whatever botocore raises to our error tree before throwing it.
    """

    method: str
    """The boto3 method, as a kind's row in ``_kinds`` spells it:
    ``describe_speaker_enrollment_job``."""
    params: Mapping[str, Any]
    """Its keyword arguments, checked."""
    operation: str
    """The service's name of the operation, for errors: ``DescribeSpeakerEnrollmentJob``."""


class Sleep(NamedTuple):
    """Wait this many seconds with the client's ``sleep``; answered with None."""

    seconds: float


class Now(NamedTuple):
    """Read the client's ``clock``; answered with the time in seconds."""


class PutObject(NamedTuple):
    """Write JSON text to S3; answered with None."""

    uri: str
    text: str
    extra: Mapping[str, str]
    """Further PutObject arguments (encryption, the expected bucket owner)."""
    needed_by: str
    """The public method that needs S3, for the error when the client has no S3 client."""


class GetObject(NamedTuple):
    """Read an object from S3; answered with its bytes."""

    uri: str
    needed_by: str


class Emit(NamedTuple):
    """A value a stream of steps gives its caller (an item of an iterator)."""

    value: Any


Effect = Call | Sleep | Now | PutObject | GetObject
Steps = Generator[Effect, Any, R]
"""An operation as steps: effects out, answers in, its result returned."""
Stream = Generator[Effect | Emit, Any, None]
"""An iterator's operation as steps: effects out and answers in, items emitted."""
