"""LOAD: a layout file — page, grid, faces, colours, style roles, arrangement.

Every design decision lives here as data; the engine reads it and holds no
page coordinate, size or colour of its own. Field names carry their unit
(``_mm`` millimetres, plain sizes in points, ``_lines`` body lines,
``_columns`` grid columns, ``_chars`` body ems).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode

from ..units import mm
from .fontfile import font_problem
from .typed import keys_of, read
from .yamlsource import Document, LoadError, Problem, is_file, parse, suggestion


@dataclass(frozen=True)
class Page:
    """Trim size and margins (the type area is centred horizontally); bleed,
    and crop marks drawn that far outside the bleed (or the trim), K100."""

    trim_mm: tuple[float, float]
    margin_top_mm: float
    bleed_mm: float = 0.0
    crop_marks: bool = False
    crop_mark_offset_mm: float = 3.0
    crop_mark_length_mm: float = 5.0
    crop_mark_width: float = 0.25
    crop_mark_color: str = "black"


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
    the pitch between its lines when it runs to several (default 1.2 × size).
    ``punctuation: compact`` sets a display line's marks without their blank
    halves (quotes, brackets, pauses), which at title sizes read as holes;
    ``full`` keeps the one-em boxes of body text."""

    font: str
    size: float
    color: str = "black"
    leading: float = 0.0
    punctuation: str = "full"

    @property
    def pitch(self) -> float:
        return self.leading or 1.2 * self.size


@dataclass(frozen=True)
class Typography:
    """Line-composition knobs (clreq): kinsoku level, CJK–Latin space in em,
    first-line indent in em, and ``condense``: the narrowest horizontal
    scale (长体) at which a subhead phrase a little too long for its column
    stays on one line rather than breaking mid-word (1: never condense)."""

    kinsoku: str = "basic"
    cjk_latin_space: float = 0.0
    indent_chars: int = 2
    condense: float = 0.88


@dataclass(frozen=True)
class Arrangement:
    """How blocks are put on the grid; sizes are searched within these bounds.

    A photo keeps its aspect within ``photo_aspect_tolerance`` at the plain
    rate and is cropped further, at the ``crop`` rate, up to
    ``photo_crop_limit``; ``costs`` overrides weights of ``page.costs.Costs``.

    Two conventions the fit keeps and the conventions check verifies
    (DESIGN.md §7): ``subhead_keep_lines``, the body lines a subhead keeps
    under it in its column (背题), and ``min_strip_lines``, the shortest run
    of text above, under or between blocks that still reads as a column.
    """

    banner_lines: int
    rule_lines: int
    credits_lines: int
    headline_columns: int
    photo_columns: tuple[int, ...]
    subhead_lines: tuple[int, ...]
    photo_aspect_tolerance: float = 0.15
    photo_crop_limit: float = 0.15
    caption_gap_lines: int = 0
    photo_margin_lines: int = 1
    subhead_keep_lines: int = 3
    min_strip_lines: int = 10
    rule_width: float = 0.75
    rule_color: str = "black"
    banner_rule_width: float = 2.0
    banner_rule_color: str = "red"
    costs: dict[str, float] = field(default_factory=dict)


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
    """A whole page design, as read from ``layouts/*.yaml``.

    ``fallback_fonts`` are face keys, tried in order for a character a
    style's face lacks (a rare character in a name, say)."""

    name: str
    page: Page
    grid: Grid
    fonts: dict[str, str]
    colors: dict[str, tuple[float, float, float, float]]
    styles: dict[str, Style]
    arrangement: Arrangement
    typography: Typography = Typography()
    print: Print = Print()
    fallback_fonts: tuple[str, ...] = ()

    @property
    def page_size(self) -> tuple[float, float]:
        """Trim size in pt."""
        return mm(self.page.trim_mm[0]), mm(self.page.trim_mm[1])

    @property
    def media_margin(self) -> float:
        """How far the MediaBox reaches beyond the trim: the bleed, and the
        crop marks when there are any (pt)."""
        page = self.page
        marks = page.crop_mark_offset_mm + page.crop_mark_length_mm if page.crop_marks else 0.0
        return mm(page.bleed_mm + marks)

    @property
    def origin(self) -> tuple[float, float]:
        """Top-left corner of the type area in page pt (y down from the top)."""
        width, _ = self.page_size
        return (width - self.grid.width) / 2, mm(self.page.margin_top_mm)


# The style roles the engine sets text in; a layout must define each.
STYLE_ROLES = ("body", "lead", "subhead", "kicker", "title", "subtitle", "byline", "caption",
               "credits", "banner", "banner-series", "banner-slogan")
KINSOKU_LEVELS = ("none", "basic", "gb", "strict")
PUNCTUATION = ("full", "compact")
#: The cost terms a layout may weigh (``page.costs.Costs`` holds their meaning
#: and defaults; the loader only checks the names, being the lower stage).
COST_NAMES = ("distortion", "crop", "headline_pad", "headline_width", "widow", "subhead_height", "reset_tighter",
              "reset_looser", "lowered")
INKS = "CMYK"
#: The PDF/X versions ``output.pdfx`` writes (a test keeps the two lists equal).
PDFX_VERSIONS = ("PDF/X-1a:2001", "PDF/X-1a:2003", "PDF/X-4")


class NotALayout(LoadError):
    """The file has none of a layout's keys: it is some other file."""

    def __init__(self, path: Path, named_at: str = "") -> None:
        self.path = path
        super().__init__([f"{named_at or f'{path}:1:1'}: {path} is not a layout file (it has none "
                          "of a layout's keys) — name a layout, e.g. layouts/broadsheet-feature.yaml"])


def load_layout(path: str | Path) -> Layout:
    """Read a layout file, make its font and profile paths absolute, and check
    it; raise LoadError with every problem, located (NotALayout for a file
    that is no layout at all). No message quotes a value of the file, which
    may be any file."""
    doc = parse(path)
    if not _looks_like_layout(doc.root):
        raise NotALayout(doc.path)
    layout = _resolve_files(doc, read(doc, doc.root, Layout, quote=False))
    problems = [*_file_problems(layout), *_count_problems(layout), *_size_problems(layout),
                *_range_problems(layout), *_room_problems(layout), *_name_problems(layout),
                *_print_problems(layout), *_ink_problems(layout), *_role_problems(layout),
                *_area_problems(layout)]
    if problems:
        raise doc.error(problems)
    return layout


def _looks_like_layout(root: Node) -> bool:
    """A mapping with at least one of a layout's keys."""
    known = keys_of(Layout, {})
    return isinstance(root, MappingNode) and any(
        isinstance(key, ScalarNode) and key.value in known for key, _ in root.value)


def _resolve_files(doc: Document, layout: Layout) -> Layout:
    """Font and ICC paths are written relative to the layout file."""
    fonts = {key: str(doc.resolve(file)) for key, file in layout.fonts.items()}
    icc = str(doc.resolve(layout.print.icc)) if layout.print.icc else ""
    return replace(layout, fonts=fonts, print=replace(layout.print, icc=icc))


def _file_problems(layout: Layout) -> Iterator[Problem]:
    files = {("fonts", key): file for key, file in layout.fonts.items()}
    if layout.print.icc:
        files["print", "icc"] = layout.print.icc
    for keys, file in files.items():
        if not is_file(file):
            yield Problem(keys, f"file not found: {file}",
                          "put the file there or correct the path (relative to this layout file)")
        elif keys[0] == "fonts" and (problem := font_problem(file)):
            yield Problem(keys, f"{file} {problem}",
                          "name a Chinese OpenType (.otf) or TrueType (.ttf) face, whole, as distributed")
        elif keys[0] == "print" and (problem := profile_problem(file)):
            yield Problem(keys, f"{file} {problem}",
                          "name the plant's CMYK output profile (e.g. ../icc/ISOnewspaper_v4_26_bas.icc)")


def profile_problem(path: str | Path) -> str | None:
    """Why ``path`` is not an ICC output profile for CMYK printing, or None.
    Photos are converted with it and PDF/X embeds it as the condition the
    page was made for, so text, a cut file or a screen (RGB) profile is
    refused here rather than at the first photo or by the plant's RIP."""
    with open(path, "rb") as handle:
        header = handle.read(132)
        size = os.fstat(handle.fileno()).st_size
    if len(header) < 132 or header[36:40] != b"acsp":
        return "is not an ICC profile"
    declared, count = struct.unpack(">I", header[:4])[0], struct.unpack(">I", header[128:132])[0]
    if declared > size or 132 + 12 * count > size:
        return f"is cut short: {size} of its {declared} bytes"
    device_class, space = header[12:16].decode("latin-1"), header[16:20].decode("latin-1")
    if (device_class, space) != ("prtr", "CMYK"):
        return f"is a {space.strip()} {_PROFILE_CLASSES.get(device_class, repr(device_class))} profile, " \
               "not a CMYK output (printer) profile"
    return None


_PROFILE_CLASSES = {"mntr": "display", "scnr": "input", "prtr": "output", "link": "device link",
                    "spac": "colour space", "abst": "abstract", "nmcl": "named colour"}


def _count_problems(layout: Layout) -> Iterator[Problem]:
    """Counts of columns, characters and lines: at least 1."""
    grid = layout.grid
    counts = {("grid", "columns"): grid.columns, ("grid", "column_chars"): grid.column_chars,
              ("grid", "lines"): grid.lines}
    for keys, count in counts.items():
        if count < 1:
            yield Problem(keys, f"`{keys[-1]}: {count}` is less than 1", "use a whole number of 1 or more")


def _size_problems(layout: Layout) -> Iterator[Problem]:
    """Sizes above 0: a zero size vanishes or divides by zero later."""
    if not 0 < layout.typography.condense <= 1:
        yield Problem(("typography", "condense"), f"condense is {layout.typography.condense:g}",
                      "use a scale above 0 and at most 1 (1: never condense)")
    sizes = {("page", "trim_mm", 0): layout.page.trim_mm[0],
             ("page", "trim_mm", 1): layout.page.trim_mm[1],
             ("grid", "body_size"): layout.grid.body_size,
             ("grid", "line_pitch"): layout.grid.line_pitch,
             **{("styles", role, "size"): style.size for role, style in layout.styles.items()}}
    for keys, size in sizes.items():
        if size <= 0:
            where = ".".join(map(str, keys))
            yield Problem(keys, f"{where} is {size:g}", "use a size greater than 0")


def _range_problems(layout: Layout) -> Iterator[Problem]:
    """Values that crash, overprint or silently misprint outside their range:
    a negative bleed or gutter, a leading that is not one, an empty list,
    a headline or photo wider than the grid, an ink limit over four plates."""
    page, grid, arr = layout.page, layout.grid, layout.arrangement
    fewer = f"a whole number of lines, fewer than the grid's {grid.lines}"
    ranges: list[tuple[tuple[str | int, ...], float, float, float, str]] = [
        (("page", "bleed_mm"), page.bleed_mm, 0, 50, "0 (newspapers print without bleed) or e.g. 3"),
        (("page", "crop_mark_offset_mm"), page.crop_mark_offset_mm, 0, 50, "e.g. 3"),
        (("page", "crop_mark_length_mm"), page.crop_mark_length_mm, 1, 50, "e.g. 5"),
        (("page", "crop_mark_width"), page.crop_mark_width, 0.1, 2, "e.g. 0.25"),
        (("grid", "gutter_chars"), grid.gutter_chars, 1, grid.column_chars,
         "a whole number of body ems, e.g. 1 (columns with none run into each other)"),
        (("grid", "line_pitch"), grid.line_pitch, grid.body_size, 4 * grid.body_size,
         f"at least the body size {grid.body_size:g} pt, e.g. {1.5 * grid.body_size:g}"),
        (("typography", "cjk_latin_space"), layout.typography.cjk_latin_space, 0, 1, "0 or 0.25"),
        (("typography", "indent_chars"), layout.typography.indent_chars, 0, grid.column_chars - 1,
         "e.g. 2"),
        (("arrangement", "banner_lines"), arr.banner_lines, 0, grid.lines - 1, fewer),
        (("arrangement", "rule_lines"), arr.rule_lines, 0, grid.lines - 1, fewer),
        (("arrangement", "credits_lines"), arr.credits_lines, 0, grid.lines - 1, fewer),
        (("arrangement", "headline_columns"), arr.headline_columns, 1, grid.columns, "e.g. 3"),
        (("arrangement", "photo_aspect_tolerance"), arr.photo_aspect_tolerance, 0, 0.9, "e.g. 0.15"),
        (("arrangement", "photo_crop_limit"), arr.photo_crop_limit, 0, 0.9, "e.g. 0.35"),
        (("arrangement", "subhead_keep_lines"), arr.subhead_keep_lines, 1, grid.lines - 1, fewer),
        (("arrangement", "min_strip_lines"), arr.min_strip_lines, 1, grid.lines - 1, fewer),
        (("arrangement", "caption_gap_lines"), arr.caption_gap_lines, 0, grid.lines - 1, fewer),
        (("arrangement", "photo_margin_lines"), arr.photo_margin_lines, 0, grid.lines - 1, fewer),
        (("arrangement", "rule_width"), arr.rule_width, 0.1, 10, "e.g. 0.75"),
        (("arrangement", "banner_rule_width"), arr.banner_rule_width, 0.1, 20, "e.g. 2"),
        (("print", "max_ink"), layout.print.max_ink, 1, 400, "240 for coldset newsprint"),
        (("print", "min_ppi"), layout.print.min_ppi, 1, 2400, "200 for newsprint"),
        *((("arrangement", "photo_columns", i), n, 1, grid.columns, "e.g. [3, 4]")
          for i, n in enumerate(arr.photo_columns)),
        *((("arrangement", "subhead_lines", i), n, 1, grid.lines - 1, "e.g. [3, 2]")
          for i, n in enumerate(arr.subhead_lines)),
        *((("styles", role, "leading"), style.leading, 0, 10 * style.size,
           f"0 (1.2 × the size) or a pitch in pt, e.g. {1.2 * style.size:g}")
          for role, style in layout.styles.items()),
    ]
    for keys, value, low, high, example in ranges:
        if not low <= value <= high:
            yield Problem(keys, f"`{keys[-1] if isinstance(keys[-1], str) else '.'.join(map(str, keys))}: "
                          f"{value:g}` is outside {low:g}–{high:g}", f"use {example}")
    lists = {("arrangement", "photo_columns"): arr.photo_columns,
             ("arrangement", "subhead_lines"): arr.subhead_lines}
    for keys, values in lists.items():
        if not values:
            yield Problem(keys, f"`{keys[-1]}` is an empty list", "give at least one value")


def _room_problems(layout: Layout) -> Iterator[Problem]:
    """The banner and credits leave lines for the articles."""
    grid, arr = layout.grid, layout.arrangement
    if arr.banner_lines < grid.lines and arr.banner_lines + arr.credits_lines >= grid.lines:
        yield Problem(("grid", "lines"), f"{grid.lines} lines leave none for articles under "
                      f"{arr.banner_lines} banner and {arr.credits_lines} credits lines",
                      f"use more than {arr.banner_lines + arr.credits_lines} lines, or fewer "
                      "banner_lines")


def _name_problems(layout: Layout) -> Iterator[Problem]:
    """Names that must be one of a known set: faces, colours, cost terms, kinsoku."""
    arrangement = layout.arrangement
    for role, style in layout.styles.items():
        yield from _choice(("styles", role, "font"), style.font, layout.fonts, "font")
        yield from _choice(("styles", role, "color"), style.color, layout.colors, "colour")
        yield from _choice(("styles", role, "punctuation"), style.punctuation, PUNCTUATION,
                           "punctuation setting")
    for section, data in (("page", layout.page), ("arrangement", arrangement)):
        for name in (f.name for f in fields(data) if f.name.endswith("color")):
            yield from _choice((section, name), getattr(data, name), layout.colors, "colour")
    for name, weight in arrangement.costs.items():
        yield from _choice(("arrangement", "costs", name), name, COST_NAMES, "cost")
        if weight < 0:
            yield Problem(("arrangement", "costs", name), f"cost {name} is {weight:g}",
                          "use a weight of 0 or more (a negative one would reward what it prices)")
    yield from _choice(("typography", "kinsoku"), layout.typography.kinsoku, KINSOKU_LEVELS,
                       "kinsoku level")
    for i, key in enumerate(layout.fallback_fonts):
        yield from _choice(("fallback_fonts", i), key, layout.fonts, "font")


def _print_problems(layout: Layout) -> Iterator[Problem]:
    """What the PDF/X step declares: a version it writes and a named condition."""
    yield from _choice(("print", "pdfx"), layout.print.pdfx, PDFX_VERSIONS, "PDF/X version")
    if not layout.print.output_condition_identifier.strip():
        yield Problem(("print", "output_condition_identifier"), "the print condition has no name",
                      "set `output_condition_identifier:` under `print:`, e.g. IFRA26 "
                      "(PDF/X needs it in the output intent)")


def _choice(keys: tuple[str | int, ...], value: str, valid: Iterable[str],
            what: str) -> Iterator[Problem]:
    if value not in valid:
        yield Problem(keys, f"unknown {what} `{value}`", suggestion(value, valid))


def _ink_problems(layout: Layout) -> Iterator[Problem]:
    """Colours are CMYK percentages whose sum stays within the print
    condition's total ink (a 400 % colour floods newsprint and smears)."""
    for name, inks in layout.colors.items():
        for i, value in enumerate(inks):
            if not 0 <= value <= 100:
                yield Problem(("colors", name, i), f"{name}: {INKS[i]} is {value:g}",
                              "use a percentage from 0 to 100")
        if sum(inks) > layout.print.max_ink:
            yield Problem(("colors", name), f"{name} is {sum(inks):g} % total ink, over the "
                          f"print condition's {layout.print.max_ink:g} % (print.max_ink)",
                          "take cyan, magenta or yellow down until the four add up to no more")


def _role_problems(layout: Layout) -> Iterator[Problem]:
    for role in STYLE_ROLES:
        if role not in layout.styles:
            yield Problem(("styles",), f"style role `{role}` is missing",
                          f"add `{role}: {{font: …, size: …}}` under `styles:`")


def _area_problems(layout: Layout) -> Iterator[Problem]:
    """The type area (margin, columns and lines) lies on the trim."""
    width, height = layout.page_size
    grid, top = layout.grid, mm(layout.page.margin_top_mm)
    if grid.width > width + 0.01:
        yield Problem(("grid",), f"the type area is {grid.width:.0f} pt wide and the trim "
                      f"{width:.0f} pt: text would run off the page",
                      "use fewer or narrower columns, or a smaller body size")
    if top < 0 or top + grid.height > height + 0.01:
        yield Problem(("page", "margin_top_mm"),
                      f"margin_top_mm {layout.page.margin_top_mm:g} and {grid.lines} lines of "
                      f"{grid.line_pitch:g} pt put the type area's foot {(top + grid.height) / mm(1):.0f} mm "
                      f"down a {layout.page.trim_mm[1]:g} mm trim: text would run off the page",
                      "use a margin from 0 that leaves room for the lines, or fewer `grid.lines`")
