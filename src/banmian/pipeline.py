"""The pipeline: load -> compose -> fit (flow inside) -> place -> render -> check.

``build`` reads as the stages in order; each stage is a module of its own and
they meet at plain data (content dataclasses, pieces, plans, the display list,
PDF bytes). Timings per stage are kept for the report and the benchmarks.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import check, pdfx
from .blocks import ArticlePieces, banner_stack, issue_pieces
from .cache import Cache
from .compose import TextRun, set_line
from .content import Issue, load_content
from .display import Image, Page
from .fit import MIN_SEGMENT_LINES, PagePlan, fit_page
from .fonts import FontBook
from .images import PreparedImage
from .layout import Layout, load_layout
from .place import place
from .render import render_open
from .units import mm
from .yamlsource import LoadError, Problem, parse


@dataclass
class Build:
    """Everything one build made, for the report, the proof and the tests."""

    issue: Issue
    layout: Layout
    pieces: list[ArticlePieces]
    plan: PagePlan
    page: Page
    photos: dict[str, PreparedImage]
    pdf: bytes
    preflight: check.Report | None
    timings: dict[str, float] = field(default_factory=dict)
    substituted: tuple[tuple[str, str, str], ...] = ()
    """(character, face, fallback face) for each character set in a fallback face."""


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[stage] = time.perf_counter() - start


def build(content_path: str | Path, normalize: bool | None = None, preflight: bool = True,
          cache: Path | None = None) -> Build:
    """Build one page from a content file; raises LoadError or MissingGlyph
    on bad input, never writes a file (the CLI does, atomically) except
    into ``cache`` (prepared photos, the compressed profile, image ink
    readings) when one is given."""
    t: dict[str, float] = {}
    store = Cache(cache)
    memo = store.memo if cache else None
    with _timed(t, "load"):
        issue = load_content(content_path, normalize=normalize)
        layout = load_layout(issue.layout)
        _require_profile(issue, layout)
        fonts = FontBook(layout.fonts, layout.fallback_fonts)
    with _timed(t, "compose"):
        pieces = issue_pieces(issue, layout, fonts, memo)
        banner = banner_stack(issue.banner, layout, fonts) if issue.banner else None
        credits = set_line([TextRun(issue.credits, "credits")], layout, fonts) if issue.credits else None
    with _timed(t, "fit"):
        _require_room(issue, layout, banner.lines if banner else 0)
        plan = fit_page(pieces, layout, banner.lines if banner else 0)
    with _timed(t, "place"):
        page = place(plan, banner, credits, layout)
    with _timed(t, "photos"):
        photos = prepare_photos(page, layout, store)
    with _timed(t, "render"):
        drawn, digest = render_open(page, fonts, photos, issue.name, memo)
        with drawn:
            pdf = pdfx.finish_open(drawn, pdfx_settings(issue, layout, page), digest, memo)
    report = None
    if preflight:
        with _timed(t, "check"):
            report = check.preflight_bytes(pdf, page.text, check_settings(layout), memo=memo)
    return Build(issue, layout, pieces, plan, page, photos, pdf, report, t, tuple(sorted(fonts.substituted)))


def _require_profile(issue: Issue, layout: Layout) -> None:
    """Photos are converted with the plant's profile: a page with photo files
    needs a layout that names one."""
    if not layout.print.icc and any(p.file for a in issue.articles for p in a.photos):
        raise LoadError([f"{issue.layout}:1:1: the layout names no output profile (print.icc) but "
                         f"{issue.path} has photos — set `print.icc` to the plant's CMYK profile, "
                         "e.g. ../icc/ISOnewspaper_v4_26_bas.icc"])


def _require_room(issue: Issue, layout: Layout, banner_lines: int) -> None:
    """Every article gets a band of a few lines at least, under the banner
    and above the credits, with a rule between bands."""
    arr, count = layout.arrangement, len(issue.articles)
    need = (banner_lines + arr.credits_lines + count * MIN_SEGMENT_LINES
            + (count - 1) * arr.rule_lines)
    if need > layout.grid.lines:
        raise parse(issue.path).error([Problem(
            ("articles",), f"{count} article(s) need at least {need} lines (a band of "
            f"{MIN_SEGMENT_LINES} each, the banner, rules and credits) but the layout's grid has "
            f"{layout.grid.lines}", "put fewer articles on this page, or use a layout with more lines")])


def prepare_photos(page: Page, layout: Layout, cache: Cache) -> dict[str, PreparedImage]:
    """Each photo converted for newsprint at the size it is placed (keyed by
    ``Image.key``). Photos
    are independent and Pillow's decoding, resampling and colour transforms
    release the GIL, so they are prepared on all cores at once."""
    icc, limits = Path(layout.print.icc), (layout.print.max_ink, layout.print.min_ppi)
    images = [image for image in page.of_type(Image) if image.path]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        prepared = pool.map(lambda im: cache.photo(im.path, im.width, im.height, icc, *limits), images)
        return {image.key: result for image, result in zip(images, prepared)}


def pdfx_settings(issue: Issue, layout: Layout, page: Page) -> pdfx.PdfxSettings:
    p = layout.print
    return pdfx.PdfxSettings(
        version=p.pdfx, output_condition=p.output_condition,
        output_condition_identifier=p.output_condition_identifier,
        registry_name=p.registry, icc_path=Path(p.icc) if p.icc else None,
        title=issue.name, document_id=issue.name + page.text,
        bleed_pt=mm(layout.page.bleed_mm), media_margin_pt=layout.media_margin,
    )


def check_settings(layout: Layout) -> check.CheckSettings:
    return check.CheckSettings(max_ink=layout.print.max_ink, min_ppi=layout.print.min_ppi)
