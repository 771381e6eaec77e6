"""The sync and the async client offer the same methods, with the same signatures."""

from __future__ import annotations

import asyncio
import inspect
import re
import sys
import time
import typing
from typing import Any

import pytest

from voiceid_jobs import VoiceIdJobsClient
from voiceid_jobs.aio import AsyncVoiceIdJobsClient


def _public(cls: type[Any]) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") or name == "__init__"
    }


ASYNC_SPELLING = [
    # What a coroutine or async iterator spells differently; the rest must match as written.
    (r"\bAsyncIterator\[", "Iterator["),
    (r"Callable\[\[float\], Awaitable\[None\]\]", "Callable[[float], None]"),
    (r"\bAioSession\b", "boto3.Session"),
    (r"\bAioConfig\b", "botocore.config.Config"),
    (r"AsyncGenerator\[AsyncVoiceIdJobsClient, None\]", "VoiceIdJobsClient"),
    (r"\bAsyncVoiceIdJobsClient\b", "VoiceIdJobsClient"),
]


def _as_sync(annotation: object) -> str:
    text = str(annotation)
    for pattern, replacement in ASYNC_SPELLING:
        text = re.sub(pattern, replacement, text)
    return text


def _default(value: object) -> str:
    """A default as written; each client's own way to sleep counts as the same."""
    return "sleep" if value in (time.sleep, asyncio.sleep) else repr(value)


def _signature(function: Any) -> list[tuple[str, str, str, str]]:
    signature = inspect.signature(function)
    parameters = [
        (name, str(parameter.kind), _default(parameter.default), _as_sync(parameter.annotation))
        for name, parameter in signature.parameters.items()
    ]
    return [*parameters, ("return", "", "", _as_sync(signature.return_annotation))]


def test_both_clients_have_the_same_public_methods() -> None:
    assert sorted(_public(VoiceIdJobsClient)) == sorted(_public(AsyncVoiceIdJobsClient))


@pytest.mark.parametrize("name", sorted(_public(VoiceIdJobsClient)))
def test_a_method_has_the_same_parameters_defaults_and_return_type_in_both_clients(
    name: str,
) -> None:
    sync_member = _public(VoiceIdJobsClient)[name]
    async_member = _public(AsyncVoiceIdJobsClient)[name]
    if isinstance(sync_member, property):
        assert isinstance(async_member, property)
        assert _as_sync(inspect.signature(sync_member.fget).return_annotation) == _as_sync(  # type: ignore[arg-type]
            inspect.signature(async_member.fget).return_annotation  # type: ignore[arg-type]
        )
        return

    assert _signature(sync_member) == _signature(async_member)


@pytest.mark.parametrize(
    "name",
    [
        name
        for name, member in sorted(_public(VoiceIdJobsClient).items())
        if callable(member) and name not in {"__init__", "create"}
    ],
)
def test_a_method_is_a_coroutine_or_an_async_iterator_in_the_async_client(name: str) -> None:
    sync_return = str(inspect.signature(getattr(VoiceIdJobsClient, name)).return_annotation)
    method = getattr(AsyncVoiceIdJobsClient, name)
    if sync_return.startswith("Iterator["):
        assert not inspect.iscoroutinefunction(method)  # an async iterator, used with async for
    else:
        assert inspect.iscoroutinefunction(method)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="typing keeps overloads from 3.11 on")
def test_the_overloads_of_each_method_match_in_both_clients() -> None:
    get_overloads = typing.get_overloads  # type: ignore[attr-defined,unused-ignore]
    for name, member in _public(VoiceIdJobsClient).items():
        if not callable(member) or isinstance(member, property):
            continue
        sync_overloads = [_signature(each) for each in get_overloads(member)]
        async_overloads = [
            _signature(each) for each in get_overloads(getattr(AsyncVoiceIdJobsClient, name))
        ]
        assert sync_overloads == async_overloads, name
