"""Subheads: a phrase a little too long for the column is condensed (长体)
onto one line rather than broken mid-word; a longer one divides where the
phrase does (after a pause mark, or after the 上/中 closing a 在… frame);
one with no such place is balanced over two lines."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from banmian.compose.blocks import _subhead
from banmian.compose.fonts import FontBook
from banmian.compose.kept import Kept
from banmian.load.content import Head
from banmian.load.layout import Layout, load_layout

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(ROOT / "layouts" / "broadsheet-feature.yaml")


def phrase_lines(layout: Layout, phrase: str) -> list[str]:
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    head = _subhead(Head((phrase,)), layout, fonts, Kept(layout, fonts, None))
    return ["".join(g.text for g in line.glyphs) for line in head.lines]


@pytest.mark.parametrize("phrase, lines", [
    ("坚定政治方向", ["坚定政治方向"]),                                  # fits: as it is
    ("在铸牢思想根基上聚焦用力", ["在铸牢思想根基上聚焦用力"]),          # 12 chars: 93 % wide
    ("在服务全区发展大局中主动作为", ["在服务全区发展大局中", "主动作为"]),     # 14: 在…中 | …
    ("在强化履职能力建设上立规矩、促提升", ["在强化履职能力建设上", "立规矩、促提升"]),
    ("围绕中心服务大局，履职尽责担当作为", ["围绕中心服务大局，", "履职尽责担当作为"]),  # after ，
    ("持续深化拓展协商民主实践新路径", ["持续深化拓展协", "商民主实践新路径"]),  # no division: balanced
])
def test_a_phrase_is_condensed_onto_one_line_only_a_little(layout, phrase, lines):
    assert phrase_lines(layout, phrase) == lines


def test_condense_1_keeps_full_width(layout):
    plain = dataclasses.replace(layout, typography=dataclasses.replace(layout.typography, condense=1.0))
    assert phrase_lines(plain, "在铸牢思想根基上聚焦用力") == ["在铸牢思想根基上", "聚焦用力"]


def test_a_condensed_phrase_fills_the_column_at_no_less_than_the_limit(layout):
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    (line,) = _subhead(Head(("在铸牢思想根基上聚焦用力",)), layout, fonts, Kept(layout, fonts, None)).lines
    assert line.width == pytest.approx(layout.grid.column_width)
    assert layout.typography.condense <= line.glyphs[0].scale_x < 1


def test_both_lines_of_a_divided_phrase_share_one_scale(layout):
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    head = _subhead(Head(("在强化履职能力建设工作上立规矩、促提升",)), layout, fonts,
                    Kept(layout, fonts, None))
    assert ["".join(g.text for g in line.glyphs) for line in head.lines] == [
        "在强化履职能力建设工作上", "立规矩、促提升"]
    scales = {round(g.scale_x, 6) for line in head.lines for g in line.glyphs}
    assert len(scales) == 1 and layout.typography.condense <= scales.pop() < 1
