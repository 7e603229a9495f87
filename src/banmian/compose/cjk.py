"""Chinese line-composition rules as data: character classes, the units a line
may never split, kinsoku (行首行尾禁则) levels, punctuation boxes and which
half of each is empty, compression of adjacent marks, and the spacing between
Han characters and Latin letters or digits.

Pure functions of characters: no fonts and no lengths in points (widths are in
em of the text's size). Sources, cited at each table by section title:
- clreq: W3C "Requirements for Chinese Text Layout" — *Punctuation marks*
  (§3.1), *Adjustment of adjacent punctuation marks* (§3.1.6.2),
  *Prohibition rules for line start and line end*, *Line adjustment*,
  *Mixed text composition* (Han with Western text);
- GB/T 15834-2011 《标点符号用法》 — the definitions of 点号 and 标号 and of
  each mark, and 标点符号的位置和书写形式 (where each mark sits, horizontal).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import NamedTuple


class Cls(str, Enum):
    """Classes of characters and of the units built from them."""

    IDEOGRAPH = "ideograph"     # 汉字 (and 〇)
    PAUSE = "pause"             # 点号: 、，。．：；！？ and half-width , . : ; ! ?
    OPENING = "opening"         # opening brackets and quotes “‘（《〈「『【〔〖［｛ ( [ {
    CLOSING = "closing"         # closing brackets and quotes ”’）》〉」』】〕〗］｝ ) ] }
    DASH = "dash"               # 破折号 ——, a unit of two dashes
    ELLIPSIS = "ellipsis"       # 省略号 ……, a unit of two ellipses
    CONNECTOR = "connector"     # 连接号: ～, a single —, –, -
    INTERPUNCT = "interpunct"   # 间隔号 ·
    SOLIDUS = "solidus"         # 分隔号 / ／
    DIGIT = "digit"             # a character of a number (only inside NUMBER units)
    LATIN = "latin"             # a letter of a word (only inside WORD units)
    NUMBER = "number"           # unit: 2023, 3.14, 1,400, 10%, −5
    WORD = "word"               # unit: GDP, 5G, App, COVID-19
    SPACE = "space"             # word space or 　: breaks, dropped at line edges
    BREAK = "break"             # a line feed
    OTHER = "other"


class Side(Enum):
    """Where a mark's ink sits in its box (GB/T 15834-2011 §5.1, horizontal
    setting): the other half is empty and may be taken away."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


# GB/T 15834-2011 点号 (pause and stop marks: 句号 问号 叹号 逗号 顿号 分号
# 冒号), full-width, and their half-width forms.
PAUSE_MARKS = frozenset("、，。．：；！？,.:;!?")
# GB/T 15834-2011 破折号 and 省略号: the characters whose pairs make them.
DASH_MARKS = frozenset("—―")
ELLIPSIS_MARKS = frozenset("…⋯")
# GB/T 15834-2011 连接号 (一字线 — alone, 浪纹线 ～, 短横线 -).
CONNECTOR_MARKS = frozenset("～〜–-‐")
# GB/T 15834-2011 间隔号 and 分隔号.
INTERPUNCT_MARKS = frozenset("·・‧")
SOLIDUS_MARKS = frozenset("/／")
# Unicode general categories of brackets and quotes (clreq, *Punctuation marks*).
OPENING_CATEGORIES = frozenset({"Ps", "Pi"})
CLOSING_CATEGORIES = frozenset({"Pe", "Pf"})
# Han ideograph blocks: URO, Extension A, compatibility, supplementary planes.
IDEOGRAPH_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
IDEOGRAPH_EXTRA = frozenset("〇々")
# East Asian Width values set on a full em in Chinese text (A: “” ‘’ · — … are
# ambiguous and take the Chinese form here; clreq, *Punctuation marks*).
WIDE_WIDTHS = frozenset({"W", "F", "A"})

# A number with its sign, decimal point, thousands separators and unit sign
# (% ‰ ℃ °), or a Latin word with digits, inner hyphens and apostrophes:
# never split (clreq, *Mixed text composition*).
_ALNUM = r"0-9A-Za-z\u00C0-\u024F\u0370-\u04FF"
_UNIT_SIGNS = "%‰℃°"
ALNUM_UNIT = re.compile(
    rf"(?:(?<![{_ALNUM}])[+\-−±](?=[0-9]))?[{_ALNUM}]"
    rf"(?:[{_ALNUM}]|[.,'’+\-−_&/](?=[{_ALNUM}]))*[{_UNIT_SIGNS}]?")
NUMBER_UNIT = re.compile(rf"[+\-−±]?[0-9][0-9.,]*[{_UNIT_SIGNS}]?")


def is_ideograph(char: str) -> bool:
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF:        # the common case first: this runs per character
        return True
    return char in IDEOGRAPH_EXTRA or any(low <= code <= high for low, high in IDEOGRAPH_RANGES)


def is_wide(char: str) -> bool:
    """Set on a full em in Chinese text (see ``WIDE_WIDTHS``)."""
    return unicodedata.east_asian_width(char) in WIDE_WIDTHS


def char_class(char: str) -> Cls:
    """The class of one character, from the tables above and Unicode properties."""
    if is_ideograph(char):
        return Cls.IDEOGRAPH
    if char in LINE_FEEDS:
        return Cls.BREAK
    for marks, cls in _MARK_TABLES:
        if char in marks:
            return cls
    category = unicodedata.category(char)
    if category in OPENING_CATEGORIES:
        return Cls.OPENING
    if category in CLOSING_CATEGORIES:
        return Cls.CLOSING
    if category[0] == "Z":
        return Cls.SPACE
    if category[0] in "LN" and not is_wide(char):
        return Cls.DIGIT if category[0] == "N" else Cls.LATIN
    return Cls.OTHER


LINE_FEEDS = frozenset("\n\r\u2028\u2029")
_MARK_TABLES = ((PAUSE_MARKS, Cls.PAUSE), (DASH_MARKS, Cls.DASH), (ELLIPSIS_MARKS, Cls.ELLIPSIS),
                (CONNECTOR_MARKS, Cls.CONNECTOR), (INTERPUNCT_MARKS, Cls.INTERPUNCT),
                (SOLIDUS_MARKS, Cls.SOLIDUS))


class Span(NamedTuple):
    """A unit of text no line break may split: ``text[start:end]`` of class ``cls``."""

    start: int
    end: int
    cls: Cls


def segment(text: str) -> list[Span]:
    """Split ``text`` into units: one per Han character or mark, one per
    —— or ……, number or Latin word, run of spaces, or line feed."""
    spans: list[Span] = []
    i = 0
    while i < len(text):
        span = _unit_at(text, i)
        spans.append(span)
        i = span.end
    return spans


def _unit_at(text: str, i: int) -> Span:
    char = text[i]
    cls = char_class(char)
    if cls is Cls.IDEOGRAPH:
        return Span(i, i + 1, cls)
    if cls in (Cls.DIGIT, Cls.LATIN) or (char in "+-−±" and text[i + 1:i + 2].isdigit()):
        match = ALNUM_UNIT.match(text, i)
        end = match.end() if match else i + 1
        return Span(i, end, Cls.NUMBER if NUMBER_UNIT.fullmatch(text, i, end) else Cls.WORD)
    if cls in (Cls.DASH, Cls.ELLIPSIS):
        paired = text[i + 1:i + 2] in (DASH_MARKS if cls is Cls.DASH else ELLIPSIS_MARKS)
        if paired:
            return Span(i, i + 2, cls)
        return Span(i, i + 1, Cls.CONNECTOR if cls is Cls.DASH else cls)
    if cls is Cls.SPACE:
        end = i + 1
        while end < len(text) and char_class(text[end]) is Cls.SPACE:
            end += 1
        return Span(i, end, cls)
    return Span(i, i + 1, cls)


# ---------------------------------------------------------------- punctuation boxes

# GB/T 15834-2011 标点符号的位置和书写形式: a mark takes one em; 破折号 and 省略号
# two; 间隔号 half. Classes not listed, and half-width marks, keep their advance.
BOX_EM = MappingProxyType({
    Cls.PAUSE: 1.0, Cls.OPENING: 1.0, Cls.CLOSING: 1.0, Cls.CONNECTOR: 1.0, Cls.SOLIDUS: 1.0,
    Cls.DASH: 2.0, Cls.ELLIPSIS: 2.0, Cls.INTERPUNCT: 0.5})
# GB/T 15834-2011 标点符号的位置和书写形式 (horizontal): 点号 and closing marks
# sit on the left half of their box, opening marks on the right half; the rest
# are centred.
INK_SIDE = MappingProxyType({Cls.PAUSE: Side.LEFT, Cls.CLOSING: Side.LEFT, Cls.OPENING: Side.RIGHT})
_OPPOSITE = MappingProxyType({Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT})


def box_em(span_text: str, cls: Cls) -> float | None:
    """The nominal box of a mark in em, or None for text set at its advances."""
    box = BOX_EM.get(cls)
    if box is None or not is_wide(span_text[0]):
        return None
    return box / 2 if len(span_text) == 1 and cls is Cls.ELLIPSIS else box


def ink_side(cls: Cls) -> Side:
    return INK_SIDE.get(cls, Side.CENTER)


def empty_half(cls: Cls) -> Side | None:
    """The side whose half-em is blank and may be removed, or None."""
    return _OPPOSITE.get(ink_side(cls))


@dataclass(frozen=True)
class Trim:
    """Which blank half to take away between two adjacent marks."""

    first_right: bool = False
    second_left: bool = False


def adjacent_trim(first: Cls, second: Cls) -> Trim:
    """clreq §3.1.6.2, *Adjustment of adjacent punctuation marks*: two marks
    side by side take 1.5 em, not 2. A mark with a blank right half before any mark loses that
    half (。” ，“ ）、 ：“ 》。); between two opening marks (（《 “‘) the second
    loses its blank left half; an opening mark before a closing one (（）) and
    centred marks (—— …… ·) keep their boxes."""
    if empty_half(first) is Side.RIGHT and empty_half(second) is not None:
        return Trim(first_right=True)
    if empty_half(first) is Side.LEFT and empty_half(second) is Side.LEFT:
        return Trim(second_left=True)
    return Trim()


# clreq, *Line adjustment*: the order in which blank halves are
# squeezed to justify a line — the line-end mark first, then spaces, then
# brackets and quotes, then ，、；：, then 。？！． (lower goes first).
LINE_END_RANK = 0
SQUEEZE_RANK = MappingProxyType({
    Cls.SPACE: 1, Cls.OPENING: 2, Cls.CLOSING: 2, Cls.PAUSE: 3})
STOP_MARKS = frozenset("。？！．")
STOP_RANK = 4


def squeeze_rank(span_text: str, cls: Cls) -> int:
    """When this unit's blank half is squeezed, relative to the others."""
    return STOP_RANK if span_text in STOP_MARKS else SQUEEZE_RANK.get(cls, STOP_RANK)


# ---------------------------------------------------------------- kinsoku


@dataclass(frozen=True)
class Kinsoku:
    """A prohibition level: classes that may not start a line, or end one."""

    no_start: frozenset[Cls]
    no_end: frozenset[Cls]


_BASIC = Kinsoku(frozenset({Cls.PAUSE, Cls.CLOSING, Cls.CONNECTOR}), frozenset({Cls.OPENING}))
_GB = Kinsoku(_BASIC.no_start | {Cls.INTERPUNCT, Cls.SOLIDUS}, _BASIC.no_end)
# clreq, *Prohibition rules for line start and line end*: 不处理 (none);
# 基本处理 (basic: 点号, closing marks and 连接号 (a single —, –, ～, 〜, -) never
# start a line, opening marks never end one; a connector opening a line reads
# as a 破折号); GB 法 (gb: as GB/T 15834-2011 has it, 间隔号 and 分隔号 never
# start a line either); 严格处理 (strict: gb, and —— …… never start a line but
# a paragraph's first).
KINSOKU = MappingProxyType({
    "none": Kinsoku(frozenset(), frozenset()),
    "basic": _BASIC,
    "gb": _GB,
    "strict": Kinsoku(_GB.no_start | {Cls.DASH, Cls.ELLIPSIS}, _GB.no_end),
})

# Breaking between a number and the Han character after it (2023|年, 10|余万元)
# is allowed but discouraged: the number reads with its measure word.
NUMBER_UNIT_PENALTY = 100.0
# A paragraph's last line must hold two characters or more (孤字): a break that
# leaves fewer costs nearly as much as a forbidden one.
ORPHAN_PENALTY = 9000.0
ORPHAN_MIN_CHARS = 2


def kinsoku(level: str) -> Kinsoku:
    try:
        return KINSOKU[level]
    except KeyError:
        raise ValueError(f"unknown kinsoku level {level!r}: use one of {', '.join(KINSOKU)}") from None


@dataclass(frozen=True)
class Boundary:
    """What may happen between two adjacent units: ``emergency`` when the
    only thing against a break is that both are Western text (inside a URL,
    say), so a line too narrow for the whole may still break there."""

    breakable: bool
    penalty: float = 0.0
    latin_space: bool = False
    emergency: bool = False


def boundary(before: Cls, after: Cls, rules: Rules, spaced: bool, western: bool) -> Boundary:
    """The boundary between a unit of class ``before`` and one of class
    ``after``; ``spaced`` when spaces lie between them, ``western`` when both
    are Western text (see ``is_western``), which breaks only at spaces."""
    forbidden = after in rules.kinsoku.no_start or before in rules.kinsoku.no_end
    penalty = NUMBER_UNIT_PENALTY if before is Cls.NUMBER and after is Cls.IDEOGRAPH else 0.0
    breakable = not forbidden and (spaced or not western)
    return Boundary(breakable, penalty,
                    not spaced and rules.cjk_latin_space > 0 and latin_spaced(before, after),
                    emergency=not breakable and not forbidden)


def is_western(text: str, span: Span) -> bool:
    """Numbers, words and half-width marks: set at their advances, broken at spaces."""
    return span.cls in (Cls.NUMBER, Cls.WORD) or not is_wide(text[span.start])


def latin_spaced(before: Cls, after: Cls) -> bool:
    """clreq, *Mixed text composition*: the CJK–Latin space goes between a Han
    character and a number or Latin word, never next to punctuation."""
    pair = {before, after}
    return Cls.IDEOGRAPH in pair and bool(pair & {Cls.NUMBER, Cls.WORD})


def solid_chars(text: str) -> int:
    """Characters that count for 孤字: Han characters, letters and digits."""
    return sum(1 for c in text if is_ideograph(c) or c.isalnum())


@dataclass(frozen=True)
class Rules:
    """The knobs of one composition: kinsoku level, CJK–Latin space (em;
    shrinks to half), whether an opening mark at line start loses its blank
    half (clreq allows it; mainland newspapers usually keep it)."""

    kinsoku: Kinsoku = _BASIC
    cjk_latin_space: float = 0.0
    trim_line_start_opening: bool = False

    @classmethod
    def of(cls, level: str, cjk_latin_space: float = 0.0, trim_line_start_opening: bool = False) -> Rules:
        """Rules from the layout's ``typography`` settings."""
        return cls(kinsoku(level), cjk_latin_space, trim_line_start_opening)
