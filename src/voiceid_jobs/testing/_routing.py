"""Which fake answers a voice-id request made in process.

A request goes to the fake attached to its client or its session
(:func:`attach`), else to the fake of the innermost active ``mock_voiceid()``
(:func:`activate`), else on to its endpoint.

Both kinds of answer come from botocore's ``before-send`` event. When this module is
first imported, one handler of ``before-send.voice-id`` is appended to botocore's
``BUILTIN_HANDLERS``, as moto appends its own for ``before-send``: every botocore
session copies that list when it is made (aiobotocore's too), and every client copies
its session's handlers, so every client of a session made from then on has it. It
answers only while a fake is active. botocore (and aiobotocore) call every handler of
the event, from the most specific name to the least, and use the first answer that is
not None: this one answers before moto's generic ``before-send`` handler, whichever was
imported first, and moto's answer is dropped. Since every handler is called, a fake
attached to a client marks the requests it answered, and nothing else serves them.

A session made before this module was imported lacks the handler; so do its clients.
The boto3 default session of that time is given the handler here, so ``boto3.client``
reaches it; a client or session made earlier still is served through :func:`attach`.
"""

from __future__ import annotations

import sys
import threading
import weakref
from typing import TYPE_CHECKING, Any, Protocol

from botocore.handlers import BUILTIN_HANDLERS, REGISTER_LAST

from voiceid_jobs._errors import InvalidParameterError

from ._json_protocol import Answer, answer, operation_of, params_of

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest

__all__ = ["Service", "activate", "active_fake", "attach", "deactivate"]


class Service(Protocol):
    """What answers a request: a ``FakeVoiceId``."""

    def handle(self, operation: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Serve one request: the HTTP status and the JSON body of the answer."""
        ...


EVENT = "before-send.voice-id"
"""botocore's event for a serialized voice-id request, about to be sent."""

_lock = threading.Lock()
_active: list[tuple[object, Service]] = []
"""The active fakes, innermost last, each with the token its activation holds."""
_answered: weakref.WeakKeyDictionary[AWSPreparedRequest, Service] = weakref.WeakKeyDictionary()
"""The attached fake that answered a request, so nothing else answers it again."""


def activate(fake: Service) -> object:
    """Make ``fake`` answer every voice-id client's requests; a token for :func:`deactivate`."""
    token = object()
    with _lock:
        _active.append((token, fake))
    return token


def deactivate(token: object) -> None:
    """End the activation that gave ``token``; the one it was nested in answers again."""
    with _lock:
        _active[:] = [entry for entry in _active if entry[0] is not token]


def active_fake() -> Service | None:
    """The fake of the innermost active activation, or None."""
    with _lock:
        return _active[-1][1] if _active else None


def _serve(fake: Service, request: AWSPreparedRequest) -> Answer:
    status, body = fake.handle(operation_of(request), params_of(request))
    return answer(request, body, status)


def _answer_when_active(request: AWSPreparedRequest, **_: object) -> Answer | None:
    """The built-in handler: the innermost active fake answers, unless an attached one did.

    It is registered after any handler a test attaches, so it runs last of the
    ``before-send.voice-id`` handlers, and every one of them runs.
    """
    with _lock:
        if request in _answered:
            return None
    fake = active_fake()
    return None if fake is None else _serve(fake, request)


class _Attached:
    """The handler of a fake attached to a client or a session."""

    def __init__(self, fake: Service) -> None:
        self._fake = fake

    def __call__(self, request: AWSPreparedRequest, **_: object) -> Answer | None:
        with _lock:
            if _answered.setdefault(request, self._fake) is not self._fake:
                return None  # another fake attached to the same client answered first
        return _serve(self._fake, request)


def attach(fake: Service, target: Any) -> None:
    """Answer the voice-id requests of a client, or of every client a session makes, from ``fake``.

    ``target`` is a client (boto3's or aiobotocore's) or a session: a ``boto3.Session``,
    a botocore session or an aiobotocore one. A session's clients made from then on are
    served; a client it made before is not. A client attached to a fake keeps that fake
    inside ``mock_voiceid()`` too. Attaching the same fake twice changes nothing.

    Raises:
        InvalidParameterError: ``target`` is neither a client nor a session.
    """
    unique_id = f"voiceid-jobs-fake-{id(fake)}"
    handler = _Attached(fake)
    meta = getattr(target, "meta", None)
    if meta is not None and hasattr(meta, "events"):  # a client
        meta.events.register(EVENT, handler, unique_id=unique_id)
    elif hasattr(target, "events"):  # a boto3 session
        target.events.register(EVENT, handler, unique_id=unique_id)
    elif hasattr(target, "get_component"):  # a botocore or an aiobotocore session
        target.register(EVENT, handler, unique_id=unique_id)
    else:
        raise InvalidParameterError(
            "client",
            target,
            "must be a client, a boto3 Session, or a botocore or aiobotocore session",
        )


def _install() -> None:
    """Append the handler to botocore's built-in handlers; give it to an older default session.

    boto3's default session, if it was made before, copied the built-in handlers then.
    """
    BUILTIN_HANDLERS.append((EVENT, _answer_when_active, REGISTER_LAST))
    boto3 = sys.modules.get("boto3")  # not imported here: then it has no default session
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        session.events.register_last(EVENT, _answer_when_active, unique_id="voiceid-jobs-mock")


_install()
