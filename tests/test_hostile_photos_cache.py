"""Hostile photos and a tampered build cache.

Photos in many formats, modes and levels of noise build with every image's
total ink within 240 % — measured here from the PDF's own JPEG bytes, and by
Ghostscript's separations where ``gs`` is installed; damaged photo files (cut
short, garbage in the data) are a located problem at the photo's entry in the
content file, exit 2, the previous PDF untouched — never a traceback.

A build cache whose entries were swapped (same kind or across kinds), cut
short, flipped, sealed over a wrong value, or replaced by a FIFO, a folder or
a symbolic link builds the very same PDF as a clean one, in bounded time:
every such entry is a miss. And the sample page's bytes are pinned.
"""
from __future__ import annotations

import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Callable

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageMath
from strategies import LAYOUT, ROOT, SAMPLE
from test_determinism import SAMPLE_SHA256

import banmian.cache
from banmian.app.cli import main
from banmian.load.yamlsource import LoadError
from banmian.output.images import prepare_photo
from banmian.pipeline import Build, build

LOCATED = re.compile(r"^.+:\d+:\d+: .+ — .+$")
"""The sample page's PDF (out/huaian-2023-02.pdf as `./tasks sample` writes it)."""
JPEG = (ROOT / "content/photos/jinhu-1.jpg").read_bytes()
ICC = ROOT / "icc/ISOnewspaper_v4_26_bas.icc"
PAGE = """layout: {layout}
photos_outside: true
articles:
  - title: [测试标题]
    body:
      - {body}
    photos:
      - caption: 图说
        file: {photo}
"""
PHOTO_LINES = (8, 9)  # the photo's entry in PAGE, and its `file:` (what the loader already reads)


def test_the_sample_page_bytes_are_pinned(tmp_path: Path) -> None:
    """Cold (cache empty) and warm builds of the sample give the pinned bytes."""
    cold = build(SAMPLE, cache=tmp_path / "cache")
    warm = build(SAMPLE, cache=tmp_path / "cache")
    assert hashlib.sha256(cold.pdf).hexdigest() == SAMPLE_SHA256
    assert warm.pdf == cold.pdf and build(SAMPLE).pdf == cold.pdf


def page_file(folder: Path, photo: Path) -> Path:
    """A one-article page with one photo, named by absolute path."""
    content = folder / "page.yaml"
    content.write_text(PAGE.format(layout=LAYOUT, photo=photo, body="正文。" * 150), encoding="utf-8")
    return content


# --- photos that are fine: every PDF within the ink limit -------------------------

def noise(size: tuple[int, int], sigma: int, seed: int) -> Image.Image:
    """Dark, noisy RGB: the pixels that JPEG's quantisation pushes over a clamp."""
    random.seed(seed)
    grey = Image.effect_noise(size, sigma)
    shift = random.randint(0, 20)
    return Image.merge("RGB", (grey.point(lambda v: v // 6 + shift), grey.point(lambda v: v // 5),
                               grey.point(lambda v: 20 + v // 3)))


def picture(kind: str, seed: int) -> Image.Image:
    """The pictures the families are made of."""
    size = (480 + 40 * (seed % 3), 320 + 30 * (seed % 2))
    if kind.startswith("noise"):
        return noise(size, int(kind[5:]), seed)
    if kind == "black":
        return Image.new("RGB", size, (0, 0, 0))
    if kind == "navy":
        return Image.new("RGB", size, (5, 10, 70))
    gradient = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (gradient, ImageChops.invert(gradient), gradient.rotate(90)))


MODES = {  # mode a picture is saved in: the formats that can hold it
    "RGB": ("png", "tif", "bmp", "ppm", "jpg", "webp"),
    "L": ("png", "tif", "jpg", "pgm"),
    "RGBA": ("png", "tif", "webp"),
    "P": ("png", "gif", "bmp"),
    "CMYK": ("jpg", "tif"),
    "LA": ("png",),
    "1": ("png", "tif"),
    "I;16": ("png",),
}
KINDS = ("noise90", "noise128", "noise60", "black", "navy", "gradient")
PHOTO_CASES = [pytest.param(kind, "RGB", ext, seed, id=f"{kind}-RGB-{ext}-{seed}")
               for seed, kind in enumerate(KINDS) for ext in MODES["RGB"]]
PHOTO_CASES += [pytest.param(KINDS[i % len(KINDS)], mode, ext, i, id=f"{KINDS[i % len(KINDS)]}-{mode}-{ext}")
                for i, (mode, ext) in enumerate((m, e) for m, exts in MODES.items() if m != "RGB"
                                                for e in exts)]


def saved(image: Image.Image, mode: str, ext: str, path: Path) -> Path:
    if mode == "I;16":
        image = image.convert("L").point(lambda v: v * 256, "I").convert("I;16")
    elif mode == "P":
        image = image.quantize(64)
    elif mode != "RGB":
        image = image.convert(mode)
    path = path.with_suffix("." + ext)
    image.save(path, quality=95) if ext in ("jpg", "webp") else image.save(path)
    return path


def pdf_image_inks(pdf: bytes) -> list[float]:
    """Highest total ink of every image in the PDF, read from its own bytes:
    the JPEG decoded, the image's /Decode applied as a RIP would."""
    inks = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for image in doc.pages[0].Resources.get("/XObject", {}).values():
            assert image.Filter == pikepdf.Name.DCTDecode
            pixels = Image.open(io.BytesIO(image.read_raw_bytes()))
            inverted = [float(v) for v in image.get("/Decode", [])][:2] == [1.0, 0.0]
            if (pixels.mode == "CMYK" and "adobe" in pixels.info) != inverted:
                pixels = ImageChops.invert(pixels)
            if pixels.mode == "CMYK":
                total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                              **dict(zip("cmyk", pixels.split())))
                inks.append(total.getextrema()[1] * 100 / 255)
            else:
                inks.append((255 - pixels.getextrema()[0]) * 100 / 255)
    return inks


def separated_ink(pdf: Path) -> float:
    """The highest total ink Ghostscript's separations of the page paint."""
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72",
                    f"-sOutputFile={pdf.with_suffix('.tif')}", str(pdf)], check=True, timeout=60)
    plates = [ImageChops.invert(Image.open(pdf.parent / f"{pdf.stem}({name}).tif").convert("L"))
              for name in ("Cyan", "Magenta", "Yellow", "Black")]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  **dict(zip("cmyk", plates)))
    return total.getextrema()[1] / 2.55


def built_page(tmp_path: Path, photo: Path) -> Build:
    started = time.perf_counter()
    result = build(page_file(tmp_path, photo))
    assert time.perf_counter() - started < 10
    return result


@pytest.mark.parametrize("kind, mode, ext, seed", PHOTO_CASES)
def test_photo_builds_within_the_ink_limit(tmp_path: Path, kind: str, mode: str, ext: str,
                                           seed: int) -> None:
    photo = saved(picture(kind, seed), mode, ext, tmp_path / "photo")
    result = built_page(tmp_path, photo)
    (prepared,) = result.photos.values()
    assert not any("ink" in w for w in prepared.warnings), prepared.warnings
    inks = pdf_image_inks(result.pdf)
    assert len(inks) == 1 and inks[0] <= 240.0
    assert result.preflight is not None and result.preflight.stats["max_ink_images"] <= 240.0
    assert not [f for f in result.preflight.errors if f.code == "ink-limit"]


def audit_noise() -> Image.Image:
    """The audit's dark noisy photo (its shadows once came out at 240.4 %)."""
    grey = Image.effect_noise((600, 400), 90)
    return Image.merge("RGB", (grey.point(lambda v: v // 6), grey.point(lambda v: v // 5),
                               grey.point(lambda v: 20 + v // 3)))


@pytest.mark.parametrize("frame", [(144, 96), (150, 100), (120, 80), (216, 144)])
@pytest.mark.parametrize("ext", ["png", "tif", "bmp", "ppm"])
def test_clamp_holds_after_encoding_on_noisy_photos(tmp_path: Path, ext: str,
                                                    frame: tuple[float, float]) -> None:
    """Clamped with headroom and re-encoded tighter until the decoded JPEG holds."""
    photo = saved(audit_noise(), "RGB", ext, tmp_path / "photo")
    prepared = prepare_photo(photo, *frame, ICC)
    assert not any("ink" in w for w in prepared.warnings), prepared.warnings
    assert 200 < prepared.max_ink <= 240.0
    pixels = Image.open(io.BytesIO(prepared.data))
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  **dict(zip("cmyk", pixels.split())))
    assert total.getextrema()[1] <= 612  # 240 % of 255, on the decoded JPEG


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not on PATH")
@pytest.mark.parametrize("ext", ["png", "tif", "bmp", "ppm"])
def test_ghostscript_separations_of_noisy_photos_stay_within_240_percent(tmp_path: Path,
                                                                          ext: str) -> None:
    """The formats that once gave 240.4–242 % on the plates."""
    photo = saved(noise((600, 400), 90, 0), "RGB", ext, tmp_path / "photo")
    (tmp_path / "page.pdf").write_bytes(built_page(tmp_path, photo).pdf)
    assert separated_ink(tmp_path / "page.pdf") <= 240.0


# --- damaged photos: a located problem, exit 2 ------------------------------------

def cut(data: bytes, fraction: float) -> bytes:
    return data[:int(len(data) * fraction)]


def garbage(data: bytes, seed: int) -> bytes:
    """Random bytes over a stretch of the scan data, the header kept."""
    rng = random.Random(seed)
    start = rng.randint(len(data) // 4, len(data) // 2)
    junk = bytes(rng.choice((0x00, 0xFF, 0xD9, 0xD0, rng.randint(0, 255))) for _ in range(4000))
    return data[:start] + junk + data[start + len(junk):]


def other_format(ext: str) -> bytes:
    buffer = io.BytesIO()
    noise((300, 200), 60, 1).save(buffer, {"png": "PNG", "tif": "TIFF", "webp": "WEBP"}[ext])
    return buffer.getvalue()


DAMAGED = [pytest.param("jpg", cut(JPEG, f), True, id=f"jpeg cut at {f:.1%}")
           for f in (0.2, 0.45, 0.6, 0.8, 0.95, 0.999)]
DAMAGED += [pytest.param("jpg", garbage(JPEG, seed), False, id=f"jpeg garbage {seed}") for seed in range(6)]
DAMAGED += [pytest.param(ext, cut(other_format(ext), f), True, id=f"{ext} cut at {f:.0%}")
            for ext in ("png", "tif", "webp") for f in (0.3, 0.7)]
DAMAGED += [pytest.param("jpg", JPEG[:60000], True, id="head -c 60000")]


@pytest.mark.parametrize("ext, data, cut_short", DAMAGED)
def test_damaged_photo_is_located_never_a_crash(tmp_path: Path, ext: str, data: bytes,
                                                cut_short: bool) -> None:
    """Cut short: a located error at the photo's entry. Garbage in the scan
    data either decodes (then within the ink limit) or is that error too."""
    photo = tmp_path / f"photo.{ext}"
    photo.write_bytes(data)
    content = page_file(tmp_path, photo)
    started = time.perf_counter()
    try:
        result = build(content, cache=tmp_path / "cache")
    except LoadError as err:
        (message,) = err.messages
        assert LOCATED.fullmatch(message), message
        assert re.match(f"{re.escape(str(content))}:({'|'.join(map(str, PHOTO_LINES))}):", message)
        assert photo.name in message
    else:
        assert not cut_short, "a photo cut short built"
        assert all(ink <= 240.0 for ink in pdf_image_inks(result.pdf))
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("cached", [False, True], ids=["cold", "photo cached before"])
def test_cli_refuses_a_photo_cut_short_and_keeps_the_last_pdf(tmp_path: Path, cached: bool,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`head -c 60000 photo.jpg > cut.jpg`: exit 2, a located message, no traceback."""
    monkeypatch.chdir(tmp_path)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    content, output = page_file(tmp_path, photo), tmp_path / "page.pdf"
    output.write_bytes(b"the last good PDF")
    if cached:
        assert main(["build", str(content), "-o", str(output)]) in (0, 1)
        output.write_bytes(b"the last good PDF")
    photo.write_bytes(JPEG[:60000])
    capsys.readouterr()
    assert main(["build", str(content), "-o", str(output)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.startswith(f"{content}:{PHOTO_LINES[0]}:") and "truncated" in err
    assert output.read_bytes() == b"the last good PDF"


# --- a tampered cache: every bad entry is a miss ----------------------------------

@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """The sample built cold into a cache: the cache folder and the PDF."""
    folder = tmp_path_factory.mktemp("clean") / "cache"
    return folder, build(SAMPLE, cache=folder).pdf


def entries(folder: Path, kind: str) -> list[Path]:
    """The entries of one kind, in a fixed order."""
    return sorted(p for p in folder.iterdir() if re.fullmatch(f"{re.escape(kind)}-[0-9a-f]{{64}}", p.name))


KINDS_KEPT = ("paragraph", "caption", "subhead", "photo", "font", "jpeg-ink", "icc-flate", "photo-seen")
Tamper = Callable[[Path], None]


def swap(first: tuple[str, int], second: tuple[str, int]) -> Tamper:
    def apply(folder: Path) -> None:
        a, b = entries(folder, first[0])[first[1]], entries(folder, second[0])[second[1]]
        data = a.read_bytes()
        a.write_bytes(b.read_bytes())
        b.write_bytes(data)
    return apply


def rewrite(kind: str, change: Callable[[bytes], bytes]) -> Tamper:
    def apply(folder: Path) -> None:
        for entry in entries(folder, kind)[:2]:
            entry.write_bytes(change(entry.read_bytes()))
    return apply


def flip(at: float) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        if not data:
            return b" "
        i = min(int(len(data) * at), len(data) - 1)
        return data[:i] + bytes([data[i] ^ 0x20]) + data[i + 1:]
    return change


def sealed(value: bytes | Callable[[bytes], bytes]) -> Tamper:
    """Entries whose seal is right but whose value is not theirs."""
    def apply(folder: Path) -> None:
        for kind in KINDS_KEPT:
            for entry in entries(folder, kind)[:1]:
                old = entry.read_bytes()[:-16]
                new = value(old) if callable(value) else value
                entry.write_bytes(new + banmian.cache._sealed(entry.name.encode(), new))
    return apply


def replaced(kind: str, by: str) -> Tamper:
    def apply(folder: Path) -> None:
        entry = entries(folder, kind)[0]
        other = entries(folder, kind)[-1]
        entry.unlink()
        if by == "fifo":
            os.mkfifo(entry)
        elif by == "folder":
            entry.mkdir()
        elif by == "link to another entry":
            entry.symlink_to(other)
        else:
            entry.symlink_to("/dev/zero")
    return apply


TAMPERING = [pytest.param(swap((k, 0), (k, 1)), id=f"swap two {k} entries")
             for k in KINDS_KEPT if k != "icc-flate"]
TAMPERING += [pytest.param(swap((a, 0), (b, 0)), id=f"swap {a} with {b}") for a, b in (
    ("paragraph", "caption"), ("caption", "photo"), ("photo", "font"), ("font", "paragraph"),
    ("icc-flate", "photo"), ("jpeg-ink", "subhead"), ("subhead", "icc-flate"),
    ("photo-seen", "jpeg-ink"))]
TAMPERING += [pytest.param(rewrite(k, change), id=f"{k} {what}") for k in KINDS_KEPT for what, change in (
    ("emptied", lambda d: b""), ("cut in half", lambda d: d[:len(d) // 2]),
    ("last byte lost", lambda d: d[:-1]), ("a bit flipped in the middle", flip(0.5)))]
TAMPERING += [pytest.param(sealed(v), id=f"sealed {what}") for what, v in (
    ("empty value", b""), ("garbage", b"\x00\xffgarbage"), ("JSON list", b"[1, 2, 3]"),
    ("JSON of the wrong shape", b'{"lines": [[1]], "warnings": 5}'),
    ("value cut in half", lambda d: d[:len(d) // 2]),
    *((f"value with a byte flipped at {at:.0%}", flip(at)) for at in (0.1, 0.3, 0.6, 0.9)))]
TAMPERING += [pytest.param(replaced(k, by), id=f"{k} replaced by a {by}")
              for k in ("paragraph", "photo", "icc-flate")
              for by in ("fifo", "folder", "link to another entry", "link to /dev/zero")]


@pytest.mark.parametrize("tamper", TAMPERING)
def test_tampered_cache_builds_the_clean_pdf(tmp_path: Path, clean: tuple[Path, bytes],
                                             tamper: Tamper) -> None:
    folder = tmp_path / "cache"
    shutil.copytree(clean[0], folder, symlinks=True)
    tamper(folder)
    started = time.perf_counter()
    result = build(SAMPLE, cache=folder)
    assert time.perf_counter() - started < 10
    assert result.pdf == clean[1]
    assert result.preflight is not None and result.preflight.ok


def test_a_tampered_entry_is_made_again(tmp_path: Path, clean: tuple[Path, bytes]) -> None:
    """A swapped pair of paragraphs is replaced by the right entries: the
    next build reads them."""
    folder = tmp_path / "cache"
    shutil.copytree(clean[0], folder)
    swap(("paragraph", 0), ("paragraph", 1))(folder)
    assert build(SAMPLE, cache=folder).pdf == clean[1]
    assert [p.read_bytes() for p in entries(folder, "paragraph")] == [
        p.read_bytes() for p in entries(clean[0], "paragraph")]
