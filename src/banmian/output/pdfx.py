"""PDF/X finishing: the declarations a plant's preflight looks for.

ReportLab has no OutputIntent API, so the rendered PDF is finished here with
pikepdf: output intent, PDF/X keys in Info and XMP, page boxes, the header
version the standard requires, and a byte-identical save (fixed dates, an
ID derived from the content), so two builds of the same page can be compared.
"""
from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pikepdf
from pikepdf import Array, Dictionary, Name, String

if TYPE_CHECKING:
    from ..memo import Memo

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Flavour:
    """What one PDF/X version writes: header, Info keys and XMP properties."""

    header: str
    info_version: str
    conformance: str | None


FLAVOURS = {
    "PDF/X-1a:2001": _Flavour("1.3", "PDF/X-1:2001", "PDF/X-1a:2001"),
    "PDF/X-1a:2003": _Flavour("1.4", "PDF/X-1a:2003", "PDF/X-1a:2003"),
    "PDF/X-4": _Flavour("1.6", "PDF/X-4", None),
}


@dataclass(frozen=True)
class PdfxSettings:
    """How to finish a PDF for the plant.

    ``trim_box`` and ``bleed_box`` apply to every page, in pt; by default the
    MediaBox is the trim (pages are drawn at trim size) and ``bleed_pt`` > 0
    grows the MediaBox and BleedBox around it. ``date`` (ISO 8601) and
    ``document_id`` are inputs, never the clock, so the output is reproducible;
    ``document_id`` names the document across revisions (the first /ID entry).
    """

    version: str = "PDF/X-1a:2001"
    output_condition: str = "ISO 12647-3:2004 coldset offset on newsprint, IFRA26"
    output_condition_identifier: str = "IFRA26"
    registry_name: str = "http://www.color.org"
    icc_path: Path | None = None
    title: str = ""
    trim_box: Box | None = None
    bleed_box: Box | None = None
    bleed_pt: float = 0.0
    media_margin_pt: float = 0.0
    date: str = "2023-01-01T00:00:00Z"
    document_id: str = ""
    producer: str = "banmian"
    trapped: bool = False

    def __post_init__(self) -> None:
        if self.version not in FLAVOURS:
            raise ValueError(f"unknown PDF/X version {self.version!r}; one of {sorted(FLAVOURS)}")


def finish(pdf_in: bytes, settings: PdfxSettings) -> bytes:
    """Return ``pdf_in`` as a PDF/X file declared per ``settings`` (same input → same bytes)."""
    with pikepdf.open(io.BytesIO(pdf_in)) as pdf:
        return finish_open(pdf, settings, hashlib.md5(pdf_in).digest())


def finish_open(pdf: pikepdf.Pdf, settings: PdfxSettings, digest: bytes,
                memo: Memo | None = None) -> bytes:
    """``finish`` on an open PDF, which it changes and saves (but does not close).

    ``digest`` (16 bytes) identifies what the PDF was made from: it is the
    XMP InstanceID, and the first /ID entry when ``settings`` has no
    ``document_id``, so the same input gives the same bytes. ``memo`` keeps
    the compressed output profile between builds (compressing a 1 MB
    newsprint profile is a large part of a save)."""
    flavour = FLAVOURS[settings.version]
    when = _parse_date(settings.date)
    _unwrap_ascii_jpegs(pdf)
    for page in pdf.pages:
        _set_boxes(page, settings)
    pdf.Root.OutputIntents = Array([_output_intent(pdf, settings, memo)])
    pdf.trailer.Info = pdf.make_indirect(_info(settings, flavour, when))
    first_id = (hashlib.md5(settings.document_id.encode()).digest() if settings.document_id
                else digest)
    pdf.trailer.ID = Array([String(first_id), String(first_id)])
    xmp = _xmp(settings, flavour, when, document=first_id, instance=digest)
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, force_version=flavour.header,
             object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=True,
             fix_metadata_version=False)
    return out.getvalue()


def _parse_date(text: str) -> datetime:
    """An ISO 8601 date; a date without a zone is taken as UTC."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _pdf_date(when: datetime) -> str:
    """PDF date string, D:YYYYMMDDHHmmSS+HH'mm' (PDF 1.7 §7.9.4)."""
    minutes = int(when.utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return when.strftime("D:%Y%m%d%H%M%S") + f"{sign}{hours:02d}'{mins:02d}'"


def _unwrap_ascii_jpegs(pdf: pikepdf.Pdf) -> None:
    """Store JPEGs as bare /DCTDecode: ReportLab wraps them in ASCII85 (+25 % size),
    and some preflight tools cannot look inside a filter chain."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != Name.Image:
            continue
        filters = obj.get("/Filter")
        if not isinstance(filters, Array) or len(filters) < 2 or filters[-1] != Name.DCTDecode:
            continue
        outer = pikepdf.Stream(pdf, obj.read_raw_bytes())
        outer.Filter = Array(filters[:-1])
        jpeg = outer.read_bytes()
        parms = obj.get("/DecodeParms")
        last = parms[-1] if isinstance(parms, Array) else None
        obj.write(jpeg, filter=Name.DCTDecode, decode_parms=last if last else None)


def _set_boxes(page: pikepdf.Page, settings: PdfxSettings) -> None:
    """TrimBox (the settings', else the page's own, else its MediaBox) and BleedBox on
    the page; the MediaBox grows only to hold a bleed and ``media_margin_pt``
    (room for crop marks)."""
    media = _box(page.mediabox)
    trim = settings.trim_box or (_box(page.obj.TrimBox) if "/TrimBox" in page.obj else media)
    bleed = settings.bleed_box or _grow(trim, settings.bleed_pt)
    if settings.bleed_pt > 0:
        media = _union(media, bleed)
    if settings.media_margin_pt > 0:
        media = _union(media, _grow(trim, settings.media_margin_pt))
    if not (_inside(trim, bleed) and _inside(bleed, media)):
        raise ValueError(f"page boxes do not nest: trim {trim}, bleed {bleed}, media {media}")
    page.obj.MediaBox = Array(media)
    page.obj.BleedBox = Array(bleed)
    page.obj.TrimBox = Array(trim)
    if "/CropBox" in page.obj:
        page.obj.CropBox = Array(media)


def _box(array: Array) -> Box:
    x1, y1, x2, y2 = (float(v) for v in array)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _grow(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _inside(inner: Box, outer: Box, tolerance: float = 1e-6) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _output_intent(pdf: pikepdf.Pdf, settings: PdfxSettings, memo: Memo | None) -> Dictionary:
    intent = Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFX,
        OutputCondition=String(settings.output_condition),
        OutputConditionIdentifier=String(settings.output_condition_identifier),
        RegistryName=String(settings.registry_name),
        Info=String(settings.output_condition),
    )
    if settings.icc_path:
        profile = Path(settings.icc_path).read_bytes()
        components = _profile_components(profile)
        deflated = (memo(PROFILE_KIND, profile, lambda: deflate_profile(profile), _deflated_of(profile))
                    if memo else deflate_profile(profile))
        intent.DestOutputProfile = pdf.make_stream(deflated, Filter=Name.FlateDecode, N=components)
    return pdf.make_indirect(intent)


PROFILE_KIND = "icc-flate"
"""The memo kind of the compressed output profile (a build may start it early)."""


def deflate_profile(profile: bytes) -> bytes:
    """The output profile as the PDF carries it, Flate-compressed."""
    return zlib.compress(profile)


def _deflated_of(profile: bytes) -> Callable[[bytes], bytes]:
    """A memo ``load`` that takes only a compression of ``profile`` itself."""
    def load(deflated: bytes) -> bytes:
        if zlib.decompress(deflated) != profile:
            raise ValueError("not this profile")
        return deflated
    return load


def _profile_components(profile: bytes) -> int:
    """Colour components of an output profile; PDF/X needs a printer ('prtr') profile."""
    device_class, space = profile[12:16], profile[16:20]
    components = {b"CMYK": 4, b"GRAY": 1, b"RGB ": 3}.get(space)
    if device_class != b"prtr" or components is None:
        raise ValueError(f"not an output profile: class {device_class!r}, space {space!r}")
    return components


def _info(settings: PdfxSettings, flavour: _Flavour, when: datetime) -> Dictionary:
    date = String(_pdf_date(when))
    info = Dictionary(
        Title=String(settings.title), Producer=String(settings.producer),
        Creator=String(settings.producer), CreationDate=date, ModDate=date,
        Trapped=Name("/True") if settings.trapped else Name("/False"),
        GTS_PDFXVersion=String(flavour.info_version),
    )
    if flavour.conformance:
        info.GTS_PDFXConformance = String(flavour.conformance)
    return info


def _xmp(settings: PdfxSettings, flavour: _Flavour, when: datetime,
         document: bytes, instance: bytes) -> bytes:
    """An XMP packet stating what Info states (ISO 15930 asks them to agree)."""
    date = when.isoformat()
    pdfx = f"<pdfxid:GTS_PDFXVersion>{flavour.info_version}</pdfxid:GTS_PDFXVersion>"
    if flavour.conformance:
        pdfx += (f"\n   <pdfx:GTS_PDFXVersion>{flavour.info_version}</pdfx:GTS_PDFXVersion>"
                 f"\n   <pdfx:GTS_PDFXConformance>{flavour.conformance}</pdfx:GTS_PDFXConformance>")
    tool = _escape(settings.producer)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_escape(settings.title)}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{tool}</xmp:CreatorTool>
   <pdf:Producer>{tool}</pdf:Producer>
   <pdf:Trapped>{"True" if settings.trapped else "False"}</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{_uuid(document)}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{_uuid(instance)}</xmpMM:InstanceID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   {pdfx}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _escape(text: str) -> str:
    """Text as XML character data (the XMP packet is written by hand)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _uuid(digest: bytes) -> str:
    """16 bytes in the 8-4-4-4-12 form of a UUID, as XMP ids are written."""
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"
