"""The Chinese composition rules as tables: classes, units, boxes, adjacency,
kinsoku levels, CJK–Latin spacing."""
from __future__ import annotations

import pytest

from banmian.compose.cjk import (
    KINSOKU,
    LINE_END_RANK,
    Cls,
    Rules,
    Side,
    Span,
    adjacent_trim,
    boundary,
    box_em,
    char_class,
    empty_half,
    ink_side,
    is_western,
    kinsoku,
    segment,
    solid_chars,
    squeeze_rank,
)


@pytest.mark.parametrize("chars, cls", [
    ("汉字〇㐀", Cls.IDEOGRAPH),
    ("、，。．：；！？,.:;!?", Cls.PAUSE),
    ("“‘（《〈「『【〔〖［｛([{", Cls.OPENING),
    ("”’）》〉」』】〕〗］｝)]}", Cls.CLOSING),
    ("～〜-–", Cls.CONNECTOR),
    ("·・", Cls.INTERPUNCT),
    ("/／", Cls.SOLIDUS),
    ("0123456789", Cls.DIGIT),
    ("AZaz", Cls.LATIN),
    (" \u3000", Cls.SPACE),
    ("\n", Cls.BREAK),
    ("■＋Ａ０", Cls.OTHER),       # full-width letters and digits sit on the em grid like Han
])
def test_character_classes(chars, cls):
    assert {char_class(c) for c in chars} == {cls}


def units(text: str) -> list[tuple[str, Cls]]:
    return [(text[s.start:s.end], s.cls) for s in segment(text)]


@pytest.mark.parametrize("text, expected", [
    ("2023年", [("2023", Cls.NUMBER), ("年", Cls.IDEOGRAPH)]),
    ("增长3.14%，", [("增", Cls.IDEOGRAPH), ("长", Cls.IDEOGRAPH), ("3.14%", Cls.NUMBER), ("，", Cls.PAUSE)]),
    ("1,400余", [("1,400", Cls.NUMBER), ("余", Cls.IDEOGRAPH)]),
    ("−5℃", [("−5℃", Cls.NUMBER)]),
    ("6.39‰", [("6.39‰", Cls.NUMBER)]),
    ("5G网络", [("5G", Cls.WORD), ("网", Cls.IDEOGRAPH), ("络", Cls.IDEOGRAPH)]),
    ("COVID-19。", [("COVID-19", Cls.WORD), ("。", Cls.PAUSE)]),
    ("App Store", [("App", Cls.WORD), (" ", Cls.SPACE), ("Store", Cls.WORD)]),
    ("4+X", [("4+X", Cls.WORD)]),
    ("好——是……", [("好", Cls.IDEOGRAPH), ("——", Cls.DASH), ("是", Cls.IDEOGRAPH), ("……", Cls.ELLIPSIS)]),
    ("商量—‘码’", [("商", Cls.IDEOGRAPH), ("量", Cls.IDEOGRAPH), ("—", Cls.CONNECTOR),
                  ("‘", Cls.OPENING), ("码", Cls.IDEOGRAPH), ("’", Cls.CLOSING)]),
    ("———", [("——", Cls.DASH), ("—", Cls.CONNECTOR)]),
    ("a-", [("a", Cls.WORD), ("-", Cls.CONNECTOR)]),
    ("领　在", [("领", Cls.IDEOGRAPH), ("\u3000", Cls.SPACE), ("在", Cls.IDEOGRAPH)]),
])
def test_units_never_split(text, expected):
    assert units(text) == expected


def test_segments_cover_the_text():
    text = "2023年，GDP增长5.2%——“App”用户达1,400万……"
    spans = segment(text)
    assert "".join(text[s.start:s.end] for s in spans) == text
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("text, cls, box, side", [
    ("，", Cls.PAUSE, 1.0, Side.LEFT),
    ("。", Cls.PAUSE, 1.0, Side.LEFT),
    ("”", Cls.CLOSING, 1.0, Side.LEFT),
    ("》", Cls.CLOSING, 1.0, Side.LEFT),
    ("“", Cls.OPENING, 1.0, Side.RIGHT),
    ("（", Cls.OPENING, 1.0, Side.RIGHT),
    ("——", Cls.DASH, 2.0, Side.CENTER),
    ("……", Cls.ELLIPSIS, 2.0, Side.CENTER),
    ("…", Cls.ELLIPSIS, 1.0, Side.CENTER),
    ("—", Cls.CONNECTOR, 1.0, Side.CENTER),
    ("·", Cls.INTERPUNCT, 0.5, Side.CENTER),
    (",", Cls.PAUSE, None, Side.LEFT),           # half-width marks keep their advance
    (")", Cls.CLOSING, None, Side.LEFT),
    ("汉", Cls.IDEOGRAPH, None, Side.CENTER),
])
def test_nominal_boxes_and_ink_sides(text, cls, box, side):
    assert box_em(text, cls) == box
    assert ink_side(cls) is side


@pytest.mark.parametrize("cls, blank", [
    (Cls.PAUSE, Side.RIGHT), (Cls.CLOSING, Side.RIGHT), (Cls.OPENING, Side.LEFT),
    (Cls.DASH, None), (Cls.ELLIPSIS, None), (Cls.INTERPUNCT, None), (Cls.IDEOGRAPH, None)])
def test_blank_halves(cls, blank):
    assert empty_half(cls) is blank


@pytest.mark.parametrize("pair, first_right, second_left", [
    ("。”", True, False), ("，“", True, False), ("）、", True, False), ("：“", True, False),
    ("》。", True, False), ("”）", True, False), ("’”", True, False),
    ("“‘", False, True), ("（《", False, True),
    ("（）", False, False), ("“”", False, False),
])
def test_adjacent_marks_take_one_and_a_half_em(pair, first_right, second_left):
    trim = adjacent_trim(char_class(pair[0]), char_class(pair[1]))
    assert (trim.first_right, trim.second_left) == (first_right, second_left)
    assert 2.0 - 0.5 * (trim.first_right + trim.second_left) in (1.5, 2.0)


@pytest.mark.parametrize("level, no_start, no_end", [
    ("none", set(), set()),
    ("basic", {Cls.PAUSE, Cls.CLOSING, Cls.CONNECTOR}, {Cls.OPENING}),
    ("gb", {Cls.PAUSE, Cls.CLOSING, Cls.CONNECTOR, Cls.INTERPUNCT, Cls.SOLIDUS}, {Cls.OPENING}),
    ("strict", {Cls.PAUSE, Cls.CLOSING, Cls.CONNECTOR, Cls.INTERPUNCT, Cls.SOLIDUS, Cls.DASH,
                Cls.ELLIPSIS}, {Cls.OPENING}),
])
def test_kinsoku_levels(level, no_start, no_end):
    assert set(KINSOKU[level].no_start) == no_start
    assert set(KINSOKU[level].no_end) == no_end


def test_unknown_kinsoku_level_names_the_choices():
    with pytest.raises(ValueError, match="none, basic, gb, strict"):
        kinsoku("loose")


H, P, O, C, N, W = Cls.IDEOGRAPH, Cls.PAUSE, Cls.OPENING, Cls.CLOSING, Cls.NUMBER, Cls.WORD


@pytest.mark.parametrize("level, before, after, spaced, western, breakable", [
    ("basic", H, H, False, False, True),
    ("basic", H, P, False, False, False),      # 。 never starts a line
    ("basic", H, C, False, False, False),
    ("basic", O, H, False, False, False),      # “ never ends one
    ("basic", P, O, False, False, True),
    ("none", H, P, False, False, True),
    ("none", O, H, False, False, True),
    ("basic", H, N, False, False, True),       # 约|2023: Han and digits may part
    ("basic", W, W, True, True, True),         # Western text breaks at spaces
    ("basic", W, Cls.OTHER, False, True, False),  # and only there
    ("gb", H, Cls.CONNECTOR, False, False, False),
    ("basic", H, Cls.CONNECTOR, False, False, False),  # nor a single — or ～
    ("none", H, Cls.CONNECTOR, False, False, True),
    ("strict", H, Cls.DASH, False, False, False),
    ("gb", H, Cls.DASH, False, False, True),
])
def test_boundaries(level, before, after, spaced, western, breakable):
    assert boundary(before, after, Rules.of(level), spaced, western).breakable is breakable


def test_a_number_and_its_measure_word_prefer_to_stay_together():
    assert boundary(N, H, Rules.of("basic"), False, False).penalty > 0
    assert boundary(H, N, Rules.of("basic"), False, False).penalty == 0


@pytest.mark.parametrize("before, after, expected", [
    (H, N, True), (N, H, True), (H, W, True), (W, H, True),
    (P, N, False), (N, P, False), (O, W, False), (W, C, False), (H, H, False)])
def test_cjk_latin_space_only_between_han_and_western(before, after, expected):
    rules = Rules.of("basic", cjk_latin_space=0.25)
    assert boundary(before, after, rules, False, False).latin_space is expected
    assert boundary(before, after, rules, True, False).latin_space is False     # a space is there
    assert boundary(before, after, Rules.of("basic"), False, False).latin_space is False


def test_western_units():
    text = "年GDP,（"
    assert [is_western(text, s) for s in segment(text)] == [False, True, True, False]


def test_squeeze_order_line_end_then_brackets_then_pauses_then_stops():
    ranks = [squeeze_rank("”", C), squeeze_rank("，", P), squeeze_rank("、", P), squeeze_rank("。", P),
             squeeze_rank("？", P)]
    assert LINE_END_RANK < ranks[0] < ranks[1] == ranks[2] < ranks[3] == ranks[4]


@pytest.mark.parametrize("text, count", [("甲。", 1), ("甲乙。", 2), ("5G", 2), ("”。", 0), ("10%", 2)])
def test_characters_that_count_against_a_lone_last_character(text, count):
    assert solid_chars(text) == count


def test_span_is_plain_data():
    assert Span(0, 2, Cls.DASH) == (0, 2, Cls.DASH)
