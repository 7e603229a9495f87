"""PDF/X finishing: declarations read back, boxes, reproducible bytes, real ink."""
from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageMath
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from banmian.output.images import prepare_photo
from banmian.output.pdfx import PdfxSettings, finish

ICC = Path(__file__).resolve().parents[1] / "icc" / "ISOnewspaper_v4_26_bas.icc"
SETTINGS = PdfxSettings(title="版面 test & <page>", icc_path=ICC, document_id="test-page")
pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))


def page(photo: bytes | None = None) -> bytes:
    """A small page as the renderer would draw it: embedded font, CMYK, overprinted black."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(300, 200), invariant=1, initialFontName="Vera")
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)
    c.setOverprintMask(1)
    c.setFont("Vera", 12)
    c.drawString(20, 170, "Black text, overprinted")
    c.setFillOverprint(False)
    c.setFillColorCMYK(0, 1, 1, 0)
    c.rect(20, 140, 60, 20, fill=1, stroke=0)
    if photo:
        c.drawImage(ImageReader(io.BytesIO(photo)), 100, 20, 144, 96)
    c.showPage()
    c.save()
    return out.getvalue()


def test_two_runs_give_identical_bytes() -> None:
    assert finish(page(), SETTINGS) == finish(page(), SETTINGS)


def test_the_id_follows_document_id_and_content() -> None:
    def ids(**settings: str) -> list[bytes]:
        with pikepdf.open(io.BytesIO(finish(page(), PdfxSettings(**settings)))) as pdf:
            return [bytes(v) for v in pdf.trailer.ID]

    first, renamed, retitled = ids(document_id="one"), ids(document_id="two"), \
        ids(document_id="one", title="changed")
    assert first[0] != renamed[0]  # the permanent id names the document
    assert first[0] == retitled[0] and first[1] != retitled[1]  # the second follows the content


def test_declarations_read_back() -> None:
    data = finish(page(), SETTINGS)
    assert data.startswith(b"%PDF-1.3\n")
    pdf = pikepdf.open(io.BytesIO(data))
    intent = pdf.Root.OutputIntents[0]
    assert intent.S == pikepdf.Name.GTS_PDFX
    assert str(intent.OutputConditionIdentifier) == "IFRA26"
    assert str(intent.RegistryName) == "http://www.color.org"
    assert intent.DestOutputProfile.N == 4
    assert intent.DestOutputProfile.read_bytes() == ICC.read_bytes()
    info = pdf.docinfo
    assert str(info.GTS_PDFXVersion) == "PDF/X-1:2001"
    assert str(info.GTS_PDFXConformance) == "PDF/X-1a:2001"
    assert info.Trapped == pikepdf.Name("/False")
    assert str(info.Title) == "版面 test & <page>"
    assert str(info.CreationDate) == str(info.ModDate) == "D:20230101000000+00'00'"
    assert len(pdf.trailer.ID) == 2
    pdf_page = pdf.pages[0].obj
    assert [float(v) for v in pdf_page.TrimBox] == [0, 0, 300, 200]
    assert [float(v) for v in pdf_page.BleedBox] == [0, 0, 300, 200]
    assert [float(v) for v in pdf_page.MediaBox] == [0, 0, 300, 200]


def test_xmp_parses_and_matches_info() -> None:
    pdf = pikepdf.open(io.BytesIO(finish(page(), SETTINGS)))
    raw = pdf.Root.Metadata.read_bytes()
    ET.fromstring(raw[raw.index(b"<x:xmpmeta"):raw.index(b"</x:xmpmeta>") + 12])
    with pdf.open_metadata() as xmp:
        assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-1:2001"
        assert xmp["pdfx:GTS_PDFXConformance"] == "PDF/X-1a:2001"
        assert xmp["dc:title"] == "版面 test & <page>"
        assert xmp["pdf:Trapped"] == "False"
        assert xmp["xmp:CreateDate"] == "2023-01-01T00:00:00+00:00"


def test_bleed_grows_the_media_box_around_the_trim() -> None:
    pdf = pikepdf.open(io.BytesIO(finish(page(), PdfxSettings(bleed_pt=9))))
    pdf_page = pdf.pages[0].obj
    assert [float(v) for v in pdf_page.TrimBox] == [0, 0, 300, 200]
    assert [float(v) for v in pdf_page.BleedBox] == [-9, -9, 309, 209]
    assert [float(v) for v in pdf_page.MediaBox] == [-9, -9, 309, 209]


def test_boxes_that_do_not_nest_are_refused() -> None:
    with pytest.raises(ValueError):
        finish(page(), PdfxSettings(trim_box=(0, 0, 400, 200)))


def test_pdfx4_header_and_keys() -> None:
    data = finish(page(), PdfxSettings(version="PDF/X-4"))
    assert data.startswith(b"%PDF-1.6\n")
    pdf = pikepdf.open(io.BytesIO(data))
    info = pdf.docinfo
    assert str(info.GTS_PDFXVersion) == "PDF/X-4" and "/GTS_PDFXConformance" not in info


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError):
        PdfxSettings(version="PDF/X-9")


def test_jpeg_is_stored_as_bare_dct(tmp_path: Path) -> None:
    Image.new("RGB", (600, 400), (20, 40, 90)).save(tmp_path / "photo.png")
    photo = prepare_photo(tmp_path / "photo.png", 144, 96, ICC)
    pdf = pikepdf.open(io.BytesIO(finish(page(photo.data), SETTINGS)))
    image = next(iter(pdf.pages[0].Resources.XObject.values()))
    assert image.Filter == pikepdf.Name.DCTDecode
    assert image.read_raw_bytes() == photo.data
    assert [float(v) for v in image.Decode] == list(photo.decode)


def test_ghostscript_separations_stay_within_240_percent(tmp_path: Path) -> None:
    if shutil.which("gs") is None:
        pytest.skip("Ghostscript (gs) is not on PATH: cannot render separations")
    noise = Image.effect_noise((600, 400), 50)
    Image.merge("RGB", (noise.point(lambda v: v // 10), noise.point(lambda v: v // 8),
                        noise.point(lambda v: 30 + v // 3))).save(tmp_path / "dark.png")
    photo = prepare_photo(tmp_path / "dark.png", 144, 96, ICC)
    (tmp_path / "page.pdf").write_bytes(finish(page(photo.data), SETTINGS))
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r150",
                    f"-sOutputFile={tmp_path / 'sep.tif'}", str(tmp_path / "page.pdf")],
                   check=True, timeout=60)
    plates = [ImageChops.invert(Image.open(tmp_path / f"sep({name}).tif").convert("L"))
              for name in ("Cyan", "Magenta", "Yellow", "Black")]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=plates[0], m=plates[1], y=plates[2], k=plates[3])
    darkest = total.getextrema()[1] / 2.55
    assert 150 < darkest <= 240.0  # the photo's shadows reach the press, within the limit
    assert plates[0].getextrema()[1] > 0  # and it was separated, not knocked out to nothing


def test_the_loader_accepts_exactly_the_pdfx_versions_the_finisher_writes():
    from banmian.load.layout import PDFX_VERSIONS
    from banmian.output.pdfx import FLAVOURS

    assert set(PDFX_VERSIONS) == set(FLAVOURS)
