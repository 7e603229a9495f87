"""FIT: choose band heights, photo sizes and subhead heights so that every
column of every band ends on the band's last line (齐底) and the page is full.

The search is over discrete choices only — whole lines and whole columns —
because the body was composed once at the column measure: a band's supply of
free lines is arithmetic, and only arrangements whose supply matches the
article's demand are flowed. When nothing matches, the nearest arrangement is
kept and the copy-fit report says by how many lines each article is over or
under.
"""
from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .blocks import ArticlePieces, FlowItem, PhotoPiece, Subhead
from .compose import Line
from .flow import KEEP_AFTER_HEAD, Flow, flow
from .grid import Geometry, Rect, Segment, free_segments
from .layout import Layout

#: Extra blank lines the headline block may take to absorb a remainder.
MAX_HEADLINE_PAD = 2
#: Sizes tried per photo (the least distorted first).
PHOTO_CHOICES = 8
#: A column run shorter than this does not read as a column.
MIN_SEGMENT_LINES = 3
#: Text under a block (headline or photo) reads as a column only when it is
#: this tall; a shorter strip reads as a gap, and an article seems to begin
#: there: photo slots avoid making one, and the search charges for each.
MIN_STRIP_LINES = 10
#: Cost weights: photo aspect change (per unit ratio), headline padding line,
#: widow or orphan, subhead at a non-preferred height, paragraph re-set (走行),
#: column of a strip under a block.
W_DISTORT, W_PAD, W_WIDOW, W_HEAD, W_RESET, W_STRIP = 20.0, 1.0, 4.0, 0.5, 2.0, 2.0
#: Most paragraphs set a line tighter or looser in one band (走行), and how
#: many near-miss arrangements are tried with it.
MAX_RESET, NEAR_TRIES = 8, 12
#: Photo combinations that do not place, tried before a band is given up
#: as too short for its photos (see ``_Search._beyond``).
MAX_MISPLACED = 500
#: The cost of a band that cannot hold its article's blocks (see ``_overset``).
_IMPOSSIBLE = 1e9


@dataclass(frozen=True)
class PhotoPlan:
    """A photo placed in its band: block rect (image, caption and the margin
    toward the body), image lines, and the image's first line in the rect."""

    piece: PhotoPiece
    rect: Rect
    image_lines: int
    caption: tuple[Line, ...]
    distortion: float
    offset: int = 0


@dataclass(frozen=True)
class BandPlan:
    """One article's band: where it sits (type-area lines), its blocks, the
    items flowed (the article's, with some paragraphs set a line tighter or
    looser where that made the band even), their heights, and the flow."""

    pieces: ArticlePieces
    top: int
    height: int
    headline: Rect
    photos: tuple[PhotoPlan, ...]
    heights: tuple[int, ...]
    flow: Flow
    cost: float
    items: tuple[FlowItem, ...] = ()

    @property
    def mismatch(self) -> int:
        """Free lines minus lines to set: > 0 underset, < 0 overset."""
        return self.flow.underset - self.flow.overset


@dataclass(frozen=True)
class PagePlan:
    """The page: banner lines, bands top to bottom, whether all is flush,
    and how many arrangements the search looked at."""

    banner_lines: int
    bands: tuple[BandPlan, ...]
    flush: bool
    tried: int


def fit_page(articles: Sequence[ArticlePieces], layout: Layout, banner_lines: int) -> PagePlan:
    """The cheapest flush arrangement of the page below a banner
    ``banner_lines`` tall (0: none), or the nearest one.

    A first pass keeps every paragraph as composed; only if no split of the
    page comes out even does a second pass allow 走行 (paragraphs set a line
    tighter or looser), which costs re-setting and is the last resort."""
    search = _Search(layout)
    best = _best_split(articles, layout, search, banner_lines)
    if not all(p.flow.flush for p in best):
        search.resetting = True
        best = _best_split(articles, layout, search, banner_lines)
    plans = [_recorded(plan, layout) for plan in best]
    return PagePlan(banner_lines, tuple(plans),
                    all(p.flow.flush for p in plans), search.tried)


def _best_split(articles: Sequence[ArticlePieces], layout: Layout, search: "_Search",
                banner_lines: int) -> list[BandPlan]:
    """The page's band heights, the best of every plausible split: the fewest
    bands that cannot hold their blocks, then the fewest lines over (text
    that cannot be printed), then the fewest left empty, then the lowest
    cost (on a tie, the split with the lowest heights first)."""
    arr = layout.arrangement
    variant = arr.variants[arr.variant]
    sides = [variant[i % len(variant)] for i in range(len(articles))]
    total = layout.grid.lines - banner_lines - arr.credits_lines \
        - arr.rule_lines * (len(articles) - 1)

    def plan(number: int, height: int) -> BandPlan:
        return search.plan(articles[number], height, sides[number])

    heights = _cheapest_split(total, _height_ranges(total, [search.height_range(a) for a in articles]),
                              lambda number, height: _band_key(plan(number, height)))
    placed, top = [], banner_lines
    for number, height in enumerate(heights):
        placed.append(dataclasses.replace(plan(number, height), top=top))
        top += height + arr.rule_lines
    return placed


def _band_key(plan: BandPlan) -> tuple[int, int, int, float]:
    """What a band adds to a split's ranking (see ``_best_split``)."""
    return (int(plan.cost >= _IMPOSSIBLE), plan.flow.overset, plan.flow.underset, plan.cost)


def _height_ranges(total: int, ranges: list[range]) -> Iterator[list[range]]:
    """The heights each band may take, widest last: each inside its
    plausible range; if no split allows that (copy far too short or too
    long for the page), all but the last starting at their ranges; failing
    that (a band's range starts beyond the page), any — each band at least
    ``MIN_SEGMENT_LINES``."""
    yield ranges
    anything = range(MIN_SEGMENT_LINES, total + 1)
    yield [range(max(MIN_SEGMENT_LINES, r.start), total + 1) for r in ranges[:-1]] + [anything]
    yield [anything] * len(ranges)


Key = tuple[int, int, int, float]


def _cheapest_split(total: int, choices: Iterator[list[range]],
                    key: Callable[[int, int], Key]) -> tuple[int, ...]:
    """Band heights adding up to ``total`` with the least summed ``key``
    (band number, height), from the first list of ranges that allows any.

    Keys add up band by band, so this is a dynamic programme over (bands
    set, lines used) — the same answer as trying every split, in work that
    grows with articles × lines × heights, not with heights to the power of
    the articles. Only heights that belong to some whole split are keyed."""
    for ranges in choices:
        completes = _completions(total, ranges)
        if 0 not in completes[0]:
            continue
        best: dict[int, tuple[Key, tuple[int, ...]]] = {0: ((0, 0, 0, 0), ())}
        for number, heights in enumerate(ranges):
            reached: dict[int, tuple[Key, tuple[int, ...]]] = {}
            for used, (so_far, split) in sorted(best.items()):
                for height in heights:
                    if used + height in completes[number + 1]:
                        band = key(number, height)
                        trial = (tuple(a + b for a, b in zip(so_far, band)), (*split, height))
                        if used + height not in reached or trial < reached[used + height]:
                            reached[used + height] = trial  # type: ignore[assignment]
            best = reached
        return best[total][1]
    raise AssertionError("the last list of ranges always allows a split")


def _completions(total: int, ranges: list[range]) -> list[set[int]]:
    """For each band, the lines used above it from which the bands from it
    on can add up to ``total`` exactly."""
    completes = [set() for _ in ranges] + [{total}]
    for number in reversed(range(len(ranges))):
        completes[number] = {used - height for used in completes[number + 1]
                             for height in ranges[number] if used >= height}
    return completes


class _Search:
    """Band-level search state: per-article photo options and a memo."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.geom = Geometry.of(layout)
        self.columns = layout.grid.columns
        self.tried = 0
        self._options: dict[int, list[tuple[tuple, float, int]]] = {}
        self._bands: dict[tuple[int, int, str, bool], BandPlan] = {}
        self.resetting = False
        self._areas: dict[int, dict[int, list[tuple[tuple, float]]]] = {}
        self._heads: dict[int, _Heads] = {}
        self._beyonds: dict[tuple[int, int, str], BandPlan | None] = {}
        self._tallests: dict[int, dict[int, list[int]]] = {}

    def height_range(self, pieces: ArticlePieces) -> range:
        """Band heights whose area could hold the article (a generous bound)."""
        low_demand, high_demand = pieces.demand
        areas = [area for _, _, area in self.photo_options(pieces)] or [0]
        hc = pieces.headline.columns
        fixed = hc * pieces.headline.lines
        low = (low_demand + fixed + min(areas)) // self.columns
        high = -(-(high_demand + fixed + hc * MAX_HEADLINE_PAD + max(areas)) // self.columns)
        return range(max(low, 1), high + 2)

    def photo_options(self, pieces: ArticlePieces) -> list[tuple[tuple, float, int]]:
        """Combinations of (width, image lines, caption, distortion) for the
        article's photos, each with its total distortion and the cells its
        blocks take (see ``_shortlist``)."""
        key = id(pieces)
        if key not in self._options:
            per_photo = [_shortlist(self._photo_choices(p)) for p in pieces.photos]
            self._options[key] = [(combo, sum(c[3] for c in combo),
                                   sum(w * self._block(k, cap) for w, k, cap, _ in combo))
                                  for combo in itertools.product(*per_photo)]
        return self._options[key]

    def _block(self, image_lines: int, caption: Sequence[Line]) -> int:
        """Lines a photo block takes: the image, its caption, the gap
        between them and the margin toward the body."""
        arr = self.layout.arrangement
        return image_lines + len(caption) + arr.caption_gap_lines + arr.photo_margin_lines

    def area_index(self, pieces: ArticlePieces) -> dict[int, list[tuple[tuple, float]]]:
        """Photo combinations by the cells they take, cheapest first."""
        key = id(pieces)
        if key not in self._areas:
            index: dict[int, list[tuple[tuple, float]]] = {}
            for combo, distortion, area in self.photo_options(pieces):
                index.setdefault(area, []).append((combo, distortion))
            for combos in index.values():
                combos.sort(key=lambda c: c[1])
            self._areas[key] = index
        return self._areas[key]

    def _photo_choices(self, piece: PhotoPiece) -> list[tuple[int, int, tuple[Line, ...], float]]:
        tol = self.layout.arrangement.photo_aspect_tolerance
        choices = []
        for columns, caption in piece.captions.items():
            width = self.geom.width(columns)
            for lines in range(2, 200):
                ratio = width / self.geom.height(lines) / piece.photo.aspect
                if ratio < 1 - tol:
                    break
                if ratio <= 1 + tol:
                    choices.append((columns, lines, caption, abs(ratio - 1)))
        return choices

    def plan(self, pieces: ArticlePieces, height: int, side: str) -> BandPlan:
        """The best arrangement of one article in a band ``height`` lines tall
        at the top of the type area (memoised: a band's arrangement does not
        depend on where it sits)."""
        key = (id(pieces), height, side, self.resetting)
        if key not in self._bands:
            self._bands[key] = self._best_band(pieces, height, side)
        return self._bands[key]

    def _best_band(self, pieces: ArticlePieces, height: int, side: str) -> BandPlan:
        """Search one band, cheapest arrangements first.

        Photo combinations whose area leaves exactly the lines the body can
        take are flowed first (found through the area index). If none comes
        out even, combinations a few lines off are tried with paragraphs set
        a line tighter or looser (走行); failing that, the nearest is flowed
        anyway so that the overset or underset can be shown and reported —
        and when no combination is within ``MAX_RESET`` lines (copy far too
        long or short for the band), the nearest of all of them (``_beyond``):
        a band always gets its headline, photos and body where they fit."""
        best: BandPlan | None = None
        near: list[tuple[int, float, Rect, tuple]] = []
        by_area = self.area_index(pieces)
        low, high = pieces.demand
        for pad in range(MAX_HEADLINE_PAD + 1):
            headline = self._place(Rect(0, 0, pieces.headline.columns,
                                        pieces.headline.lines + pad), side)
            free = self.columns * height - headline.columns * headline.lines
            for area in range(free - high - MAX_RESET, free - low + MAX_RESET + 1):
                for combo, distortion in by_area.get(area, ()):
                    cost = W_DISTORT * distortion + W_PAD * pad
                    gap = _mismatch(pieces, free - area)
                    if gap:
                        near.append((gap, cost, headline, combo))
                        continue
                    if best and best.flow.flush and cost >= best.cost:
                        continue
                    photos = self._photo_plans(pieces.photos, combo, height, side, headline)
                    plan = self._flow(pieces, height, headline, photos, cost)
                    if plan and (best is None or _better(plan, best)):
                        best = plan
                    if plan and not plan.flow.flush:
                        near.append((0, cost, headline, combo))
        near.sort(key=lambda n: (abs(n[0]), n[1]))
        if self.resetting and (best is None or not best.flow.flush):
            best = self._evened(pieces, height, side, near, best)
        for gap, cost, headline, combo in near if best is None else ():
            best = self._flow(pieces, height, headline,
                              self._photo_plans(pieces.photos, combo, height, side, headline), cost)
            if best:
                break
        return best or self._beyond(pieces, height, side) or self._overset(pieces, height, side)

    def _beyond(self, pieces: ArticlePieces, height: int, side: str) -> BandPlan | None:
        """The real arrangement nearest to even when none is within
        ``MAX_RESET`` lines: every headline padding and photo combination,
        nearest first by arithmetic (the largest photos and most padding for
        short copy, the smallest for long), flowed until no untried one can
        be better. A band's supply minus the lines set is exactly the gap
        left by the subhead heights chosen, so the arithmetic gap is a lower
        bound on the lines a combination leaves over or empty.

        Combinations with a block taller than the band are skipped, and the
        search gives up after ``MAX_MISPLACED`` that do not place (a band too
        short for the article's photos: the page split avoids it). Memoised
        apart from 走行, which cannot close gaps this wide."""
        key = (id(pieces), height, side)
        if key in self._beyonds:
            return self._beyonds[key]
        by_area, tallest = self.area_index(pieces), self._tallest(pieces)
        candidates = []
        for pad in range(MAX_HEADLINE_PAD + 1):
            headline = self._place(Rect(0, 0, pieces.headline.columns,
                                        pieces.headline.lines + pad), side)
            free = self.columns * height - headline.columns * headline.lines
            for area, combos in by_area.items():
                if min(tallest[area]) <= height:
                    gap = abs(_mismatch(pieces, free - area))
                    candidates.append((gap, W_DISTORT * combos[0][1] + W_PAD * pad, pad, area, headline))
        candidates.sort(key=lambda c: c[:4])
        best: BandPlan | None = None
        misplaced = 0
        for gap, least, pad, area, headline in candidates:
            if best is not None and (gap, least) >= (_off(best), best.cost) or misplaced > MAX_MISPLACED:
                break
            for (combo, distortion), top in zip(by_area[area], tallest[area]):
                cost = W_DISTORT * distortion + W_PAD * pad
                if best is not None and (gap, cost) >= (_off(best), best.cost):
                    break
                if top > height:
                    continue
                plan = self._flow(pieces, height, headline,
                                  self._photo_plans(pieces.photos, combo, height, side, headline), cost)
                if plan:
                    if best is None or _better(plan, best):
                        best = plan
                    break  # the cheapest combination of this area that places
                misplaced += 1
        self._beyonds[key] = best
        return best

    def _tallest(self, pieces: ArticlePieces) -> dict[int, list[int]]:
        """The tallest photo block of each combination, as ``area_index`` lists them."""
        key = id(pieces)
        if key not in self._tallests:
            self._tallests[key] = {
                area: [max((self._block(k, cap) for _, k, cap, _ in combo), default=0)
                       for combo, _ in combos]
                for area, combos in self.area_index(pieces).items()}
        return self._tallests[key]

    def _evened(self, pieces: ArticlePieces, height: int, side: str,
                near: list[tuple[int, float, Rect, tuple]], best: BandPlan | None) -> BandPlan | None:
        """The best of the arrangements a few lines off (nearest first), each
        evened out by 走行 where it can be."""
        for gap, cost, headline, combo in near[:NEAR_TRIES]:
            photos = self._photo_plans(pieces.photos, combo, height, side, headline)
            for shift in ((gap,) if gap else (1, -1)):
                plan = self._reset(pieces, height, headline, photos, cost, shift)
                if plan and (best is None or _better(plan, best)):
                    best = plan
            if best and best.flow.flush:
                break
        return best

    def _flow(self, pieces, height, headline, photos, base_cost,
              items: tuple[FlowItem, ...] | None = None) -> BandPlan | None:
        """Flow the body (or ``items``, a re-set version of it) around these
        blocks with the subhead heights that make it even; None if the
        blocks collide."""
        segments = free_segments(self.columns, height, [headline] + [p.rect for p in photos],
                                 MIN_SEGMENT_LINES)
        if segments is None:
            return None
        items = items or pieces.items
        runs = pieces.runs if items is pieces.items else None
        if items is not pieces.items:
            heads = _Heads.of(items)
        elif id(pieces) in self._heads:
            heads = self._heads[id(pieces)]
        else:
            heads = self._heads[id(pieces)] = _Heads.of(items)
        heights, head_cost = _head_heights(items, heads, segments)
        self.tried += 1
        result = flow(items, heights, segments, record=False, runs=runs)
        strips = sum(1 for s in segments if s.line > 0 and s.lines < MIN_STRIP_LINES)
        cost = base_cost + head_cost + W_WIDOW * result.widows + W_STRIP * strips
        return BandPlan(pieces, 0, height, headline, photos, heights, result, cost, items)

    def _reset(self, pieces: ArticlePieces, height: int, headline: Rect, photos, base_cost: float,
               gap: int) -> BandPlan | None:
        """走行: set ``gap`` paragraphs a line looser (gap > 0) or tighter
        (gap < 0) so the body takes exactly the free lines, trying a few
        choices of paragraphs (from the end, from the start, spread out)."""
        step = 1 if gap > 0 else -1
        counts = pieces.line_counts
        able = [s.para for s in pieces.settings if counts[s.para] + step in s.alternatives]
        if len(able) < abs(gap):
            return None
        best = None
        for chosen in _selections(able, abs(gap)):
            items = pieces.reset({p: counts[p] + step for p in chosen})
            plan = self._flow(pieces, height, headline, photos, base_cost + W_RESET * abs(gap), items)
            if plan and (best is None or _better(plan, best)):
                best = plan
            if best and best.flow.flush and best.flow.widows == 0:
                break
        return best

    def _photo_plans(self, photos: Sequence[PhotoPiece], combo: tuple, height: int,
                     side: str, headline: Rect) -> tuple[PhotoPlan, ...]:
        """Photo blocks in their slots, worked out as for a headline on the
        left (``raw``) and mirrored last."""
        plans: list[PhotoPlan] = []
        raw: list[Rect] = []
        arr = self.layout.arrangement
        for index, (piece, (columns, lines, caption, distortion)) in enumerate(zip(photos, combo)):
            raw.append(_slot(index, columns, self._block(lines, caption), height, self.columns, raw,
                             headline, len(combo)))
            offset = arr.photo_margin_lines if raw[-1].bottom == height and raw[-1].line > 0 else 0
            plans.append(PhotoPlan(piece, self._place(raw[-1], side), lines, caption, distortion, offset))
        return tuple(plans)

    def _place(self, rect: Rect, side: str) -> Rect:
        """Mirror a rect drawn for a headline on the left when it goes right."""
        if side == "left":
            return rect
        return Rect(self.columns - rect.right, rect.line, rect.columns, rect.lines)

    def _overset(self, pieces, height, side) -> BandPlan:
        """No arrangement at all: the band cannot hold the photos at any size
        (the page split avoids such a band wherever it can). The body is
        still flowed beside the headline where there is room, so what fits
        is shown and the rest is counted over; otherwise all of it is over."""
        headline = self._place(Rect(0, 0, pieces.headline.columns,
                                    min(height, pieces.headline.lines)), side)
        plan = self._flow(pieces, height, headline, (), 0.0)
        if plan:
            return dataclasses.replace(plan, cost=_IMPOSSIBLE)
        empty = Flow((), 0, pieces.demand[0], 0)
        return BandPlan(pieces, 0, height, headline, (), (), empty, _IMPOSSIBLE)


def _selections(able: list[int], count: int) -> Iterator[list[int]]:
    """A few ways to pick ``count`` of the paragraphs ``able``: the last
    ones, the first ones, and spread evenly at a few offsets."""
    yield able[-count:]
    yield able[:count]
    stride = len(able) / count
    for offset in (0.0, 0.5, 0.25, 0.75):
        yield [able[min(len(able) - 1, int((i + offset) * stride))] for i in range(count)]


def _shortlist(choices: list[tuple]) -> list[tuple]:
    """A photo's ``PHOTO_CHOICES`` least distorted sizes, plus its smallest
    and largest (which copy-fitting needs), so four photos stay a few
    thousand combinations."""
    if len(choices) <= PHOTO_CHOICES:
        return choices
    def cells(choice: tuple) -> int:
        return choice[0] * (choice[1] + len(choice[2]))
    keep = sorted(choices, key=lambda c: c[3])[:PHOTO_CHOICES]
    keep += [c for c in (min(choices, key=cells), max(choices, key=cells)) if c not in keep]
    return keep


def _recorded(plan: BandPlan, layout: Layout) -> BandPlan:
    """The plan with its flow's slots written out (the search skips them)."""
    if not plan.items:
        return plan
    blocks = [plan.headline] + [p.rect for p in plan.photos]
    segments = free_segments(layout.grid.columns, plan.height, blocks, MIN_SEGMENT_LINES)
    assert segments is not None
    return dataclasses.replace(plan, flow=flow(plan.items, plan.heights, segments))


def _slot(index: int, columns: int, lines: int, height: int, grid_columns: int,
          placed: Sequence[Rect], headline: Rect, count: int = 1) -> Rect:
    """Corner slots for a band whose headline is on the left, for photo
    ``index`` of ``count``: top right (bottom right when that would leave
    under it a strip of text shorter than ``MIN_STRIP_LINES`` and there are
    at most two photos), bottom right (bottom left when that would
    leave such a strip between the two, unless bottom left leaves a shorter
    one under the headline), the other bottom corner, then under
    the first photo. Photos keep to the side away from the headline where
    they can, so mirrored bands alternate sides down the page instead of
    stacking photos across the rule between them. A headline too wide to
    leave the top corner free has the first photo under it."""
    right = grid_columns - columns
    if index == 0:
        if right < headline.columns:
            return Rect(right, headline.lines, columns, lines)
        # A photo that leaves only a strip under it goes to the foot, so the
        # text in its columns starts at the top of the band, not in the strip.
        to_foot = count <= 2 and height - lines < MIN_STRIP_LINES
        return Rect(right, height - lines if to_foot else 0, columns, lines)
    if index == 1:
        same, other = height - lines - placed[0].bottom, height - lines - headline.bottom
        fits_same, fits_other = placed[0].line == 0 and same >= 0, other >= 0
        keep = fits_same and (_no_strip(same) or not fits_other
                              or (not _no_strip(other) and same >= other))
        return Rect(right if keep else 0, height - lines, columns, lines)
    if index == 2:
        taken = placed[1].right == grid_columns
        return Rect(0 if taken else right, height - lines, columns, lines)
    return Rect(right, placed[0].bottom, columns, lines)


def _no_strip(gap: int) -> bool:
    """Whether ``gap`` lines of text between two blocks read as a column (or
    there are none)."""
    return gap == 0 or gap >= MIN_STRIP_LINES


@dataclass(frozen=True)
class _Heads:
    """Where the subheads are in a list of flow items, worked out once per
    list (every arrangement of a band asks): their item indices, each
    item's height with subheads at their preferred heights, and the body
    lines before the first subhead and after each."""

    index: tuple[int, ...]
    base: tuple[int, ...]
    between: tuple[int, ...]

    @classmethod
    def of(cls, items: Sequence[FlowItem]) -> "_Heads":
        index, base, between = [], [], [0]
        for i, item in enumerate(items):
            if isinstance(item, Subhead):
                index.append(i)
                base.append(item.heights[0])
                between.append(0)
            else:
                base.append(1)
                between[-1] += 1
        return cls(tuple(index), tuple(base), tuple(between))


def _head_heights(items: Sequence[FlowItem], heads: _Heads,
                  segments: Sequence[Segment]) -> tuple[tuple[int, ...], float]:
    """Subhead heights (as a height per item) that fill ``segments`` exactly
    with every subhead kept above at least ``KEEP_AFTER_HEAD`` lines of its
    column, the fewest non-preferred heights first; for a body too long for
    the segments at any heights, heights that fill them with no line left
    empty before the rest runs over (``_fill_over``); if none does, the
    vector nearest to the total, so the shortfall can be shown and reported.

    A dynamic programme over the subheads: with no gap anywhere, an item's
    place is the sum of the heights before it, so each subhead's choice only
    has to respect the foot of the segment it starts in."""
    options = [items[i].heights for i in heads.index]
    feet = list(itertools.accumulate(s.lines for s in segments))
    choice = _fill(options, heads.between, feet)
    extra = feet[-1] - sum(heads.base) if feet else 0
    if choice is None and extra < sum(min(o) - o[0] for o in options):  # too long at any heights
        choice = _fill_over(options, heads.between, feet)
    if choice is None:
        choice = _nearest(options, extra)
    heights = list(heads.base)
    for i, h in zip(heads.index, choice):
        heights[i] = h
    cost = W_HEAD * sum(h != o[0] for o, h in zip(options, choice))
    return tuple(heights), cost


def _nearest(options: list[tuple[int, ...]], extra: int) -> tuple[int, ...]:
    """Subhead heights whose total is nearest the preferred total plus
    ``extra``: each subhead in turn moves toward it (linear, not a search)."""
    choice = [o[0] for o in options]
    for i, heights in enumerate(options):
        target = choice[i] + extra
        best = min(heights, key=lambda h: abs(h - target))
        extra -= best - choice[i]
        choice[i] = best
    return tuple(choice)


def _fill(options: list[tuple[int, ...]], between: Sequence[int],
          feet: list[int]) -> tuple[int, ...] | None:
    """The cheapest subhead heights (one of ``options`` each) that place
    every subhead legally and end exactly at the last foot, with
    ``between[j]`` body lines before subhead j (and after the last); None if
    there are none."""
    if not feet:
        return None
    states: dict[int, tuple[int, tuple[int, ...]]] = {between[0]: (0, ())}
    for heights, after in zip(options, between[1:]):
        nxt: dict[int, tuple[int, tuple[int, ...]]] = {}
        for at, (cost, chosen) in states.items():
            foot = next((f for f in feet if f > at), None)
            for rank, h in enumerate(heights):
                if foot is None or at + h + KEEP_AFTER_HEAD > foot:
                    continue
                key, value = at + h + after, (cost + (rank > 0), chosen + (h,))
                if key not in nxt or value < nxt[key]:
                    nxt[key] = value
        states = nxt
    found = states.get(feet[-1])
    return found[1] if found else None


def _fill_over(options: list[tuple[int, ...]], between: Sequence[int],
               feet: list[int]) -> tuple[int, ...] | None:
    """For a body longer than its band: the cheapest subhead heights that
    leave no line of the band empty, the subheads that fit placed legally
    and the rest of the body running on past the last foot (overset, each
    subhead there at its preferred height); None if there are none.

    The same programme as ``_fill``, stopping at the section that reaches
    the last foot: every line is then set, so the band reports only the
    lines over."""
    if not feet:
        return None
    last = feet[-1]
    if between[0] >= last:
        return tuple(o[0] for o in options)
    states: dict[int, tuple[int, tuple[int, ...]]] = {between[0]: (0, ())}
    best: tuple[int, tuple[int, ...]] | None = None
    for j, (heights, after) in enumerate(zip(options, between[1:])):
        nxt: dict[int, tuple[int, tuple[int, ...]]] = {}
        rest = tuple(o[0] for o in options[j + 1:])
        for at, (cost, chosen) in states.items():
            foot = next(f for f in feet if f > at)
            for rank, h in enumerate(heights):
                if at + h + KEEP_AFTER_HEAD > foot:
                    continue
                key, value = at + h + after, (cost + (rank > 0), chosen + (h,))
                if key >= last:
                    if best is None or (value[0], value[1] + rest) < best:
                        best = (value[0], value[1] + rest)
                elif key not in nxt or value < nxt[key]:
                    nxt[key] = value
        states = nxt
    return best[1] if best else None


def _mismatch(pieces: ArticlePieces, supply: int) -> int:
    """Lines of supply beyond what the body can take (> 0), or short of it (< 0)."""
    low, high = pieces.demand
    return supply - high if supply > high else min(0, supply - low)


def _off(plan: BandPlan) -> int:
    """Lines a plan leaves over or empty."""
    return plan.flow.underset + plan.flow.overset


def _better(a: BandPlan, b: BandPlan) -> bool:
    """Fewer lines overset or left empty first, then the lower cost."""
    return (_off(a), a.cost) < (_off(b), b.cost)
