"""Photos for print: crop to the frame, size for the screen, convert to newsprint.

A photo leaves here as the exact JPEG bytes the PDF will carry, so what was
measured (resolution, total ink) is what the plant receives:

- cropped centrally to the frame's aspect ratio (the photo covers its frame);
- downsampled to at most ``max_ppi`` at the placed size, never upsampled;
- colour converted with the plant's profile, perceptual intent (its relative
  colorimetric table overshoots the ink limit on dark blues); grey photos stay
  DeviceGray, mapped through the profile's black-only tone curve so mid-tones
  survive newsprint dot gain;
- total ink measured on the decoded JPEG (whose quantisation moves dark
  pixels by a few percent); when it is over ``max_ink``, clamped a little
  under the limit by scaling C, M and Y down (K is kept, it carries the
  detail) and encoded again, tighter each time, until the decoded JPEG holds.

A plain JPEG (RGB, grey or CMYK, as most photos are) can be converted whole
before its frame is known (``convert_whole``): colour conversion is done
pixel by pixel, so cropping the converted photo gives the bytes converting
the crop would, and the work can overlap composing and fitting. It is used
only when the frame then needs the photo at its full decoded size (no
reduced decode, no resampling); otherwise the photo is converted again at
the placed size from a reduced decode.

A photo that cannot be decoded (cut short, damaged data) raises
``PhotoError``.

Pillow writes CMYK JPEGs with Adobe's inverted convention (APP14 marker, each
sample stored as 255 - ink), so a PDF must place them with
``/Decode [1 0 1 0 1 0 1 0]``; ``PreparedImage.decode_inverted`` says so.
"""
from __future__ import annotations

import dataclasses
import io
import json
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageMath, ImageOps

#: Downsample only when the crop has this many times the pixels ``max_ppi``
#: needs: a slightly finer photo costs nothing on press, a resample ~50 ms.
RESAMPLE_ABOVE = 1.3
#: JPEG quality: fine enough for a 60–85 lpi newsprint screen.
JPEG_QUALITY = 90
#: How far under the ink limit the clamp aims, in 8-bit units (1.2 %): about
#: what JPEG's quantisation adds to the darkest pixels of an ordinary photo.
_HEADROOM = 3
#: Encodings tried, each clamped tighter than the last (the step doubles, so
#: the last ones leave C, M and Y almost nothing), before giving up.
_CLAMP_ROUNDS = 8
#: Rows the ink arithmetic works on at once: its 32-bit intermediates then
#: stay a few MB whatever the photo's size (whole, they took ~50 MB a photo).
_STRIP_ROWS = 128
_ORIENTATION = 0x0112  # EXIF tag: how the camera held the picture
_PERCEPTUAL = ImageCms.Intent.PERCEPTUAL
_RELATIVE = ImageCms.Intent.RELATIVE_COLORIMETRIC


class PhotoError(Exception):
    """A photo file that cannot be decoded; the message says why."""


#: What Pillow raises on a damaged or hostile image file while decoding it.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error,
                 Image.DecompressionBombError)


JPEG_READING = "jpeg-ink"
"""The memo kind under which a JPEG's ``JpegReading`` is kept, keyed by its bytes."""


@dataclass(frozen=True)
class JpegReading:
    """What a JPEG's bytes decode to, as far as ink goes (``read_jpeg``).

    ``mode`` is Pillow's ("CMYK", "L", …); ``adobe`` says whether Pillow
    undid Adobe's inversion of CMYK samples; ``low`` and ``high`` are the
    lowest and highest per-pixel sum of the samples as Pillow gives them
    (for grey, the darkest and lightest value). A PDF reader works out the
    ink from these and the image's own /Decode and colour space.
    """

    mode: str
    adobe: bool
    low: int
    high: int

    def dump(self) -> bytes:
        return json.dumps(dataclasses.asdict(self)).encode()

    @classmethod
    def load(cls, data: bytes) -> JpegReading:
        """A reading from ``dump``; raises on anything else."""
        found = json.loads(data)
        reading = cls(**found)
        if not (isinstance(reading.mode, str) and isinstance(reading.adobe, bool)
                and all(isinstance(v, int) and not isinstance(v, bool) for v in (reading.low, reading.high))):
            raise ValueError("not a JPEG reading")
        return reading


def read_jpeg(data: bytes) -> JpegReading:
    """Decode a JPEG and read its extreme sample sums (both the preparation's
    check after encoding and the preflight read a JPEG with this)."""
    with Image.open(io.BytesIO(data)) as pixels:
        pixels.load()
        adobe = pixels.mode == "CMYK" and "adobe" in pixels.info
        if pixels.mode == "CMYK":
            low, high = _ink_extrema(pixels)
        else:
            low, high = pixels.convert("L").getextrema()
    return JpegReading(pixels.mode, adobe, int(low), int(high))


@dataclass(frozen=True)
class Whole:
    """A photo decoded at full size and converted for the press before its
    frame was known (``convert_whole``): ``picture`` is CMYK, or grey mapped
    for press; ``size`` the decoded (and EXIF-turned) size it was made from."""

    picture: Image.Image = field(repr=False)
    size: tuple[int, int]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PreparedImage:
    """A photo ready to embed as a /DCTDecode image XObject.

    ``data`` is a baseline JPEG without ICC, EXIF or XMP: CMYK (Adobe-inverted,
    see ``decode_inverted``) or greyscale. ``ppi`` is the effective resolution
    at the frame size; ``max_ink`` is the highest per-pixel C+M+Y+K in percent,
    measured on the decoded JPEG. ``warnings`` that start with "error:" mean the
    photo must not go to press as it is.
    """

    data: bytes = field(repr=False)
    width_px: int
    height_px: int
    ppi: float
    max_ink: float
    warnings: tuple[str, ...]
    color_space: str
    decode_inverted: bool
    reading: JpegReading

    @property
    def has_error(self) -> bool:
        return any(w.startswith("error:") for w in self.warnings)

    @property
    def decode(self) -> tuple[float, ...] | None:
        """The /Decode array the image XObject needs, or None for the default."""
        return (1, 0) * 4 if self.decode_inverted else None


def prepare_photo(path: Path, frame_w_pt: float, frame_h_pt: float, icc_path: Path,
                  max_ink: float = 240.0, min_ppi: float = 200.0, error_ppi: float = 100.0,
                  max_ppi: float = 300.0, whole: Whole | None = None) -> PreparedImage:
    """Read the photo at ``path`` and make it print-ready for a frame of the
    given size (from ``whole`` when that gives the same bytes)."""
    try:
        return _prepare(path, frame_w_pt, frame_h_pt, icc_path, max_ink, (min_ppi, error_ppi, max_ppi),
                        whole)
    except DECODE_ERRORS as exc:
        raise PhotoError(f"cannot decode {path.name}: {exc}") from exc


def _prepare(path: Path, frame_w: float, frame_h: float, icc_path: Path, max_ink: float,
             ppis: tuple[float, float, float], whole: Whole | None) -> PreparedImage:
    min_ppi, error_ppi, max_ppi = ppis
    warnings: list[str] = []
    with Image.open(path) as source:
        upright = _reduced_decode(source, frame_w, frame_h, max_ppi)
        shown = source.size if source.getexif().get(_ORIENTATION, 1) < 5 else source.size[::-1]
        box, resample = _frame_box(shown, frame_w, frame_h, max_ppi)
        if whole is not None and whole.size == shown and resample is None:
            press, grey = whole.picture.crop(box), whole.picture.mode == "L"
            warnings += whole.warnings
        else:
            picture = source if upright else ImageOps.exif_transpose(source)
            sized = _resizable(picture).resize(resample, Image.Resampling.LANCZOS, box=box,
                                               reducing_gap=3.0) if resample else picture.crop(box)
            press, grey = _for_press(sized, source.info.get("icc_profile"), str(icc_path), warnings)
    ppi = min(press.width / (frame_w / 72), press.height / (frame_h / 72))
    if grey:
        data = _encode(press)
        reading = read_jpeg(data)
    else:
        data, reading = _clamped_jpeg(press, max_ink, warnings)
    warnings += _resolution_warnings(ppi, min_ppi, error_ppi)
    return PreparedImage(
        data=data, width_px=press.width, height_px=press.height, ppi=round(ppi, 1),
        max_ink=round(_reading_ink(reading) / 2.55, 1), warnings=tuple(warnings),
        color_space="DeviceGray" if grey else "DeviceCMYK", decode_inverted=not grey,
        reading=reading)


def convert_whole(path: Path, icc_path: Path) -> Whole | None:
    """A plain JPEG decoded at full size and converted for the press, for
    ``prepare_photo`` to crop once the frame is known; None for any other
    file (its conversion may depend on more than each pixel)."""
    warnings: list[str] = []
    try:
        with Image.open(path) as source:
            if source.format != "JPEG" or source.mode not in ("RGB", "L", "CMYK"):
                return None
            upright = source.getexif().get(_ORIENTATION, 1) == 1
            picture = source if upright else ImageOps.exif_transpose(source)
            picture.load()
            press, _ = _for_press(picture, source.info.get("icc_profile"), str(icc_path), warnings)
    except DECODE_ERRORS:
        return None  # preparation decodes it again and says what is wrong
    return Whole(press, picture.size, tuple(warnings))


def _for_press(picture: Image.Image, icc: bytes | None, icc_path: str,
               warnings: list[str]) -> tuple[Image.Image, bool]:
    """The picture flattened and converted: CMYK, or grey mapped for press (True)."""
    picture = _flatten(picture, warnings)
    if picture.mode == "L":
        return _grey_for_press(picture, icc, icc_path), True
    return _to_cmyk(picture, icc, icc_path, warnings), False


def _reduced_decode(source: Image.Image, frame_w: float, frame_h: float, max_ppi: float) -> bool:
    """Ask an upright JPEG for a reduced DCT decode when that still leaves
    the pixels ``max_ppi`` needs (keeps large camera files fast); whether
    the photo is upright (no EXIF turn)."""
    upright = source.getexif().get(_ORIENTATION, 1) == 1
    if source.format == "JPEG" and upright:
        cap = _cap(frame_w, frame_h, max_ppi)
        box = _cover_box(source.size, frame_w / frame_h)
        scale = max(cap[0] / (box[2] - box[0]), cap[1] / (box[3] - box[1]))
        source.draft(source.mode, (math.ceil(source.width * scale), math.ceil(source.height * scale)))
    return upright


def _cap(frame_w: float, frame_h: float, max_ppi: float) -> tuple[int, int]:
    """The pixels a frame takes at ``max_ppi``."""
    return (max(1, round(frame_w / 72 * max_ppi)), max(1, round(frame_h / 72 * max_ppi)))


def _frame_box(size: tuple[int, int], frame_w: float, frame_h: float, max_ppi: float
               ) -> tuple[tuple[float, ...], tuple[int, int] | None]:
    """The central crop of the frame's aspect ratio, and the size to
    downsample it to (None: it is cropped as it is — exactly, in whole pixels)."""
    cap = _cap(frame_w, frame_h, max_ppi)
    box = _cover_box(size, frame_w / frame_h)
    if box[2] - box[0] > cap[0] * RESAMPLE_ABOVE:
        return box, cap
    return tuple(round(v) for v in box), None


def _cover_box(size: tuple[int, int], aspect: float) -> tuple[float, float, float, float]:
    """The largest centred box of ``aspect`` (width / height) inside ``size``."""
    w, h = size
    if w / h > aspect:
        cw = h * aspect
        return ((w - cw) / 2, 0.0, (w + cw) / 2, float(h))
    ch = w / aspect
    return (0.0, (h - ch) / 2, float(w), (h + ch) / 2)


def _resizable(picture: Image.Image) -> Image.Image:
    """Modes Pillow cannot resample (palette, 1-bit, 16-bit) in a mode it can."""
    if picture.mode == "P":
        return picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    if picture.mode in ("1", "I;16", "I;16B", "I;16L", "I", "F"):
        return _eight_bit_grey(picture)
    return picture


def _eight_bit_grey(picture: Image.Image) -> Image.Image:
    """1-bit, 16-bit and float grey as 8-bit L, scaled from the mode's own range."""
    if picture.mode == "1":
        return picture.convert("L")
    top = picture.getextrema()[1]
    if picture.mode == "F":
        full = 1.0 if top <= 1.0 else 255.0
    elif picture.mode == "I":
        full = 65535.0 if top > 255 else 255.0
    else:
        full = 65535.0
    return picture.convert("F").point(lambda v: v * 255.0 / full).convert("L")


def _flatten(picture: Image.Image, warnings: list[str]) -> Image.Image:
    """Alpha composited onto white paper; every mode brought to L, RGB or CMYK."""
    picture = _resizable(picture)
    if picture.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        warnings.append("transparency flattened onto white paper")
        base = "L" if picture.mode.startswith("L") else "RGB"
        flat = Image.new(base, picture.size, 255 if base == "L" else (255, 255, 255))
        flat.paste(picture.convert(base + "A"), mask=picture.getchannel("A"))
        return flat
    if picture.mode in ("L", "RGB", "CMYK"):
        return picture
    return picture.convert("RGB")


def _to_cmyk(picture: Image.Image, icc: bytes | None, icc_path: str,
             warnings: list[str]) -> Image.Image:
    """Convert to the press profile with the perceptual intent."""
    if icc:
        try:
            return ImageCms.applyTransform(picture, _transform(icc, picture.mode, icc_path))
        except (ImageCms.PyCMSError, OSError):
            warnings.append("the photo's embedded ICC profile is unusable")
    if picture.mode == "CMYK":
        warnings.append("CMYK photo without a usable profile: its values are used as they are")
        return picture
    return ImageCms.applyTransform(picture, _transform(None, picture.mode, icc_path))


@lru_cache(maxsize=8)
def _transform(icc: bytes | None, mode: str, icc_path: str) -> ImageCms.ImageCmsTransform:
    """Source profile (embedded, else sRGB) → press profile; cached, building costs ~15 ms."""
    source = ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else ImageCms.createProfile("sRGB")
    if icc and source.profile.xcolor_space.strip() != mode:
        raise ImageCms.PyCMSError("profile colour space does not match the image")
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(icc_path), mode, "CMYK",
                                   renderingIntent=_PERCEPTUAL)


def _clamped_jpeg(cmyk: Image.Image, max_ink: float,
                  warnings: list[str]) -> tuple[bytes, JpegReading]:
    """Encode, clamping total ink until the *decoded* JPEG stays within
    ``max_ink``: as it is when it does (most photos), else clamped under
    the limit by the headroom, then tighter each time it still does not."""
    limit = math.floor(max_ink * 2.55 + 1e-9)
    data = _encode(cmyk)
    reading = read_jpeg(data)
    target = limit - _HEADROOM
    for tightening in range(_CLAMP_ROUNDS):
        if reading.high <= limit:
            return data, reading
        data = _encode(_clamp_ink(cmyk, target))
        reading = read_jpeg(data)
        target -= (reading.high - limit + _HEADROOM) << tightening
    if reading.high > limit:
        warnings.append(f"error: total ink {reading.high / 2.55:.1f} % exceeds {max_ink:g} %")
    return data, reading


def _reading_ink(reading: JpegReading) -> int:
    """Highest ink of a prepared JPEG in 8-bit units: for grey, its darkest black."""
    return reading.high if reading.mode == "CMYK" else 255 - reading.low


def _strips(image: Image.Image) -> Iterator[tuple[int, Image.Image]]:
    """The image in horizontal strips of ``_STRIP_ROWS``, each with its top row."""
    for top in range(0, image.height, _STRIP_ROWS):
        yield top, image.crop((0, top, image.width, min(top + _STRIP_ROWS, image.height)))


def max_ink_units(cmyk: Image.Image) -> int:
    """Highest C+M+Y+K of any pixel, in 8-bit units (255 = 100 %) (the
    preflight measures placed images with it too)."""
    return _ink_extrema(cmyk)[1]


def _ink_extrema(cmyk: Image.Image) -> tuple[int, int]:
    """Lowest and highest C+M+Y+K of any pixel, in 8-bit units."""
    found = [_strip_sum_extrema(strip) for _, strip in _strips(cmyk)]
    return min(low for low, _ in found), max(high for _, high in found)


def _strip_sum_extrema(cmyk: Image.Image) -> tuple[int, int]:
    c, m, y, k = cmyk.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    low, high = total.getextrema()
    return int(low), int(high)


def _clamp_ink(cmyk: Image.Image, target: int) -> Image.Image:
    """Scale C, M and Y of each pixel so that C+M+Y+K <= ``target`` (8-bit units)."""
    clamped = Image.new("CMYK", cmyk.size)
    for top, strip in _strips(cmyk):
        clamped.paste(_clamp_strip(strip, target), (0, top))
    return clamped


def _clamp_strip(cmyk: Image.Image, target: int) -> Image.Image:
    c, m, y, k = cmyk.split()
    factor = ImageMath.lambda_eval(
        lambda a: a["min"](a["max"](target - a["float"](a["k"]), 0.0)
                           / a["max"](a["float"](a["c"] + a["m"] + a["y"]), 1.0), 1.0),
        c=c, m=m, y=y, k=k)
    # F -> L truncates, so the scaled sum never exceeds the target.
    bands = [ImageMath.lambda_eval(lambda a: a["convert"](a["float"](a["x"]) * a["f"], "L"),
                                   x=band, f=factor) for band in (c, m, y)]
    return Image.merge("CMYK", (*bands, k))


def _grey_for_press(grey: Image.Image, icc: bytes | None, icc_path: str) -> Image.Image:
    """Map grey values to the black ink that prints the same relative lightness."""
    return grey.point(list(_grey_curve(icc, icc_path)))


@lru_cache(maxsize=8)
def _grey_curve(icc: bytes | None, icc_path: str) -> tuple[int, ...]:
    """A 256-entry grey → DeviceGray table from the press profile's K-only ramp.

    The source lightness (sRGB grey, or the photo's own grey profile) is scaled
    between paper white and solid black (black-point compensation) and matched
    to the lightness each K value prints at.
    """
    lab = ImageCms.createProfile("LAB")
    ramp = Image.new("CMYK", (256, 1))
    ramp.frombytes(bytes(b for k in range(256) for b in (0, 0, 0, k)))
    press = ImageCms.getOpenProfile(icc_path)
    k_lightness = _lightness(ImageCms.applyTransform(
        ramp, ImageCms.buildTransform(press, lab, "CMYK", "LAB", renderingIntent=_RELATIVE)))
    source_lightness = _source_grey_lightness(icc, lab)
    darkest = k_lightness[-1]
    table = []
    for value in source_lightness:
        wanted = darkest + value * (255 - darkest) / 255
        k = next((i for i, lum in enumerate(k_lightness) if lum <= wanted), 255)
        table.append(255 - k)
    return tuple(table)


def _source_grey_lightness(icc: bytes | None, lab: ImageCms.ImageCmsProfile) -> list[int]:
    ramp = Image.new("L", (256, 1))
    ramp.frombytes(bytes(range(256)))
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if source.profile.xcolor_space.strip() == "GRAY":
                return _lightness(ImageCms.applyTransform(
                    ramp, ImageCms.buildTransform(source, lab, "L", "LAB")))
        except (ImageCms.PyCMSError, OSError):
            pass  # an unusable profile: the grey is read as sRGB grey
    srgb = ImageCms.createProfile("sRGB")
    return _lightness(ImageCms.applyTransform(
        ramp.convert("RGB"), ImageCms.buildTransform(srgb, lab, "RGB", "LAB")))


def _lightness(lab_image: Image.Image) -> list[int]:
    """L* of each pixel of a one-row LAB image, 0–255."""
    return list(lab_image.getchannel("L").tobytes())


def _encode(picture: Image.Image) -> bytes:
    """Baseline JPEG with no metadata: the same pixels always give the same bytes."""
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
    return out.getvalue()


def _resolution_warnings(ppi: float, min_ppi: float, error_ppi: float) -> list[str]:
    if ppi < error_ppi:
        return [f"error: {ppi:.0f} ppi at the placed size is far below {min_ppi:g} ppi"
                f" (under {error_ppi:g}): the photo will print visibly soft or blocky"]
    if ppi < min_ppi:
        return [f"low resolution: {ppi:.0f} ppi at the placed size (minimum {min_ppi:g})"]
    return []
