"""The boto3 sessions the testing helpers make their clients from.

moto's ``mock_aws()`` gives each mock a new boto3 default session, so a client made with
``boto3.client()`` in every test reads botocore's data files (the endpoints, the service
models, their rule sets) again: about a fifth of a second a test. The helpers' sessions
share one loader, which reads each file once a process.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import boto3
    from botocore.loaders import Loader

__all__ = ["session"]


@functools.cache
def _loader() -> Loader:
    from botocore.loaders import create_loader

    return create_loader()


def session() -> boto3.Session:
    """A new boto3 session whose data files are read once a process.

    Its credentials and settings come from the environment, as any new session's do.
    """
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    core.register_component("data_loader", _loader())
    return boto3.Session(botocore_session=core)
