"""COMPOSE: a paragraph of styled runs becomes lines of positioned glyphs.

``prepare`` shapes a paragraph once and turns it into boxes, glue and
penalties (Chinese as boxes and glue: a box per character or unbreakable
unit, inter-character glue that stretches evenly, the blank half of each
punctuation mark as shrinkable glue, kinsoku as forbidden breaks);
``compose`` breaks it at any measure with the total-fit breaker and positions
the glyphs, caching the result per measure. The rules are ``cjk``'s, the
search is ``linebreak``'s; this module only joins them to the fonts.

Justification (clreq, *Line adjustment*): a line too long is squeezed, blank
halves going in ``cjk.SQUEEZE_RANK`` order with the line-end mark first; a line
too short is stretched by the same amount between every two units. Stretch is
counted in twentieths of an em (``STRETCH_EM``), so squeezing a mark fully
(ratio -1, badness 100) costs less than pushing a character down and
stretching the line (ratio near 2 for one em over a 13-em line): 先挤进，后推出
falls out of the costs.
"""
from __future__ import annotations

import dataclasses
import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from ..load.layout import Layout, Style
from . import cjk
from .cjk import Cls, Side, Span
from .fonts import FontBook, MissingGlyph, ShapedGlyph
from .linebreak import (
    INFINITY,
    Box,
    Breaks,
    Glue,
    Item,
    Params,
    Penalty,
    break_lines,
    breaks_by_line_count,
)
from .lines import Composition, Line, PositionedGlyph, TextRun
from .western import clipped, splits_western, western_around

STRETCH_EM = 0.05
"""Inter-character stretch at adjustment ratio 1, in em."""
MAX_STRETCH_EM = 0.25
"""The most a first-pass line may stretch per gap, in em."""
MAX_RESET_STRETCH_EM = 0.15
"""The most a line of a paragraph re-set a line tighter or looser (走行) may
stretch per gap, in em: at 0.20 em a line reads as letter-spaced."""
RAGGED_STRETCH_EM = 3.0
"""Shortfall counted as ratio 1 when breaking unjustified (centred, left) text."""
SPACE_SHRINK = 1 / 3
"""Share of a space's width it may lose when a line is squeezed."""
LONG_UNIT_EM = 4.0
"""A Western unit wider than this may break inside as a last resort:
emergency breaks, used only when the paragraph cannot be set otherwise,
never before a separator. One with separators or digits in it (a URL, an
e-mail address, a code) is also set letter by letter with the
inter-character stretch, so the lines it is broken over can be justified;
a word of letters only keeps its letter spacing."""
EMERGENCY_PENALTY = 5000.0
"""An emergency break after a separator (. / - _ @ …)."""
EMERGENCY_ANYWHERE_PENALTY = 9900.0
"""An emergency break between any other two characters of Western text."""
_SEPARATORS = frozenset(".,'’+-−_&/@:?=#%")


def _emergency(before: str, after: str) -> float | None:
    """The cost of an emergency break between Western text ending in
    ``before`` and text starting with ``after``; None where there is none."""
    if after[:1] in _SEPARATORS:
        return None
    return EMERGENCY_PENALTY if before[-1:] in _SEPARATORS else EMERGENCY_ANYWHERE_PENALTY
TOLERANCE_PT = 0.01


class _Glyph(NamedTuple):
    """A shaped glyph; ``dx`` from the left of the item that draws it."""

    gid: int
    face: str
    size: float
    color: str
    text: str
    start: int
    end: int          # where its shaping cluster ends in the source
    advance: float
    dx: float = 0.0
    scale: float = 1.0


@dataclass(frozen=True, eq=False)
class Prepared:
    """One paragraph shaped and itemised, ready to break at any measure.

    ``items`` go to the breaker; item ``k`` draws ``draws[k]`` at its
    position; ``rank[k]`` orders the squeezing of shrinkable glue. ``em`` (the
    first run's size) is the unit of the indent, the stretch and the CJK–Latin
    space. ``western`` lists numbers and words as (start, end, width), to
    explain an overfull line. ``cache`` holds compositions by (measure, align).
    """

    text: str
    em: float
    items: tuple[Item, ...]
    draws: tuple[tuple[_Glyph, ...], ...]
    rank: tuple[int, ...]
    western: tuple[tuple[int, int, float], ...]
    cache: dict[tuple[float, str], Composition] = field(default_factory=dict, repr=False)


class _Unit(NamedTuple):
    """An unbreakable unit with its glyphs placed inside its box."""

    span: Span
    text: str
    glyphs: tuple[_Glyph, ...]
    width: float
    blank: Side | None     # the side of a mark's removable blank half
    half: float            # that half, pt
    western: bool          # Western text: breaks only at spaces


# ---------------------------------------------------------------- prepare


def prepare(runs: Sequence[TextRun], layout: Layout, fonts: FontBook, indent: bool = True, *,
            rules: cjk.Rules | None = None) -> Prepared:
    """Shape and itemise one paragraph. The first line is indented by
    ``typography.indent_chars`` em of the first run's size when ``indent``;
    ``rules`` overrides the layout's typography (and reaches the knobs it has
    no field for). Raises MissingGlyph for a character a face lacks,
    ValueError for a line feed."""
    text = "".join(run.text for run in runs)
    em = layout.styles[runs[0].style].size if runs else layout.grid.body_size
    typography = layout.typography
    rules = rules or cjk.Rules.of(typography.kinsoku, typography.cjk_latin_space)
    glyphs = _shape(runs, layout, fonts)
    spans = _align(cjk.segment(text), {g.start for g in glyphs if g.text})
    starts = [g.start for g in glyphs]
    units = [_unit(text, span, _glyphs_in(glyphs, starts, span), fonts)
             for span in spans if span.cls is not Cls.SPACE]
    builder = _Builder(em, rules)
    if indent and typography.indent_chars:
        builder.add(Box(typography.indent_chars * em))
    builder.paragraph(units, {span.end: tuple(_advancing(_glyphs_in(glyphs, starts, span)))
                              for span in spans if span.cls is Cls.SPACE})
    western = tuple((u.span.start, u.span.end, u.width) for u in units
                    if u.span.cls in (Cls.NUMBER, Cls.WORD))
    return Prepared(text, em, tuple(builder.items), tuple(builder.draws), tuple(builder.rank), western)


def _shape(runs: Sequence[TextRun], layout: Layout, fonts: FontBook) -> list[_Glyph]:
    """Every run shaped in its style's face (characters it lacks in the
    fallback faces), in source order, advances in pt."""
    glyphs: list[_Glyph] = []
    offset = 0
    for run in runs:
        style = layout.styles[run.style]
        if any(char in cjk.LINE_FEEDS for char in run.text):
            raise ValueError(f"a line feed in {run.text!r}: compose one paragraph (or line) at a time")
        shaped = fonts[style.font].shape(run.text)
        if any(g.gid == 0 for g in shaped):
            for start, end, face in fonts.stretches(style.font, run.text):
                glyphs += _glyphs(run.text[start:end], fonts[face].shape(run.text[start:end]),
                                  face, style, offset + start)
        else:
            glyphs += _glyphs(run.text, shaped, style.font, style, offset)
        offset += len(run.text)
    return glyphs


def _glyphs(text: str, shaped: list[ShapedGlyph], face: str, style: Style,
            offset: int) -> list[_Glyph]:
    """Shaped glyphs of ``text`` (which starts at ``offset`` in the paragraph)
    with their source spans; the first glyph of a cluster carries its text."""
    clusters = sorted({g.cluster for g in shaped}) + [len(text)]
    ends = dict(zip(clusters, clusters[1:]))
    glyphs, previous = [], -1
    for g in shaped:
        if g.gid == 0:
            raise MissingGlyph(face, text[g.cluster])
        chars = text[g.cluster:ends[g.cluster]] if g.cluster != previous else ""
        glyphs.append(_Glyph(g.gid, face, style.size, style.color, chars, offset + g.cluster,
                             offset + ends[g.cluster], g.advance * style.size))
        previous = g.cluster
    return glyphs


def _align(spans: list[Span], starts: set[int]) -> list[Span]:
    """Merge a span into the one before when a glyph (a ligature) covers both."""
    merged: list[Span] = []
    for span in spans:
        if merged and span.start not in starts:
            merged[-1] = Span(merged[-1].start, span.end, merged[-1].cls)
        else:
            merged.append(span)
    return merged


def _glyphs_in(glyphs: list[_Glyph], starts: list[int], span: Span) -> list[_Glyph]:
    """The glyphs of ``span``; ``starts`` are the glyphs' source offsets, in order."""
    return glyphs[bisect_left(starts, span.start):bisect_left(starts, span.end)]


def _unit(text: str, span: Span, glyphs: list[_Glyph], fonts: FontBook) -> _Unit:
    """A unit's box: a mark gets its nominal box whatever the font's advance,
    with the glyph placed where GB/T 15834 puts the ink; text keeps its advances."""
    chars = text[span.start:span.end]
    if span.cls is Cls.IDEOGRAPH and len(glyphs) == 1:     # the common case, quickly
        return _Unit(span, chars, tuple(glyphs), glyphs[0].advance, None, 0.0, False)
    western = cjk.is_western(text, span)
    box = cjk.box_em(chars, span.cls)
    if box is None:
        width = sum(g.advance for g in glyphs)
        return _Unit(span, chars, tuple(_advancing(glyphs)), width, None, 0.0, western)
    width = box * glyphs[0].size
    if span.cls is Cls.DASH:
        placed = _dash(glyphs, width, fonts)
    else:
        placed = _in_slots(glyphs, width, cjk.ink_side(span.cls))
    blank = cjk.empty_half(span.cls)
    return _Unit(span, chars, tuple(placed), width, blank, width / 2 if blank else 0.0, western)


def _advancing(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Glyphs one after the other at their advances."""
    if len(glyphs) == 1:
        return glyphs
    placed, x = [], 0.0
    for g in glyphs:
        placed.append(g._replace(dx=x))
        x += g.advance
    return placed


def _in_slots(glyphs: list[_Glyph], width: float, side: Side) -> list[_Glyph]:
    """Glyphs in equal slots of the box (…… is two), each at the box's inked
    side: a narrow “ goes to the right edge, a narrow ” to the left edge."""
    slot = width / len(glyphs)
    placed = []
    for i, g in enumerate(glyphs):
        room = slot - g.advance
        inset = {Side.LEFT: 0.0, Side.RIGHT: room}.get(side, room / 2)
        placed.append(g._replace(dx=i * slot + inset))
    return placed


def _dash(glyphs: list[_Glyph], width: float, fonts: FontBook) -> list[_Glyph]:
    """—— as one unbroken rule: a single 2-em glyph is centred; separate
    glyphs are scaled so their ink fills equal slots and touch."""
    if len(glyphs) == 1:
        return _in_slots(glyphs, width, Side.CENTER)
    slot = width / len(glyphs)
    placed = []
    for i, g in enumerate(glyphs):
        face = fonts[g.face]
        extents = face.hb_font.get_glyph_extents(g.gid)
        ink_left, ink_width = (extents.x_bearing / face.upem * g.size, extents.width / face.upem * g.size)
        scale = slot / ink_width
        placed.append(g._replace(dx=i * slot - ink_left * scale, scale=scale))
    return placed


class _Builder:
    """Accumulates items and what each of them draws. It is one pass over a
    paragraph's runs: each item's glue depends on the class of the item
    before it and on the boundary rules between the two, so the methods share
    that running state rather than passing it along."""

    def __init__(self, em: float, rules: cjk.Rules) -> None:
        self.em, self.rules = em, rules
        self.items: list[Item] = []
        self.draws: list[tuple[_Glyph, ...]] = []
        self.rank: list[int] = []
        self.boundaries: dict[tuple[Cls, Cls, bool, bool], cjk.Boundary] = {}
        self.plain_gap = Glue(0.0, STRETCH_EM * em, 0.0)

    def add(self, item: Item, glyphs: tuple[_Glyph, ...] = (), rank: int = -1) -> None:
        self.items.append(item)
        self.draws.append(glyphs)
        self.rank.append(rank)

    def glue(self, glue: Glue, breakable: bool, penalty: float = 0.0, break_width: float = 0.0,
             glyphs: tuple[_Glyph, ...] = (), rank: int = -1,
             emergency: float | None = None) -> None:
        """Glue, preceded by the penalty that makes it a break, keeps it from
        being one, or makes it one only as a last resort, at the cost
        ``emergency``."""
        after_box = bool(self.items) and type(self.items[-1]) is Box
        if breakable and (penalty or break_width or not after_box):
            self.add(Penalty(break_width, penalty))
        elif not breakable and after_box:
            self.add(Penalty(0.0, INFINITY) if emergency is None
                     else Penalty(0.0, emergency, emergency=True))
        self.add(glue, glyphs, rank)

    def paragraph(self, units: list[_Unit], spaces: dict[int, tuple[_Glyph, ...]]) -> None:
        """Units with the glue between them (``spaces`` holds the glyphs of
        each run of spaces by the offset where it ends), then the paragraph's
        end (TeX's \\parfillskip: fill glue and a forced break)."""
        orphan_from = _orphan_from(units)
        no_trim = cjk.Trim()
        previous = no_trim
        for i, unit in enumerate(units[:-1]):
            after = units[i + 1]
            trim = cjk.adjacent_trim(unit.span.cls, after.span.cls) if unit.blank and after.blank else no_trim
            self.unit(unit, previous, trim)
            self.gap(unit, after, trim, i + 1 >= orphan_from, spaces.get(after.span.start, ()))
            previous = trim
        if units:
            self.unit(units[-1], previous, no_trim)
        self.glue(Glue(0.0, math.inf, 0.0), breakable=False)
        self.add(Penalty(0.0, -INFINITY))

    def unit(self, unit: _Unit, before: cjk.Trim, after: cjk.Trim) -> None:
        """A unit's box with its blank halves: removed where an adjacent mark
        takes them (``before``/``after``), else shrinkable glue on their side."""
        if unit.blank is None and unit.western and unit.width > LONG_UNIT_EM * self.em:
            self.long_unit(unit)
            return
        if unit.blank is None:
            self.add(Box(unit.width), unit.glyphs)
            return
        width, shift, half = unit.width, 0.0, unit.half
        rank = cjk.squeeze_rank(unit.text, unit.span.cls)
        if unit.blank is Side.LEFT:
            if before.second_left:
                width, shift = width - half, half
            elif not before.first_right:
                trim = self.rules.trim_line_start_opening
                self.glue(Glue(half if trim else 0.0, 0.0, half), breakable=False, rank=rank)
                width, shift = (width - half, half) if trim else (width, 0.0)
        if after.first_right:
            width -= half
        self.add(Box(width), tuple(g._replace(dx=g.dx - shift) for g in unit.glyphs) if shift else unit.glyphs)
        if unit.blank is Side.RIGHT and not after.first_right:
            self.glue(Glue(0.0, 0.0, half), breakable=False, rank=rank)

    def long_unit(self, unit: _Unit) -> None:
        """A long Western unit as one box per shaping cluster with emergency
        breaks between them, and the inter-character glue too when it is a
        URL or code rather than a word (see ``LONG_UNIT_EM``)."""
        clusters: list[list[_Glyph]] = []
        for g in unit.glyphs:
            if g.text or not clusters:
                clusters.append([])
            clusters[-1].append(g)
        spaced = not unit.text.isalpha()
        for i, cluster in enumerate(clusters):
            if i:
                emergency = _emergency(clusters[i - 1][0].text, cluster[0].text)
                if spaced:
                    self.glue(self.plain_gap, breakable=False, emergency=emergency)
                elif emergency is not None:
                    self.add(Penalty(0.0, emergency, emergency=True))
            left = cluster[0].dx
            self.add(Box(sum(g.advance for g in cluster)),
                     tuple(g._replace(dx=g.dx - left) for g in cluster))

    def gap(self, before: _Unit, after: _Unit, trim: cjk.Trim, orphan: bool,
            spaces: tuple[_Glyph, ...]) -> None:
        """The glue between two units: stretchable, a break unless kinsoku
        forbids it, costly where it would leave a 孤字 (``orphan``), as wide as
        its spaces or the CJK–Latin space."""
        rule = self.boundary(before, after, bool(spaces))
        glue = self.plain_gap
        if spaces or rule.latin_space:
            width = sum(g.advance for g in spaces) if spaces else self.rules.cjk_latin_space * self.em
            glue = Glue(width, glue.stretch, width * (SPACE_SHRINK if spaces else 0.5))
        penalty = rule.penalty + (cjk.ORPHAN_PENALTY if orphan else 0.0)
        self.glue(glue, rule.breakable, penalty, before.half if trim.first_right else 0.0, spaces,
                  rank=cjk.SQUEEZE_RANK[Cls.SPACE],
                  emergency=_emergency(before.text, after.text) if rule.emergency else None)

    def boundary(self, before: _Unit, after: _Unit, spaced: bool) -> cjk.Boundary:
        """``cjk.boundary``, remembered per class pair: it runs at every gap."""
        key = (before.span.cls, after.span.cls, spaced, before.western and after.western)
        if key not in self.boundaries:
            self.boundaries[key] = cjk.boundary(*key[:2], self.rules, *key[2:])
        return self.boundaries[key]


def _orphan_from(units: list[_Unit]) -> int:
    """The first unit a line may not start at without leaving a 孤字: fewer
    than ``cjk.ORPHAN_MIN_CHARS`` characters from there to the end."""
    solid, i = 0, len(units)
    while i > 0 and solid + cjk.solid_chars(units[i - 1].text) < cjk.ORPHAN_MIN_CHARS:
        i -= 1
        solid += cjk.solid_chars(units[i].text)
    return i


# ---------------------------------------------------------------- compose


def compose(prepared: Prepared, measure: float, align: str = "justify") -> Composition:
    """The paragraph broken into lines of ``measure`` pt. ``align``: 'justify'
    (every line but the last set to the measure, the last flush left),
    'center' (every line centred at its natural width) or 'left'."""
    if align not in ("justify", "center", "left"):
        raise ValueError(f"align must be 'justify', 'center' or 'left', not {align!r}")
    key = (measure, align)
    if key not in prepared.cache:
        prepared.cache[key] = _compose(prepared, measure, align)
    return prepared.cache[key]


def _compose(prepared: Prepared, measure: float, align: str) -> Composition:
    ragged = None if align == "justify" else RAGGED_STRETCH_EM * prepared.em
    params = Params(tolerance=MAX_STRETCH_EM / STRETCH_EM, ragged_stretch=ragged)
    return _composition(prepared, measure, align, break_lines(prepared.items, [measure], params))


def alternatives(prepared: Prepared, measure: float) -> dict[int, Composition]:
    """The paragraph justified one line tighter and one line looser than its
    best setting, where no line stretches beyond ``MAX_RESET_STRETCH_EM``
    and it needs no warning (no 孤字, nothing overfull): the page engine's
    走行, used to make columns end even. Keyed by line count; may be empty."""
    best = len(compose(prepared, measure).lines)
    params = Params(tolerance=MAX_STRETCH_EM / STRETCH_EM)
    found = {n: _composition(prepared, measure, "justify", breaks)
             for n, breaks in breaks_by_line_count(prepared.items, [measure], params).items()
             if abs(n - best) == 1}
    return {n: c for n, c in found.items() if not c.warnings and all(
        line.stretch <= MAX_RESET_STRETCH_EM * prepared.em + 1e-9 for line in c.lines if not line.last)}


def _composition(prepared: Prepared, measure: float, align: str, breaks: Breaks) -> Composition:
    """Lines set from a break set."""
    count = len(breaks.positions)
    lines = tuple(_set(prepared, start, end, measure, align, n == count - 1)
                  for n, (start, end) in enumerate(zip(breaks.starts, breaks.positions)))
    return Composition(lines, tuple(_warnings(prepared, lines, align)))


def _set(prepared: Prepared, start: int, end: int, measure: float, align: str, last: bool,
         squeeze: dict[int, float] | None = None) -> Line:
    """Position the items [start, end) of one line (the break is at ``end``),
    squeezing what ``_squeeze`` takes unless ``squeeze`` says."""
    items = prepared.items
    natural, gaps = _measure_line(items, start, end)
    if squeeze is None:
        squeeze = _squeeze(prepared, start, end, natural - measure)
    squeezed = sum(squeeze.values())
    short = measure - natural + squeezed
    justify = align == "justify" and not last
    per_gap = short / gaps if justify and gaps and short > 0 else 0.0
    width = natural - squeezed + per_gap * gaps
    offset = (measure - width) / 2 if align == "center" else 0.0
    drawn = [glyphs for glyphs in prepared.draws[start:end] if glyphs]
    source = (drawn[0][0].start, drawn[-1][-1].end) if drawn else (0, 0)
    return Line(_positioned(prepared, start, end, squeeze, per_gap, offset), width, measure, last,
                per_gap, squeezed, *source)


def _measure_line(items: Sequence[Item], start: int, end: int) -> tuple[float, int]:
    """Natural width of a line (with the width of a penalty it breaks at) and
    its number of stretchable gaps."""
    width, gaps = 0.0, 0
    for k in range(start, end):
        item = items[k]
        if type(item) is Glue:
            width += item.width
            gaps += 0 < item.stretch < math.inf
        elif type(item) is Box:
            width += item.width
    return width + (items[end].width if type(items[end]) is Penalty else 0.0), gaps


def _squeeze(prepared: Prepared, start: int, end: int, excess: float) -> dict[int, float]:
    """Take ``excess`` pt out of the line's shrinkable glue in rank order
    (clreq, *Line adjustment*): the blank half of the line-end mark first,
    each rank evenly, the next only when the one before is used up."""
    if excess <= 1e-9:
        return {}
    items, ranks = prepared.items, prepared.rank
    last_box = max(k for k in range(start, end) if type(items[k]) is Box)
    by_rank: dict[int, list[int]] = {}
    for k in range(start, end):
        if type(items[k]) is Glue and items[k].shrink > 0:
            by_rank.setdefault(cjk.LINE_END_RANK if k > last_box else ranks[k], []).append(k)
    taken: dict[int, float] = {}
    for rank in sorted(by_rank):
        room = sum(items[k].shrink for k in by_rank[rank])
        share = min(excess, room) / room
        taken.update((k, items[k].shrink * share) for k in by_rank[rank])
        excess -= min(excess, room)
        if excess <= 0:
            break
    return taken


def _positioned(prepared: Prepared, start: int, end: int, squeeze: dict[int, float],
                per_gap: float, offset: float) -> tuple[PositionedGlyph, ...]:
    """The glyphs of items [start, end), each item at its adjusted position."""
    items, draws = prepared.items, prepared.draws
    placed: list[PositionedGlyph] = []
    x = offset
    for k in range(start, end):
        item = items[k]
        for g in draws[k]:
            placed.append(PositionedGlyph(g.gid, x + g.dx, g.face, g.size, g.text, g.scale, g.color))
        if type(item) is Box:
            x += item.width
        elif type(item) is Glue:
            x += item.width - squeeze.get(k, 0.0) + (per_gap if 0 < item.stretch < math.inf else 0.0)
    return tuple(placed)


def _warnings(prepared: Prepared, lines: tuple[Line, ...], align: str) -> list[str]:
    """孤字, overfull, underfull and loose lines, and Western text broken
    at an emergency break, each naming its text."""
    warnings = []
    for n, line in enumerate(lines, 1):
        text = prepared.text[line.start:line.end]
        if n < len(lines) and splits_western(prepared.text, line.end, lines[n].start):
            warnings.append(f"broken: line {n} ends inside {western_around(prepared.text, line.end)!r}"
                            " (the line could not be set well otherwise) — check the break")
        if line.width > line.measure + TOLERANCE_PT:
            warnings.append(_overfull(prepared, line, n))
        elif align == "justify" and not line.last and line.width < line.measure - TOLERANCE_PT:
            warnings.append(f"underfull: line {n} {text!r} is {line.measure - line.width:.2f} pt short "
                            f"of the {line.measure:g} pt measure and has nothing to stretch")
        elif line.stretch > MAX_STRETCH_EM * prepared.em:
            warnings.append(f"loose: line {n} {text!r} is stretched {line.stretch / prepared.em:.2f} em "
                            f"between characters (more than {MAX_STRETCH_EM:g} em)")
    tail = prepared.text[lines[-1].start:lines[-1].end]
    if len(lines) > 1 and cjk.solid_chars(tail) < cjk.ORPHAN_MIN_CHARS:
        warnings.append(f"孤字: paragraph ends with a single character {tail!r} on its last line "
                        f"at the {lines[-1].measure:g} pt measure")
    return warnings


def _overfull(prepared: Prepared, line: Line, n: int) -> str:
    over = line.width - line.measure
    long_words = [prepared.text[s:e] for s, e, w in prepared.western
                  if line.start <= s and e <= line.end and w > line.measure]
    if long_words:
        return (f"overfull: Latin word longer than the measure: {clipped(long_words[0])!r} sticks out "
                f"{over:.2f} pt past the {line.measure:g} pt measure (line {n})")
    return (f"overfull: line {n} {prepared.text[line.start:line.end]!r} sticks out {over:.2f} pt "
            f"past the {line.measure:g} pt measure: nothing left to break or squeeze")


# ---------------------------------------------------------------- display lines and statistics


def set_line(runs: Sequence[TextRun], layout: Layout, fonts: FontBook) -> Line:
    """One unbroken line of display type (title, kicker, byline) at its natural
    width, punctuation placed as in body text — or, for a style with
    ``punctuation: compact``, with every mark's blank half taken out.
    Raises ValueError on a line feed."""
    prepared = prepare(runs, layout, fonts, indent=False)
    items, end = prepared.items, len(prepared.items) - 1
    natural, _ = _measure_line(items, 0, end)
    compact = bool(runs) and layout.styles[runs[0].style].punctuation == "compact"
    blanks = {k: items[k].shrink for k in range(end) if type(items[k]) is Glue
              and items[k].shrink > 0 and prepared.rank[k] > cjk.SQUEEZE_RANK[Cls.SPACE]
              } if compact else {}
    return _set(prepared, 0, end, natural - sum(blanks.values()), "left", True, blanks)


def condensed(line: Line, measure: float, scale: float | None = None) -> Line:
    """``line`` scaled horizontally to fit ``measure`` (长体), if it is wider,
    or by ``scale``, and centred in it: a display line a little too long for
    its column."""
    if scale is None:
        scale = min(1.0, measure / line.width) if line.width else 1.0
    width = line.width * scale
    offset = (measure - width) / 2
    glyphs = tuple(dataclasses.replace(g, x=g.x * scale + offset, scale_x=g.scale_x * scale)
                   for g in line.glyphs)
    return Line(glyphs, width, measure, True, 0.0, line.shrink * scale, line.start, line.end)
