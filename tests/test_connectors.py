"""A single connector (连接号: the 一字线 —, the en dash –, the 浪纹线 ～ 〜)
never starts a line at any kinsoku level but ``none`` (DESIGN.md §3; clreq,
*Prohibition rules for line start and line end*): at a line's head it reads
as a 破折号. The two-em 破折号 —— keeps its own rules: it may start a line at
``basic`` and ``gb``, not at ``strict``.

Real sentences are composed with the shipped faces at the layout's column
widths and at many widths in between, so that a connector falls where a line
would start. The marks are written out here, not read from cjk.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from banmian.compose import cjk
from banmian.compose.fonts import FontBook
from banmian.compose.lines import TextRun
from banmian.compose.paragraph import compose, prepare
from banmian.load.layout import Layout
from banmian.page.grid import Geometry

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EM = 9.0
CONNECTORS = frozenset("—–～〜")
TWO_EM_DASH = "——"
LEVELS = ("basic", "gb", "strict")
# Every quarter em from 4 to 20 em: a connector lands at each position of a line.
WIDTHS_EM = tuple(w / 4 for w in range(16, 81))

SENTENCES = {
    "several in a row": "要构建融“价值阐释—监测预警—环境控制—灾害治理—保护修复”于一体的石窟寺保护体系。",
    "inside quotes": "“一处一档—一档一策—一策一责”的做法正在全省推广。",
    "number range": "按照规划，2024—2025年全市计划实施保护修复项目86个，总投资约为上年的3～5倍。",
    "wave dash range": "沿线20〜30公里范围内的古桥、古闸、古码头逐一建档。",
    "en dash range": "据统计，2019–2023年累计修缮古建筑1,400余处。",
    "place names": "从北京—天津—沧州—德州段，到淮安—扬州—镇江段，沿线城市都在探索闭环管理。",
    "at a paragraph's end": "本版特约撰稿人：周维新（1958—）",
    "last character": "大运河文化遗产展，展期：2024年5月1日—",
}
DASH_SENTENCE = "过去开会靠嗓门，现在议事靠规则——大家把话说开了，事情也就好办了。"


@pytest.fixture(scope="module")
def breaker(layout: Layout, fonts: FontBook):
    """Lines of ``text`` at each width: prepared once per level, broken many times."""
    def break_at(text: str, level: str, widths_em, indent: bool = False) -> dict[float, list[str]]:
        prepared = prepare([TextRun(text, "body")], layout, fonts, indent, rules=cjk.Rules.of(level))
        return {em: ["".join(g.text for g in line.glyphs) for line in compose(prepared, em * EM).lines]
                for em in widths_em}
    return break_at


@pytest.fixture(scope="module")
def column_widths_em(layout: Layout) -> tuple[float, ...]:
    """The body column and the photo widths of one to four columns, in em."""
    geometry = Geometry.of(layout)
    return tuple(geometry.width(columns) / EM for columns in range(1, 5))


def starts_with_lone_connector(line: str) -> bool:
    return line[:1] in CONNECTORS and not line.startswith(TWO_EM_DASH)


def lone_connector_starts(lines: list[str]) -> list[str]:
    """Lines after the first that begin with a single connector."""
    return [line for line in lines[1:] if starts_with_lone_connector(line)]


@pytest.mark.parametrize("name, em, unchecked, expected", [
    # At none the connector heads lines two and three; at every other level one
    # more character comes down with it.
    ("several in a row", 9,
     ["要构建融“价值阐释", "—监测预警—环境控", "制—灾害治理—保护", "修复”于一体的石窟", "寺保护体系。"],
     ["要构建融“价值阐", "释—监测预警—环境", "控制—灾害治理—保", "护修复”于一体的石", "窟寺保护体系。"]),
    ("several in a row", 12,
     ["要构建融“价值阐释—监测", "预警—环境控制—灾害治理", "—保护修复”于一体的石窟", "寺保护体系。"],
     ["要构建融“价值阐释—监", "测预警—环境控制—灾害治", "理—保护修复”于一体的石", "窟寺保护体系。"]),
    ("inside quotes", 10,
     ["“一处一档—一档一策", "—一策一责”的做法正", "在全省推广。"],
     ["“一处一档—一档一", "策—一策一责”的做法", "正在全省推广。"]),
    # A range may break after its connector (2024—|2025), never before it (3|～5).
    ("number range", 9.5,
     ["按照规划，2024—", "2025年全市计划实施", "保护修复项目86个，", "总投资约为上年的3", "～5倍。"],
     ["按照规划，2024—", "2025年全市计划实施", "保护修复项目86个，", "总投资约为上年的", "3～5倍。"]),
    ("number range", 12,
     ["按照规划，2024—2025年", "全市计划实施保护修复项目", "86个，总投资约为上年的3", "～5倍。"],
     ["按照规划，2024—2025年", "全市计划实施保护修复项目", "86个，总投资约为上年的", "3～5倍。"]),
])
@pytest.mark.parametrize("level", LEVELS)
def test_expected_breaks(breaker, name, em, unchecked, expected, level):
    text = SENTENCES[name]
    assert breaker(text, "none", [em])[em] == unchecked
    assert breaker(text, level, [em])[em] == expected


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", SENTENCES)
def test_no_line_starts_with_a_lone_connector_at_any_width(breaker, column_widths_em, name, level):
    text = SENTENCES[name]
    for em, lines in breaker(text, level, column_widths_em + WIDTHS_EM).items():
        assert lone_connector_starts(lines) == [], (em, lines)
        assert "".join(lines) == text


@pytest.mark.parametrize("name", SENTENCES)
def test_the_widths_do_bring_a_connector_to_a_line_start(breaker, name):
    """Without kinsoku some width starts a line with the connector, so the
    test above has cases to refuse."""
    lines_by_width = breaker(SENTENCES[name], "none", WIDTHS_EM)
    assert any(lone_connector_starts(lines) for lines in lines_by_width.values())


@pytest.mark.parametrize("level, em, expected", [
    ("basic", 15, ["过去开会靠嗓门，现在议事靠规则", "——大家把话说开了，事情也就好", "办了。"]),
    ("gb", 15, ["过去开会靠嗓门，现在议事靠规则", "——大家把话说开了，事情也就好", "办了。"]),
    ("strict", 15, ["过去开会靠嗓门，现在议事靠规", "则——大家把话说开了，事情也就", "好办了。"]),
])
def test_the_two_em_dash_keeps_its_own_rules(breaker, level, em, expected):
    assert breaker(DASH_SENTENCE, level, [em])[em] == expected


@pytest.mark.parametrize("level, may_start", [("basic", True), ("gb", True), ("strict", False)])
def test_the_two_em_dash_starts_a_line_only_where_the_level_allows(breaker, level, may_start):
    lines_by_width = breaker(DASH_SENTENCE, level, WIDTHS_EM)
    dash_starts = [lines for lines in lines_by_width.values()
                   if any(line.startswith(TWO_EM_DASH) for line in lines[1:])]
    assert bool(dash_starts) is may_start


def _long_paragraphs_with_connectors() -> list[str]:
    paragraphs = (DATA / "long_zh.txt").read_text(encoding="utf-8").splitlines()
    return [p for p in paragraphs if any(c in CONNECTORS for c in p.replace(TWO_EM_DASH, ""))]


def test_the_long_text_has_the_connector_constructions():
    text = "\n".join(_long_paragraphs_with_connectors())
    for needle in ("价值阐释—监测预警—环境控制—灾害治理—保护修复", "2024—2025年", "3～5倍", "20〜30公里",
                   "2019–2023年", "北京—天津—沧州—德州", "（1958—）\n"):
        assert needle in text + "\n"


@pytest.mark.parametrize("level", ["basic", "strict"])
def test_the_long_text_never_starts_a_line_with_a_lone_connector(breaker, column_widths_em, level):
    widths = column_widths_em + WIDTHS_EM[24:]       # the column and 10–20 em
    for paragraph in _long_paragraphs_with_connectors():
        for em, lines in breaker(paragraph, level, widths, indent=True).items():
            assert lone_connector_starts(lines) == [], (em, lines)


def test_the_long_text_would_start_lines_with_connectors_without_kinsoku(breaker):
    starts = [line for paragraph in _long_paragraphs_with_connectors()
              for lines in breaker(paragraph, "none", WIDTHS_EM[24:], indent=True).values()
              for line in lone_connector_starts(lines)]
    assert len(starts) > 10
