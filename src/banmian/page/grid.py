"""The page grid: whole columns by whole body lines, and the free cells left
in a band once its blocks (headline, photos) are put down.

Grid positions are ints; ``Rect`` is (column, line, columns, lines), relative
to whatever it is placed in (a band, or the type area).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..compose.fonts import BASELINE
from ..load.layout import Layout


@dataclass(frozen=True)
class Rect:
    column: int
    line: int
    columns: int
    lines: int

    @property
    def bottom(self) -> int:
        return self.line + self.lines

    @property
    def right(self) -> int:
        return self.column + self.columns

    def covers(self, column: int) -> bool:
        return self.column <= column < self.right

    def moved(self, lines: int) -> Rect:
        return Rect(self.column, self.line + lines, self.columns, self.lines)


@dataclass(frozen=True)
class Segment:
    """A run of free body lines in one column, in reading order."""

    column: int
    line: int
    lines: int


def free_segments(columns: int, height: int, blocks: Iterable[Rect],
                  min_lines: int) -> list[Segment] | None:
    """Free runs of each column (left to right, top to bottom) around
    ``blocks``; None when blocks overlap, leave the band, or leave a run
    shorter than ``min_lines`` (too short to read as a column)."""
    blocks = list(blocks)
    for rect in blocks:
        if rect.column < 0 or rect.right > columns or rect.line < 0 or rect.bottom > height:
            return None
    segments = []
    for column in range(columns):
        at = 0
        for top, bottom in sorted((r.line, r.bottom) for r in blocks if r.covers(column)):
            if top < at:
                return None
            if top > at:
                segments.append(Segment(column, at, top - at))
            at = bottom
        if at < height:
            segments.append(Segment(column, at, height - at))
    if any(s.lines < min_lines for s in segments):
        return None
    return segments


@dataclass(frozen=True)
class Geometry:
    """Grid positions to page points (y down from the trim's top edge)."""

    x0: float
    y0: float
    column_width: float
    gutter: float
    pitch: float
    body_size: float

    @classmethod
    def of(cls, layout: Layout) -> Geometry:
        x0, y0 = layout.origin
        g = layout.grid
        return cls(x0, y0, g.column_width, g.gutter, g.line_pitch, g.body_size)

    def x(self, column: int) -> float:
        return self.x0 + column * (self.column_width + self.gutter)

    def top(self, line: int) -> float:
        """Top of the em box of body line ``line`` of the type area."""
        return self.y0 + line * self.pitch

    def baseline(self, line: int) -> float:
        return self.top(line) + BASELINE * self.body_size

    def width(self, columns: int) -> float:
        return columns * self.column_width + (columns - 1) * self.gutter

    def height(self, lines: int) -> float:
        """From the top of a block's first line to the foot of its last."""
        return (lines - 1) * self.pitch + self.body_size
