"""Member names from field names: ``s3_uri`` -> ``S3Uri``.

A model field is the snake_case of the service's JSON member; :func:`member_name`
turns it back by capitalising each word, with :data:`MEMBER_NAMES` for the rare
name the rule gets wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

__all__ = ["MEMBER_NAMES", "member_name"]


MEMBER_NAMES: Final[Mapping[str, str]] = {}
"""Field names whose member name the capitalising rule would get wrong (none so far)."""


def member_name(field_name: str) -> str:
    """The service's JSON member name for a model field: ``kms_key_id`` -> ``KmsKeyId``."""
    known = MEMBER_NAMES.get(field_name)
    if known is not None:
        return known
    return "".join(word.capitalize() for word in field_name.split("_"))
