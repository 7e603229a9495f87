"""The pipeline: load -> compose -> fit (flow inside) -> place -> render -> check.

``build`` reads as the stages in order; each stage is a module of its own and
they meet at plain data (content dataclasses, pieces, plans, the display list,
PDF bytes). Timings per stage are kept for the report and the benchmarks.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import check, pdfx
from .blocks import ArticlePieces, banner_stack, issue_pieces
from .cache import PHOTO_SEEN, Cache
from .compose import TextRun, set_line
from .content import Issue, load_content
from .display import Image, Page
from .fit import PagePlan, fit_page
from .fonts import FontBook
from .images import PhotoError, PreparedImage, Whole, convert_whole
from .layout import Layout, load_layout
from .place import place
from .pdffonts import FontSubset
from .render import cut_fonts, render_open
from .units import mm
from .yamlsource import LoadError


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
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return _build(content_path, normalize, preflight, Cache(cache, pool))


def _build(content_path: str | Path, normalize: bool | None, preflight: bool, store: Cache) -> Build:
    """``build`` with the cache (and its pool) to use: work that needs no
    layout decision — the output profile's compression, the colour
    conversion of photos not seen before — starts on the pool right after
    loading and overlaps composing and fitting."""
    t: dict[str, float] = {}
    memo = store.memo if store.folder else None
    with _timed(t, "load"):
        issue = load_content(content_path, normalize=normalize)
        layout = load_layout(issue.layout)
        _require_profile(issue, layout)
        fonts = FontBook(layout.fonts, layout.fallback_fonts)
        early = _start_early(issue, layout, store)
    with _timed(t, "compose"):
        pieces = issue_pieces(issue, layout, fonts, memo)
        banner = banner_stack(issue.banner, layout, fonts) if issue.banner else None
        credits = set_line([TextRun(issue.credits, "credits")], layout, fonts) if issue.credits else None
    with _timed(t, "fit"):
        plan = fit_page(pieces, layout, banner.lines if banner else 0)
    with _timed(t, "place"):
        page = place(plan, banner, credits, layout)
    with _timed(t, "photos"):  # and, while the pool prepares them, the font subsets
        subsets: dict[str, FontSubset] = {}
        photos = prepare_photos(page, issue, layout, store, early,
                                meanwhile=lambda: subsets.update(cut_fonts(page, fonts, memo)))
    with _timed(t, "render"):
        drawn, digest = render_open(page, fonts, photos, issue.name, memo, subsets)
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


class _Early:
    """Photos converted whole before their frames are known, one after
    another on one worker of the pool (the build's own thread keeps the other
    core). A photo not yet started when its frame is known is left to its
    preparation, which converts it at the placed size on whichever core is
    free."""

    def __init__(self, files: list[Path], icc: Path, pool: Executor) -> None:
        self.icc, self.lock = icc, threading.Lock()
        self.waiting = list(files)
        self.made: dict[Path, Future[Whole | None]] = {path: Future() for path in files}
        pool.submit(self._convert_all)

    def _convert_all(self) -> None:
        while True:
            with self.lock:
                if not self.waiting:
                    return
                path = self.waiting.pop(0)
            try:
                self.made[path].set_result(convert_whole(path, self.icc))
            except BaseException as exc:
                self.made[path].set_exception(exc)

    def whole(self, path: Path) -> Whole | None:
        """The photo converted whole, waiting for it if it is under way; None
        if it was never started, is not a file this converts, or was handed
        out before (it is let go once taken: whole photos are large)."""
        with self.lock:
            if path in self.waiting:
                self.waiting.remove(path)
                return None
            made = self.made.pop(path, None)
        return made.result() if made else None


def _start_early(issue: Issue, layout: Layout, store: Cache) -> _Early | None:
    """Start what needs no layout decision on the cache's pool: compressing
    the output profile, and converting whole each photo file the cache has
    not seen before (a rebuild's photos are in the cache already)."""
    if store.pool is None or store.folder is None or not layout.print.icc:
        return None
    icc = Path(layout.print.icc)
    profile = icc.read_bytes()
    store.prefetch(pdfx.PROFILE_KIND, profile, lambda: pdfx.deflate_profile(profile))
    limits = (layout.print.max_ink, layout.print.min_ppi)
    files = [path for path in dict.fromkeys(p.file for a in issue.articles for p in a.photos if p.file)
             if not store.has(PHOTO_SEEN, store.source_key(path, icc, *limits))]
    return _Early(files, icc, store.pool) if files else None


def prepare_photos(page: Page, issue: Issue, layout: Layout, cache: Cache,
                   early: _Early | None = None,
                   meanwhile: Callable[[], object] = lambda: None) -> dict[str, PreparedImage]:
    """Each photo converted for newsprint at the size it is placed (keyed by
    ``Image.key``), from its ``early`` whole conversion when there is one.
    Photos are independent and Pillow's decoding, resampling and colour
    transforms release the GIL, so they are prepared on all cores at once
    (last first: those are the ones the early conversion is least likely to
    have started), and this thread does ``meanwhile()`` while they are. A
    photo that cannot be decoded is a LoadError at its entry in the content
    file."""
    icc, limits = Path(layout.print.icc), (layout.print.max_ink, layout.print.min_ppi)
    images = [image for image in page.of_type(Image) if image.path]

    def prepared(image: Image) -> PreparedImage | str:
        whole = early.whole(image.path) if early else None
        try:
            return cache.photo(image.path, image.width, image.height, icc, *limits, whole)
        except PhotoError as err:
            return f"{_photo_place(issue, image.path)}: {err} — replace the file with a whole copy"

    shared = nullcontext(cache.pool) if cache.pool else ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    with shared as pool:
        pending = {image.key: pool.submit(prepared, image) for image in reversed(images)}
        meanwhile()
        results = {image.key: pending[image.key].result() for image in images}
    problems = sorted({r for r in results.values() if isinstance(r, str)})
    if problems:
        raise LoadError(problems)
    return results  # type: ignore[return-value]


def _photo_place(issue: Issue, path: Path) -> str:
    """Where the content file names the photo: its entry's line, else the file."""
    for article in issue.articles:
        for photo in article.photos:
            if photo.file == path and photo.source:
                return str(photo.source)
    return str(issue.path)


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
