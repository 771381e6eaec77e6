"""Member names from field names: ``s3_uri`` -> ``S3Uri``.

A model field is the snake_case of the service's JSON member, so the member name is
each word capitalised. Every member of the job operations and batch files follows
that rule; a test holds it against botocore's service model.
"""

from __future__ import annotations

import functools

__all__ = ["member_name"]


@functools.cache
def member_name(field_name: str) -> str:
    """The service's JSON member name for a model field: ``kms_key_id`` -> ``KmsKeyId``."""
    return "".join(word.capitalize() for word in field_name.split("_"))
