"""The packer (fit, step 2) against brute force: every guillotine partition
and every module choice enumerated on small grids, with random module costs,
must give the optimum the dynamic programme gives — with and without the
arithmetic bounds that prune it."""
from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

import pytest

from banmian.load.layout import COST_NAMES
from banmian.page.costs import Costs
from banmian.page.pack import Cut, Key, Leaf, Packer, _add, _clash

HEADLINE = 4      # headline lines of every article in these cases
LOWERED_AT = 6    # a lowered module's headline stands this far down (≥ HEADLINE)


def random_leaves(rng: random.Random, count: int, cells: list[tuple[int, int]]):
    """Module costs drawn at random, but never below the arithmetic bound the
    cells promise (lines over at least fewest - area, empty at least area - most)."""
    memo: dict[tuple, Leaf] = {}

    def leaf(index: int, columns: int, lines: int, lowered: bool) -> Leaf:
        key = (index, columns, lines, lowered)
        if key not in memo:
            area = columns * lines
            fewest, most = cells[index]
            impossible = int(rng.random() < 0.15)
            over = max(0, fewest - area) + rng.choice([0, 0, 0, 1, 2])
            under = max(0, area - most) + rng.choice([0, 0, 0, 1, 3])
            top = LOWERED_AT if lowered else 0
            memo[key] = Leaf((impossible, over, under, rng.choice([0.0, 0.5, 1.0, 2.5])),
                             (top, top + HEADLINE))
        return memo[key]
    return leaf


def every_page(leaf, lo: int, hi: int, columns: int, lines: int, lowered: bool, rule: int,
               min_lines: int) -> Iterator[tuple[Key, tuple]]:
    """Every partition of the rectangle under the packer's rules, written out
    (key, headline intervals): no memo, no bounds."""
    if hi - lo == 1:
        found = leaf(lo, columns, lines, lowered)
        yield found.key, (found.headline,)
        return
    for k in range(lo + 1, hi):
        for first in range(1, lines):
            rest = lines - first - rule
            if first < min_lines * (k - lo) + rule * (k - lo - 1) or \
                    rest < min_lines * (hi - k) + rule * (hi - k - 1):
                continue
            for (a, ha), (b, hb) in itertools.product(
                    every_page(leaf, lo, k, columns, first, lowered, rule, min_lines),
                    every_page(leaf, k, hi, columns, rest, False, rule, min_lines)):
                shift = first + rule
                yield _add(a, b), ha + tuple((x + shift, y + shift) for x, y in hb)
    if lowered:
        return
    for first in range(1, columns):
        for (a, ha), (b, hb) in itertools.product(
                every_page(leaf, lo, lo + 1, first, lines, False, rule, min_lines),
                every_page(leaf, lo + 1, hi, columns - first, lines, True, rule, min_lines)):
            if not _clash(ha, hb):
                yield _add(a, b), ha + hb


CASES = range(500)


@pytest.mark.parametrize("seed", CASES)
def test_the_packer_finds_the_optimum_brute_force_finds(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.randint(1, 3)
    columns, lines = rng.randint(4, 6), rng.randint(20, 40)
    rule, min_lines = rng.choice([0, 1]), rng.randint(5, 9)
    cells = []
    for _ in range(count):
        fewest = rng.randint(20, columns * lines // count)
        cells.append((fewest, fewest + rng.randint(0, 30)))
    leaf = random_leaves(rng, count, cells)
    best = min((key for key, _ in every_page(leaf, 0, count, columns, lines, False, rule, min_lines)),
               default=None)
    for bounded in (None, cells):
        packing = Packer(count, leaf, rule, min_lines, cells=bounded).packing(columns, lines)
        assert (packing.key if packing else None) == best


def test_a_packing_tiles_its_area_with_rules_between():
    """The written-out partition: modules and horizontal rule lines cover
    every cell exactly once; a vertical cut stands on a module edge."""
    rng = random.Random(7)
    cells = [(60, 90), (30, 60), (30, 60)]
    leaf = random_leaves(rng, 3, cells)
    packing = Packer(3, leaf, 1, 8, cells=cells).packing(6, 40)
    covered: dict[tuple[int, int], int] = {}
    for rect in packing.modules:
        for c in range(rect.column, rect.right):
            for line in range(rect.line, rect.bottom):
                covered[c, line] = covered.get((c, line), 0) + 1
    for cut in packing.cuts:
        if not cut.vertical:
            for c in range(cut.column, cut.column + cut.length):
                covered[c, cut.line - 1] = covered.get((c, cut.line - 1), 0) + 1
        else:
            assert any(r.column == cut.column for r in packing.modules)
    assert covered == {(c, line): 1 for c in range(6) for line in range(40)}
    assert packing.modules[0].column == 0 and packing.modules[0].line == 0  # 区序: first at top left
    assert all(isinstance(c, Cut) for c in packing.cuts)


def test_the_loader_knows_every_cost_the_engine_weighs():
    assert set(COST_NAMES) == set(Costs.names())
