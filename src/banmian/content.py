"""LOAD: a content file (one page of a series) as frozen dataclasses.

A content file says *what* is on the page — banner, articles with their heads,
body, photos and captions, credits — never where it goes. Strings are stored
after punctuation normalisation; every change made is listed in
``Issue.changes`` so the build report can show it to the proofreader.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image
from yaml.nodes import ScalarNode

from .normalize import normalize_punctuation
from .yamlsource import (Document, LoadError, Problem, Shape, TextHook, child, is_file, parse,
                         read)


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
    """A body paragraph; ``lead`` is its run-in bold lead phrase (may be empty)."""

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
    """
    doc = parse(path)
    changes: list[Change] = []
    hook = _normalizer(doc, changes) if normalizing(doc, normalize) else None
    written = read(doc, doc.root, ContentFile, SHAPES, hook)
    problems = _layout_problems(written)
    folder = None if written.photos_outside else doc.path.resolve().parent
    articles = tuple(_with_aspects(a, i, problems, folder) for i, a in enumerate(written.articles))
    if problems:
        raise doc.error(problems)
    return Issue(
        name=written.name or doc.path.stem, path=doc.path, layout=written.layout,
        articles=articles, banner=written.banner, credits=written.credits,
        changes=tuple(sorted(changes, key=lambda c: (c.source.line, c.source.column))))


def normalizing(doc: Document, override: bool | None = None) -> bool:
    """The caller's choice, else the file's ``normalize_punctuation`` (default true)."""
    if override is not None:
        return override
    node = child(doc.root, "normalize_punctuation")
    try:
        return True if node is None else read(doc, node, bool)
    except LoadError:
        return True  # reported again with the file's other problems


def _normalizer(doc: Document, changes: list[Change]) -> TextHook:
    """A text hook that normalises punctuation and records each change at its
    place in the file, for the proofreader."""
    def normalize(text: str, node: ScalarNode) -> str:
        result, edits = normalize_punctuation(text)
        places = doc.positions(node, [edit.index for edit in edits])
        changes.extend(Change(Source(str(doc.path), line, column), edit.before, edit.after)
                       for edit, (line, column) in zip(edits, places))
        return result
    return normalize


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
