"""Western text inside Chinese (a word, a number, a URL or code): where a
run of it lies, and how a warning quotes one without quoting all of it."""
from __future__ import annotations

from . import cjk


def splits_western(text: str, end: int, next_start: int) -> bool:
    """Whether a break between ``end`` and ``next_start`` falls inside
    Western text (a word, URL or code), with no space there to break at."""
    return (end == next_start and 0 < end < len(text)
            and unspaced_western(text[end - 1]) and unspaced_western(text[end]))


QUOTE_REACH = 40
"""Characters a warning quotes on either side of a break inside Western
text: enough to find it, and a run of any length costs no more."""


def western_around(text: str, at: int) -> str:
    """The run of Western text around offset ``at``, at most QUOTE_REACH
    characters each side (an ellipsis marks where it goes on)."""
    start, end = at, at
    while start > max(0, at - QUOTE_REACH) and unspaced_western(text[start - 1]):
        start -= 1
    while end < min(len(text), at + QUOTE_REACH) and unspaced_western(text[end]):
        end += 1
    before = "…" if start > 0 and unspaced_western(text[start - 1]) else ""
    after = "…" if end < len(text) and unspaced_western(text[end]) else ""
    return before + text[start:end] + after


def clipped(text: str) -> str:
    """A quotation of at most 2 × QUOTE_REACH characters, clipped in the middle."""
    if len(text) <= 2 * QUOTE_REACH:
        return text
    return text[:QUOTE_REACH] + "…" + text[-QUOTE_REACH:]


def unspaced_western(char: str) -> bool:
    """A character of Western text that is not a space."""
    return not cjk.is_wide(char) and not char.isspace()
