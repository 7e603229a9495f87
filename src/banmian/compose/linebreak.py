"""Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981).

Font-free and script-free: a paragraph is a list of items — ``Box`` (fixed
width), ``Glue`` (width that may stretch or shrink), ``Penalty`` (a possible
break with a cost) — and the lines get widths by line number. The breaker
returns the break indices that minimise the paragraph's total demerits, and
each line's adjustment ratio. Where to put boxes, glue and penalties is the
caller's business (``compose`` does it for Chinese, ``cjk`` knows the rules).

Semantics are TeX's: a break may happen at a penalty below ``INFINITY`` or at
a glue right after a box; a break at glue drops that glue; after a break,
glue and penalties up to the next box are dropped; a penalty's width counts
only when the line breaks there. Like TeX, the breaker assumes that no item
lets a line shrink by more than it widens it (natural width minus shrink never
decreases along the paragraph): a line that is overfull stays overfull.

Lengths are floats in any one unit; ratios are plain floats. Speed comes from
prefix sums (the width, stretch and shrink of any line are two subtractions)
and from dropping an active break as soon as its line is overfull, so the
active list never holds more than a line's worth of breaks.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import NamedTuple

INFINITY = 10000
"""A penalty of at least this forbids a break; at most minus this forces one (TeX)."""


class Box(NamedTuple):
    """Material of fixed width."""

    width: float


class Glue(NamedTuple):
    """Space of natural ``width`` that may grow by ``stretch`` (``math.inf``
    for fill glue) or narrow by ``shrink`` at an adjustment ratio of ±1."""

    width: float
    stretch: float
    shrink: float


class Penalty(NamedTuple):
    """A possible break costing ``penalty``; ``width`` is set only if the line
    breaks here; two flagged breaks in a row cost ``Params.flagged_demerits``.
    An ``emergency`` break is no break at all unless the paragraph cannot be
    set within the tolerance without it (a URL or code wider than the line);
    then it is one, costing ``Params.emergency_demerits`` more."""

    width: float
    penalty: float
    flagged: bool = False
    emergency: bool = False


Item = Box | Glue | Penalty
Widths = Sequence[float] | Callable[[int], float]


@dataclass(frozen=True)
class Params:
    """Costs and limits of the search (TeX's names in brackets).

    ``tolerance`` is the largest adjustment ratio a line may take in the first
    pass; when no break set fits within it a final pass accepts any ratio and,
    where nothing fits at all, an overfull line. ``ragged_stretch``, when
    set, replaces every line's stretch for the badness, fill glue included:
    breaks for unjustified (ragged or centred) setting, where a line's
    shortfall is not filled; the last line is judged too, so a centred
    heading comes out balanced.
    """

    tolerance: float = 2.0
    line_penalty: float = 10.0          # \\linepenalty
    fitness_demerits: float = 10000.0   # \\adjdemerits
    flagged_demerits: float = 10000.0   # \\doublehyphendemerits
    ragged_stretch: float | None = None
    emergency_demerits: float = 5e8     # as much as one line at ratio ≈ 6.1


@dataclass(frozen=True)
class Breaks:
    """The chosen breaks: line ``i`` sets items ``starts[i]`` up to (not
    including) ``positions[i]``, where it breaks (the last is the paragraph's
    final item); ``ratios[i]`` is its adjustment ratio (below -1 only for an
    overfull line of the final pass)."""

    positions: tuple[int, ...]
    starts: tuple[int, ...]
    ratios: tuple[float, ...]
    demerits: float


class _Sums:
    """Prefix sums over the items — ``width[i]`` is the width of items[:i],
    likewise ``stretch``, ``shrink`` and ``fill`` (the count of fill glue) —
    the legal ``breaks`` (emergency breaks among them when ``emergency``),
    and ``starts[i]``, where a line after a break at item ``i`` begins."""

    def __init__(self, items: Sequence[Item], emergency: bool = False) -> None:
        n = len(items)
        self.width = [0.0] * (n + 1)
        self.stretch = [0.0] * (n + 1)
        self.shrink = [0.0] * (n + 1)
        self.fill = [0] * (n + 1)
        self.breaks: list[int] = []
        w = y = z = 0.0
        f = 0
        previous_box = False
        for i, item in enumerate(items):
            if type(item) is Glue:
                if previous_box:
                    self.breaks.append(i)
                w += item.width
                if item.stretch == math.inf:
                    f += 1
                else:
                    y += item.stretch
                z += item.shrink
            elif type(item) is Box:
                w += item.width
            elif item.penalty < INFINITY and (emergency or not item.emergency):
                self.breaks.append(i)
            previous_box = type(item) is Box
            self.width[i + 1], self.stretch[i + 1], self.shrink[i + 1], self.fill[i + 1] = w, y, z, f
        self.starts = _line_starts(items)


def _line_starts(items: Sequence[Item]) -> list[int]:
    """For each index, where a line after a break there begins: the next box
    or forced break (glue and penalties in between are dropped)."""
    starts = [len(items)] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        item = items[i]
        solid = type(item) is Box or (type(item) is Penalty and item.penalty <= -INFINITY)
        starts[i] = i if solid else starts[i + 1]
    return [starts[i + 1] for i in range(len(items))]


class _Node:
    """A feasible break: where, which line ends there, how tight, at what cost."""

    __slots__ = (
        "fill",
        "fitness",
        "flagged",
        "line",
        "position",
        "previous",
        "ratio",
        "shrink",
        "stretch",
        "total",
        "width",
    )

    def __init__(self, sums: _Sums, position: int, start: int, line: int, fitness: int,
                 total: float, previous: _Node | None, ratio: float, flagged: bool) -> None:
        self.position, self.line, self.fitness, self.total = position, line, fitness, total
        self.previous, self.ratio, self.flagged = previous, ratio, flagged
        self.width, self.stretch = sums.width[start], sums.stretch[start]
        self.shrink, self.fill = sums.shrink[start], sums.fill[start]


def fitness_class(ratio: float) -> int:
    """0 very loose, 1 loose, 2 decent, 3 tight (TeX's classes)."""
    if ratio < -0.5:
        return 3
    if ratio <= 0.5:
        return 2
    return 1 if ratio <= 1 else 0


def line_demerits(ratio: float, penalty: float, params: Params) -> float:
    """Knuth–Plass demerits of one line: badness 100|r|³, line penalty, break penalty."""
    badness = 100 * abs(max(ratio, -1.0)) ** 3
    demerits = (params.line_penalty + badness) ** 2
    if penalty >= 0:
        return demerits + penalty * penalty
    return demerits - penalty * penalty if penalty > -INFINITY else demerits


def _width_of(widths: Widths) -> tuple[Callable[[int], float], int | None, bool]:
    """Line width by line number, the line from which all are alike (TeX's
    easy line; None for a function), and whether all lines are alike."""
    if callable(widths):
        return widths, None, False
    table = list(widths)
    last = len(table) - 1
    return (lambda line: table[min(line, last)]), last, len(set(table)) == 1


def _ratio(shortfall: float, stretch: float, shrink: float, fill: int) -> float:
    if shortfall > 0:
        if fill:
            return 0.0
        return shortfall / stretch if stretch > 0 else math.inf
    if shortfall < 0:
        return shortfall / shrink if shrink > 0 else -math.inf
    return 0.0


def break_lines(items: Sequence[Item], widths: Widths, params: Params = Params()) -> Breaks:
    """The total-fit breaks of ``items`` (which must end in a forced break).

    When nothing fits within the tolerance, a final pass accepts any ratio,
    overfull lines included, and the emergency breaks: whether a line stays
    loose or a URL breaks is then the demerits' choice."""
    if not items or type(items[-1]) is not Penalty or items[-1].penalty > -INFINITY:
        raise ValueError("the items must end with a forced break (Penalty(0, -INFINITY))")
    sums = _Sums(items)
    first = _total_fit(items, sums, widths, params, final=False)
    if first:
        return _best_path(first, sums, len(items) - 1)
    if any(type(item) is Penalty and item.emergency for item in items):
        sums = _Sums(items, emergency=True)
    last = _total_fit(items, sums, widths, replace(params, tolerance=math.inf), final=True)
    return _best_path(last or [], sums, len(items) - 1)


def breaks_by_line_count(items: Sequence[Item], widths: Widths,
                         params: Params = Params()) -> dict[int, Breaks]:
    """The best break set for every number of lines that fits within the
    tolerance (TeX's \\looseness, all at once): the page engine sets a
    paragraph a line tighter or looser to make columns come out even.
    Empty when nothing fits within the tolerance."""
    sums = _Sums(items)
    active = _total_fit(items, sums, widths, params, final=False, every_count=True) or []
    end = len(items) - 1
    counts = {a.line for a in active if a.position == end}
    return {n: _best_path([a for a in active if a.line == n], sums, end) for n in sorted(counts)}


def _total_fit(items: Sequence[Item], sums: _Sums, widths: Widths, params: Params,
               final: bool, every_count: bool = False) -> list[_Node] | None:
    """One pass of the Knuth–Plass algorithm: the active breaks at the end
    (the paths to read back), or None if no break set fits.

    Core algorithm, longer than the usual function on purpose: the loop over
    breakpoints and active breaks is the hot path and reads as the paper does.
    Active breaks are kept in item order; for equal line widths a later active
    break gives a looser line, so the scan stops at the first one that is too
    loose, and drops those at the front whose line became overfull.
    """
    width_of, easy_line, uniform = _width_of(widths)
    if every_count:
        easy_line = None            # one node per line number: no merging of line counts
    W, Y, Z, F = sums.width, sums.stretch, sums.shrink, sums.fill
    active = [_Node(sums, -1, 0, 0, 2, 0.0, None, 0.0, False)]
    tolerance, ragged = params.tolerance, params.ragged_stretch
    measure = width_of(0)
    for b in sums.breaks:
        item = items[b]
        is_penalty = type(item) is Penalty
        pw, penalty = (item.width, item.penalty) if is_penalty else (0.0, 0.0)
        flagged = is_penalty and item.flagged
        extra = params.emergency_demerits if is_penalty and item.emergency else 0.0
        wb, yb, zb, fb = W[b], Y[b], Z[b], F[b]
        best: dict[tuple[int, int], tuple[float, _Node, float]] = {}
        survivors: list[_Node] = []
        overfull: _Node | None = None
        for i, a in enumerate(active):
            length = measure if uniform else width_of(a.line)
            natural = wb - a.width
            shrink = zb - a.shrink
            shortfall = length - natural - pw
            if shortfall > 0:
                stretch = ragged or (yb - a.stretch)
                ratio = 0.0 if fb > a.fill and not ragged else shortfall / stretch if stretch > 0 else math.inf
                if ratio > tolerance:
                    survivors.append(a)
                    if uniform:             # later active breaks are looser still
                        survivors.extend(active[i + 1:])
                        break
                    continue
            else:
                ratio = shortfall / shrink if shrink > 0 else -math.inf if shortfall else 0.0
                if ratio < -1:
                    overfull = a
                    if natural - shrink <= length:
                        survivors.append(a)     # overfull only by the penalty's width
                    continue
            survivors.append(a)
            demerits = a.total + line_demerits(ratio, penalty, params) + extra
            if flagged and a.flagged:
                demerits += params.flagged_demerits
            fitness = fitness_class(ratio)
            if abs(fitness - a.fitness) > 1:
                demerits += params.fitness_demerits
            key = (fitness, _line_key(a.line + 1, easy_line))
            if key not in best or demerits < best[key][0]:
                best[key] = (demerits, a, ratio)
        if penalty <= -INFINITY:
            survivors = []
        if final and not best and not survivors and overfull is not None:
            key = (3, _line_key(overfull.line + 1, easy_line))
            demerits, node, ratio = _overfull_line(overfull, wb + pw, zb, width_of, penalty, params)
            best[key] = (demerits + extra, node, ratio)
        if best:
            survivors.extend(_new_nodes(sums, b, best, flagged, params))
        if not survivors:
            return None
        active = survivors
    return active


def _line_key(line: int, easy_line: int | None) -> int:
    """Lines from the easy line on all have one width: one node serves them all."""
    return line if easy_line is None or line < easy_line else easy_line


def _overfull_line(a: _Node, natural_end: float, shrink_end: float,
                   width_of: Callable[[int], float], penalty: float,
                   params: Params) -> tuple[float, _Node, float]:
    """The final pass's way out when nothing fits: an overfull line from the
    last break that could still reach here, charged as fully shrunk."""
    ratio = _ratio(width_of(a.line) - (natural_end - a.width), 1.0, shrink_end - a.shrink, 0)
    return a.total + line_demerits(-1.0, penalty, params), a, ratio


def _new_nodes(sums: _Sums, b: int, best: dict[tuple[int, int], tuple[float, _Node, float]],
               flagged: bool, params: Params) -> list[_Node]:
    """Nodes at break ``b``, one per fitness class and line kind, leaving out
    any that costs more than the cheapest of its line kind plus the largest
    fitness penalty (it can never catch up)."""
    cheapest: dict[int, float] = {}
    for (_, line), (total, _, _) in best.items():
        cheapest[line] = min(total, cheapest.get(line, math.inf))
    start = sums.starts[b]
    return [_Node(sums, b, start, a.line + 1, fitness, total, a, ratio, flagged)
            for (fitness, line), (total, a, ratio) in best.items()
            if total <= cheapest[line] + params.fitness_demerits]


def _best_path(active: list[_Node], sums: _Sums, end: int) -> Breaks | None:
    finals = [a for a in active if a.position == end]
    if not finals:
        return None
    node: _Node | None = min(finals, key=lambda a: a.total)
    demerits = node.total
    positions: list[int] = []
    ratios: list[float] = []
    while node is not None and node.previous is not None:
        positions.append(node.position)
        ratios.append(node.ratio)
        node = node.previous
    positions.reverse()
    starts = [0] + [sums.starts[b] for b in positions[:-1]]
    return Breaks(tuple(positions), tuple(starts), tuple(reversed(ratios)), demerits)


def reference_breaks(items: Sequence[Item], widths: Widths, params: Params = Params()) -> Breaks | None:
    """Brute force over every set of legal breaks (tiny paragraphs only): the
    cheapest one whose every line has a ratio in [-1, tolerance]. The test
    oracle for ``break_lines``; exponential, never used for composition."""
    sums = _Sums(items)
    width_of, _, _ = _width_of(widths)
    end = len(items) - 1
    forced = [b for b in sums.breaks if type(items[b]) is Penalty and items[b].penalty <= -INFINITY]
    optional = [b for b in sums.breaks if b not in forced]
    best: Breaks | None = None
    for count in range(len(optional) + 1):
        for chosen in combinations(optional, count):
            candidate = _score(items, sums, sorted({*chosen, *forced, end}), width_of, params)
            if candidate and (best is None or candidate.demerits < best.demerits):
                best = candidate
    return best


def _score(items: Sequence[Item], sums: _Sums, breaks: list[int], width_of: Callable[[int], float],
           params: Params) -> Breaks | None:
    """Demerits of one break set computed line by line, or None if a line does not fit."""
    start, fitness, was_flagged, total = 0, 2, False, 0.0
    ratios, starts = [], []
    for line, b in enumerate(breaks):
        item = items[b]
        is_penalty = type(item) is Penalty
        natural = sums.width[b] - sums.width[start] + (item.width if is_penalty else 0.0)
        stretch = params.ragged_stretch or sums.stretch[b] - sums.stretch[start]
        fill = 0 if params.ragged_stretch else sums.fill[b] - sums.fill[start]
        ratio = _ratio(width_of(line) - natural, stretch, sums.shrink[b] - sums.shrink[start], fill)
        if not -1 <= ratio <= params.tolerance:
            return None
        flagged = is_penalty and item.flagged
        total += line_demerits(ratio, item.penalty if is_penalty else 0.0, params)
        total += params.flagged_demerits if flagged and was_flagged else 0.0
        total += params.fitness_demerits if abs(fitness_class(ratio) - fitness) > 1 else 0.0
        starts.append(start)
        fitness, was_flagged, start = fitness_class(ratio), flagged, sums.starts[b]
        ratios.append(ratio)
    return Breaks(tuple(breaks), tuple(starts), tuple(ratios), total)
