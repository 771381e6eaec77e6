"""What an operation asks of the service and of S3, as values.

An operation that makes more than one call (reading a job's output file, a sharded
run, finding the requests to retry) is written once, as a generator of *steps*: it
yields an effect for each call it needs (:class:`Start`, :class:`Describe`,
:class:`Wait`, :class:`PutObject`, :class:`GetObject`) and is sent the answer. The sync
client performs each effect with a blocking call (:func:`run`, :func:`each`); the
async client awaits it. The checks, the order of the calls and what is made of their
answers are the same code for both: only the layer that calls, sleeps and reads the
clock differs.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    from ._kinds import AnyJobKind
    from ._requests import StartJobRequest
    from ._waiting import PollPolicy

__all__ = [
    "Describe",
    "Effect",
    "Emit",
    "GetObject",
    "PutObject",
    "Start",
    "Steps",
    "Stream",
    "Wait",
    "each",
    "run",
]

R = TypeVar("R")


@attrs.frozen
class Start:
    """Start a job (every attempt under the client's retry policy); answered with the job."""

    kind: AnyJobKind
    request: StartJobRequest


@attrs.frozen
class Describe:
    """Describe a job; answered with the job."""

    kind: AnyJobKind
    domain_id: str
    job_id: str


@attrs.frozen
class Wait:
    """Wait for a job (or the job of a summary) to end; answered with the ended job."""

    job: Any
    timeout: float | None
    poll: PollPolicy | None
    on_progress: Callable[[Any], None] | None


@attrs.frozen
class PutObject:
    """Write JSON text to S3; answered with None."""

    uri: str
    text: str
    extra: Mapping[str, str]
    """Further PutObject arguments (encryption, the expected bucket owner)."""
    needed_by: str
    """The public method that needs S3, for the error when the client has no S3 client."""


@attrs.frozen
class GetObject:
    """Read an object from S3; answered with its bytes."""

    uri: str
    needed_by: str


@attrs.frozen
class Emit:
    """A value a stream of steps gives its caller (an item of an iterator)."""

    value: Any


Effect = Start | Describe | Wait | PutObject | GetObject
Steps = Generator[Effect, Any, R]
"""An operation as steps: effects out, answers in, its result returned."""
Stream = Generator[Effect | Emit, Any, None]
"""An iterator's operation as steps: effects out and answers in, items emitted."""


def run(steps: Steps[R], perform: Callable[[Effect], Any]) -> R:
    """Carry out an operation's steps with ``perform``, a blocking call per effect."""
    answer: Any = None
    try:
        while True:
            effect = steps.send(answer)
            answer = None  # the steps hold what they keep; a file read is not kept here
            answer = perform(effect)
    except StopIteration as done:
        result: R = done.value
        return result
    finally:
        steps.close()


def each(stream: Stream, perform: Callable[[Effect], Any]) -> Iterator[Any]:
    """Carry out an iterator's steps with ``perform``, lazily; yield what it emits."""
    answer: Any = None
    try:
        while True:
            try:
                item = stream.send(answer)
            except StopIteration:
                return
            answer = None
            if isinstance(item, Emit):
                yield item.value
            else:
                answer = perform(item)
    finally:
        stream.close()
