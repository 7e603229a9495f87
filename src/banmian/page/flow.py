"""FLOW: thread an article's items through the free segments of its band.

Items go in reading order into the segments (columns left to right, each top
to bottom). A body line takes one line; a subhead takes its chosen height and
must be followed by at least ``keep`` body lines in the same column (the
layout's ``arrangement.subhead_keep_lines``, 背题), so it never ends a column.
A subhead that cannot be kept that way leaves the rest of the column empty,
which the fit stage counts as a failure to be flush.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..compose.blocks import BodyLine, FlowItem, item_runs
from .grid import Segment


@dataclass(frozen=True)
class Slot:
    """Item ``item`` placed in ``column`` from band line ``line``, ``lines`` tall."""

    item: int
    column: int
    line: int
    lines: int


@dataclass(frozen=True)
class Flow:
    """Where each item went; lines left empty (``underset``) and lines that
    found no room (``overset``); ``widows`` counts single paragraph lines left
    alone at a column's foot or head, ``heads`` those at a head (孤行: the
    conventions refuse them, so the fit does not make them)."""

    slots: tuple[Slot, ...]
    underset: int
    overset: int
    widows: int
    heads: int = 0

    @property
    def flush(self) -> bool:
        return self.underset == 0 and self.overset == 0


def flow(items: Sequence[FlowItem], heights: Sequence[int], segments: Sequence[Segment],
         keep: int, record: bool = True, runs: Sequence[tuple[int, int]] | None = None) -> Flow:
    """Place ``items`` (``heights[i]`` lines each) into ``segments`` in order.

    Paragraphs move as runs of lines, so the cost grows with the number of
    paragraphs and column breaks, not lines: the fit stage calls this for
    thousands of candidate arrangements with ``record`` off, and once more
    with it on for the arrangement it keeps; ``runs`` (see ``blocks.item_runs``)
    may be passed in when the same items are flowed many times."""
    slots: list[Slot] = []
    seg = used = gaps = widows = heads = 0
    for first, count in runs or item_runs(items):
        head = not isinstance(items[first], BodyLine)
        if head:
            need = heights[first] + keep
            while seg < len(segments) and segments[seg].lines - used < need:
                gaps += segments[seg].lines - used
                seg, used = seg + 1, 0
            if seg == len(segments):
                return Flow(tuple(slots), gaps, sum(heights[first:]), widows, heads)
            if record:
                slots.append(Slot(first, segments[seg].column, segments[seg].line + used, heights[first]))
            used += heights[first]
            continue
        done = 0
        while done < count:
            if seg < len(segments) and used == segments[seg].lines:
                seg, used = seg + 1, 0
            if seg == len(segments):
                return Flow(tuple(slots), gaps, sum(heights[first + done:]), widows, heads)
            take = min(segments[seg].lines - used, count - done)
            alone = count > 1 and take == 1
            heads += alone and done == count - 1 and used == 0
            widows += alone and (done == 0 and used + take == segments[seg].lines
                                 or done == count - 1 and used == 0)
            if record:
                column, line = segments[seg].column, segments[seg].line + used
                slots += [Slot(first + done + k, column, line + k, 1) for k in range(take)]
            used += take
            done += take
    left = sum(s.lines for s in segments[seg:]) - used if seg < len(segments) else 0
    return Flow(tuple(slots), gaps + left, 0, widows, heads)
