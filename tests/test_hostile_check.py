"""`banmian check` on hostile files, made by mutating the sample page's PDF:
files that are not PDFs or not files at all, cut or flipped bytes, damaged
and junk content, bad operands, deep nesting, operator and decompression
bombs, undecodable images, content off the page.

Whatever the file, the check ends within a few seconds without a
traceback: exit 2 and one line saying why for a file it cannot check, exit 1
with findings for one it can but the plant must not print, and the file is
never changed."""
from __future__ import annotations

import hashlib
import io
import os
import random
import re
import time
import zlib
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Dictionary, Name
from strategies import SAMPLE
from test_check import patched

from banmian.app.cli import main
from banmian.check.preflight import CheckSettings, preflight

SECONDS = 10


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from banmian.pipeline import build

    return build(SAMPLE, cache=tmp_path_factory.mktemp("cache")).pdf


def checked(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `banmian check path` in-process: (status, stdout, stderr), timed, the file unchanged."""
    before = _digest(path)
    started = time.perf_counter()
    status = main(["check", str(path)])
    assert time.perf_counter() - started < SECONDS
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert _digest(path) == before
    return status, out, err


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def refused(path: Path, capsys: pytest.CaptureFixture[str], why: str) -> None:
    """Exit 2 and one line naming the file and matching ``why``."""
    status, out, err = checked(path, capsys)
    assert status == 2 and not out, (status, out)
    assert err.count("\n") == 1 and err.startswith(f"banmian check: {path}: "), err
    assert re.search(why, err), err


def with_content(data: bytes, content: bytes) -> bytes:
    """The sample page with its content stream replaced (resources kept)."""
    def edit(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.Contents = pdf.make_stream(content)
    return patched(data, edit)


def page_content(data: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.pages[0].obj.Contents.read_bytes()


# --- not a PDF, or not a file ----------------------------------------------------------

NOT_PDF = {
    "text file": (b"hello, this is not a PDF\n", "not a PDF"),
    "empty": (b"", "empty"),
    "YAML": (SAMPLE.read_bytes(), "not a PDF"),
    "PNG": (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a PDF"),
    "header only": (b"%PDF-1.3\n", "damaged"),
    "header and junk": (b"%PDF-1.3\n" + random.Random(1).randbytes(5000), "damaged"),
    "NULs": (bytes(4096), "not a PDF"),
}


@pytest.mark.parametrize("name", NOT_PDF)
def test_not_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    data, why = NOT_PDF[name]
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    refused(path, capsys, why)


def test_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(tmp_path / "none.pdf", capsys, "No such file")


def test_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(tmp_path, capsys, "not a regular file")


def test_endless_device(capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero never ends: it is refused without being read (this hung)."""
    refused(Path("/dev/zero"), capsys, "not a regular file")


def test_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO with no writer would block the open for ever."""
    fifo = tmp_path / "page.pdf"
    os.mkfifo(fifo)
    refused(fifo, capsys, "not a regular file")


def test_over_the_size_limit(tmp_path: Path, sample_pdf: bytes) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(sample_pdf)
    report = preflight(path, settings=CheckSettings(max_file_bytes=len(sample_pdf) - 1))
    assert not report.readable and "over the" in report.errors[0].message


@pytest.mark.parametrize("fraction", [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_cut_short(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                   fraction: float) -> None:
    """A file cut anywhere: unreadable (exit 2), or, where qpdf recovers the
    objects, checked — and never a pass without its images and fonts."""
    path = tmp_path / "page.pdf"
    path.write_bytes(sample_pdf[:int(len(sample_pdf) * fraction)])
    status, out, err = checked(path, capsys)
    assert status in (1, 2), (status, out, err)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith(f"banmian check: {path}: ")


def test_encrypted_with_a_password(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   sample_pdf: bytes) -> None:
    path = tmp_path / "page.pdf"
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    refused(path, capsys, "encrypted with a password")


def test_encrypted_without_a_password_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  sample_pdf: bytes) -> None:
    """Readable, so checked; PDF/X forbids encryption."""
    path = tmp_path / "page.pdf"
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(owner="o", user=""))
    status, out, _ = checked(path, capsys)
    assert status == 1 and "encrypted" in out


# --- flipped bytes ---------------------------------------------------------------------

def flipped(data: bytes, seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    changed = bytearray(data)
    for _ in range(count):
        changed[rng.randrange(len(changed))] = rng.randrange(256)
    return bytes(changed)


@pytest.mark.parametrize("seed", range(15))
def test_flipped_bytes_in_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   sample_pdf: bytes, seed: int) -> None:
    """A few bytes anywhere in the file changed: whatever qpdf makes of it,
    a verdict or a one-line refusal."""
    path = tmp_path / "page.pdf"
    path.write_bytes(flipped(sample_pdf, seed, 1 + seed % 5))
    status, out, err = checked(path, capsys)
    assert status in (0, 1, 2)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith(f"banmian check: {path}: ")
    else:
        assert out.startswith(f"preflight {path}: ")


@pytest.mark.parametrize("seed", range(25))
def test_flipped_bytes_in_the_content(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      sample_pdf: bytes, seed: int) -> None:
    """Bytes of the page's decoded content changed: operators lose or gain
    operands, numbers turn into names — refused in one line or checked."""
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, flipped(page_content(sample_pdf), seed, 3 + seed)))
    status, out, err = checked(path, capsys)
    assert status in (0, 1, 2)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith(f"banmian check: {path}: ")


# --- damaged content -------------------------------------------------------------------

BAD_OPERANDS = {
    "cm short": b"1 0 0 cm",
    "cm of names": b"/a /b /c /d /e /f cm",
    "k of a string": b"(cyan) 0 0 1 k 0 0 10 10 re f",
    "g without operand": b"g 0 0 10 10 re f",
    "Tf size a name": b"BT /BM0 /big Tf 10 10 Td <0001> Tj ET",
    "Tf without font": b"BT 12 Tf ET",
    "Tm short": b"BT /BM0 9 Tf 1 0 Tm ET",
    "Td of an array": b"BT [1 2] 3 Td ET",
    "TJ of a number": b"BT /BM0 9 Tf 5 TJ ET",
    "Tz of a string": b"BT (wide) Tz ET",
    "w of a dictionary": b"<< /a 1 >> w 0 0 m 1 1 l S",
    "gs missing name": b"1 gs",
    "Do of a number": b"1 Do",
    "Tr of a string": b"BT (x) Tr ET",
    "TD of a string": b"BT (x) 1 TD ET",
    "sc in CMYK short": b"/DeviceCMYK cs 0.5 sc 0 0 10 10 re f",
}


@pytest.mark.parametrize("name", BAD_OPERANDS)
def test_bad_operands(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                      name: str) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, BAD_OPERANDS[name]))
    status, out, err = checked(path, capsys)
    if status == 2:
        assert err.count("\n") == 1 and "page 1: " in err
    else:  # a few are well-formed enough to check, and then still wrong somewhere
        assert status == 1 and "ERROR" in out, (name, out)


@pytest.mark.parametrize("seed", range(12))
def test_junk_content(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                      seed: int) -> None:
    """Random bytes as a page's content are damage (exit 2), never a pass."""
    rng = random.Random(seed)
    junk = rng.randbytes(rng.randrange(1, 4000))
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, junk))
    status, out, err = checked(path, capsys)
    assert status != 0, out
    if status == 2:
        assert err.count("\n") == 1


@pytest.mark.parametrize("seed", range(8))
def test_shuffled_content(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                          seed: int) -> None:
    """The sample's own tokens in a random order: operators with the wrong
    operands, text outside BT, Q without q — refused or checked, no traceback."""
    tokens = page_content(sample_pdf).split()
    random.Random(seed).shuffle(tokens)
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, b" ".join(tokens[:3000])))
    status, _, err = checked(path, capsys)
    assert status in (1, 2)
    if status == 2:
        assert err.count("\n") == 1


def test_unknown_operator_inside_compatibility_section_is_allowed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, b"BX 1 2 frobnicate EX " + page_content(sample_pdf)))
    assert checked(path, capsys)[0] == 0
    path.write_bytes(with_content(sample_pdf, b"1 2 frobnicate " + page_content(sample_pdf)))
    refused(path, capsys, "unknown operator 'frobnicate'")


# --- bounded work ------------------------------------------------------------------------

def nested_forms(data: bytes, depth: int) -> bytes:
    """The page draws a form that draws a form … ``depth`` deep."""
    def edit(pdf: pikepdf.Pdf) -> None:
        inner = pdf.make_stream(b"0 0 0 1 k 0 0 10 10 re f", Type=Name.XObject,
                                Subtype=Name.Form, BBox=[0, 0, 10, 10])
        for _ in range(depth - 1):
            inner = pdf.make_stream(b"/F Do", Type=Name.XObject, Subtype=Name.Form,
                                    BBox=[0, 0, 10, 10],
                                    Resources=Dictionary(XObject=Dictionary(F=inner)))
        pdf.pages[0].Resources.XObject = Dictionary(F=inner)
        pdf.pages[0].obj.Contents = pdf.make_stream(b"q 1 0 0 1 100 100 cm /F Do Q")
    return patched(data, edit)


@pytest.mark.parametrize("depth", [3000, 200, 33])
def test_deeply_nested_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             sample_pdf: bytes, depth: int) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(nested_forms(sample_pdf, depth))
    refused(path, capsys, "too complex to check: forms nested more than 32 deep")


def test_nested_forms_within_the_limit_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   sample_pdf: bytes) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(nested_forms(sample_pdf, 30))
    status, out, _ = checked(path, capsys)
    assert status == 0 and "PASS" in out


@pytest.mark.parametrize("operator", [b"n\n", b"0 0 m\n", b"q Q\n"])
def test_two_million_operators(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               sample_pdf: bytes, operator: bytes) -> None:
    """Once 15.8 s and 2.2 GB: now refused after the operator budget."""
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, operator * 2_000_000))
    refused(path, capsys, "too complex to check: more than 500,000 operators")


def test_a_form_drawn_a_million_times(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      sample_pdf: bytes) -> None:
    """Small content, large work: the budget counts what is interpreted."""
    def edit(pdf: pikepdf.Pdf) -> None:
        form = pdf.make_stream(b"0 0 m 1 1 l S " * 50, Type=Name.XObject, Subtype=Name.Form,
                               BBox=[0, 0, 10, 10])
        pdf.pages[0].Resources.XObject = Dictionary(F=form)
        pdf.pages[0].obj.Contents = pdf.make_stream(b"/F Do\n" * 100_000)
    path = tmp_path / "page.pdf"
    path.write_bytes(patched(sample_pdf, edit))
    refused(path, capsys, "too complex to check")


def test_decompression_bomb(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            sample_pdf: bytes) -> None:
    """Some 60 kB that inflate to 64 MB of content (a gigabyte is as easy)."""
    bomb = zlib.compress(b" " * 2**26, 9)
    def edit(pdf: pikepdf.Pdf) -> None:
        stream = pdf.make_stream(b"")
        stream.write(bomb, filter=Name.FlateDecode)
        pdf.pages[0].obj.Contents = stream
    path = tmp_path / "page.pdf"
    path.write_bytes(patched(sample_pdf, edit))
    refused(path, capsys, "too complex to check: content over")


def test_huge_image(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes) -> None:
    def edit(pdf: pikepdf.Pdf) -> None:
        image = next(iter(pdf.pages[0].get_images().values()))
        image.write(zlib.compress(bytes(2**20)), filter=Name.FlateDecode)
        image.Width, image.Height, image.ColorSpace = 100_000, 100_000, Name.DeviceGray
        image.BitsPerComponent = 8
    path = tmp_path / "page.pdf"
    path.write_bytes(patched(sample_pdf, edit))
    refused(path, capsys, "too complex to check: image /Im0 has 10,000,000,000 pixels")


# --- images ------------------------------------------------------------------------------

IMAGE_DAMAGE = {
    "JPEG junk": lambda image: image.write(b"\xff\xd8" + bytes(3000), filter=Name.DCTDecode),
    "JPEG cut": lambda image: image.write(image.read_raw_bytes()[:600], filter=Name.DCTDecode),
    "Flate junk": lambda image: image.write(b"not deflated at all", filter=Name.FlateDecode),
    "too few samples": lambda image: image.write(zlib.compress(b"\x00" * 10), filter=Name.FlateDecode),
}


@pytest.mark.parametrize("name", IMAGE_DAMAGE)
def test_undecodable_image(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                           name: str) -> None:
    """Passed with ink "None" once: image data no RIP can decode is refused."""
    def edit(pdf: pikepdf.Pdf) -> None:
        image = next(iter(pdf.pages[0].get_images().values()))
        IMAGE_DAMAGE[name](image)
        for key in ("/DecodeParms",):
            if key in image:
                del image[key]
    path = tmp_path / "page.pdf"
    path.write_bytes(patched(sample_pdf, edit))
    refused(path, capsys, "image /Im0: its data cannot be decoded")


# --- content beyond the TrimBox --------------------------------------------------------

OFFSETS = [(5000, 0), (-5000, 0), (0, 5000), (0, -5000), (-60, 0), (60, 0), (0, 200), (0, -150)]


@pytest.mark.parametrize("dx, dy", OFFSETS)
def test_text_off_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                           dx: float, dy: float) -> None:
    """Every text run moved: each glyph's box is checked against the TrimBox
    (a page with its content 5,000 pt away passed once)."""
    content = re.sub(rb"1 0 0 1 ([\d.]+) ([\d.]+) Tm",
                     lambda m: b"1 0 0 1 %.3f %.3f Tm" % (float(m[1]) + dx, float(m[2]) + dy),
                     page_content(sample_pdf))
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, content))
    status, out, _ = checked(path, capsys)
    assert status == 1 and "outside-trim" in out and "text reaches" in out, out
    assert "image" not in re.findall(r"outside-trim\s+(\w+)", out)


@pytest.mark.parametrize("dx, dy", OFFSETS)
def test_image_off_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes,
                            dx: float, dy: float) -> None:
    def moved(at: bytes, by: float) -> float:
        """Right or up by ``by``; left or down to ``by`` (off the trim's
        edge wherever the page put the photo)."""
        return by if by < 0 else float(at) + by
    content = re.sub(rb"q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /Im(\d) Do",
                     lambda m: b"q %s 0 0 %s %.3f %.3f cm /Im%s Do" % (
                         m[1], m[2], moved(m[3], dx), moved(m[4], dy), m[5]),
                     page_content(sample_pdf))
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, content))
    status, out, _ = checked(path, capsys)
    reaching = re.findall(r"image /Im\d reaches", out)
    assert status == 1 and reaching, out
    assert "text reaches" not in out


def test_text_moved_by_the_ctm_is_off_too(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          sample_pdf: bytes) -> None:
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, b"1 0 0 1 0 5000 cm " + page_content(sample_pdf)))
    status, out, _ = checked(path, capsys)
    assert status == 1 and "text reaches" in out and "image /Im0 reaches" in out


def test_the_sample_lies_within_its_trim(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         sample_pdf: bytes) -> None:
    """The negative control: the sample page passes, so the box checks are not too eager."""
    path = tmp_path / "page.pdf"
    path.write_bytes(sample_pdf)
    status, out, _ = checked(path, capsys)
    assert status == 0 and "PASS" in out


def test_a_glyph_just_over_the_edge(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    sample_pdf: bytes) -> None:
    """One 9 pt glyph whose advance ends 1 pt past the right trim edge."""
    with pikepdf.open(io.BytesIO(sample_pdf)) as pdf:
        width = float(pdf.pages[0].TrimBox[2])
    glyph = b"BT /BM4 9 Tf 1 0 0 1 %.3f 100 Tm <0001> Tj ET" % (width - 8)
    path = tmp_path / "page.pdf"
    path.write_bytes(with_content(sample_pdf, page_content(sample_pdf) + b"\n" + glyph))
    status, out, _ = checked(path, capsys)
    assert status == 1 and "text reaches 1.0 pt beyond the TrimBox" in out, out


def test_no_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample_pdf: bytes) -> None:
    """A file whose page tree is empty prints nothing: an error, never a pass."""
    def edit(pdf: pikepdf.Pdf) -> None:
        del pdf.pages[0]
    path = tmp_path / "page.pdf"
    path.write_bytes(patched(sample_pdf, edit))
    status, out, _ = checked(path, capsys)
    assert status == 1 and "no-pages" in out
