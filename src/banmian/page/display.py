"""The display list: everything on a page, in page coordinates, as plain data.

It is the seam between layout and output. Place makes it; the PDF renderer,
the PNG proof and the tests read it. Coordinates are pt from the page's
top-left corner of the trim, y growing downwards; a glyph run's ``y`` is its
baseline. Colours are CMYK percentages.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..load.content import Source

CMYK = tuple[float, float, float, float]


@dataclass(frozen=True)
class Glyph:
    """A glyph at ``x`` pt from its run's origin, standing for ``text``."""

    gid: int
    x: float
    text: str
    scale_x: float = 1.0


@dataclass(frozen=True)
class GlyphRun:
    """Glyphs of one face, size and colour on one baseline."""

    face: str
    size: float
    color: CMYK
    x: float
    y: float
    glyphs: tuple[Glyph, ...]
    role: str = "body"

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


@dataclass(frozen=True)
class Image:
    """A photo in its frame; ``path`` None draws a marked placeholder."""

    path: Path | None
    x: float
    y: float
    width: float
    height: float
    label: str = ""

    @property
    def key(self) -> str:
        """Names the prepared photo: the same file placed at two sizes is two
        photos."""
        return f"{self.path}@{self.width:.3f}x{self.height:.3f}"


@dataclass(frozen=True)
class Rule:
    """A straight rule from (x1, y1) to (x2, y2)."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: CMYK


@dataclass(frozen=True)
class Block:
    """An invisible record of a placed block (for the conventions check,
    proofs and tests): its kind, owner and grid cells as (column, line,
    columns, lines) of the type area.

    Kinds (roles): ``banner``; ``band`` (an article's module); ``headline``;
    ``subhead``; ``body-line`` (one line of a paragraph); ``photo`` (the image
    frame) and ``caption`` (its lines under it); ``rule`` (the lines a module
    rule stands in); ``credits``; ``overset`` / ``underset`` (a band marked).

    ``article`` is the article's index on the page (-1: page furniture);
    ``source`` the content file:line:column of the paragraph, subhead or
    photo it sets, where known. A body line also says which line of which
    paragraph it is: ``para`` (the paragraph's number in the article's body),
    ``index`` (its line in the paragraph) and ``count`` (the paragraph's
    lines), so widows can be found on the page itself."""

    kind: str
    owner: str
    x: float
    y: float
    width: float
    height: float
    cells: tuple[int, int, int, int]
    article: int = -1
    source: Source | None = None
    para: int = -1
    index: int = 0
    count: int = 1

    @property
    def column(self) -> int:
        return self.cells[0]

    @property
    def line(self) -> int:
        return self.cells[1]

    @property
    def right(self) -> int:
        """The first column after the block."""
        return self.cells[0] + self.cells[2]

    @property
    def bottom(self) -> int:
        """The first line after the block."""
        return self.cells[1] + self.cells[3]


Item = GlyphRun | Image | Rule | Block


@dataclass(frozen=True)
class Page:
    """One page: trim size in pt and its items in drawing order."""

    width: float
    height: float
    items: tuple[Item, ...]

    def of_type(self, kind: type) -> list:
        return [item for item in self.items if isinstance(item, kind)]

    @property
    def text(self) -> str:
        """All text in drawing (reading) order."""
        return "".join(run.text for run in self.of_type(GlyphRun))
