"""FIT: choose each article's module, photo sizes and subhead heights so
that every column of every module ends on the module's last line (齐底) and
the page is full.

Two steps (DESIGN.md §7): ``shapes`` finds how one article sets in a module
of a given size, ``pack`` splits the free type area into one module per
article. A first pass keeps every paragraph as composed; only if no page
comes out even does a second allow 走行 (paragraphs set a line tighter or
looser), which costs re-setting and is the last resort. When nothing is even,
the nearest page is kept and the copy-fit report says by how many lines each
article is over or under.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from ..compose.blocks import ArticlePieces
from ..load.layout import Layout
from .costs import Costs
from .pack import Cut, Leaf, Packer, Packing
from .shapes import (
    MAX_HEADLINE_PAD,
    MAX_HEADLINE_WIDEN,
    MAX_RESET,
    BandPlan,
    Shapes,
    recorded,
)


@dataclass(frozen=True)
class PagePlan:
    """The page: banner lines, each article's module (in article order),
    the rules between modules, whether all is flush, and how many
    arrangements the search flowed."""

    banner_lines: int
    bands: tuple[BandPlan, ...]
    cuts: tuple[Cut, ...]
    flush: bool
    tried: int


def fit_page(articles: Sequence[ArticlePieces], layout: Layout, banner_lines: int) -> PagePlan:
    """The cheapest flush page below a banner ``banner_lines`` tall (0:
    none), or the nearest one."""
    arr = layout.arrangement
    shapes = Shapes(layout, Costs.of(arr.costs))
    shapes.lowered_min = max(a.headline.lines for a in articles) + MAX_HEADLINE_PAD
    lines = layout.grid.lines - banner_lines - arr.credits_lines
    packing = _pack(articles, shapes, layout.grid.columns, lines, arr.rule_lines, final=False)
    if packing.key[0] or packing.key[1] or packing.key[2]:
        shapes.resetting = True
        packing = _pack(articles, shapes, layout.grid.columns, lines, arr.rule_lines, final=True)
    plans = []
    for pieces, rect, lowered in zip(articles, packing.modules, packing.lowered):
        plan = shapes.plan(pieces, rect.columns, rect.lines, lowered)
        plans.append(recorded(dataclasses.replace(plan, top=banner_lines + rect.line,
                                                  column=rect.column), arr.subhead_keep_lines))
    cuts = tuple(dataclasses.replace(c, line=c.line + banner_lines) for c in packing.cuts)
    return PagePlan(banner_lines, tuple(plans), cuts, all(p.flow.flush for p in plans),
                    shapes.tried)


def _pack(articles: Sequence[ArticlePieces], shapes: Shapes, columns: int, lines: int,
          rule_lines: int, final: bool) -> Packing:
    """The best partition under the current pass (走行 or not).

    Every module size is first given its figures by arithmetic alone — a
    lower bound on what a real arrangement leaves over or empty (see
    ``Shapes.gap``), and for sizes that may come out even, none over, none
    empty, at the least cost they could have. When the best page would be
    flush and uses such an estimate, the real arrangement of that module is
    worked out and the page searched again, until the best page is made of
    real arrangements only: a flush page found this way is the exact
    optimum, while only the sizes that matter are ever flowed. Estimates
    that leave lines over or empty are lower bounds: no page can then be
    flush, so a first pass stops there (the 走行 pass follows), and the
    ``final`` pass refines only ``FEW_REFINEMENTS`` rounds for such a page;
    after ``MAX_REFINEMENTS`` rounds the page is searched once more with
    every estimate ranked as a module that may not hold its article, so it
    rests on worked-out modules wherever it can. Either way the report gives
    its modules' real figures."""
    limit = MAX_RESET if shapes.resetting else 0
    reset_rate = min(shapes.costs.reset_tighter, shapes.costs.reset_looser)
    leaves: dict[tuple[int, int, int, bool], Leaf] = {}
    real: set[tuple[int, int, int, bool]] = set()
    doubt = [0]  # added to an estimate's first term once the rounds are spent

    def estimate(index: int, width: int, height: int, lowered: bool) -> Leaf:
        pieces = articles[index]
        top = shapes.lowered_min if lowered else 0
        heads = (top, top + pieces.headline.lines)
        if not shapes.holds(pieces, width, lowered) or height < shapes.min_height(pieces, lowered):
            return Leaf((1 + doubt[0], 0, 0, 0.0), heads)
        gap, least = shapes.gap(pieces, width, height, lowered)
        if abs(gap) > limit:
            return Leaf((doubt[0], max(0, -gap), max(0, gap), 0.0), heads)
        lowering = shapes.costs.lowered if lowered else 0.0
        return Leaf((doubt[0], 0, 0, least + lowering + reset_rate * abs(gap)), heads)

    def worked_out(index: int, width: int, height: int, lowered: bool) -> Leaf:
        plan = shapes.plan(articles[index], width, height, lowered)
        cost = plan.cost + (shapes.costs.lowered if lowered else 0.0)
        return Leaf((plan.broken, plan.flow.overset, plan.flow.underset, cost),
                    (plan.headline.line, plan.headline.bottom))

    def leaf(index: int, width: int, height: int, lowered: bool) -> Leaf:
        key = (index, width, height, lowered)
        if key not in leaves:
            leaves[key] = estimate(*key)
        return leaves[key]

    cells = [_cells(pieces, shapes, columns) for pieces in articles]
    packer = Packer(len(articles), leaf, rule_lines, cells=cells)
    packing = None
    for round in range(MAX_REFINEMENTS):
        packing = packer.packing(columns, lines)
        assert packing is not None, "a page too small for its articles"
        chosen = {(i, r.columns, r.lines, low)
                  for i, (r, low) in enumerate(zip(packing.modules, packing.lowered))} - real
        hopeless = packing.key[1] or packing.key[2]  # not even the estimates come out even
        if not chosen or (hopeless and not final):
            return packing
        if hopeless and round >= FEW_REFINEMENTS:
            break
        for key in chosen:
            leaves[key] = worked_out(*key)
        real |= chosen
        packer.forget({key[0] for key in chosen})
    # Not settled: let the page rest on worked-out modules wherever it can,
    # an estimate counting as a module that may not hold its article.
    doubt[0] = 1
    for key in [key for key in leaves if key not in real]:
        del leaves[key]
    packer.forget(set(range(len(articles))))
    return packer.packing(columns, lines)


def _cells(pieces: ArticlePieces, shapes: Shapes, columns: int) -> tuple[int, int]:
    """The fewest and most cells the article can fill in any module (see
    ``pack.Cells``): its body and headline at their extremes, and each photo
    at its smallest and largest block at any width."""
    fewest = most = 0
    for piece in pieces.photos:
        blocks = [width * shapes.block_lines(lines, caption)
                  for width in range(2, columns + 1)
                  for width, lines, caption, _ in shapes.photo_choices(piece, width)]
        fewest, most = fewest + min(blocks, default=0), most + max(blocks, default=0)
    head = pieces.headline.columns
    low, high = pieces.demand
    return (low + head * pieces.headline.lines + fewest,
            high + min(columns, head + MAX_HEADLINE_WIDEN) * (pieces.headline.lines + MAX_HEADLINE_PAD)
            + most)


#: Rounds of working out the real arrangements a best page relies on (and
#: for a page that cannot be flush).
MAX_REFINEMENTS, FEW_REFINEMENTS = 16, 4
