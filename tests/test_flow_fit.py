"""Flow and fit on synthetic articles: only line counts matter to them."""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from banmian.blocks import ArticlePieces, BodyLine, PhotoPiece, Stack, Subhead
from banmian.content import Article, Paragraph, Photo
from banmian.fit import fit_page
from banmian.flow import flow
from banmian.grid import Rect, Segment, free_segments
from banmian.layout import load_layout

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FakeLine:
    """Stands in for a composed line: the engine only counts these."""

    start: int = 0
    end: int = 13
    width: float = 117.0
    glyphs: tuple = ()


def paragraph(number: int, lines: int) -> list[BodyLine]:
    return [BodyLine(FakeLine(), number, i, lines) for i in range(lines)]


def head(heights=(4, 5)) -> Subhead:
    return Subhead((FakeLine(), FakeLine()), heights)


def article(name: str, paragraphs: list[int], heads: int, photos: int) -> ArticlePieces:
    items: list = []
    per_section = max(1, len(paragraphs) // max(heads, 1))
    for number, lines in enumerate(paragraphs):
        if heads and number % per_section == 0 and number // per_section < heads:
            items.append(head())
        items += paragraph(number, lines)
    body = (Paragraph("x"),)
    shots = tuple(PhotoPiece(Photo(f"caption {i}", aspect=1.5), {3: (FakeLine(),) * 2, 4: (FakeLine(),)})
                  for i in range(photos))
    return ArticlePieces(Article((name,), body, kicker=name, photos=tuple(p.photo for p in shots)),
                         Stack((), 12, 3), tuple(items), shots)


# ---- flow -------------------------------------------------------------------------------

def test_flow_fills_columns_in_reading_order_and_is_flush_when_exact():
    items = paragraph(0, 7) + paragraph(1, 5)
    result = flow(items, [1] * 12, [Segment(0, 0, 6), Segment(1, 2, 6)])
    assert result.flush
    assert [(s.column, s.line) for s in result.slots[:7]] == [(0, i) for i in range(6)] + [(1, 2)]
    assert result.slots[-1] == result.slots[-1].__class__(11, 1, 7, 1)


def test_subhead_never_ends_a_column():
    items = paragraph(0, 4) + [head((3,))] + paragraph(1, 6)
    result = flow(items, [1] * 4 + [3] + [1] * 6, [Segment(0, 0, 8), Segment(1, 0, 9)])
    head_slot = result.slots[4]
    assert (head_slot.column, head_slot.line) == (1, 0)  # 4 lines left: 3 + 2 kept do not fit
    assert result.underset == 4 + 9 - 3 - 6
    assert not result.flush


def test_overset_is_counted_never_dropped_silently():
    result = flow(paragraph(0, 10), [1] * 10, [Segment(0, 0, 6)])
    assert result.overset == 4 and len(result.slots) == 6


def test_widow_and_orphan_are_counted():
    items = paragraph(0, 6) + paragraph(1, 3)
    result = flow(items, [1] * 9, [Segment(0, 0, 7), Segment(1, 0, 2)])
    assert result.widows == 1  # paragraph 1's first line alone at the foot of column 0


def test_free_segments_refuses_overlap_and_short_runs():
    assert free_segments(2, 10, [Rect(0, 0, 2, 3), Rect(1, 2, 1, 3)], 3) is None
    assert free_segments(2, 10, [Rect(0, 0, 1, 8)], 3) is None
    assert free_segments(2, 10, [Rect(0, 0, 1, 5)], 3) == [Segment(0, 5, 5), Segment(1, 0, 10)]


# ---- fit --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def layout():
    return load_layout(ROOT / "layouts/broadsheet-feature.yaml")


def chars_to_paragraphs(chars: int) -> list[int]:
    """An article of about ``chars`` characters as paragraph line counts."""
    lines = chars // 12
    sizes, cycle = [], itertools.cycle([9, 4, 14, 6, 11, 3, 8])
    while sum(sizes) < lines:
        sizes.append(next(cycle))
    return sizes


CASES = [
    (counts, heads, photos)
    for counts in ([1000], [3000], [7000], [2500, 2500], [4000, 3000], [1000, 7000],
                   [2000, 2000, 2000], [1200, 1500, 1800], [6000, 1000])
    for heads, photos in ((0, 0), (4, 2), (2, 1), (5, 4))
][:36]


@pytest.mark.parametrize("counts,heads,photos", CASES)
def test_generated_pages_fit_flush_or_report_precisely(layout, counts, heads, photos):
    per_article = [photos // len(counts) + (i < photos % len(counts)) for i in range(len(counts))]
    articles = [article(f"A{i}", chars_to_paragraphs(c), heads, min(p, 4))
                for i, (c, p) in enumerate(zip(counts, per_article))]
    plan = fit_page(articles, layout, layout.arrangement.banner_lines)
    arr = layout.arrangement
    total = sum(b.height for b in plan.bands) + arr.rule_lines * (len(counts) - 1)
    assert plan.banner_lines + total + arr.credits_lines == layout.grid.lines
    for band, pieces in zip(plan.bands, articles):
        placed = sum(s.lines for s in band.flow.slots if isinstance(band.items[s.item], BodyLine))
        assert placed + band.flow.overset >= pieces.body_lines  # nothing lost
        if band.flow.flush:
            assert placed == pieces.body_lines
        else:
            assert band.mismatch != 0 or band.flow.underset  # reported, never silent
    if plan.flush:
        assert all(b.flow.flush for b in plan.bands)


# ---- 走行: a page a line or two off is evened out by re-setting paragraphs -------------

def test_installment_03_comes_out_even_only_by_resetting_paragraphs():
    """The three-article installment has no arrangement of photos and
    subheads that comes out even as composed; 走行 makes it flush, with every
    re-set line still justified within the stretch limit."""
    from banmian.pipeline import build

    result = build(ROOT / "content/huaian-2023-03.yaml", preflight=False)
    assert result.plan.flush
    reset = [b for b in result.plan.bands if b.items != b.pieces.items]
    assert reset
    for band in reset:
        counts = {i.para: i.count for i in band.items if isinstance(i, BodyLine)}
        changed = [p for p, n in band.pieces.line_counts.items() if counts[p] != n]
        assert changed and all(abs(counts[p] - band.pieces.line_counts[p]) == 1 for p in changed)
        for item in band.items:
            if isinstance(item, BodyLine) and not item.line.last:
                assert abs(item.line.width - item.line.measure) < 0.01
                assert item.line.stretch <= 0.25 * 9 + 1e-6


def test_a_long_title_widens_its_headline_block(tmp_path):
    """A title wider than three columns gets as many columns as it needs, and
    every headline glyph stays inside the block."""
    from test_cli import sample_copy
    from banmian.display import Block, GlyphRun
    from banmian.pipeline import build

    def long_title(data):
        data["articles"][0]["title"] = ["坚持以人民为中心推动高质量发展", "勇毅前行谱新篇"]
    result = build(sample_copy(tmp_path, long_title), preflight=False)
    assert result.plan.bands[0].headline.columns == 5
    block = next(b for b in result.page.of_type(Block) if b.kind == "headline")
    runs = [r for r in result.page.of_type(GlyphRun)
            if r.role == "title" and block.y <= r.y <= block.y + block.height]
    assert "".join(r.text for r in runs) == "坚持以人民为中心推动高质量发展勇毅前行谱新篇"
    for run in runs:
        if run.role == "title":
            assert block.x <= run.x + run.glyphs[0].x
            assert run.x + run.glyphs[-1].x + run.size <= block.x + block.width + 0.01


def test_a_headline_too_wide_for_a_photo_beside_it_has_the_photo_below(tmp_path):
    from test_cli import sample_copy
    from banmian.pipeline import build

    def very_long_title(data):
        data["articles"][0]["title"] = ["坚持以人民为中心推动高质量发展新篇", "勇毅前行谱新篇"]
    band = build(sample_copy(tmp_path, very_long_title), preflight=False).plan.bands[0]
    assert band.headline.columns == 6
    first = band.photos[0].rect
    assert first.line >= band.headline.bottom
    assert band.flow.flush and band.flow.slots
