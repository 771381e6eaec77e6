"""Where a command connects, checked before it connects (and by ``--dry-run``, instead).

A region AWS does not have (``--region mars``) is refused here: botocore would make a
client for it and fail only when it sends, as a connection error. With an
``--endpoint-url`` any well-formed region does, since the endpoint decides.
"""

from __future__ import annotations

from voiceid_jobs import InvalidParameterError

__all__ = ["check_connection", "check_region"]


def check_region(region: str | None, endpoint_url: str | None) -> None:
    """Refuse a region in none of AWS's partitions, unless an endpoint URL is given.

    A partition is matched by its pattern too, so a region newer than botocore's data
    (``ap-southeast-9``) is taken.
    """
    if region is None or endpoint_url is not None:
        return
    import boto3  # heavy: only a command that would connect needs it
    from botocore.exceptions import UnknownRegionError

    try:
        boto3.Session(region_name="us-east-1").get_partition_for_region(region)
    except (UnknownRegionError, ValueError):
        raise InvalidParameterError(
            "region_name",
            region,
            "must be an AWS region such as us-east-1 (give --endpoint-url to use another)",
        ) from None


def check_connection(endpoint_url: str | None, region: str | None, profile: str | None) -> None:
    """Check the endpoint URL, region and profile as making the client does, with no request.

    The client is made with placeholder credentials, so no credential provider runs:
    none of them (the instance metadata service, a container's endpoint) is asked.

    Raises:
        InvalidParameterError: naming the setting that is wrong.
    """
    import boto3
    from botocore.exceptions import ProfileNotFound

    from voiceid_jobs import VoiceIdJobsClient

    check_region(region, endpoint_url)
    try:
        session = boto3.Session(
            profile_name=profile,
            aws_access_key_id="dry-run",
            aws_secret_access_key="dry-run",  # noqa: S106 - never sent: nothing is
        )
    except ProfileNotFound:
        raise InvalidParameterError(
            "profile", profile, "must name a profile in the AWS config"
        ) from None
    VoiceIdJobsClient.create(session=session, region_name=region, endpoint_url=endpoint_url).close()
