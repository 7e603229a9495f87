"""The layout conventions check (DESIGN.md §7) on deliberately wrong pages —
hand-made display lists, one fault each — and on the real pages: the
sample and every file in content/ keep every convention, and the mirrored
variant's page (headline top right, text beginning across the band under a
photo, a widow first under the headline) is reported and refused."""
from __future__ import annotations

import collections
import dataclasses
import json
from pathlib import Path
from typing import Iterable

import pytest
from fontTools.ttLib import TTFont
from PIL import Image as PILImage

from banmian.app.cli import main
from banmian.app.proof import annotate
from banmian.app.report import ArticleFit
from banmian.check.conventions import (
    RULES,
    Settings,
    Violation,
    check_conventions,
    label,
)
from banmian.compose.blocks import BodyLine, banner_stack
from banmian.compose.fonts import FontBook
from banmian.compose.lines import TextRun
from banmian.compose.paragraph import set_line
from banmian.load.content import Paragraph, Source
from banmian.load.layout import Layout, load_layout
from banmian.page.display import Block, GlyphRun, Page, Rule
from banmian.page.fit import PagePlan, fit_page
from banmian.page.grid import Geometry, Rect
from banmian.page.place import place
from banmian.page.shapes import recorded
from banmian.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = load_layout(ROOT / "layouts" / "broadsheet-feature.yaml")
GEOM = Geometry.of(LAYOUT)
SETTINGS = Settings.of(LAYOUT)
NAMES = ("甲县政协", "乙县政协")
Cells = tuple[int, int, int, int]


# ---- hand-made pages ------------------------------------------------------------------

def block(kind: str, cells: Cells, article: int = 0, **tags) -> Block:
    """A tagged block at grid cells (column, line, columns, lines)."""
    column, line, columns, lines = cells
    return Block(kind, NAMES[article] if article >= 0 else "page", GEOM.x(column), GEOM.top(line),
                 GEOM.width(columns), GEOM.height(lines) if lines else 0.0, cells, article, **tags)


def module(article: int, area: Cells, blocks: Iterable[tuple[str, Cells]],
           paragraphs: list[int] | None = None, blank: Iterable[Cells] = ()) -> list[Block]:
    """An article's module with its blocks, and its text flowed column by
    column, top to bottom, into the cells left free (``blank`` cells stay
    empty, as a photo's margin does): paragraphs of the given line counts,
    or one paragraph per column run when none are given."""
    placed = [block(kind, cells, article) for kind, cells in blocks]
    taken = {cell for b in placed for cell in _cells(b.cells)} | {c for r in blank for c in _cells(r)}
    column, line, columns, lines = area
    free = [(c, l) for c in range(column, column + columns) for l in range(line, line + lines)
            if (c, l) not in taken]
    counts = paragraphs or _runs(free)
    assert sum(counts) == len(free), (sum(counts), len(free))
    text, at = [], 0
    for para, count in enumerate(counts):
        for index in range(count):
            c, l = free[at]
            text.append(block("body-line", (c, l, 1, 1), article, para=para, index=index, count=count,
                              source=Source(Path("page.yaml"), 10 + para, 9)))
            at += 1
    return [block("band", area, article)] + placed + text


def _cells(cells: Cells) -> set[tuple[int, int]]:
    column, line, columns, lines = cells
    return {(c, l) for c in range(column, column + columns) for l in range(line, line + lines)}


def _runs(free: list[tuple[int, int]]) -> list[int]:
    """The lengths of the unbroken column runs in a list of free cells."""
    runs: list[int] = []
    for i, (c, l) in enumerate(free):
        if i and free[i - 1] == (c, l - 1):
            runs[-1] += 1
        else:
            runs.append(1)
    return runs


def rule_between(line: int) -> list:
    """The module rule standing in ``line`` (drawn and tagged)."""
    y = GEOM.top(line) + GEOM.body_size / 2
    return [Rule(GEOM.x(0), y, GEOM.x(0) + LAYOUT.grid.width, y, 0.75, (0, 0, 0, 100)),
            block("rule", (0, line, 8, 1), -1)]


def page(*groups: list) -> Page:
    width, height = LAYOUT.page_size
    return Page(width, height, tuple(item for group in groups for item in group))


#: A module whose headline stands top left and photo top right, with its
#: caption and its margin toward the text, in lines ``top``–``top + 39``.
def good_module(article: int, top: int, **changes) -> list[Block]:
    blocks = changes.pop("blocks", [("headline", (0, top, 3, 9)), ("photo", (5, top, 3, 18)),
                                    ("caption", (5, top + 18, 3, 2))])
    blank = changes.pop("blank", [(5, top + 20, 3, 1)])
    return module(article, (0, top, 8, 40), blocks, blank=blank, **changes)


def good_page() -> Page:
    return page(good_module(0, 0), rule_between(40), good_module(1, 41))


def where(violation: Violation) -> tuple[int, int]:
    """The grid cell of a violation's box (column, line)."""
    x, y = violation.box[:2]
    return (round((x - GEOM.x0) / (GEOM.column_width + GEOM.gutter)), round((y - GEOM.y0) / GEOM.pitch))


def found(page: Page) -> set[tuple[str, tuple[int, int]]]:
    return {(v.rule, where(v)) for v in check_conventions(page, SETTINGS)}


def _headline_right() -> Page:
    """The issue's case: headline top right, photo top left, the text
    beginning under the photo across the band."""
    return page(good_module(0, 0, blocks=[("headline", (5, 0, 3, 9)), ("photo", (0, 0, 3, 18)),
                                          ("caption", (0, 18, 3, 2))], blank=[(0, 20, 3, 1)]))


def _widow_under_headline() -> Page:
    """Column 1's first line under the headline is the last line of a
    paragraph begun at column 0's foot."""
    return page(good_module(0, 0, paragraphs=[30, 2, 30, 31, 40, 40, 19, 19, 19]))


def _subhead_with_one_line() -> Page:
    blocks = [("headline", (0, 0, 3, 9)), ("photo", (5, 0, 3, 18)), ("caption", (5, 18, 3, 2)),
              ("subhead", (1, 37, 1, 2))]
    return page(good_module(0, 0, blocks=blocks))


def _headlines_side_by_side() -> Page:
    return page(module(0, (0, 0, 4, 40), [("headline", (0, 0, 3, 9))]),
                module(1, (4, 0, 4, 40), [("headline", (4, 0, 3, 9))]))


def _photos_touching() -> Page:
    """A photo at the foot of one module, beside a picture module's photo,
    with only the gutter between them."""
    first = module(0, (0, 0, 4, 40), [("headline", (0, 0, 3, 9)), ("photo", (2, 24, 2, 14)),
                                      ("caption", (2, 38, 2, 2))], blank=[(2, 23, 2, 1)])
    return page(first, module(1, (4, 0, 4, 40), [("photo", (4, 0, 4, 38)), ("caption", (4, 38, 4, 2))]))


def _four_line_strip() -> Page:
    blocks = [("headline", (0, 0, 3, 9)), ("photo", (5, 5, 3, 33)), ("caption", (5, 38, 3, 2))]
    return page(good_module(0, 0, blocks=blocks, blank=[(5, 4, 3, 1)]))


def _overlap() -> Page:
    return page(good_module(0, 0), [block("photo", (3, 20, 2, 5)), block("caption", (3, 25, 2, 1))])


def _off_the_type_area() -> Page:
    blocks = [("headline", (0, 0, 3, 9)), ("photo", (6, 0, 3, 18)), ("caption", (6, 18, 3, 2))]
    return page(good_module(0, 0, blocks=blocks, blank=[(6, 20, 2, 1)]))


def _no_rule_between_modules() -> Page:
    return page(good_module(0, 0), [block("rule", (0, 40, 8, 1), -1)], good_module(1, 41))


def _caption_narrower() -> Page:
    blocks = [("headline", (0, 0, 3, 9)), ("photo", (5, 0, 3, 18)), ("caption", (5, 18, 2, 2))]
    return page(good_module(0, 0, blocks=blocks, blank=[(5, 20, 3, 1), (7, 18, 1, 2)]))


def _photo_without_caption() -> Page:
    blocks = [("headline", (0, 0, 3, 9)), ("photo", (5, 0, 3, 18))]
    return page(good_module(0, 0, blocks=blocks, blank=[(5, 18, 3, 3)]))


def _text_out_of_order() -> Page:
    """Column 5 holds copy that belongs before column 4's."""
    items = good_module(0, 0)
    moved = [dataclasses.replace(b, para=-1) if b.kind == "body-line" and b.column == 4 else b
             for b in items]
    return page(moved)


WRONG = {
    "headline right, text starting far left under a photo": (
        _headline_right, {("reading-order", (5, 0)), ("reading-order", (0, 21))}),
    "widow under a headline": (_widow_under_headline, {("widow", (1, 9))}),
    "subhead with one line under it": (_subhead_with_one_line, {("subhead-keep", (1, 37))}),
    "two headlines side by side": (_headlines_side_by_side, {("headline-clash", (4, 0))}),
    "photos of two articles touching": (_photos_touching, {("photo-clash", (4, 0))}),
    "a four-line strip above a photo": (
        _four_line_strip, {("strip", (5, 0)), ("strip", (6, 0)), ("strip", (7, 0))}),
    "a photo over the text": (_overlap, {("containment", (3, 20)), ("containment", (3, 25))}),
    "a photo off the type area": (
        _off_the_type_area, {("containment", (6, 0)), ("containment", (6, 18))}),
    "no rule between two modules": (_no_rule_between_modules, {("containment", (0, 41))}),
    "a caption narrower than its photo": (_caption_narrower, {("caption", (5, 18))}),
    "a photo without a caption": (_photo_without_caption, {("caption", (5, 0))}),
    "text out of reading order": (_text_out_of_order, {("reading-order", (4, 0))}),
}


def test_a_correct_hand_made_page_keeps_every_convention():
    assert check_conventions(good_page(), SETTINGS) == []


@pytest.mark.parametrize("case", WRONG)
def test_each_fault_is_caught_with_its_rule_and_place(case):
    make, expected = WRONG[case]
    assert found(make()) == expected


def test_every_rule_is_exercised_by_a_wrong_page():
    assert {rule for _, expected in WRONG.values() for rule, _ in expected} == set(RULES)


def test_a_violation_names_its_article_and_content_line():
    (widow,) = check_conventions(_widow_under_headline(), SETTINGS)
    assert widow.article == NAMES[0] and widow.source == Source(Path("page.yaml"), 11, 9)
    assert widow.to_json() == {"rule": "widow", "article": NAMES[0], "message": widow.message,
                               "position_mm": list(widow.position_mm), "file": "page.yaml", "line": 11}
    assert "directly under its headline" in widow.message


def test_the_settings_are_the_layouts():
    """背题 and strips are layout settings: a layout asking for fewer lines
    accepts what the default refuses."""
    loose = dataclasses.replace(SETTINGS, subhead_keep_lines=1, min_strip_lines=4)
    assert check_conventions(_subhead_with_one_line(), loose) == []
    assert check_conventions(_four_line_strip(), loose) == []


# ---- the real pages ---------------------------------------------------------------------

CONTENT = sorted((ROOT / "content").glob("*.yaml"))


@pytest.fixture(scope="module", params=CONTENT, ids=[p.name for p in CONTENT])
def content_build(request):
    return build(request.param, preflight=False)


def test_the_sample_and_every_content_page_keep_every_convention(content_build):
    assert content_build.conventions == (), "\n".join(map(str, content_build.conventions))


def mirrored(plan: PagePlan, index: int, layout: Layout) -> PagePlan:
    """The plan with module ``index`` drawn the old ``mirrored`` way: its
    headline and photos swapped to the other side, the body flowed around
    them — the arrangement the issue found (the engine no longer makes it)."""
    band = plan.bands[index]

    def flip(rect: Rect) -> Rect:
        return Rect(band.columns - rect.right, rect.line, rect.columns, rect.lines)
    turned = dataclasses.replace(
        band, headline=flip(band.headline),
        photos=tuple(dataclasses.replace(p, rect=flip(p.rect)) for p in band.photos))
    bands = list(plan.bands)
    bands[index] = recorded(turned, layout.arrangement.subhead_keep_lines)
    return dataclasses.replace(plan, bands=tuple(bands))


def test_the_mirrored_arrangement_is_reported():
    """The issue's page: a module's headline at its top right while its text
    begins at the module's far left — reported as reading-order at the
    headline's place and at the line where the text begins."""
    result = build(ROOT / "content" / "huaian-2023-02.yaml", preflight=False)
    layout = result.layout
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    banner = banner_stack(result.issue.banner, layout, fonts)
    credits = set_line([TextRun(result.issue.credits, "credits")], layout, fonts)
    page_ = place(mirrored(result.plan, 1, layout), banner, credits, layout)
    name = result.plan.bands[1].pieces.article.name
    broken = [v for v in check_conventions(page_, Settings.of(layout)) if v.article == name]
    headline = next(b for b in page_.of_type(Block) if b.kind == "headline" and b.owner == name)
    assert headline.column > 0
    rules = {v.rule for v in broken}
    assert "reading-order" in rules
    stands = [v for v in broken if v.rule == "reading-order" and where(v) == (headline.column, headline.line)]
    assert stands and "top left" in stands[0].message
    begins = [v for v in broken if v.rule == "reading-order" and "begins" in v.message]
    assert begins and where(begins[0])[0] < headline.column  # far from the headline, to its left


def test_every_module_the_engine_makes_has_its_headline_at_its_top_left(content_build):
    """No longer produced: in every module of every content page the
    headline stands at the module's first column, at its top or under the
    module's own spanning photo."""
    for band in content_build.plan.bands:
        assert band.headline.column == 0
        spanning = [p for p in band.photos if p.rect.line == 0 and p.rect.columns == band.columns]
        assert band.headline.line == (spanning[0].rect.bottom if spanning else 0)


def _text_at(page_: Page, violation: Violation) -> str:
    x, y, _, height = violation.box
    return "".join(r.text for r in page_.of_type(GlyphRun)
                   if r.role == "body" and abs(r.x - x) < 0.01 and y <= r.y <= y + height)


def test_a_page_breaking_a_convention_is_never_called_flush_and_final_refuses_it(
        tmp_path, capsys, monkeypatch):
    """A fit that mirrors the second module (as the engine once did): the
    report names the broken rule, the status never says plain "flush", and
    --final refuses the page without touching the good PDF."""
    import banmian.pipeline

    def mirrored_fit(articles, layout, banner_lines):
        return mirrored(fit_page(articles, layout, banner_lines), 1, layout)
    monkeypatch.setattr(banmian.pipeline, "fit_page", mirrored_fit)
    mirrored_copy = ROOT / "content" / "huaian-2023-02.yaml"
    pdf = tmp_path / "page.pdf"
    assert main(["build", str(mirrored_copy), "-o", str(pdf), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    broken = report["conventions"]
    assert broken and "reading-order" in {v["rule"] for v in broken}
    assert all(v["article"] == "洪泽区政协" for v in broken)
    assert any((v["file"] or "").endswith("huaian-2023-02.yaml") and v["line"] > 0 for v in broken)
    assert all(len(v["position_mm"]) == 2 for v in broken)
    assert report["conventions_count"] == dict.fromkeys(RULES, 0) | dict(
        collections.Counter(v["rule"] for v in broken))
    status = next(a["status"] for a in report["articles"] if a["name"] == "洪泽区政协")
    assert status.startswith("flush") and status.endswith(
        f", {len(broken)} conventions broken: reading-order, widow")
    good = pdf.read_bytes()
    assert main(["build", str(mirrored_copy), "-o", str(pdf), "--final"]) == 1
    out, err = capsys.readouterr()
    assert f"conventions broken ({len(broken)}):" in out and "conventions broken: reading-order" in err
    assert pdf.read_bytes() == good  # the refused build left the good file alone


def test_the_annotated_proof_marks_each_violation_in_a_face_that_has_its_characters():
    """A label says which article and which rule, in the layout's own face
    (never a system font): every character of it is in that face."""
    face = LAYOUT.fonts[LAYOUT.styles["subhead"].font]
    assert Path(face).resolve().parent == (ROOT / "fonts").resolve()
    cmap = TTFont(face, lazy=True).getBestCmap()
    labels = [f"{name}: {label(rule)}" for name in NAMES for rule in RULES]
    labels += [f"OVERSET: {NAMES[0]}", f"PLACEHOLDER — not final: {NAMES[0]}"]
    assert {ch for text in labels for ch in text if not ch.isspace()} <= {chr(c) for c in cmap}
    wrong = _widow_under_headline()
    (widow,) = check_conventions(wrong, SETTINGS)
    blank = PILImage.new("RGB", (round(LAYOUT.page_size[0]), round(LAYOUT.page_size[1])), "white")
    plain = annotate(blank, wrong, LAYOUT, 72)
    marked = annotate(blank, wrong, LAYOUT, 72, (widow,))
    x, y, width, height = (round(v) for v in widow.box)
    under = marked.crop((x, y + height, x + 120, y + height + 14))
    assert under.getcolors(10_000) != plain.crop((x, y + height, x + 120, y + height + 14)).getcolors(10_000)
    assert any(r > 200 and g < 60 and b < 80 for _, (r, g, b) in under.getcolors(10_000))


def test_the_placed_pages_tags_name_each_lines_paragraph_and_place(content_build):
    """Every body line's block sits where its glyphs are and names the
    paragraph (content line) whose text they set, line by line in order."""
    page_ = content_build.page
    paragraphs = {p.source: _bare(p.lead + p.text) for a in content_build.issue.articles
                  for p in a.body if isinstance(p, Paragraph)}
    runs: dict[tuple[float, float], str] = {}
    for run in page_.of_type(GlyphRun):
        if run.role == "body":
            key = (round(run.x, 2), round(run.y, 2))
            runs[key] = runs.get(key, "") + run.text
    lines = [b for b in page_.of_type(Block) if b.kind == "body-line"]
    placed_lines = sum(isinstance(band.items[s.item], BodyLine)
                       for band in content_build.plan.bands for s in band.flow.slots)
    assert len(lines) == len(runs) == placed_lines
    so_far: dict[tuple[int, int], str] = {}
    for line in sorted(lines, key=lambda b: (b.article, b.para, b.index)):
        key = (line.article, line.para)
        so_far[key] = so_far.get(key, "") + _bare(runs[(round(line.x, 2), round(GEOM.baseline(line.line), 2))])
        assert paragraphs[line.source].startswith(so_far[key]), line
    assert all(paragraphs[b.source] == so_far[(b.article, b.para)] for b in lines if b.index == b.count - 1)


def _bare(text: str) -> str:
    """Text without its spaces (a line's glyphs set none at its ends)."""
    return "".join(text.split())


@pytest.mark.parametrize("over, broken, status", [
    (0, ("widow",), "flush, 1 convention broken: widow"),
    (0, ("strip", "strip", "widow"), "flush, 3 conventions broken: strip, widow"),
    (2, ("caption",), "2 lines over ≈ 26 characters to cut, 1 convention broken: caption"),
    (0, (), "flush"),
])
def test_the_copy_fit_status_says_which_conventions_an_article_breaks(over, broken, status):
    fit = ArticleFit("甲县政协", 1300, 100, 30, (), over, 0, 0, 13.0, broken)
    assert fit.status == status


def test_text_may_begin_under_the_headline_beside_a_photo_under_its_left_part():
    """A headline four columns wide with a photo under its first three: the
    text begins directly under the headline's fourth column — kept; the same
    page with that column's text starting three lines lower is reported."""
    headline, photo, caption = (0, 0, 4, 12), (0, 12, 3, 26), (0, 38, 3, 1)
    kept = page(module(0, (0, 0, 8, 40), [("headline", headline), ("photo", photo),
                                           ("caption", caption)], blank=[(0, 39, 3, 1)]))
    assert [v.rule for v in check_conventions(kept, SETTINGS) if v.rule == "reading-order"] == []
    lower = page(module(0, (0, 0, 8, 40), [("headline", headline), ("photo", photo),
                                            ("caption", caption)],
                        blank=[(0, 39, 3, 1), (3, 12, 1, 3)]))
    broken = [v for v in check_conventions(lower, SETTINGS) if v.rule == "reading-order"]
    assert broken and "begins at column 4, line 16" in broken[0].message
