"""RENDER: display list -> PDF bytes (before PDF/X finishing).

ReportLab's canvas draws rules, frames and colours, and carries the text and
image operators. The resources those operators name are attached afterwards
with pikepdf: the fonts are CID-keyed Type0 fonts made by ``pdffonts``
(ReportLab can neither read CFF outlines nor embed a face as one CID font),
and the photos go in as the exact JPEG bytes ``images`` prepared (ReportLab
would re-wrap them in ASCII85, slowly, and decide /Decode itself).
ReportLab's own start-of-page Helvetica selection is removed in the same pass,
so no stray standard font remains.

Characters that share a glyph (〜 and ～, U+F967 and 不, the Kelvin sign and
K) would copy as one text, since a ToUnicode map gives each code one text.
Each further text of a glyph is drawn through a variant of its face's font:
another Type0 dictionary over the same embedded CIDFont whose ToUnicode map
gives the glyph that text, so copied text is always the source.
"""
from __future__ import annotations

import hashlib
import io
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pikepdf
from reportlab.pdfgen import canvas as rl_canvas

from ..compose.fonts import FontBook
from ..page.display import CMYK, GlyphRun, Image, Page, Rule
from .images import PreparedImage
from .pdffonts import FontSubset, font_object, font_variant, subset

if TYPE_CHECKING:
    from ..memo import Memo

#: ReportLab selects Helvetica at the top of every page; we draw no text with it.
_RL_PREAMBLE = b"BT /F1 12 Tf 14.4 TL ET"


def render_open(page: Page, fonts: FontBook, photos: Mapping[str, PreparedImage],
                title: str = "", memo: Memo | None = None,
                subsets: Mapping[str, FontSubset] | None = None) -> tuple[pikepdf.Pdf, bytes]:
    """Draw ``page`` into an open PDF (fonts and photos attached, not yet
    PDF/X, not saved), for ``pdfx.finish_open`` to finish and save in the same
    pass. Also returns a digest of everything the PDF is made from, from which
    the document's IDs are derived. The caller closes the PDF. ``memo``
    keeps the font subsets between builds; ``subsets`` are ``cut_fonts``'
    when they were cut already."""
    used = used_glyphs(page)
    subsets = subsets or cut_fonts(page, fonts, memo)
    names = {key: f"BM{i}" for i, key in enumerate(sorted(subsets))}
    buffer = io.BytesIO()
    # The content stream is left uncompressed: ``_attach`` rewrites it and the
    # final save compresses it, so compressing (and ASCII85-wrapping) it here
    # would be work undone.
    with _fixed_time():
        canvas = rl_canvas.Canvas(buffer, pagesize=(page.width, page.height), invariant=1,
                                  pageCompression=0, enforceColorSpace="cmyk")
    canvas.setTitle(title)
    painter = _Painter(canvas, page.height, subsets, names, photos, used)
    painter.paint(page)
    canvas.showPage()
    canvas.save()
    drawn = buffer.getvalue()
    pdf = pikepdf.open(io.BytesIO(drawn))
    try:
        _attach(pdf, subsets, names, painter.images, used)
    except BaseException:
        pdf.close()
        raise
    return pdf, _digest(drawn, subsets, names, painter.images)


@contextmanager
def _fixed_time() -> Iterator[None]:
    """ReportLab's invariant time, whatever SOURCE_DATE_EPOCH says: the same
    input gives the same bytes in every environment (the PDF's dates are
    the fixed ones ``pdfx`` writes), so that variable is ignored."""
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        yield
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def cut_fonts(page: Page, fonts: FontBook, memo: Memo | None = None) -> dict[str, FontSubset]:
    """Each face the page draws with, cut to the glyphs it draws (a glyph
    drawn for several texts is cut once: its further texts are font
    variants over the same program)."""
    return {key: subset(fonts[key], {gid: texts[0] for gid, texts in glyphs.items()}, memo)
            for key, glyphs in used_glyphs(page).items()}


def _digest(drawn: bytes, subsets: Mapping[str, FontSubset], names: Mapping[str, str],
            images: Mapping[str, PreparedImage]) -> bytes:
    """MD5 of the drawing, the font programs and the photos, each under its name."""
    digest = hashlib.md5(drawn)
    parts = [(names[key], sub.program) for key, sub in subsets.items()]
    parts += [(name, image.data) for name, image in images.items()]
    for name, data in sorted(parts, key=lambda part: part[0]):
        digest.update(b"%s %d\n" % (name.encode(), len(data)))
        digest.update(data)
    return digest.digest()


Used = Mapping[str, Mapping[int, list[str]]]
"""Face -> glyph id -> the texts it is drawn for, first drawn first."""


def used_glyphs(page: Page) -> dict[str, dict[int, list[str]]]:
    """For each face, the glyph ids drawn and the texts each stands for: the
    first drawn, then every other text but '' (a cluster's later glyphs)."""
    used: dict[str, dict[int, list[str]]] = defaultdict(dict)
    for run in page.of_type(GlyphRun):
        for glyph in run.glyphs:
            texts = used[run.face].setdefault(glyph.gid, [glyph.text])
            if glyph.text and glyph.text not in texts:
                texts.append(glyph.text)
    return used


def variant_name(name: str, variant: int) -> str:
    """The resource name of a face's font variant (0 is the face's own)."""
    return f"{name}v{variant}" if variant else name


def _attach(pdf: pikepdf.Pdf, subsets: Mapping[str, FontSubset], names: Mapping[str, str],
            images: Mapping[str, PreparedImage], used: Used) -> None:
    """Put the Type0 fonts (with the variants shared glyphs need) and photo
    XObjects into every page's resources, and drop ReportLab's start-of-page
    Helvetica from the content."""
    fonts = pikepdf.Dictionary()
    for key, sub in subsets.items():
        base = fonts[f"/{names[key]}"] = font_object(pdf, sub)
        for variant in range(1, max(map(len, used[key].values()))):
            text = {sub.codes[gid]: texts[variant] for gid, texts in used[key].items()
                    if len(texts) > variant}
            fonts[f"/{variant_name(names[key], variant)}"] = font_variant(pdf, base, text)
    xobjects = pikepdf.Dictionary({f"/{n}": _image_object(pdf, im) for n, im in images.items()})
    for pdf_page in pdf.pages:
        content = pdf_page.Contents.read_bytes().replace(_RL_PREAMBLE, b"", 1)
        pdf_page.Contents = pdf.make_stream(content)
        pdf_page.Resources.Font = fonts
        if images:
            pdf_page.Resources.XObject = xobjects


def _image_object(pdf: pikepdf.Pdf, image: PreparedImage) -> pikepdf.Object:
    """An image XObject carrying the prepared JPEG as it is."""
    stream = pdf.make_stream(
        image.data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
        Width=image.width_px, Height=image.height_px, BitsPerComponent=8,
        ColorSpace=pikepdf.Name("/" + image.color_space), Filter=pikepdf.Name.DCTDecode)
    if image.decode:
        stream.Decode = pikepdf.Array(image.decode)
    return stream


class _Painter:
    """Draws display-list items on a ReportLab canvas, tracking colour state."""

    def __init__(self, canvas: rl_canvas.Canvas, height: float, subsets: Mapping[str, FontSubset],
                 names: Mapping[str, str], photos: Mapping[str, PreparedImage], used: Used) -> None:
        self.canvas, self.height = canvas, height
        self.subsets, self.names, self.photos, self.used = subsets, names, photos, used
        self.fill: CMYK | None = None
        self.overprint = False
        self.images: dict[str, PreparedImage] = {}

    def paint(self, page: Page) -> None:
        for item in page.items:
            if isinstance(item, GlyphRun):
                self.text(item)
            elif isinstance(item, Rule):
                self.rule(item)
            elif isinstance(item, Image):
                self.image(item)

    def set_fill(self, color: CMYK) -> None:
        """Fill colour; K-only colours overprint, as the plant expects of black."""
        if color != self.fill:
            self.fill = color
            self.canvas.setFillColorCMYK(*(v / 100 for v in color))
        self._set_overprint(_k_only(color))

    def _set_overprint(self, on: bool) -> None:
        if on != self.overprint:
            self.canvas.setFillOverprint(on)
            self.canvas.setStrokeOverprint(on)
            self.canvas.setOverprintMask(1)
            self.overprint = on

    def text(self, run: GlyphRun) -> None:
        self.set_fill(run.color)
        sub = self.subsets[run.face]
        ops = [f"BT /{self.names[run.face]} {_n(run.size)} Tf"]
        ops += _text_ops(run, sub, self.height, self.names[run.face], self.used[run.face])
        ops.append("ET")
        self.canvas.addLiteral("\n".join(ops))

    def rule(self, rule: Rule) -> None:
        self.canvas.setStrokeColorCMYK(*(v / 100 for v in rule.color))
        self._set_overprint(_k_only(rule.color))
        self.canvas.setLineWidth(rule.width)
        self.canvas.line(rule.x1, self.height - rule.y1, rule.x2, self.height - rule.y2)

    def image(self, image: Image) -> None:
        y = self.height - image.y - image.height
        prepared = self.photos.get(image.key) if image.path else None
        if prepared is None:
            self._placeholder(image, y)
            return
        name = f"Im{len(self.images)}"
        self.images[name] = prepared
        self.canvas.addLiteral(f"q {_n(image.width)} 0 0 {_n(image.height)} {_n(image.x)} {_n(y)} cm"
                               f" /{name} Do Q")

    def _placeholder(self, image: Image, y: float) -> None:
        """A photo slot with no file: a grey frame with a diagonal cross."""
        c = self.canvas
        c.setStrokeColorCMYK(0, 0, 0, 0.6)
        c.setFillColorCMYK(0, 0, 0, 0.1)
        self.fill = None
        c.setLineWidth(1)
        c.rect(image.x, y, image.width, image.height, fill=1, stroke=1)
        c.line(image.x, y, image.x + image.width, y + image.height)
        c.line(image.x, y + image.height, image.x + image.width, y)


def _text_ops(run: GlyphRun, sub: FontSubset, page_height: float, name: str,
              used: Mapping[int, list[str]]) -> list[str]:
    """Text-showing operators: one TJ per stretch of unscaled glyphs in one
    font variant, whose gaps are written as TJ adjustments against the /W
    widths. The run starts in the face's own font (variant 0)."""
    ops: list[str] = []
    y = _n(page_height - run.y)
    segment: list[str] = []
    pen, current = None, 0
    for glyph in run.glyphs:
        code = sub.codes[glyph.gid]
        x = run.x + glyph.x
        variant = used[glyph.gid].index(glyph.text) if glyph.text else current
        if variant != current:
            ops += _flush(segment)
            ops.append(f"/{variant_name(name, variant)} {_n(run.size)} Tf")
            current = variant
        if glyph.scale_x != 1.0:
            ops += _flush(segment)
            ops.append(f"{_n(glyph.scale_x)} 0 0 1 {_n(x)} {y} Tm <{code:04X}> Tj")
            pen = None
            continue
        if pen is None:
            ops += _flush(segment)
            ops.append(f"1 0 0 1 {_n(x)} {y} Tm")
        elif abs(x - pen) > 1e-4:
            segment.append(_n(-(x - pen) * 1000 / run.size))
        segment.append(f"<{code:04X}>")
        pen = x + sub.widths[code] * run.size / 1000
    ops += _flush(segment)
    return ops


def _flush(segment: list[str]) -> list[str]:
    if not segment:
        return []
    op = f"[{' '.join(segment)}] TJ"
    segment.clear()
    return [op]


def _k_only(color: CMYK) -> bool:
    return color[0] == color[1] == color[2] == 0 and color[3] > 0


def _n(value: float) -> str:
    """A number as PDF writes it: at most 3 decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
