"""Flow and fit on synthetic articles: only line counts matter to them."""
from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from banmian.compose.blocks import ArticlePieces, BodyLine, PhotoPiece, Stack, Subhead
from banmian.load.content import Article, Paragraph, Photo
from banmian.load.layout import load_layout
from banmian.page.fit import MAX_HEADLINE_PAD, fit_page
from banmian.page.flow import flow
from banmian.page.grid import Geometry, Rect, Segment, free_segments

ROOT = Path(__file__).resolve().parent.parent
#: Body lines a subhead keeps under it, in the flow tests.
KEEP = 2
#: The sample layout's shortest column of text next to a block.
MIN_STRIP_LINES = load_layout(ROOT / "layouts" / "broadsheet-feature.yaml").arrangement.min_strip_lines


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
    result = flow(items, [1] * 12, [Segment(0, 0, 6), Segment(1, 2, 6)], KEEP)
    assert result.flush
    assert [(s.column, s.line) for s in result.slots[:7]] == [(0, i) for i in range(6)] + [(1, 2)]
    assert result.slots[-1] == result.slots[-1].__class__(11, 1, 7, 1)


def test_subhead_never_ends_a_column():
    items = paragraph(0, 4) + [head((3,))] + paragraph(1, 6)
    result = flow(items, [1] * 4 + [3] + [1] * 6, [Segment(0, 0, 8), Segment(1, 0, 9)], KEEP)
    head_slot = result.slots[4]
    assert (head_slot.column, head_slot.line) == (1, 0)  # 4 lines left: 3 + 2 kept do not fit
    assert result.underset == 4 + 9 - 3 - 6
    assert not result.flush


def test_overset_is_counted_never_dropped_silently():
    result = flow(paragraph(0, 10), [1] * 10, [Segment(0, 0, 6)], KEEP)
    assert result.overset == 4 and len(result.slots) == 6


def test_widow_and_orphan_are_counted():
    items = paragraph(0, 6) + paragraph(1, 3)
    result = flow(items, [1] * 9, [Segment(0, 0, 7), Segment(1, 0, 2)], KEEP)
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


def _assert_tiles(plan, layout):
    """The modules and the rule lines of the horizontal cuts cover the type
    area between banner and credits, every cell exactly once."""
    arr, grid = layout.arrangement, layout.grid
    covered: dict[tuple[int, int], int] = {}
    for band in plan.bands:
        for c in range(band.column, band.column + band.columns):
            for line in range(band.top, band.top + band.height):
                covered[c, line] = covered.get((c, line), 0) + 1
    for cut in plan.cuts:
        if not cut.vertical:
            for c in range(cut.column, cut.column + cut.length):
                for line in range(cut.line - arr.rule_lines, cut.line):
                    covered[c, line] = covered.get((c, line), 0) + 1
    area = {(c, line) for c in range(grid.columns)
            for line in range(plan.banner_lines, grid.lines - arr.credits_lines)}
    assert covered == dict.fromkeys(area, 1)


@pytest.mark.parametrize("counts,heads,photos", CASES)
def test_generated_pages_fit_flush_or_report_precisely(layout, counts, heads, photos):
    per_article = [photos // len(counts) + (i < photos % len(counts)) for i in range(len(counts))]
    articles = [article(f"A{i}", chars_to_paragraphs(c), heads, min(p, 4))
                for i, (c, p) in enumerate(zip(counts, per_article))]
    plan = fit_page(articles, layout, layout.arrangement.banner_lines)
    _assert_tiles(plan, layout)
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

    from banmian.page.display import Block, GlyphRun
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


# ---- copy far too short or too long: the nearest real arrangement, nothing dropped -------

def _placed_lines(band) -> int:
    return sum(s.lines for s in band.flow.slots)


def _supply(band, layout) -> int:
    blocks = [band.headline] + [p.rect for p in band.photos]
    segments = free_segments(layout.grid.columns, band.height, blocks, 3)
    assert segments is not None
    return sum(s.lines for s in segments)


def _assert_all_set_or_counted(band, pieces, layout):
    """Every photo placed; the body flowed; what is over or under is exactly
    the band's true difference, with nothing lost in between."""
    assert len(band.photos) == len(pieces.photos)
    assert band.items and band.flow.slots
    set_lines = sum(band.heights)
    assert _placed_lines(band) + band.flow.overset == set_lines  # nothing dropped
    assert _placed_lines(band) + band.flow.underset == _supply(band, layout)  # every line accounted
    assert band.flow.overset - band.flow.underset == set_lines - _supply(band, layout)


def test_a_short_article_alone_gets_the_page_with_its_largest_photos_and_is_reported_under(layout):
    """Far too short for the page: the band is the whole page, the photos at
    their largest, the body all set, and the empty lines counted as under
    (the fitter used to give up: no photos, no body, "over")."""
    pieces = article("A0", chars_to_paragraphs(800), heads=2, photos=2)
    plan = fit_page([pieces], layout, layout.arrangement.banner_lines)
    arr = layout.arrangement
    band, = plan.bands
    assert band.height == layout.grid.lines - arr.banner_lines - arr.credits_lines
    assert not plan.flush
    _assert_all_set_or_counted(band, pieces, layout)
    assert band.flow.overset == 0 and band.flow.underset > 0
    body = [s for s in band.flow.slots if isinstance(band.items[s.item], BodyLine)]
    assert len(body) == pieces.body_lines
    geom = Geometry.of(layout)
    crop = max(arr.photo_aspect_tolerance, arr.photo_crop_limit)  # cropped at most this much
    tallest = max(lines for lines in range(2, 200)
                  if abs(geom.width(4) / geom.height(lines) / 1.5 - 1) <= crop)
    assert [(p.rect.columns, p.image_lines) for p in band.photos] == [(4, tallest)] * 2
    assert band.headline.lines == 12 + MAX_HEADLINE_PAD  # the spare lines taken too


def test_a_far_too_long_article_keeps_its_smallest_photos_and_fills_the_band(layout):
    """Far too long: every photo at its smallest, every line of the band
    set, the rest counted over (it used to be all of it, and no photos)."""
    pieces = article("A0", chars_to_paragraphs(12000), heads=4, photos=4)
    plan = fit_page([pieces], layout, layout.arrangement.banner_lines)
    band, = plan.bands
    _assert_all_set_or_counted(band, pieces, layout)
    assert band.flow.underset == 0 and band.flow.overset > 0
    arr, geom = layout.arrangement, Geometry.of(layout)
    crop = max(arr.photo_aspect_tolerance, arr.photo_crop_limit)
    narrowest = min(arr.photo_columns)
    smallest = min(lines for lines in range(2, 200)
                   if abs(geom.width(narrowest) / geom.height(lines) / 1.5 - 1) <= crop)
    assert all((p.rect.columns, p.image_lines) == (narrowest, smallest) for p in band.photos)
    assert band.headline.lines == 12  # no spare lines while copy is over


def test_a_far_too_long_article_beside_a_short_one_still_gets_a_page(layout):
    """No split of the page keeps both bands in their plausible ranges (the
    long one's starts below the page): every split is tried instead of
    none (which failed), and each band gets a real arrangement."""
    articles = [article("long", chars_to_paragraphs(9000), heads=4, photos=4),
                article("short", chars_to_paragraphs(900), heads=1, photos=1)]
    plan = fit_page(articles, layout, layout.arrangement.banner_lines)
    for band, pieces in zip(plan.bands, articles):
        _assert_all_set_or_counted(band, pieces, layout)
    assert plan.bands[0].flow.overset > 0


def test_three_short_articles_are_all_set_with_their_photos(layout):
    """An underfull three-article page: every band a real arrangement with
    its photos and body, none reported over for want of trying."""
    articles = [article("A", chars_to_paragraphs(700), heads=2, photos=2),
                article("B", chars_to_paragraphs(700), heads=2, photos=0),
                article("C", chars_to_paragraphs(700), heads=2, photos=1)]
    plan = fit_page(articles, layout, layout.arrangement.banner_lines)
    for band, pieces in zip(plan.bands, articles):
        _assert_all_set_or_counted(band, pieces, layout)
    assert sum(b.flow.underset for b in plan.bands) > sum(b.flow.overset for b in plan.bands)


def _only_first_article(keep_blocks: int | None = None, repeat: int = 1):
    def edit(data):
        data["articles"] = data["articles"][:1]
        body = data["articles"][0]["body"]
        if keep_blocks is not None:
            del body[keep_blocks:]
        body[:] = [copy.deepcopy(block) for _ in range(repeat) for block in body]
    return edit


def _report_checks(build, band, fit):
    from banmian.page.display import GlyphRun, Image
    images = build.page.of_type(Image)
    assert len(images) == len(band.pieces.article.photos) == len(band.photos)
    assert fit.photos == tuple(f"{p.rect.columns} col × {p.image_lines} lines" for p in band.photos)
    shown = "".join(r.text for r in build.page.of_type(GlyphRun) if r.role == "body")
    placed = [band.items[s.item].line for s in band.flow.slots if isinstance(band.items[s.item], BodyLine)]
    assert placed and len(shown) >= sum(l.end - l.start for l in placed) > 0
    assert fit.lines_over == band.flow.overset and fit.lines_empty == band.flow.underset


def test_a_short_page_builds_with_its_photos_and_reports_lines_under(tmp_path, capsys):
    """The sample's first article cut to three paragraphs, alone on the page:
    written (underset is not blocking), photos and body on the page, and the
    copy-fit line says how many lines are under and the real photo sizes."""
    from test_cli import sample_copy

    from banmian.app.cli import main
    from banmian.app.report import article_fit
    from banmian.pipeline import build

    source = sample_copy(tmp_path, _only_first_article(keep_blocks=4))
    result = build(source, preflight=False)
    band, = result.plan.bands
    fit = article_fit(band)
    _report_checks(result, band, fit)
    assert fit.lines_over == 0 and fit.lines_empty > 300
    assert fit.chars_over == -round(fit.lines_empty * fit.chars_per_line)
    assert "characters to add" in fit.status and str(-fit.chars_over) in fit.status

    out = tmp_path / "short.pdf"
    assert main(["build", str(source), "-o", str(out), "--proof", "30"]) == 0
    report = capsys.readouterr().out
    assert f"{fit.lines_empty} lines under" in report and "no photos" not in report
    assert "0 arrangements tried" not in report
    assert out.exists() and out.with_suffix(".png").exists()


def test_a_far_too_long_page_shows_what_fits_and_reports_the_rest_over(tmp_path, capsys):
    """The sample's first article four times over, alone on the page: with
    --allow-overset the PDF has the photos and a full band of body, and the
    report's lines over are the lines that found no room (not the whole
    article)."""
    from test_cli import sample_copy

    from banmian.app.cli import main
    from banmian.app.report import article_fit
    from banmian.pipeline import build

    source = sample_copy(tmp_path, _only_first_article(repeat=4))
    result = build(source, preflight=False)
    band, = result.plan.bands
    fit = article_fit(band)
    _report_checks(result, band, fit)
    assert 0 < fit.lines_over < sum(band.heights) - 400  # the band holds 400+ of them
    assert fit.lines_empty == 0
    assert fit.chars_over == round(fit.lines_over * fit.chars_per_line)

    out = tmp_path / "long.pdf"
    assert main(["build", str(source), "-o", str(out), "--allow-overset", "--proof", "30"]) == 0
    report = capsys.readouterr().out
    assert f"{fit.lines_over} lines over ≈ {fit.chars_over} characters to cut" in report
    assert "no photos" not in report and out.exists()


@pytest.mark.parametrize("height, second, column", [
    (50, 20, 0),     # 50 - 20 - 22 = 8 lines between the two: a strip, so the other corner
    (60, 20, 5),     # 18 lines between: a column of its own, same side
    (42, 20, 5),     # no gap at all: the photos meet, same side
])
def test_a_second_photo_leaves_no_short_strip_of_text_between_the_two(height, second, column):
    """Text squeezed between two stacked photos reads as a gap, and a reader
    would start the article in the column beside them: the second photo
    takes the other bottom corner unless the strip is a real column."""
    from banmian.page.shapes import _slot
    headline = Rect(0, 0, 3, 11)
    first = _slot(0, 3, 22, height, 8, [], headline, 1, MIN_STRIP_LINES)
    assert first == Rect(5, 0, 3, 22)
    placed = _slot(1, 3, second, height, 8, [first], headline, 1, MIN_STRIP_LINES)
    gap = height - second - first.bottom
    assert placed.column == column and placed.bottom == height
    assert (column == 5) == (gap == 0 or gap >= MIN_STRIP_LINES)


@pytest.mark.parametrize("height, lines, line", [(60, 22, 0), (30, 22, 8), (31, 22, 9), (32, 22, 0)])
def test_a_first_photo_leaving_only_a_strip_under_it_goes_to_the_foot(height, lines, line):
    """Text in a photo's columns starts at the top of the band: a photo that
    would leave under ``MIN_STRIP_LINES`` beneath it sits at the foot instead."""
    from banmian.page.shapes import _slot
    placed = _slot(0, 3, lines, height, 8, [], Rect(0, 0, 3, 11), 1, MIN_STRIP_LINES)
    assert placed == Rect(5, line, 3, lines)
    assert (placed.line == 0) == (height - lines >= MIN_STRIP_LINES)


def test_a_second_photo_keeps_its_side_when_the_other_corner_would_strand_a_shorter_strip():
    """Both corners leave a strip: the longer is kept (3 lines between the
    two photos rather than 2 under the headline); with a long one on the
    other side, the other corner is taken."""
    from banmian.page.shapes import _slot
    tall_headline = Rect(0, 0, 3, 16)
    first = _slot(0, 3, 15, 30, 8, [], tall_headline, 1, MIN_STRIP_LINES)
    assert first == Rect(5, 0, 3, 15)
    assert _slot(1, 3, 12, 30, 8, [first], tall_headline, 1, MIN_STRIP_LINES) == Rect(5, 18, 3, 12)
    headline = Rect(0, 0, 3, 5)
    assert _slot(1, 3, 12, 30, 8, [first], headline, 1, MIN_STRIP_LINES) == Rect(0, 18, 3, 12)   # 13 lines under it


def test_three_photos_keep_the_first_at_the_top_so_the_others_have_their_slots():
    """Band 30, blocks 22/8/8: the first photo stays top right, the second
    goes under it, the third bottom left — no overlap."""
    from banmian.page.shapes import _slot
    headline = Rect(0, 0, 3, 11)
    placed: list[Rect] = []
    for index, lines in enumerate((22, 8, 8)):
        placed.append(_slot(index, 3, lines, 30, 8, placed, headline, 3, MIN_STRIP_LINES))
    assert placed == [Rect(5, 0, 3, 22), Rect(5, 22, 3, 8), Rect(0, 22, 3, 8)]
    cells = {(c, l) for r in placed + [headline] for c in range(r.column, r.right)
             for l in range(r.line, r.bottom)}
    assert len(cells) == sum(r.columns * r.lines for r in placed + [headline])
