"""PLACE: a page plan -> the display list, in page coordinates.

Everything here is arithmetic on the grid: a block's cells become points
through ``Geometry``; composed lines become glyph runs at their baselines.
Nothing is measured again and nothing is drawn: render does that.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

from ..compose.blocks import BodyLine, Stack, Subhead
from ..compose.fonts import BASELINE
from ..compose.lines import Line
from ..load.content import Head, Source
from ..load.layout import Layout
from ..units import mm
from .display import Block, Glyph, GlyphRun, Image, Item, Page, Rule
from .fit import PagePlan
from .grid import Geometry, Rect
from .pack import Cut
from .shapes import BandPlan, PhotoPlan


@dataclass(frozen=True)
class _Ctx:
    layout: Layout
    geom: Geometry

    def color(self, name: str) -> tuple[float, float, float, float]:
        return self.layout.colors[name]


def place(plan: PagePlan, banner: Stack | None, credits: Line | None, layout: Layout) -> Page:
    """The display list of the whole page, in reading order, each block
    tagged with its article, role and content source (see ``Block``)."""
    ctx = _Ctx(layout, Geometry.of(layout))
    items: list[Item] = []
    columns = layout.grid.columns
    if banner:
        items += _stack(ctx, banner, Rect(0, 0, columns, plan.banner_lines), "banner", "banner")
        items += _rule_above(ctx, plan.banner_lines, 0, layout.arrangement.banner_rule_width,
                             layout.arrangement.banner_rule_color)
    arr = layout.arrangement
    for cut in plan.cuts:
        items += _cut_rule(ctx, cut, arr.rule_lines, arr.rule_width, arr.rule_color)
    for number, band in enumerate(plan.bands):
        items += _band(ctx, band, number)
    if credits:
        line = layout.grid.lines - 1
        x = ctx.geom.x(0) + layout.grid.width - credits.width
        items += _line_runs(ctx, credits, x, ctx.geom.baseline(line), "credits")
        items.append(_block(ctx, "credits", "page", Rect(0, line, columns, 1)))
    width, height = layout.page_size
    if layout.page.crop_marks:
        items += _crop_marks(ctx, width, height)
    return Page(width, height, tuple(items))


def _band(ctx: _Ctx, band: BandPlan, article: int) -> Iterator[Item]:
    """One article's module: its block, headline, photos and body, in
    reading order."""
    owner = band.pieces.article.name
    body = band.pieces.article.body
    heads = iter([block.source for block in body if isinstance(block, Head)])
    tag = functools.partial(_block, ctx, owner=owner, article=article)
    where = band.pieces.article.source
    area = Rect(band.column, band.top, band.columns, band.height)
    yield tag("band", rect=area, source=where)
    yield from _stack(ctx, band.pieces.headline, _on(band, band.headline), "headline", owner,
                      article, where)
    for photo in sorted(band.photos, key=lambda p: (p.rect.column, p.rect.line)):
        yield from _photo(ctx, photo, _on(band, photo.rect), owner, article)
    for slot in band.flow.slots:
        item = band.items[slot.item]
        rect = Rect(band.column + slot.column, band.top + slot.line, 1, slot.lines)
        if isinstance(item, BodyLine):
            yield tag("body-line", rect=rect, source=body[item.para].source, para=item.para,
                      index=item.index, count=item.count)
            yield from _line_runs(ctx, item.line, ctx.geom.x(rect.column),
                                  ctx.geom.baseline(rect.line), "body")
        else:
            yield tag("subhead", rect=rect, source=next(heads, None))
            yield from _subhead(ctx, item, rect, at_top=slot.line == 0)
    if not band.flow.flush:
        yield tag("overset" if band.flow.overset else "underset", rect=area)


def _on(band: BandPlan, rect: Rect) -> Rect:
    """A rect of the module in type-area cells."""
    return Rect(band.column + rect.column, band.top + rect.line, rect.columns, rect.lines)


def _stack(ctx: _Ctx, stack: Stack, rect: Rect, kind: str, owner: str,
           article: int = -1, source: Source | None = None) -> Iterator[Item]:
    """Rows of display type in ``rect``, each aligned as it asks."""
    yield _block(ctx, kind, owner, rect, article, source)
    left, width = ctx.geom.x(rect.column), ctx.geom.width(rect.columns)
    for row in stack.rows:
        offset = {"left": 0.0, "right": width - row.line.width}.get(
            row.align, (width - row.line.width) / 2)
        yield from _line_runs(ctx, row.line, left + offset, ctx.geom.top(rect.line) + row.baseline, row.role)


def _subhead(ctx: _Ctx, head: Subhead, rect: Rect, at_top: bool) -> Iterator[Item]:
    """Subhead lines centred as a group in their block of body lines — or,
    ``at_top`` of the band, from its first line, so the column does not
    start lower than its neighbours (the space goes below)."""
    style = ctx.layout.styles["subhead"]
    text_height = (len(head.lines) - 1) * style.pitch + style.size
    spare = 0.0 if at_top else (ctx.geom.height(rect.lines) - text_height) / 2
    top = ctx.geom.top(rect.line) + spare
    for i, line in enumerate(head.lines):
        x = ctx.geom.x(rect.column) + (ctx.geom.column_width - line.measure) / 2
        yield from _line_runs(ctx, line, x, top + i * style.pitch + BASELINE * style.size, "subhead")


def _photo(ctx: _Ctx, photo: PhotoPlan, rect: Rect, owner: str, article: int) -> Iterator[Item]:
    """The image in its frame (``rect`` on the type area) and its caption
    lines under it, each a block of its own (the margin toward the body
    belongs to neither)."""
    geom = ctx.geom
    top = rect.line + photo.offset
    source = photo.piece.photo.source
    yield _block(ctx, "photo", owner, Rect(rect.column, top, rect.columns, photo.image_lines),
                 article, source)
    yield Image(photo.piece.photo.file, geom.x(rect.column), geom.top(top),
                geom.width(rect.columns), geom.height(photo.image_lines), photo.piece.photo.caption)
    first = top + photo.image_lines + ctx.layout.arrangement.caption_gap_lines
    if photo.caption:
        yield _block(ctx, "caption", owner, Rect(rect.column, first, rect.columns, len(photo.caption)),
                     article, source)
    for i, line in enumerate(photo.caption):
        yield from _line_runs(ctx, line, geom.x(rect.column), geom.baseline(first + i), "caption")


def _line_runs(ctx: _Ctx, line: Line, x: float, baseline: float, role: str) -> Iterator[GlyphRun]:
    """A composed line as glyph runs, one per face, size and colour."""
    run: list = []
    key = None
    for g in line.glyphs:
        k = (g.face, g.size, g.color)
        if k != key and run:
            yield GlyphRun(key[0], key[1], ctx.color(key[2]), x, baseline, tuple(run), role)
            run = []
        key = k
        run.append(Glyph(g.gid, g.x, g.text, g.scale_x))
    if run:
        yield GlyphRun(key[0], key[1], ctx.color(key[2]), x, baseline, tuple(run), role)


def _rule_above(ctx: _Ctx, line: int, skip: int, width: float, color: str,
                column: int = 0, columns: int = 0) -> tuple[Rule, Block]:
    """A rule across ``columns`` (0: the page) from ``column``, midway
    between the foot of the line ``skip + 1`` lines above ``line`` and the
    top of ``line``, and its block (the ``skip`` lines it stands in)."""
    geom = ctx.geom
    columns = columns or ctx.layout.grid.columns
    y = (geom.top(line - skip - 1) + geom.body_size + geom.top(line)) / 2
    return (Rule(geom.x(column), y, geom.x(column) + geom.width(columns), y, width,
                 ctx.color(color)),
            _block(ctx, "rule", "page", Rect(column, line - skip, columns, skip)))


def _cut_rule(ctx: _Ctx, cut: Cut, skip: int, width: float, color: str) -> tuple[Rule, ...]:
    """The rule between two modules: across the rule line(s) above a
    horizontal cut, or down the middle of the gutter left of a vertical one
    (which takes no cell: the gutter is already there)."""
    if not cut.vertical:
        return _rule_above(ctx, cut.line, skip, width, color, cut.column, cut.length)
    geom = ctx.geom
    x = geom.x(cut.column) - geom.gutter / 2
    return (Rule(x, geom.top(cut.line), x, geom.top(cut.line) + geom.height(cut.length),
                 width, ctx.color(color)),)


def _crop_marks(ctx: _Ctx, width: float, height: float) -> list[Rule]:
    """Trim marks at the four corners, outside the bleed: a horizontal and a
    vertical stroke on each trim line, in the layout's mark colour (K100 in
    the sample: a four-colour registration mark would break the 240 % ink
    limit)."""
    page = ctx.layout.page
    start = mm(page.bleed_mm + page.crop_mark_offset_mm)
    end = start + mm(page.crop_mark_length_mm)
    black, w = ctx.color(page.crop_mark_color), page.crop_mark_width
    marks = []
    for x, out_x in ((0.0, -1), (width, 1)):
        for y, out_y in ((0.0, -1), (height, 1)):
            marks.append(Rule(x + out_x * start, y, x + out_x * end, y, w, black))
            marks.append(Rule(x, y + out_y * start, x, y + out_y * end, w, black))
    return marks


def _block(ctx: _Ctx, kind: str, owner: str, rect: Rect, article: int = -1,
           source: Source | None = None, para: int = -1, index: int = 0, count: int = 1) -> Block:
    g = ctx.geom
    return Block(kind, owner, g.x(rect.column), g.top(rect.line), g.width(rect.columns),
                 g.height(rect.lines) if rect.lines else 0.0,
                 (rect.column, rect.line, rect.columns, rect.lines), article, source, para, index, count)


def text_off_page(page: Page) -> tuple[str, ...]:
    """Text whose em boxes leave the trim (the page's own box): what no check
    before caught (a layout whose type area leaves the page, say). Such a
    page is never written."""
    found, tolerance = [], 0.01
    for run in page.of_type(GlyphRun):
        if not run.glyphs:
            continue
        x0, x1 = run.x + run.glyphs[0].x, run.x + run.glyphs[-1].x + run.size
        y0, y1 = run.y - BASELINE * run.size, run.y + (1 - BASELINE) * run.size
        if min(x0, y0) < -tolerance or x1 > page.width + tolerance or y1 > page.height + tolerance:
            found.append(f"{run.role} text {_quoted(run.text)} lies off the page "
                         f"(at x {x0:.0f}–{x1:.0f} pt, y {y0:.0f}–{y1:.0f} pt)")
    return tuple(found)


def _quoted(text: str, most: int = 20) -> str:
    return repr(text if len(text) <= most else text[:most] + "…")
