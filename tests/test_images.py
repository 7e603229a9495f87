"""Photos for print: ink limit, grey stays grey, resolution, reproducible bytes."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageMath

from banmian.output.images import PreparedImage, prepare_photo

ICC = Path(__file__).resolve().parents[1] / "icc" / "ISOnewspaper_v4_26_bas.icc"
#: A 2 × 4/3 inch frame: 600 × 400 px fill it at exactly 300 ppi.
FRAME = (144.0, 96.0)


def max_ink(prepared: PreparedImage) -> float:
    """Total ink of the darkest pixel of the delivered JPEG, read back with Pillow."""
    pixels = Image.open(io.BytesIO(prepared.data))
    if pixels.mode == "L":
        return (255 - pixels.getextrema()[0]) / 2.55
    c, m, y, k = pixels.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] / 2.55


def dark_blues(path: Path, size: tuple[int, int] = (600, 400)) -> Path:
    """Saturated dark blues (relative colorimetric gives ~249 % here) with noise,
    which JPEG compression turns into ink spikes."""
    noise = Image.effect_noise(size, 40)
    blue = Image.merge("RGB", (noise.point(lambda v: v // 12), noise.point(lambda v: v // 6),
                               noise.point(lambda v: 40 + v // 4)))
    blue.paste((0, 22, 71), (0, 0, size[0] // 2, size[1]))
    blue.save(path, quality=95)
    return path


def test_dark_blue_stays_within_240_percent(tmp_path: Path) -> None:
    prepared = prepare_photo(dark_blues(tmp_path / "blue.jpg"), *FRAME, ICC)
    assert prepared.color_space == "DeviceCMYK"
    assert max_ink(prepared) <= 240.0
    assert prepared.max_ink == pytest.approx(max_ink(prepared), abs=0.1)


def test_clamp_holds_a_stricter_limit_after_jpeg(tmp_path: Path) -> None:
    prepared = prepare_photo(dark_blues(tmp_path / "blue.jpg"), *FRAME, ICC, max_ink=200)
    assert max_ink(prepared) <= 200.0
    assert prepared.max_ink > 190  # clamped to the limit, not far below it


def test_cmyk_jpeg_is_adobe_inverted_and_says_so(tmp_path: Path) -> None:
    prepared = prepare_photo(dark_blues(tmp_path / "blue.jpg"), *FRAME, ICC)
    assert b"Adobe" in prepared.data[:64]  # APP14: samples stored as 255 - ink
    assert prepared.decode_inverted and prepared.decode == (1, 0, 1, 0, 1, 0, 1, 0)


def test_grey_png_stays_grey(tmp_path: Path) -> None:
    ramp = Image.linear_gradient("L").resize((600, 400))
    ramp.save(tmp_path / "grey.png")
    prepared = prepare_photo(tmp_path / "grey.png", *FRAME, ICC)
    pixels = Image.open(io.BytesIO(prepared.data))
    assert (prepared.color_space, pixels.mode, prepared.decode) == ("DeviceGray", "L", None)
    black, white = pixels.getpixel((300, 2)), pixels.getpixel((300, 397))
    assert black < 5 and white > 250  # solid black stays solid, paper white stays white
    assert max_ink(prepared) == pytest.approx(100, abs=2)


def test_grey_midtone_is_lightened_for_dot_gain(tmp_path: Path) -> None:
    Image.new("L", (600, 400), 128).save(tmp_path / "mid.png")
    prepared = prepare_photo(tmp_path / "mid.png", *FRAME, ICC)
    value = Image.open(io.BytesIO(prepared.data)).getpixel((300, 200))
    assert 128 < value < 200  # less black ink than the naive 50 %


def test_ppi_at_the_frame_size(tmp_path: Path) -> None:
    Image.new("RGB", (600, 400), (200, 120, 60)).save(tmp_path / "exact.png")
    Image.new("RGB", (1200, 800), (200, 120, 60)).save(tmp_path / "large.png")
    Image.new("RGB", (800, 400), (200, 120, 60)).save(tmp_path / "wide.png")
    exact = prepare_photo(tmp_path / "exact.png", *FRAME, ICC)
    large = prepare_photo(tmp_path / "large.png", *FRAME, ICC)
    wide = prepare_photo(tmp_path / "wide.png", *FRAME, ICC)
    assert (exact.width_px, exact.height_px, exact.ppi) == (600, 400, 300.0)
    assert (large.width_px, large.height_px, large.ppi) == (600, 400, 300.0)  # downsampled
    assert (wide.width_px, wide.height_px, wide.ppi) == (600, 400, 300.0)  # cropped to 3:2
    half = prepare_photo(tmp_path / "exact.png", FRAME[0] * 2, FRAME[1] * 2, ICC)
    assert (half.width_px, half.ppi) == (600, 150.0)  # never upsampled


def test_low_resolution_warns_then_errors(tmp_path: Path) -> None:
    Image.new("RGB", (144, 96), (90, 90, 90)).save(tmp_path / "72.png")
    Image.new("RGB", (300, 200), (90, 90, 90)).save(tmp_path / "150.png")
    at_72 = prepare_photo(tmp_path / "72.png", *FRAME, ICC)
    at_150 = prepare_photo(tmp_path / "150.png", *FRAME, ICC)
    assert at_72.ppi == 72.0 and at_72.has_error
    assert any(w.startswith("error:") and "72 ppi" in w for w in at_72.warnings)
    assert at_150.ppi == 150.0 and not at_150.has_error
    assert any("150 ppi" in w for w in at_150.warnings)


def test_same_input_same_bytes_and_no_metadata(tmp_path: Path) -> None:
    path = dark_blues(tmp_path / "blue.jpg")
    first, second = (prepare_photo(path, *FRAME, ICC) for _ in range(2))
    assert first == second
    assert first.data[:2] == b"\xff\xd8" and b"\xff\xc0" in first.data  # baseline SOF0
    assert b"\xff\xe1" not in first.data and b"ICC_PROFILE" not in first.data  # no EXIF/XMP/ICC


@pytest.mark.parametrize("mode", ["P", "RGBA", "LA", "CMYK", "1"])
def test_other_modes_are_read(tmp_path: Path, mode: str) -> None:
    source = Image.linear_gradient("L").resize((600, 400))
    picture = Image.merge("RGB", (source, source.rotate(180), source)).convert(mode)
    path = tmp_path / ("photo.tif" if mode == "CMYK" else "photo.png")
    picture.save(path)
    prepared = prepare_photo(path, *FRAME, ICC)
    assert (prepared.width_px, prepared.height_px) == (600, 400)
    assert prepared.color_space == ("DeviceGray" if mode in ("LA", "1") else "DeviceCMYK")
    assert max_ink(prepared) <= 240.0


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    picture = Image.new("RGB", (400, 600), (30, 60, 90))
    exif = picture.getexif()
    exif[0x0112] = 6  # stored portrait, shown landscape
    picture.save(tmp_path / "rotated.jpg", exif=exif)
    prepared = prepare_photo(tmp_path / "rotated.jpg", *FRAME, ICC)
    assert (prepared.width_px, prepared.height_px, prepared.ppi) == (600, 400, 300.0)
