"""Speakers and fraudsters: describing, listing, opting out, deleting, watchlists."""

from __future__ import annotations

from typing import Any

from ._answers import Refusal, not_found
from ._handlers import Context, Handler, timestamp
from ._state import Domain, Fraudster, Refused, Speaker

__all__ = ["handlers"]


def handlers(context: Context) -> dict[str, Handler]:
    """The speaker and fraudster operations."""
    return {
        "DescribeSpeaker": lambda params: describe_speaker(context, params),
        "ListSpeakers": lambda params: list_speakers(context, params),
        "OptOutSpeaker": lambda params: opt_out_speaker(context, params),
        "DeleteSpeaker": lambda params: delete_speaker(context, params),
        "DescribeFraudster": lambda params: describe_fraudster(context, params),
        "ListFraudsters": lambda params: list_fraudsters(context, params),
        "DeleteFraudster": lambda params: delete_fraudster(context, params),
        "AssociateFraudster": lambda params: associate_fraudster(context, params),
        "DisassociateFraudster": lambda params: disassociate_fraudster(context, params),
    }


# --- Speakers ------------------------------------------------------------------------------


def _speaker(context: Context, domain: Domain, speaker_id: str) -> Speaker:
    speaker = context.world.speaker(domain.domain_id, speaker_id)
    if speaker is None:
        raise not_found("SPEAKER", "The speaker")  # its id is sensitive: not echoed
    return speaker


def speaker_view(context: Context, speaker: Speaker) -> dict[str, Any]:
    """A speaker as Describe and List report it."""
    return {
        "DomainId": speaker.domain_id,
        "CustomerSpeakerId": speaker.customer_id,
        "GeneratedSpeakerId": speaker.generated_id,
        "Status": speaker.status_at(context.world.now()),
        "CreatedAt": timestamp(speaker.created_at),
        "UpdatedAt": timestamp(speaker.updated_at),
        "LastAccessedAt": timestamp(speaker.last_accessed_at),
    }


def describe_speaker(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeSpeaker, by customer or generated id."""
    domain = context.domain(params)
    return {"Speaker": speaker_view(context, _speaker(context, domain, params["SpeakerId"]))}


def list_speakers(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """ListSpeakers, oldest first."""
    domain = context.domain(params)
    views = [speaker_view(context, speaker) for speaker in domain.speakers.values()]
    return context.page(views, params, "SpeakerSummaries")


def opt_out_speaker(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """OptOutSpeaker: a speaker not yet known is made, opted out."""
    domain = context.domain(params)
    quota = context.world.settings.speakers_per_domain
    unknown = context.world.speaker(domain.domain_id, params["SpeakerId"]) is None
    if unknown and quota is not None and len(domain.speakers) >= quota:
        message = f"Domain {domain.domain_id} holds its quota of {quota} speakers"
        raise Refusal(402, "ServiceQuotaExceededException", message)
    speaker = context.world.opt_out(domain.domain_id, params["SpeakerId"])
    return {"Speaker": speaker_view(context, speaker)}


def delete_speaker(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteSpeaker: its records go at once, and its id can be enrolled again."""
    domain = context.domain(params)
    context.world.delete_speaker(domain, _speaker(context, domain, params["SpeakerId"]))
    return {}


# --- Fraudsters ---------------------------------------------------------------------------


def _fraudster(domain: Domain, fraudster_id: str) -> Fraudster:
    fraudster = domain.fraudsters.get(fraudster_id)
    if fraudster is None:
        raise not_found("FRAUDSTER", "The fraudster")  # its id is sensitive: not echoed
    return fraudster


def fraudster_view(fraudster: Fraudster) -> dict[str, Any]:
    """A fraudster as Describe and List report it."""
    return {
        "DomainId": fraudster.domain_id,
        "GeneratedFraudsterId": fraudster.generated_id,
        "WatchlistIds": list(fraudster.watchlist_ids),
        "CreatedAt": timestamp(fraudster.created_at),
    }


def describe_fraudster(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeFraudster."""
    domain = context.domain(params)
    return {"Fraudster": fraudster_view(_fraudster(domain, params["FraudsterId"]))}


def _watchlist(domain: Domain, watchlist_id: str) -> str:
    if watchlist_id not in domain.watchlists:
        raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
    return watchlist_id


def list_fraudsters(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """ListFraudsters, of a watchlist or of the whole domain, oldest first."""
    domain = context.domain(params)
    watchlist_id = params.get("WatchlistId")
    if watchlist_id is not None:
        _watchlist(domain, watchlist_id)
    views = [
        fraudster_view(fraudster)
        for fraudster in domain.fraudsters.values()
        if watchlist_id is None or watchlist_id in fraudster.watchlist_ids
    ]
    return context.page(views, params, "FraudsterSummaries")


def delete_fraudster(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteFraudster: it goes from every watchlist."""
    domain = context.domain(params)
    del domain.fraudsters[_fraudster(domain, params["FraudsterId"]).generated_id]
    return {}


def associate_fraudster(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """AssociateFraudster: on another watchlist of the domain as well."""
    domain = context.domain(params)
    watchlist_id = _watchlist(domain, params["WatchlistId"])
    fraudster = _fraudster(domain, params["FraudsterId"])
    try:
        context.world.associate(domain, fraudster, watchlist_id)
    except Refused as refused:
        raise Refusal(402, "ServiceQuotaExceededException", str(refused)) from None
    return {"Fraudster": fraudster_view(fraudster)}


def disassociate_fraudster(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DisassociateFraudster: never from its only watchlist (a ValidationException)."""
    domain = context.domain(params)
    watchlist_id = _watchlist(domain, params["WatchlistId"])
    fraudster = _fraudster(domain, params["FraudsterId"])
    if watchlist_id not in fraudster.watchlist_ids:
        message = f"The fraudster is not on watchlist {watchlist_id}"
        raise Refusal(400, "ValidationException", message)
    if fraudster.watchlist_ids == [watchlist_id]:
        message = "A fraudster must belong to at least one watchlist"
        raise Refusal(400, "ValidationException", message)
    fraudster.watchlist_ids.remove(watchlist_id)
    return {"Fraudster": fraudster_view(fraudster)}
