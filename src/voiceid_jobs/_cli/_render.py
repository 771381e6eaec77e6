r"""What the CLI prints: tables for people, stable JSON for programs, progress bars.

JSON goes to standard output, one document per command, with the service's member
names (as the AWS CLI prints them) and ISO 8601 timestamps; under ``--output json`` an
error is a JSON document on standard error. Tables and progress bars are for
terminals; rich honours ``NO_COLOR``. No control or format character of any value
printed reaches the terminal: C0, DEL and C1 controls, line and paragraph separators,
and Unicode's format characters (category Cf: the bidirectional overrides, embeddings
and isolates, zero-width characters, the soft hyphen, the byte order mark) are each
shown escaped (``\x1b``, ``\u202e``); JSON escapes them itself.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Callable, Generator, Iterable, Sequence
from contextlib import contextmanager
from typing import Any, Literal, cast

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from voiceid_jobs import (
    Job,
    PlannedShard,
    RequestOutcome,
    ShardedRun,
    ShardProgress,
    to_boto,
)

from ._text import unprintable_escaped

__all__ = ["Renderer", "outcome_documents", "safe"]

Format = Literal["table", "json", "csv"]


def safe(text: str) -> str:
    """``text`` with every control and format character escaped, and rich's markup escaped."""
    return escape(unprintable_escaped(text))


def _default(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    msg = f"cannot write {type(value).__name__} as JSON"
    raise TypeError(msg)


class Renderer:
    """Prints a command's results in the chosen format."""

    def __init__(self, output: Format, console: Console | None = None) -> None:
        self.output = output
        self.console = console or Console()
        self.errors = Console(stderr=True)

    def json(self, document: object) -> None:
        """One JSON document on standard output."""
        self.console.out(json.dumps(document, default=_default, indent=2), highlight=False)

    def job(self, job: Job) -> None:
        """One job's details."""
        if self.output == "json":
            self.json({"Job": to_boto(job)})
            return
        table = Table(show_header=False, box=None)
        details = to_boto(job)
        details.pop("JobName", None)  # sensitive: not shown in tables
        for key, value in details.items():
            table.add_row(f"[bold]{key}[/]", safe(_cell(value)))
        self.console.print(table)

    def summaries(self, summaries: Iterable[Any]) -> None:
        """A list of jobs."""
        rows = list(summaries)
        if self.output == "json":
            self.json({"JobSummaries": [to_boto(summary) for summary in rows]})
            return
        table = Table(
            Column("JobId", no_wrap=True, overflow="ellipsis", max_width=22),
            Column("Status", no_wrap=True, min_width=len("COMPLETED_WITH_ERRORS")),
            Column("Progress", no_wrap=True),
            "Created",
            "Ended",
        )
        for summary in rows:
            table.add_row(
                safe(summary.job_id or ""),
                safe(str(summary.job_status or "")),
                "" if summary.percent_complete is None else f"{summary.percent_complete}%",
                _cell(summary.created_at),
                _cell(summary.ended_at),
            )
        self.console.print(table)

    def outcomes(self, outcomes: Iterable[RequestOutcome[Any, Any]], title: str) -> None:
        """What became of each request of a job."""
        rows = list(outcomes)
        if self.output == "csv":
            self.console.out(_as_csv(rows, title), highlight=False, end="")
            return
        if self.output == "json":
            self.json({"Results": [_outcome_document(outcome) for outcome in rows]})
            return
        colours = {
            "succeeded": "green",
            "failed": "red",
            "missing": "yellow",
            "unexpected": "yellow",
        }
        lines = [
            (outcome.request_id, *_who_and_detail(outcome), outcome.status) for outcome in rows
        ]
        if self.console.width < TABLE_WIDTH:  # a narrow terminal: a list, so nothing is cut
            self.console.print(safe(title), highlight=False, soft_wrap=True)
            for request_id, who, detail, status in lines:
                self.console.print(
                    f"- {safe(request_id)} {safe(who)}: [{colours[status]}]{status}[/]",
                    highlight=False,
                    soft_wrap=True,
                )
                self.console.print(f"  {safe(detail)}", highlight=False, soft_wrap=True)
            return
        table = Table(
            Column("RequestId", no_wrap=True, overflow="ellipsis", max_width=16),
            Column("Who", no_wrap=True, overflow="ellipsis", max_width=16),
            Column("Result", no_wrap=True, min_width=len("unexpected")),
            Column("Details", min_width=24, overflow="fold"),
            title=safe(title),
        )
        for request_id, who, detail, status in lines:
            table.add_row(
                safe(request_id), safe(who), f"[{colours[status]}]{status}[/]", safe(detail)
            )
        self.console.print(table)

    def run_outcomes(
        self, run: ShardedRun[Any], outcomes: Iterable[RequestOutcome[Any, Any]]
    ) -> None:
        """What became of each request of a sharded run, with its jobs and its counts."""
        self.results([shard.job for shard in run.shards], outcomes)

    def results(
        self, jobs: Sequence[Job], outcomes: Iterable[RequestOutcome[Any, Any]], which: str = ""
    ) -> None:
        """What became of each request of some jobs, with the jobs and the counts.

        One document shape for ``enroll --wait``, ``wait`` and ``results``: ``Jobs``
        (their ids), ``JobStatuses``, ``Counts`` and ``Results``.
        """
        rows = list(outcomes)
        statuses = [outcome.status for outcome in rows]
        counts = {
            "Requests": sum(outcome.request is not None for outcome in rows),
            "Succeeded": statuses.count("succeeded"),
            "Failed": statuses.count("failed"),
            "Missing": statuses.count("missing"),
        }
        job_ids = [str(job.job_id) for job in jobs]
        if self.output == "json":
            self.json(
                {
                    "Jobs": job_ids,
                    "JobStatuses": {str(job.job_id): str(job.job_status) for job in jobs},
                    "Counts": counts,
                    "Results": [_outcome_document(outcome) for outcome in rows],
                }
            )
            return
        title = ", ".join(f"job {job.job_id}: {job.job_status}" for job in jobs)
        self.outcomes(rows, f"{title}: {which}" if which else title)
        if self.output == "csv":
            return
        self.console.print(
            f"{_requests(counts['Requests'])}: {counts['Succeeded']} succeeded, "
            f"{counts['Failed']} failed, {counts['Missing']} missing, in {len(jobs)} "
            f"job{'s' if len(jobs) != 1 else ''}",
            highlight=False,
        )

    def plan(self, shards: Iterable[PlannedShard]) -> None:
        """What a run would stage and start (``--dry-run``)."""
        shards = list(shards)
        if self.output == "json":
            plans = [
                {
                    "ManifestUri": shard.manifest_uri,
                    "Requests": len(shard.manifest.requests),
                    "Start": dict(shard.start_request),
                }
                for shard in shards
            ]
            self.json({"DryRun": plans})
            return
        for shard in shards:
            self.console.print(
                f"would stage {_requests(len(shard.manifest.requests))} at "
                f"{safe(shard.manifest_uri)} and start a job with ClientToken "
                f"{safe(shard.start_request['ClientToken'])}",
                highlight=False,
                soft_wrap=True,
            )
        self.console.print("dry run: nothing was written or started", highlight=False)

    def error(self, message: str, code: int = 1) -> None:
        """A one-line error on standard error (a JSON document under ``--output json``)."""
        if self.output == "json":
            document = {"Error": {"Message": message, "ExitCode": code}}
            self.errors.out(json.dumps(document), highlight=False)
            return
        self.errors.print(f"[bold red]error:[/] {safe(message)}", highlight=False, soft_wrap=True)

    @contextmanager
    def shard_progress(self) -> Generator[Callable[[ShardProgress], None], None, None]:
        """A callback for a sharded run: a bar for the jobs, and one for the current job."""
        if not self.console.is_terminal or self.output == "json":
            yield lambda _: None
            return
        with Progress(*_columns(), console=self.console) as bars:
            overall = bars.add_task("jobs", total=None, status="")
            current = bars.add_task("current job", total=100, status="")

            def update(progress: ShardProgress) -> None:
                done = progress.shard_index + (1 if progress.job.is_terminal else 0)
                of = "?" if progress.shard_count is None else str(progress.shard_count)
                bars.update(
                    overall, completed=done, total=progress.shard_count, status=f"{done} of {of}"
                )
                bars.update(
                    current,
                    description=f"job {progress.shard_index + 1}",
                    completed=progress.job.percent_complete or 0,
                    status=safe(str(progress.job.job_status or "")),
                )

            yield update

    @contextmanager
    def progress(self, description: str) -> Generator[Callable[[Job], None], None, None]:
        """A callback for ``on_progress`` that drives a bar on a terminal (and nothing else)."""
        if not self.console.is_terminal or self.output == "json":
            yield lambda _: None
            return
        with Progress(*_columns(), console=self.console, transient=False) as bar:
            task = bar.add_task(safe(description), total=100, status="")

            def update(job: Job) -> None:
                bar.update(
                    task,
                    completed=job.percent_complete or 0,
                    status=safe(str(job.job_status or "")),
                )

            yield update


def _columns() -> tuple[Any, ...]:
    return (
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S %Z")
    if isinstance(value, dict):
        items = cast("dict[str, object]", value)
        return ", ".join(f"{key}={_cell(item)}" for key, item in items.items())
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in cast("list[object]", value))
    return str(value)


def _as_csv(outcomes: list[RequestOutcome[Any, Any]], title: str) -> str:
    """The requests as the rows ``enroll`` or ``register-fraudsters`` read.

    Each request's rows follow a ``#`` comment line with its outcome (the reader skips
    comments).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    buffer.write(f"# voiceid-jobs results, {_comment(title)}\n")
    header_written = False
    for outcome in outcomes:
        request = outcome.request
        if request is None:
            continue
        speaker_id: str | None = getattr(request, "speaker_id", None)
        if not header_written:
            writer.writerow(
                [
                    "speaker_id" if speaker_id is not None else "fraudster",
                    "audio_s3_uri",
                    "channel_id",
                ]
            )
            header_written = True
        document = _outcome_document(outcome)
        why = ""
        if outcome.error is not None:
            why = f" {document.get('ErrorCode')}: {document.get('ErrorMessage')}"
        buffer.write(f"# {_comment(outcome.request_id)}: {outcome.status}{_comment(why)}\n")
        label = speaker_id if speaker_id is not None else request.request_id
        for audio in request.audio_specifications:
            writer.writerow([label, audio.s3_uri, audio.channel_id])
    return buffer.getvalue()


def _comment(text: str) -> str:
    """Text for one comment line: control and format characters and line breaks escaped."""
    return unprintable_escaped(text)


def outcome_documents(outcomes: Iterable[RequestOutcome[Any, Any]]) -> list[dict[str, Any]]:
    """Each request's result, as the JSON output shows it."""
    return [_outcome_document(outcome) for outcome in outcomes]


def _outcome_document(outcome: RequestOutcome[Any, Any]) -> dict[str, Any]:
    """One request's result: its ids, its status, and the members of its entry."""
    document: dict[str, Any] = {"RequestId": outcome.request_id, "Status": outcome.status}
    if outcome.request is not None and hasattr(outcome.request, "speaker_id"):
        document["SpeakerId"] = outcome.request.speaker_id
    for entry in (outcome.success, outcome.error):
        if entry is not None:
            members = to_boto(entry)
            members.pop("RequestId", None)
            members.pop("CustomerSpeakerId", None)  # the same as SpeakerId
            document.update(members)
    return document


def _requests(count: int) -> str:
    """``1 request``, ``2 requests``."""
    return f"{count} request" if count == 1 else f"{count} requests"


TABLE_WIDTH = 80
"""Below this many columns, results are a list rather than a table that would cut them."""


def _who_and_detail(outcome: RequestOutcome[Any, Any]) -> tuple[str, str]:
    """Who a request is about, and what became of it, in words."""
    document = _outcome_document(outcome)
    who = str(document.get("SpeakerId") or "")
    if outcome.success is not None:
        detail = str(document.get("EnrollmentStatus") or document.get("RegistrationStatus") or "")
        if "FraudsterSimilarityScore" in document:
            detail += f" (similarity {document['FraudsterSimilarityScore']})"
    elif outcome.error is not None:
        detail = f"{document.get('ErrorCode')}: {document.get('ErrorMessage')}"
    else:
        detail = "not in the output file"
    return who, detail
