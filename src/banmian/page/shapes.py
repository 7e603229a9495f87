"""SHAPES (fit, step 1): one article set in a module of whole columns × whole
lines, flush where it can be.

A module is laid out as if it were the page: the headline block stands at its
top left (spanning its columns when the headline is as wide), the body flows
column by column beside and under it, and photos take the corners away from
the headline. A module may instead be *lowered*: its first photo spans the
module's top and the headline stands under it — the form an article takes
beside another one, so that two headlines never stand side by side (碰题).

The body was composed once at the column measure, so a module's supply of
free lines is arithmetic: only the photo sizes and headline paddings whose
supply matches the article's demand are flowed. When nothing matches, the
nearest arrangement is kept so the copy-fit report can say how far off it is.
"""
from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..compose.blocks import ArticlePieces, FlowItem, PhotoPiece
from ..compose.lines import Line
from ..load.layout import Layout
from .costs import Costs
from .flow import Flow, flow
from .grid import Geometry, Rect, free_segments
from .subheads import Heads, head_heights

#: Extra blank lines the headline block may take to absorb a remainder, and
#: columns it may widen by (the title centred in the wider block).
MAX_HEADLINE_PAD, MAX_HEADLINE_WIDEN = 3, 3
#: Sizes tried per photo (the least distorted first).
PHOTO_CHOICES = 8
#: Most photo-size combinations one article's search looks at: with many
#: photos each keeps fewer sizes, so the work stays bounded.
MAX_COMBINATIONS = 4096
#: A column run shorter than this does not read as a column.
MIN_SEGMENT_LINES = 3
#: Most paragraphs set a line tighter or looser in one module (走行), and how
#: many near-miss arrangements are tried with it.
MAX_RESET, NEAR_TRIES = 8, 12
#: Arrangements flowed, nearest first, for a module no even one fits, and
#: even ones flowed (cheapest first) before the search settles.
NEAREST_TRIES, ARRANGEMENTS_PER_MODULE = 40, 48
#: The cost of a module that cannot hold its article's blocks.
IMPOSSIBLE = 1e9

PhotoChoice = tuple[int, int, tuple[Line, ...], float]
"""A photo size: (columns, image lines, caption lines, cost of its crop)."""


@dataclass(frozen=True)
class PhotoPlan:
    """A photo placed in its module: block rect (image, caption and the margin
    toward the body), image lines, and the image's first line in the rect."""

    piece: PhotoPiece
    rect: Rect
    image_lines: int
    caption: tuple[Line, ...]
    distortion: float
    offset: int = 0


@dataclass(frozen=True)
class BandPlan:
    """One article's module: where it sits on the type area (first column,
    top line), its size, its blocks (relative to the module), the items
    flowed (the article's, with some paragraphs set a line tighter or looser
    where that made the module even), their heights, and the flow."""

    pieces: ArticlePieces
    top: int
    height: int
    headline: Rect
    photos: tuple[PhotoPlan, ...]
    heights: tuple[int, ...]
    flow: Flow
    cost: float
    items: tuple[FlowItem, ...] = ()
    column: int = 0
    columns: int = 0

    @property
    def mismatch(self) -> int:
        """Free lines minus lines to set: > 0 underset, < 0 overset."""
        return self.flow.underset - self.flow.overset

    @property
    def off(self) -> int:
        """Lines left over or empty."""
        return self.flow.underset + self.flow.overset

    @property
    def impossible(self) -> bool:
        return self.cost >= IMPOSSIBLE

    @property
    def broken(self) -> int:
        """Modules that cannot hold their article, or lines the conventions
        refuse (a paragraph's line alone at a column's head): 0 or more."""
        return int(self.impossible) + self.flow.heads


class Shapes:
    """Module arrangements of a page's articles, memoised by (article,
    columns, lines, lowered): an arrangement does not depend on where the
    module sits. It is one search: the photo options, subhead tables and
    flows of each article are shared by every module size asked for."""

    def __init__(self, layout: Layout, costs: Costs) -> None:
        self.layout = layout
        self.costs = costs
        self.geom = Geometry.of(layout)
        self.tried = 0
        self.resetting = False
        self._plans: dict[tuple, BandPlan] = {}
        self._areas: dict[tuple, dict[int, list[tuple[tuple, float]]]] = {}
        self._sorted: dict[tuple, list[int]] = {}
        self._placed: dict[tuple, tuple[Rect, ...] | None] = {}
        self._heads: dict[int, Heads] = {}
        self.keep = layout.arrangement.subhead_keep_lines
        self.strip = layout.arrangement.min_strip_lines
        #: A lowered module's photo block is at least this tall, so its
        #: headline stands below any headline beside it.
        self.lowered_min = 0

    # --- arithmetic ---------------------------------------------------------------

    def photo_choices(self, piece: PhotoPiece, columns: int) -> list[PhotoChoice]:
        """Sizes ``columns`` wide within the layout's crop limit, each with its
        cost: the aspect change at the plain rate within the tolerance, and
        at the crop rate beyond it."""
        arr = self.layout.arrangement
        tol, limit = arr.photo_aspect_tolerance, max(arr.photo_aspect_tolerance, arr.photo_crop_limit)
        caption = piece.captions.get(columns)
        if caption is None:
            return []
        width = self.geom.width(columns)
        low = max(2, math.floor(width / piece.photo.aspect / (1 + limit) / self.geom.pitch) - 1)
        choices = []
        for lines in range(low, low + 400):
            ratio = width / self.geom.height(lines) / piece.photo.aspect
            if ratio < 1 - limit:
                break
            if ratio <= 1 + limit:
                change = abs(ratio - 1)
                cost = (self.costs.distortion * min(change, tol)
                        + self.costs.crop * max(0.0, change - tol))
                choices.append((columns, lines, caption, cost))
        return choices

    def block_lines(self, image_lines: int, caption: Sequence[Line]) -> int:
        """Lines a photo block takes: the image, its caption, the gap between
        them and the margin toward the body."""
        arr = self.layout.arrangement
        return image_lines + len(caption) + arr.caption_gap_lines + arr.photo_margin_lines

    def area_index(self, pieces: ArticlePieces, columns: int,
                   lowered: bool) -> dict[int, list[tuple[tuple, float]]]:
        """Photo combinations for a module ``columns`` wide by the cells they
        take, least distorted first; a lowered module's first photo spans it."""
        key = (id(pieces), columns, lowered)
        if key not in self._areas:
            widths = [c for c in self.layout.arrangement.photo_columns if c <= columns]
            per_photo = []
            for index, piece in enumerate(pieces.photos):
                if index == 0 and lowered:
                    options = [c for c in self.photo_choices(piece, columns)
                               if self.block_lines(c[1], c[2]) >= self.lowered_min]
                else:
                    options = [c for w in widths for c in self.photo_choices(piece, w)]
                per_photo.append(options)
            keep = _keep_per_photo(len(per_photo))
            index: dict[int, list[tuple[tuple, float]]] = {}
            for combo in itertools.product(*(_shortlist(p, keep) for p in per_photo)):
                area = sum(w * self.block_lines(k, cap) for w, k, cap, _ in combo)
                index.setdefault(area, []).append((combo, sum(c[3] for c in combo)))
            for combos in index.values():
                combos.sort(key=lambda c: c[1])
            self._areas[key] = index
        return self._areas[key]

    def holds(self, pieces: ArticlePieces, columns: int, lowered: bool) -> bool:
        """Whether a module this wide can take the article at all: its
        headline, its photos (a lowered one needs a photo to stand on)."""
        if columns < pieces.headline.columns or (lowered and not pieces.photos):
            return False
        return bool(self.area_index(pieces, columns, lowered)) or not pieces.photos

    def heads(self, pieces: ArticlePieces, columns: int) -> list[tuple[int, int, float]]:
        """The headline block's forms in a module ``columns`` wide: (width,
        spare lines, cost) — as wide as its title needs up to
        ``MAX_HEADLINE_WIDEN`` columns wider (the rows stay centred in it),
        and up to ``MAX_HEADLINE_PAD`` spare lines, cheapest first."""
        head = pieces.headline.columns
        forms = [(width, pad, self.costs.headline_pad * pad + self.costs.headline_width * (width - head))
                 for width in range(head, min(columns, head + MAX_HEADLINE_WIDEN) + 1)
                 for pad in range(MAX_HEADLINE_PAD + 1)]
        return sorted(forms, key=lambda f: f[2])

    def min_height(self, pieces: ArticlePieces, lowered: bool) -> int:
        """The fewest lines a module of the article can have: its headline,
        a readable run of text under it (no strip), and for a lowered one the
        photo over the headline."""
        return ((self.lowered_min if lowered else 0) + pieces.headline.lines
                + self.strip)

    def gap(self, pieces: ArticlePieces, columns: int, height: int,
            lowered: bool) -> tuple[int, float]:
        """The nearest any photo combination and headline padding brings the
        module's free lines to the body's demand, by arithmetic alone: > 0
        lines left empty, < 0 lines over, 0 when an even arrangement may
        exist (subheads, strips and widows decide) — and then the least cost
        such an arrangement can have. Both are lower bounds on what a real
        arrangement leaves over or empty and costs."""
        areas = self._sorted_areas(pieces, columns, lowered)
        index = self.area_index(pieces, columns, lowered)
        low, high = pieces.demand
        head = pieces.headline
        best, least = None, None
        for width, pad, cost_head in self.heads(pieces, columns):
            free = columns * height - width * (head.lines + pad)
            # supply = free - area must lie in [low, high]: area in [free - high, free - low]
            at = end = bisect.bisect_left(areas, free - high)
            while end < len(areas) and areas[end] <= free - low:
                cost = (index[areas[end]][0][1] if index else 0.0) + cost_head
                least = cost if least is None else min(least, cost)
                end += 1
            if end > at:
                continue
            if at < len(areas):
                over = free - areas[at] - low  # < 0: the smallest area still too big
                best = over if best is None or abs(over) < abs(best) else best
            if at > 0:
                under = free - areas[at - 1] - high  # > 0: the largest area still too small
                best = under if best is None or abs(under) < abs(best) else best
        if least is not None:
            return 0, least
        return (best if best is not None else -low), 0.0

    def _sorted_areas(self, pieces: ArticlePieces, columns: int, lowered: bool) -> list[int]:
        key = (id(pieces), columns, lowered)
        if key not in self._sorted:
            self._sorted[key] = sorted(self.area_index(pieces, columns, lowered) or {0: []})
        return self._sorted[key]

    # --- one module ---------------------------------------------------------------

    def plan(self, pieces: ArticlePieces, columns: int, height: int,
             lowered: bool = False) -> BandPlan:
        """The best arrangement of one article in a module ``columns`` ×
        ``height`` at the origin."""
        key = (id(pieces), columns, height, lowered, self.resetting)
        if key not in self._plans:
            self._plans[key] = self._best(pieces, columns, height, lowered)
        return self._plans[key]

    def _best(self, pieces: ArticlePieces, columns: int, height: int, lowered: bool) -> BandPlan:
        """Search one module, cheapest arrangements first.

        Photo combinations whose area leaves exactly the lines the body can
        take are flowed first, cheapest first (at most
        ``ARRANGEMENTS_PER_MODULE``). If none comes out even, combinations a few
        lines off are tried with paragraphs set a line tighter or looser
        (走行); failing that, the nearest is flowed anyway, so the overset or
        underset can be shown and reported."""
        if not self.holds(pieces, columns, lowered):
            return self._overset(pieces, columns, height)
        best: BandPlan | None = None
        even: list[tuple[float, tuple[int, int], tuple]] = []
        near: list[tuple[int, float, tuple[int, int], tuple]] = []
        by_area = self.area_index(pieces, columns, lowered) or {0: [((), 0.0)]}
        head = pieces.headline
        for width, pad, cost_head in self.heads(pieces, columns):
            free = columns * height - width * (head.lines + pad)
            for area in sorted(by_area, key=lambda a: abs(_mismatch(pieces, free - a))):
                gap = _mismatch(pieces, free - area)
                if abs(gap) > MAX_RESET:
                    break
                for combo, distortion in by_area[area]:
                    (near if gap else even).append(
                        ((gap, distortion + cost_head, (width, pad), combo) if gap
                         else (distortion + cost_head, (width, pad), combo)))
        even.sort(key=lambda e: e[0])
        for cost, shape, combo in even[:ARRANGEMENTS_PER_MODULE]:
            if best and best.flow.flush and not best.broken and cost >= best.cost:
                break
            plan = self._arranged(pieces, columns, height, shape, combo, cost, lowered)
            if plan and (best is None or _better(plan, best)):
                best = plan
            if plan and not plan.flow.flush:
                near.append((0, cost, shape, combo))
        near.sort(key=lambda n: (abs(n[0]), n[1]))
        if self.resetting and (best is None or not best.flow.flush or best.broken):
            best = self._evened(pieces, columns, height, lowered, near, best)
        if best is None:
            best = self._nearest(pieces, columns, height, lowered, by_area)
        return best or self._overset(pieces, columns, height)

    def _nearest(self, pieces, columns, height, lowered, by_area) -> BandPlan | None:
        """The real arrangement nearest to even when none is within
        ``MAX_RESET`` lines: the headline paddings and photo combinations by
        arithmetic gap, flowed until one places and no untried one can be
        nearer (the largest photos for short copy, the smallest for long)."""
        head = pieces.headline
        candidates = []
        for width, pad, cost_head in self.heads(pieces, columns):
            free = columns * height - width * (head.lines + pad)
            for area, combos in by_area.items():
                candidates.append((abs(_mismatch(pieces, free - area)), cost_head, (width, pad), area))
        candidates.sort()
        best: BandPlan | None = None
        for tries, (gap, cost_head, shape, area) in enumerate(candidates):
            if (best is not None and gap >= best.off) or tries > NEAREST_TRIES:
                break
            combo, distortion = by_area[area][0]
            plan = self._arranged(pieces, columns, height, shape, combo, distortion + cost_head,
                                  lowered)
            if plan and (best is None or _better(plan, best)):
                best = plan
        return best

    def _evened(self, pieces, columns, height, lowered, near, best) -> BandPlan | None:
        """The best of the arrangements a few lines off (nearest first), each
        evened out by 走行 where it can be."""
        for gap, cost, shape, combo in near[:NEAR_TRIES]:
            blocks = self._blocks(pieces, columns, height, shape, combo, lowered)
            if blocks is None:
                continue
            for shift in ((gap,) if gap else (1, -1)):
                plan = self._reset(pieces, columns, height, blocks, cost, shift)
                if plan and (best is None or _better(plan, best)):
                    best = plan
            if best and best.flow.flush and not best.broken:
                break
        return best

    def _arranged(self, pieces, columns, height, shape, combo, cost, lowered) -> BandPlan | None:
        blocks = self._blocks(pieces, columns, height, shape, combo, lowered)
        return None if blocks is None else self._flow(pieces, columns, height, blocks, cost)

    def _blocks(self, pieces: ArticlePieces, columns: int, height: int, shape: tuple[int, int],
                combo: tuple, lowered: bool) -> tuple[Rect, tuple[PhotoPlan, ...]] | None:
        """The headline and photo blocks of one arrangement; None when they
        do not fit the module (see ``_places``)."""
        head = pieces.headline
        width, pad = shape
        headline = Rect(0, 0, width, head.lines + pad)
        photos = list(zip(pieces.photos, combo))
        fixed: list[PhotoPlan] = []
        if lowered and photos:
            piece, (width, lines, caption, cost) = photos.pop(0)
            block = self.block_lines(lines, caption)
            if block < self.lowered_min:
                return None
            fixed.append(PhotoPlan(piece, Rect(0, 0, columns, block), lines, caption, cost))
            headline = headline.moved(block)
        if headline.bottom > height:
            return None
        dims = tuple((w, self.block_lines(lines, caption)) for _, (w, lines, caption, _) in photos)
        rects = self._places(dims, columns, height, headline, tuple(p.rect for p in fixed), len(combo))
        if rects is None:
            return None
        arr = self.layout.arrangement
        placed = tuple(PhotoPlan(piece, rect, lines, caption, cost,
                                 arr.photo_margin_lines if rect.bottom == height and rect.line > 0 else 0)
                       for (piece, (_, lines, caption, cost)), rect in zip(photos, rects))
        return headline, tuple(fixed) + placed

    def _places(self, dims: tuple[tuple[int, int], ...], columns: int, height: int, headline: Rect,
                fixed: tuple[Rect, ...], count: int) -> tuple[Rect, ...] | None:
        """Where photo blocks of these sizes (columns, lines) go, in their
        order — or, when that leaves one no place, in another (a tall photo
        may need the top corner its neighbour would have taken); None when
        no order places them. Memoised: many photo sizes share block sizes."""
        key = (dims, columns, height, headline, fixed, count)
        if key not in self._placed:
            orders = (itertools.permutations(range(len(dims))) if len(dims) <= 3
                      else (tuple(range(len(dims))), tuple(reversed(range(len(dims))))))
            found = (self._put(dims, order, columns, height, headline, list(fixed), count)
                     for order in orders)
            self._placed[key] = next((rects for rects in found if rects is not None), None)
        return self._placed[key]

    def _put(self, dims, order, columns, height, headline, rects, count) -> tuple[Rect, ...] | None:
        """Blocks placed one by one in ``order``: their rects in the blocks'
        own order, or None."""
        rects = list(rects)
        placed: dict[int, Rect] = {}
        for i in order:
            width, lines = dims[i]
            rect = self._position(len(rects), width, lines, height, columns, rects, headline, count)
            if rect is None:
                return None
            rects.append(rect)
            placed[i] = rect
        return tuple(placed[i] for i in range(len(dims)))

    def _position(self, index: int, width: int, lines: int, height: int, columns: int,
                  placed: list[Rect], headline: Rect, count: int) -> Rect | None:
        """Photo ``index``'s corner slot (``_slot``) or, when that collides
        with a block or leaves a strip of text, the first place at the top or
        the foot of the module, right to left, that does neither."""
        strip = min(height, self.strip)
        preferred = _slot(index, width, lines, height, columns, placed, headline, count, strip)
        others = [Rect(c, line, width, lines) for line in (0, height - lines)
                  for c in range(columns - width, -1, -1)]
        blocks = [headline, *placed]
        for rect in [preferred, *others]:
            if rect.line < 0 or rect.bottom > height or any(_overlap(rect, b) for b in blocks):
                continue
            if free_segments(columns, height, [*blocks, rect], strip) is not None:
                return rect
        return None

    def _flow(self, pieces: ArticlePieces, columns: int, height: int,
              blocks: tuple[Rect, tuple[PhotoPlan, ...]], base_cost: float,
              items: tuple[FlowItem, ...] | None = None) -> BandPlan | None:
        """Flow the body (or ``items``, a re-set version of it) around the
        blocks with the subhead heights that make it even; None if the
        blocks collide or leave a run too short to read as a column."""
        headline, photos = blocks
        segments = free_segments(columns, height, [headline] + [p.rect for p in photos],
                                 min(height, self.strip))
        if segments is None:  # blocks collide, or leave a strip of text (see ``Costs``)
            return None
        items = items or pieces.items
        runs = pieces.runs if items is pieces.items else None
        if items is not pieces.items:
            heads = Heads.of(items)
        elif id(pieces) in self._heads:
            heads = self._heads[id(pieces)]
        else:
            heads = self._heads[id(pieces)] = Heads.of(items)
        heights, changed = head_heights(items, heads, segments, self.keep)
        self.tried += 1
        result = flow(items, heights, segments, self.keep, record=False, runs=runs)
        c = self.costs
        cost = base_cost + c.subhead_height * changed + c.widow * result.widows
        return BandPlan(pieces, 0, height, headline, photos, heights, result, cost, items,
                        0, columns)

    def _reset(self, pieces: ArticlePieces, columns: int, height: int, blocks, base_cost: float,
               gap: int) -> BandPlan | None:
        """走行: set ``gap`` paragraphs a line looser (gap > 0) or tighter
        (gap < 0) so the body takes exactly the free lines, trying a few
        choices of paragraphs (from the end, from the start, spread out)."""
        step = 1 if gap > 0 else -1
        counts = pieces.line_counts
        able = [s.para for s in pieces.settings if counts[s.para] + step in s.alternatives]
        if len(able) < abs(gap):
            return None
        rate = self.costs.reset_looser if step > 0 else self.costs.reset_tighter
        best = None
        for chosen in _selections(able, abs(gap)):
            items = pieces.reset({p: counts[p] + step for p in chosen})
            plan = self._flow(pieces, columns, height, blocks, base_cost + rate * abs(gap), items)
            if plan and (best is None or _better(plan, best)):
                best = plan
            if best and best.flow.flush and not best.broken and best.flow.widows == 0:
                break
        return best

    def _overset(self, pieces: ArticlePieces, columns: int, height: int) -> BandPlan:
        """No arrangement at all: the module cannot hold the headline or the
        photos at any size. The body is still flowed beside the headline where
        there is room, so what fits is shown and the rest is counted over."""
        head = pieces.headline
        headline = Rect(0, 0, min(columns, head.columns), min(height, head.lines))
        plan = self._flow(pieces, columns, height, (headline, ()), 0.0) if columns >= 1 else None
        if plan:
            return dataclasses.replace(plan, cost=IMPOSSIBLE)
        empty = Flow((), 0, pieces.demand[0], 0)
        return BandPlan(pieces, 0, height, headline, (), (), empty, IMPOSSIBLE, (), 0, columns)


def recorded(plan: BandPlan, keep: int) -> BandPlan:
    """The plan with its flow's slots written out (the search skips them)."""
    if not plan.items:
        return plan
    blocks = [plan.headline] + [p.rect for p in plan.photos]
    segments = free_segments(plan.columns, plan.height, blocks, 1)
    assert segments is not None
    return dataclasses.replace(plan, flow=flow(plan.items, plan.heights, segments, keep))


def _overlap(a: Rect, b: Rect) -> bool:
    return a.column < b.right and b.column < a.right and a.line < b.bottom and b.line < a.bottom


def _keep_per_photo(count: int) -> int:
    """Sizes kept per photo so that all combinations stay within
    ``MAX_COMBINATIONS`` (at least the smallest and largest)."""
    if count == 0:
        return PHOTO_CHOICES
    return max(2, min(PHOTO_CHOICES + 2, int(MAX_COMBINATIONS ** (1 / count))))


def _shortlist(choices: list[PhotoChoice], keep: int) -> list[PhotoChoice]:
    """A photo's least distorted sizes, plus its smallest and largest (which
    copy-fitting needs), ``keep`` in all."""
    if len(choices) <= keep:
        return choices

    def cells(choice: PhotoChoice) -> int:
        return choice[0] * (choice[1] + len(choice[2]))
    ends = [min(choices, key=cells), max(choices, key=cells)]
    rest = [c for c in sorted(choices, key=lambda c: c[3]) if c not in ends]
    return ends + rest[:max(0, keep - 2)]


def _selections(able: list[int], count: int) -> Iterator[list[int]]:
    """A few ways to pick ``count`` of the paragraphs ``able``: the last
    ones, the first ones, and spread evenly at a few offsets."""
    yield able[-count:]
    yield able[:count]
    stride = len(able) / count
    for offset in (0.0, 0.5, 0.25, 0.75):
        yield [able[min(len(able) - 1, int((i + offset) * stride))] for i in range(count)]


def _slot(index: int, columns: int, lines: int, height: int, module_columns: int,
          placed: Sequence[Rect], headline: Rect, count: int, strip: int) -> Rect:
    """Corner slots for photo ``index`` of ``count`` in a module whose
    headline stands at the top left: top right (the foot when that would
    leave under it a strip of text shorter than ``strip`` lines and there
    are at most two photos, or when the module is too narrow to hold it
    beside the headline: text starts under the headline, never under a
    photo), bottom right (bottom left when that would leave such a strip
    between the two, unless bottom left leaves a shorter one under the
    headline), the other bottom corner, then under the first photo. In a
    lowered module the first photo spans the top and is ``placed[0]``."""
    right = module_columns - columns
    if index == 0:
        to_foot = right < headline.columns or (count <= 2 and height - lines < strip)
        return Rect(right, height - lines if to_foot else 0, columns, lines)
    if index == 1:
        same, other = height - lines - placed[0].bottom, height - lines - headline.bottom
        fits_same, fits_other = placed[0].line == 0 and same >= 0, other >= 0
        keep = fits_same and (_no_strip(same, strip) or not fits_other
                              or (not _no_strip(other, strip) and same >= other))
        return Rect(right if keep else 0, height - lines, columns, lines)
    if index == 2:
        taken = placed[1].right == module_columns
        return Rect(0 if taken else right, height - lines, columns, lines)
    return Rect(right, placed[0].bottom, columns, lines)


def _no_strip(gap: int, strip: int) -> bool:
    """Whether ``gap`` lines of text between two blocks read as a column (at
    least ``strip`` lines, or none)."""
    return gap == 0 or gap >= strip


def _mismatch(pieces: ArticlePieces, supply: int) -> int:
    """Lines of supply beyond what the body can take (> 0), or short of it (< 0)."""
    low, high = pieces.demand
    return supply - high if supply > high else min(0, supply - low)


def _better(a: BandPlan, b: BandPlan) -> bool:
    """Fewer broken conventions first, then fewer lines overset or left
    empty, then the lower cost."""
    return (a.broken, a.off, a.cost) < (b.broken, b.off, b.cost)
