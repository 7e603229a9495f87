"""CHECK: preflight of a finished PDF, read back without the engine's help.

What a newsprint plant rejects or prints badly, found by reading the file
the way a RIP would: every content stream and form XObject is interpreted
with its graphics state (CTM, colours, overprint, line width, text matrix),
so a finding names what is actually painted, where, and how.

Errors stop the page going to press; warnings are for a human to judge.
Findings of one kind on one page are capped (``CheckSettings.max_listed``),
the rest counted, so a page with one systematic fault stays readable.

Any file may be handed to the check, so it reads with bounds: only a regular
file of at most ``max_file_bytes``, content streams up to ``max_content_bytes``
decoded and ``max_operators`` operators, forms nested ``max_form_depth`` deep,
images up to ``max_image_pixels``. A file it cannot read — not a PDF, cut
short, damaged, locked with a password, beyond those bounds, or with image
data that does not decode — gives a report that is not ``readable``, with one
sentence saying why, never an exception.
"""
from __future__ import annotations

import io
import json
import math
import re
import stat
import struct
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image, ImageChops

from ..output.images import (
    DECODE_ERRORS,
    JPEG_READING,
    JpegReading,
    max_ink_units,
    read_jpeg,
)

if TYPE_CHECKING:
    from ..memo import Memo

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

#: The standard 14 fonts a viewer substitutes: never embedded, never on press.
STANDARD_14 = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
})
_SUBSET_NAME = re.compile(r"^[A-Z]{6}\+")
_PRINT_SPACES = frozenset({"/DeviceCMYK", "/DeviceGray"})
_FILL_OPS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
_STROKE_OPS = frozenset({"S", "s", "B", "B*", "b", "b*"})
_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_NUMBERS = {"cm": 6, "Tm": 6, "w": 1, "g": 1, "G": 1, "k": 4, "K": 4, "rg": 3, "RG": 3, "Td": 2,
            "TD": 2, "TL": 1, "Tc": 1, "Tw": 1, "Tz": 1, "Ts": 1, "Tr": 1, "m": 2, "l": 2, "c": 6,
            "v": 4, "y": 4, "re": 4, "J": 1, "j": 1, "M": 1, "i": 1, "d0": 2, "d1": 6}
#: What each operator takes (PDF 1.7 Annex A), for those the check interprets or
#: that are fixed: a number, a name, a string or an array.
_OPERANDS: dict[str, tuple[str, ...]] = {
    **{op: ("number",) * count for op, count in _NUMBERS.items()},
    **{op: () for op in ("q", "Q", "BT", "ET", "h", "n", "W", "W*", "EMC", "BX", "EX",
                         *_FILL_OPS, *_STROKE_OPS)},
    **{op: ("name",) for op in ("gs", "Do", "cs", "CS", "sh", "ri", "BMC", "MP")},
    "Tf": ("name", "number"), "Tj": ("string",), "'": ("string",),
    '"': ("number", "number", "string"), "TJ": ("array",), "d": ("array", "number"),
}
#: Every operator of PDF 1.7 (Annex A); any other outside BX … EX is damage.
_PDF_OPERATORS = frozenset("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F
    f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ
    TL Tm Tr Ts Tw Tz v w W W* y ' \"""".split())


@dataclass(frozen=True)
class CheckSettings:
    """Limits of the print condition (ISO 12647-3 coldset newsprint by default)."""

    max_ink: float = 240.0
    min_ppi: float = 200.0
    error_ppi: float = 100.0
    min_colour_text_pt: float = 10.0
    min_rule_pt: float = 0.1
    require_pdfx: bool = True
    max_listed: int = 20
    max_file_bytes: int = 512 * 2**20
    max_content_bytes: int = 32 * 2**20
    max_operators: int = 500_000
    max_form_depth: int = 32
    max_image_pixels: int = 64_000_000
    tolerance_pt: float = 0.01


@dataclass(frozen=True)
class Finding:
    """One problem: a stable ``code``, a sentence, the 1-based page (None: the
    whole document) and machine-readable ``detail``."""

    code: str
    message: str
    page: int | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    """Preflight result: errors block printing; ``stats`` describes the file.
    A file that could not be read at all is not ``readable``: its one error
    (code ``unreadable``) says why."""

    path: str
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    readable: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_json(self) -> str:
        body = {"path": self.path, "ok": self.ok, "readable": self.readable,
                "errors": [asdict(f) for f in self.errors],
                "warnings": [asdict(f) for f in self.warnings], "stats": self.stats}
        return json.dumps(body, ensure_ascii=False, indent=2, default=str)

    def summary(self) -> str:
        """One line for a build report: verdict and the codes found."""
        codes = Counter(f.code for f in self.errors + self.warnings)
        listed = ", ".join(f"{code} ×{n}" for code, n in sorted(codes.items()))
        return (f"preflight: {'PASS' if self.ok else 'FAIL'}, {len(self.errors)} errors, "
                f"{len(self.warnings)} warnings" + (f" ({listed})" if listed else ""))

    def render_text(self) -> str:
        verdict = "PASS" if self.ok else "FAIL"
        lines = [f"preflight {self.path}: {verdict} "
                 f"({len(self.errors)} errors, {len(self.warnings)} warnings)"]
        for label, findings in (("ERROR", self.errors), ("warn", self.warnings)):
            for f in findings:
                where = f"p{f.page}" if f.page else "doc"
                lines.append(f"  {label:5} {where:4} {f.code:22} {f.message}")
        for key, value in self.stats.items():
            lines.append(f"  {key}: {_brief(value)}")
        return "\n".join(lines)


def _brief(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_brief(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


class _Unreadable(Exception):
    """The file cannot be checked; the message says why in one sentence."""


#: What a damaged or hostile file makes pikepdf, Pillow or the interpreter
#: raise (bad operands, broken objects, undecodable data); never a bug's
#: MemoryError or KeyboardInterrupt, which are not caught.
_DAMAGE = (pikepdf.PdfError, ValueError, TypeError, LookupError, AttributeError, ArithmeticError,
           RecursionError, NotImplementedError, OSError, struct.error, zlib.error,
           Image.DecompressionBombError)


def preflight(pdf_path: Path, expected_text: str | None = None,
              settings: CheckSettings | None = None, memo: Memo | None = None) -> Report:
    """Check ``pdf_path`` for the press; compare its text with ``expected_text``
    if given. ``memo`` keeps each image's ink reading between runs."""
    settings = settings or CheckSettings()
    try:
        data = _read_pdf(Path(pdf_path), settings.max_file_bytes)
    except _Unreadable as err:
        return _unreadable(str(pdf_path), str(err))
    return _preflight(data, str(pdf_path), expected_text, settings, memo)


def preflight_bytes(pdf: bytes, expected_text: str | None = None,
                    settings: CheckSettings | None = None, name: str = "<memory>",
                    memo: Memo | None = None) -> Report:
    """``preflight`` of a PDF still in memory (a build checks before it writes)."""
    return _preflight(pdf, name, expected_text, settings or CheckSettings(), memo)


def _read_pdf(path: Path, limit: int) -> bytes:
    """The file's bytes, read only if it is a regular file within ``limit``
    (a device such as /dev/zero or a pipe would never end) and starts like a PDF."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("not a regular file (a folder, device or pipe) — give a PDF file")
        if info.st_size > limit:
            raise _Unreadable(f"{info.st_size:,} bytes, over the {limit:,} the check reads — "
                              "is this a PDF page?")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise _Unreadable(f"cannot read it: {err.strerror or err}") from None
    if b"%PDF-" not in data[:1024]:
        raise _Unreadable("not a PDF (no %PDF- header)" if data else "the file is empty")
    return data


def _unreadable(name: str, why: str) -> Report:
    return Report(name, [Finding("unreadable", why)], readable=False)


def _preflight(source: bytes, name: str, expected_text: str | None,
               settings: CheckSettings, memo: Memo | None) -> Report:
    """The checks, or a report that is not readable when the file defeats them."""
    try:
        return _checked(source, name, expected_text, settings, memo)
    except pikepdf.PasswordError:
        return _unreadable(name, "encrypted with a password: it cannot be read (and PDF/X "
                           "forbids encryption) — export it again without security")
    except _Unreadable as err:
        return _unreadable(name, str(err))
    except _DAMAGE as err:
        return _unreadable(name, f"damaged: {_one_line(err)}")


_IN_MEMORY = re.compile(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?")


def _one_line(err: BaseException) -> str:
    """The exception's words on one line, without the in-memory file's name."""
    text = _IN_MEMORY.sub("", " ".join(str(err).split())) or type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _checked(source: bytes, name: str, expected_text: str | None,
             settings: CheckSettings, memo: Memo | None) -> Report:
    sink = _Sink(settings.max_listed)
    stats: dict[str, Any] = {}
    text: list[str] = []
    with pikepdf.open(io.BytesIO(source)) as pdf:
        if settings.require_pdfx:
            stats.update(_check_pdfx(pdf, sink))
        images = _ImageCache(memo, settings.max_image_pixels)
        fonts = _FontBook(sink)
        budget = _Budget(settings)
        ink = 0.0
        for number, page in enumerate(pdf.pages, start=1):
            boxes = _check_boxes(page, number, sink)
            _check_page_group(page.obj, number, sink)
            walker = _Walker(number, settings, sink, images, fonts, budget, boxes)
            walker.walk(page.obj, page.resources, IDENTITY)
            ink = max(ink, walker.max_ink)
            text += walker.text
        fonts.report_unused()
        if not pdf.pages:
            sink.error("no-pages", "the file has no pages")
        stats["pages"] = len(pdf.pages)
        stats["fonts"] = fonts.summary()
        stats["images"] = images.placements
        stats["max_ink_vector"] = round(ink, 1)
        stats["max_ink_images"] = round(max((i["max_ink"] or 0 for i in images.placements),
                                            default=0), 1)
    if expected_text is not None:
        stats["text"] = _check_text("".join(text), expected_text, sink)
    errors, warnings = sink.results()
    return Report(name, errors, warnings, stats)


class _Sink:
    """Collects findings, listing at most ``cap`` of one code per page."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.found: dict[str, list[Finding]] = {"error": [], "warning": []}
        self.seen: set[Any] = set()
        self.overflow: Counter[tuple[str, str, int | None]] = Counter()
        self.listed: Counter[tuple[str, int | None]] = Counter()

    def add(self, severity: str, code: str, message: str, page: int | None = None,
            key: Any = None, **detail: Any) -> None:
        if key is not None:
            if (code, page, key) in self.seen:
                return
            self.seen.add((code, page, key))
        if self.listed[(code, page)] >= self.cap:
            self.overflow[(severity, code, page)] += 1
            return
        self.listed[(code, page)] += 1
        self.found[severity].append(Finding(code, message, page, detail))

    def error(self, code: str, message: str, page: int | None = None, key: Any = None,
              **detail: Any) -> None:
        self.add("error", code, message, page, key, **detail)

    def warn(self, code: str, message: str, page: int | None = None, key: Any = None,
             **detail: Any) -> None:
        self.add("warning", code, message, page, key, **detail)

    def results(self) -> tuple[list[Finding], list[Finding]]:
        for (severity, code, page), count in sorted(self.overflow.items(), key=str):
            self.found[severity].append(Finding(
                code, f"... and {count} more of the same", page, {"more": count}))
        return self.found["error"], self.found["warning"]


# --- document: PDF/X declarations and page boxes -------------------------------------

def _check_pdfx(pdf: pikepdf.Pdf, sink: _Sink) -> dict[str, Any]:
    """OutputIntent and the Info keys a PDF/X consumer reads first."""
    if pdf.is_encrypted:
        sink.error("encrypted", "the file is encrypted; PDF/X forbids encryption")
    intent = next((oi for oi in pdf.Root.get("/OutputIntents", Array())
                   if oi.get("/S") == Name.GTS_PDFX), None)
    identifier = str(intent.get("/OutputConditionIdentifier", "")) if intent else ""
    if not identifier:
        sink.error("no-output-intent", "no /GTS_PDFX OutputIntent with an OutputConditionIdentifier")
    elif "/DestOutputProfile" in intent and int(intent.DestOutputProfile.get("/N", 0)) != 4:
        sink.error("output-profile", "the OutputIntent's profile is not a CMYK profile")
    info = pdf.trailer.get("/Info", Dictionary())
    version = str(info.get("/GTS_PDFXVersion", ""))
    if not version:
        sink.error("no-pdfx-version", "Info has no /GTS_PDFXVersion")
    if info.get("/Trapped") not in (Name("/True"), Name("/False")):
        sink.warn("trapped", "Info /Trapped should be /True or /False for PDF/X")
    if "/ID" not in pdf.trailer:
        sink.warn("no-id", "the trailer has no /ID")
    return {"pdfx_version": version or None, "output_condition": identifier or None}


def _check_boxes(page: pikepdf.Page, number: int, sink: _Sink) -> tuple[Box, Box]:
    """The TrimBox, which every glyph must lie within, and the BleedBox (the
    trim without one), which every image must: a photo may bleed, text not.
    Without a TrimBox both are the MediaBox."""
    media = _box(page.mediabox)
    trim = page.obj.get("/TrimBox")
    if trim is None:
        sink.error("no-trimbox", "the page has no TrimBox", number)
        return media, media
    trim = _box(trim)
    if not _inside(trim, media):
        sink.error("trimbox-outside", f"TrimBox {trim} is not inside MediaBox {media}", number)
    bleed = page.obj.get("/BleedBox")
    if bleed is not None:
        bleed = _box(bleed)
        if not (_inside(trim, bleed) and _inside(bleed, media)):
            sink.error("bleedbox", f"BleedBox {bleed} must hold the TrimBox and sit in the MediaBox",
                       number)
    return trim, bleed if bleed is not None else trim


def _check_page_group(obj: Dictionary, number: int, sink: _Sink) -> None:
    group = obj.get("/Group")
    if group is not None and group.get("/S") == Name.Transparency:
        sink.error("transparency", "a transparency group (PDF/X-1a allows none)", number,
                   key=("group", obj.objgen))


def _box(array: Iterable) -> Box:
    x1, y1, x2, y2 = (float(v) for v in array)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _outside(inner: Box, outer: Box) -> float:
    """How far (pt) ``inner`` reaches beyond ``outer`` on its worst side; 0 inside."""
    return max(outer[0] - inner[0], outer[1] - inner[1], inner[2] - outer[2],
               inner[3] - outer[3], 0.0)


def _bounds(points: Iterable[tuple[float, float]], m: Matrix) -> Box:
    """The page-space bounding box of ``points`` mapped through ``m``."""
    mapped = [(x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]) for x, y in points]
    xs, ys = [p[0] for p in mapped], [p[1] for p in mapped]
    return (min(xs), min(ys), max(xs), max(ys))


def _inside(inner: tuple, outer: tuple, tolerance: float = 0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


# --- fonts ----------------------------------------------------------------------------

class _FontBook:
    """Every font met in a resource dictionary: checked once, used or not."""

    def __init__(self, sink: _Sink) -> None:
        self.sink = sink
        self.fonts: dict[tuple, dict[str, Any]] = {}
        self.decoders: dict[tuple, _Decoder] = {}

    def declare(self, resources: Dictionary, page: int) -> None:
        for name, font in resources.get("/Font", Dictionary()).items():
            key = _key(font, (page, str(name)))
            if key not in self.fonts:
                self.fonts[key] = {"name": _font_name(font), "page": page, "used": False,
                                   **self._inspect(font, page)}

    def use(self, font: Dictionary, page: int, name: str) -> None:
        key = _key(font, (page, name))
        if key in self.fonts:
            self.fonts[key]["used"] = True

    def decoder(self, font: Dictionary | None) -> _Decoder:
        key = _key(font, ("none",)) if font is not None else ("none",)
        if key not in self.decoders:
            self.decoders[key] = _Decoder(font)
        return self.decoders[key]

    def _inspect(self, font: Dictionary, page: int) -> dict[str, Any]:
        name, subtype = _font_name(font), str(font.get("/Subtype", ""))
        descendant = font.get("/DescendantFonts", [font])[0] if subtype == "/Type0" else font
        descriptor = descendant.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if subtype == "/Type3":
            self.sink.warn("type3-font", f"Type 3 font {name}: RIPs and viewers render these unevenly",
                           page, key=name)
            return {"subtype": subtype, "embedded": True, "subset": True}
        if name in STANDARD_14 or not embedded:
            kind = "standard-14 font" if name in STANDARD_14 else "font"
            self.sink.error("font-not-embedded", f"{kind} {name} is not embedded", page,
                            key=name, font=name)
        elif not _SUBSET_NAME.match(name):
            self.sink.warn("font-not-subset", f"font {name} is embedded whole, not as a subset",
                           page, key=name, font=name)
        return {"subtype": subtype.lstrip("/") + (f"/{str(descendant.Subtype).lstrip('/')}"
                                                  if descendant is not font else ""),
                "embedded": embedded, "subset": bool(_SUBSET_NAME.match(name))}

    def report_unused(self) -> None:
        for info in self.fonts.values():
            if not info["used"]:
                self.sink.warn("unused-font", f"font resource {info['name']} is never used",
                               info["page"], key=info["name"], font=info["name"])

    def summary(self) -> list[str]:
        return sorted({f"{i['name']} ({i['subtype']})" for i in self.fonts.values()})


def _font_name(font: Dictionary) -> str:
    return str(font.get("/BaseFont", "/?")).lstrip("/")


def _key(obj: pikepdf.Object, fallback: tuple) -> tuple:
    """Identity of a PDF object: its object number, or where a direct object sits."""
    return obj.objgen if obj.objgen != (0, 0) else fallback


class _Decoder:
    """Turns shown strings back into text through the font's ToUnicode map
    (the text a page shows, and what a finding quotes), and measures them:
    each code's advance from ``/W`` or ``/Widths`` and the font's ascent and
    descent (1/1000 em; one em, 880 up and 120 down, where the font gives none)."""

    def __init__(self, font: Dictionary | None) -> None:
        self.width = 2 if font is not None and font.get("/Subtype") == Name.Type0 else 1
        cmap = font.get("/ToUnicode") if font is not None else None
        self.map = _parse_to_unicode(cmap.read_bytes()) if isinstance(cmap, pikepdf.Stream) else {}
        self.advances, self.default = _font_widths(font) if font is not None else ({}, 0.0)
        self.ascent, self.descent = _font_extent(font) if font is not None else (880.0, -120.0)
        self.measured: dict[bytes, tuple[float, int, int]] = {}
        self.texts: dict[bytes, str] = {}

    def measure(self, data: bytes) -> tuple[float, int, int]:
        """(sum of the codes' advances, number of codes, single-byte spaces) of
        a shown string; a page shows the same strings again and again."""
        found = self.measured.get(data)
        if found is None:
            codes = self.codes(data)
            found = (sum(self.advances.get(c, self.default) for c in codes), len(codes),
                     codes.count(32) if self.width == 1 else 0)
            self.measured[data] = found
        return found

    def codes(self, data: bytes) -> tuple[int, ...]:
        if self.width == 1:
            return tuple(data)
        return struct.unpack(f">{len(data) // 2}H", data[:len(data) // 2 * 2])

    def decode(self, data: bytes) -> str:
        text = self.texts.get(data)
        if text is None:
            text = self.texts[data] = ("".join([self.map.get(c, chr(c)) for c in data])
                                       if self.width == 1 else "".join(
                                           [self.map.get(c, "\ufffd") for c in self.codes(data)]))
        return text


_MAX_WIDTH_ENTRIES = 1_000_000  # a /W array's ranges may not spell out more codes than this


def _font_widths(font: Dictionary) -> tuple[dict[int, float], float]:
    """Advance per code (1/1000 text-space unit) and the default advance."""
    if font.get("/Subtype") == Name.Type0:
        descendant = font.get("/DescendantFonts", [Dictionary()])[0]
        return _cid_widths(descendant.get("/W", Array())), float(descendant.get("/DW", 1000))
    scale = 1.0
    if font.get("/Subtype") == Name.Type3:
        scale = float(font.get("/FontMatrix", [0.001])[0]) * 1000
    first = int(font.get("/FirstChar", 0))
    widths = {first + i: float(w) * scale for i, w in enumerate(font.get("/Widths", Array()))}
    missing = font.get("/FontDescriptor", Dictionary()).get("/MissingWidth", 0)
    return widths, float(missing) * scale


def _cid_widths(w: Array) -> dict[int, float]:
    """A CIDFont's ``/W``: ``c [w1 w2 …]`` and ``c_first c_last w`` entries."""
    items, widths, i, spent = list(w), {}, 0, 0
    while i + 1 < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], Array):
            widths.update((first + k, float(v)) for k, v in enumerate(items[i + 1]))
            i += 2
        elif i + 2 < len(items):
            last, value = min(int(items[i + 1]), 0xFFFF), float(items[i + 2])
            spent += max(last - first, 0)
            if spent > _MAX_WIDTH_ENTRIES:
                raise _Unreadable("too complex to check: a font's /W array is too long")
            widths.update((c, value) for c in range(max(first, 0), last + 1))
            i += 3
        else:
            break
    return widths


def _font_extent(font: Dictionary) -> tuple[float, float]:
    descendant = (font.get("/DescendantFonts", [font])[0]
                  if font.get("/Subtype") == Name.Type0 else font)
    descriptor = descendant.get("/FontDescriptor", Dictionary())
    ascent, descent = (float(descriptor.get(k, 0)) for k in ("/Ascent", "/Descent"))
    return (ascent, descent) if ascent > descent else (880.0, -120.0)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _parse_to_unicode(cmap: bytes) -> dict[int, str]:
    table: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2]):
            table[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(cmap):
        for line in re.findall(rb"<[^\n]*", block):
            hexes = _HEX.findall(line)
            if len(hexes) < 3:
                continue
            lo, hi = int(hexes[0], 16), int(hexes[1], 16)
            if b"[" in line:
                for code, dst in zip(range(lo, hi + 1), hexes[2:]):
                    table[code] = _utf16(dst)
            else:
                start = _utf16(hexes[2])
                for offset in range(hi - lo + 1):
                    table[lo + offset] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    return table


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", "replace")


# --- images ---------------------------------------------------------------------------

class _ImageCache:
    """Reads each image XObject's ink once, or from ``memo`` when its data and
    the keys that decide how it decodes are unchanged; records placements.

    A JPEG's reading (``images.read_jpeg``: its samples' extreme sums, as
    decoded) is kept by the JPEG's own bytes, and this check applies the
    image's /Decode and colour space to it every time. The build's photo
    preparation reads each JPEG it encodes with the same function to verify
    the ink limit and leaves that reading in the cache, so the preflight of a
    fresh build need not decode the photos again — and the check stays an
    independent reading of the PDF: what it trusts is a pure function of the
    exact bytes the PDF carries, never what preparation meant to write (other
    bytes, another /Decode or colour space, is read or applied afresh).
    """

    def __init__(self, memo: Memo | None, max_pixels: int) -> None:
        self.memo = memo
        self.max_pixels = max_pixels
        self.inks: dict[tuple, float | None] = {}
        self.placements: list[dict[str, Any]] = []

    def ink(self, image: pikepdf.Stream, name: str) -> float | None:
        key = image.objgen
        if key == (0, 0) or key not in self.inks:
            pixels = int(image.get("/Width", 0)) * int(image.get("/Height", 0))
            if pixels > self.max_pixels:
                raise _Unreadable(f"too complex to check: image {name} has {pixels:,} pixels "
                                  f"(the check reads up to {self.max_pixels:,})")
            try:
                self.inks[key] = self._read(image)
            except _DAMAGE as err:
                raise _Unreadable(f"image {name}: its data cannot be decoded ({_one_line(err)})") \
                    from None
        return self.inks[key]

    def _read(self, image: pikepdf.Stream) -> float | None:
        if self.memo is None:
            return _image_ink(image)
        if _family(image.get("/ColorSpace")) in _PRINT_SPACES and _filters(image)[-1:] == [Name.DCTDecode]:
            try:
                data = _jpeg_bytes(image)
                reading = self.memo(JPEG_READING, data, lambda: read_jpeg(data).dump(), JpegReading.load)
            except (pikepdf.PdfError, *DECODE_ERRORS):
                return None
            if reading.mode in ("CMYK", "L"):
                return _reading_ink(reading, _inverted_by_pdf(image)) / 2.55
        decoding = repr([_family(image.get("/ColorSpace"))] + [
            image.get(k) for k in ("/Filter", "/DecodeParms", "/Decode", "/Width", "/Height",
                                   "/BitsPerComponent")])
        found = self.memo("ink", decoding.encode() + b"\n" + image.read_raw_bytes(),
                          lambda: json.dumps(_image_ink(image)).encode(), _ink_value)
        return found


def _ink_value(data: bytes) -> float | None:
    """An ink reading kept as JSON; raises on anything but a number or null."""
    value = json.loads(data)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ValueError("not an ink reading")
    return value


def _reading_ink(reading: JpegReading, inverted_by_pdf: bool) -> int:
    """Highest ink of a CMYK or grey JPEG's reading, 8-bit units, as a RIP
    paints it: Pillow undoes Adobe's inversion, a RIP applies /Decode."""
    flipped = reading.adobe != inverted_by_pdf
    if reading.mode == "CMYK":
        return 4 * 255 - reading.low if flipped else reading.high
    return reading.high if flipped else 255 - reading.low


def _image_ink(image: pikepdf.Stream | pikepdf.PdfInlineImage) -> float | None:
    """Highest C+M+Y+K of any pixel in percent, as a RIP would paint it; None
    for a colour space that is not print colour (reported as such). Data that
    does not decode raises: the plant's RIP could not print it either."""
    family = _family(image.get("/ColorSpace") if isinstance(image, pikepdf.Stream)
                     else Name(image.colorspace or "/DeviceGray"))
    if family not in _PRINT_SPACES:
        return None
    if isinstance(image, pikepdf.Stream) and _filters(image)[-1:] == [Name.DCTDecode]:
        pixels = _jpeg_samples(image)
    else:
        pim = pikepdf.PdfImage(image) if isinstance(image, pikepdf.Stream) else image
        pixels = pim.as_pil_image(apply_decode_array=True, apply_mask=False)
    if pixels.mode == "CMYK":
        return max_ink_units(pixels) / 2.55
    pixels = pixels.convert("L")
    return (255 - pixels.getextrema()[0]) / 2.55


def _jpeg_bytes(image: pikepdf.Stream) -> bytes:
    """The JPEG inside an image stream (any filters before DCTDecode undone)."""
    filters = _filters(image)
    if len(filters) > 1:
        outer = pikepdf.Stream(image.owner, image.read_raw_bytes())
        outer.Filter = Array(filters[:-1])
        return outer.read_bytes()
    return image.read_raw_bytes()


def _inverted_by_pdf(image: pikepdf.Stream) -> bool:
    decode = [float(v) for v in image.get("/Decode", Array())]
    return bool(decode) and decode[0] > decode[1]


def _jpeg_samples(image: pikepdf.Stream) -> Image.Image:
    """The JPEG's samples after the PDF's /Decode array.

    Pillow undoes Adobe's inverted CMYK on reading, but a PDF renderer takes
    the raw samples through /Decode; so the two inversions are reconciled here.
    """
    pixels = Image.open(io.BytesIO(_jpeg_bytes(image)))
    pixels.load()
    inverted_by_pillow = pixels.mode == "CMYK" and "adobe" in pixels.info
    return ImageChops.invert(pixels) if inverted_by_pillow != _inverted_by_pdf(image) else pixels


def _filters(stream: pikepdf.Stream) -> list:
    f = stream.get("/Filter")
    return list(f) if isinstance(f, Array) else ([f] if f is not None else [])


def _family(space: Any, resources: Dictionary | None = None) -> str:
    """The colour-space family: '/DeviceCMYK', '/ICCBased', … (names resolved)."""
    if space is None:
        return "/DeviceGray"
    if isinstance(space, Name):
        if resources is not None and space not in _DEVICE_NAMES:
            named = resources.get("/ColorSpace", Dictionary()).get(space)
            if named is not None:
                return _family(named)
        return str(space)
    return str(space[0]) if isinstance(space, Array) and len(space) else "/?"


_COMPONENTS = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_DEVICE_NAMES = frozenset({Name.DeviceGray, Name.DeviceRGB, Name.DeviceCMYK, Name.Pattern})


def _space_problem(space: Any, resources: Dictionary | None = None) -> tuple[str, str] | None:
    """(severity, reason) if a colour space is not plain print colour, else None."""
    family = _family(space, resources)
    if family in _PRINT_SPACES or family == "/Pattern":
        return None
    if isinstance(space, Name) and resources is not None and family != str(space):
        space = resources.ColorSpace[space]
    if family == "/Indexed":
        return _space_problem(space[1], resources)
    if family in ("/Separation", "/DeviceN"):
        return ("warning", f"spot colour {family.lstrip('/')}: it needs its own plate")
    return ("error", f"{family.lstrip('/')} colour (CMYK and grey only)")


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


def _shown_parts(operands: list) -> list[bytes | float]:
    """A show operator's strings (bytes) and TJ's position adjustments (floats)."""
    shown = operands[-1] if isinstance(operands[-1], Array) else operands[-1:]
    parts: list[bytes | float] = []
    for part in shown:  # by type code: pikepdf's isinstance is slow, and a page shows thousands
        kind = type(part)
        if kind is int or kind is Decimal:
            parts.append(float(part))
        elif kind is pikepdf.Object and part._type_code == pikepdf.ObjectType.string:
            parts.append(bytes(part))
        else:
            raise ValueError("TJ takes strings and numbers")
    return parts


def _check_operands(op: str, operands: list) -> None:
    """Operands of the kinds and number the operator takes (others are damage:
    a RIP stops on them, and the checks would read a colour or size wrongly)."""
    wanted = _OPERANDS.get(op)
    if wanted is not None and (len(operands) != len(wanted) or not all(
            map(_is_kind, operands, wanted))):
        raise ValueError(f"{op} takes {' '.join(wanted) or 'no operands'}")


def _is_kind(operand: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(operand, (int, float, Decimal)) and not isinstance(operand, bool)
    return isinstance(operand, {"name": Name, "string": pikepdf.String, "array": Array}[kind])


def _brief_operands(instruction: Any) -> str:
    operands = getattr(instruction, "operands", [])
    text = " ".join(repr(o) if not isinstance(o, (Array, Dictionary)) else type(o).__name__
                    for o in operands[:4])
    return (text[:60] + "…" if len(text) > 60 else text) or "none"


# --- colour helpers ---------------------------------------------------------------------

def _as_cmyk(colour: tuple[str, tuple[float, ...]]) -> tuple[float, ...] | None:
    """The ink a device colour lays down (0–1 per plate); None if not a device colour."""
    space, values = colour
    if space == "/DeviceCMYK" and len(values) == 4:
        return tuple(min(max(v, 0.0), 1.0) for v in values)
    if space == "/DeviceGray" and len(values) == 1:
        return (0.0, 0.0, 0.0, 1.0 - min(max(values[0], 0.0), 1.0))
    return None


def _is_solid_black(cmyk: tuple[float, ...] | None) -> bool:
    return cmyk is not None and cmyk[:3] == (0.0, 0.0, 0.0) and cmyk[3] >= 0.995


def _is_coloured(cmyk: tuple[float, ...]) -> bool:
    """Anything but a black-only tint: colour (registration matters) or paper white."""
    return any(cmyk[:3]) or cmyk[3] == 0


def _overprints(colour: tuple[str, tuple[float, ...]], overprint: bool, opm: int) -> bool:
    """Whether black lands on the other plates untouched. In DeviceCMYK that also
    needs OPM 1, or the zero C, M and Y still knock out (PDF 1.7 §8.6.7)."""
    return overprint and (opm == 1 or colour[0] != "/DeviceCMYK")


def _show_cmyk(cmyk: tuple[float, ...]) -> str:
    return "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(v * 100 for v in cmyk))


def _percent(cmyk: tuple[float, ...]) -> list[float]:
    return [round(v * 100, 1) for v in cmyk]


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n for PDF's row-vector matrices: apply m, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _scale(m: Matrix) -> float:
    """Mean linear scale of a matrix (sqrt of its area factor)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


# --- text ------------------------------------------------------------------------------

def _check_text(shown: str, expected: str, sink: _Sink) -> dict[str, Any]:
    """Compare the text the PDF shows (every string drawn, in drawing order,
    read through its font's ToUnicode map: what a viewer copies) with
    ``expected``, whitespace ignored."""
    got, want = _squeeze(shown), _squeeze(expected)
    if got == want:
        return {"matches": True, "chars": len(got)}
    at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
    expected, extracted = want[max(0, at - 20):at + 20], got[max(0, at - 20):at + 20]
    sink.error("text-mismatch", f"extracted text differs from the source at character {at + 1}"
               f" (whitespace ignored): expected …{expected}… got …{extracted}…", None,
               index=at, expected=expected, got=extracted, expected_chars=len(want),
               got_chars=len(got))
    return {"matches": False, "chars": len(got), "expected_chars": len(want)}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
