"""Domains, their watchlists, and the tags on domains."""

from __future__ import annotations

from typing import Any

from ._answers import Refusal, conflict, not_found
from ._handlers import Context, Handler, domain_arn, timestamp
from ._state import Domain

__all__ = ["REENCRYPTION_SECONDS", "handlers"]

REENCRYPTION_SECONDS = 60.0
"""How long, on the fake's clock, re-encrypting a domain's data under a new KMS key takes."""


def handlers(context: Context) -> dict[str, Handler]:
    """The domain, watchlist and tag operations."""
    return {
        "CreateDomain": lambda params: create_domain(context, params),
        "DescribeDomain": lambda params: {"Domain": view(context, context.domain(params))},
        "ListDomains": lambda params: list_domains(context, params),
        "UpdateDomain": lambda params: update_domain(context, params),
        "DeleteDomain": lambda params: delete_domain(context, params),
        "CreateWatchlist": lambda params: create_watchlist(context, params),
        "DescribeWatchlist": lambda params: describe_watchlist(context, params),
        "ListWatchlists": lambda params: list_watchlists(context, params),
        "UpdateWatchlist": lambda params: update_watchlist(context, params),
        "DeleteWatchlist": lambda params: delete_watchlist(context, params),
        "TagResource": lambda params: tag_resource(context, params),
        "UntagResource": lambda params: untag_resource(context, params),
        "ListTagsForResource": lambda params: list_tags(context, params),
    }


# --- Domains ---------------------------------------------------------------------------


def create_domain(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """CreateDomain: idempotent on its ClientToken; its Tags are kept."""
    key, made = context.idempotent("CreateDomain", params)
    if made is not None and made in context.world.domains:
        return {"Domain": view(context, context.world.domains[made])}
    quota = context.world.settings.domains_per_account
    if quota is not None and len(context.world.domains) >= quota:
        message = f"The account holds its quota of {quota} domains"
        raise Refusal(402, "ServiceQuotaExceededException", message)
    kms = params["ServerSideEncryptionConfiguration"]["KmsKeyId"]
    domain = context.world.create_domain(params["Name"], params.get("Description"), kms)
    domain.tags = {tag["Key"]: tag["Value"] for tag in params.get("Tags", [])}
    context.remember(key, params, domain.domain_id, domain.domain_id)
    return {"Domain": view(context, domain)}


def view(context: Context, domain: Domain) -> dict[str, Any]:
    """A domain as Describe, Create and Update report it."""
    answer: dict[str, Any] = {
        "Arn": domain_arn(domain.domain_id),
        "DomainId": domain.domain_id,
        "Name": domain.name,
        "DomainStatus": "ACTIVE",
        "ServerSideEncryptionConfiguration": {"KmsKeyId": domain.kms_key_id},
        "WatchlistDetails": {"DefaultWatchlistId": domain.default_watchlist_id},
        "CreatedAt": timestamp(domain.created_at),
        "UpdatedAt": timestamp(domain.updated_at),
    }
    if domain.description is not None:
        answer["Description"] = domain.description
    if domain.old_kms_key_id is not None and domain.reencrypted_at is not None:
        done = context.world.now() >= domain.reencrypted_at
        answer["ServerSideEncryptionUpdateDetails"] = {
            "OldKmsKeyId": domain.old_kms_key_id,
            "UpdateStatus": "COMPLETED" if done else "IN_PROGRESS",
        }
    return answer


def list_domains(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """ListDomains: at most 10 a page (MaxResultsForListDomainFe)."""
    views = [view(context, domain) for domain in context.world.domains.values()]
    return context.page(views, params, "DomainSummaries", most=10)


def update_domain(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateDomain: replaces every field (a Description left out is removed).

    A new KMS key starts re-encrypting the domain's data, IN_PROGRESS for
    REENCRYPTION_SECONDS; another new key meanwhile is a ConflictException.
    """
    domain = context.domain(params)
    now = context.world.now()
    key = params["ServerSideEncryptionConfiguration"]["KmsKeyId"]
    rekeyed = key != domain.kms_key_id
    if rekeyed and domain.reencrypted_at is not None and now < domain.reencrypted_at:
        message = f"Domain {domain.domain_id} is being re-encrypted; try again when it is done"
        raise conflict(message, "DOMAIN_LOCKED_FROM_ENCRYPTION_UPDATES")
    if rekeyed:
        domain.old_kms_key_id, domain.kms_key_id = domain.kms_key_id, key
        domain.reencrypted_at = now + REENCRYPTION_SECONDS
    domain.name, domain.description, domain.updated_at = (
        params["Name"],
        params.get("Description"),
        now,
    )
    return {"Domain": view(context, domain)}


def delete_domain(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteDomain: the domain goes, and all it holds.

    Its watchlists, speakers, fraudsters, sessions, tags and jobs go with it (a running
    job stops, its output unwritten).
    """
    domain = context.domain(params)
    del context.world.domains[domain.domain_id]
    context.engine.forget(domain.domain_id)
    context.forget(domain.domain_id)
    return {}


# --- Watchlists --------------------------------------------------------------------------


def create_watchlist(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """CreateWatchlist: idempotent on its ClientToken."""
    domain = context.domain(params)
    key, made = context.idempotent(f"CreateWatchlist {domain.domain_id}", params)
    if made is not None and made in domain.watchlists:
        return {"Watchlist": watchlist_view(domain, made)}
    quota = context.world.settings.watchlists_per_domain
    if quota is not None and len(domain.watchlists) >= quota:
        message = f"Domain {domain.domain_id} holds its quota of {quota} watchlists"
        raise Refusal(402, "ServiceQuotaExceededException", message)
    watchlist = context.world.create_watchlist(domain, params["Name"], params.get("Description"))
    context.remember(key, params, watchlist.watchlist_id, domain.domain_id)
    return {"Watchlist": watchlist_view(domain, watchlist.watchlist_id)}


def watchlist_view(domain: Domain, watchlist_id: str) -> dict[str, Any]:
    """A watchlist as Describe reports it."""
    watchlist = domain.watchlists.get(watchlist_id)
    if watchlist is None:
        raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
    answer = {
        "WatchlistId": watchlist.watchlist_id,
        "DomainId": watchlist.domain_id,
        "Name": watchlist.name,
        "DefaultWatchlist": watchlist.default,
        "CreatedAt": timestamp(watchlist.created_at),
        "UpdatedAt": timestamp(watchlist.updated_at),
    }
    if watchlist.description is not None:
        answer["Description"] = watchlist.description
    return answer


def describe_watchlist(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DescribeWatchlist."""
    return {"Watchlist": watchlist_view(context.domain(params), params["WatchlistId"])}


def list_watchlists(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """ListWatchlists."""
    domain = context.domain(params)
    views = [watchlist_view(domain, watchlist_id) for watchlist_id in domain.watchlists]
    return context.page(views, params, "WatchlistSummaries")


def _changeable(domain: Domain, params: dict[str, Any], doing: str) -> Any:
    """The watchlist a request names, which may not be the default one."""
    watchlist_view(domain, params["WatchlistId"])  # found, or ResourceNotFound
    watchlist = domain.watchlists[params["WatchlistId"]]
    if watchlist.default:
        message = f"The default watchlist of a domain cannot be {doing}"
        raise Refusal(400, "ValidationException", message)
    return watchlist


def update_watchlist(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """UpdateWatchlist: the Name and Description given replace the watchlist's."""
    domain = context.domain(params)
    watchlist = _changeable(domain, params, "updated")
    watchlist.name = params.get("Name", watchlist.name)
    watchlist.description = params.get("Description", watchlist.description)
    watchlist.updated_at = context.world.now()
    return {"Watchlist": watchlist_view(domain, watchlist.watchlist_id)}


def delete_watchlist(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """DeleteWatchlist: not the default one, and not one that holds fraudsters."""
    domain = context.domain(params)
    watchlist = _changeable(domain, params, "deleted")
    if context.world.fraudsters_on(domain.domain_id, watchlist.watchlist_id):
        message = f"Watchlist {watchlist.watchlist_id} holds fraudsters; delete them first"
        raise conflict(message, "CANNOT_DELETE_NON_EMPTY_WATCHLIST")
    del domain.watchlists[watchlist.watchlist_id]
    return {}


# --- Tags ----------------------------------------------------------------------------------


def _tagged(context: Context, arn: str) -> Domain:
    """The domain an ARN names (domains are the only Voice ID resources with ARNs)."""
    domain_id = arn.rpartition("/")[2]
    domain = context.world.domains.get(domain_id)
    if domain is None or domain_arn(domain_id) != arn:
        raise not_found("DOMAIN", f"Resource {arn}")
    return domain


def tag_resource(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """TagResource: each tag is set, replacing a tag of the same key."""
    domain = _tagged(context, params["ResourceArn"])
    domain.tags.update({tag["Key"]: tag["Value"] for tag in params["Tags"]})
    return {}


def untag_resource(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """UntagResource: each key named is removed (a key not there is no error)."""
    domain = _tagged(context, params["ResourceArn"])
    for key in params["TagKeys"]:
        domain.tags.pop(key, None)
    return {}


def list_tags(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """ListTagsForResource."""
    domain = _tagged(context, params["ResourceArn"])
    return {"Tags": [{"Key": key, "Value": value} for key, value in domain.tags.items()]}
