"""Embedding faces in the PDF as CID-keyed Type0 fonts, subset per document.

Each face is embedded once, whatever sizes it is used at: HarfBuzz cuts it to
the glyphs the page uses, and the font goes in as Type0 / Identity-H with a
``/W`` width array and an exact ToUnicode map, so text copied from the PDF is
the source text.

- CFF faces (Noto CJK) become CIDFontType0 with FontFile3 /CIDFontType0C.
  Their CFF is CID-keyed: the code drawn is the glyph's CID, which the subset
  keeps in its charset, so codes are read back from the subset itself.
- TrueType faces (LXGW WenKai) become CIDFontType2 with FontFile2; the code
  drawn is the glyph id in the shipped file, mapped to the subset's glyph id by
  a CIDToGIDMap stream.

Cutting and compressing a CJK face is most of the cost of writing a page, and
an editor's rebuilds use nearly the same glyphs each time, so a ``Memo`` can
keep each cut (keyed by the face file's identity and the glyph ids).
"""
from __future__ import annotations

import hashlib
import string
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pikepdf
import uharfbuzz as hb

from ..compose.fonts import Face

if TYPE_CHECKING:
    from ..memo import Memo

#: Tables a PDF viewer never reads from an embedded font.
_DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG",
                "kern", "morx", "JSTF", "MATH", "STAT", "meta")


@dataclass(frozen=True)
class FontSubset:
    """One face cut to the glyphs a document uses.

    ``program`` is the font program Flate-compressed, as it goes into the
    PDF. ``codes`` maps a glyph id of the shipped face to the 2-byte code
    drawn in the content stream; ``widths`` and ``text`` are keyed by that code.
    """

    face: Face
    tag: str
    program: bytes
    codes: Mapping[int, int]
    widths: Mapping[int, int]
    text: Mapping[int, str]
    gid_map: Mapping[int, int]

    @property
    def base_name(self) -> str:
        return f"{self.tag}+{self.face.hb_face.get_name(6) or self.face.key}"


def subset(face: Face, used: Mapping[int, str], memo: Memo | None = None) -> FontSubset:
    """Cut ``face`` to the glyph ids in ``used`` (gid -> text it stands for)."""
    gids = sorted(set(used) | {0})
    make = lambda: _pack(*_cut(face, gids))  # noqa: E731
    load = lambda packed: _unpack(packed, face, gids)  # noqa: E731
    program, cids = memo("font", face.identity + repr(gids).encode(), make, load) if memo else load(make())
    codes = dict(zip(gids, cids))
    widths = {codes[g]: round(face.advance(g) * 1000) for g in gids}
    text = {codes[g]: used[g] for g in gids if used.get(g)}
    gid_map = {codes[g]: new for new, g in enumerate(gids)}
    return FontSubset(face, _tag(face.key, gids), program, codes, widths, text, gid_map)


def _pack(program: bytes, codes: list[int]) -> bytes:
    """A cut as bytes: the code count, the codes, the compressed program."""
    return struct.pack(f">I{len(codes)}H", len(codes), *codes) + zlib.compress(program)


def _unpack(packed: bytes, face: Face, gids: list[int]) -> tuple[bytes, list[int]]:
    """The compressed program and codes of ``_pack``; raises unless it holds
    a whole compressed program and the codes it draws ``gids`` with (a CFF
    cut's charset; a TrueType cut keeps the glyph ids)."""
    (count,) = struct.unpack_from(">I", packed)
    codes = list(struct.unpack_from(f">{count}H", packed, 4))
    program = packed[4 + 2 * count:]
    drawn_with = cff_charset(zlib.decompress(program)) if face.is_cff else gids
    if codes != drawn_with or count != len(gids):
        raise ValueError("a cut for other glyphs")
    return program, codes


def _cut(face: Face, gids: list[int]) -> tuple[bytes, list[int]]:
    """HarfBuzz's subset of ``face``: the bare font program and, per glyph
    kept, the code it is drawn with."""
    inp = hb.SubsetInput()
    for gid in gids:
        inp.glyph_set.add(gid)
    drop = inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in _DROP_TABLES:
        drop.add(int.from_bytes(tag.encode(), "big"))
    result = hb.subset(face.hb_face, inp)
    if result is None:
        raise RuntimeError(f"HarfBuzz could not subset {face.path.name}")
    data = result.blob.data
    if not face.is_cff:
        return data, gids
    # HarfBuzz keeps glyphs in the order of their old ids and keeps their CIDs
    # in the charset, so the n-th old gid has the n-th CID.
    cff = hb.Face(hb.Blob(data)).reference_table("CFF ").data
    cids = cff_charset(cff)
    if len(cids) != len(gids):
        raise RuntimeError("subset glyph count does not match the glyphs asked for")
    return cff, cids


def cff_charset(cff: bytes) -> list[int]:
    """The charset of a CID-keyed CFF font: for each glyph id its CID (Adobe
    TN #5176, "Charsets"). Raises ValueError for anything else or a
    malformed table."""
    try:
        return _charset(cff)
    except (IndexError, struct.error) as err:
        raise ValueError(f"malformed CFF table: {err}") from None


def _charset(cff: bytes) -> list[int]:
    _, _, header_size, _ = cff[:4]
    _, after_names = _index(cff, header_size)
    (top, *_), _ = _index(cff, after_names)
    operators = _dict(top)
    if _ROS not in operators:
        raise ValueError("CFF font is name-keyed, not CID-keyed (no ROS in its Top DICT)")
    if 15 not in operators or 17 not in operators or operators[15][0] < 3:
        raise ValueError("CFF font has no charset or CharStrings of its own")
    count = _index_count(cff, operators[17][0])
    at = operators[15][0]
    kind, at = cff[at], at + 1
    sids = [0]
    if kind == 0:
        sids += struct.unpack_from(f">{count - 1}H", cff, at)
    elif kind in (1, 2):
        while len(sids) < count:
            first, left = struct.unpack_from(">HB" if kind == 1 else ">HH", cff, at)
            at += 3 if kind == 1 else 4
            sids.extend(range(first, first + left + 1))
    else:
        raise ValueError(f"CFF charset format {kind} is not defined")
    return sids[:count]


#: The Top DICT operator (12 30) that makes a CFF font CID-keyed.
_ROS = 1230


def _index_count(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def _index(data: bytes, at: int) -> tuple[list[bytes], int]:
    """A CFF INDEX at ``at``: its items and the offset just past it."""
    count = _index_count(data, at)
    if count == 0:
        return [], at + 2
    size = data[at + 2]
    base = at + 2 + (count + 1) * size
    if base > len(data):
        raise IndexError("INDEX offsets run past the end")
    offsets = [int.from_bytes(data[at + 3 + i * size:at + 3 + (i + 1) * size], "big")
               for i in range(count + 1)]
    return [data[base + a:base + b] for a, b in zip(offsets, offsets[1:])], base + offsets[-1]


def _dict(data: bytes) -> dict[int, list[float]]:
    """A CFF DICT: operator (12 x as 1200 + x) -> operands."""
    found: dict[int, list[float]] = {}
    operands: list[float] = []
    at = 0
    while at < len(data):
        b0 = data[at]
        if b0 <= 21:
            op, at = (1200 + data[at + 1], at + 2) if b0 == 12 else (b0, at + 1)
            found[op], operands = operands, []
        elif b0 <= 27 or b0 == 31:
            raise ValueError(f"CFF DICT byte {b0} is reserved")
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, at + 1)[0])
            at += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, at + 1)[0])
            at += 5
        elif b0 == 30:  # a real: nibbles up to 0xf; its value is never needed here
            while at + 1 < len(data) and 0xF not in (data[at + 1] >> 4, data[at + 1] & 0xF):
                at += 1
            operands.append(0.0)
            at += 2
        elif b0 <= 246:
            operands.append(b0 - 139)
            at += 1
        elif b0 <= 250:
            operands.append((b0 - 247) * 256 + data[at + 1] + 108)
            at += 2
        elif b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[at + 1] - 108)
            at += 2
        else:
            raise ValueError(f"CFF DICT byte {b0} is reserved")
    return found


def _tag(key: str, gids: list[int]) -> str:
    """Six capitals naming the subset, the same for the same glyphs (PDF 9.6.4)."""
    digest = hashlib.sha256((key + ",".join(map(str, gids))).encode()).digest()
    return "".join(string.ascii_uppercase[b % 26] for b in digest[:6])


def font_object(pdf: pikepdf.Pdf, sub: FontSubset) -> pikepdf.Object:
    """The Type0 font dictionary for ``sub``, made indirect in ``pdf``."""
    name = pikepdf.Name("/" + sub.base_name)
    descendant = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType0 if sub.face.is_cff else pikepdf.Name.CIDFontType2,
        BaseFont=name,
        CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
        FontDescriptor=pdf.make_indirect(_descriptor(pdf, sub, name)),
        DW=1000,
        W=_width_array(sub.widths),
    )
    if not sub.face.is_cff:
        descendant.CIDToGIDMap = pdf.make_stream(_cid_to_gid(sub.gid_map))
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(descendant)],
        ToUnicode=pdf.make_stream(to_unicode_cmap(sub.text)),
    ))


def font_variant(pdf: pikepdf.Pdf, base: pikepdf.Object, text: Mapping[int, str]) -> pikepdf.Object:
    """Another Type0 font over the CIDFont of ``base`` whose ToUnicode map
    gives the codes in ``text`` other texts: how a glyph shared by two
    characters copies as each of them."""
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=base.BaseFont,
        Encoding=base.Encoding, DescendantFonts=base.DescendantFonts,
        ToUnicode=pdf.make_stream(to_unicode_cmap(text))))


def _descriptor(pdf: pikepdf.Pdf, sub: FontSubset, name: pikepdf.Name) -> pikepdf.Dictionary:
    face = sub.face
    ascent, descent = round(face.ascender * 1000), round(face.descender * 1000)
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=name, Flags=4,
        FontBBox=_bbox(face),
        ItalicAngle=0, Ascent=ascent, Descent=descent, CapHeight=ascent, StemV=80,
    )
    stream = pdf.make_stream(sub.program, Filter=pikepdf.Name.FlateDecode)
    if face.is_cff:
        stream.Subtype = pikepdf.Name("/CIDFontType0C")
        descriptor.FontFile3 = stream
    else:
        descriptor.FontFile2 = stream
    return descriptor


def _bbox(face: Face) -> list[int]:
    """The face's bounding box (head.xMin … yMax) in 1000 units per em."""
    head = face.hb_face.reference_table("head").data
    box = struct.unpack(">4h", head[36:44])
    return [round(v * 1000 / face.upem) for v in box]


def _width_array(widths: Mapping[int, int]) -> pikepdf.Array:
    """``/W`` as runs of consecutive codes: [c [w1 w2 …] c' [...] …]."""
    out: list = []
    run: list[int] = []
    start = prev = None
    for code in sorted(widths):
        if prev is not None and code == prev + 1:
            run.append(widths[code])
        else:
            if run:
                out += [start, run]
            start, run = code, [widths[code]]
        prev = code
    if run:
        out += [start, run]
    return pikepdf.Array(out)


def _cid_to_gid(gid_map: Mapping[int, int]) -> bytes:
    table = bytearray(2 * (max(gid_map) + 1))
    for cid, gid in gid_map.items():
        table[2 * cid:2 * cid + 2] = gid.to_bytes(2, "big")
    return bytes(table)


def to_unicode_cmap(text: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap mapping each 2-byte code to the text it stands for."""
    lines = [f"<{code:04X}> <{_utf16_hex(t)}>" for code, t in sorted(text.items())]
    chunks = [lines[i:i + 100] for i in range(0, len(lines), 100)]
    body = "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()
