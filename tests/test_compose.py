"""The line composer with the shipped faces: break positions, glyph positions
and widths of constructed hard cases, and the invariants of every line of the
seed page's body and of tests/data/long_zh.txt at column and photo widths.

Constructed cases are set without indent at a measure of 10 em of 9 pt
(90 pt) unless they say otherwise, so positions are easy to count: a Han
character is 9 pt, a half em 4.5 pt.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from banmian.compose import cjk
from banmian.compose.fonts import FontBook, MissingGlyph
from banmian.compose.lines import (
    Composition,
    Line,
    PositionedGlyph,
    TextRun,
    stretch_stats,
)
from banmian.compose.paragraph import (
    MAX_STRETCH_EM,
    compose,
    condensed,
    prepare,
    set_line,
)
from banmian.load.layout import Layout

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EM = 9.0
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def setter(layout: Layout, fonts: FontBook):
    """Compose ``text`` in one style at ``em`` ems of 9 pt."""
    def set_text(text: str, em: float = 10, style: str = "body", level: str = "basic",
                 align: str = "justify", indent: bool = False, **knobs) -> Composition:
        rules = cjk.Rules.of(level, **knobs)
        return compose(prepare([TextRun(text, style)], layout, fonts, indent, rules=rules), em * EM, align)
    return set_text


def texts(composition: Composition) -> list[str]:
    return [line_text(line) for line in composition.lines]


def line_text(line: Line) -> str:
    return "".join(g.text for g in line.glyphs)


def x_of(line: Line, text: str, nth: int = 0) -> float:
    return [g.x for g in line.glyphs if g.text == text][nth]


# ---------------------------------------------------------------- breaks


@pytest.mark.parametrize("text, level, expected, warning", [
    # 先挤进: 一二三，四五六七八九 fills 10 em and 。 may not start a line; squeezing
    # the line-end 。 and the ， by half an em each brings 。 back up.
    ("一二三，四五六七八九。十甲乙丙丁戊己庚辛", "basic",
     ["一二三，四五六七八九。", "十甲乙丙丁戊己庚辛"], ""),
    ("一二三，四五六七八九。十甲乙丙丁戊己庚辛", "none",
     ["一二三，四五六七八九", "。十甲乙丙丁戊己庚辛"], ""),
    # “ would end line one: it moves down and line one is stretched.
    ("一二三四五六七八九“十甲”乙丙", "basic", ["一二三四五六七八九", "“十甲”乙丙"], ""),
    ("一二三四五六七八九“十甲”乙丙", "none", ["一二三四五六七八九“", "十甲”乙丙"], ""),
    # —— and …… never split; strict keeps them from starting a line too, at the
    # price of two ems stretched over seven gaps (reported as loose).
    ("一二三四五六七八九——十甲乙", "basic", ["一二三四五六七八九", "——十甲乙"], ""),
    ("一二三四五六七八九——十甲乙", "strict", ["一二三四五六七八", "九——十甲乙"], "loose: line 1"),
    ("一二三四五六七八九……十甲乙", "basic", ["一二三四五六七八九", "……十甲乙"], ""),
    ("一二三四五六七八九……十甲乙", "strict", ["一二三四五六七八", "九……十甲乙"], "loose: line 1"),
    # 孤字: 十甲 would leave 甲。 alone; one more character goes down.
    ("一二三四五六七八九十甲。", "basic", ["一二三四五六七八九", "十甲。"], ""),
])
def test_break_positions(setter, text, level, expected, warning):
    composition = setter(text, level=level)
    assert texts(composition) == expected
    assert [w[:len(warning)] for w in composition.warnings] == ([warning] if warning else [])


NO_START = {"basic": "，。、：；！？”’）》〉」』】,.;:!?)～〜—–", "gb": "·／", "strict": "——……"}
NO_END = "“‘（《〈「『【〔〖(["


@pytest.mark.parametrize("level, mark", [(level, m) for level, marks in NO_START.items()
                                         for m in (["——", "……"] if level == "strict" else marks)])
def test_no_line_starts_with_a_forbidden_mark(setter, level, mark):
    # Ten Han characters fill line one; the mark would start line two.
    text = "一二三四五六七八九十" + mark + "甲乙丙丁"
    lines = texts(setter(text, level=level))
    assert not lines[1].startswith(mark)
    assert "".join(lines) == text
    looser = {"basic": "none", "gb": "basic", "strict": "gb"}[level]
    assert texts(setter(text, level=looser))[1].startswith(mark)


@pytest.mark.parametrize("mark", NO_END)
def test_no_line_ends_with_an_opening_mark(setter, mark):
    text = "一二三四五六七八九" + mark + "十甲乙丙丁"
    lines = texts(setter(text))
    assert lines == ["一二三四五六七八九", mark + "十甲乙丙丁"]
    assert texts(setter(text, level="none"))[0].endswith(mark)


@pytest.mark.parametrize("unit", ["2023", "10%", "3.14", "1,400", "−5℃", "GDP", "5G", "App"])
def test_numbers_and_words_never_split_at_any_measure(setter, unit):
    text = "这一年全市生产总值" + unit + "年余万元，增长了百分之" + unit + "以上。"
    at_edge = 0
    for em in (7, 8, 9, 10, 11, 12, 13):
        lines = texts(setter(text, em=em))
        assert "".join(lines) == text
        cut = [i for i in range(1, len(unit)) for line in lines
               if line.endswith(unit[:i]) and not line.endswith(unit)]
        assert not cut, f"{unit} split at {em} em: {lines}"
        at_edge += sum(line.startswith(unit) or line.endswith(unit) for line in lines)
    assert at_edge, "the unit never reached a line edge: the case tests nothing"


def test_a_number_keeps_its_measure_word_when_it_costs_little(setter):
    lines = texts(setter("共有委员企业九十家和1400余万元善款"))
    assert lines == ["共有委员企业九十家和", "1400余万元善款"]


def test_a_lone_last_character_is_reported_when_unavoidable(setter):
    composition = setter("一二三", em=2)
    assert texts(composition) == ["一二", "三"]
    assert len(composition.warnings) == 1
    assert composition.warnings[0].startswith("孤字: paragraph ends with a single character '三'")


def test_a_latin_word_longer_than_the_measure_breaks_inside_and_is_reported(setter):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    composition = setter("这是" + word + "一词的例子", em=13)
    assert "".join(texts(composition)) == "这是" + word + "一词的例子"     # nothing lost
    assert all(line.width <= 13 * EM + TOLERANCE for line in composition.lines)
    assert any(w.startswith("broken: line 1 ends inside") and word in w
               for w in composition.warnings)


@pytest.mark.parametrize("text, breaks_after", [
    ("详情请登录https://www.hazx.gov.cn/xwzx/tzgg/2023/0615/a1b2c3d4.html查询。", None),
    ("编号为NJ-JS0830-2023-000417-HAYX-0001，已公示。", None),
    ("邮件请发至zhengxie.bangongshi.2023@huaian.example.gov.cn。", None),
])
def test_urls_codes_and_addresses_wider_than_the_column_break_inside_never_overflow(setter, text,
                                                                                   breaks_after):
    """A URL, code or address too long for the line breaks inside it (an
    emergency break, never before a separator), so nothing overprints the
    next column; each such break is reported for the proofreader."""
    composition = setter(text, em=13)
    lines = texts(composition)
    assert "".join(lines) == text
    assert all(line.width <= 13 * EM + TOLERANCE for line in composition.lines)
    for line in lines[1:]:
        assert line[0] not in "./-_@:", line               # no line starts with a separator
    assert any(w.startswith("broken:") for w in composition.warnings)
    assert not any(w.startswith("overfull") for w in composition.warnings)


@pytest.mark.parametrize("em, broken", [(20, False), (13, True)])
def test_a_url_breaks_only_when_the_paragraph_cannot_be_set_well_whole(setter, em, broken):
    """At 20 em the paragraph sets within the tolerance with the URL whole.
    At 13 em keeping it whole would leave the line before it 0.5 em loose:
    it breaks after a separator instead."""
    url = "www.hazx.gov.cn"
    composition = setter("市民可登录政务网站" + url + "查询办事指南，也可拨打热线电话咨询有关事项。",
                         em=em)
    lines = texts(composition)
    assert any(url in line for line in lines) is not broken
    assert any(w.startswith("broken:") for w in composition.warnings) is broken
    if broken:
        assert lines[0].endswith("www.") and lines[1].startswith("hazx.gov.cn")
    assert all(line.stretch <= 0.25 * EM + TOLERANCE for line in composition.lines)


# ---------------------------------------------------------------- positions


def test_a_line_that_only_fits_by_squeezing_two_marks(setter):
    line = setter("一二三，四五六七八九。十甲乙丙丁戊己庚辛").lines[0]
    assert line.width == pytest.approx(90, abs=TOLERANCE)
    assert line.shrink == pytest.approx(EM)          # 。 at the line end first, then ，
    assert [round(g.x, 2) for g in line.glyphs] == [0, 9, 18, 27, 31.5, 40.5, 49.5, 58.5, 67.5, 76.5, 85.5]
    assert line.stretch == 0


def test_a_stretched_line_spreads_evenly_between_characters(setter):
    line = setter("一二三四五六七八九“十甲”乙丙").lines[0]
    assert line.stretch == pytest.approx(EM / 8)      # one em over eight gaps
    assert [round(g.x, 3) for g in line.glyphs] == [round(i * (EM + EM / 8), 3) for i in range(9)]
    assert line.glyphs[-1].x + EM == pytest.approx(90, abs=TOLERANCE)


@pytest.mark.parametrize("text, first, second", [
    ("甲。”乙", "。", "”"), ("甲，“乙", "，", "“"), ("甲）、乙", "）", "、"), ("甲：“乙", "：", "“"),
    ("甲》。乙", "》", "。"), ("甲“‘乙", "“", "‘"), ("甲（《乙", "（", "《"), ("甲’”乙", "’", "”"),
])
def test_adjacent_marks_take_one_and_a_half_em(setter, text, first, second):
    line = setter(text, em=20).lines[0]
    assert x_of(line, second) - x_of(line, first) == pytest.approx(EM / 2)
    assert x_of(line, "乙") - x_of(line, "甲") == pytest.approx(EM + 1.5 * EM)
    assert line.width == pytest.approx(4 * EM - EM / 2)


def test_nested_quotes_and_brackets(setter):
    line = setter("他说：“‘码’上议”（《人民日报》）。", em=30).lines[0]
    # ：“ ‘“ ’上 ”（ （《 》） ）。 : every pair of marks is 1.5 em wide
    expected = {"：": 18, "“": 22.5, "‘": 27, "码": 36, "’": 45, "上": 54, "议": 63, "”": 72,
                "（": 76.5, "《": 81, "人": 90, "》": 126, "）": 130.5, "。": 135}
    assert {t: round(x_of(line, t), 2) for t in expected} == expected
    assert line.width == pytest.approx(135 + EM)


def test_interpunct_takes_half_an_em(setter):
    line = setter("约翰·史密斯", em=20).lines[0]
    dot = next(g for g in line.glyphs if g.text == "·")
    assert x_of(line, "史") - x_of(line, "翰") == pytest.approx(EM * 1.5)
    assert x_of(line, "翰") + EM < dot.x < x_of(line, "史")      # centred in its half em


def test_wenkai_narrow_quotes_get_one_em_boxes(setter, fonts):
    line = setter("“民生”活动", em=20, style="caption").lines[0]
    quote = line.glyphs[0]
    advance = fonts["kai"].advance(quote.gid) * EM
    assert advance < EM / 2                                  # the face's quote is narrow …
    assert quote.x + advance == pytest.approx(x_of(line, "民"))  # … set at the right of its box
    assert x_of(line, "民") == pytest.approx(EM)
    assert x_of(line, "”") == pytest.approx(x_of(line, "生") + EM)   # the closing one at the left
    assert x_of(line, "活") == pytest.approx(x_of(line, "”") + EM)


def _ink(fonts: FontBook, glyph) -> tuple[float, float]:
    face = fonts[glyph.face]
    extents = face.hb_font.get_glyph_extents(glyph.gid)
    left = glyph.x + glyph.scale_x * extents.x_bearing / face.upem * glyph.size
    return left, left + glyph.scale_x * extents.width / face.upem * glyph.size


def test_dash_is_one_unbroken_two_em_rule_in_wenkai(setter, fonts):
    line = setter("活动——好", em=20, style="caption").lines[0]
    dashes = [g for g in line.glyphs if g.text == "—"]
    assert len(dashes) == 2
    (a_left, a_right), (b_left, b_right) = (_ink(fonts, g) for g in dashes)
    assert a_right == pytest.approx(b_left, abs=TOLERANCE)          # the halves touch
    assert a_left == pytest.approx(2 * EM, abs=TOLERANCE)           # and fill the 2-em box
    assert b_right == pytest.approx(4 * EM, abs=TOLERANCE)
    assert x_of(line, "好") == pytest.approx(4 * EM)


def test_dash_is_one_glyph_in_noto_serif(setter, fonts):
    line = setter("活动——好", em=20).lines[0]
    dash = next(g for g in line.glyphs if g.text == "——")
    left, right = _ink(fonts, dash)
    assert 2 * EM <= left < right <= 4 * EM and right - left > 1.8 * EM
    assert x_of(line, "好") == pytest.approx(4 * EM)


def test_digits_and_latin_keep_their_advances(setter, fonts):
    line = setter("增长5.2%，GDP达到", em=20).lines[0]
    shaped = fonts["shusong"].shape("GDP")              # advances with the face's kerning
    assert x_of(line, "D") - x_of(line, "G") == pytest.approx(shaped[0].advance * EM)
    assert x_of(line, "P") - x_of(line, "D") == pytest.approx(shaped[1].advance * EM)
    assert x_of(line, "达") - x_of(line, "P") == pytest.approx(shaped[2].advance * EM)
    assert x_of(line, ".") - x_of(line, "5") < EM * 0.9


def test_cjk_latin_space_knob(setter, fonts):
    plain = setter("全年GDP增长5%，", em=20).lines[0]
    spaced = setter("全年GDP增长5%，", em=20, cjk_latin_space=0.25).lines[0]
    assert x_of(spaced, "G") - x_of(plain, "G") == pytest.approx(EM / 4)      # 年|G
    assert x_of(spaced, "增") - x_of(plain, "增") == pytest.approx(EM / 2)    # P|增
    assert x_of(spaced, "，") - x_of(plain, "，") == pytest.approx(3 * EM / 4)  # none at %|，
    at_edge = setter("一二三四五六七八九十2023年起", cjk_latin_space=0.25)
    assert texts(at_edge)[1].startswith("2023")
    assert at_edge.lines[1].glyphs[0].x == 0                  # never at the line start


def test_line_start_opening_mark_knob(setter):
    text = "一二三四五六七八九十“甲乙”丙"
    kept, trimmed = setter(text), setter(text, trim_line_start_opening=True)
    assert texts(kept)[1].startswith("“") and texts(trimmed)[1].startswith("“")
    assert kept.lines[1].glyphs[0].x == 0
    assert trimmed.lines[1].glyphs[0].x == pytest.approx(-EM / 2)    # its blank half is gone
    assert x_of(trimmed.lines[1], "甲") == pytest.approx(EM / 2)


def test_lead_phrase_runs_in_its_own_face_on_the_body_grid(layout, fonts):
    runs = [TextRun("坚持党的领导把方向。", "lead"), TextRun("县委常委会听取县政协党组工作汇报5次。", "body")]
    line = compose(prepare(runs, layout, fonts), 13 * EM).lines[0]
    assert line_text(line) == "坚持党的领导把方向。县"
    assert [g.face for g in line.glyphs] == ["hei-medium"] * 10 + ["shusong"]
    assert line.glyphs[0].x == 2 * EM                       # the two-em indent
    assert line.glyphs[-1].x == pytest.approx(12 * EM)


# ---------------------------------------------------------------- API


def test_composition_is_cached_per_measure(layout, fonts):
    prepared = prepare([TextRun("一二三四五六七八九十甲乙丙丁", "body")], layout, fonts)
    assert compose(prepared, 117) is compose(prepared, 117)
    assert compose(prepared, 117) is not compose(prepared, 90)


def test_centred_lines_are_balanced_and_centred(setter):
    composition = setter("在学习贯彻新思想上筑根基、凝共识", em=13, style="subhead", align="center")
    assert texts(composition) == ["在学习贯彻新思想", "上筑根基、凝共识"]
    for line in composition.lines:
        assert line.glyphs[0].x == pytest.approx((line.measure - line.width) / 2)
        assert line.stretch == 0


@pytest.mark.parametrize("text, width_em, xs_em", [
    ("文史资料“活”起来", 8.0, [0, 1, 2, 3, 3.5, 4.5, 5.5, 6, 7]),       # “ and ” half an em each
    ("“数”说田间新变化", 8.0, [-0.5, 0.5, 1.5, 2, 3, 4, 5, 6, 7]),       # “ at the start: ink at 0
    ("踔厉奋发担使命", 7.0, [0, 1, 2, 3, 4, 5, 6]),
])
def test_compact_punctuation_takes_out_the_blank_halves_of_title_marks(layout, fonts, text,
                                                                       width_em, xs_em):
    """At 40 pt a quote's blank half is a 20 pt hole: titles set marks compact."""
    assert layout.styles["title"].punctuation == "compact"
    line = set_line([TextRun(text, "title")], layout, fonts)
    assert line.width == pytest.approx(width_em * 40, abs=TOLERANCE)
    assert [g.x for g in line.glyphs] == pytest.approx([x * 40 for x in xs_em], abs=TOLERANCE)
    body = set_line([TextRun(text, "body")], layout, fonts)      # body style: full boxes
    assert body.width == pytest.approx(len(text) * EM, abs=TOLERANCE)


def test_condensed_scales_a_display_line_to_its_measure_and_centres_it(layout, fonts):
    line = set_line([TextRun("在铸牢思想根基上聚焦用力", "subhead")], layout, fonts)   # 12 × 10.5 pt
    tight = condensed(line, 117.0)
    scale = 117.0 / 126.0
    assert tight.width == pytest.approx(117.0) and tight.measure == 117.0
    assert all(g.scale_x == pytest.approx(scale) for g in tight.glyphs)
    assert [g.x for g in tight.glyphs] == pytest.approx([i * 10.5 * scale for i in range(12)])
    short = condensed(set_line([TextRun("坚定政治方向", "subhead")], layout, fonts), 117.0)
    assert short.glyphs[0].x == pytest.approx((117.0 - 63.0) / 2)   # never widened, only centred
    assert all(g.scale_x == 1.0 for g in short.glyphs)


def test_set_line_is_one_line_at_natural_width(layout, fonts):
    line = set_line([TextRun("踔厉奋发担使命", "title")], layout, fonts)
    assert line.width == line.measure == pytest.approx(7 * 40)
    assert line.last and line.stretch == 0
    series = set_line([TextRun("——二〇二三年淮安市县区政协工作巡礼（二）", "banner-series")], layout, fonts)
    assert x_of(series, "二") == pytest.approx(2 * 20)        # the leading —— takes two em
    with pytest.raises(ValueError):
        set_line([TextRun("勇毅前行\n谱新篇", "title")], layout, fonts)


def test_a_character_the_face_lacks_raises(layout, fonts):
    with pytest.raises(MissingGlyph) as error:
        prepare([TextRun("甲\ue000乙", "body")], layout, fonts)
    assert error.value.char == "\ue000"


# ---------------------------------------------------------------- corpora


def _seed_body() -> list[list[TextRun]]:
    """The seed page's paragraphs (full-width punctuation); a tab ends a run-in lead."""
    paragraphs = []
    for line in (DATA / "seed_body.txt").read_text(encoding="utf-8").splitlines():
        lead, _, body = line.rpartition("\t")
        paragraphs.append(([TextRun(lead, "lead")] if lead else []) + [TextRun(body, "body")])
    return paragraphs


def _long(style: str) -> list[list[TextRun]]:
    return [[TextRun(line, style)] for line in (DATA / "long_zh.txt").read_text(encoding="utf-8").splitlines()]


CORPORA = {"seed body": (_seed_body, True), "long body": (lambda: _long("body"), True),
           "long caption": (lambda: _long("caption"), False)}
COLUMNS_EM = (13, 27, 41, 55)


def test_the_long_text_is_long_and_varied():
    text = (DATA / "long_zh.txt").read_text(encoding="utf-8")
    assert len(text) >= 6000
    for needle in ("GDP", "5G", "App", "“", "‘", "《", "——", "……", "%", "·", "1,400"):
        assert needle in text


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("em", COLUMNS_EM)
def test_invariants_of_every_line(layout, fonts, corpus, em):
    load, indent = CORPORA[corpus]
    measure = em * EM
    for runs in load():
        text = "".join(run.text for run in runs)
        composition = compose(prepare(runs, layout, fonts, indent), measure)
        assert not [w for w in composition.warnings if not w.startswith("孤字")], composition.warnings
        _check_lines(composition.lines, text, measure)


def _check_lines(lines: tuple[Line, ...], text: str, measure: float) -> None:
    _check_text(lines, text)
    rules = cjk.KINSOKU["basic"]
    assert [line.last for line in lines] == [False] * (len(lines) - 1) + [True]
    for n, line in enumerate(lines):
        xs = [g.x for g in line.glyphs]
        assert xs == sorted(xs) and xs[0] >= -EM / 2
        if line.last:
            assert line.width <= measure + TOLERANCE and line.stretch == 0
            if cjk.is_ideograph(line.glyphs[0].text[0]):
                assert line.glyphs[0].x in (0, 2 * EM)          # flush left (or indented)
            continue
        assert line.width == pytest.approx(measure, abs=TOLERANCE)
        end = line.glyphs[-1]
        if cjk.is_ideograph(end.text[0]):
            assert end.x + end.size == pytest.approx(measure, abs=TOLERANCE)   # flush right, really
        units = cjk.segment(text[line.start:line.end])
        assert units[-1].cls not in rules.no_end
        if n:
            assert units[0].cls not in rules.no_start


def _check_text(lines: tuple[Line, ...], text: str) -> None:
    """Each line draws exactly its slice of the source; between lines, and
    before the first or after the last, only spaces are dropped."""
    for line in lines:
        assert line_text(line) == text[line.start:line.end]
    edges = [0] + [x for line in lines for x in (line.start, line.end)] + [len(text)]
    assert all(text[a:b].strip(" \u3000") == "" for a, b in zip(edges[::2], edges[1::2]))


def test_no_character_is_lost_or_added(layout, fonts):
    text = "“App Store”和“Google Play”两大应用商店里，5G App的下载量增长了12.5%……"
    for em in (5, 7, 9, 13):
        composition = compose(prepare([TextRun(text, "body")], layout, fonts), em * EM)
        _check_text(composition.lines, text)
        assert "".join(line_text(line) for line in composition.lines).replace(" ", "") == text.replace(" ", "")


def test_seed_lead_paragraph_breaks(layout, fonts):
    """The first body paragraph of the seed at the 13-em column, line by line."""
    runs = _seed_body()[6]
    lines = texts(compose(prepare(runs, layout, fonts), 13 * EM))
    assert lines == [
        "2023年以来，金湖县政协", "在金湖县委的坚强领导下，坚", "持以习近平新时代中国特色社",
        "会主义思想为指导，认真学习", "宣传贯彻党的二十大精神，全", "面落实中央、省市县委对政协",
        "工作的新部署新要求，始终与", "县委同心同德、同行同向，坚", "定“一条心、一起拼、一起向未",
        "来”的信念，在新时代新征程", "上展现人民政协担当新作为，", "为推动金湖经济社会高质量发",
        "展贡献智慧和力量。"]


@pytest.mark.parametrize("corpus", ["seed body", "long body"])
def test_stretch_stays_within_a_quarter_em_at_the_column(layout, fonts, corpus):
    load, indent = CORPORA[corpus]
    lines = [line for runs in load() for line in compose(prepare(runs, layout, fonts, indent), 13 * EM).lines]
    stats = stretch_stats(lines)
    assert stats.max_em <= MAX_STRETCH_EM
    assert stats.lines == sum(not line.last for line in lines)
    assert sum(count for _, count in stats.buckets) == stats.lines
    assert stats.stretched < stats.lines / 2          # most lines set solid or by squeezing


def test_stretch_stats_buckets():
    def line(stretch: float, last: bool = False) -> Line:
        return Line((PositionedGlyph(1, 0, "shusong", 9, "一"),), 117, 117, last, stretch, 0, 0, 1)
    stats = stretch_stats([line(0), line(0.9), line(1.8), line(2.7, last=True)])
    assert (stats.lines, stats.stretched) == (3, 2)
    assert stats.max_em == pytest.approx(0.2)
    assert dict(stats.buckets)[0.0] == 1 and dict(stats.buckets)[0.1] == 1 and dict(stats.buckets)[0.2] == 1

