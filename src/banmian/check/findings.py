"""What the preflight reports: its settings, each finding, the report, the
sink that caps repeated findings, and the geometry and colour arithmetic
the readers share."""
from __future__ import annotations

import json
import math
import re
import struct
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Dictionary, Name
from PIL import Image

if TYPE_CHECKING:
    pass


Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

#: The standard 14 fonts a viewer substitutes: never embedded, never on press.
STANDARD_14 = frozenset({
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
})
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


class _Unreadable(Exception):
    """The file cannot be checked; the message says why in one sentence."""


_DAMAGE = (pikepdf.PdfError, ValueError, TypeError, LookupError, AttributeError, ArithmeticError,
           RecursionError, NotImplementedError, OSError, struct.error, zlib.error,
           Image.DecompressionBombError)


_IN_MEMORY = re.compile(r"(stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:? ?")


def _one_line(err: BaseException) -> str:
    """The exception's words on one line, without the in-memory file's name."""
    text = _IN_MEMORY.sub("", " ".join(str(err).split())) or type(err).__name__
    return text if len(text) <= 200 else text[:199] + "…"


_SUBSET_NAME = re.compile(r"^[A-Z]{6}\+")


_PRINT_SPACES = frozenset({"/DeviceCMYK", "/DeviceGray"})


def _check_page_group(obj: Dictionary, number: int, sink: _Sink) -> None:
    group = obj.get("/Group")
    if group is not None and group.get("/S") == Name.Transparency:
        sink.error("transparency", "a transparency group (PDF/X-1a allows none)", number,
                   key=("group", obj.objgen))
