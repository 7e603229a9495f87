"""The total-fit breaker: TeX semantics on small hand-made paragraphs with
known answers, and against brute force on random tiny ones."""
from __future__ import annotations

import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from banmian.compose.linebreak import (
    INFINITY,
    Box,
    Glue,
    Params,
    Penalty,
    break_lines,
    fitness_class,
    line_demerits,
    reference_breaks,
)

FINISH = [Glue(0, math.inf, 0), Penalty(0, -INFINITY)]
SPACE = Glue(1, 1, 0.5)


def words(*widths: float, space: Glue = SPACE) -> list:
    """Boxes separated by ``space``, ended like a paragraph."""
    items: list = []
    for i, width in enumerate(widths):
        items += ([space] if i else []) + [Box(width)]
    return items + FINISH


def test_break_at_glue_drops_the_glue_and_the_next_line_starts_at_a_box():
    items = words(2, 2, 2, 2)               # 2 _ 2 | 2 _ 2 at width 5: every line exact
    breaks = break_lines(items, [5])
    assert breaks.positions == (3, 8)
    assert breaks.starts == (0, 4)
    assert breaks.ratios == (0.0, 0.0)


def test_total_fit_prefers_two_exact_lines_to_a_squeezed_first_one():
    # First fit squeezes five words into line one (11 wide, shrinks to 9 <= 10)
    # and leaves 5 _ 2 / 4; total fit sets 3 1 2 1 / 1 5 2 / 4, both exact.
    items = words(3, 1, 2, 1, 1, 5, 2, 4)
    breaks = break_lines(items, [10])
    assert breaks.positions == (7, 13, 16)
    assert breaks.ratios == (0.0, 0.0, 0.0)


def test_demerits_are_knuth_plass():
    # One exact line (badness 0) and the last line: (10 + 0)^2 twice.
    breaks = break_lines(words(2, 2, 2, 2), [5])
    assert breaks.demerits == 2 * (10 + 0) ** 2
    assert line_demerits(0.5, 50, Params()) == (10 + 100 * 0.5 ** 3) ** 2 + 50 ** 2
    assert line_demerits(-1.0, -50, Params()) == (10 + 100) ** 2 - 50 ** 2
    assert line_demerits(0.0, -INFINITY, Params()) == 10 ** 2


@pytest.mark.parametrize("ratio, fitness", [(2.0, 0), (0.8, 1), (0.5, 2), (0.0, 2), (-0.5, 2), (-0.6, 3)])
def test_fitness_classes(ratio, fitness):
    assert fitness_class(ratio) == fitness


def test_infinite_penalty_forbids_and_minus_infinite_forces():
    forbidden = [Box(2), Penalty(0, INFINITY), Glue(1, 1, 0.5), Box(2), SPACE, Box(2)] + FINISH
    assert break_lines(forbidden, [5]).positions == (4, 7)     # not at the glue after the penalty
    forced = [Box(1), Penalty(0, -INFINITY), Box(1)] + FINISH
    assert break_lines(forced, [5]).positions == (1, 4)


def test_a_penalty_width_counts_only_when_the_line_breaks_there():
    # Box 4, then a hyphen-like penalty of width 1: breaking there makes line one 5 wide.
    items = [Box(4), Penalty(1, 0), Box(4)] + FINISH
    breaks = break_lines(items, [5])
    assert breaks.positions == (1, 4)
    assert breaks.ratios[0] == 0.0
    assert break_lines(items, [8]).positions == (4,)          # unbroken, the width is not counted


def test_flagged_breaks_in_a_row_cost_extra():
    def items(flag: bool) -> list:
        return [Box(3), Penalty(0, 0, flag), Box(3), Penalty(0, 0, flag), Box(3)] + FINISH
    plain, flagged = break_lines(items(False), [3]), break_lines(items(True), [3])
    assert plain.positions == flagged.positions == (1, 3, 6)
    assert flagged.demerits - plain.demerits == Params().flagged_demerits


def test_adjacent_lines_of_very_different_tightness_cost_extra():
    # A loose first line (ratio 1) next to decent ones costs no more than its
    # badness; a very loose one (ratio 1.5) pays the fitness penalty twice:
    # after the paragraph start (decent) and before the decent last line.
    def items(first: float) -> list:
        return [Box(first), Glue(0, 1, 0), Box(1), Glue(0, 1, 0), Penalty(0, 0), Box(5)] + FINISH
    loose = break_lines(items(3), [6], Params(tolerance=3))
    assert loose.positions == (4, 7)
    assert loose.ratios == (1.0, 0.0)
    assert loose.demerits == line_demerits(1.0, 0, Params()) + 10 ** 2
    very_loose = break_lines(items(2), [6], Params(tolerance=3))
    assert very_loose.ratios == (1.5, 0.0)
    assert very_loose.demerits == (line_demerits(1.5, 0, Params()) + 2 * Params().fitness_demerits
                                   + 10 ** 2)


def test_line_widths_by_line_number_from_a_list_or_a_function():
    items = words(2, 2, 2, 2, 2, 2)
    # a 2-wide first line holds one word, the 5-wide ones two
    assert break_lines(items, [2, 5]).positions == (1, 5, 9, 12)
    assert break_lines(items, lambda line: 2 if line == 0 else 5).positions == (1, 5, 9, 12)
    assert break_lines(items, [5]).positions == (3, 7, 12)


def test_final_pass_sets_an_overfull_line_rather_than_drop_material():
    items = words(2, 9, 2)                  # the 9 never fits in 5
    breaks = break_lines(items, [5])
    assert breaks.positions == (1, 3, 6)
    assert breaks.ratios[1] < -1


def test_an_emergency_break_is_no_break_while_the_paragraph_sets_without_it():
    # 3 _ 3 | 2 (emergency) 2: at width 7 the words set on two exact lines.
    items = [Box(3), SPACE, Box(3), SPACE, Box(2), Penalty(0, 5000, emergency=True), Box(2)] + FINISH
    assert break_lines(items, [7]).positions == (3, 8)


def test_an_emergency_break_takes_a_box_too_wide_for_the_line_rather_than_overflow():
    # 2 _ [4 (emergency) 4]: the 8-wide pair cannot fit width 7 whole.
    items = [Box(2), SPACE, Box(4), Penalty(0, 5000, emergency=True), Box(4)] + FINISH
    breaks = break_lines(items, [7])
    assert breaks.positions == (3, 6)
    assert all(r >= -1 for r in breaks.ratios)
    without = [Penalty(0, INFINITY) if type(i) is Penalty and i.emergency else i for i in items]
    assert min(break_lines(without, [7]).ratios) < -1          # the overfull line it avoids


def test_an_emergency_break_costs_its_demerits_on_top():
    items = [Box(2), SPACE, Box(4), Penalty(0, 5000, emergency=True), Box(4)] + FINISH
    cheap = break_lines(items, [7], Params(emergency_demerits=0.0)).demerits
    assert break_lines(items, [7]).demerits == pytest.approx(cheap + Params().emergency_demerits)


def test_ragged_breaks_balance_lines_including_the_last():
    items = words(1, 1, 1, 1, 1, 1, space=Glue(0, 0, 0))
    breaks = break_lines(items, [5], Params(ragged_stretch=3.0))
    assert breaks.positions == (5, 12)      # three and three, not five and one
    assert break_lines(items, [5]).positions[0] != 5


def test_the_items_must_end_with_a_forced_break():
    with pytest.raises(ValueError):
        break_lines([Box(1)], [5])


def test_time_grows_linearly_with_the_paragraph():
    """Chinese-like items: a break between every two boxes of one em."""
    def paragraph(n: int) -> list:
        return [x for _ in range(n) for x in (Box(1), Glue(0, 0.05, 0))][:-1] + FINISH

    def seconds(n: int) -> float:
        start = time.perf_counter()
        break_lines(paragraph(n), [13], Params(tolerance=5))
        return time.perf_counter() - start

    seconds(2000)
    assert seconds(16000) < 16 * seconds(2000) + 0.05   # an O(n²) active list would be ~8x that
    assert seconds(16000) < 2.0


_item = st.one_of(
    st.builds(Box, st.sampled_from([0.5, 1, 2, 3])),
    st.sampled_from([0, 0.5, 1]).flatmap(
        lambda w: st.builds(Glue, st.just(w), st.sampled_from([0, 0.5, 1]),
                            st.sampled_from([0, w / 2, w]))),           # shrink never above width
    st.builds(Penalty, st.sampled_from([0, 0.5]), st.sampled_from([0, 50, -50, 100, INFINITY]),
              st.booleans()))


@settings(max_examples=400, deadline=None)
@given(items=st.lists(_item, min_size=1, max_size=14),
       widths=st.sampled_from([[4.0], [5.0, 3.0], [3.0, 4.0, 6.0]]),
       tolerance=st.sampled_from([1.0, 2.0, 5.0]),
       ragged=st.sampled_from([None, 2.0]))
def test_total_fit_equals_brute_force(items, widths, tolerance, ragged):
    items = items + FINISH
    params = Params(tolerance=tolerance, ragged_stretch=ragged)
    best = reference_breaks(items, widths, params)
    found = break_lines(items, widths, params)
    if best is not None:
        assert found.demerits == pytest.approx(best.demerits)
        assert all(-1 <= r <= tolerance for r in found.ratios)
    assert found.positions[-1] == len(items) - 1
