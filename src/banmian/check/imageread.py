"""The images of a PDF read as a RIP would: colour space, resolution and the
total ink of every pixel, each image read once."""
from __future__ import annotations

import io
import json
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
from .findings import _DAMAGE, _PRINT_SPACES, _one_line, _Unreadable

if TYPE_CHECKING:
    from ..memo import Memo


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
