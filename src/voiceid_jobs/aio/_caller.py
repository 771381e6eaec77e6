"""The async client's layer that calls, sleeps and reads the clock.

Everything else (the checks, the job-kind table, the models, the error mapping, the
retry and polling policies, and the operations made of several calls, as steps) is
the sync client's code, shared.
"""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar

import attrs
import tenacity

from voiceid_jobs._calls import (
    DEFAULT_RETRY,
    checked_params,
    describe_params,
    is_last_page,
    no_s3_client,
    page_summaries,
    parse,
    wait_target,
)
from voiceid_jobs._effects import (
    Describe,
    Effect,
    Emit,
    PutObject,
    Start,
    Steps,
    Stream,
    Wait,
)
from voiceid_jobs._errors import map_botocore_error
from voiceid_jobs._kinds import JobKind, JobT, SummaryT
from voiceid_jobs._requests import StartJobRequest
from voiceid_jobs._s3 import get_arguments, put_arguments, s3_error
from voiceid_jobs._waiting import Poller, PollPolicy, RateLimit, RetryPolicy, retry_arguments

__all__ = ["AsyncCaller", "aeach", "arun"]

R = TypeVar("R")


async def arun(steps: Steps[R], perform: Callable[[Effect], Awaitable[Any]]) -> R:
    """Carry out an operation's steps, awaiting ``perform`` for each effect."""
    answer: Any = None
    try:
        while True:
            effect = steps.send(answer)
            answer = None  # the steps hold what they keep; a file read is not kept here
            answer = await perform(effect)
    except StopIteration as done:
        result: R = done.value
        return result
    finally:
        steps.close()


async def aeach(stream: Stream, perform: Callable[[Effect], Awaitable[Any]]) -> AsyncIterator[Any]:
    """Carry out an iterator's steps, lazily; yield what it emits."""
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
                answer = await perform(item)
    finally:
        stream.close()


@attrs.frozen(kw_only=True)
class AsyncCaller:
    """What the async client's operations need: the aiobotocore clients and the time."""

    client: Any
    """The aiobotocore voice-id client."""
    s3_client: Any | None
    """The aiobotocore s3 client, or None."""
    retry: RetryPolicy | None
    sleep: Callable[[float], Awaitable[None]]
    clock: Callable[[], float]
    limit: RateLimit | None = None

    async def pace(self) -> None:
        """Sleep until the rate limit allows the next Voice ID call (at once without one)."""
        if self.limit is not None:
            delay = self.limit.reserve(self.clock())
            if delay > 0:
                await self.sleep(delay)

    async def call(self, method: str, params: Mapping[str, Any], operation: str) -> Any:
        """One Voice ID call, within the rate limit, with our errors."""
        await self.pace()
        try:
            return await getattr(self.client, method)(**params)
        except Exception as error:
            raise map_botocore_error(error, operation=operation) from error

    async def start(
        self, kind: JobKind[JobT, Any, Any, Any, Any, Any], request: StartJobRequest
    ) -> JobT:
        """Start a job of ``kind``: every attempt under the retry policy, with one token."""
        operation = kind.start_operation
        params = checked_params(request)
        policy = DEFAULT_RETRY if self.retry is None else self.retry
        retry = tenacity.AsyncRetrying(
            sleep=self.sleep, **retry_arguments(operation=operation, policy=policy)
        )

        async def attempt() -> Any:
            return await self.call(kind.start_method, params, operation)

        response: Any = await retry(attempt)
        return parse(response, "Job", kind.job, operation=operation)

    async def describe(
        self, kind: JobKind[JobT, Any, Any, Any, Any, Any], domain_id: str, job_id: str
    ) -> JobT:
        """Describe a job of ``kind``."""
        params = describe_params(domain_id, job_id)
        operation = kind.describe_operation
        response = await self.call(kind.describe_method, params, operation)
        return parse(response, "Job", kind.job, operation=operation)

    async def summaries(
        self, kind: JobKind[Any, SummaryT, Any, Any, Any, Any], params: Mapping[str, Any]
    ) -> AsyncIterator[SummaryT]:
        """Every job summary of every page of a List, each page within the rate limit."""
        operation = kind.list_operation
        try:
            pages = self.client.get_paginator(kind.list_method).paginate(**params).__aiter__()
        except Exception as error:
            raise map_botocore_error(error, operation=operation) from error
        while True:
            await self.pace()
            try:
                page = await pages.__anext__()
            except StopAsyncIteration:
                return
            except Exception as error:
                raise map_botocore_error(error, operation=operation) from error
            for summary in page_summaries(kind, page):
                yield summary
            if is_last_page(page):
                return

    async def wait(
        self,
        job: Any,
        *,
        timeout: float | datetime.timedelta | None,
        poll: PollPolicy | None,
        on_progress: Callable[[Any], None] | None,
    ) -> Any:
        """Wait for a job (or the job of a summary) to end; see ``wait_for_job``."""
        kind, seconds = wait_target(job, timeout)
        domain_id, job_id = job.domain_id, job.job_id
        poller: Poller[Any] = Poller(
            job,
            timeout=seconds,
            policy=PollPolicy() if poll is None else poll,
            clock=self.clock,
            on_progress=on_progress,
        )

        async def poll_once() -> Any:
            return poller.seen(await self.describe(kind, domain_id, job_id))

        retry = tenacity.AsyncRetrying(sleep=self.sleep, **poller.arguments())
        return await retry(poll_once)

    async def perform(self, effect: Effect) -> Any:
        """Carry out one effect of an operation's steps."""
        if isinstance(effect, Start):
            return await self.start(effect.kind, effect.request)
        if isinstance(effect, Describe):
            return await self.describe(effect.kind, effect.domain_id, effect.job_id)
        if isinstance(effect, Wait):
            return await self.wait(
                effect.job, timeout=effect.timeout, poll=effect.poll, on_progress=effect.on_progress
            )
        s3 = self.s3_client
        if s3 is None:
            raise no_s3_client(effect.needed_by)
        if isinstance(effect, PutObject):
            arguments = put_arguments(effect.uri, effect.text, **effect.extra)
            try:
                await s3.put_object(**arguments)
            except Exception as error:
                raise s3_error(error, "PutObject") from error
            return None
        arguments = get_arguments(effect.uri)
        try:
            response: Any = await s3.get_object(**arguments)
            async with response["Body"] as body:
                data: bytes = await body.read()
        except Exception as error:
            raise s3_error(error, "GetObject") from error
        return data

    async def run(self, steps: Steps[R]) -> R:
        """Carry out an operation's steps."""
        return await arun(steps, self.perform)

    def each(self, stream: Stream) -> AsyncIterator[Any]:
        """Carry out an iterator's steps, lazily."""
        return aeach(stream, self.perform)
