"""PACK (fit, step 2): the free type area split into one module per article.

The area is cut guillotine-fashion — vertical cuts on column boundaries,
horizontal cuts on lines (each taking the layout's rule lines) — and every
partition is searched by a dynamic programme over sub-rectangles: the best
way to set articles ``lo…hi-1`` (a run in reading order) in a ``columns`` ×
``lines`` rectangle is either one article's module, or a cut into two
rectangles holding ``lo…k-1`` (top or left) and ``k…hi-1`` (bottom or right).
A module's arrangement does not depend on where it sits, so each rectangle
size is solved once.

Conventions are kept by construction: the first article of each run stands
at its rectangle's top left (区序 and reading order follow the cuts). A
vertical cut has one article's module on its left, and on its right a
*lowered* part: its first article's headline stands under a photo spanning
its module, lower than the left headline, so two headlines never stand side
by side (碰题); the articles under it in the right part have their headlines
lower still, and a lowered part is not cut vertically again. The headlines
of the two parts are checked against each other all the same. With one
solution kept per rectangle this makes the programme exact: no choice it
discards could have avoided a clash its choice has.

Keys rank lexicographically: modules that cannot hold their article, lines
over, lines empty, then cost (see ``costs``).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from .grid import Rect

Key = tuple[int, int, int, float]
"""(modules impossible or breaking a convention, lines over, lines empty, cost)."""

#: The fewest lines a module may have (a headline and a readable column).
MIN_MODULE_LINES = 12


@dataclass(frozen=True)
class Leaf:
    """What one article costs in one module size, and the headline's lines
    (first, end) relative to the module's top."""

    key: Key
    headline: tuple[int, int]


LeafFn = Callable[[int, int, int, bool], Leaf]
"""leaf(article, columns, lines, lowered)."""

Cells = tuple[int, int]
"""The fewest and most cells (column lines) an article can fill: its body,
headline and photos at their extremes — any module smaller leaves lines
over, any larger leaves lines empty, at least by the difference."""


@dataclass(frozen=True)
class Cut:
    """A rule between modules: ``vertical`` in the gutter left of
    ``column``, from ``line`` for ``length`` lines; else across ``length``
    columns from ``column`` in the rule line(s) above ``line``."""

    vertical: bool
    column: int
    line: int
    length: int


@dataclass(frozen=True)
class Packing:
    """The chosen partition: each article's module (in article order) and
    whether it is lowered, the rules between modules, and the total key."""

    modules: tuple[Rect, ...]
    lowered: tuple[bool, ...]
    cuts: tuple[Cut, ...]
    key: Key


@dataclass(frozen=True)
class _Node:
    """A solved rectangle: its key, the headline intervals inside it
    (relative lines), and how it was made."""

    key: Key
    heads: tuple[tuple[int, int], ...]
    cut: tuple  # () for a leaf, else (vertical, k, size)


def _add(a: Key, b: Key) -> Key:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


def _clash(left: tuple[tuple[int, int], ...], right: tuple[tuple[int, int], ...]) -> bool:
    """Whether any headline of one part stands level with one of the other (碰题)."""
    return any(a < d and c < b for a, b in left for c, d in right)


class Packer:
    """The programme over (articles lo…hi-1, columns, lines, lowered). It is
    one algorithm, a dynamic programme: its methods are its cases (one
    article's module, a horizontal cut, a vertical cut), its bound and its
    read-out, sharing the memo."""

    def __init__(self, count: int, leaf: LeafFn, rule_lines: int,
                 min_lines: int = MIN_MODULE_LINES, allow_vertical: bool = True,
                 cells: list[Cells] | None = None) -> None:
        self.count = count
        self.leaf = leaf
        self.cells = cells
        self._fewest = list(itertools.accumulate((c[0] for c in cells or ()), initial=0))
        self._most = list(itertools.accumulate((c[1] for c in cells or ()), initial=0))
        self.rule = rule_lines
        self.min_lines = min_lines
        self.allow_vertical = allow_vertical
        self.memo: dict[tuple[int, int, int, int, bool], _Node | None] = {}

    def solve(self, lo: int, hi: int, columns: int, lines: int, lowered: bool) -> _Node | None:
        """The cheapest node for this rectangle, or None if the articles
        cannot be cut into it at all (too small for them)."""
        state = (lo, hi, columns, lines, lowered)
        if state in self.memo:
            return self.memo[state]
        best: _Node | None = None
        if hi - lo == 1:
            leaf = self.leaf(lo, columns, lines, lowered)
            best = _Node(leaf.key, (leaf.headline,), ())
        else:
            for k in range(lo + 1, hi):
                best = self._horizontal(lo, k, hi, columns, lines, lowered, best)
            if self.allow_vertical and not lowered:
                best = self._vertical(lo, hi, columns, lines, best)
        self.memo[state] = best
        return best

    def _bound(self, lo: int, hi: int, columns: int, lines: int) -> Key:
        """A lower bound on the key of any way of setting lo…hi-1 in a
        rectangle: the lines they must leave over or empty by arithmetic
        (its cells at most, less the rules between them at least)."""
        if self.cells is None:
            return (0, 0, 0, 0.0)
        fewest = self._fewest[hi] - self._fewest[lo]
        most = self._most[hi] - self._most[lo]
        area = columns * lines
        least = area - columns * self.rule * (hi - lo - 1)
        return (0, max(0, fewest - area), max(0, least - most), 0.0)

    def _horizontal(self, lo, k, hi, columns, lines, lowered, best):
        top_parts, bottom_parts = k - lo, hi - k
        low = self.min_lines * top_parts + self.rule * (top_parts - 1)
        high = lines - self.rule - self.min_lines * bottom_parts - self.rule * (bottom_parts - 1)
        for first in self._heights(lo, k, hi, columns, lines, low, high):
            rest = lines - first - self.rule
            below = self._bound(k, hi, columns, rest)
            if best is not None and _add(self._bound(lo, k, columns, first), below) >= best.key:
                continue
            top = self.solve(lo, k, columns, first, lowered)
            if top is None or (best is not None and _add(top.key, below) >= best.key):
                continue
            bottom = self.solve(k, hi, columns, rest, False)
            if bottom is None:
                continue
            key = _add(top.key, bottom.key)
            if best is None or key < best.key:
                shift = first + self.rule
                heads = top.heads + tuple((a + shift, b + shift) for a, b in bottom.heads)
                best = _Node(key, heads, (False, k, first))
        return best

    def _heights(self, lo, k, hi, columns, lines, low, high) -> list[int]:
        """The top part's heights to try, nearest the share its cells ask
        first, so a good page is found early and bounds cut the rest."""
        if self.cells is None:
            return list(range(low, high + 1))
        top = self._fewest[k] - self._fewest[lo] + self._most[k] - self._most[lo]
        rest = self._fewest[hi] - self._fewest[k] + self._most[hi] - self._most[k]
        ideal = (lines - self.rule) * top / max(1, top + rest)
        return sorted(range(low, high + 1), key=lambda h: abs(h - ideal))

    def _vertical(self, lo, hi, columns, lines, best):
        k = lo + 1
        for first in range(1, columns):
            if best is not None and _add(self._bound(lo, k, first, lines),
                                         self._bound(k, hi, columns - first, lines)) >= best.key:
                continue
            left = self.solve(lo, k, first, lines, False)
            if left is None or (best is not None and _add(
                    left.key, self._bound(k, hi, columns - first, lines)) >= best.key):
                continue
            right = self.solve(k, hi, columns - first, lines, True)
            if right is None or _clash(left.heads, right.heads):
                continue
            key = _add(left.key, right.key)
            if best is None or key < best.key:
                best = _Node(key, left.heads + right.heads, (True, k, first))
        return best

    def forget(self, articles: set[int]) -> None:
        """Drop what was solved for runs holding any of ``articles`` (their
        module figures changed); the rest stays solved."""
        self.memo = {state: node for state, node in self.memo.items()
                     if not any(state[0] <= a < state[1] for a in articles)}

    def packing(self, columns: int, lines: int) -> Packing | None:
        """The best partition of the whole area, written out."""
        root = self.solve(0, self.count, columns, lines, False)
        if root is None:
            return None
        modules: list[Rect | None] = [None] * self.count
        lowered = [False] * self.count
        cuts: list[Cut] = []

        def walk(lo: int, hi: int, rect: Rect, low: bool) -> None:
            node = self.memo[(lo, hi, rect.columns, rect.lines, low)]
            assert node is not None
            if not node.cut:
                modules[lo], lowered[lo] = rect, low
                return
            vertical, k, first = node.cut
            if vertical:
                walk(lo, k, Rect(rect.column, rect.line, first, rect.lines), False)
                walk(k, hi, Rect(rect.column + first, rect.line, rect.columns - first, rect.lines), True)
                cuts.append(Cut(True, rect.column + first, rect.line, rect.lines))
            else:
                walk(lo, k, Rect(rect.column, rect.line, rect.columns, first), low)
                below = first + self.rule
                walk(k, hi, Rect(rect.column, rect.line + below, rect.columns, rect.lines - below), False)
                cuts.append(Cut(False, rect.column, rect.line + below, rect.columns))

        walk(0, self.count, Rect(0, 0, columns, lines), False)
        return Packing(tuple(m for m in modules if m is not None), tuple(lowered),
                       tuple(sorted(cuts, key=lambda c: (c.line, c.column))), root.key)
