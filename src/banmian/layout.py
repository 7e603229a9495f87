"""LOAD: a layout file — page, grid, faces, colours, style roles, arrangement.

Every design decision lives here as data; the engine reads it and holds no
page coordinate, size or colour of its own. Field names carry their unit
(``_mm`` millimetres, plain sizes in points, ``_lines`` body lines,
``_columns`` grid columns, ``_chars`` body ems).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .units import mm


@dataclass(frozen=True)
class Page:
    """Trim size and margins; the type area is centred horizontally."""

    trim_mm: tuple[float, float]
    margin_top_mm: float
    bleed_mm: float = 0.0
    crop_marks: bool = False


@dataclass(frozen=True)
class Grid:
    """The column grid: ``columns`` of ``column_chars`` body ems, gutters of
    ``gutter_chars`` ems, ``lines`` body lines ``line_pitch`` pt apart."""

    columns: int
    column_chars: int
    gutter_chars: int
    body_size: float
    line_pitch: float
    lines: int

    @property
    def column_width(self) -> float:
        return self.column_chars * self.body_size

    @property
    def gutter(self) -> float:
        return self.gutter_chars * self.body_size

    def span_width(self, columns: int) -> float:
        """Width in pt of a block spanning ``columns`` whole columns."""
        return columns * self.column_width + (columns - 1) * self.gutter

    @property
    def width(self) -> float:
        return self.span_width(self.columns)

    @property
    def height(self) -> float:
        """From the top of the first line's em box to the last line's foot."""
        return self.lines * self.line_pitch


@dataclass(frozen=True)
class Style:
    """A style role: face key (see ``Layout.fonts``), size, colour name, and
    the pitch between its lines when it runs to several (default 1.2 × size)."""

    font: str
    size: float
    color: str = "black"
    leading: float = 0.0

    @property
    def pitch(self) -> float:
        return self.leading or 1.2 * self.size


@dataclass(frozen=True)
class Typography:
    """Line-composition knobs (clreq): kinsoku level, CJK–Latin space in em,
    first-line indent in em."""

    kinsoku: str = "basic"
    cjk_latin_space: float = 0.0
    indent_chars: int = 2


@dataclass(frozen=True)
class Arrangement:
    """How blocks are put on the grid; sizes are searched within these bounds.

    ``variant`` names one of ``variants``: for each article band in turn,
    which side its headline block takes ("left"/"right"); photos take the
    band's corners away from it.
    """

    banner_lines: int
    rule_lines: int
    credits_lines: int
    headline_columns: int
    photo_columns: tuple[int, ...]
    subhead_lines: tuple[int, ...]
    photo_aspect_tolerance: float = 0.15
    caption_gap_lines: int = 0
    rule_width: float = 0.75
    rule_color: str = "black"
    banner_rule_width: float = 2.0
    banner_rule_color: str = "red"
    variant: str = "mirrored"
    variants: dict[str, tuple[str, ...]] = field(default_factory=lambda: {
        "mirrored": ("left", "right"), "stacked": ("left", "left")})


@dataclass(frozen=True)
class Print:
    """What the plant gets: PDF/X flavour, output condition, profile file."""

    pdfx: str = "PDF/X-1a:2001"
    output_condition: str = ""
    output_condition_identifier: str = ""
    registry: str = ""
    icc: str = ""
    max_ink: float = 240.0
    min_ppi: float = 200.0


@dataclass(frozen=True)
class Layout:
    """A whole page design, as read from ``layouts/*.yaml``."""

    name: str
    page: Page
    grid: Grid
    fonts: dict[str, str]
    colors: dict[str, tuple[float, float, float, float]]
    styles: dict[str, Style]
    arrangement: Arrangement
    typography: Typography = Typography()
    print: Print = Print()

    @property
    def page_size(self) -> tuple[float, float]:
        """Trim size in pt."""
        return mm(self.page.trim_mm[0]), mm(self.page.trim_mm[1])

    @property
    def origin(self) -> tuple[float, float]:
        """Top-left corner of the type area in page pt (y down from the top)."""
        width, _ = self.page_size
        return (width - self.grid.width) / 2, mm(self.page.margin_top_mm)
