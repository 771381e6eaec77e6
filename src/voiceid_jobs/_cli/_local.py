"""The commands that need no AWS account: ``serve`` (the local endpoint) and ``demo``.

Both need the ``testing`` extra (moto), imported when they run: without it, one line
says what to install. ``serve`` takes the options of ``python -m
voiceid_jobs.testing.server`` and checks their values with that module's own checks.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any, cast

import click

from ._exits import CliError, handled

__all__ = ["demo", "serve"]

_DEBUG_HELP = "Show a traceback for an unexpected error (for a bug report)."


def _testing_module(command_name: str, module: str) -> Any:
    """A module of the ``testing`` extra, or a one-line error saying how to install it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        missing = error.name or module
        raise click.ClickException(
            f"{command_name} needs {missing}, from the testing extra: "
            'pip install "voiceid-jobs[cli,testing]"'
        ) from None


def _server() -> Any:
    return _testing_module("serve", "voiceid_jobs.testing.server")


def _debug(ctx: click.Context, debug: bool) -> bool:
    """``--debug``, given before the command or after it."""
    obj: object = ctx.find_root().obj
    settings = cast("dict[str, Any]", obj) if isinstance(obj, dict) else {}
    return debug or bool(settings.get("debug"))


class _Checked(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on only
    """A value checked by the server module's check of the same option."""

    def __init__(self, name: str, check: str) -> None:
        self.name, self.check = name, check

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not isinstance(value, str):  # a default, already of its type
            return value
        try:
            return getattr(_server(), self.check)(value)
        except argparse.ArgumentTypeError as error:
            self.fail(str(error), param, ctx)


PORT = _Checked("port", "check_port")
SECONDS = _Checked("seconds", "check_seconds")
POSITIVE = _Checked("number", "check_positive")


@click.command("serve", help="Serve the fake Voice ID service and S3 over HTTP on one local port.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on, IPv4 or IPv6 (::1); beyond the loopback, any machine "
    "that reaches it can use the endpoint.",
)
@click.option("--port", type=PORT, default=0, show_default=True, help="The port (0: a free one).")
@click.option(
    "--speed",
    type=POSITIVE,
    default=60.0,
    show_default=True,
    help="Fake seconds per real second (above 0).",
)
@click.option(
    "--advance-per-request",
    type=SECONDS,
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Fake seconds that pass at each Voice ID request (for polling clients in tests).",
)
@click.option(
    "--seconds-per-request",
    type=SECONDS,
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Fake seconds a job takes per request.",
)
@click.option(
    "--queue-seconds",
    type=SECONDS,
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="Fake seconds a job waits before it runs.",
)
@click.option("--create-domain", metavar="NAME", help="Create a domain and print its id.")
@click.option(
    "--examples",
    is_flag=True,
    help="Hold what the documentation's examples name (a domain, a bucket, recordings); "
    "print the environment that points AWS clients here.",
)
@click.option(
    "--active-jobs-per-domain",
    type=int,
    default=1,
    show_default=True,
    metavar="N",
    help="Quota: active jobs of each kind per domain.",
)
@click.option("--speakers-per-domain", type=int, metavar="N", help="Quota: speakers per domain.")
@click.option(
    "--fraudsters-per-watchlist", type=int, metavar="N", help="Quota: fraudsters per watchlist."
)
@click.option(
    "--requests-per-second",
    type=POSITIVE,
    metavar="RATE",
    help="Throttle Voice ID requests above this rate.",
)
@click.option(
    "--min-speech-seconds",
    type=SECONDS,
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Refuse recordings with less speech than this.",
)
@click.option("--debug", is_flag=True, help=_DEBUG_HELP)
@click.pass_context
def serve(ctx: click.Context, /, debug: bool, **settings: Any) -> None:
    """The local endpoint, as ``python -m voiceid_jobs.testing.server`` serves it."""
    from ._render import Renderer

    server = _server()
    args = argparse.Namespace(**settings)

    def body() -> int:
        try:
            server.check(args)
            return int(server.serve(args, "voiceid-jobs serve"))
        except server.ServeError as error:
            problem = f"{error.option}: {error.problem}" if error.option else error.problem
            raise CliError(problem) from None

    ctx.exit(handled(Renderer("table"), body, debug=_debug(ctx, debug)))


@click.command("demo", help="Run a demo against the bundled fake: no AWS account, no network.")
@click.option("--output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--debug", is_flag=True, help=_DEBUG_HELP)
@click.pass_context
def demo(ctx: click.Context, /, output: str, debug: bool) -> None:
    _testing_module("demo", "moto")
    from ._demo import run_demo
    from ._render import Format, Renderer

    renderer = Renderer(cast("Format", output))
    ctx.exit(handled(renderer, lambda: run_demo(renderer), debug=_debug(ctx, debug)))
