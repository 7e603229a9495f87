"""FLOW: thread an article's items through the free segments of its band.

Items go in reading order into the segments (columns left to right, each top
to bottom). A body line takes one line; a subhead takes its chosen height and
must be followed by at least ``KEEP_AFTER_HEAD`` body lines in the same column,
so it never ends a column. A subhead that cannot be kept that way leaves the
rest of the column empty, which the fit stage counts as a failure to be flush.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .blocks import BodyLine, FlowItem
from .grid import Segment

KEEP_AFTER_HEAD = 2


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
    alone at a column's foot or head."""

    slots: tuple[Slot, ...]
    underset: int
    overset: int
    widows: int

    @property
    def flush(self) -> bool:
        return self.underset == 0 and self.overset == 0


def flow(items: Sequence[FlowItem], heights: Sequence[int], segments: Sequence[Segment]) -> Flow:
    """Place ``items`` (``heights[i]`` lines each) into ``segments`` in order."""
    cursor = _Cursor(segments)
    slots: list[Slot] = []
    widows = 0
    for index, item in enumerate(items):
        keep = 0 if isinstance(item, BodyLine) else KEEP_AFTER_HEAD
        if not cursor.make_room(heights[index] + keep):
            return Flow(tuple(slots), cursor.gaps, sum(heights[index:]), widows)
        column, line, at_head = cursor.take(heights[index])
        slots.append(Slot(index, column, line, heights[index]))
        if isinstance(item, BodyLine) and item.count > 1:
            widows += at_head and item.index == item.count - 1
            widows += cursor.at_foot and item.index == 0
    return Flow(tuple(slots), cursor.gaps + cursor.left, 0, widows)


class _Cursor:
    """The next free line of the segments, and the lines skipped so far."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.segments, self.seg, self.used, self.gaps = segments, 0, 0, 0

    def room(self) -> int:
        return self.segments[self.seg].lines - self.used

    def make_room(self, need: int) -> bool:
        """Move on (leaving a gap) until the current segment has ``need`` lines."""
        while self.seg < len(self.segments) and self.room() < need:
            self.gaps += self.room()
            self.seg, self.used = self.seg + 1, 0
        return self.seg < len(self.segments)

    def take(self, lines: int) -> tuple[int, int, bool]:
        segment = self.segments[self.seg]
        at_head = self.used == 0
        line = segment.line + self.used
        self.used += lines
        return segment.column, line, at_head

    @property
    def at_foot(self) -> bool:
        return self.room() == 0

    @property
    def left(self) -> int:
        """Free lines after the last item."""
        if self.seg >= len(self.segments):
            return 0
        return self.room() + sum(s.lines for s in self.segments[self.seg + 1:])
