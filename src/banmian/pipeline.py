"""The pipeline: load -> compose -> fit (flow inside) -> place -> conventions
-> render -> check.

``build`` reads as the stages in order; each stage is a module of its own and
they meet at plain data (content dataclasses, pieces, plans, the display list,
PDF bytes). Timings per stage are kept for the report and the benchmarks.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import Cache
from .check.conventions import Settings as ConventionSettings
from .check.conventions import Violation, check_conventions
from .check.preflight import CheckSettings, Report, preflight_bytes
from .compose.blocks import ArticlePieces, Stack, furniture, issue_pieces
from .compose.fonts import FontBook
from .compose.lines import Line
from .load.content import Article, Issue, load_content, where
from .load.layout import Layout, NotALayout, load_layout
from .load.yamlsource import Key, LoadError, Problem, parse
from .output import pdfx
from .output.images import PreparedImage
from .output.pdffonts import FontSubset
from .output.render import cut_fonts, render_open
from .page.display import Page
from .page.fit import PagePlan, fit_page
from .page.pack import MIN_MODULE_LINES
from .page.place import place, text_off_page
from .photos import prepare_photos, start_early
from .units import mm


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
    preflight: Report | None
    timings: dict[str, float] = field(default_factory=dict)
    substituted: tuple[tuple[str, str, str], ...] = ()
    """(character, face, fallback face) for each character set in a fallback face."""
    conventions: tuple[Violation, ...] = ()
    """The layout conventions the placed page breaks (DESIGN.md §7)."""
    off_page: tuple[str, ...] = ()
    """Text lying off the page (see ``text_off_page``): never written."""


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
        layout = _layout(issue)
        _require_profile(issue, layout)
        fonts = FontBook(layout.fonts, layout.fallback_fonts)
        early = start_early(issue, layout, store)
    with _timed(t, "compose"):
        pieces = issue_pieces(issue, layout, fonts, memo)
        banner, credits = furniture(issue, layout, fonts)
        _require_room(issue, layout, pieces, banner, credits)
    with _timed(t, "fit"):
        plan = fit_page(pieces, layout, banner.lines if banner else 0)
    with _timed(t, "place"):
        page = place(plan, banner, credits, layout)
        off_page = text_off_page(page)
    with _timed(t, "conventions"):
        broken = check_conventions(page, ConventionSettings.of(layout))
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
            report = preflight_bytes(pdf, page.text, check_settings(layout), memo=memo)
    return Build(issue, layout, pieces, plan, page, photos, pdf, report, t,
                 tuple(sorted(fonts.substituted)), tuple(broken), off_page)


def _require_room(issue: Issue, layout: Layout, pieces: list[ArticlePieces],
                  banner: Stack | None, credits: Line | None) -> None:
    """Display lines are set on one line each: one wider than the type area,
    or a headline block taller than the page, is refused at its text."""
    grid = layout.grid
    rows = [(("banner", _BANNER_KEYS[row.role]), row.line) for row in banner.rows] if banner else []
    rows += [(("credits",), credits)] if credits else []
    for number, piece in enumerate(pieces):
        rows += list(zip(_headline_keys(piece.article, ("articles", number)),
                         (row.line for row in piece.headline.rows)))
    problems = [Problem(keys, f"this line is {line.width:.0f} pt wide and the type area "
                        f"{grid.width:.0f} pt: it would run off the page",
                        "shorten it (it is set on one line), or set its style smaller")
                for keys, line in rows if line.width > grid.width + 0.01]
    arr = layout.arrangement
    room = grid.lines - (banner.lines if banner else 0) - arr.credits_lines
    problems += [Problem(("articles", number, "title"),
                         f"the headline block needs {piece.headline.lines} body lines and the page "
                         f"has {room} for articles: it would run off the page",
                         "write fewer or shorter title lines")
                 for number, piece in enumerate(pieces) if piece.headline.lines > room]
    need = sum(max(MIN_MODULE_LINES, p.headline.lines) for p in pieces) + arr.rule_lines * (len(pieces) - 1)
    if need > room and not problems:
        problems.append(Problem(("articles",), f"{len(pieces)} articles need at least {need} lines "
                                f"for their headlines and the rules between them, and the page has {room}",
                                "move some articles to another page"))
    if problems:
        raise parse(issue.path).error(problems)


_BANNER_KEYS = {"banner": "main", "banner-series": "series", "banner-slogan": "slogan"}


def _headline_keys(article: Article, keys: tuple[Key, ...]) -> list[tuple[Key, ...]]:
    """The key of each headline row's text, in the stack's order."""
    found = [(*keys, "kicker")] if article.kicker else []
    found += [(*keys, "title", n) for n in range(len(article.title))]
    found += [(*keys, key) for key in ("subtitle", "byline") if getattr(article, key)]
    return found


def _layout(issue: Issue) -> Layout:
    """The layout the content names; a file that is no layout is reported at
    the content's ``layout:``, naming only the file."""
    try:
        return load_layout(issue.layout)
    except NotALayout as err:
        raise NotALayout(err.path, where(issue.path, ("layout",))) from None


def _require_profile(issue: Issue, layout: Layout) -> None:
    """Photos are converted with the plant's profile: a page with photo files
    needs a layout that names one."""
    if not layout.print.icc and any(p.file for a in issue.articles for p in a.photos):
        raise LoadError([f"{issue.layout}:1:1: the layout names no output profile (print.icc) but "
                         f"{issue.path} has photos — set `print.icc` to the plant's CMYK profile, "
                         "e.g. ../icc/ISOnewspaper_v4_26_bas.icc"])


def pdfx_settings(issue: Issue, layout: Layout, page: Page) -> pdfx.PdfxSettings:
    p = layout.print
    return pdfx.PdfxSettings(
        version=p.pdfx, output_condition=p.output_condition,
        output_condition_identifier=p.output_condition_identifier,
        registry_name=p.registry, icc_path=Path(p.icc) if p.icc else None,
        title=issue.name, document_id=issue.name + page.text,
        bleed_pt=mm(layout.page.bleed_mm), media_margin_pt=layout.media_margin,
    )


def check_settings(layout: Layout) -> CheckSettings:
    return CheckSettings(max_ink=layout.print.max_ink, min_ppi=layout.print.min_ppi)
