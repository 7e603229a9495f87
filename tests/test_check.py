"""Preflight: each check fires on a bad file and stays quiet on a good one.

Pages are drawn with ReportLab (as the renderer does) and finished with
``pdfx.finish``; faults the canvas cannot make are patched in with pikepdf.
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

import banmian.check.imageread
from banmian.cache import Cache
from banmian.check.preflight import CheckSettings, Report, preflight, preflight_bytes
from banmian.output.images import prepare_photo
from banmian.output.pdfx import PdfxSettings, finish
from banmian.pipeline import build, check_settings

ICC = Path(__file__).resolve().parents[1] / "icc" / "ISOnewspaper_v4_26_bas.icc"
ROOT = ICC.parents[1]
pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
Draw = Callable[[canvas.Canvas], None]


def draw(body: Draw, finished: bool = True, initial_font: str = "Vera") -> bytes:
    """A 300 × 200 pt page drawn by ``body``, PDF/X-finished unless told not to."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(300, 200), invariant=1, initialFontName=initial_font)
    body(c)
    c.showPage()
    c.save()
    return finish(out.getvalue(), PdfxSettings(title="test")) if finished else out.getvalue()


def patched(data: bytes, edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    """``data`` after ``edit`` has changed it with pikepdf."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def codes(report: Report) -> tuple[set[str], set[str]]:
    return {f.code for f in report.errors}, {f.code for f in report.warnings}


def black(c: canvas.Canvas, size: float = 12) -> None:
    """K100 with overprint, as the renderer sets black."""
    c.setFont("Vera", size)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)
    c.setStrokeOverprint(True)
    c.setOverprintMask(1)


def photo(tmp_path: Path, pixels: tuple[int, int] = (600, 400),
          colour: tuple[int, int, int] = (30, 60, 120)) -> bytes:
    Image.new("RGB", pixels, colour).save(tmp_path / "photo.png")
    return prepare_photo(tmp_path / "photo.png", 144, 96, ICC).data


def good_page(jpeg: bytes) -> Draw:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.drawString(20, 170, "Black body text")
        c.setLineWidth(0.5)
        c.line(20, 160, 280, 160)
        c.setFillOverprint(False)
        c.setFillColorCMYK(0, 1, 1, 0)
        c.drawString(20, 140, "Red headline")
        c.drawImage(ImageReader(io.BytesIO(jpeg)), 100, 20, 144, 96)
    return body


def test_good_page_is_quiet(tmp_path: Path) -> None:
    path = tmp_path / "good.pdf"
    path.write_bytes(draw(good_page(photo(tmp_path))))
    report = preflight(path, expected_text="Black body text\nRed headline")
    assert report.ok and report.errors == [] and report.warnings == [], report.render_text()
    assert report.stats["text"]["matches"]
    (placed,) = report.stats["images"]
    assert placed["colour_space"] == "DeviceCMYK" and placed["ppi"] == 300.0
    assert 0 < placed["max_ink"] <= 240


def test_rgb_text_is_an_error() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillColorRGB(1, 0, 0)
        c.drawString(20, 100, "RGB red")
    assert "rgb-colour" in codes(preflight_bytes(draw(body)))[0]


def test_icc_colour_space_is_an_error() -> None:
    def add_icc(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        profile = pdf.make_stream(b"\0" * 128, N=3)
        page.Resources.ColorSpace = Dictionary(CS0=Array([Name.ICCBased, profile]))
        page.contents_add(pdf.make_stream(b"/CS0 cs 0.2 0.4 0.6 scn 10 10 50 50 re f"))
    report = preflight_bytes(finish(patched(draw(black, finished=False), add_icc), PdfxSettings()))
    assert any(f.code == "colour-space" and "ICCBased" in f.message for f in report.errors)


@pytest.mark.parametrize("cmyk, over", [((0.6, 0.4, 0.4, 1), False), ((0.61, 0.4, 0.4, 1), True),
                                        ((0.7, 0.5, 0.5, 1), True)])
def test_rich_black_text_over_240_percent(cmyk: tuple[float, ...], over: bool) -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillColorCMYK(*cmyk)
        c.drawString(20, 100, "Rich black")
    report = preflight_bytes(draw(body))
    assert ("ink-limit" in codes(report)[0]) is over


def test_k100_text_without_overprint() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillOverprint(False)
        c.drawString(20, 100, "Knockout black")
    (finding,) = [f for f in preflight_bytes(draw(body)).errors]
    assert finding.code == "black-text-knockout" and "Knockout black" in finding.message
    assert finding.detail["size"] == 12 and finding.detail["x"] == 20


def test_overprint_with_mode_0_still_knocks_out() -> None:
    def body(c: canvas.Canvas) -> None:
        c.setFont("Vera", 12)
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFillOverprint(True)
        c.drawString(20, 100, "OPM 0")
    assert codes(preflight_bytes(draw(body)))[0] == {"black-text-knockout"}


def test_grey_black_counts_as_k100() -> None:
    def body(c: canvas.Canvas) -> None:
        c.setFont("Vera", 12)
        c.setFillGray(0)
        c.drawString(20, 100, "0 g black")
    assert codes(preflight_bytes(draw(body)))[0] == {"black-text-knockout"}


def test_helvetica_is_an_error() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFont("Helvetica", 12)
        c.drawString(20, 100, "Helvetica")
    report = preflight_bytes(draw(body, initial_font="Helvetica"))
    assert any(f.code == "font-not-embedded" and "Helvetica" in f.message for f in report.errors)


def test_type0_fonts_are_read_through_descendant_fonts() -> None:
    def add_type0(pdf: pikepdf.Pdf) -> None:
        program = pdf.make_stream(Path(pdfmetrics.getFont("Vera").face.filename).read_bytes())
        descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/ABCDEF+Vera"), Flags=4,
                                FontFile2=program)
        descendant = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2,
                                BaseFont=Name("/ABCDEF+Vera"), FontDescriptor=descriptor,
                                CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity",
                                                         Supplement=0))
        font = Dictionary(Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/ABCDEF+Vera"),
                          Encoding=Name("/Identity-H"), DescendantFonts=[descendant])
        pdf.pages[0].Resources.Font.T0 = pdf.make_indirect(font)
        pdf.pages[0].contents_add(pdf.make_stream(b"BT /T0 12 Tf 20 50 Td <0024> Tj ET"))
    report = preflight_bytes(finish(patched(draw(black, finished=False), add_type0), PdfxSettings()))
    assert "ABCDEF+Vera (Type0/CIDFontType2)" in report.stats["fonts"]
    assert report.ok and report.warnings == [], report.render_text()


def test_cid_font_not_embedded_is_an_error() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))

    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFont("STSong-Light", 12)
        c.drawString(20, 100, "版面")
    report = preflight_bytes(draw(body))
    assert any(f.code == "font-not-embedded" and "STSong" in f.message for f in report.errors)


def test_unused_font_is_a_warning() -> None:
    def add_unused(pdf: pikepdf.Pdf) -> None:
        fonts = pdf.pages[0].Resources.Font
        used = next(iter(fonts.values()))
        fonts.Unused = pdf.make_indirect(Dictionary({k: v for k, v in used.items()}))
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.drawString(20, 100, "Used font")
    report = preflight_bytes(finish(patched(draw(body, finished=False), add_unused), PdfxSettings()))
    assert "unused-font" in codes(report)[1]


def test_rgb_image_is_an_error(tmp_path: Path) -> None:
    Image.new("RGB", (600, 400), (0, 90, 200)).save(tmp_path / "rgb.png")

    def body(c: canvas.Canvas) -> None:
        black(c)
        c.drawImage(str(tmp_path / "rgb.png"), 20, 20, 144, 96)
    report = preflight_bytes(draw(body))
    assert any(f.code == "colour-space" and "DeviceRGB" in f.message for f in report.errors)


@pytest.mark.parametrize("pixels, severity", [((144, 96), "error"), ((300, 200), "warning"),
                                              ((600, 400), None)])
def test_low_resolution_image(tmp_path: Path, pixels: tuple[int, int], severity: str | None) -> None:
    jpeg = photo(tmp_path, pixels)

    def body(c: canvas.Canvas) -> None:
        black(c)
        c.drawImage(ImageReader(io.BytesIO(jpeg)), 20, 20, 144, 96)
    errors, warnings = codes(preflight_bytes(draw(body)))
    assert ("low-resolution" in errors) is (severity == "error")
    assert ("low-resolution" in warnings) is (severity == "warning")


def test_image_ink_honours_the_decode_array(tmp_path: Path) -> None:
    jpeg = photo(tmp_path, colour=(235, 235, 235))  # light: about 15 % ink
    data = draw(good_page(jpeg))
    assert preflight_bytes(data).ok

    def drop_decode(pdf: pikepdf.Pdf) -> None:
        for image in pdf.pages[0].Resources.XObject.values():
            del image.Decode
    report = preflight_bytes(patched(data, drop_decode))  # now read inverted: ~385 %
    assert any(f.code == "ink-limit" and "image" in f.message for f in report.errors)


def test_missing_trimbox_and_pdfx_declarations() -> None:
    errors, _ = codes(preflight_bytes(draw(black, finished=False)))
    assert {"no-trimbox", "no-output-intent", "no-pdfx-version"} <= errors


def test_missing_output_intent() -> None:
    def drop_intent(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.OutputIntents
    errors, _ = codes(preflight_bytes(patched(draw(black), drop_intent)))
    assert errors == {"no-output-intent"}


def test_expected_text_mismatch_names_position_and_context() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.drawString(20, 100, "The quick brown fox jumps over the lazy dog")
    report = preflight_bytes(draw(body), expected_text="The quick brown fax jumps over the lazy dog")
    (finding,) = report.errors
    assert "character 15" in finding.message
    assert finding.code == "text-mismatch" and finding.detail["index"] == 14
    assert finding.detail["expected"].startswith("Thequickbrownfax")
    assert finding.detail["got"].startswith("Thequickbrownfox")


@pytest.mark.parametrize("cmyk, size, code", [((1, 0, 0, 0), 8, "small-colour-text"),
                                              ((0, 0, 0, 0), 8, "small-reversed-text"),
                                              ((1, 0, 0, 0), 12, None),
                                              ((0, 0, 0, 0.5), 8, None)])
def test_small_colour_and_reversed_text(cmyk: tuple[float, ...], size: float,
                                        code: str | None) -> None:
    def body(c: canvas.Canvas) -> None:
        black(c, size)
        c.setFillOverprint(False)
        c.setFillColorCMYK(*cmyk)
        c.drawString(20, 100, "Small type")
    assert codes(preflight_bytes(draw(body)))[1] == ({code} if code else set())


def test_hairline_is_a_warning() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setLineWidth(0.05)
        c.line(20, 100, 280, 100)
    assert codes(preflight_bytes(draw(body)))[1] == {"hairline"}


def test_transparency_is_an_error() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillAlpha(0.5)
        c.rect(20, 20, 50, 50, fill=1, stroke=0)
    assert "transparency" in codes(preflight_bytes(draw(body)))[0]


def test_form_xobjects_are_walked() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.beginForm("logo")
        c.setFillColorRGB(0, 0, 1)
        c.rect(0, 0, 10, 10, fill=1)
        c.endForm()
        c.doForm("logo")
    assert "rgb-colour" in codes(preflight_bytes(draw(body)))[0]


def test_many_findings_are_capped_and_counted() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillOverprint(False)
        for i in range(30):
            c.drawString(20, 5 + i * 6, f"line {i}")
    errors = preflight_bytes(draw(body), settings=CheckSettings(max_listed=20)).errors
    assert len(errors) == 21 and errors[-1].detail == {"more": 10}


def test_json_and_text_reports() -> None:
    def body(c: canvas.Canvas) -> None:
        black(c)
        c.setFillColorRGB(1, 0, 0)
        c.drawString(20, 100, "RGB")
    report = preflight_bytes(draw(body), name="page.pdf")
    parsed = json.loads(report.to_json())
    assert parsed["ok"] is False and parsed["errors"][0]["code"] == "rgb-colour"
    text = report.render_text()
    assert text.startswith("preflight page.pdf: FAIL") and "rgb-colour" in text
    assert report.summary().startswith("preflight: FAIL, 1 errors")


def test_image_ink_is_read_from_the_memo_on_a_second_run(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild's preflight takes each unchanged image's ink from the cache
    and reports exactly what reading the pixels did."""
    data = draw(good_page(photo(tmp_path)))
    cache = Cache(tmp_path / "cache")
    first = preflight_bytes(data, memo=cache.memo)
    assert cache.hits == 0 and first.stats == preflight_bytes(data).stats

    def no_reading(image: object) -> None:
        raise AssertionError("the ink was read again, not served from the memo")
    monkeypatch.setattr(banmian.check.imageread, "_image_ink", no_reading)
    again = preflight_bytes(data, memo=cache.memo)
    assert cache.hits == 1
    assert again.stats == first.stats and again.errors == first.errors == []
    assert again.stats["images"][0]["max_ink"] > 0


def test_image_ink_memo_misses_when_the_decode_array_changes(tmp_path: Path) -> None:
    """Same pixels, different /Decode: a reading kept for the old array must
    not pass the inverted image (the JPEG's reading is kept by its bytes, and
    each PDF's /Decode is applied to it afresh)."""
    jpeg = photo(tmp_path, colour=(235, 235, 235))  # light: about 15 % ink
    data = draw(good_page(jpeg))

    def drop_decode(pdf: pikepdf.Pdf) -> None:
        for image in pdf.pages[0].Resources.XObject.values():
            del image.Decode
    inverted = patched(data, drop_decode)
    assert raw_images(inverted) == raw_images(data)  # only the dictionary differs
    cache = Cache(tmp_path / "cache")
    assert preflight_bytes(data, memo=cache.memo).ok
    report = preflight_bytes(inverted, memo=cache.memo)
    assert cache.hits == 1
    assert any(f.code == "ink-limit" and "image" in f.message for f in report.errors)
    assert report.stats["max_ink_images"] == preflight_bytes(inverted).stats["max_ink_images"]
    assert preflight_bytes(data, memo=cache.memo).ok and cache.hits == 2


def raw_images(data: bytes) -> list[bytes]:
    """The undecoded bytes of each image XObject on the first page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [image.read_raw_bytes() for image in pdf.pages[0].Resources.XObject.values()]


def test_text_is_read_through_the_fonts_tounicode_maps() -> None:
    """The text check reads what a viewer copies: one wrong ToUnicode entry
    in an embedded face is a mismatch even though the glyphs drawn are right."""
    built = build(ROOT / "content/huaian-2023-02.yaml", preflight=False)
    settings = check_settings(built.layout)
    clean = preflight_bytes(built.pdf, built.page.text, settings)
    assert clean.stats["text"]["matches"] and "text-mismatch" not in codes(clean)[0]
    swapped: list[str] = []

    def miscopy(pdf: pikepdf.Pdf) -> None:
        """Map the first Hanzi of the first face that has one to 〓 instead."""
        for _, font in sorted(pdf.pages[0].Resources.Font.items(), key=lambda item: str(item[0])):
            cmap = font.ToUnicode.read_bytes()
            entry = next((m for m in re.finditer(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
                          if "\u4e00" <= chr(int(m[2], 16)) <= "\u9fff"), None)
            if entry is not None:
                swapped.append(chr(int(entry[2], 16)))
                font.ToUnicode.write(cmap[:entry.start(2)] + b"3013" + cmap[entry.end(2):])
                return
    report = preflight_bytes(patched(built.pdf, miscopy), built.page.text, settings)
    (finding,) = [f for f in report.errors if f.code == "text-mismatch"]
    assert swapped[0] in built.page.text and "〓" not in built.page.text
    assert "〓" in finding.detail["got"] and swapped[0] in finding.detail["expected"]
    assert report.stats["text"]["matches"] is False
