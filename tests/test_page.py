"""The sample page end to end: read the produced PDF and the display list back."""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pypdf
import pytest

from banmian.load.content import Head
from banmian.page.display import Block, GlyphRun, Image, Rule
from banmian.page.grid import Geometry
from banmian.pipeline import build
from banmian.units import mm

SPACE = re.compile(r"\s+")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sample_pdf():
    return build(ROOT / "content/huaian-2023-02.yaml")


def squeeze(text: str) -> str:
    return SPACE.sub("", text)


def content_strings(issue) -> list[str]:
    """Every string of the content, in the order the page reads."""
    out = []
    if issue.banner:
        out += [issue.banner.main, issue.banner.slogan, issue.banner.series]
    for article in issue.articles:
        out += [article.kicker, *article.title, article.subtitle, article.byline]
        out += [p.caption for p in article.photos]
        out += [body_text(article)]
    out.append(issue.credits)
    return out


def body_text(article) -> str:
    parts = []
    for block in article.body:
        parts += block.phrases if isinstance(block, Head) else [block.lead + block.text]
    return "".join(parts)


def test_one_page_at_trim_size(sample_pdf):
    pdf = pikepdf.open(io.BytesIO(sample_pdf.pdf))
    assert len(pdf.pages) == 1
    box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2] == pytest.approx(mm(390), abs=0.01)
    assert box[3] == pytest.approx(mm(540), abs=0.01)


def test_every_content_character_is_on_the_page(sample_pdf):
    expected = Counter(squeeze("".join(content_strings(sample_pdf.issue))))
    text = pypdf.PdfReader(io.BytesIO(sample_pdf.pdf)).pages[0].extract_text()
    assert Counter(squeeze(text)) == expected
    assert sum(expected.values()) > 4000  # the seed page, not an empty one


def test_pdf_text_reads_as_the_display_list(sample_pdf):
    text = pypdf.PdfReader(io.BytesIO(sample_pdf.pdf)).pages[0].extract_text()
    assert squeeze(text) == squeeze(sample_pdf.page.text)


def test_body_reads_in_content_order(sample_pdf):
    page, plan = sample_pdf.page, sample_pdf.plan
    runs = [r for r in page.of_type(GlyphRun) if r.role in ("body", "subhead")]
    body = squeeze("".join(r.text for r in runs))
    expected = squeeze("".join(body_text(b.pieces.article) for b in plan.bands))
    assert body == expected


def test_fonts_embedded_subset_and_no_helvetica(sample_pdf):
    pdf = pikepdf.open(io.BytesIO(sample_pdf.pdf))
    fonts = pdf.pages[0].Resources.Font
    names = []
    for _, font in fonts.items():
        assert font.Subtype == "/Type0"
        assert font.Encoding == "/Identity-H"
        descendant = font.DescendantFonts[0]
        descriptor = descendant.FontDescriptor
        assert "/FontFile3" in descriptor or "/FontFile2" in descriptor
        names.append(str(font.BaseFont))
    assert len(names) == 6
    assert all(re.fullmatch(r"/[A-Z]{6}\+\S+", n) for n in names)
    assert b"Helvetica" not in sample_pdf.pdf


def test_body_baselines_on_one_grid(sample_pdf):
    geom = Geometry.of(sample_pdf.layout)
    first = geom.baseline(0)
    body = [r for r in sample_pdf.page.of_type(GlyphRun) if r.role == "body"]
    assert len(body) >= sum(b.pieces.body_lines for b in sample_pdf.plan.bands) > 250
    off_grid = [r for r in body if abs(((r.y - first) / geom.pitch) % 1) > 1e-6
                and abs(((r.y - first) / geom.pitch) % 1 - 1) > 1e-6]
    assert off_grid == []


def test_every_band_is_flush(sample_pdf):
    plan = sample_pdf.plan
    assert plan.flush, [(b.pieces.article.name, b.flow.overset, b.flow.underset) for b in plan.bands]
    for band in plan.bands:
        by_column: dict[int, int] = {}
        for slot in band.flow.slots:
            by_column[slot.column] = max(by_column.get(slot.column, 0), slot.line + slot.lines)
        blocked = [band.headline] + [p.rect for p in band.photos]
        for column, end in by_column.items():
            feet = [r.line for r in blocked if r.covers(column) and r.line >= end]
            assert end == (min(feet) if feet else band.height), (band.pieces.article.name, column)


def test_blocks_do_not_overlap_and_stay_in_the_type_area(sample_pdf):
    layout = sample_pdf.layout
    cells = set()
    for block in sample_pdf.page.of_type(Block):
        if block.kind in ("band", "underset", "overset"):
            continue
        column, line, columns, lines = block.cells
        assert 0 <= column and column + columns <= layout.grid.columns
        assert 0 <= line and line + lines <= layout.grid.lines
        new = {(c, l) for c in range(column, column + columns) for l in range(line, line + lines)}
        assert not cells & new, block
        cells |= new


def test_page_shows_banner_photos_rules(sample_pdf):
    page = sample_pdf.page
    assert len(page.of_type(Image)) == 4
    assert len(page.of_type(Rule)) == 2
    roles = {r.role for r in page.of_type(GlyphRun)}
    assert {"banner", "title", "kicker", "byline", "caption", "subhead", "body", "credits"} <= roles


def test_bleed_and_crop_marks_when_the_layout_asks(tmp_path):
    """A layout with 3 mm bleed and crop marks: the boxes nest, the marks lie
    outside the bleed in the layout's mark colour, and preflight passes."""
    layout = (ROOT / "layouts/broadsheet-feature.yaml").read_text(encoding="utf-8")
    layout = layout.replace("bleed_mm: 0 ", "bleed_mm: 3 ").replace("crop_marks: false", "crop_marks: true")
    layout = layout.replace("../fonts/", f"{ROOT}/fonts/").replace("../icc/", f"{ROOT}/icc/")
    (tmp_path / "layout.yaml").write_text(layout, encoding="utf-8")
    content = (ROOT / "content/huaian-2023-02.yaml").read_text(encoding="utf-8")
    content = content.replace("layout: ../layouts/broadsheet-feature.yaml", "layout: layout.yaml")
    content = content.replace("file: photos/", f"file: {ROOT}/content/photos/")
    (tmp_path / "page.yaml").write_text(content + "photos_outside: true\n", encoding="utf-8")
    result = build(tmp_path / "page.yaml")
    pdf = pikepdf.open(io.BytesIO(result.pdf))
    page = pdf.pages[0]
    trim, bleed, media = ([float(v) for v in page.obj[k]] for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
    assert bleed == pytest.approx([trim[0] - mm(3), trim[1] - mm(3), trim[2] + mm(3), trim[3] + mm(3)])
    assert media == pytest.approx([trim[0] - mm(11), trim[1] - mm(11), trim[2] + mm(11), trim[3] + mm(11)])
    marks = [r for r in result.page.of_type(Rule) if r.width == 0.25]
    assert len(marks) == 8
    outside = mm(3 + 3) - 0.01   # bleed + offset: marks start there, beyond the bleed
    for r in marks:
        ends = [(r.x1, r.y1), (r.x2, r.y2)]
        assert all(x <= -outside or x >= trim[2] + outside or y <= -outside or y >= trim[3] + outside
                   for x, y in ends)
        assert r.color == result.layout.colors["black"]
    assert not result.preflight.errors, result.preflight.render_text()
