"""The build report: copy-fit per article, normalisations, warnings, timings.

Layout editors read the copy-fit table to decide what to cut or enlarge;
proofreaders read the normalisations; tools read the JSON form.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..check.conventions import RULES, counts, summary
from ..compose.blocks import BodyLine
from ..compose.lines import stretch_stats
from ..page.display import Image
from ..page.shapes import BandPlan
from ..units import to_mm

if TYPE_CHECKING:
    from ..pipeline import Build


@dataclass(frozen=True)
class ArticleFit:
    """How one article fits its module (``module_columns`` ×
    ``module_lines``): ``lines_over`` lines of text found no room;
    ``lines_empty`` lines of the module were left empty; ``conventions``
    names the layout conventions it breaks, one entry per violation."""

    name: str
    chars: int
    body_lines: int
    module_lines: int
    photos: tuple[str, ...]
    lines_over: int
    lines_empty: int
    widows: int
    chars_per_line: float
    conventions: tuple[str, ...] = ()
    module_columns: int = 0

    @property
    def module(self) -> str:
        """'4 col × 47 lines'."""
        return f"{self.module_columns} col × {self.module_lines} lines"

    @property
    def chars_over(self) -> int:
        """Characters to cut (> 0) or to add (< 0) for the band to come out even."""
        return round((self.lines_over - self.lines_empty) * self.chars_per_line)

    @property
    def status(self) -> str:
        over, empty = _lines(self.lines_over), _lines(self.lines_empty)
        if self.lines_over and self.lines_empty:
            status = (f"{over} over ≈ {round(self.lines_over * self.chars_per_line)} characters "
                      f"to cut, and {empty} left empty where a subhead could not be kept with "
                      "its text — move a subhead, or cut a line more")
        elif self.lines_over:
            status = f"{over} over ≈ {self.chars_over} characters to cut"
        elif self.lines_empty:
            status = f"{empty} under ≈ {-self.chars_over} characters to add"
        else:
            status = "flush"
        if self.widows:
            alone = "line" if self.widows == 1 else "lines"
            status += (f" ({self.widows} paragraph {alone} alone at a column's head or foot — "
                       "a line more or less in a paragraph before it moves it)")
        if self.conventions:
            status += ", " + summary(self.conventions)
        return status


def page_status(fits: list[ArticleFit]) -> str:
    """The page as a whole, when it is not flush: what to cut or add in all,
    and whether moving copy between articles comes first."""
    over, under = sum(f.lines_over for f in fits), sum(f.lines_empty for f in fits)
    chars = sum(f.chars_over for f in fits)
    if over and under:
        return (f"{_lines(over)} over, {_lines(under)} under — move copy between articles "
                "before cutting or adding")
    if over:
        return f"{_lines(over)} over ≈ {chars} characters to cut"
    if under:
        return f"{_lines(under)} under ≈ {-chars} characters to add"
    return ""


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


def fits(build: "Build") -> list[ArticleFit]:
    """Each article's fit, with the conventions it breaks."""
    return [article_fit(band, tuple(v.rule for v in build.conventions
                                    if v.article == band.pieces.article.name))
            for band in build.plan.bands]


def article_fit(band: BandPlan, conventions: tuple[str, ...] = ()) -> ArticleFit:
    """The article as set in its module (走行 included); ``conventions`` the
    rules it breaks."""
    lines = [i.line for i in band.items or band.pieces.items if isinstance(i, BodyLine)]
    chars = sum(line.end - line.start for line in lines)
    photos = tuple(f"{p.rect.columns} col × {p.image_lines} lines" for p in band.photos)
    return ArticleFit(band.pieces.article.name, chars, len(lines), band.height, photos,
                      band.flow.overset, band.flow.underset, band.flow.widows,
                      chars / max(1, len(lines)), conventions, band.columns)


def warnings(build: Build) -> list[str]:
    """Everything a proofreader or the plant should know that is not an error."""
    out = []
    for band in build.plan.bands:
        placed = {id(p.piece) for p in band.photos}
        out += [f"{photo.photo.source or band.pieces.article.name}: photo not placed — no size "
                f"within the aspect tolerance fits the {band.height} lines the page leaves this "
                "article; crop it less tall, cut copy elsewhere on the page, or drop "
                "it" for photo in band.pieces.photos if id(photo) not in placed]
    for band in build.plan.bands:
        out += [f"{p.piece.photo.source or band.pieces.article.name}: caption: {w}"
                for p in band.photos for w in p.piece.notes.get(p.rect.columns, ())]
    for pieces in build.pieces:
        out += [f"{pieces.article.name}: {w}" for w in pieces.warnings]
        for photo in pieces.article.photos:
            if photo.file is None:
                out.append(f"{photo.source}: photo placeholder (no file yet) — not final")
    sources = {(p.file, p.caption): p.source for a in build.issue.articles for p in a.photos}
    for image in build.page.of_type(Image):
        prepared = build.photos.get(image.key)
        where = sources.get((image.path, image.label)) or image.path
        size = f"{to_mm(image.width):.0f} × {to_mm(image.height):.0f} mm"
        out += [f"{where}: {w} (placed at {size})" for w in (prepared.warnings if prepared else ())]
    out += [f"缺字 {char!r} (U+{ord(char):04X}) is not in {face}: set in {fallback} — check it on the proof"
            for char, face, fallback in build.substituted]
    return out


def text_report(build: Build, output: str) -> str:
    """The report printed after a build."""
    page_fits = fits(build)
    lines = [f"banmian: {build.issue.path} -> {output}",
             f"  page {build.layout.page.trim_mm[0]:g} × {build.layout.page.trim_mm[1]:g} mm, "
             f"{len(build.plan.bands)} article(s), {build.plan.tried} arrangements tried",
             "  copy-fit:"]
    for fit in page_fits:
        photos = f"photos {', '.join(fit.photos)}" if fit.photos else "no photos"
        lines.append(f"    {fit.name}: {fit.chars} characters, {fit.body_lines} body lines, "
                     f"module {fit.module}, {photos} — {fit.status}")
    if len(page_fits) > 1:
        lines += [f"    page in all: {status}" for status in [page_status(page_fits)] if status]
    lines += conventions_lines(build)
    if build.issue.changes:
        lines.append(f"  punctuation normalised ({len(build.issue.changes)}):")
        lines += [f"    {c.source}: {c.before} → {c.after}" for c in build.issue.changes]
    lines.append("  " + typography_line(build))
    notes = warnings(build)
    if notes:
        lines.append(f"  warnings ({len(notes)}):")
        lines += [f"    {w}" for w in notes]
    if build.preflight is not None:
        lines.append("  " + build.preflight.summary())
    lines.append("  timings: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in build.timings.items()))
    return "\n".join(lines)


def conventions_lines(build: "Build") -> list[str]:
    """The layout conventions the page breaks, one a line, or that it keeps them all."""
    if not build.conventions:
        return [f"  conventions: all {len(RULES)} kept"]
    return [f"  conventions broken ({len(build.conventions)}):",
            *(f"    {v}" for v in build.conventions)]


def body_lines(build: "Build") -> list:
    """The body lines as set on the page (走行 included)."""
    return [item.line for band in build.plan.bands for item in band.items if isinstance(item, BodyLine)]


def typography_line(build: Build) -> str:
    """The stretch distribution of the justified body lines (target ≤ 0.25 em)."""
    stats = stretch_stats(body_lines(build))
    if not stats.lines:
        return "typography: no justified body lines"
    bounds = [upper for upper, _ in stats.buckets]
    spread = ", ".join((f"≤{upper:g}" if math.isfinite(upper) else f">{bounds[i - 1]:g}") + f": {n}"
                       for i, (upper, n) in enumerate(stats.buckets) if n)
    return (f"typography: {stats.lines} justified body lines, {stats.stretched} stretched "
            f"(max {stats.max_em:.3f} em; {spread})")


def _finite(stats: dict) -> dict:
    """Strict JSON has no infinity: the open last bucket's bound becomes null."""
    stats["buckets"] = [[u if math.isfinite(u) else None, n] for u, n in stats["buckets"]]
    return stats


def json_report(build: Build, output: str) -> dict:
    return {
        "content": str(build.issue.path),
        "output": output,
        "flush": build.plan.flush,
        "articles": [dict(vars(f), status=f.status, chars_over=f.chars_over) for f in fits(build)],
        "conventions": [v.to_json() for v in build.conventions],
        "conventions_count": counts(build.conventions),
        "normalisations": [{"at": str(c.source), "before": c.before, "after": c.after}
                           for c in build.issue.changes],
        "warnings": warnings(build),
        "stretch": _finite(dataclasses.asdict(stretch_stats(body_lines(build)))),
        "timings_ms": {k: round(v * 1000, 1) for k, v in build.timings.items()},
    }
