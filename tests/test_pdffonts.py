"""Embedded faces: the CFF charset is read right, and a subset draws each
code with the glyph the shaper chose in the shipped face.

fontTools is the independent reader here: it parses the shipped files and
the subset programs, so the checks do not lean on the code under test.
"""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.cffLib import CFFFontSet
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from banmian.compose.fonts import FontBook
from banmian.load.layout import load_layout
from banmian.output.pdffonts import cff_charset, subset

ROOT = Path(__file__).resolve().parent.parent
OTF = sorted((ROOT / "fonts").glob("*.otf"))
LAYOUT = ROOT / "layouts/broadsheet-feature.yaml"
#: A real sentence: Hanzi, full-width punctuation, quotes, digits (proportional).
SENTENCE = "2023年2月，淮安市洪泽区的湖水清澈见底。“好！”她说：《湖》"


def cff_table(path: Path) -> bytes:
    return hb.Face(hb.Blob.from_file_path(str(path))).reference_table("CFF ").data


def cid(glyph_name: str) -> int:
    """fontTools names a CID-keyed font's glyphs '.notdef', 'cid00001', …"""
    return 0 if glyph_name == ".notdef" else int(glyph_name.removeprefix("cid"))


def glyph_name(code: int) -> str:
    return ".notdef" if code == 0 else f"cid{code:05d}"


def outline(glyph_set, name: str) -> list:
    pen = RecordingPen()
    glyph_set[name].draw(pen)
    return pen.value


@pytest.mark.parametrize("path", OTF, ids=lambda p: p.name)
def test_charset_of_each_shipped_face_is_fonttools_glyph_order(path: Path) -> None:
    """The shipped faces' CIDs are not their glyph ids, so reading the
    charset wrong would embed the wrong glyphs."""
    cids = cff_charset(cff_table(path))
    assert cids == [cid(name) for name in TTFont(path, lazy=True).getGlyphOrder()]
    assert any(c != gid for gid, c in enumerate(cids))


@pytest.fixture(scope="module")
def faces() -> FontBook:
    """The layout's faces, opened as the pipeline opens them."""
    return FontBook(load_layout(LAYOUT).fonts)


def cff_keys() -> list[str]:
    return [key for key, path in load_layout(LAYOUT).fonts.items() if str(path).endswith(".otf")]


@pytest.mark.parametrize("key", cff_keys())
def test_cff_subset_draws_each_code_with_the_shaped_glyph(faces: FontBook, key: str) -> None:
    """Each code in the content stream names, in the embedded subset, the
    outline of the glyph HarfBuzz shaped; codes are unique, widths the face's."""
    face = faces[key]
    assert face.is_cff
    used = {g.gid: SENTENCE[g.cluster] for g in face.shape(SENTENCE)}
    sub = subset(face, used)
    program = CFFFontSet()
    program.decompile(io.BytesIO(zlib.decompress(sub.program)), None)
    top = program[program.fontNames[0]]
    original = TTFont(face.path, lazy=True)
    order, advances = original.getGlyphOrder(), original["hmtx"].metrics

    assert set(sub.codes) == set(used) | {0}
    assert len(set(sub.codes.values())) == len(sub.codes)
    assert sorted(top.charset, key=cid) == sorted(glyph_name(c) for c in sub.codes.values())
    for gid, code in sub.codes.items():
        assert code == cid(order[gid])
        assert outline(top.CharStrings, glyph_name(code)) == outline(original.getGlyphSet(),
                                                                     order[gid]), (gid, code)
        assert sub.widths[code] == round(face.advance(gid) * 1000)
        assert sub.widths[code] == round(advances[order[gid]][0] * 1000 / face.upem)
        if gid in used:
            assert sub.text[code] == used[gid]
    assert len(set(sub.widths.values())) > 1  # the digits are proportional


def test_truetype_subset_maps_codes_to_the_subset_glyphs(faces: FontBook) -> None:
    """For the TrueType face the code is the shipped glyph id and the
    CIDToGIDMap entry finds the same outline in the subset."""
    face = faces["kai"]
    assert not face.is_cff
    used = {g.gid: SENTENCE[g.cluster] for g in face.shape(SENTENCE)}
    sub = subset(face, used)
    cut = TTFont(io.BytesIO(zlib.decompress(sub.program)))
    original = TTFont(face.path, lazy=True)
    assert sub.codes == {gid: gid for gid in set(used) | {0}}
    cut_order, order = cut.getGlyphOrder(), original.getGlyphOrder()
    for gid in used:  # HarfBuzz empties .notdef, which is never drawn
        new = sub.gid_map[sub.codes[gid]]
        assert outline(cut.getGlyphSet(), cut_order[new]) == outline(original.getGlyphSet(),
                                                                     order[gid]), gid


# --- charsets of every format, and garbage -------------------------------------------

def index(items: list[bytes]) -> bytes:
    """A CFF INDEX with 4-byte offsets."""
    if not items:
        return b"\0\0"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    return (struct.pack(">HB", len(items), 4) + b"".join(struct.pack(">I", o) for o in offsets)
            + b"".join(items))


def number(value: int) -> bytes:
    """A DICT integer in its fixed 5-byte form, so offsets can be filled in after."""
    return b"\x1d" + struct.pack(">i", value)


#: FontMatrix [0.001 0 0 0.001 -2.5 1.25]: real operands before the charset.
FONT_MATRIX = (b"\x1e\x0a\x00\x1f\x8b\x8b\x1e\x0a\x00\x1f\x1e\xe2\xa5\xff\x1e\x1a\x25\xff"
               b"\x0c\x07")


#: ROS Adobe-Identity-0 (SIDs 391, 392 are the font's first strings): what makes it CID-keyed.
ROS = number(391) + number(392) + number(0) + b"\x0c\x1e"


def cff_font(glyphs: int, charset: bytes | None, charset_offset: int | None = None,
             cid_keyed: bool = True) -> bytes:
    """A minimal CFF: one font, ``glyphs`` empty charstrings, then ``charset``
    (None: the Top DICT names no charset). ``charset_offset`` overrides
    where the Top DICT says it is (0–2 name the predefined charsets)."""
    head, name, rest = bytes([1, 0, 4, 4]), index([b"Test"]), index([]) + index([])
    ros = ROS if cid_keyed else b""
    with_charset = charset is not None or charset_offset is not None
    top_size = len(ros) + len(FONT_MATRIX) + 6 + (6 if with_charset else 0)
    at = len(head) + len(name) + len(index([bytes(top_size)])) + len(rest)
    charstrings = index([b"\x0e"] * glyphs)
    top = ros + FONT_MATRIX + number(at) + b"\x11"
    if with_charset:
        where = at + len(charstrings) if charset_offset is None else charset_offset
        top += number(where) + b"\x0f"
    assert len(top) == top_size
    return head + name + index([top]) + rest + charstrings + (charset or b"")


@pytest.mark.parametrize("glyphs, charset, cids", [
    (5, b"\x00" + struct.pack(">4H", 10, 11, 30, 7), [0, 10, 11, 30, 7]),
    (6, b"\x01" + struct.pack(">HBHB", 100, 2, 7, 1), [0, 100, 101, 102, 7, 8]),
    (600, b"\x02" + struct.pack(">HHHH", 1, 298, 1000, 299),
     [0, *range(1, 300), *range(1000, 1300)]),
], ids=["format 0", "format 1", "format 2"])
def test_each_charset_format(glyphs: int, charset: bytes, cids: list[int]) -> None:
    assert cff_charset(cff_font(glyphs, charset)) == cids


@pytest.mark.parametrize("font", [cff_font(3, None, charset_offset=0),
                                  cff_font(3, None, charset_offset=1),
                                  cff_font(3, None, charset_offset=2),
                                  cff_font(3, None),
                                  cff_font(3, b"\x03" + struct.pack(">2H", 1, 2)),
                                  cff_font(3, b"\x00" + struct.pack(">2H", 1, 2), cid_keyed=False)],
                         ids=["ISOAdobe", "Expert", "ExpertSubset", "no charset", "format 3",
                              "name-keyed"])
def test_predefined_or_undefined_charset_is_refused(font: bytes) -> None:
    """A font without its own charset has no CIDs to draw with."""
    with pytest.raises(ValueError):
        cff_charset(font)


@pytest.fixture(scope="module")
def small_program(faces: FontBook) -> bytes:
    """A real CID-keyed CFF of a few glyphs, as a subset embeds it."""
    face = faces["shusong"]
    return zlib.decompress(subset(face, {g.gid: "" for g in face.shape("淮安，洪泽。")}).program)


def test_truncated_cff_never_gives_a_wrong_charset(small_program: bytes) -> None:
    """Cut anywhere, the program either still holds the whole charset or
    fails to parse: it never yields CIDs that would draw the wrong glyphs."""
    whole = cff_charset(small_program)
    for size in range(len(small_program)):
        try:
            cids = cff_charset(small_program[:size])
        except ValueError:
            continue
        assert cids == whole, size


def test_truncated_cff_is_refused_as_malformed(small_program: bytes) -> None:
    """What a caller would catch: ValueError, nothing else."""
    for size in range(len(small_program)):
        try:
            cff_charset(small_program[:size])
        except ValueError:
            pass


@pytest.mark.parametrize("byte", [22, 27, 31])
def test_a_reserved_dict_byte_is_refused(byte: int) -> None:
    from banmian.output.pdffonts import _dict
    with pytest.raises(ValueError):
        _dict(bytes([byte, 139, 17]))
