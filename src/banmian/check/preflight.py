"""CHECK: preflight of a finished PDF, read back without the engine's help.

What a newsprint plant rejects or prints badly, found by reading the file
the way a RIP would: every content stream and form XObject is interpreted
with its graphics state (CTM, colours, overprint, line width, text matrix),
so a finding names what is actually painted, where, and how.

Errors stop the page going to press; warnings are for a human to judge.
Findings of one kind on one page are capped (``CheckSettings.max_listed``),
the rest counted, so a page with one systematic fault stays readable.

Any file may be handed to the check, so it reads with bounds: only a regular
file of at most ``max_file_bytes``, content streams up to ``max_content_bytes``
decoded and ``max_operators`` operators, forms nested ``max_form_depth`` deep,
images up to ``max_image_pixels``. A file it cannot read — not a PDF, cut
short, damaged, locked with a password, beyond those bounds, or with image
data that does not decode — gives a report that is not ``readable``, with one
sentence saying why, never an exception.
"""
from __future__ import annotations

import io
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from .content import _Budget, _Walker
from .findings import (
    _DAMAGE,
    IDENTITY,
    Box,
    CheckSettings,
    Finding,
    Report,
    _box,
    _check_page_group,
    _inside,
    _one_line,
    _Sink,
    _Unreadable,
)
from .fontread import _FontBook
from .imageread import _ImageCache

if TYPE_CHECKING:
    from ..memo import Memo





#: What a damaged or hostile file makes pikepdf, Pillow or the interpreter
#: raise (bad operands, broken objects, undecodable data); never a bug's
#: MemoryError or KeyboardInterrupt, which are not caught.



def preflight(pdf_path: Path, expected_text: str | None = None,
              settings: CheckSettings | None = None, memo: Memo | None = None) -> Report:
    """Check ``pdf_path`` for the press; compare its text with ``expected_text``
    if given. ``memo`` keeps each image's ink reading between runs."""
    settings = settings or CheckSettings()
    try:
        data = _read_pdf(Path(pdf_path), settings.max_file_bytes)
    except _Unreadable as err:
        return _unreadable(str(pdf_path), str(err))
    return _preflight(data, str(pdf_path), expected_text, settings, memo)


def preflight_bytes(pdf: bytes, expected_text: str | None = None,
                    settings: CheckSettings | None = None, name: str = "<memory>",
                    memo: Memo | None = None) -> Report:
    """``preflight`` of a PDF still in memory (a build checks before it writes)."""
    return _preflight(pdf, name, expected_text, settings or CheckSettings(), memo)


def _read_pdf(path: Path, limit: int) -> bytes:
    """The file's bytes, read only if it is a regular file within ``limit``
    (a device such as /dev/zero or a pipe would never end) and starts like a PDF."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _Unreadable("not a regular file (a folder, device or pipe) — give a PDF file")
        if info.st_size > limit:
            raise _Unreadable(f"{info.st_size:,} bytes, over the {limit:,} the check reads — "
                              "is this a PDF page?")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as err:
        raise _Unreadable(f"cannot read it: {err.strerror or err}") from None
    if b"%PDF-" not in data[:1024]:
        raise _Unreadable("not a PDF (no %PDF- header)" if data else "the file is empty")
    return data


def _unreadable(name: str, why: str) -> Report:
    return Report(name, [Finding("unreadable", why)], readable=False)


def _preflight(source: bytes, name: str, expected_text: str | None,
               settings: CheckSettings, memo: Memo | None) -> Report:
    """The checks, or a report that is not readable when the file defeats them."""
    try:
        return _checked(source, name, expected_text, settings, memo)
    except pikepdf.PasswordError:
        return _unreadable(name, "encrypted with a password: it cannot be read (and PDF/X "
                           "forbids encryption) — export it again without security")
    except _Unreadable as err:
        return _unreadable(name, str(err))
    except _DAMAGE as err:
        return _unreadable(name, f"damaged: {_one_line(err)}")








def _checked(source: bytes, name: str, expected_text: str | None,
             settings: CheckSettings, memo: Memo | None) -> Report:
    sink = _Sink(settings.max_listed)
    stats: dict[str, Any] = {}
    text: list[str] = []
    with pikepdf.open(io.BytesIO(source)) as pdf:
        if settings.require_pdfx:
            stats.update(_check_pdfx(pdf, sink))
        images = _ImageCache(memo, settings.max_image_pixels)
        fonts = _FontBook(sink)
        budget = _Budget(settings)
        ink = 0.0
        for number, page in enumerate(pdf.pages, start=1):
            boxes = _check_boxes(page, number, sink)
            _check_page_group(page.obj, number, sink)
            walker = _Walker(number, settings, sink, images, fonts, budget, boxes)
            walker.walk(page.obj, page.resources, IDENTITY)
            ink = max(ink, walker.max_ink)
            text += walker.text
        fonts.report_unused()
        if not pdf.pages:
            sink.error("no-pages", "the file has no pages")
        stats["pages"] = len(pdf.pages)
        stats["fonts"] = fonts.summary()
        stats["images"] = images.placements
        stats["max_ink_vector"] = round(ink, 1)
        stats["max_ink_images"] = round(max((i["max_ink"] or 0 for i in images.placements),
                                            default=0), 1)
    if expected_text is not None:
        stats["text"] = _check_text("".join(text), expected_text, sink)
    errors, warnings = sink.results()
    return Report(name, errors, warnings, stats)


# --- document: PDF/X declarations and page boxes -------------------------------------

def _check_pdfx(pdf: pikepdf.Pdf, sink: _Sink) -> dict[str, Any]:
    """OutputIntent and the Info keys a PDF/X consumer reads first."""
    if pdf.is_encrypted:
        sink.error("encrypted", "the file is encrypted; PDF/X forbids encryption")
    intent = next((oi for oi in pdf.Root.get("/OutputIntents", Array())
                   if oi.get("/S") == Name.GTS_PDFX), None)
    identifier = str(intent.get("/OutputConditionIdentifier", "")) if intent else ""
    if not identifier:
        sink.error("no-output-intent", "no /GTS_PDFX OutputIntent with an OutputConditionIdentifier")
    elif "/DestOutputProfile" in intent and int(intent.DestOutputProfile.get("/N", 0)) != 4:
        sink.error("output-profile", "the OutputIntent's profile is not a CMYK profile")
    info = pdf.trailer.get("/Info", Dictionary())
    version = str(info.get("/GTS_PDFXVersion", ""))
    if not version:
        sink.error("no-pdfx-version", "Info has no /GTS_PDFXVersion")
    if info.get("/Trapped") not in (Name("/True"), Name("/False")):
        sink.warn("trapped", "Info /Trapped should be /True or /False for PDF/X")
    if "/ID" not in pdf.trailer:
        sink.warn("no-id", "the trailer has no /ID")
    return {"pdfx_version": version or None, "output_condition": identifier or None}


def _check_boxes(page: pikepdf.Page, number: int, sink: _Sink) -> tuple[Box, Box]:
    """The TrimBox, which every glyph must lie within, and the BleedBox (the
    trim without one), which every image must: a photo may bleed, text not.
    Without a TrimBox both are the MediaBox."""
    media = _box(page.mediabox)
    trim = page.obj.get("/TrimBox")
    if trim is None:
        sink.error("no-trimbox", "the page has no TrimBox", number)
        return media, media
    trim = _box(trim)
    if not _inside(trim, media):
        sink.error("trimbox-outside", f"TrimBox {trim} is not inside MediaBox {media}", number)
    bleed = page.obj.get("/BleedBox")
    if bleed is not None:
        bleed = _box(bleed)
        if not (_inside(trim, bleed) and _inside(bleed, media)):
            sink.error("bleedbox", f"BleedBox {bleed} must hold the TrimBox and sit in the MediaBox",
                       number)
    return trim, bleed if bleed is not None else trim


# --- text ------------------------------------------------------------------------------

def _check_text(shown: str, expected: str, sink: _Sink) -> dict[str, Any]:
    """Compare the text the PDF shows (every string drawn, in drawing order,
    read through its font's ToUnicode map: what a viewer copies) with
    ``expected``, whitespace ignored."""
    got, want = _squeeze(shown), _squeeze(expected)
    if got == want:
        return {"matches": True, "chars": len(got)}
    at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y), min(len(got), len(want)))
    expected, extracted = want[max(0, at - 20):at + 20], got[max(0, at - 20):at + 20]
    sink.error("text-mismatch", f"extracted text differs from the source at character {at + 1}"
               f" (whitespace ignored): expected …{expected}… got …{extracted}…", None,
               index=at, expected=expected, got=extracted, expected_chars=len(want),
               got_chars=len(got))
    return {"matches": False, "chars": len(got), "expected_chars": len(want)}


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)
