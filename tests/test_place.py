"""Placing subheads: centred in their block of lines, except at the top of
a band, where the first line sits on the band's first line so the column
does not start lower than its neighbours."""
from __future__ import annotations

from pathlib import Path

import pytest

from banmian.compose.blocks import _subhead
from banmian.compose.fonts import BASELINE, FontBook
from banmian.compose.kept import Kept
from banmian.load.content import Head
from banmian.load.layout import load_layout
from banmian.page.display import GlyphRun
from banmian.page.grid import Geometry, Rect
from banmian.page.place import _Ctx
from banmian.page.place import _subhead as place_subhead

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("at_top", [False, True])
def test_a_subhead_at_the_top_of_a_band_starts_on_its_first_line(at_top):
    layout = load_layout(ROOT / "layouts" / "broadsheet-feature.yaml")
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    head = _subhead(Head(("坚持政治引领", "在学习贯彻新思想上筑根基")), layout, fonts,
                    Kept(layout, fonts, None))
    geom = Geometry.of(layout)
    rect = Rect(2, 10, 1, head.heights[0])
    runs = [i for i in place_subhead(_Ctx(layout, geom), head, rect, at_top)
            if isinstance(i, GlyphRun)]
    size, pitch = layout.styles["subhead"].size, layout.styles["subhead"].pitch
    first = min(run.y for run in runs)
    text_height = (len(head.lines) - 1) * pitch + size
    if at_top:
        assert first == pytest.approx(geom.top(10) + BASELINE * size)
    else:
        spare = (geom.height(rect.lines) - text_height) / 2
        assert first == pytest.approx(geom.top(10) + spare + BASELINE * size) and spare > 0
