r"""Java regular expressions, as Voice ID's service model writes them, in Python's :mod:`re`.

A pattern of the model is applied as Smithy applies one: a search, not implicitly
anchored (:meth:`re.Pattern.search`). Before Python's :mod:`re` compiles it:

- ``.`` outside a character class matches anything but Java's line terminators
  (``\n``, ``\r``, ``\u0085``, ``\u2028``, ``\u2029``);
- ``$`` matches only at the very end of the value, so a value with a trailing line
  terminator fails a pattern that ends in ``$``. This is the end of input of Smithy's
  ECMAScript semantics and of Java's ``Matcher.matches``; Java's ``find`` would let one
  trailing line terminator through;
- ``\p{ASCII}`` and Unicode general categories (``\p{L}``, ``\p{Z}``, ``\p{N}``, and
  two-letter ones such as ``\p{Lu}``) become explicit classes from :mod:`unicodedata`
  (Python's Unicode version, which may be newer than the service's Java).

Other constructs are passed to :mod:`re` as they are: those the model uses mean the
same in both.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

__all__ = ["java_pattern"]

_ANY_BUT_LINE_TERMINATORS = "[^\\n\\r\\x85\\u2028\\u2029]"
"""Java's ``.``: any character but a line terminator."""


@functools.cache
def java_pattern(pattern: str) -> re.Pattern[str]:
    """A Java pattern of the model as a Python pattern with the same meaning, compiled once."""
    return re.compile(_translated(pattern), re.ASCII)


def _translated(pattern: str) -> str:
    r"""Java's ``.``, ``$`` and ``\p{...}`` in Python's terms; the rest as it is.

    Raises:
        ValueError: a ``\p{...}`` this module does not know.
    """
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and pattern[index + 1 : index + 3] in {"p{", "P{"}:
            end = pattern.index("}", index)
            inside = _property_class(pattern[index + 3 : end])
            negated = pattern[index + 1] == "P"
            if in_class and negated:
                raise ValueError(f"\\P{{...}} inside a character class: {pattern}")
            out.append(inside if in_class else f"[{'^' if negated else ''}{inside}]")
            index = end + 1
            continue
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        else:
            out.append({".": _ANY_BUT_LINE_TERMINATORS, "$": r"\Z"}.get(char, char))
        index += 1
    return "".join(out)


@functools.cache
def _property_class(name: str) -> str:
    r"""The inside of a character class for Java's ``\p{name}``."""
    if name == "ASCII":
        return "\\x00-\\x7f"
    category = name.removeprefix("Is")
    runs = _category_runs()
    if category not in {run[2] for run in runs} | {run[2][0] for run in runs}:
        raise ValueError(f"unsupported pattern property \\p{{{name}}}")
    spans: list[list[int]] = []
    for first, last, run_category in runs:
        if run_category.startswith(category):
            if spans and spans[-1][1] == first - 1:
                spans[-1][1] = last
            else:
                spans.append([first, last])
    return "".join(
        f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"
        for first, last in spans
    )


@functools.cache
def _category_runs() -> tuple[tuple[int, int, str], ...]:
    """Every code point's general category, as runs of consecutive code points."""
    runs: list[tuple[int, int, str]] = []
    first, current = 0, unicodedata.category("\x00")
    for point in range(1, sys.maxunicode + 1):
        category = unicodedata.category(chr(point))
        if category != current:
            runs.append((first, point - 1, current))
            first, current = point, category
    runs.append((first, sys.maxunicode, current))
    return tuple(runs)
