"""Punctuation normalisation: half-width marks in Chinese text become full-width.

Text extracted from a PDF or typed on a Latin keyboard carries , : ; ( ) ? ! " '
where a Chinese page prints ，：；（）？！“”‘’ (GB/T 15834-2011). A mark changes
only in Chinese context, so 3,000, 10:30, (1) and English stay as they are:
- a single mark when a Han character or Chinese punctuation is next to it,
  or when it stands between two spaceless Western tokens each run up against
  Chinese text (增长12.5%,PM2.5浓度); never inside a number, word, URL or
  e-mail address (3,000, 10:30, https://…), nor at the end of an English
  quotation (“It's great!”);
- a pair — ( ) matched by nesting, " " and ' ' paired in order — when either
  outer neighbour is Chinese or the text between them holds a Han character.
A ' between two Latin letters or digits is an apostrophe and never pairs.
Each change is returned, because normalising is a proofreading aid, never silent.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

SINGLE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
PAIRED = {'"': "“”", "'": "‘’", "(": "（）"}

_HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_CHINESE_PUNCTUATION = ((0x3000, 0x303F), (0xFF01, 0xFF60), (0x2018, 0x201D),
                        (0x2014, 0x2014), (0x2026, 0x2026), (0x00B7, 0x00B7))
_HAN_CHARACTER = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN) + "]")


@dataclass(frozen=True)
class Edit:
    """``before`` at ``index`` of the text became ``after``."""

    index: int
    before: str
    after: str


def _within(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= ord(char) <= high for low, high in ranges)


def is_han(char: str) -> bool:
    return _within(char, _HAN)


def is_chinese(char: str) -> bool:
    """A Han character or a mark of Chinese punctuation (full-width, “”‘’, ——, ……, ·)."""
    return is_han(char) or _within(char, _CHINESE_PUNCTUATION)


def normalize_punctuation(text: str) -> tuple[str, list[Edit]]:
    """``text`` with half-width marks in Chinese context made full-width, and the edits."""
    chars = list(text)
    edits: list[Edit] = []
    hans = [match.start() for match in _HAN_CHARACTER.finditer(text)]
    for pair in [*_quote_pairs(text, '"'), *_quote_pairs(text, "'"), *_paren_pairs(text)]:
        if _chinese_pair(chars, hans, *pair):
            opening, closing = PAIRED[text[pair[0]]]
            edits += [_replace(chars, pair[0], opening), _replace(chars, pair[1], closing)]
    for index, char in enumerate(text):
        if char in SINGLE and _chinese_context(chars, index):
            edits.append(_replace(chars, index, SINGLE[char]))
    return "".join(chars), sorted(edits, key=lambda e: e.index)


def _replace(chars: list[str], index: int, after: str) -> Edit:
    edit = Edit(index, chars[index], after)
    chars[index] = after
    return edit


def _neighbour(chars: list[str], index: int) -> str:
    return chars[index] if 0 <= index < len(chars) else ""


def _chinese_context(chars: list[str], index: int) -> bool:
    """Whether the single mark at ``index`` punctuates Chinese text."""
    before, after = _neighbour(chars, index - 1), _neighbour(chars, index + 1)
    if (_alnum(before) and _alnum(after)) or after == "/":
        return False
    if after in "”’" and not _han_since_opening(chars, index):
        return False
    if any(c and is_chinese(c) for c in (before, after)):
        return True
    return _token_to_chinese(chars, index, -1) and _token_to_chinese(chars, index, 1)


def _alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _han_since_opening(chars: list[str], index: int) -> bool:
    """Whether the quotation the mark ends holds Han text (True if there is
    no opening quote to look back to)."""
    for at in range(index - 1, -1, -1):
        if chars[at] in "“‘":
            return any(is_han(c) for c in chars[at + 1:index])
    return True


def _token_to_chinese(chars: list[str], index: int, step: int) -> bool:
    """Whether the text from the mark in direction ``step`` is one spaceless
    Western token (12.5%, PM2.5) that runs up against Chinese text."""
    at = index + step
    while 0 <= at < len(chars) and not is_chinese(chars[at]):
        if chars[at].isspace() or chars[at] in SINGLE or chars[at] in "/@":
            return False
        at += step
    return 0 <= at < len(chars) and at != index + step


def _chinese_pair(chars: list[str], hans: list[int], opening: int, closing: int) -> bool:
    """Outer neighbours (already normalised ones count) or Han text inside;
    ``hans`` are the indices of the Han characters, so the inside is looked
    at in one step however long it is."""
    outer = (_neighbour(chars, opening - 1), _neighbour(chars, closing + 1))
    return (any(is_chinese(c) for c in outer if c)
            or bisect.bisect_left(hans, closing) > bisect.bisect_right(hans, opening))


def _quote_pairs(text: str, quote: str) -> Iterator[tuple[int, int]]:
    """Straight quotes paired in order of appearance, apostrophes left out."""
    marks = [i for i, c in enumerate(text) if c == quote and not _apostrophe(text, i)]
    return zip(marks[::2], marks[1::2])


def _apostrophe(text: str, index: int) -> bool:
    around = text[max(index - 1, 0):index] + text[index + 1:index + 2]
    return len(around) == 2 and around.isascii() and around.isalnum()


def _paren_pairs(text: str) -> list[tuple[int, int]]:
    """( ) matched by nesting; unmatched ones are left alone."""
    open_at: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char == "(":
            open_at.append(index)
        elif char == ")" and open_at:
            pairs.append((open_at.pop(), index))
    return pairs
