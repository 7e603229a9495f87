"""缺字 substitution: a character a style's face lacks (a rare character
beyond the BMP) is set in the layout's fallback face, reported, and copied
out of the PDF as written; only a character no face has is an error. The
shipped Noto cuts carry what Noto has of Extensions B–H (the 通用规范汉字表
characters among them), so those need no fallback at all."""
from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from test_cli import sample_copy

from banmian.app.cli import main
from banmian.compose.fonts import FontBook, MissingGlyph
from banmian.compose.lines import TextRun
from banmian.compose.paragraph import compose, prepare
from banmian.load.layout import Layout, load_layout
from banmian.load.yamlsource import LoadError
from banmian.page.display import GlyphRun
from banmian.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"
RARE = "𪨊"   # U+2AA0A, Ext C: in WenKai, not in Noto CJK SC
GUIFAN = "𫖮𬌗"  # U+2B5AE, U+2C317: 通用规范汉字表 characters beyond the BMP


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(LAYOUT)


@pytest.fixture()
def fonts(layout: Layout) -> FontBook:
    return FontBook(layout.fonts, layout.fallback_fonts)


def test_the_shipped_layout_falls_back_to_a_face_that_has_the_rare_character(layout, fonts):
    assert layout.fallback_fonts == ("kai",)
    assert not fonts[layout.styles["body"].font].has(RARE) and fonts["kai"].has(RARE)


def test_the_body_face_has_the_guifan_characters_beyond_the_bmp(layout, fonts):
    for style in ("body", "title", "subhead", "lead", "subtitle"):
        assert all(fonts[layout.styles[style].font].has(c) for c in GUIFAN), style


def test_a_rare_character_is_set_in_the_fallback_face_at_one_em(layout, fonts):
    lines = compose(prepare([TextRun(f"县政协委员王{RARE}同志发言。", "body")], layout, fonts,
                            indent=False), 20 * 9.0).lines
    glyphs = [g for line in lines for g in line.glyphs]
    faces = {g.text: g.face for g in glyphs}
    assert faces[RARE] == "kai" and faces["王"] == "shusong" and faces["同"] == "shusong"
    rare = next(g for g in glyphs if g.text == RARE)
    after = glyphs[glyphs.index(rare) + 1]
    assert after.x - rare.x == pytest.approx(9.0, abs=0.01)     # a whole em, as its neighbours
    assert fonts.substituted == {(RARE, "shusong", "kai")}


def test_without_a_fallback_the_character_is_missing(layout):
    with pytest.raises(MissingGlyph) as error:
        prepare([TextRun(f"王{RARE}", "body")], layout, FontBook(layout.fonts))
    assert error.value.char == RARE and "fallback_fonts" in str(error.value)


@pytest.mark.parametrize("text, expected", [
    (f"王{RARE}乙", [(0, 1, "shusong"), (1, 2, "kai"), (2, 3, "shusong")]),
    (f"{RARE}{RARE}", [(0, 2, "kai")]),
    (f"王{RARE}\ufe00乙", [(0, 1, "shusong"), (1, 3, "kai"), (3, 4, "shusong")]),  # VS stays
    (f"王{RARE}\u200d", [(0, 1, "shusong"), (1, 3, "kai")]),                      # ZWJ stays
    ("甲乙", [(0, 2, "shusong")]),
])
def test_stretches_cut_text_where_the_face_changes(fonts, text, expected):
    assert fonts.stretches("shusong", text) == expected


def test_a_character_no_face_has_is_still_missing(fonts):
    with pytest.raises(MissingGlyph) as error:
        fonts.stretches("shusong", "甲\U00020000乙")
    assert error.value.char == "\U00020000"


def test_an_unknown_fallback_face_is_a_located_layout_error(tmp_path):
    text = LAYOUT.read_text(encoding="utf-8").replace("fallback_fonts: [kai]", "fallback_fonts: [kia]")
    text = text.replace("../fonts/", f"{ROOT}/fonts/").replace("../icc/", f"{ROOT}/icc/")
    broken = tmp_path / "layout.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as error:
        load_layout(broken)
    message = str(error.value)
    assert "unknown font `kia`" in message and "did you mean `kai`" in message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.startswith("fallback_fonts"))
    assert f"layout.yaml:{line}:" in message


def test_a_page_with_a_rare_name_builds_reports_it_and_copies_out_as_written(tmp_path, capsys):
    def rare(data):
        body = data["articles"][0]["body"]
        body[0] = body[0].replace("金湖县政协在", f"金湖县政协委员王{RARE}在", 1)
    path = sample_copy(tmp_path, rare)
    out = tmp_path / "page.pdf"
    assert main(["build", str(path), "-o", str(out)]) == 0
    report = capsys.readouterr().out
    assert f"缺字 '{RARE}' (U+2AA0A) is not in shusong: set in kai" in report
    text = pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert f"王{RARE}" in text
    page = build(path).page
    runs = [run for run in page.of_type(GlyphRun) if any(g.text == RARE for g in run.glyphs)]
    assert runs and all(run.face == "kai" for run in runs)
