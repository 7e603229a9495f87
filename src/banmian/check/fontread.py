"""The fonts of a PDF as the file declares them: embedded programs, widths,
extents and the ToUnicode map a viewer copies text through."""
from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .findings import _SUBSET_NAME, STANDARD_14, _Sink, _Unreadable

if TYPE_CHECKING:
    pass


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
