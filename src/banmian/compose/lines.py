"""Composed lines: the plain data a paragraph becomes (glyphs positioned on
a line, the line's measure, stretch and source span), what the page engine
moves and render draws, and how much justified lines were stretched."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TextRun:
    """Text in one style role."""

    text: str
    style: str            # a style role key of Layout.styles: 'body', 'lead', 'caption', ...


@dataclass(frozen=True, slots=True)
class PositionedGlyph:
    """A glyph on a line, ready to draw."""

    gid: int              # glyph id in the face file (as shaped by HarfBuzz)
    x: float              # pt from the line's left edge (the left of the measure) to the glyph
    #                       origin (already includes justification, punctuation placement and,
    #                       for centred lines, the centring offset)
    face: str             # face key (Layout.fonts key)
    size: float           # pt
    text: str             # the source characters this glyph stands for: every source char belongs
    #                       to exactly one glyph, except spaces dropped at line ends; '' only for
    #                       the second and later glyphs of one shaping cluster
    scale_x: float = 1.0  # horizontal scale (for a drawn 2-em dash), 1.0 otherwise
    color: str = "black"  # colour name from the style


@dataclass(frozen=True)
class Line:
    """One composed line."""

    glyphs: tuple[PositionedGlyph, ...]
    width: float          # set width in pt (== measure for justified lines, natural width for
    #                       last/centred lines)
    measure: float        # pt
    last: bool            # paragraph's last line (flush left, not justified)
    stretch: float        # inter-character stretch added per gap, pt (0 if none; negative never)
    shrink: float         # total punctuation squeeze applied, pt
    start: int            # source offsets [start, end) into the paragraph's concatenated run text
    end: int


@dataclass(frozen=True)
class Composition:
    """A paragraph at one measure."""

    lines: tuple[Line, ...]
    warnings: tuple[str, ...]   # 孤字, overfull, underfull and loose lines, for the report



@dataclass(frozen=True)
class StretchStats:
    """Inter-character stretch of justified lines, in em of each line's type."""

    lines: int                  # justified (non-last) lines
    stretched: int              # of them, lines with any stretch
    mean_em: float              # over stretched lines
    max_em: float
    buckets: tuple[tuple[float, int], ...]   # (upper bound em, lines with stretch in the bucket)


STRETCH_BUCKETS_EM = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, math.inf)


def stretch_stats(lines: Sequence[Line]) -> StretchStats:
    """How much justified lines were stretched: the 0.25 em target is met
    when ``max_em`` stays at or below it."""
    ems = [line.stretch / line.glyphs[0].size for line in lines if not line.last and line.glyphs]
    stretched = [e for e in ems if e > 0]
    buckets = tuple((upper, sum(1 for e in ems if low < e <= upper))
                    for low, upper in zip((-math.inf, *STRETCH_BUCKETS_EM), STRETCH_BUCKETS_EM))
    return StretchStats(len(ems), len(stretched), sum(stretched) / len(stretched) if stretched else 0.0,
                        max(ems, default=0.0), buckets)
