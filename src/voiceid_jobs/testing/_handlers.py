"""The fake's operations: each takes a request's parameters and gives its answer.

Every handler runs under the fake's lock, with a request already checked against the
service model, and only reads and changes state: a job's work is the engine's.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any

from voiceid_jobs._converters import from_boto, member_name, to_boto
from voiceid_jobs._errors import InvalidParameterError
from voiceid_jobs._kinds import KINDS, AnyJobKind, KindName
from voiceid_jobs._requests import DescribeJobRequest
from voiceid_jobs._validation import check_value, validate

from ._answers import Refusal, conflict, invalid, not_found
from ._engine import JobEngine
from ._jobs import EPOCH, FakeJob
from ._state import Domain, World

__all__ = ["ACCOUNT", "Handler", "Handlers"]

ACCOUNT = "123456789012"
"""The account id in the ARNs the fake makes (moto's default account)."""

_TOKEN_DIGITS = 9
"""The most digits of a NextToken the fake made (an offset into a list)."""

Handler = Callable[[dict[str, Any]], dict[str, Any]]
"""One operation: a request's parameters in, its answer out."""


def _timestamp(seconds: float) -> datetime.datetime:
    return EPOCH + datetime.timedelta(seconds=seconds)


class Handlers:
    """The operations of the fake, over its world and its job engine."""

    def __init__(
        self,
        world: World,
        engine: JobEngine,
        progress: Callable[[float], float] | None,
    ) -> None:
        self.world = world
        self.engine = engine
        self.progress = progress
        self._tokens: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        """By operation (or job kind) and ClientToken: the request it came with, less the
        token, and the id of what it made."""

    def table(self) -> dict[str, Handler]:
        """Every operation the fake serves, by name."""
        table: dict[str, Handler] = {
            "CreateDomain": self.create_domain,
            "DescribeDomain": lambda p: {"Domain": self._domain_view(self.domain(p))},
            "ListDomains": self.list_domains,
            "CreateWatchlist": self.create_watchlist,
            "DescribeWatchlist": self.describe_watchlist,
            "ListWatchlists": self.list_watchlists,
            "DescribeSpeaker": self.describe_speaker,
            "OptOutSpeaker": self.opt_out_speaker,
            "ListSpeakers": self.list_speakers,
            "DescribeFraudster": self.describe_fraudster,
            "ListFraudsters": self.list_fraudsters,
        }
        for kind in KINDS:
            table[kind.start_operation] = functools.partial(self.start, kind)
            table[kind.describe_operation] = functools.partial(self.describe_job, kind)
            table[kind.list_operation] = functools.partial(self.list_jobs, kind)
        return table

    # --- Shared ----------------------------------------------------------------------

    def domain(self, params: dict[str, Any]) -> Domain:
        """The domain a request names."""
        domain_id = params.get("DomainId")
        self._check(domain_id, "DomainId", "DomainId")
        domain = self.world.domains.get(str(domain_id))
        if domain is None:
            raise not_found("DOMAIN", f"Domain {domain_id}")
        return domain

    @staticmethod
    def _check(value: object, shape: str, member: str) -> None:
        try:
            if value is None:
                raise InvalidParameterError(member, value, "is required")  # noqa: TRY301
            check_value(value, shape, member)
        except InvalidParameterError as error:
            raise invalid(error) from None

    @staticmethod
    def _checked(params: dict[str, Any], cls: type[Any]) -> Any:
        try:
            request = from_boto(params, cls)
            validate(request, deep=True)
        except InvalidParameterError as error:
            raise invalid(error) from None
        except (TypeError, ValueError) as error:
            raise Refusal(
                400, "ValidationException", f"The request is not valid: {error}"
            ) from None
        return request

    @staticmethod
    def _page(
        items: list[dict[str, Any]], params: dict[str, Any], key: str, *, most: int = 100
    ) -> dict[str, Any]:
        """One page of a List; MaxResults is 1 to ``most`` (the service model's range)."""
        size = params.get("MaxResults", most)
        token = params.get("NextToken") or "0"  # an empty token is the first page
        if not (
            isinstance(token, str)
            and token.isascii()
            and token.isdigit()
            and len(token) <= _TOKEN_DIGITS
        ):
            raise Refusal(400, "ValidationException", "NextToken is not valid")
        start = int(token)
        page: dict[str, Any] = {key: items[start : start + size]}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    def _idempotent(self, scope: str, params: dict[str, Any]) -> tuple[str, str] | None:
        """The key of a request's ClientToken, or None without one.

        Raises:
            Refusal: the token was used with other parameters (ConflictException).
        """
        token = params.get("ClientToken")
        if token is None:
            return None
        key = (scope, str(token))
        seen = self._tokens.get(key)
        if seen is not None and seen[0] != _without_token(params):
            message = f"ClientToken {token} was used with other parameters"
            raise conflict(message, "CONCURRENT_CHANGES")
        return key

    def _made(self, key: tuple[str, str] | None) -> str | None:
        """The id of what a ClientToken already made, if it did."""
        seen = None if key is None else self._tokens.get(key)
        return None if seen is None else seen[1]

    def _remember(self, key: tuple[str, str] | None, params: dict[str, Any], made: str) -> None:
        if key is not None:
            self._tokens[key] = (_without_token(params), made)

    # --- Jobs --------------------------------------------------------------------------

    def start(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        """StartSpeakerEnrollmentJob or StartFraudsterRegistrationJob."""
        checked = self._checked({"ClientToken": "unset", **params}, kind.start_request)
        domain = self.domain(params)
        request = {  # the modeled members only: one the model does not know is not kept
            key: value for key, value in to_boto(checked).items() if key != "ClientToken"
        }
        key = self._idempotent(kind.name, {**request, "ClientToken": params.get("ClientToken")})
        made = self._made(key)
        now = self.world.now()
        if made is not None:
            return {"Job": self.engine.jobs[made].describe(now, self.progress)}
        config = params.get(member_name(kind.config_field), {})
        watchlist_ids = config.get("WatchlistIds") or config.get("FraudDetectionConfig", {}).get(
            "WatchlistIds", ()
        )
        for watchlist_id in watchlist_ids:
            if watchlist_id not in domain.watchlists:
                raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        self._check_active(kind.name, domain)
        job = FakeJob(
            kind=kind.name,
            job_id=self.world.new_id(),
            domain_id=domain.domain_id,
            request=request,
            created_at=now,
            start_at=now + self.world.settings.queue_seconds,
        )
        self.engine.add(job)
        self._remember(key, {**request, "ClientToken": params.get("ClientToken")}, job.job_id)
        return {"Job": job.describe(now, self.progress)}

    def _check_active(self, kind: KindName, domain: Domain) -> None:
        active = sum(
            job.is_active and job.kind == kind and job.domain_id == domain.domain_id
            for job in self.engine.jobs.values()
        )
        quota = self.world.settings.active_jobs_per_domain
        if active >= quota:
            raise Refusal(
                402,
                "ServiceQuotaExceededException",
                f"Domain {domain.domain_id} already has {active} active {kind} jobs "
                f"(the quota is {quota})",
            )

    def describe_job(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeSpeakerEnrollmentJob or DescribeFraudsterRegistrationJob."""
        self._checked(params, DescribeJobRequest)
        domain = self.domain(params)
        job = self.engine.jobs.get(params["JobId"])
        if job is None or job.kind != kind.name or job.domain_id != domain.domain_id:
            raise not_found("BATCH_JOB", f"Job {params['JobId']}")
        return {"Job": job.describe(self.world.now(), self.progress)}

    def list_jobs(self, kind: AnyJobKind, params: dict[str, Any]) -> dict[str, Any]:
        """ListSpeakerEnrollmentJobs or ListFraudsterRegistrationJobs."""
        domain = self.domain(params)
        status = params.get("JobStatus")
        now = self.world.now()
        summaries = [
            job.summary(now, self.progress)
            for job in self.engine.jobs.values()
            if job.kind == kind.name
            and job.domain_id == domain.domain_id
            and status in (None, job.status)
        ]
        return self._page(summaries, params, "JobSummaries")

    # --- Domains and watchlists --------------------------------------------------------

    def create_domain(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateDomain: idempotent on its ClientToken."""
        key = self._idempotent("CreateDomain", params)
        made = self._made(key)
        if made is not None and made in self.world.domains:
            return {"Domain": self._domain_view(self.world.domains[made])}
        kms = params["ServerSideEncryptionConfiguration"]["KmsKeyId"]
        domain = self.world.create_domain(params["Name"], params.get("Description"), kms)
        self._remember(key, params, domain.domain_id)
        return {"Domain": self._domain_view(domain)}

    @staticmethod
    def _domain_view(domain: Domain) -> dict[str, Any]:
        view = {
            "Arn": f"arn:aws:voiceid:us-east-1:{ACCOUNT}:domain/{domain.domain_id}",
            "DomainId": domain.domain_id,
            "Name": domain.name,
            "DomainStatus": "ACTIVE",
            "ServerSideEncryptionConfiguration": {"KmsKeyId": domain.kms_key_id},
            "WatchlistDetails": {"DefaultWatchlistId": domain.default_watchlist_id},
            "CreatedAt": _timestamp(domain.created_at),
            "UpdatedAt": _timestamp(domain.created_at),
        }
        if domain.description is not None:
            view["Description"] = domain.description
        return view

    def list_domains(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListDomains: at most 10 a page (MaxResultsForListDomainFe)."""
        views = [self._domain_view(domain) for domain in self.world.domains.values()]
        return self._page(views, params, "DomainSummaries", most=10)

    def create_watchlist(self, params: dict[str, Any]) -> dict[str, Any]:
        """CreateWatchlist: idempotent on its ClientToken."""
        domain = self.domain(params)
        key = self._idempotent("CreateWatchlist", params)
        made = self._made(key)
        if made is not None and made in domain.watchlists:
            return {"Watchlist": self._watchlist_view(domain, made)}
        watchlist = self.world.create_watchlist(domain, params["Name"], params.get("Description"))
        self._remember(key, params, watchlist.watchlist_id)
        return {"Watchlist": self._watchlist_view(domain, watchlist.watchlist_id)}

    @staticmethod
    def _watchlist_view(domain: Domain, watchlist_id: str) -> dict[str, Any]:
        watchlist = domain.watchlists.get(watchlist_id)
        if watchlist is None:
            raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        view = {
            "WatchlistId": watchlist.watchlist_id,
            "DomainId": watchlist.domain_id,
            "Name": watchlist.name,
            "DefaultWatchlist": watchlist.default,
            "CreatedAt": _timestamp(watchlist.created_at),
            "UpdatedAt": _timestamp(watchlist.created_at),
        }
        if watchlist.description is not None:
            view["Description"] = watchlist.description
        return view

    def describe_watchlist(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeWatchlist."""
        domain = self.domain(params)
        return {"Watchlist": self._watchlist_view(domain, params["WatchlistId"])}

    def list_watchlists(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListWatchlists."""
        domain = self.domain(params)
        views = [self._watchlist_view(domain, watchlist_id) for watchlist_id in domain.watchlists]
        return self._page(views, params, "WatchlistSummaries")

    # --- Speakers and fraudsters -------------------------------------------------------

    def _speaker_view(self, domain: Domain, speaker_id: str) -> dict[str, Any]:
        speaker = self.world.speaker(domain.domain_id, speaker_id)
        if speaker is None:
            raise not_found("SPEAKER", "The speaker")
        return {
            "DomainId": domain.domain_id,
            "CustomerSpeakerId": speaker.customer_id,
            "GeneratedSpeakerId": speaker.generated_id,
            "Status": speaker.status,
            "CreatedAt": _timestamp(speaker.created_at),
            "UpdatedAt": _timestamp(speaker.updated_at),
        }

    def describe_speaker(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeSpeaker, by customer or generated id."""
        domain = self.domain(params)
        return {"Speaker": self._speaker_view(domain, params["SpeakerId"])}

    def opt_out_speaker(self, params: dict[str, Any]) -> dict[str, Any]:
        """OptOutSpeaker: a speaker not yet known is made, opted out."""
        domain = self.domain(params)
        speaker = self.world.opt_out(domain.domain_id, params["SpeakerId"])
        return {"Speaker": self._speaker_view(domain, speaker.generated_id)}

    def list_speakers(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListSpeakers."""
        domain = self.domain(params)
        views = [self._speaker_view(domain, speaker_id) for speaker_id in domain.speakers]
        return self._page(views, params, "SpeakerSummaries")

    @staticmethod
    def _fraudster_view(domain: Domain, fraudster_id: str) -> dict[str, Any]:
        fraudster = domain.fraudsters.get(fraudster_id)
        if fraudster is None:
            raise not_found("FRAUDSTER", f"Fraudster {fraudster_id}")
        return {
            "DomainId": domain.domain_id,
            "GeneratedFraudsterId": fraudster.generated_id,
            "WatchlistIds": list(fraudster.watchlist_ids),
            "CreatedAt": _timestamp(fraudster.created_at),
        }

    def describe_fraudster(self, params: dict[str, Any]) -> dict[str, Any]:
        """DescribeFraudster."""
        domain = self.domain(params)
        return {"Fraudster": self._fraudster_view(domain, params["FraudsterId"])}

    def list_fraudsters(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListFraudsters, of a watchlist or of the whole domain."""
        domain = self.domain(params)
        watchlist_id = params.get("WatchlistId")
        if watchlist_id is not None and watchlist_id not in domain.watchlists:
            raise not_found("WATCHLIST", f"Watchlist {watchlist_id}")
        views = [
            self._fraudster_view(domain, fraudster_id)
            for fraudster_id, fraudster in domain.fraudsters.items()
            if watchlist_id is None or watchlist_id in fraudster.watchlist_ids
        ]
        return self._page(views, params, "FraudsterSummaries")


def _without_token(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if key != "ClientToken"}
