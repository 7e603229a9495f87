"""Font files, HarfBuzz shaping and metrics, and coverage (缺字).

Faces are the files shipped in ``fonts/`` and named by key in the layout; no
system font is ever looked up. HarfBuzz gives glyph ids and advances straight
from the font, so what is measured is what is drawn and embedded.

A character a style's face lacks — typically a rare one in a person's or
place's name — is set in the layout's fallback faces, in order, the way a
typesetter substitutes a glyph from another font; each substitution is
recorded for the report, since a proofreader should look at it. Only when no
face has the character is it an error.
"""
from __future__ import annotations

import os
import struct
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import uharfbuzz as hb


@dataclass(frozen=True)
class ShapedGlyph:
    """One glyph out of the shaper.

    ``cluster`` is the index in the shaped string of the first character the
    glyph stands for; ``advance`` is in em (advance / units per em).
    """

    gid: int
    cluster: int
    advance: float


class MissingGlyph(Exception):
    """A character the face has no glyph for (缺字)."""

    def __init__(self, face: str, char: str, where: str = "") -> None:
        self.face, self.char, self.where = face, char, where
        at = f"{where}: " if where else ""
        super().__init__(
            f"{at}缺字: the face '{face}' and the layout's fallback faces have no glyph for "
            f"{char!r} (U+{ord(char):04X}) — use another character, or add a face that has it "
            "to `fallback_fonts` in the layout")


class Face:
    """One font file opened for shaping and measuring."""

    def __init__(self, key: str, path: Path) -> None:
        self.key = key
        self.path = Path(path)
        self.blob = hb.Blob.from_file_path(str(self.path))
        self.hb_face = hb.Face(self.blob)
        self.hb_font = hb.Font(self.hb_face)
        self.upem = self.hb_face.upem
        self.is_cff = "CFF " in self.hb_face.table_tags
        extents = self.hb_font.get_font_extents("ltr")
        self.ascender = extents.ascender / self.upem
        self.descender = extents.descender / self.upem

    def __repr__(self) -> str:
        return f"Face({self.key!r}, {self.path.name})"

    @cached_property
    def identity(self) -> bytes:
        """What tells this file from any other version of it, cheaply: its
        name, size and the 'head' table's checksum adjustment, which is
        computed over the whole file."""
        head = self.hb_face.reference_table("head").data
        return f"{self.path.name}:{len(self.blob)}:".encode() + head[8:12]

    def glyph(self, char: str) -> int | None:
        """The nominal glyph id for ``char``, or None if the face lacks it."""
        return self.hb_font.get_nominal_glyph(ord(char))

    def has(self, char: str) -> bool:
        return self.glyph(char) is not None

    def advance(self, gid: int) -> float:
        """Horizontal advance of ``gid`` in em."""
        return self.hb_font.get_glyph_h_advance(gid) / self.upem

    def shape(self, text: str, features: Mapping[str, bool] | None = None) -> list[ShapedGlyph]:
        """Shape ``text`` as horizontal Simplified Chinese; no text, no glyphs
        (HarfBuzz gives an empty buffer no glyph lists at all)."""
        if not text:
            return []
        buf = hb.Buffer()
        buf.add_str(text)
        buf.direction = "ltr"
        buf.script = "Hani"
        buf.language = "zh-Hans"
        hb.shape(self.hb_font, buf, dict(features or {}))
        return [ShapedGlyph(info.codepoint, info.cluster, pos.x_advance / self.upem)
                for info, pos in zip(buf.glyph_infos, buf.glyph_positions)]



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


class FontBook:
    """The layout's faces by key, each opened once per build, and the
    fallback faces (keys, in order) for characters a face lacks.
    ``substituted`` collects (character, face, fallback face) as they occur."""

    def __init__(self, files: Mapping[str, str | Path], fallback: Sequence[str] = ()) -> None:
        self.faces = {key: Face(key, Path(path)) for key, path in files.items()}
        self.fallback = tuple(fallback)
        self.substituted: set[tuple[str, str, str]] = set()

    def __getitem__(self, key: str) -> Face:
        return self.faces[key]

    def __iter__(self) -> Iterable[Face]:
        return iter(self.faces.values())

    def stretches(self, key: str, text: str) -> list[tuple[int, int, str]]:
        """``text`` as (start, end, face key) stretches, each character in
        face ``key`` when it has it, else in the first fallback face that
        does; a combining mark or variation selector stays with the
        character before it. Raises MissingGlyph when no face has one."""
        found: list[tuple[int, int, str]] = []
        for i, char in enumerate(text):
            if found and _clings(char):
                face = found[-1][2]
            else:
                face = self._face_for(key, char)
            if found and found[-1][2] == face:
                found[-1] = (found[-1][0], i + 1, face)
            else:
                found.append((i, i + 1, face))
        return found

    def _face_for(self, key: str, char: str) -> str:
        if self.faces[key].has(char):
            return key
        for other in self.fallback:
            if other != key and self.faces[other].has(char):
                self.substituted.add((char, key, other))
                return other
        raise MissingGlyph(key, char)


def _clings(char: str) -> bool:
    """Combining marks and format characters (variation selectors, joiners)
    are drawn with the character before them, in its face."""
    return unicodedata.category(char) in ("Mn", "Me", "Cf")
