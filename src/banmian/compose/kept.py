"""Composed text kept between builds.

Composing (shaping, itemising and breaking every paragraph) is the largest
stage of a rebuild, and an editor's rebuild changes one paragraph or none.
``Kept`` stores each composition through a ``Memo`` as JSON, keyed by
everything it depends on: the runs' text and styles, the measure and
alignment, the layout's styles, typography and fallback faces, and the
identity of every face file (the cache adds the engine's own source). Any
edit to one of them misses; a hit gives the lines the composer would give,
float for float (JSON keeps a float's shortest exact form), so the PDF is
the same.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..load.layout import Layout
from .fonts import FontBook
from .lines import Composition, Line, PositionedGlyph, TextRun

if TYPE_CHECKING:
    from ..memo import Memo


class Kept:
    """Compositions for one layout and font book, kept in ``memo`` (None:
    composed every time)."""

    def __init__(self, layout: Layout, fonts: FontBook, memo: Memo | None) -> None:
        self.fonts, self.memo = fonts, memo
        self.colors = frozenset(layout.colors)
        self.context = _context(layout, fonts) if memo else b""

    def composition(self, kind: str, runs: Sequence[TextRun], parameters: Sequence[object],
                    make: Callable[[], Composition]) -> Composition:
        """What ``make()`` composes from ``runs`` with ``parameters`` (measure,
        alignment, …: whatever else ``make`` depends on), kept under ``kind``.
        The fallback substitutions it needs are recorded either way."""
        if self.memo is None:
            return make()
        key = json.dumps([[[r.text, r.style] for r in runs], list(parameters)],
                         ensure_ascii=False).encode() + self.context
        made: list[tuple[Composition, set[tuple[str, str, str]]]] = []

        def dumped() -> bytes:
            made.append(self._made(make))
            return _dump(*made[0])

        composition, substituted = self.memo(
            kind, key, dumped, lambda data: made[0] if made else _checked(_load(data), runs, self.fonts, self.colors))
        self.fonts.substituted |= substituted
        return composition

    def _made(self, make: Callable[[], Composition]) -> tuple[Composition, set[tuple[str, str, str]]]:
        """``make()`` and exactly the substitutions it made (recorded apart,
        so that a later hit can report them even if nothing else needs them)."""
        outer, self.fonts.substituted = self.fonts.substituted, set()
        try:
            composition = make()
            return composition, self.fonts.substituted
        finally:
            self.fonts.substituted = outer | self.fonts.substituted


def _context(layout: Layout, fonts: FontBook) -> bytes:
    """What every composition depends on besides its own text."""
    design = [repr(sorted(layout.styles.items())), repr(layout.typography), layout.grid.body_size,
              list(layout.fallback_fonts)]
    faces = b"".join(face.key.encode() + b"=" + face.identity for face in fonts)
    return b"\n" + repr(design).encode() + b"\n" + faces


_GLYPH_FIELDS = [f.name for f in dataclasses.fields(PositionedGlyph)]
_LINE_FIELDS = [f.name for f in dataclasses.fields(Line) if f.name != "glyphs"]


def _dump(composition: Composition, substituted: set[tuple[str, str, str]]) -> bytes:
    lines = [[[getattr(line, name) for name in _LINE_FIELDS],
              [[getattr(g, name) for name in _GLYPH_FIELDS] for g in line.glyphs]]
             for line in composition.lines]
    return json.dumps({"lines": lines, "warnings": composition.warnings,
                       "substituted": sorted(substituted)}, ensure_ascii=False).encode()


def _checked(kept: tuple[Composition, set[tuple[str, str, str]]], runs: Sequence[TextRun],
             fonts: FontBook, colors: frozenset[str]) -> tuple[Composition, set[tuple[str, str, str]]]:
    """A kept composition only if it sets exactly the runs' text (each source
    character belongs to one glyph; only spaces at line ends are dropped) in
    the book's faces and the layout's colours: an entry that is not this
    text's is a miss."""
    glyphs = [g for line in kept[0].lines for g in line.glyphs]
    text = "".join(g.text for g in glyphs)
    if text.replace(" ", "") != "".join(r.text for r in runs).replace(" ", ""):
        raise ValueError("a composition of other text")
    faces = {face.key for face in fonts}
    if not all(g.face in faces and type(g.gid) is int and g.color in colors for g in glyphs):
        raise ValueError("a composition in other faces or colours")
    return kept


def _load(data: bytes) -> tuple[Composition, set[tuple[str, str, str]]]:
    """What ``_dump`` wrote; raises on anything else (the memo then composes again)."""
    found = json.loads(data)
    lines = tuple(Line(tuple(PositionedGlyph(*g) for g in glyphs), *fields)
                  for fields, glyphs in found["lines"])
    return (Composition(lines, tuple(found["warnings"])),
            {tuple(s) for s in found["substituted"]})
