"""Subhead heights (占行, 2 or 3 lines) that make a module's columns come
out even: a dynamic programme over the subheads, shared by every module
size the fit stage tries."""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from ..compose.blocks import FlowItem, Subhead
from .grid import Segment


@dataclass(frozen=True)
class Heads:
    """Where the subheads are in a list of flow items, worked out once per
    list (every arrangement asks): their item indices, each item's height
    with subheads at their preferred heights, and the body lines before the
    first subhead and after each."""

    index: tuple[int, ...]
    base: tuple[int, ...]
    between: tuple[int, ...]

    @classmethod
    def of(cls, items: Sequence[FlowItem]) -> Heads:
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


def head_heights(items: Sequence[FlowItem], heads: Heads, segments: Sequence[Segment],
                  keep: int) -> tuple[tuple[int, ...], int]:
    """Subhead heights (as a height per item) that fill ``segments`` exactly
    with every subhead kept above at least ``keep`` lines of its
    column, the fewest non-preferred heights first; for a body too long for
    the segments at any heights, heights that fill them with no line left
    empty before the rest runs over; if none does, the vector nearest to the
    total. Returns the heights and how many are not preferred.

    A dynamic programme over the subheads: with no gap anywhere, an item's
    place is the sum of the heights before it, so each subhead's choice only
    has to respect the foot of the segment it starts in."""
    options = [items[i].heights for i in heads.index]
    feet = list(itertools.accumulate(s.lines for s in segments))
    extra = feet[-1] - sum(heads.base) if feet else 0
    too_long = extra < sum(min(o) - o[0] for o in options)
    choice = _fill(options, heads.between, feet, keep, over=too_long)
    if choice is None:
        choice = _nearest_heights(options, extra)
    heights = list(heads.base)
    for i, h in zip(heads.index, choice):
        heights[i] = h
    return tuple(heights), sum(h != o[0] for o, h in zip(options, choice))


def _nearest_heights(options: list[tuple[int, ...]], extra: int) -> tuple[int, ...]:
    """Subhead heights whose total is nearest the preferred total plus
    ``extra``: each subhead in turn moves toward it (linear, not a search)."""
    choice = [o[0] for o in options]
    for i, heights in enumerate(options):
        target = choice[i] + extra
        best = min(heights, key=lambda h: abs(h - target))
        extra -= best - choice[i]
        choice[i] = best
    return tuple(choice)


def _fill(options: list[tuple[int, ...]], between: Sequence[int], feet: list[int], keep: int,
          over: bool = False) -> tuple[int, ...] | None:
    """The cheapest subhead heights (one of ``options`` each) that place every
    subhead legally and end exactly at the last foot, with ``between[j]`` body
    lines before subhead j (and after the last); None if there are none.

    With ``over`` (a body longer than its segments) the programme stops at
    the section that reaches the last foot instead: every line is then set,
    the subheads beyond it at their preferred heights, the rest overset."""
    if not feet:
        return None
    last = feet[-1]
    if over and between[0] >= last:
        return tuple(o[0] for o in options)
    states: dict[int, tuple[int, tuple[int, ...]]] = {between[0]: (0, ())}
    best: tuple[int, tuple[int, ...]] | None = None
    for j, (heights, after) in enumerate(zip(options, between[1:])):
        nxt: dict[int, tuple[int, tuple[int, ...]]] = {}
        for at, (cost, chosen) in states.items():
            foot = next((f for f in feet if f > at), None)
            for rank, h in enumerate(heights):
                if foot is None or at + h + keep > foot:
                    continue
                key, value = at + h + after, (cost + (rank > 0), chosen + (h,))
                if over and key >= last:
                    value = (value[0], value[1] + tuple(o[0] for o in options[j + 1:]))
                    if best is None or value < best:
                        best = value
                elif key not in nxt or value < nxt[key]:
                    nxt[key] = value
        states = nxt
    if over:
        return best[1] if best else None
    found = states.get(last)
    return found[1] if found else None
