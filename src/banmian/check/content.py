"""The content streams of a PDF interpreted operator by operator, with their
graphics and text state, within a budget of work."""
from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .findings import (
    _DAMAGE,
    IDENTITY,
    Box,
    CheckSettings,
    Matrix,
    _as_cmyk,
    _bounds,
    _check_page_group,
    _is_coloured,
    _is_solid_black,
    _multiply,
    _one_line,
    _outside,
    _overprints,
    _percent,
    _scale,
    _show_cmyk,
    _Sink,
    _Unreadable,
)
from .fontread import _Decoder, _font_name, _FontBook, _key
from .imageread import (
    _COMPONENTS,
    _family,
    _filters,
    _image_ink,
    _ImageCache,
    _space_problem,
)
from .operators import (
    _FILL_OPS,
    _PDF_OPERATORS,
    _SHOW_OPS,
    _STROKE_OPS,
    _brief_operands,
    _check_operands,
    _is_kind,
    _shown_parts,
)

if TYPE_CHECKING:
    pass




# --- content streams ------------------------------------------------------------------

@dataclass
class _State:
    """The part of the graphics state the checks need."""

    ctm: Matrix = IDENTITY
    fill: tuple[str, tuple[float, ...]] = ("/DeviceGray", (0.0,))
    stroke: tuple[str, tuple[float, ...]] = ("/DeviceGray", (0.0,))
    fill_op: bool = False
    stroke_op: bool = False
    opm: int = 0
    line_width: float = 1.0
    font: Dictionary | None = None
    font_size: float = 0.0
    render_mode: int = 0
    leading: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    h_scale: float = 1.0
    rise: float = 0.0


class _Budget:
    """Operators and glyphs interpreted in the whole document: past
    ``max_operators`` the file is too complex to check in bounded time."""

    def __init__(self, settings: CheckSettings) -> None:
        self.left = settings.max_operators
        self.settings = settings

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _Unreadable(f"too complex to check: more than {self.settings.max_operators:,} "
                              "operators and glyphs")

    def instructions(self, owner: pikepdf.Object) -> list:
        """``owner``'s content parsed, once its decoded size and operator count
        are known to be within bounds (parsing holds every operator at once)."""
        target = owner if isinstance(owner, pikepdf.Stream) else owner.get("/Contents")
        streams = ([target] if isinstance(target, pikepdf.Stream) else
                   [c for c in target if isinstance(c, pikepdf.Stream)]
                   if isinstance(target, Array) else [])
        if not streams:
            return []
        limit = self.settings.max_content_bytes
        decoded = [_decoded(stream, limit) for stream in streams]
        if sum(map(len, decoded)) > limit:
            raise _Unreadable(f"too complex to check: content over {limit:,} bytes")
        # each operator ends at a space, a delimiter or the end: an upper bound, counted fast
        bound = sum(d.count(c) for d in decoded for c in _SEPARATORS) + len(decoded)
        if bound > self.left:
            _count_operators(target, self)
        instructions = pikepdf.parse_content_stream(owner)
        self.spend(len(instructions))
        return instructions


_SEPARATORS = [bytes([c]) for c in b" \n\r\t\f\x00(<[/%{"]


def _decoded(stream: pikepdf.Stream, limit: int) -> bytes:
    """The stream's data, decoded no further than ``limit`` + 1 bytes when it
    is plain Flate (a few kilobytes can inflate to gigabytes)."""
    if _filters(stream) == [Name.FlateDecode] and "/DecodeParms" not in stream:
        try:
            return zlib.decompressobj().decompress(stream.read_raw_bytes(), limit + 1)
        except zlib.error:
            pass  # qpdf recovers what it can from a damaged stream
    return stream.read_bytes()


class _Counter(pikepdf.StreamParser):
    """Counts operators as the content is tokenised, spending the budget."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__()
        self.budget, self.left = budget, budget.left

    def handle_object(self, obj: pikepdf.Object, *_: Any) -> None:
        if isinstance(obj, pikepdf.Operator):
            self.left -= 1
            if self.left < 0:
                self.budget.spend(self.budget.left + 1)

    def handle_eof(self) -> None:
        pass


def _count_operators(target: pikepdf.Object, budget: _Budget) -> None:
    """Tokenise without keeping anything, stopping once over the budget."""
    pikepdf.Object._parse_stream(target, _Counter(budget))


class _Walker:
    """Interprets content streams of one page, recursing into form XObjects.
    It is one walk of the content: the graphics and text state (matrices,
    colours, overprint, font) carries from operator to operator, so each
    operator's method reads and changes the same state."""

    def __init__(self, page: int, settings: CheckSettings, sink: _Sink,
                 images: _ImageCache, fonts: _FontBook, budget: _Budget,
                 boxes: tuple[Box, Box]) -> None:
        self.page, self.settings, self.sink = page, settings, sink
        self.images, self.fonts, self.budget = images, fonts, budget
        self.trim, self.reach = boxes
        self.max_ink = 0.0
        self.stack: list[_State] = []
        self.state = _State()
        self.resources: Dictionary = Dictionary()
        self.tm: Matrix = IDENTITY
        self.tlm: Matrix = IDENTITY
        self.text_run = 0
        self.text: list[str] = []
        self.active_forms: set[tuple] = set()
        self.scanned: set[tuple] = set()
        self.compatibility = 0  # BX … EX depth: unknown operators are allowed there
        self.ops: dict[str, Callable[[list], None]] = {
            "q": self._q, "Q": self._Q, "cm": self._cm, "gs": self._gs, "w": self._w,
            "g": self._gray(fill=True), "G": self._gray(fill=False),
            "k": self._cmyk(fill=True), "K": self._cmyk(fill=False),
            "rg": self._rgb(fill=True), "RG": self._rgb(fill=False),
            "cs": self._cs(fill=True), "CS": self._cs(fill=False),
            "sc": self._sc(fill=True), "scn": self._sc(fill=True),
            "SC": self._sc(fill=False), "SCN": self._sc(fill=False),
            "BT": self._bt, "Tf": self._tf, "Tm": self._tm, "Td": self._td, "TD": self._td_lead,
            "TL": self._tl, "T*": self._tstar, "Tr": self._tr, "Do": self._do, "sh": self._sh,
            "Tc": self._text_state("char_spacing"), "Tw": self._text_state("word_spacing"),
            "Ts": self._text_state("rise"), "Tz": self._tz,
        }

    def walk(self, owner: pikepdf.Object, resources: Dictionary, ctm: Matrix) -> None:
        """Interpret ``owner``'s content with ``resources``, starting at ``ctm``."""
        saved = (self.resources, self.stack, self.state)
        self.resources, self.stack = resources, []
        self.state = replace(self.state, ctm=ctm)
        scan_key = _key(resources, ("resources of", _key(owner, (id(owner),))))
        if scan_key not in self.scanned:
            self.scanned.add(scan_key)
            self.fonts.declare(resources, self.page)
            self._check_resource_spaces(resources)
        for instruction in self.budget.instructions(owner):
            try:
                self._interpret(instruction)
            except _DAMAGE as err:
                op = getattr(instruction, "operator", "inline image")
                raise _Unreadable(f"page {self.page}: operator {op} with operands "
                                  f"{_brief_operands(instruction)}: {_one_line(err)}") from None
        self.resources, self.stack, self.state = saved

    def _interpret(self, instruction: Any) -> None:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            self._inline_image(instruction.iimage)
            return
        op = str(instruction.operator)
        _check_operands(op, instruction.operands)
        handler = self.ops.get(op)
        if handler is not None:
            handler(instruction.operands)
        elif op not in _PDF_OPERATORS and not self.compatibility:
            raise _Unreadable(f"page {self.page}: unknown operator {op[:20]!r} — the content is damaged")
        elif op in ("BX", "EX"):
            self.compatibility = max(self.compatibility + (1 if op == "BX" else -1), 0)
        elif op in _SHOW_OPS:
            self._show(op, instruction.operands)
        elif op in _FILL_OPS or op in _STROKE_OPS:
            self._paint(op)

    # graphics state

    def _q(self, _: list) -> None:
        self.stack.append(replace(self.state))

    def _Q(self, _: list) -> None:
        if self.stack:
            self.state = self.stack.pop()

    def _cm(self, operands: list) -> None:
        self.state.ctm = _multiply(tuple(map(float, operands)), self.state.ctm)

    def _w(self, operands: list) -> None:
        self.state.line_width = float(operands[0])

    def _gs(self, operands: list) -> None:
        gstate = self.resources.get("/ExtGState", Dictionary()).get(operands[0])
        if gstate is None:
            self.sink.error("missing-resource", f"ExtGState {operands[0]} is not in the resources",
                            self.page, key=str(operands[0]))
            return
        s = self.state
        if "/OP" in gstate:
            s.stroke_op = bool(gstate.OP)
            s.fill_op = bool(gstate.get("/op", gstate.OP))
        elif "/op" in gstate:
            s.fill_op = bool(gstate.op)
        if "/OPM" in gstate:
            s.opm = int(gstate.OPM)
        if "/LW" in gstate:
            s.line_width = float(gstate.LW)
        self._check_transparency(gstate)

    def _check_transparency(self, gstate: Dictionary) -> None:
        reasons = []
        for key in ("/CA", "/ca"):
            if float(gstate.get(key, 1)) < 1:
                reasons.append(f"{key.lstrip('/')} {float(gstate[key]):g}")
        blend = gstate.get("/BM", Name.Normal)
        blend = blend[0] if isinstance(blend, Array) else blend
        if blend not in (Name.Normal, Name.Compatible):
            reasons.append(f"blend mode {str(blend).lstrip('/')}")
        if gstate.get("/SMask", Name("/None")) != Name("/None"):
            reasons.append("soft mask")
        if reasons:
            self.sink.error("transparency", "transparency: " + ", ".join(reasons), self.page,
                            key=tuple(reasons))

    # colour

    def _gray(self, fill: bool) -> Callable[[list], None]:
        return lambda operands: self._set_colour(fill, "/DeviceGray", operands)

    def _cmyk(self, fill: bool) -> Callable[[list], None]:
        return lambda operands: self._set_colour(fill, "/DeviceCMYK", operands)

    def _rgb(self, fill: bool) -> Callable[[list], None]:
        def set_rgb(operands: list) -> None:
            self._set_colour(fill, "/DeviceRGB", operands)
            self.sink.error("rgb-colour", "RGB colour set with rg/RG (CMYK and grey only)",
                            self.page, key=tuple(round(float(v), 3) for v in operands))
        return set_rgb

    def _cs(self, fill: bool) -> Callable[[list], None]:
        def set_space(operands: list) -> None:
            space = operands[0]
            problem = _space_problem(space, self.resources)
            if problem:
                self.sink.add(problem[0], "colour-space", problem[1], self.page, key=str(space))
            family = _family(space, self.resources)
            initial = (0.0, 0.0, 0.0, 1.0) if family == "/DeviceCMYK" else (0.0,)
            self._set_colour(fill, family, initial)
        return set_space

    def _sc(self, fill: bool) -> Callable[[list], None]:
        def set_values(operands: list) -> None:
            space = (self.state.fill if fill else self.state.stroke)[0]
            values = [v for v in operands if not isinstance(v, Name)]
            wanted = _COMPONENTS.get(space)
            if wanted is not None and (len(values) != wanted or not all(
                    _is_kind(v, "number") for v in values)):
                raise ValueError(f"{space.lstrip('/')} colour takes {wanted} number(s)")
            self._set_colour(fill, space, values)
        return set_values

    def _set_colour(self, fill: bool, space: str, values: Iterable) -> None:
        colour = (space, tuple(float(v) for v in values))
        if fill:
            self.state.fill = colour
        else:
            self.state.stroke = colour

    # painting

    def _paint(self, op: str) -> None:
        s = self.state
        if op in _FILL_OPS:
            self._check_ink(s.fill, "fill")
        if op in _STROKE_OPS:
            self._check_ink(s.stroke, "stroke")
            self._check_rule(s)

    def _check_ink(self, colour: tuple[str, tuple[float, ...]], what: str) -> None:
        cmyk = _as_cmyk(colour)
        if cmyk is None:
            return
        ink = sum(cmyk) * 100
        self.max_ink = max(self.max_ink, ink)
        if ink > self.settings.max_ink + 1e-6:
            self.sink.error("ink-limit", f"{what} colour {_show_cmyk(cmyk)} = {ink:.0f} % total ink"
                            f" (max {self.settings.max_ink:g} %)", self.page,
                            key=(what, cmyk), ink=round(ink, 1), cmyk=_percent(cmyk))

    def _check_rule(self, s: _State) -> None:
        width = s.line_width * _scale(s.ctm)
        if width < self.settings.min_rule_pt:
            self.sink.warn("hairline", f"a line {width:.3f} pt wide (min {self.settings.min_rule_pt:g} pt)"
                           " may vanish on newsprint", self.page, key=round(width, 3),
                           width=round(width, 3))
        if _is_solid_black(_as_cmyk(s.stroke)) and not _overprints(s.stroke, s.stroke_op, s.opm):
            self.sink.warn("black-rule-knockout", "a K100 rule knocks out (stroke overprint is off)",
                           self.page, key=round(width, 2), width=round(width, 2))

    def _sh(self, operands: list) -> None:
        shading = self.resources.get("/Shading", Dictionary()).get(operands[0])
        if shading is not None:
            self._check_space(shading.get("/ColorSpace"), "shading")

    def _check_space(self, space: Any, what: str) -> None:
        problem = _space_problem(space, self.resources)
        if problem:
            self.sink.add(problem[0], "colour-space", f"{what}: {problem[1]}", self.page,
                          key=(what, str(space)))

    def _check_resource_spaces(self, resources: Dictionary) -> None:
        """Named colour spaces, shadings and shading patterns, used or not."""
        for name, space in resources.get("/ColorSpace", Dictionary()).items():
            self._check_space(space, f"colour space {name}")
        for shading in resources.get("/Shading", Dictionary()).values():
            self._check_space(shading.get("/ColorSpace"), "shading")
        for name, pattern in resources.get("/Pattern", Dictionary()).items():
            if int(pattern.get("/PatternType", 0)) == 2:
                self._check_space(pattern.Shading.get("/ColorSpace"), f"pattern {name}")
            elif _key(pattern, (name,)) not in self.active_forms:
                self._recurse(pattern, pattern.get("/Resources", self.resources),
                              tuple(float(v) for v in pattern.get("/Matrix", IDENTITY)))

    # text

    def _bt(self, _: list) -> None:
        self.tm = self.tlm = IDENTITY
        self.text_run += 1

    def _tf(self, operands: list) -> None:
        name, size = operands[0], float(operands[1])
        font = self.resources.get("/Font", Dictionary()).get(name)
        if font is None:
            self.sink.error("missing-resource", f"font {name} is not in the resources", self.page,
                            key=str(name))
        else:
            self.fonts.use(font, self.page, str(name))
        self.state.font, self.state.font_size = font, size

    def _tm(self, operands: list) -> None:
        self.tm = self.tlm = tuple(map(float, operands))

    def _td(self, operands: list) -> None:
        self.tm = self.tlm = _multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), self.tlm)

    def _td_lead(self, operands: list) -> None:
        self.state.leading = -float(operands[1])
        self._td(operands)

    def _tl(self, operands: list) -> None:
        self.state.leading = float(operands[0])

    def _tstar(self, _: list) -> None:
        self._td([0, -self.state.leading])

    def _tr(self, operands: list) -> None:
        self.state.render_mode = int(operands[0])

    def _text_state(self, name: str) -> Callable[[list], None]:
        return lambda operands: setattr(self.state, name, float(operands[0]))

    def _tz(self, operands: list) -> None:
        self.state.h_scale = float(operands[0]) / 100

    def _show(self, op: str, operands: list) -> None:
        if op == '"':
            self.state.word_spacing, self.state.char_spacing = map(float, operands[:2])
        if op in ("'", '"'):
            self._tstar([])
        parts = _shown_parts(operands)
        decoder = self.fonts.decoder(self.state.font)
        self.text.append("".join([decoder.decode(p) for p in parts if isinstance(p, bytes)]))
        matrix = _multiply(self.tm, self.state.ctm)
        extent = self._advance(parts, decoder)
        if self.state.render_mode not in (3, 7):
            self._check_shown(operands, matrix, extent)

    def _advance(self, parts: list[bytes | float],
                 decoder: _Decoder) -> tuple[float, float] | None:
        """Move the text matrix past the shown glyphs (PDF 1.7 §9.4.4);
        returns the glyphs' horizontal extent in text space, None if none."""
        s = self.state
        x, low, high, size, glyphs = 0.0, math.inf, -math.inf, s.font_size, 0
        for part in parts:
            if not isinstance(part, bytes):
                x -= part / 1000 * size * s.h_scale
                continue
            widths, count, spaces = decoder.measure(part)
            glyphs += count
            start = x
            x += (widths / 1000 * size + count * s.char_spacing + spaces * s.word_spacing) * s.h_scale
            low, high = min(low, start, x), max(high, start, x)
        self.budget.spend(glyphs)
        self.tm = _multiply((1.0, 0.0, 0.0, 1.0, x, 0.0), self.tm)
        return (low, high) if low <= high else None

    def _check_shown(self, operands: list, matrix: Matrix,
                     extent: tuple[float, float] | None) -> None:
        s = self.state
        if extent is not None:
            self._check_glyph_box(operands, matrix, extent)
        fills = s.render_mode in (0, 2, 4, 6)
        colour = s.fill if fills else s.stroke
        self._check_ink(colour, "text")
        if s.render_mode in (1, 2, 5, 6):
            self._check_ink(s.stroke, "text outline")
        size = s.font_size * _scale(matrix)
        cmyk = _as_cmyk(colour)
        overprint = s.fill_op if fills else s.stroke_op
        if _is_solid_black(cmyk) and not _overprints(colour, overprint, s.opm):
            self._text_finding("error", "black-text-knockout",
                               "K100 text knocks out: overprint is off"
                               if not overprint else "K100 text knocks out: overprint mode is 0",
                               operands, size, matrix)
        elif cmyk is not None and size < self.settings.min_colour_text_pt and _is_coloured(cmyk):
            reversed_ = sum(cmyk) == 0
            self._text_finding("warning", "small-reversed-text" if reversed_ else "small-colour-text",
                               f"{'reversed' if reversed_ else 'colour ' + _show_cmyk(cmyk)} text "
                               f"at {size:.1f} pt (min {self.settings.min_colour_text_pt:g} pt)",
                               operands, size, matrix)

    def _check_glyph_box(self, operands: list, matrix: Matrix, extent: tuple[float, float]) -> None:
        """The glyphs' boxes — advance by font size across, the font's ascent
        to descent up and down — must lie within the TrimBox: text beyond it
        is cut off or never printed."""
        s, decoder = self.state, self.fonts.decoder(self.state.font)
        bottom = s.rise + decoder.descent / 1000 * s.font_size
        top = s.rise + decoder.ascent / 1000 * s.font_size
        box = _bounds([(extent[0], bottom), (extent[1], bottom), (extent[0], top),
                       (extent[1], top)], matrix)
        off = _outside(box, self.trim)
        if off > self.settings.tolerance_pt:
            self._text_finding("error", "outside-trim", f"text reaches {off:.1f} pt beyond the TrimBox",
                               operands, s.font_size * _scale(matrix), matrix)

    def _text_finding(self, severity: str, code: str, message: str, operands: list,
                      size: float, matrix: Matrix) -> None:
        text = self._decode(operands)
        self.sink.add(severity, code, f"{message}: {text[:30]!r}", self.page,
                      key=self.text_run, font=_font_name(self.state.font) if self.state.font else "",
                      size=round(size, 2), x=round(matrix[4], 1), y=round(matrix[5], 1), text=text)

    def _decode(self, operands: list) -> str:
        decoder = self.fonts.decoder(self.state.font)
        parts = operands[-1] if operands and isinstance(operands[-1], Array) else operands[-1:]
        return "".join(decoder.decode(bytes(p)) for p in parts if isinstance(p, pikepdf.String))

    # XObjects and images

    def _do(self, operands: list) -> None:
        xobject = self.resources.get("/XObject", Dictionary()).get(operands[0])
        if xobject is None:
            self.sink.error("missing-resource", f"XObject {operands[0]} is not in the resources",
                            self.page, key=str(operands[0]))
            return
        subtype = xobject.get("/Subtype")
        if subtype == Name.Image:
            self._image(xobject, str(operands[0]))
        elif subtype == Name.Form and _key(xobject, (str(operands[0]),)) not in self.active_forms:
            _check_page_group(xobject, self.page, self.sink)
            matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
            self._recurse(xobject, xobject.get("/Resources", self.resources),
                          _multiply(matrix, self.state.ctm))

    def _recurse(self, owner: pikepdf.Object, resources: Dictionary, ctm: Matrix) -> None:
        if len(self.active_forms) >= self.settings.max_form_depth:
            raise _Unreadable(f"too complex to check: forms nested more than "
                              f"{self.settings.max_form_depth} deep on page {self.page}")
        key = _key(owner, (id(owner),))
        self.active_forms.add(key)
        self.walk(owner, resources, ctm)
        self.active_forms.discard(key)

    def _image(self, image: pikepdf.Stream, name: str) -> None:
        self._check_image_box(name)
        if bool(image.get("/ImageMask", False)):
            self._check_ink(self.state.fill, "stencil mask")
            return
        if "/SMask" in image or int(image.get("/SMaskInData", 0)):
            self.sink.error("transparency", f"image {name} has a soft mask", self.page, key=name)
        space = image.get("/ColorSpace")
        self._check_space(space, f"image {name}")
        self._placed(name, int(image.Width), int(image.Height), _family(space),
                     self.images.ink(image, name))

    def _check_image_box(self, name: str) -> None:
        """An image is drawn into the unit square under the CTM; it may bleed
        but not reach past the BleedBox (the TrimBox when there is no bleed)."""
        box = _bounds([(0, 0), (1, 0), (0, 1), (1, 1)], self.state.ctm)
        off = _outside(box, self.reach)
        if off > self.settings.tolerance_pt:
            where = "BleedBox" if self.reach != self.trim else "TrimBox"
            self.sink.error("outside-trim", f"image {name} reaches {off:.1f} pt beyond the {where}",
                            self.page, key=("image", name, box), image=name,
                            box=[round(v, 1) for v in box])

    def _inline_image(self, image: pikepdf.PdfInlineImage) -> None:
        self._check_image_box("inline")
        if image.image_mask:
            self._check_ink(self.state.fill, "stencil mask")
            return
        space = Name(image.colorspace) if image.colorspace else None
        self._check_space(space, "inline image")
        if image.width * image.height > self.settings.max_image_pixels:
            raise _Unreadable(f"too complex to check: an inline image of {image.width}×{image.height}"
                              " pixels")
        self._placed("inline", image.width, image.height, _family(space), _image_ink(image))

    def _placed(self, name: str, width: int, height: int, family: str, ink: float | None) -> None:
        """Resolution at the placed size and the ink of its pixels."""
        a, b, c, d, _, _ = self.state.ctm
        placed_w, placed_h = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        ppi = min(width / placed_w, height / placed_h) if placed_w and placed_h else 0.0
        self.images.placements.append({
            "page": self.page, "name": name, "pixels": f"{width}x{height}",
            "colour_space": family.lstrip("/"), "ppi": round(ppi, 1),
            "max_ink": round(ink, 1) if ink is not None else None})
        s = self.settings
        if ppi < s.min_ppi:
            severity = "error" if ppi < s.error_ppi else "warning"
            self.sink.add(severity, "low-resolution", f"image {name}: {ppi:.0f} ppi at the placed size"
                          f" (min {s.min_ppi:g}, error under {s.error_ppi:g})", self.page,
                          key=(name, round(ppi)), ppi=round(ppi, 1))
        if ink is not None and ink > s.max_ink + 1e-6:
            self.sink.error("ink-limit", f"image {name}: pixels reach {ink:.1f} % total ink"
                            f" (max {s.max_ink:g} %)", self.page, key=name, ink=round(ink, 1))
