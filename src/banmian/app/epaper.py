"""E-paper: the page as an image with a clickable region per article that
opens the article as text, for readers on screens.

Everything comes from one ``Build``: the image is the PDF rasterised, the
regions are the articles' band blocks from the display list, the text is the
content as set (punctuation normalised). The page is self-contained — inline
CSS, a few lines of inline JS, no fonts, scripts or requests from elsewhere —
and the same build gives the same bytes. A panel opens through the URL
fragment (``index.html#article-2``), so links into an article work, and
clicking works even with scripts off.
"""
from __future__ import annotations

import io
from html import escape
from typing import TYPE_CHECKING

from ..load.content import Article, Head
from ..page.display import Block
from .proof import page_png

if TYPE_CHECKING:
    from ..pipeline import Build

DPI = 100.0
"""Resolution of the page image: sharp enough to read headlines on a screen."""

IMAGE = "page.png"

_CSS = """\
body{margin:0;background:#e9e7e2;color:#111;font-family:"Noto Serif CJK SC","Source Han Serif SC",\
"Songti SC",serif}
.page{position:relative;margin:0 auto}
.page img{display:block;width:100%;height:auto}
.region{position:absolute;display:block;outline:2px solid transparent;outline-offset:-2px}
.region:hover,.region:focus{background:rgba(200,20,40,.07);outline-color:rgba(200,20,40,.55)}
.panel{display:none;position:fixed;top:0;right:0;bottom:0;box-sizing:border-box;width:min(38em,100%);\
overflow:auto;padding:1.2em 2em 3em;background:#fff;box-shadow:0 0 2em rgba(0,0,0,.35);line-height:1.9}
.panel:target{display:block}
.close{float:right;font-size:1.6em;line-height:1;text-decoration:none;color:#555}
.kicker{margin:0;font-weight:bold;color:#b4141e}
h2{margin:.2em 0;font-size:1.7em;line-height:1.35}
h2 span{display:block}
.subtitle{margin:.2em 0;font-weight:bold}
.byline{margin:.2em 0 1em;color:#444}
h3{margin:1.4em 0 .4em;font-size:1.1em}
h3 span{display:block}
p{margin:.4em 0;text-indent:2em}
.kicker,.subtitle,.byline,.caption{text-indent:0}
.caption{font-size:.9em;color:#444;border-left:3px solid #ccc;padding-left:.6em}
"""

_JS = """\
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && location.hash) { location.hash = ""; }
});
"""


def epaper_files(build: Build, dpi: float = DPI) -> dict[str, bytes]:
    """The e-paper's files by name: ``index.html`` and the page image."""
    image = page_png(build.pdf, dpi)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return {"index.html": page_html(build, image.size).encode("utf-8"), IMAGE: buffer.getvalue()}


def page_html(build: Build, size: tuple[int, int]) -> str:
    """The HTML page for an image of ``size`` pixels of the whole page."""
    regions = article_regions(build)
    scale = (size[0] / build.page.width, size[1] / build.page.height)
    title = escape(build.issue.banner.main if build.issue.banner else build.issue.name)
    parts = [
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(build.issue.name)}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n"
        f'<main class="page" style="max-width:{size[0]}px">\n'
        f'<img src="{IMAGE}" width="{size[0]}" height="{size[1]}" alt="{title}">\n']
    parts += [_region(number, article, box, scale, size)
              for number, (article, box) in enumerate(regions, 1)]
    parts.append("</main>\n")
    parts += [_panel(number, article) for number, (article, _) in enumerate(regions, 1)]
    parts.append(f"<script>\n{_JS}</script>\n</body>\n</html>\n")
    return "".join(parts)


Box = tuple[float, float, float, float]


def article_regions(build: Build) -> list[tuple[Article, Box]]:
    """Each article with the union of its band blocks (x0, y0, x1, y1 in pt),
    in page order. Band blocks are placed in the plan's band order, so each is
    matched to its band there rather than by name (two kickers may be equal)."""
    bands = [b for b in build.page.of_type(Block) if b.kind == "band"]
    boxes: dict[int, tuple[Article, Box]] = {}
    for block, band in zip(bands, build.plan.bands, strict=True):
        article = band.pieces.article
        box = (block.x, block.y, block.x + block.width, block.y + block.height)
        if id(article) in boxes:
            old = boxes[id(article)][1]
            box = (min(old[0], box[0]), min(old[1], box[1]), max(old[2], box[2]), max(old[3], box[3]))
        boxes[id(article)] = (article, box)
    return list(boxes.values())


def _region(number: int, article: Article, box: Box, scale: tuple[float, float],
            size: tuple[int, int]) -> str:
    """A link over the article's pixels, positioned in percent of the image
    so it stays on its article at any displayed size."""
    x0, y0, x1, y1 = box[0] * scale[0], box[1] * scale[1], box[2] * scale[0], box[3] * scale[1]
    left, top = 100 * x0 / size[0], 100 * y0 / size[1]
    width, height = 100 * (x1 - x0) / size[0], 100 * (y1 - y0) / size[1]
    label = escape(" ".join([article.kicker, *article.title]).strip())
    return (f'<a class="region" href="#article-{number}" data-pixels="{x0:.0f},{y0:.0f},{x1:.0f},{y1:.0f}" '
            f'style="left:{left:.4f}%;top:{top:.4f}%;width:{width:.4f}%;height:{height:.4f}%" '
            f'title="{label}" aria-label="{label}"></a>\n')


def _panel(number: int, article: Article) -> str:
    """The article as text: heads, body with subheads and lead phrases, captions."""
    ident = f"article-{number}"
    lines = [f'<section class="panel" id="{ident}" role="dialog" aria-labelledby="{ident}-title">',
             '<a class="close" href="#" aria-label="关闭">×</a>']
    if article.kicker:
        lines.append(f'<p class="kicker">{escape(article.kicker)}</p>')
    lines.append(f'<h2 id="{ident}-title">{_spans(article.title)}</h2>')
    if article.subtitle:
        lines.append(f'<p class="subtitle">{escape(article.subtitle)}</p>')
    if article.byline:
        lines.append(f'<p class="byline">{escape(article.byline)}</p>')
    for block in article.body:
        if isinstance(block, Head):
            lines.append(f"<h3>{_spans(block.phrases)}</h3>")
        else:
            lead = f"<strong>{escape(block.lead)}</strong>" if block.lead else ""
            lines.append(f"<p>{lead}{escape(block.text)}</p>")
    lines += [f'<p class="caption">{escape(photo.caption)}</p>' for photo in article.photos]
    lines.append("</section>\n")
    return "\n".join(lines)


def _spans(parts: tuple[str, ...]) -> str:
    """Lines of a title or subhead, one span each (set as blocks by the CSS)."""
    return "".join(f"<span>{escape(part)}</span>" for part in parts)
