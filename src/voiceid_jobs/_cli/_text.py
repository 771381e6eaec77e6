r"""Text from outside (service answers, CSV files, errors) made safe to print.

Every character that does not print is shown as Python writes it in a string literal
(``\x1b``, ``\u202e``), so no escape sequence, bidirectional override or invisible
character reaches a terminal.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["unprintable_escaped"]

_CANDIDATE = re.compile(r"[^\x20-\x7e]")
"""What may need escaping: anything but printable ASCII (so plain text is checked fast)."""


def _escaped(match: re.Match[str]) -> str:
    """A character as Python writes it in a string literal, if it does not print.

    Python's ``str.isprintable`` is false for controls (Cc), format characters (Cf),
    line and paragraph separators (Zl, Zp), surrogates, private-use and unassigned code
    points, and spaces other than the ASCII one (Zs), which are kept as they are.
    """
    character = match.group()
    if character.isprintable() or unicodedata.category(character) == "Zs":
        return character
    return repr(character)[1:-1]


def unprintable_escaped(text: str) -> str:
    r"""``text`` with every character that does not print escaped (``\x1b``, ``\u202e``)."""
    return _CANDIDATE.sub(_escaped, text)
