"""COMPOSE (article level): content -> measured pieces the page engine moves.

Each article becomes a headline block, a stream of flow items (body lines and
subheads) composed once at the column measure, and its photos with captions
composed at every width a photo may take. Everything is measured in whole
body lines here, so flowing and fitting never touch a font again.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING

from ..load.content import Article, Banner, Head, Issue, Paragraph, Photo, where
from ..load.layout import Layout
from .fonts import BASELINE, FontBook, MissingGlyph
from .kept import Kept
from .lines import Composition, Line, TextRun
from .paragraph import Prepared, alternatives, compose, condensed, prepare, set_line

if TYPE_CHECKING:
    from ..memo import Memo


@dataclass(frozen=True, eq=False)
class Setting:
    """How to set paragraph ``para`` again at another line count (走行):
    its runs and the column measure (prepared only when asked)."""

    para: int
    runs: tuple[TextRun, ...]
    measure: float
    layout: Layout
    fonts: FontBook

    @cached_property
    def prepared(self) -> Prepared:
        return prepare(self.runs, self.layout, self.fonts)

    @cached_property
    def alternatives(self) -> dict[int, tuple[Line, ...]]:
        """The paragraph one line tighter or looser, where that sets well."""
        return {n: c.lines for n, c in alternatives(self.prepared, self.measure).items()}


@dataclass(frozen=True)
class BodyLine:
    """One body line of paragraph ``para``; ``index`` counts from its first line."""

    line: Line
    para: int
    index: int
    count: int


@dataclass(frozen=True)
class Subhead:
    """A subhead: its centred lines and the heights (body lines) it may take,
    preferred first."""

    lines: tuple[Line, ...]
    heights: tuple[int, ...]


FlowItem = BodyLine | Subhead


@dataclass(frozen=True)
class Row:
    """A line of display type in a stacked block: its style role and the
    baseline's distance from the block's top in pt."""

    line: Line
    role: str
    baseline: float
    align: str = "center"


@dataclass(frozen=True)
class Stack:
    """Rows stacked in a block ``lines`` body lines tall and ``columns``
    grid columns wide (0: as wide as the block it is put in)."""

    rows: tuple[Row, ...]
    lines: int
    columns: int = 0


@dataclass(frozen=True)
class PhotoPiece:
    """A photo and its caption composed at each width it may take
    (columns -> caption lines, one body line each), with the composer's
    warnings about the caption at each width (reported for the one used)."""

    photo: Photo
    captions: dict[int, tuple[Line, ...]]
    notes: dict[int, tuple[str, ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class ArticlePieces:
    """Everything of one article, measured for the page engine."""

    article: Article
    headline: Stack
    items: tuple[FlowItem, ...]
    photos: tuple[PhotoPiece, ...]
    warnings: tuple[str, ...] = ()
    settings: tuple[Setting, ...] = ()

    @cached_property
    def body_lines(self) -> int:
        return sum(1 for item in self.items if isinstance(item, BodyLine))

    @cached_property
    def demand(self) -> tuple[int, int]:
        """Fewest and most lines the body can take (subheads at their extremes)."""
        heads = [i for i in self.items if isinstance(i, Subhead)]
        return (self.body_lines + sum(min(h.heights) for h in heads),
                self.body_lines + sum(max(h.heights) for h in heads))

    @cached_property
    def runs(self) -> list[tuple[int, int]]:
        """The items as flow runs (subheads, paragraphs): see ``item_runs``."""
        return item_runs(self.items)

    @cached_property
    def line_counts(self) -> dict[int, int]:
        """Lines each paragraph takes as composed, by paragraph number."""
        return {i.para: i.count for i in self.items if isinstance(i, BodyLine)}

    def reset(self, counts: dict[int, int]) -> tuple[FlowItem, ...]:
        """The items with paragraph ``p`` set in ``counts[p]`` lines (each an
        entry of its setting's alternatives)."""
        alternatives = {s.para: s.alternatives for s in self.settings}
        items: list[FlowItem] = []
        for item in self.items:
            if isinstance(item, BodyLine) and item.para in counts:
                if item.index == 0:
                    lines = alternatives[item.para][counts[item.para]]
                    items += [BodyLine(line, item.para, i, len(lines)) for i, line in enumerate(lines)]
            else:
                items.append(item)
        return tuple(items)

    @cached_property
    def chars_per_line(self) -> float:
        """Average characters a body line holds: the copy-fit report's rate."""
        lines = [i.line for i in self.items if isinstance(i, BodyLine)]
        return sum(line.end - line.start for line in lines) / max(1, len(lines))


def article_pieces(article: Article, layout: Layout, fonts: FontBook,
                   kept: Kept | None = None) -> ArticlePieces:
    """Compose one article's headline, body and captions (body, subheads and
    captions through ``kept``)."""
    kept = kept or Kept(layout, fonts, None)
    where = str(article.source or article.name)
    notes: list[str] = []
    settings: list[Setting] = []
    try:
        return ArticlePieces(
            article,
            headline_stack(article, layout, fonts),
            tuple(_flow_items(article.body, layout, fonts, kept, notes, settings)),
            tuple(_photo_piece(p, layout, fonts, kept) for p in article.photos),
            tuple(notes),
            tuple(settings),
        )
    except MissingGlyph as err:
        raise MissingGlyph(err.face, err.char, err.where or where) from None


def headline_stack(article: Article, layout: Layout, fonts: FontBook) -> Stack:
    """Kicker, title lines, subtitle and byline stacked, centred in the block."""
    rows = [("kicker", article.kicker)] if article.kicker else []
    rows += [("title", t) for t in article.title]
    if article.subtitle:
        rows.append(("subtitle", article.subtitle))
    if article.byline:
        rows.append(("byline", article.byline))
    built = stack(rows, layout, fonts, pad_lines=1)
    widest = max((row.line.width for row in built.rows), default=0.0)
    columns = next((n for n in range(layout.arrangement.headline_columns, layout.grid.columns + 1)
                    if layout.grid.span_width(n) >= widest), layout.grid.columns)
    return dataclasses.replace(built, columns=columns)


def furniture(issue: Issue, layout: Layout, fonts: FontBook) -> tuple[Stack | None, Line | None]:
    """The banner and the credits line, set; a character no face has is
    located at the text that holds it."""
    banner = issue.banner
    try:
        stack = banner_stack(banner, layout, fonts) if banner else None
    except MissingGlyph as err:
        key = next(k for k in ("main", "series", "slogan") if err.char in getattr(banner, k))
        raise MissingGlyph(err.face, err.char, where(issue.path, ("banner", key))) from None
    try:
        credits = set_line([TextRun(issue.credits, "credits")], layout, fonts) if issue.credits else None
    except MissingGlyph as err:
        raise MissingGlyph(err.face, err.char, where(issue.path, ("credits",))) from None
    return stack, credits


def banner_stack(banner: Banner, layout: Layout, fonts: FontBook) -> Stack:
    """The series banner: main line and slogan as a couplet on one line,
    series line under; a couplet too wide for the page stacks instead."""
    rows = [("banner", banner.main)]
    if banner.series:
        rows.append(("banner-series", banner.series))
    built = stack(rows, layout, fonts, pad_lines=0, lines=layout.arrangement.banner_lines)
    if not banner.slogan:
        return built
    slogan_line = set_line([TextRun(banner.slogan, "banner-slogan")], layout, fonts)
    first = built.rows[0]
    if first.line.width + slogan_line.width + 2 * layout.grid.body_size > layout.grid.width:
        rows.insert(1, ("banner-slogan", banner.slogan))
        return stack(rows, layout, fonts, pad_lines=0, lines=layout.arrangement.banner_lines)
    main = Row(first.line, first.role, first.baseline, "left")
    slogan = Row(slogan_line, "banner-slogan", first.baseline, "right")
    return Stack((main, slogan) + built.rows[1:], built.lines)


def stack(rows: Sequence[tuple[str, str]], layout: Layout, fonts: FontBook,
          pad_lines: int, lines: int = 0) -> Stack:
    """Set each (role, text) on its own line and centre the stack vertically
    in the fewest body lines that hold it (plus ``pad_lines``), or in ``lines``."""
    grid = layout.grid
    placed: list[Row] = []
    depth = 0.0
    for role, text in rows:
        style = layout.styles[role]
        if not placed:
            depth = BASELINE * style.size
        elif placed[-1].role == role:
            depth += style.pitch
        else:
            previous = layout.styles[placed[-1].role]
            depth += (1 - BASELINE) * previous.size + grid.line_pitch / 2 + BASELINE * style.size
        placed.append(Row(set_line([TextRun(text, role)], layout, fonts), role, depth))
    height = depth + (1 - BASELINE) * layout.styles[rows[-1][0]].size if rows else 0.0
    need = max(1, math.ceil((height - grid.body_size) / grid.line_pitch - 1e-9) + 1) + pad_lines
    lines = max(lines, need)
    box = (lines - 1) * grid.line_pitch + grid.body_size
    shift = (box - height) / 2
    return Stack(tuple(Row(r.line, r.role, r.baseline + shift, r.align) for r in placed), lines)


def _flow_items(body: Sequence[Head | Paragraph], layout: Layout, fonts: FontBook, kept: Kept,
                notes: list[str], settings: list[Setting]) -> Iterator[FlowItem]:
    """Body lines and subheads in reading order; composer warnings go to
    ``notes``, and how to set each paragraph again to ``settings``."""
    measure = layout.grid.column_width
    for number, block in enumerate(body):
        if isinstance(block, Head):
            yield _subhead(block, layout, fonts, kept)
            continue
        runs = ([TextRun(block.lead, "lead")] if block.lead else []) + [TextRun(block.text, "body")]
        try:
            composition = kept.composition("paragraph", runs, [measure],
                                           lambda: compose(prepare(runs, layout, fonts), measure))
        except MissingGlyph as err:
            raise MissingGlyph(err.face, err.char, str(block.source or "")) from None
        settings.append(Setting(number, tuple(runs), measure, layout, fonts))
        notes += [f"{block.source}: {w}" for w in composition.warnings]
        lines = composition.lines
        yield from (BodyLine(line, number, i, len(lines)) for i, line in enumerate(lines))


def _subhead(head: Head, layout: Layout, fonts: FontBook, kept: Kept) -> Subhead:
    """Each phrase on its own balanced line(s), centred; the heights (in body
    lines) that hold them with at least half a line of space around."""
    lines: list[Line] = []
    for phrase in head.phrases:
        runs = [TextRun(phrase, "subhead")]
        lines += kept.composition("subhead", runs, [layout.grid.column_width],
                                  lambda: Composition(_phrase(runs, layout, fonts), ())).lines
    grid, pitch = layout.grid, layout.styles["subhead"].pitch
    need = math.ceil(((len(lines) - 1) * pitch + grid.body_size) / grid.line_pitch - 1e-9)
    heights = tuple(h for h in layout.arrangement.subhead_lines if h >= need + 1)
    return Subhead(tuple(lines), heights or (need + 1, need + 2))


def _phrase(runs: list[TextRun], layout: Layout, fonts: FontBook) -> tuple[Line, ...]:
    """A subhead phrase centred on one line — condensed (长体) down to the
    layout's limit if it is a little too long — else on two lines split
    where the phrase divides (``_divisions``), else on balanced lines."""
    measure, limit = layout.grid.column_width, layout.typography.condense
    whole = set_line(runs, layout, fonts)
    if whole.width * limit <= measure:
        return (condensed(whole, measure),)
    (run,) = runs
    for at in _divisions(run.text):
        halves = [set_line([TextRun(part, run.style)], layout, fonts)
                  for part in (run.text[:at], run.text[at:])]
        if all(half.width * limit <= measure for half in halves):
            scale = min(1.0, *(measure / half.width for half in halves))  # one scale for both
            return tuple(condensed(half, measure, scale) for half in halves)
    prepared = prepare(runs, layout, fonts, indent=False)
    return _balanced(prepared, measure, layout.styles[run.style].size)


#: Marks after which a phrase divides, and the localizers that close a
#: 在…上 / 在…中 frame, the usual shape of a subhead's second phrase — unless
#: they begin a word (上海, 中心 …), which the frame's end does not.
_PAUSES, _FRAME_ENDS = "、，；：", "上中"
_WORDS_FROM_FRAME_ENDS = frozenset(
    ["上海", "上级", "上下", "上午", "上半", "上述", "上市", "上线", "上门", "上游", "上岗", "上访", "上报", "上交", "上升", "上涨", "中心", "中国", "中央", "中华", "中小", "中间", "中层", "中医", "中学", "中期", "中外", "中共", "中原", "中部", "中等", "中秋", "中药", "中青", "中年", "中老", "中标", "中坚", "中轴"])


def _divisions(text: str) -> list[int]:
    """Where ``text`` divides into two lines between words — after a pause
    mark, or after the localizer closing a 在… frame — the most even first."""
    found = [at for at in range(2, len(text) - 1)
             if text[at - 1] in _PAUSES
             or (text[at - 1] in _FRAME_ENDS and "在" in text[:at - 1]
                 and text[at - 1:at + 1] not in _WORDS_FROM_FRAME_ENDS)]
    return sorted(found, key=lambda at: abs(len(text) - 2 * at))


def _balanced(prepared: Prepared, measure: float, em: float) -> tuple[Line, ...]:
    """Centred lines of near-equal length: the narrowest measure (in whole
    ems) that needs no more lines than the full one does."""
    lines = compose(prepared, measure, align="center").lines
    narrower = measure - em
    while len(lines) > 1 and narrower > em:
        trial = compose(prepared, narrower, align="center").lines
        if len(trial) > len(lines) or any(line.width > line.measure + 0.01 for line in trial):
            break
        lines, narrower = trial, narrower - em
    return lines


def _photo_piece(photo: Photo, layout: Layout, fonts: FontBook, kept: Kept) -> PhotoPiece:
    runs = [TextRun(photo.caption, "caption")]
    prepared = cache(lambda: prepare(runs, layout, fonts, indent=False))
    captions, notes = {}, {}
    for columns in range(2, layout.grid.columns + 1):  # a module's full width included
        width = layout.grid.span_width(columns)
        composition = kept.composition("caption", runs, [width], lambda: compose(prepared(), width))
        captions[columns], notes[columns] = composition.lines, composition.warnings
    return PhotoPiece(photo, captions, notes)


def issue_pieces(issue: Issue, layout: Layout, fonts: FontBook,
                 memo: Memo | None = None) -> list[ArticlePieces]:
    """Every article composed; ``memo`` keeps compositions between builds."""
    kept = Kept(layout, fonts, memo)
    return [article_pieces(a, layout, fonts, kept) for a in issue.articles]


def item_runs(items: Sequence[FlowItem]) -> list[tuple[int, int]]:
    """(first index, length) of each subhead and each paragraph's lines."""
    runs: list[tuple[int, int]] = []
    for index, item in enumerate(items):
        if isinstance(item, BodyLine) and item.index > 0 and runs:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((index, 1))
    return runs
