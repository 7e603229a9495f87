"""Compositions kept between builds: a hit is exactly what composing gives,
and any input a composition depends on misses."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from test_cli import sample_copy

import banmian.cache
from banmian.cache import Cache
from banmian.compose.fonts import FontBook
from banmian.compose.kept import Kept
from banmian.compose.lines import TextRun
from banmian.compose.paragraph import compose, prepare
from banmian.load.layout import Layout, Style, Typography, load_layout
from banmian.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
#: Hard material: a run-in lead, digits, Latin, nested quotes, a dash, an
#: ellipsis, a rare character in the fallback face, punctuation clusters.
RUNS = [TextRun("聚焦主责主业。", "lead"),
        TextRun("全年GDP同比增长12.5%，“‘5G+’智慧园区”建成——覆盖1.2万户……（含𪨊村）。", "body")]
MEASURE = 13 * 9.0


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(ROOT / "layouts" / "broadsheet-feature.yaml")


def composed(layout: Layout, fonts: FontBook, kept: Kept, runs=RUNS, measure=MEASURE):
    return kept.composition("paragraph", runs, [measure],
                            lambda: compose(prepare(runs, layout, fonts), measure))


def test_a_hit_is_the_composition_itself(layout, tmp_path):
    fresh = compose(prepare(RUNS, layout, FontBook(layout.fonts, layout.fallback_fonts)), MEASURE)
    cache = Cache(tmp_path)
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    first = composed(layout, fonts, Kept(layout, fonts, cache.memo))
    assert fonts.substituted == {("𪨊", "shusong", "kai")}
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    again = composed(layout, fonts, Kept(layout, fonts, cache.memo))
    assert cache.hits == 1
    assert again == first == fresh          # every glyph, position and width, float for float
    assert fonts.substituted == {("𪨊", "shusong", "kai")}   # reported on a hit too


@pytest.mark.parametrize("change", [
    lambda layout: (layout, RUNS[:1] + [TextRun(RUNS[1].text + "。", "body")], MEASURE),
    lambda layout: (layout, RUNS, MEASURE - 9.0),
    lambda layout: (dataclasses.replace(layout, styles={
        **layout.styles, "body": Style("shusong", 9.5, leading=13.5)}), RUNS, MEASURE),
    lambda layout: (dataclasses.replace(layout, typography=Typography(kinsoku="strict")), RUNS, MEASURE),
    lambda layout: (dataclasses.replace(layout, fallback_fonts=()), RUNS[:1], MEASURE),
], ids=["text", "measure", "style size", "kinsoku", "fallback faces"])
def test_any_input_of_a_composition_misses(layout, tmp_path, change):
    cache = Cache(tmp_path)
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    composed(layout, fonts, Kept(layout, fonts, cache.memo))
    other, runs, measure = change(layout)
    fonts = FontBook(other.fonts, other.fallback_fonts)
    result = composed(other, fonts, Kept(other, fonts, cache.memo), runs, measure)
    assert cache.hits == 0
    assert result == compose(prepare(runs, other, fonts), measure)


def test_a_changed_face_file_or_engine_source_misses(layout, tmp_path, monkeypatch):
    cache = Cache(tmp_path)
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    composed(layout, fonts, Kept(layout, fonts, cache.memo))
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    monkeypatch.setattr(type(fonts["shusong"]), "identity", b"another version of the file")
    composed(layout, fonts, Kept(layout, fonts, cache.memo))
    monkeypatch.undo()
    monkeypatch.setattr(banmian.cache, "version", lambda: b"an edited engine")
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    composed(layout, fonts, Kept(layout, fonts, cache.memo))
    assert cache.hits == 0


def test_without_a_memo_nothing_is_kept(layout, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fonts = FontBook(layout.fonts, layout.fallback_fonts)
    assert composed(layout, fonts, Kept(layout, fonts, None)) == composed(
        layout, fonts, Kept(layout, fonts, None))
    assert not list(tmp_path.iterdir())


def test_an_edited_paragraph_recomposes_alone(tmp_path):
    """A rebuild after one edit composes that paragraph and nothing else."""
    def edit(data):
        body = data["articles"][0]["body"]
        body[0] = body[0].replace("信念", "信念和决心", 1)
    cache = Cache(tmp_path / "cache")
    build(sample_copy(tmp_path / "a", None), cache=cache.folder)
    before = {p.name for p in cache.folder.glob("paragraph-*")}
    result = build(sample_copy(tmp_path / "b", edit), cache=cache.folder)
    after = {p.name for p in cache.folder.glob("paragraph-*")}
    assert len(after - before) == 1
    assert "信念和决心" in result.page.text


def test_the_engine_digest_covers_every_module_and_the_libraries():
    """Subheads and captions are made by functions in blocks.py, font cuts in
    pdffonts.py, ink readings in preflight.py, and all of it by HarfBuzz, Pillow,
    pikepdf and zlib: an edit anywhere in the engine, or another library
    version, must miss (an edit in blocks.py once served stale subheads)."""
    import hashlib
    import importlib.metadata
    import zlib

    package = Path(banmian.cache.__file__).parent
    expected = hashlib.sha256(banmian.cache.FORMAT.encode())
    for module in sorted(package.rglob("*.py")):
        expected.update(module.relative_to(package).as_posix().encode())
        expected.update(module.read_bytes())
    expected.update(banmian.cache.makers().encode())
    assert banmian.cache.version() == expected.digest()
    makers = banmian.cache.makers()
    for name in ("uharfbuzz", "pillow", "pikepdf", "reportlab"):
        assert importlib.metadata.version(name) in makers
    assert zlib.ZLIB_RUNTIME_VERSION in makers
    assert {"compose/blocks.py", "compose/paragraph.py", "compose/kept.py", "output/pdffonts.py",
            "check/preflight.py"} <= {p.relative_to(package).as_posix() for p in package.rglob("*.py")}
