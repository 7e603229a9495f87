"""LOAD: a content file (one page of a series) as frozen dataclasses.

A content file says *what* is on the page — banner, articles with their heads,
body, photos and captions, credits — never where it goes. Strings are stored
after punctuation normalisation; every change made is listed in
``Issue.changes`` so the build report can show it to the proofreader.

Nothing is set that would print nothing. Text that is empty or blank (only
spaces, full-width ones too, line breaks or invisible format characters such
as U+200B) is refused where text must be — a paragraph, a caption, a title
line, a subhead phrase, the banner's main line — and so is a lead phrase
with no text after it, and an empty list of articles, title lines, subhead
phrases or body paragraphs. An optional text — ``name``, ``kicker``,
``subtitle``, ``byline``, a paragraph's ``lead``, the banner's ``series``
and ``slogan``, ``credits`` — written ``''`` is the same as leaving its key
out; blank space alone there is refused too. Each refusal is a located
problem (``file:line:column: what — fix``), reported with the file's others.

Text may be written over several lines, every way YAML allows: a line break
joins its lines, and a blank line starts a new body paragraph (see "line
feeds" below). Beyond the engine's bounds — MAX_CHARACTERS in one text,
MAX_PHOTOS in one article — input is refused, so every build stays quick.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PIL import Image
from yaml.nodes import ScalarNode

from .normalize import is_chinese, normalize_punctuation
from .typed import Check, Shape, TextHook, read
from .yamlsource import Document, LoadError, Problem, child, is_file, parse


@dataclass(frozen=True)
class Source:
    """Where a value came from, for messages: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Change:
    """One punctuation normalisation: ``before`` became ``after`` at ``source``."""

    source: Source
    before: str
    after: str


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``lead`` is its run-in bold lead phrase ('' for none),
    set before the ``text``, which a paragraph always has."""

    text: str
    lead: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class Head:
    """A section subhead 小标题: one or two phrases, set on their own lines."""

    phrases: tuple[str, ...]
    source: Source | None = None


Block = Paragraph | Head


@dataclass(frozen=True)
class Photo:
    """A photo slot. ``file`` None is a placeholder: drawn marked, never final.

    ``aspect`` (width / height) is read from the image; a placeholder uses the
    value given in the content file.
    """

    caption: str
    file: Path | None = None
    aspect: float = 1.5
    source: Source | None = None


@dataclass(frozen=True)
class Article:
    """One article band: headline block, body blocks in reading order, photos."""

    title: tuple[str, ...]
    body: tuple[Block, ...]
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    photos: tuple[Photo, ...] = ()
    source: Source | None = None

    @property
    def name(self) -> str:
        """What the copy-fit report calls the article: its kicker or first title line."""
        return self.kicker or self.title[0]


@dataclass(frozen=True)
class Banner:
    """The series banner across the top: main line, dash-led series line, slogan."""

    main: str
    series: str = ""
    slogan: str = ""


@dataclass(frozen=True)
class Issue:
    """One page's content, validated, with the layout file it asks for."""

    name: str
    path: Path
    layout: Path
    articles: tuple[Article, ...]
    banner: Banner | None = None
    credits: str = ""
    changes: tuple[Change, ...] = field(default=())


@dataclass(frozen=True)
class ContentFile:
    """The content file as written; ``load_content`` makes it an ``Issue``.

    ``name`` empty means the file's stem; ``normalize_punctuation`` false keeps
    the text's punctuation exactly as typed; ``photos_outside`` true lets
    photo files lie outside this file's folder (refused otherwise, so a
    content file cannot reach into the rest of the disk unnoticed).
    """

    layout: Path
    articles: tuple[Article, ...]
    name: str = ""
    banner: Banner | None = None
    credits: str = ""
    normalize_punctuation: bool = True
    photos_outside: bool = False


EXIF_ORIENTATION = 0x0112  # values 5–8 turn the picture a quarter

# A paragraph may be a bare string; a subhead is written `head: [phrase, phrase]`.
SHAPES = {Paragraph: Shape(scalar="text"), Head: Shape(keys={"head": "phrases"})}


def load_content(path: str | Path, normalize: bool | None = None) -> Issue:
    """Read a content file into an ``Issue``; raise LoadError with every problem.

    ``normalize`` overrides the file's ``normalize_punctuation``. Paths are
    resolved from the file's folder; each photo's aspect comes from its image.
    Empty and blank text is refused where text must be, and an optional text
    written ``''`` counts as absent (see the module's docstring, and CHECKS).
    """
    doc = parse(path)
    changes: list[Change] = []
    hook = _text_hook(doc, changes, normalizing(doc, normalize))
    written = _joined(doc, read(doc, doc.root, ContentFile, SHAPES, hook, CHECKS))
    problems = _layout_problems(written)
    folder = None if written.photos_outside else doc.path.resolve().parent
    articles = tuple(_with_aspects(a, i, problems, folder) for i, a in enumerate(written.articles))
    if problems:
        raise doc.error(problems)
    return Issue(
        name=written.name or doc.path.stem, path=doc.path, layout=written.layout,
        articles=articles, banner=written.banner, credits=written.credits,
        changes=tuple(sorted(changes, key=lambda c: (c.source.line, c.source.column))))


def where(path: Path, keys: tuple[str | int, ...]) -> str:
    """``file:line:column`` of the value at ``keys`` in a content file (read
    again: only a message needs it)."""
    doc = parse(path)
    mark = doc.node_at(keys).start_mark
    return f"{doc.path}:{mark.line + 1}:{mark.column + 1}"


def blank(text: str) -> bool:
    """Whether ``text`` prints nothing: it is empty, or holds only spaces
    (full-width ones too), line breaks and invisible format characters."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


_REMOVE_OR_WRITE = "remove it, or write the text"


def _empty(text: str, noun: str) -> str:
    """'empty caption', or, for text that is not '', 'caption holds only blank space'."""
    return f"{noun} holds only blank space" if text else f"empty {noun}"


def _required(text: str, keys: tuple[str | int, ...], noun: str,
              fix: str = _REMOVE_OR_WRITE) -> Iterator[Problem]:
    """Text that must print something, on one line."""
    if blank(text):
        yield Problem(keys, _empty(text, noun), fix)
    yield from _one_paragraph(text, keys, noun)


def _optional(fields: Mapping[str, Any], key: str, noun: str = "") -> Iterator[Problem]:
    """An optional text: '' is the same as no ``key:`` at all, blank space alone
    is a problem; it is one line."""
    text = fields.get(key, "")
    if text and blank(text):
        yield Problem((key,), _empty(text, noun or key), f"remove `{key}:`, or write the text")
    yield from _one_paragraph(text, (key,), noun or key)


_NONCHARACTER = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")
"""Unicode noncharacters: no text may carry them (the XMP title is XML)."""


def _check_name(fields: Mapping[str, Any]) -> Iterator[Problem]:
    """The name titles the PDF and names its file: one line of characters."""
    name = fields.get("name", "")
    bad = "\n" if "\n" in name else next(iter(_NONCHARACTER.findall(name)), "")
    if bad:
        what = "a line feed" if bad == "\n" else f"U+{ord(bad):04X}, a noncharacter,"
        yield Problem(("name",), f"the name holds {what} and cannot title the PDF or name its file",
                      "write the name on one line, with letters, digits, - and _")
    else:
        yield from _optional(fields, "name")


# Each check is given the fields of a value that converted (see yamlsource.Check):
# one that failed is not there, its problem already reported.

def _check_file(fields: Mapping[str, Any]) -> Iterator[Problem]:
    if fields.get("articles") == ():
        yield Problem(("articles",), "no articles",
                      "write at least one under `articles:`, with its `title:` and `body:`")
    yield from _check_name(fields)
    yield from _optional(fields, "credits", "credits line")


def _check_banner(fields: Mapping[str, Any]) -> Iterator[Problem]:
    if "main" in fields:
        yield from _required(fields["main"], ("main",), "banner main line",
                             "write the banner's main line, or remove `banner:`")
    yield from _optional(fields, "series", "series line")
    yield from _optional(fields, "slogan")


def _lines(lines: Any, key: str, empty: str, fix: str, noun: str) -> Iterator[Problem]:
    """A list of lines (title, subhead phrases) written under ``key``: not
    empty, each printing something."""
    if lines == ():
        yield Problem((key,), empty, fix)
    for number, line in enumerate(lines or ()):
        yield from _required(line, (key, number), noun)


def _check_article(fields: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _lines(fields.get("title"), "title", "no title lines",
                      "write the title, one or two lines, e.g. `title: [第一行, 第二行]`", "title line")
    for key in ("kicker", "subtitle", "byline"):
        yield from _optional(fields, key)
    yield from _check_photos(fields.get("photos", ()))
    body = fields.get("body")
    if body is not None and not any(isinstance(block, Paragraph) for block in body):
        yield Problem(("body",), "body has subheads but no paragraph" if body else "empty body",
                      "write the article's paragraphs under `body:`")
        return
    for number, (block, after) in enumerate(zip(body or (), [*(body or ())[1:], None])):
        if isinstance(block, Head) and not isinstance(after, Paragraph):
            yield Problem(("body", number), "subhead with no paragraph after it",
                          "write the section's paragraphs under it, or remove it")


MAX_PHOTOS = 4
"""Photos one article may have: the page engine has four slots in a band
(three corners and under the first photo), and tries every size of each."""


def _check_photos(photos: tuple[Photo, ...]) -> Iterator[Problem]:
    if len(photos) > MAX_PHOTOS:
        yield Problem(("photos", MAX_PHOTOS), f"an article has {len(photos)} photos; it may have at "
                      f"most {MAX_PHOTOS}", "move the photos from here on to another article, or drop them")


def _check_photo(fields: Mapping[str, Any]) -> Iterator[Problem]:
    if "caption" in fields:
        yield from _required(fields["caption"], ("caption",), "caption",
                             "write the caption: every photo has one")


def _check_paragraph(fields: Mapping[str, Any]) -> Iterator[Problem]:
    text, lead = fields.get("text"), fields.get("lead")
    if text is None or lead is None:
        return
    if blank(text) and blank(lead):
        yield Problem((), _empty(lead + text, "paragraph"), _REMOVE_OR_WRITE)
    elif blank(text):
        yield Problem(("text",), "lead phrase with no text after it",
                      "write the rest of the paragraph under `text:`, or write the phrase "
                      "as a plain paragraph (`- …`)")
    elif any(blank(part) for part in _BLANK_LINE.split(text)):
        yield Problem(("text",), "a stretch between blank lines that prints nothing",
                      "remove the blank space there")
    else:
        yield from _optional(fields, "lead", "lead phrase")
        for part in _BLANK_LINE.split(text):
            yield from _not_too_long(part, ("text",), "paragraph")


def _check_head(fields: Mapping[str, Any]) -> Iterator[Problem]:
    yield from _lines(fields.get("phrases"), "head", "subhead with no phrases",
                      "remove it, or write its phrases, e.g. `head: [第一行, 第二行]`", "subhead phrase")


CHECKS: dict[type, Check] = {
    ContentFile: _check_file, Banner: _check_banner, Article: _check_article,
    Photo: _check_photo, Paragraph: _check_paragraph, Head: _check_head,
}
"""What the loader refuses beyond types and keys: text that prints nothing."""


def normalizing(doc: Document, override: bool | None = None) -> bool:
    """The caller's choice, else the file's ``normalize_punctuation`` (default true)."""
    if override is not None:
        return override
    node = child(doc.root, "normalize_punctuation")
    try:
        return True if node is None else read(doc, node, bool)
    except LoadError:
        return True  # reported again with the file's other problems


def _text_hook(doc: Document, changes: list[Change], normalize: bool) -> TextHook:
    """A text hook that gives every text the line feeds it is written with
    (see ``Document.unfolded``; line feeds at either end dropped) and, when
    ``normalize``, normalises punctuation, recording each change at its place
    in the file for the proofreader."""
    def hook(_: str, node: ScalarNode) -> str:
        text = _OUTER_LINE_FEEDS.sub("", doc.unfolded(node))
        if not normalize or _too_long(text):  # refused by the checks: no work spent on it
            return text
        result, edits = normalize_punctuation(text)
        places = doc.positions(node, [edit.index for edit in edits], text)
        changes.extend(Change(Source(str(doc.path), line, column), edit.before, edit.after)
                       for edit, (line, column) in zip(edits, places))
        return result
    return hook


# --- line feeds -------------------------------------------------------------------------
# Text may be written over several lines (a block `- |` or `- >`, a "\n"
# escape, a plain or quoted scalar continued on the next line). A single line
# feed joins its lines: nothing between two Chinese characters, one space
# between two Western ones (words, numbers). A blank line starts a new
# paragraph in a body paragraph and is refused in any other text, which is
# one line or phrase; a `name:` takes no line feed at all.

_OUTER_LINE_FEEDS = re.compile(r"^[ \t]*\n[ \t\n]*|[ \t\n]*\n[ \t]*$")
_LINE_FEED = re.compile(r"[ \t]*\n[ \t]*")
_BLANK_LINE = re.compile(r"[ \t]*\n(?:[^\S\n]*\n)+[ \t]*")


def join_lines(text: str) -> str:
    """``text`` with each line feed joining its lines (see above)."""
    if "\n" not in text:
        return text
    return _LINE_FEED.sub(lambda m: _joint(text, m.start(), m.end()), text)


def _joint(text: str, start: int, end: int) -> str:
    """What replaces the line feed between ``text[:start]`` and ``text[end:]``."""
    western = all(0 <= at < len(text) and _western(text[at]) for at in (start - 1, end))
    return " " if western else ""


def _western(char: str) -> bool:
    """A character Western text sets with spaces between words."""
    return unicodedata.east_asian_width(char) not in ("W", "F") and not is_chinese(char)


MAX_CHARACTERS = 20_000
"""The most characters one paragraph (or any other text) may hold: some 1,500
body lines, several pages of copy. Composing costs time in proportion, so
longer text is refused rather than left to stall the build."""


def _one_paragraph(text: str, keys: tuple[str | int, ...], noun: str) -> Iterator[Problem]:
    """A text that is one line or phrase has no blank line in it, and is not
    too long to compose."""
    if _BLANK_LINE.search(text):
        yield Problem(keys, f"blank line in the {noun}",
                      f"remove it: the {noun} is one line (a single line break only joins its lines)")
    yield from _not_too_long(text, keys, noun)


def _too_long(text: str) -> bool:
    """Whether a paragraph of ``text`` (split at its blank lines) is longer than MAX_CHARACTERS."""
    return len(text) > MAX_CHARACTERS and any(
        len(part) > MAX_CHARACTERS for part in _BLANK_LINE.split(text))


def _not_too_long(text: str, keys: tuple[str | int, ...], noun: str) -> Iterator[Problem]:
    if len(text) > MAX_CHARACTERS:
        yield Problem(keys, f"the {noun} holds {len(text):,} characters, more than the "
                      f"{MAX_CHARACTERS:,} one text may hold",
                      "split it into paragraphs (a blank line starts a new one), or cut it")


def _joined(doc: Document, written: ContentFile) -> ContentFile:
    """``written`` with every text's lines joined and each body paragraph
    split at its blank lines."""
    banner = written.banner and replace(
        written.banner, main=join_lines(written.banner.main),
        series=join_lines(written.banner.series), slogan=join_lines(written.banner.slogan))
    articles = tuple(_joined_article(doc, article, ("articles", number))
                     for number, article in enumerate(written.articles))
    return replace(written, banner=banner, credits=join_lines(written.credits), articles=articles)


def _joined_article(doc: Document, article: Article, keys: tuple[str | int, ...]) -> Article:
    body: list[Block] = []
    for number, block in enumerate(article.body):
        if isinstance(block, Head):
            body.append(replace(block, phrases=tuple(map(join_lines, block.phrases))))
        else:
            body += _paragraphs(doc, block, (*keys, "body", number))
    return replace(
        article, title=tuple(map(join_lines, article.title)), kicker=join_lines(article.kicker),
        subtitle=join_lines(article.subtitle), byline=join_lines(article.byline), body=tuple(body),
        photos=tuple(replace(photo, caption=join_lines(photo.caption)) for photo in article.photos))


def _paragraphs(doc: Document, paragraph: Paragraph, keys: tuple[str | int, ...]) -> list[Paragraph]:
    """A paragraph as written, one per stretch between blank lines; each
    after the first is located at its first character."""
    text, breaks = paragraph.text, list(_BLANK_LINE.finditer(paragraph.text))
    first = replace(paragraph, text=join_lines(text[:breaks[0].start()] if breaks else text),
                    lead=join_lines(paragraph.lead))
    if not breaks:
        return [first]
    node = doc.node_at(keys)
    node = child(node, "text") or node
    starts = [m.end() for m in breaks]
    ends = [m.start() for m in breaks[1:]] + [len(text)]
    places = doc.positions(node, starts, text)
    return [first, *(Paragraph(join_lines(text[start:end]),
                               source=Source(str(doc.path), line, column))
                     for start, end, (line, column) in zip(starts, ends, places))]


def _layout_problems(written: ContentFile) -> list[Problem]:
    if is_file(written.layout):
        return []
    return [Problem(("layout",), f"layout file not found: {written.layout}",
                    "correct `layout:` (relative to this content file)")]


def _with_aspects(article: Article, index: int, problems: list[Problem],
                  folder: Path | None) -> Article:
    """``article`` with each photo's aspect read from its image (a placeholder
    keeps its own); a file that cannot be used, one outside ``folder`` (when
    given), or an aspect written 0 or less, adds a problem at its key."""
    photos = []
    for number, photo in enumerate(article.photos):
        keys = ("articles", index, "photos", number)
        if folder and photo.file and not photo.file.resolve().is_relative_to(folder):
            problems.append(Problem((*keys, "file"), f"photo outside the content's folder: {photo.file}",
                                    f"copy it under {folder}, or set `photos_outside: true`"))
            photos.append(photo)
            continue
        if photo.aspect <= 0:
            problems.append(Problem((*keys, "aspect"), f"aspect {photo.aspect:g} is not above 0",
                                    "write width / height, e.g. `1.5`"))
        aspect = photo.aspect if photo.file is None else _aspect(photo.file)
        if isinstance(aspect, tuple):
            problems.append(Problem((*keys, "file"), *aspect))
            aspect = photo.aspect
        photos.append(replace(photo, aspect=aspect))
    return replace(article, photos=tuple(photos))


def _aspect(file: Path) -> float | tuple[str, str]:
    """Width / height of an image as it is shown (pixel size, turned by its
    EXIF orientation), or (what is wrong, how to fix it)."""
    if not is_file(file):
        return (f"photo file not found: {file}",
                "put the image there or correct `file:` (relative to this content file)")
    try:
        with Image.open(file) as image:
            width, height = image.size
            turned = image.getexif().get(EXIF_ORIENTATION, 1) in (5, 6, 7, 8)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        return f"cannot read {file.name} as an image ({exc})", "save it as a JPEG, PNG or TIFF file"
    return height / width if turned else width / height
