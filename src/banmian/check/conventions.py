"""CHECK: the layout conventions a Chinese newspaper page keeps (DESIGN.md §7),
judged on the placed page — the display list — never on the plan that made it.

Any arrangement, however it was produced, is verified here: each rule is a
named predicate over the page's tagged blocks (see ``display.Block``: article,
role, grid cells, paragraph line and content source), and each broken rule is
a ``Violation`` with its article, place on the page and content file line.
A build runs this after place; the report lists what it finds, the annotated
proof marks it, ``--final`` refuses the page, and the copy-fit status says
how many conventions a flush page breaks.

Grid cells are (column, line) of the type area; a "run" is a column's unbroken
stretch of one article's text (body lines and subheads) between blocks.
"""
from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator, Sequence

from ..load.content import Source
from ..load.layout import Layout
from ..page.display import Block, Image, Page, Rule
from ..units import to_mm

#: Each rule's name, its term in Chinese editing, and what it asks — all
#: from DESIGN.md §7, "Conventions the packing must keep".
RULES: dict[str, tuple[str, str]] = {
    "reading-order": ("题文相依", "a headline spans the top of its text columns or stands at their "
                      "top left, and its text begins directly under it (or beside a left-standing "
                      "headline), reading column by column, left to right"),
    "widow": ("孤行", "no paragraph's line alone at the head of a column run — directly under a "
              "headline, a subhead or a photo, or at the top of a column"),
    "subhead-keep": ("背题", "a subhead has at least `arrangement.subhead_keep_lines` lines of its "
                     "text under it in its column"),
    "headline-clash": ("碰题", "no two headlines of different articles side by side at overlapping "
                       "heights"),
    "photo-clash": ("图不碰图", "photos of different articles do not touch without a rule or text "
                    "between them"),
    "caption": ("图说", "a caption is as wide as its photo and directly under it"),
    "strip": ("", "no run of text shorter than `arrangement.min_strip_lines` lines above, below or "
              "between blocks"),
    "containment": ("", "nothing overlaps another block or leaves the type area, and every module "
                    "rule is drawn"),
}
#: Kinds that are areas rather than blocks of their own (a module, a marking).
_AREAS = frozenset({"band", "overset", "underset"})
#: Kinds a run of text can stand against (what bounds a column run).
_BLOCKS = frozenset({"headline", "photo", "caption", "banner", "rule", "credits"})
_EPS = 0.01
Cells = tuple[int, int, int, int]


@dataclass(frozen=True)
class Violation:
    """One broken convention: ``rule`` (a key of ``RULES``), the article's
    name ('' for the page), what is wrong and how to fix it, the offending
    block's box on the page (pt: x, y, width, height from the trim's top
    left) and the content it sets, where known."""

    rule: str
    article: str
    message: str
    box: tuple[float, float, float, float]
    source: Source | None = None

    @property
    def position_mm(self) -> tuple[float, float]:
        return round(to_mm(self.box[0]), 1), round(to_mm(self.box[1]), 1)

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        x, y = self.position_mm
        owner = f"{self.article}: " if self.article else ""
        return f"{where}{self.rule}: {owner}{self.message} (at {x:g}, {y:g} mm)"

    def to_json(self) -> dict:
        source = self.source
        return {"rule": self.rule, "article": self.article, "message": self.message,
                "position_mm": list(self.position_mm),
                "file": str(source.file) if source else None, "line": source.line if source else None}


@dataclass(frozen=True)
class Settings:
    """What the rules measure against, from the layout: the grid, the type
    area (pt), the shortest run of text that reads as a column, the lines a
    subhead keeps under it, and the caption's distance below its photo."""

    columns: int
    lines: int
    area: tuple[float, float, float, float]
    min_strip_lines: int
    subhead_keep_lines: int
    caption_gap_lines: int
    photo_margin_lines: int

    @classmethod
    def of(cls, layout: Layout) -> "Settings":
        grid, arr = layout.grid, layout.arrangement
        x0, y0 = layout.origin
        return cls(grid.columns, grid.lines, (x0, y0, x0 + grid.width, y0 + grid.height),
                   arr.min_strip_lines, arr.subhead_keep_lines, arr.caption_gap_lines,
                   arr.photo_margin_lines)


def check_conventions(page: Page, settings: Settings) -> list[Violation]:
    """Every convention the page breaks, rule by rule (in ``RULES`` order)."""
    view = _View(page)
    return [v for rule in _CHECKS for v in rule(view, settings)]


def label(rule: str) -> str:
    """A rule's short name for a proof's label: 'widow 孤行'."""
    return f"{rule} {RULES[rule][0]}".strip()


def counts(violations: Sequence[Violation]) -> dict[str, int]:
    """Violations per rule, every rule listed (0 where none)."""
    found = Counter(v.rule for v in violations)
    return {rule: found[rule] for rule in RULES}


def summary(rules: Sequence[str]) -> str:
    """'3 conventions broken: strip, widow' for the rules of each violation,
    or '' for none."""
    if not rules:
        return ""
    noun = "convention" if len(rules) == 1 else "conventions"
    return f"{len(rules)} {noun} broken: {', '.join(dict.fromkeys(rules))}"


class _View:
    """The page's blocks indexed for the rules: by kind, by article, and the
    cells each article's text takes."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.blocks = [b for b in page.of_type(Block)]

    def of(self, kind: str, article: int | None = None) -> list[Block]:
        return [b for b in self.by_kind.get(kind, ()) if article is None or b.article == article]

    @cached_property
    def by_kind(self) -> dict[str, list[Block]]:
        index: dict[str, list[Block]] = {}
        for block in self.blocks:
            index.setdefault(block.kind, []).append(block)
        return index

    @cached_property
    def articles(self) -> list[int]:
        return sorted({b.article for b in self.blocks if b.article >= 0})

    def name(self, article: int) -> str:
        return next((b.owner for b in self.blocks if b.article == article), "")

    @cached_property
    def cells(self) -> dict[tuple[int, int], Block]:
        """The block at each cell (the first drawn, where blocks overlap)."""
        taken: dict[tuple[int, int], Block] = {}
        for block in self.blocks:
            if block.kind not in _AREAS:
                for cell in _cells(block):
                    taken.setdefault(cell, block)
        return taken

    def text_at(self, article: int, column: int, line: int) -> Block | None:
        """The article's body line or subhead at a cell, if any."""
        block = self.cells.get((column, line))
        if block and block.article == article and block.kind in ("body-line", "subhead"):
            return block
        return None

    @cached_property
    def bands(self) -> dict[int, Block]:
        """Each article's module."""
        return {b.article: b for b in self.of("band")}

    def above(self, block: Block) -> str:
        """What stands above a block in its column, across blank margin
        lines, in words."""
        band = self.bands.get(block.article)
        for line in range(block.line - 1, (band.line if band else 0) - 1, -1):
            over = self.cells.get((block.column, line))
            if over is not None:
                return _ABOVE.get(over.kind, f"under a {over.kind}")
        return "at the top of its module"


_ABOVE = {"headline": "directly under its headline", "subhead": "directly under a subhead",
          "photo": "under a photo", "caption": "under a photo", "body-line": "under text",
          "rule": "under a rule", "banner": "under the banner"}


def _cells(block: Block) -> Iterator[tuple[int, int]]:
    column, line, columns, lines = block.cells
    return itertools.product(range(column, column + columns), range(line, line + lines))


def _violation(rule: str, view: _View, block: Block, message: str,
               last: Block | None = None) -> Violation:
    """A violation at ``block`` (down to ``last``'s foot, when given)."""
    foot = (last or block).y + (last or block).height
    return Violation(rule, view.name(block.article) if block.article >= 0 else "", message,
                     (block.x, block.y, block.width, foot - block.y), block.source)


def _at(block: Block) -> str:
    """A block's cell as a reader counts them: column and line from 1."""
    return f"column {block.column + 1}, line {block.line + 1}"


def reading_order(view: _View, settings: Settings) -> Iterator[Violation]:
    """题文相依 (DESIGN.md §7): the headline stands at the top of its module,
    spanning its text columns or at their top left; the first line in
    reading order (column by column, left to right) stands directly under
    the headline — or at the top of the column beside a left-standing one —
    never across the page or under a photo; and the text reads on in order."""
    for article in view.articles:
        lines = sorted(view.of("body-line", article), key=lambda b: (b.column, b.line))
        heads = view.of("headline", article)
        if lines and heads:
            head, band = heads[0], view.bands.get(article, heads[0])
            columns = [b.column for b in lines + view.of("subhead", article)]
            spans = head.column <= min(columns) and head.right > max(columns)
            yield from _headline_stands(view, head, band, spans, columns)
            yield from _text_starts(view, head, band, spans, lines[0])
            yield from _text_in_order(view, lines)


def _headline_stands(view: _View, head: Block, band: Block, spans: bool,
                     columns: list[int]) -> Iterator[Violation]:
    """At the module's top — or under a photo of its own spanning the
    module's top (a lowered module, beside another article's headline) —
    and across its text or at its top left."""
    if head.line != _top_of_text(view, head, band) or not (spans or head.column == band.column):
        yield _violation("reading-order", view, head, (
            f"the headline (columns {head.column + 1}–{head.right}) stands neither across the top "
            f"of its text (columns {min(columns) + 1}–{max(columns) + 1}) nor at its top left — "
            "put it at the module's top left (side `left` in the layout's variant) or across its text"))


def _top_of_text(view: _View, head: Block, band: Block) -> int:
    """The module's first line that its headline may take: below a photo
    of its own spanning the whole module at its top, with its caption and
    at most one margin line (a lowered module, beside another article's
    headline); otherwise the module's top."""
    for photo in view.of("photo", head.article):
        if (photo.line, photo.column, photo.right) == (band.line, band.column, band.right):
            below = max([photo.bottom] + [c.bottom for c in view.of("caption", head.article)
                                          if photo.bottom <= c.line <= photo.bottom + 1
                                          and c.column == photo.column])
            if below <= head.line <= below + 1:
                return head.line
    return band.line


def _text_starts(view: _View, head: Block, band: Block, spans: bool,
                 first: Block) -> Iterator[Violation]:
    """The first line in reading order is next to the headline: directly
    under it (in its first column, or further right when a photo stands
    under its left part), or at the top of the column beside a
    left-standing one."""
    beside = head.column == band.column and not spans
    top = _top_of_text(view, head, band)
    under = {(column, head.bottom) for column in range(head.column, head.right)}
    if (first.column, first.line) not in under | ({(head.right, top)} if beside else set()):
        yield _violation("reading-order", view, first, (
            f"its text begins at {_at(first)}, {view.above(first)}, not directly under its "
            f"headline (column {head.column + 1}, line {head.bottom + 1}) — the reader looks for "
            "it there"))


def _text_in_order(view: _View, lines: list[Block]) -> Iterator[Violation]:
    """Lines sorted by place (column, line) run in the copy's order."""
    for prev, line in itertools.pairwise(lines):
        if (line.para, line.index) < (prev.para, prev.index):
            yield _violation("reading-order", view, line, (
                f"text out of reading order at {_at(line)}: it comes before the copy at "
                f"{_at(prev)} — columns read left to right"))
            return


def widows(view: _View, settings: Settings) -> Iterator[Violation]:
    """孤行 (DESIGN.md §7): a line of a paragraph of two or more lines that
    stands alone — cut off from the rest of its paragraph — at the head of a
    column run (under a headline, subhead or photo, or at a column's top)."""
    for line in view.of("body-line"):
        if line.count < 2:
            continue
        over = view.text_at(line.article, line.column, line.line - 1)
        under = view.text_at(line.article, line.column, line.line + 1)
        at_head = over is None or over.kind == "subhead"
        if at_head and not (under is not None and under.para == line.para):
            which = {0: "first line", line.count - 1: "last line"}.get(
                line.index, f"line {line.index + 1} of {line.count}")
            yield _violation("widow", view, line, (
                f"the {which} of a paragraph stands alone {view.above(line)} at {_at(line)} — "
                "set a paragraph before it a line tighter or looser, or cut or add a few characters"))


def subhead_keep(view: _View, settings: Settings) -> Iterator[Violation]:
    """背题 (DESIGN.md §7, after 甘惜分: a level-2 head keeps at least 3 lines
    of text under it): the body lines under a subhead in its column."""
    need = settings.subhead_keep_lines
    for head in view.of("subhead"):
        kept = 0
        while kept < need and _is_line(view.text_at(head.article, head.column, head.bottom + kept)):
            kept += 1
        if kept < need:
            yield _violation("subhead-keep", view, head, (
                f"the subhead at {_at(head)} has {kept} line{'s' * (kept != 1)} of its text under it "
                f"in its column, fewer than {need} — move it to the next column's head or change "
                "the copy before it"))


def _is_line(block: Block | None) -> bool:
    return block is not None and block.kind == "body-line"


def headline_clash(view: _View, settings: Settings) -> Iterator[Violation]:
    """碰题 (DESIGN.md §7): headlines of different articles at overlapping
    heights stand side by side, and the eye runs from one into the other."""
    for a, b in itertools.combinations(view.of("headline"), 2):
        if a.article != b.article and a.line < b.bottom and b.line < a.bottom:
            yield _violation("headline-clash", view, b, (
                f"its headline stands beside {view.name(a.article)}'s at the same height "
                f"(lines {max(a.line, b.line) + 1}–{min(a.bottom, b.bottom)}) — move one down or "
                "set the articles one above the other"))


def photo_clash(view: _View, settings: Settings) -> Iterator[Violation]:
    """图不碰图 (DESIGN.md §7): a photo (with its caption) of one article does
    not touch another article's — side by side across a gutter, or one above
    the other with at most a blank margin line between — unless a rule or
    text stands between them."""
    groups = [(photo, _with_caption(view, photo, settings)) for photo in view.of("photo")]
    for (a, box_a), (b, box_b) in itertools.combinations(groups, 2):
        if a.article != b.article and _touching(view, box_a, box_b, settings):
            yield _violation("photo-clash", view, b, (
                f"its photo at {_at(b)} touches {view.name(a.article)}'s photo at {_at(a)} with "
                "no rule or text between them — move one, or let text run between"))


def _with_caption(view: _View, photo: Block, settings: Settings) -> Block:
    """The photo's block grown by its caption's lines (when it sits directly under)."""
    caption = _caption(view, photo, settings)
    if caption is None:
        return photo
    column, line, columns, _ = photo.cells
    return dataclasses.replace(photo, height=caption.y + caption.height - photo.y,
                               cells=(column, line, columns, caption.bottom - line))


def _caption(view: _View, photo: Block, settings: Settings) -> Block | None:
    """The caption of the photo's article whose first line is right under it."""
    return next((c for c in view.of("caption", photo.article)
                 if c.line == photo.bottom + settings.caption_gap_lines
                 and c.column < photo.right and photo.column < c.right), None)


def _touching(view: _View, a: Block, b: Block, settings: Settings) -> bool:
    """Two blocks side by side across a gutter with no vertical rule in it,
    or one above the other with at most a blank margin line between and no
    text or rule on it."""
    if a.line < b.bottom and b.line < a.bottom and (a.right == b.column or b.right == a.column):
        left, right = (a, b) if a.right == b.column else (b, a)
        return not any(abs(r.x1 - r.x2) < _EPS and left.x + left.width < r.x1 < right.x
                       for r in view.page.of_type(Rule))
    if a.column < b.right and b.column < a.right:
        upper, lower = (a, b) if a.bottom <= b.line else (b, a)
        gap = range(upper.bottom, lower.line)
        columns = range(max(a.column, b.column), min(a.right, b.right))
        between = [view.cells.get((c, line)) for c in columns for line in gap]
        return len(gap) <= settings.photo_margin_lines and not any(
            block and block.kind in ("body-line", "subhead", "rule") for block in between)
    return False


def captions(view: _View, settings: Settings) -> Iterator[Violation]:
    """图说 (DESIGN.md §2, §7): each photo has a caption directly under it
    (``arrangement.caption_gap_lines`` below), exactly as wide as the photo."""
    for photo in view.of("photo"):
        caption = _caption(view, photo, settings)
        if caption is None:
            yield _violation("caption", view, photo, (
                f"the photo at {_at(photo)} has no caption directly under it — its caption "
                f"belongs on line {photo.bottom + settings.caption_gap_lines + 1}"))
        elif (caption.column, caption.right) != (photo.column, photo.right):
            yield _violation("caption", view, caption, (
                f"the caption is {caption.cells[2]} columns wide (from column {caption.column + 1}), "
                f"its photo {photo.cells[2]} (from column {photo.column + 1}) — set it as wide as "
                "the photo"))


def strips(view: _View, settings: Settings) -> Iterator[Violation]:
    """Strips (DESIGN.md §7): a column run of an article's text shorter than
    ``min_strip_lines`` next to a headline or photo reads as a gap, not a
    column, and the article seems to begin there. Whole columns of a module
    (edge to edge) are not strips."""
    for band in view.of("band"):
        for column in range(band.column, band.right):
            for top, bottom in _runs(view, band, column):
                ends = (_bound(view, band, column, top - 1, -1, settings),
                        _bound(view, band, column, bottom, 1, settings))
                if bottom - top < settings.min_strip_lines and None not in ends \
                        and ends != ("edge", "edge"):
                    first = view.cells[(column, top)]
                    yield _violation("strip", view, first, (
                        f"a strip of {bottom - top} line{'s' * (bottom - top != 1)} of text at "
                        f"{_at(first)}, {_end(ends[0])} above and {_end(ends[1])} below, shorter than "
                        f"{settings.min_strip_lines} — move or resize the block next to it"),
                        view.cells[(column, bottom - 1)])


def _end(kind: str) -> str:
    return "the module's edge" if kind == "edge" else f"a {kind}"


def _runs(view: _View, band: Block, column: int) -> Iterator[tuple[int, int]]:
    """The article's text runs in a column of its module: (first line, end)."""
    top = None
    for line in range(band.line, band.bottom + 1):
        text = line < band.bottom and view.text_at(band.article, column, line) is not None
        if text and top is None:
            top = line
        elif not text and top is not None:
            yield top, line
            top = None


def _bound(view: _View, band: Block, column: int, line: int, step: int,
           settings: Settings) -> str | None:
    """What ends a run at ``line`` going ``step``: 'edge' (the module's), a
    block's kind, or None (empty lines: underset, not a strip) — skipping
    the blank margin a photo keeps toward the text."""
    for _ in range(settings.photo_margin_lines + 1):
        if not band.line <= line < band.bottom:
            return "edge"
        block = view.cells.get((column, line))
        if block is not None:
            return block.kind if block.kind in _BLOCKS else "edge"
        line += step
    return None


def containment(view: _View, settings: Settings) -> Iterator[Violation]:
    """Modules (DESIGN.md §2, §7): every block inside the type area and its
    article's module, no two blocks on one cell, and a rule drawn between
    modules stacked one above the other (side by side, the gutter parts them)."""
    taken: dict[tuple[int, int], Block] = {}
    for block in view.blocks:
        if block.kind in _AREAS:
            continue
        if _outside(block, settings):
            yield _violation("containment", view, block, (
                f"the {block.kind} at {_at(block)} leaves the type area ({settings.columns} columns × "
                f"{settings.lines} lines)"))
            continue
        band = view.bands.get(block.article)
        if band and not _within(block.cells, band.cells):
            yield _violation("containment", view, block,
                             f"the {block.kind} at {_at(block)} leaves its article's module")
        clash = next((taken[cell] for cell in _cells(block) if cell in taken), None)
        if clash:
            other = f" of {view.name(clash.article)}" if clash.article != block.article else ""
            yield _violation("containment", view, block, (
                f"the {block.kind} at {_at(block)} overlaps the {clash.kind} at {_at(clash)}{other}"))
        taken.update(dict.fromkeys(_cells(block), block))
    for image in view.page.of_type(Image):
        if not _inside((image.x, image.y, image.width, image.height), settings.area):
            yield Violation("containment", "", "a photo frame leaves the type area",
                            (image.x, image.y, image.width, image.height))
    yield from _module_rules(view)


def _outside(block: Block, settings: Settings) -> bool:
    """Whether a block leaves the type area, by its cells or its points."""
    return not (_within(block.cells, (0, 0, settings.columns, settings.lines))
                and _inside((block.x, block.y, block.width, block.height), settings.area))


def _within(cells: Cells, area: Cells) -> bool:
    column, line, columns, lines = cells
    return (area[0] <= column and column + columns <= area[0] + area[2]
            and area[1] <= line and line + lines <= area[1] + area[3])


def _inside(box: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> bool:
    x, y, width, height = box
    return (area[0] - _EPS <= x and x + width <= area[2] + _EPS
            and area[1] - _EPS <= y and y + height <= area[3] + _EPS)


def _module_rules(view: _View) -> Iterator[Violation]:
    """A horizontal rule between each module and the next one down that it
    shares columns with, anywhere in the space between them."""
    modules = sorted(view.of("banner") + view.of("band"), key=lambda b: (b.line, b.column))
    rules = view.page.of_type(Rule)
    for upper, lower in itertools.combinations(modules, 2):
        if upper.bottom > lower.line or not (upper.column < lower.right and lower.column < upper.right):
            continue
        if any(m is not upper and m is not lower and m.line >= upper.bottom and m.bottom <= lower.line
               and m.column < min(upper.right, lower.right) and max(upper.column, lower.column) < m.right
               for m in modules):
            continue  # another module stands between them
        left, right = max(upper.x, lower.x), min(upper.x + upper.width, lower.x + lower.width)
        foot, top = upper.y + upper.height, lower.y
        if not any(abs(r.y1 - r.y2) < _EPS and foot - _EPS <= r.y1 <= top + _EPS
                   and min(r.x1, r.x2) <= left + _EPS and max(r.x1, r.x2) >= right - _EPS
                   for r in rules):
            yield _violation("containment", view, lower, (
                f"no rule drawn between this module and the one above it (at line {lower.line}) — "
                "the layout asks for a rule between modules"))


_CHECKS: tuple[Callable[[_View, Settings], Iterator[Violation]], ...] = (
    reading_order, widows, subhead_keep, headline_clash, photo_clash, captions, strips, containment)
