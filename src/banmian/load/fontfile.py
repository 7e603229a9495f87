"""Whether a file the layout names as a font is one the engine can set with:
checked at load, from the table directory and one HarfBuzz probe, so a text
file, a collection or a file cut short is a located error, not a page of 缺字."""
from __future__ import annotations

import os
import struct
from pathlib import Path

import uharfbuzz as hb

_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")
_TABLES = ("cmap", "head", "hhea", "hmtx", "maxp")
_PROBE = "一。"  # a Han character and a full stop: what every role of a Chinese page sets


def font_problem(path: str | Path) -> str | None:
    """Why ``path`` is not a face the engine can set with, or None. Read
    from the table directory and HarfBuzz, so it is cheap: a text file, a
    collection, a file cut short (its subset would fail) or a face without
    Chinese would otherwise pass until every character became 缺字."""
    with open(path, "rb") as handle:
        header = handle.read(12)
        size = os.fstat(handle.fileno()).st_size
        count = struct.unpack(">H", header[4:6])[0] if len(header) == 12 else 0
        directory = handle.read(16 * count)
    if header[:4] == b"ttcf":
        return "is a font collection (.ttc), not one face"
    if header[:4] not in _SFNT or count == 0:
        return "is not an OpenType or TrueType font"
    tables = _table_directory(directory, count)
    cut = [tag for tag, end in tables.items() if end > size]
    if len(directory) < 16 * count or cut:
        return f"is cut short at {size} bytes: {', '.join(cut) or 'its table directory'} runs past the end"
    missing = [t for t in _TABLES if t not in tables] + (
        [] if "CFF" in tables or "glyf" in tables else ["CFF or glyf"])
    if missing:
        return f"has no {', '.join(missing)} table"
    font = hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
    lacking = [c for c in _PROBE if font.get_nominal_glyph(ord(c)) is None]
    return f"has no glyph for {' '.join(lacking)}: not a Chinese face" if lacking else None


def _table_directory(directory: bytes, count: int) -> dict[str, int]:
    """Table tag -> the byte offset where the table ends."""
    tables = {}
    for i in range(min(count, len(directory) // 16)):
        tag, _, offset, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
        tables[tag.decode("latin-1").rstrip()] = offset + length
    return tables
