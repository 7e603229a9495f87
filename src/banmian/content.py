"""LOAD: a content file (one page of a series) as frozen dataclasses.

A content file says *what* is on the page — banner, articles with their heads,
body, photos and captions, credits — never where it goes. Strings are stored
after punctuation normalisation; every change made is listed in
``Issue.changes`` so the build report can show it to the proofreader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
