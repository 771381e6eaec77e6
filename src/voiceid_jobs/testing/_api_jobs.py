"""The batch job operations: Start, Describe and List of each kind of job."""

from __future__ import annotations

import functools
from typing import Any

from voiceid_jobs._converters import member_name, to_boto
from voiceid_jobs._kinds import KINDS, AnyJobKind, KindName

from ._answers import Refusal, not_found
from ._handlers import Context, Handler
from ._jobs import FakeJob
from ._state import Domain

__all__ = ["handlers"]


def handlers(context: Context) -> dict[str, Handler]:
    """Start, Describe and List of both kinds of job."""
    table: dict[str, Handler] = {}
    for kind in KINDS:
        table[kind.start_operation] = functools.partial(start, context, kind)
        table[kind.describe_operation] = functools.partial(describe, context, kind)
        table[kind.list_operation] = functools.partial(list_jobs, context, kind)
    return table


def start(context: Context, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
    """StartSpeakerEnrollmentJob or StartFraudsterRegistrationJob: idempotent on ClientToken."""
    checked = context.checked({"ClientToken": "unset", **params}, kind.start_request)
    domain = context.domain(params)
    request = {  # the modeled members only, as the SDK's model spells them
        key: value for key, value in to_boto(checked).items() if key != "ClientToken"
    }
    token = {**request, "ClientToken": params.get("ClientToken")}
    key, made = context.idempotent(kind.name, token)
    now = context.world.now()
    if made is not None and made in context.engine.jobs:
        return {"Job": context.engine.jobs[made].describe(now, context.progress)}
    config = params.get(member_name(kind.config_field), {})
    watchlist_ids = config.get("WatchlistIds") or config.get("FraudDetectionConfig", {}).get(
        "WatchlistIds", ()
    )
    for watchlist_id in watchlist_ids:
        if watchlist_id not in domain.watchlists:
            raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
    _check_active(context, kind.name, domain)
    job = FakeJob(
        kind=kind.name,
        job_id=context.world.new_id(),
        domain_id=domain.domain_id,
        request=request,
        created_at=now,
        start_at=now + context.world.settings.queue_seconds,
    )
    context.engine.add(job)
    context.remember(key, token, job.job_id, domain.domain_id)
    return {"Job": job.describe(now, context.progress)}


def _check_active(context: Context, kind: KindName, domain: Domain) -> None:
    active = sum(
        job.is_active and job.kind == kind and job.domain_id == domain.domain_id
        for job in context.engine.jobs.values()
    )
    quota = context.world.settings.active_jobs_per_domain
    if active >= quota:
        raise Refusal(
            402,
            "ServiceQuotaExceededException",
            f"Domain {domain.domain_id} already has {active} active {kind} jobs "
            f"(the quota is {quota})",
        )


def describe(context: Context, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeSpeakerEnrollmentJob or DescribeFraudsterRegistrationJob."""
    domain = context.domain(params)
    job = context.engine.jobs.get(params["JobId"])
    if job is None or job.kind != kind.name or job.domain_id != domain.domain_id:
        raise not_found("BATCH_JOB", f"Job {params['JobId']}")
    return {"Job": job.describe(context.world.now(), context.progress)}


def list_jobs(context: Context, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
    """ListSpeakerEnrollmentJobs or ListFraudsterRegistrationJobs, oldest first."""
    domain = context.domain(params)
    status = params.get("JobStatus")
    now = context.world.now()
    summaries = [
        job.summary(now, context.progress)
        for job in context.engine.jobs.values()
        if job.kind == kind.name
        and job.domain_id == domain.domain_id
        and status in (None, job.status)
    ]
    return context.page(summaries, params, "JobSummaries")
