"""Sphinx configuration for the voiceid_jobs docs."""

from importlib.metadata import version as _version

project = "voiceid_jobs"
author = "The voiceid_jobs developers"
copyright = "2026, The voiceid_jobs developers"  # noqa: A001
release = _version("voiceid-jobs")

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "voiceid_jobs"
exclude_patterns = ["_build"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
nitpicky = False

# No network in the docs build: intersphinx inventories are not fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
