"""``mock_voiceid()``: one fake serves every voice-id client made in process, as moto does.

It switches on the handler :mod:`._routing` gives every botocore session, so the
application's own clients are served without being passed to the test: made by boto3
or aiobotocore, from any session, before the block or inside it.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast

import attrs

from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs.testing._storage import storage_config

from . import _routing
from ._fake import FakeVoiceId

if TYPE_CHECKING:
    from types_boto3_s3 import S3Client

__all__ = ["VoiceIdMock", "mock_voiceid"]

P = ParamSpec("P")
R = TypeVar("R")

REGION = "us-east-1"
"""The region of the S3 client a mock makes (moto's default)."""


def moto_is_active() -> bool:
    """Whether moto's ``mock_aws()`` is active: its handler then answers botocore's calls.

    moto keeps that switch on the handler it gives every botocore session; a moto that
    was never imported is not active.
    """
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return getattr(stubber, "enabled", False) is True


@attrs.frozen(eq=False)
class _Activation:
    token: object
    fake: FakeVoiceId
    made: bool
    """Whether the mock made the fake (and so closes it on exit)."""


class VoiceIdMock:
    """What :func:`mock_voiceid` gives: a context manager and a decorator.

    ``with`` and ``async with`` give the fake; it decorates functions and coroutine
    functions.
    """

    def __init__(
        self, fake: FakeVoiceId | None, s3_client: S3Client | None, options: dict[str, Any]
    ) -> None:
        if fake is not None and (s3_client is not None or options):
            raise InvalidParameterError(
                "fake", fake, "comes with its own S3 client and options: give one or the other"
            )
        self._fake = fake
        self._s3_client = s3_client
        self._options = options
        self._entered: list[_Activation] = []

    @property
    def fake(self) -> FakeVoiceId:
        """The fake that answers in the innermost block this mock is active in.

        Raises:
            RuntimeError: the mock is not active.
        """
        if self._entered:
            return self._entered[-1].fake
        if self._fake is not None:
            return self._fake
        raise RuntimeError("mock_voiceid() makes its fake when it starts: it has not started")

    def _start(self) -> _Activation:
        if self._entered:
            raise InvalidParameterError(
                "mock_voiceid",
                self,
                "is active already: make one mock_voiceid() for each block that runs at once",
                shown="a mock_voiceid() that is active",
            )
        fake, made = self._fake, self._fake is None
        if fake is None:
            fake = FakeVoiceId(s3_client=self._s3_client or _moto_s3_client(), **self._options)
        activation = _Activation(_routing.activate(fake), fake, made)
        self._entered.append(activation)
        return activation

    def _stop(self, activation: _Activation) -> None:
        self._entered.remove(activation)
        _routing.deactivate(activation.token)
        if activation.made:
            activation.fake.close()

    def __enter__(self) -> FakeVoiceId:
        return self._start().fake

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop(self._entered[-1])

    async def __aenter__(self) -> FakeVoiceId:
        return self.__enter__()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.__exit__(kind, error, traceback)

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        """Serve every call of ``function`` (a coroutine function for its whole run).

        Each call gets its own activation, and a fake of its own when the mock makes one.
        """
        if not callable(function) or inspect.isclass(function):
            raise InvalidParameterError("function", function, "must be a function to decorate")
        if inspect.iscoroutinefunction(function):
            coroutine_function = cast("Callable[P, Awaitable[Any]]", function)

            @functools.wraps(function)
            async def run_async(*args: P.args, **kwargs: P.kwargs) -> Any:
                activation = self._start()
                try:
                    return await coroutine_function(*args, **kwargs)
                finally:
                    self._stop(activation)

            return cast("Callable[P, R]", run_async)

        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            activation = self._start()
            try:
                return function(*args, **kwargs)
            finally:
                self._stop(activation)

        return run


def _moto_s3_client() -> S3Client:
    """The S3 client of a fake the mock makes: moto's in-process S3, never real S3."""
    if not moto_is_active():
        raise InvalidParameterError(
            "s3_client",
            None,
            "must be given outside moto's mock_aws(): the fake's jobs read and write "
            "batch files through it, and a client made here would reach real S3",
        )
    from voiceid_jobs.testing._sessions import session  # deferred: it loads boto3

    client: S3Client = session().client(  # pyright: ignore[reportUnknownMemberType]
        "s3", region_name=REGION, config=storage_config()
    )
    return client


def mock_voiceid(
    fake: FakeVoiceId | None = None, *, s3_client: S3Client | None = None, **fake_options: Any
) -> VoiceIdMock:
    """Serve every voice-id client made in process from one fake, as moto's ``mock_aws()``.

    Use it as a context manager (``with mock_voiceid() as fake:``, or ``async with``) or
    as a decorator of a test function or coroutine function. While it is active, every
    ``voice-id`` client made by boto3 or aiobotocore, from any session, is answered by
    the fake, in process: the code under test can make its own clients. The innermost
    active mock answers; on leaving, the one it was nested in answers again, and with
    none active, clients reach their endpoints as before.

    It composes with moto's ``mock_aws()`` in either order: moto serves S3 (and anything
    else it mocks), the fake serves Voice ID. A client that was attached to a fake
    (:meth:`FakeVoiceId.attach`) keeps that fake.

    Args:
        fake: the fake to serve from. None (the default) makes a fresh one on each
            start (each call, for a decorator), closed when the block ends.
        s3_client: the S3 client the made fake's jobs read and write batch files
            through. None (the default) makes one, inside moto's ``mock_aws()`` only, so
            that it is moto's in-process S3.
        fake_options: the other arguments of the made fake (:class:`FakeVoiceId`).

    Reach: every session made after ``voiceid_jobs.testing`` was first imported, and
    boto3's default session. A client made earlier, or by a session made earlier, is
    not reached: pass it to :meth:`FakeVoiceId.attach`. Under pytest, the plugin
    imports ``voiceid_jobs.testing`` as pytest starts, before any test module.

    Returns:
        The mock: entering it gives the fake; decorating, its ``fake`` property is the
        fake of the call running.

    Raises:
        InvalidParameterError: ``fake`` together with ``s3_client`` or options; or, on
            start, no ``s3_client`` and moto's ``mock_aws()`` not active.
    """
    return VoiceIdMock(fake, s3_client, fake_options)
