"""PNG proofs: the page as printed, and an annotated proof drawn from the
display list over it (grid, blocks, overset and placeholder marks, broken
layout conventions), so an editor sees at a glance what the report says.
pypdfium2 rasterises the PDF, so no system tool is needed; labels are set in
the layout's own subhead face (a face from fonts/ that has every character
a label names), never a system font."""
from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from ..check.conventions import Violation, label
from ..load.layout import Layout
from ..page.display import Block, Image, Page
from ..page.grid import Geometry

#: Annotation colours (RGB: proofs are for screens, never for the plant).
_COLUMN, _BASELINE = (120, 170, 255), (215, 228, 255)
_BLOCK, _BAD, _PLACEHOLDER = (0, 140, 90), (230, 0, 40), (255, 140, 0)
_KIND_COLOURS = {"overset": _BAD, "underset": _BAD}
#: Blocks too small or too many to outline: each line is on the grid anyway.
_UNDRAWN = frozenset({"body-line", "rule"})
#: Pixels in one proof image: rendering, the RGB copy and the annotated copy
#: take some 14 bytes a pixel, so this bounds a proof's memory to about 1 GB.
MAX_PIXELS = 64_000_000


def largest_dpi(layout: Layout) -> int:
    """The highest resolution whose proof of this page stays within ``MAX_PIXELS``."""
    width, height = (side + 2 * layout.media_margin for side in layout.page_size)
    return int((MAX_PIXELS / (width / 72 * height / 72)) ** 0.5)


def page_png(pdf: bytes, dpi: float) -> PILImage.Image:
    """The first page rasterised at ``dpi``."""
    document = pdfium.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()


def annotate(image: PILImage.Image, page: Page, layout: Layout, dpi: float,
             broken: tuple[Violation, ...] = ()) -> PILImage.Image:
    """Grid lines, block outlines, warning marks and the ``broken`` layout
    conventions over a rendered page."""
    out = image.copy()
    draw = ImageDraw.Draw(out)
    scale = dpi / 72
    font = ImageFont.truetype(layout.fonts[layout.styles["subhead"].font], max(10, round(9 * scale)))
    geom = Geometry.of(layout)
    _grid(draw, geom, layout, scale)
    blocks = [b for b in page.of_type(Block) if b.kind not in _UNDRAWN]
    for block in blocks:
        colour = _KIND_COLOURS.get(block.kind, _BLOCK)
        box = [v * scale for v in (block.x, block.y, block.x + block.width, block.y + block.height)]
        draw.rectangle(box, outline=colour, width=3 if colour == _BAD else 1)
        if colour == _BAD:
            draw.text((box[0] + 4, box[1] + 4), f"{block.kind.upper()}: {block.owner}", fill=colour,
                      font=font)
    owners = {(b.x, b.y): b.owner for b in blocks if b.kind == "photo"}
    for image_item in page.of_type(Image):
        if image_item.path is None:
            box = [v * scale for v in (image_item.x, image_item.y, image_item.x + image_item.width,
                                       image_item.y + image_item.height)]
            draw.rectangle(box, outline=_PLACEHOLDER, width=4)
            owner = owners.get((image_item.x, image_item.y), "")
            draw.text((box[0] + 6, box[1] + 6), f"PLACEHOLDER — not final: {owner}",
                      fill=_PLACEHOLDER, font=font)
    for violation in broken:
        _mark(draw, violation, scale, font)
    return out


def _mark(draw: ImageDraw.ImageDraw, violation: Violation, scale: float,
          font: ImageFont.FreeTypeFont) -> None:
    """A broken convention outlined in red and labelled with its article and
    rule: inside a tall box, under a line-high one."""
    x, y, width, height = (v * scale for v in violation.box)
    height = max(height, 2)
    draw.rectangle([x, y, x + width, y + height], outline=_BAD, width=3)
    text = f"{violation.article or 'page'}: {label(violation.rule)}"
    at = (x + 4, y + 4) if height > 3 * font.size else (x + 4, y + height + 2)
    draw.rectangle(draw.textbbox(at, text, font=font), fill=(255, 255, 255))
    draw.text(at, text, fill=_BAD, font=font)


def _grid(draw: ImageDraw.ImageDraw, geom: Geometry, layout: Layout, scale: float) -> None:
    top, bottom = geom.top(0), geom.top(layout.grid.lines - 1) + geom.body_size
    for column in range(layout.grid.columns):
        for x in (geom.x(column), geom.x(column) + geom.column_width):
            draw.line([(x * scale, top * scale), (x * scale, bottom * scale)], fill=_COLUMN)
    for line in range(layout.grid.lines):
        y = geom.baseline(line) * scale
        draw.line([(geom.x(0) * scale, y), ((geom.x(0) + layout.grid.width) * scale, y)],
                  fill=_BASELINE)


def proof_images(pdf: bytes, page: Page, layout: Layout, dpi: float = 100,
                 broken: tuple[Violation, ...] = ()) -> dict[str, PILImage.Image]:
    """The proofs by file suffix: ``.png`` the page, ``.annotated.png`` marked up."""
    image = page_png(pdf, dpi)
    return {".png": image, ".annotated.png": annotate(image, page, layout, dpi, broken)}
