"""Whatever a caller sends, the fake answers as a service does: never a 500, never a crash."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from test_fake_requests import bodies, operations

from voiceid_jobs.testing import FakeVoiceId

_DOMAIN_ID = "Fak3D0ma1n000000000001"
"""The domain the fake below holds, which some requests name."""


@pytest.fixture(scope="module")
def holding() -> Any:
    """A fake with a domain and a watchlist, on moto's S3, for the whole module."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        fake = FakeVoiceId(s3_client=boto3.client("s3", region_name="us-east-1"), seed=1)
        fake.create_domain("requests", domain_id=_DOMAIN_ID)
        yield fake


def _naming_the_domain(body: object, use_it: bool) -> object:
    """The body, naming the fake's domain when it names one and ``use_it`` says so."""
    if use_it and isinstance(body, dict) and "DomainId" in body:
        return {**body, "DomainId": _DOMAIN_ID}
    return body


@given(
    request=operations.flatmap(
        lambda operation: st.tuples(st.just(operation), bodies(operation), st.booleans())
    )
)
def test_any_body_to_any_operation_is_answered_without_a_500(
    holding: FakeVoiceId, request: tuple[str, object, bool]
) -> None:
    operation, body, use_domain = request
    params: Any = _naming_the_domain(body, use_domain)

    status, answer = holding.handle(operation, params)

    event(f"{status}")
    assert status < 500
    if status >= 400:
        assert isinstance(answer["__type"], str)
        assert answer["message"] == answer["Message"]
