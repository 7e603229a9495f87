"""Hostile text: line feeds written every way YAML allows, in every text
field; runs too long for their line; odd characters; characters that share
a glyph. Whatever the text, a build ends without a traceback, with exit 0
(written), 1 (built, not written, reported) or 2 (a located message), and
every content character of a written page copies out of the PDF as written
(pypdf; pdfplumber too for shared glyphs) — none dropped in silence.

The generated cases build one small page each into a shared folder, so the
build cache (compositions, font cuts) is reused between them."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from strategies import LAYOUT, ROOT

from banmian import pipeline
from banmian.app.cli import main
from banmian.load.content import MAX_CHARACTERS, Paragraph, join_lines, load_content
from banmian.page.display import Glyph, GlyphRun, Page
from banmian.page.place import text_off_page

LOCATED = re.compile(r"^.+:\d+:\d+: .+ — .+$")
INDENT = " " * 12  # deeper than any key in the page below

SHARED = "〜～⋯…\uf967不➀①∕／•·\u212aK"
"""Pairs of characters one glyph draws: each copies out as itself."""
KAI = {"credits", "byline", "caption"}
"""Fields set in LXGW WenKai, which has neither U+F967 nor ➀ (缺字 there)."""
SHARED_KAI = "〜～⋯…∕／•·\u212aK"

DEFAULTS = {
    "name": "page", "main": "砥砺奋进", "series": "——巡礼之二", "slogan": "实干笃行",
    "credits": "■本版策划：某某", "kicker": "金湖县政协", "title": "测试标题",
    "subtitle": "——副题文字", "byline": "■通讯员 某某", "caption": "图说文字内容",
    "phrase": "小标题文字", "lead": "起首一句。", "text": "正文内容一段。", "paragraph": "第二段正文。",
}
PRINTED = [field for field in DEFAULTS if field != "name"]
ONE_LINE = {"name", "main", "series", "slogan", "credits", "kicker", "title", "subtitle",
            "byline", "caption", "phrase", "lead"}
"""Fields that are one line or phrase: a blank line in them is refused."""
SINGLE_LINE = {"main", "series", "slogan", "credits", "kicker", "title", "subtitle", "byline"}
"""Fields set on one line, never wrapped: too wide is refused."""

PAGE = """\
layout: ../layouts/broadsheet-feature.yaml
name: {name}
banner:
  main: {main}
  series: {series}
  slogan: {slogan}
credits: {credits}
articles:
  - kicker: {kicker}
    title:
      - {title}
    subtitle: {subtitle}
    byline: {byline}
    photos:
      - caption: {caption}
    body:
      - head:
          - {phrase}
      - lead: {lead}
        text: {text}
      - {paragraph}
"""


def written(kind: str, lines: list[str]) -> str:
    """``lines`` ('' a blank line) as one YAML value written the ``kind`` way."""
    block = "\n".join(INDENT + line if line else "" for line in lines)
    return {
        "literal": "|\n" + block,
        "literal-keep": "|+\n" + block + "\n",
        "folded": ">\n" + block,
        "folded-strip": ">-\n" + block,
        "plain": lines[0] + "\n" + "\n".join(INDENT + line if line else "" for line in lines[1:]),
        "double": '"' + lines[0] + "\n" + "\n".join(INDENT + l if l else "" for l in lines[1:]) + '"',
        "single": "'" + lines[0] + "\n" + "\n".join(INDENT + l if l else "" for l in lines[1:]) + "'",
        "escape": '"' + "\\n".join(lines) + '"',
        "escape-spaces": '"' + "  \\n  ".join(lines) + '"',
        "cr-escape": '"' + "\\r".join(lines) + '"',
        "separator-escape": '"' + "\\u2028".join(lines) + '"',
    }[kind]


def page_text(**values: str) -> str:
    return PAGE.format(**{**DEFAULTS, **values})


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the project (fonts and profile linked, the
    layout copied), with content/ for the pages and out/.cache shared."""
    home = tmp_path_factory.mktemp("hostile-text")
    for name in ("fonts", "icc"):
        (home / name).symlink_to(ROOT / name)
    (home / "layouts").mkdir()
    shutil.copy(LAYOUT, home / "layouts" / LAYOUT.name)
    (home / "content").mkdir()
    return home


@dataclasses.dataclass
class Outcome:
    status: int
    out: str
    err: str
    pdf: Path
    seconds: float

    def text(self) -> str:
        """The written page's text as pypdf extracts it, whitespace removed."""
        return _squeeze(pypdf.PdfReader(self.pdf).pages[0].extract_text())


def build(home: Path, name: str, text: str, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch, *options: str, crlf: bool = False) -> Outcome:
    """Write the page and build it as the command does (punctuation kept)."""
    monkeypatch.chdir(home)
    path = home / "content" / f"{name}.yaml"
    path.write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode())
    pdf = home / "out" / f"{name}.pdf"
    pdf.unlink(missing_ok=True)
    start = time.perf_counter()
    status = main(["build", str(path), "-o", str(pdf), "--no-normalize", *options])
    seconds = time.perf_counter() - start
    captured = capsys.readouterr()
    return Outcome(status, captured.out, captured.err, pdf, seconds)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_located(outcome: Outcome) -> None:
    assert outcome.status == 2, (outcome.out, outcome.err)
    assert "Traceback" not in outcome.err
    messages = outcome.err.strip().splitlines()
    assert messages and all(LOCATED.fullmatch(m) for m in messages), outcome.err
    assert not outcome.pdf.exists()


def assert_every_character_copies(outcome: Outcome, texts: dict[str, str]) -> None:
    """Written with exit 0, and each field's text (blank space aside) is in
    the PDF's text as written."""
    assert outcome.status == 0, (outcome.out, outcome.err)
    assert outcome.seconds < 10
    extracted = outcome.text()
    for field, value in texts.items():
        if field != "name":
            assert _squeeze(value) in extracted, (field, value, extracted)


# --- the generated family: line feeds of every kind in every field ----------------------

KINDS = ("literal", "literal-keep", "folded", "folded-strip", "plain", "double", "single",
         "escape", "escape-spaces", "cr-escape", "separator-escape")
TWO_LINES = ["第一行", "第二行"]
TWO_PARAGRAPHS = ["第一段", "", "第二段"]


@pytest.mark.parametrize("field", list(DEFAULTS))
@pytest.mark.parametrize("kind", KINDS)
def test_a_line_feed_in_any_field(home, capsys, monkeypatch, field: str, kind: str) -> None:
    """One line feed joins the lines (refused only in a name); a line break
    written as \\r or U+2028 is refused at its place."""
    outcome = build(home, f"lf-{field}-{kind}", page_text(**{field: written(kind, TWO_LINES)}),
                    capsys, monkeypatch)
    if field == "name" or kind in ("cr-escape", "separator-escape"):
        assert_located(outcome)
    else:
        assert_every_character_copies(outcome, {**DEFAULTS, field: "".join(TWO_LINES)})


@pytest.mark.parametrize("field", list(DEFAULTS))
@pytest.mark.parametrize("kind", ("literal", "folded", "plain", "double", "escape"))
def test_a_blank_line_in_any_field(home, capsys, monkeypatch, field: str, kind: str) -> None:
    """A blank line starts a new paragraph in a body paragraph and is
    refused, at its field, in any text that is one line or phrase."""
    outcome = build(home, f"blank-{field}-{kind}", page_text(**{field: written(kind, TWO_PARAGRAPHS)}),
                    capsys, monkeypatch)
    if field in ONE_LINE:
        assert_located(outcome)
        assert "blank line" in outcome.err or "name holds" in outcome.err
    else:
        assert_every_character_copies(outcome, {**DEFAULTS, field: "第一段第二段"})


def test_a_file_with_crlf_line_ends_reads_like_one_with_lf(home, capsys, monkeypatch) -> None:
    text = page_text(text=written("literal", TWO_PARAGRAPHS), caption=written("folded", TWO_LINES))
    outcome = build(home, "crlf", text, capsys, monkeypatch, crlf=True)
    assert_every_character_copies(outcome, {**DEFAULTS, "text": "第一段第二段", "caption": "第一行第二行"})


# --- long runs ---------------------------------------------------------------------------

RUNS = {"latin": "a" * 300, "han": "汉" * 300, "url": "https://example.com/" + "path/" * 60}


@pytest.mark.parametrize("field", PRINTED)
@pytest.mark.parametrize("run", list(RUNS))
def test_a_long_run_in_any_field(home, capsys, monkeypatch, field: str, run: str) -> None:
    """A run too long for one line wraps where the role wraps and is a
    located error where it is set on one line; nothing runs off the page."""
    outcome = build(home, f"run-{field}-{run}", page_text(**{field: RUNS[run]}), capsys, monkeypatch)
    if field in SINGLE_LINE:
        assert_located(outcome)
        assert "run off the page" in outcome.err
    else:
        assert_every_character_copies(outcome, {**DEFAULTS, field: RUNS[run]})


# --- odd characters and shared glyphs ----------------------------------------------------

ODD = {"zero-width-space": "\\u200b", "no-break-space": "\\u00a0", "ideographic-space": "\\u3000",
       "soft-hyphen": "\\u00ad", "word-joiner": "\\u2060", "precomposed": "\\u00e9"}
NO_GLYPH = {"noncharacter": "\\ufffe", "emoji": "\\U0001F600", "ext-b": "\\U00020000"}


@pytest.mark.parametrize("field", ("text", "caption", "title", "credits"))
@pytest.mark.parametrize("char", list(ODD) + list(NO_GLYPH))
def test_odd_characters(home, capsys, monkeypatch, field: str, char: str) -> None:
    """Invisible and rare characters are set and copy out, or (no face has
    them) are a located 缺字 — in the banner and credits too."""
    escape = {**ODD, **NO_GLYPH}[char]
    outcome = build(home, f"odd-{field}-{char}", page_text(**{field: f'"前{escape}后"'}),
                    capsys, monkeypatch)
    if char in NO_GLYPH:
        assert_located(outcome)
    else:
        value = "前" + escape.encode().decode("unicode_escape") + "后"
        assert_every_character_copies(outcome, {**DEFAULTS, field: value})


@pytest.mark.parametrize("field", PRINTED)
def test_characters_sharing_a_glyph_copy_as_written(home, capsys, monkeypatch, field: str) -> None:
    """〜 and ～, U+F967 and 不, the Kelvin sign and K …: one glyph each, yet
    each copies as itself with pypdf and pdfplumber; the preflight agrees."""
    shared = SHARED_KAI if field in KAI else SHARED
    outcome = build(home, f"shared-{field}", page_text(**{field: shared}), capsys, monkeypatch)
    assert_every_character_copies(outcome, {**DEFAULTS, field: shared})
    assert "preflight: PASS" in outcome.out
    with pdfplumber.open(outcome.pdf) as pdf:
        assert shared in _squeeze(pdf.pages[0].extract_text())


def test_a_shared_glyph_is_drawn_through_font_variants(home, capsys, monkeypatch) -> None:
    """The second text of a glyph comes from a variant font over the same
    embedded CIDFont, with a ToUnicode map of its own."""
    outcome = build(home, "variants", page_text(text="〜～〜～"), capsys, monkeypatch)
    assert outcome.status == 0
    with pikepdf_open(outcome.pdf) as pdf:
        fonts = pdf.pages[0].Resources.Font
        variants = [name for name in fonts.keys() if "v" in name]
        assert variants
        for name in variants:
            base = fonts[name.split("v")[0]]
            assert fonts[name].DescendantFonts[0].objgen == base.DescendantFonts[0].objgen
            assert fonts[name].ToUnicode.objgen != base.ToUnicode.objgen


def pikepdf_open(path: Path):
    import pikepdf
    return pikepdf.open(path)


# --- line feeds: the rules ---------------------------------------------------------------

def test_a_line_feed_joins_han_without_space_and_western_with_one() -> None:
    assert join_lines("第一行\n第二行") == "第一行第二行"
    assert join_lines("two Latin \n  words") == "two Latin words"
    assert join_lines("汉字\nLatin\n汉字") == "汉字Latin汉字"
    assert join_lines("3.14\n15") == "3.14 15"
    assert join_lines("……\n下文") == "……下文"
    assert join_lines("café\nnoir") == "café noir"


def test_block_scalars_and_escapes_load_as_joined_paragraphs(home) -> None:
    """Each way of writing a paragraph over lines loads as the same text,
    and a blank line splits it into paragraphs located at their first line."""
    body = "\n".join(f"      - {written(kind, ['第一行', '第二行 word', 'next', '', '新段'])}"
                     .replace(INDENT, " " * 8) for kind in ("literal", "folded", "plain", "escape"))
    path = home / "content" / "rules.yaml"
    path.write_text("layout: ../layouts/broadsheet-feature.yaml\narticles:\n"
                    "  - title: [测试标题]\n    body:\n" + body + "\n")
    paragraphs = [b for b in load_content(path).articles[0].body if isinstance(b, Paragraph)]
    assert [p.text for p in paragraphs] == ["第一行第二行 word next", "新段"] * 4
    literal_second = paragraphs[1].source
    assert (literal_second.line, literal_second.column) == (10, 9)


# --- text off the page -------------------------------------------------------------------

@pytest.mark.parametrize("field,value", [
    ("credits", "本" * 600), ("main", "砥" * 60), ("slogan", "实" * 60), ("series", "—" * 200),
    ("kicker", "引" * 120), ("byline", "■通讯员 " + "某" * 200)])
def test_a_display_line_wider_than_the_page_is_refused_even_with_final(
        home, capsys, monkeypatch, field: str, value: str) -> None:
    outcome = build(home, f"wide-{field}", page_text(**{field: value}), capsys, monkeypatch, "--final")
    assert_located(outcome)
    line = page_text(**{field: value}).splitlines().index(
        next(l for l in page_text(**{field: value}).splitlines() if value in l)) + 1
    assert f"{field}.yaml:{line}:" in outcome.err and "run off the page" in outcome.err


def test_forty_title_lines_are_refused_at_the_title(home, capsys, monkeypatch) -> None:
    title = "\n".join(f"      - 标题{n}" for n in range(40))
    text = page_text().replace("      - 测试标题", title)
    outcome = build(home, "title40", text, capsys, monkeypatch, "--final")
    assert_located(outcome)
    assert "title40.yaml:11:7:" in outcome.err and "headline block needs" in outcome.err


def test_a_top_margin_that_pushes_the_type_area_off_the_page_is_refused(home, capsys, monkeypatch):
    layout = home / "layouts" / "low.yaml"
    text = LAYOUT.read_text()
    layout.write_text(re.sub(r"margin_top_mm: [\d.]+", "margin_top_mm: 80", text))
    outcome = build(home, "low", page_text().replace("broadsheet-feature", "low"), capsys,
                    monkeypatch, "--final")
    assert_located(outcome)
    assert "low.yaml:" in outcome.err and "margin_top_mm 80" in outcome.err


def test_text_off_the_page_is_never_written(home, capsys, monkeypatch) -> None:
    """Defence in depth: should text still land off the trim, the page is
    not written (exit 1), with or without --final, and the report says where."""
    real = pipeline.text_off_page

    def shifted(page: Page) -> tuple[str, ...]:
        runs = [dataclasses.replace(run, y=run.y + page.height) if run.role == "credits" else run
                for run in page.items if isinstance(run, GlyphRun)]
        return real(dataclasses.replace(page, items=tuple(runs)))
    monkeypatch.setattr(pipeline, "text_off_page", shifted)
    for options in ((), ("--final",), ("--allow-overset",)):
        outcome = build(home, "off", page_text(), capsys, monkeypatch, *options)
        assert outcome.status == 1 and not outcome.pdf.exists()
        assert "lie off the page: credits text" in outcome.err


def test_text_off_page_measures_em_boxes_against_the_trim() -> None:
    glyphs = (Glyph(1, 0.0, "字"), Glyph(1, 9.0, "字"))
    inside = GlyphRun("shusong", 9.0, (0, 0, 0, 100), 10.0, 20.0, glyphs)
    page = Page(100.0, 100.0, (inside,))
    assert text_off_page(page) == ()
    for moved in (dict(x=90.0), dict(y=101.0), dict(y=5.0), dict(x=-1.0)):
        found = text_off_page(Page(100.0, 100.0, (dataclasses.replace(inside, **moved),)))
        assert len(found) == 1 and "'字字' lies off the page" in found[0]


# --- bounded work ------------------------------------------------------------------------

def test_eight_placeholder_photos_are_refused_quickly(home, capsys, monkeypatch) -> None:
    photos = "\n".join(f"      - caption: 图说{n}" for n in range(8))
    text = page_text().replace("      - caption: 图说文字内容", photos)
    outcome = build(home, "photos8", text, capsys, monkeypatch)
    assert_located(outcome)
    assert "8 photos; it may have at most 4" in outcome.err and outcome.seconds < 2


def test_a_paragraph_beyond_the_limit_is_refused_quickly(home, capsys, monkeypatch) -> None:
    outcome = build(home, "latin100k", page_text(paragraph="a" * 100_000), capsys, monkeypatch)
    assert_located(outcome)
    assert f"more than the {MAX_CHARACTERS:,}" in outcome.err and outcome.seconds < 2


def test_a_long_latin_run_is_set_and_its_warnings_quote_only_a_little(home, capsys,
                                                                        monkeypatch) -> None:
    outcome = build(home, "latin5k", page_text(paragraph="a" * 5_000), capsys, monkeypatch)
    assert outcome.status == 0 and outcome.seconds < 10
    warnings = [line for line in outcome.out.splitlines() if ": broken: line" in line]
    quoted = [re.search(r"ends inside '([^']*)'", line).group(1) for line in warnings]
    assert quoted and all(len(q) <= 82 and "…" in q for q in quoted)
    assert all("latin5k.yaml:21:9: broken: line" in line for line in warnings)
    assert "a" * 5_000 in outcome.text()


def test_six_articles_fit_in_bounded_time(home, capsys, monkeypatch) -> None:
    article = PAGE.split("articles:\n")[1].format(**DEFAULTS)
    text = PAGE.split("articles:\n")[0].format(**DEFAULTS) + "articles:\n" + article * 6
    outcome = build(home, "six", text, capsys, monkeypatch, "--allow-overset")
    assert outcome.status == 0 and outcome.seconds < 10
    assert "6 article(s)" in outcome.out


def test_more_articles_than_the_page_has_room_for_are_refused(home, capsys, monkeypatch) -> None:
    article = "  - title: [标题]\n    body: [正文。]\n"
    text = "layout: ../layouts/broadsheet-feature.yaml\narticles:\n" + article * 40
    outcome = build(home, "forty", text, capsys, monkeypatch)
    assert_located(outcome)
    assert "40 articles need at least" in outcome.err and outcome.seconds < 5


# --- smaller ones ------------------------------------------------------------------------

def test_an_edition_reports_every_page_when_one_fails_in_the_engine(home, capsys, monkeypatch):
    """A page that crashes the engine is reported with its traceback; the
    other pages are still built and reported (the workers inherit the patch)."""
    real = pipeline.build

    def failing(path, *args, **kwargs):
        if Path(path).stem == "crash":
            raise RuntimeError("engine defect")
        return real(path, *args, **kwargs)
    monkeypatch.setattr(pipeline, "build", failing)
    monkeypatch.chdir(home)
    paths = []
    for name in ("good", "crash", "fine"):
        path = home / "content" / f"{name}.yaml"
        path.write_text(page_text(name=name))
        paths.append(str(path))
    status = main(["build", *paths])
    captured = capsys.readouterr()
    assert status == 1
    assert "good.yaml -> out/good.pdf" in captured.out and "fine.yaml -> out/fine.pdf" in captured.out
    assert "crash.yaml: not built — the engine failed" in captured.err
    assert "RuntimeError: engine defect" in captured.err


@pytest.mark.parametrize("name", ['"a\\nb"', '"bad\\ufffename"', "|\n  one\n  two"])
def test_a_name_with_a_line_feed_or_a_noncharacter_is_refused(home, capsys, monkeypatch, name):
    outcome = build(home, "badname", page_text(name=name), capsys, monkeypatch)
    assert_located(outcome)
    assert "badname.yaml:2:7: the name holds" in outcome.err


@pytest.mark.parametrize("secret", ["root:x:0:0:root:/root:/bin/bash\nhunter2-is-the-password\n",
                                    "grid: hunter2-is-the-password\n",
                                    "page: [hunter2-is-the-password]\nfonts: hunter2-is-the-password\n"])
def test_a_layout_that_is_not_a_layout_is_never_quoted(home, capsys, monkeypatch, secret) -> None:
    (home / "content" / "secret.txt").write_text(secret)
    text = page_text().replace("../layouts/broadsheet-feature.yaml", "secret.txt")
    outcome = build(home, "secret", text, capsys, monkeypatch)
    assert_located(outcome)
    assert "hunter2" not in outcome.err and "root:x" not in outcome.err
    if "grid" not in secret and "page" not in secret:
        assert outcome.err.startswith(f"{home / 'content' / 'secret.yaml'}:1:9: ")


@pytest.mark.parametrize("field", ["credits", "main", "series", "slogan"])
def test_a_character_no_face_has_in_banner_or_credits_is_located(home, capsys, monkeypatch, field):
    outcome = build(home, f"missing-{field}", page_text(**{field: "缺\U00020000字"}), capsys, monkeypatch)
    assert_located(outcome)
    line = next(n for n, l in enumerate(page_text(**{field: "缺\U00020000字"}).splitlines(), 1)
                if "\U00020000" in l)
    assert f"missing-{field}.yaml:{line}:" in outcome.err and "缺字" in outcome.err


def test_source_date_epoch_is_ignored(home, monkeypatch) -> None:
    """The same input gives the same bytes in any environment."""
    path = home / "content" / "epoch.yaml"
    path.write_text(page_text(name="epoch"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plain = pipeline.build(path).pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert pipeline.build(path).pdf == plain
    assert os.environ["SOURCE_DATE_EPOCH"] == "1000000000"


def test_ctrl_c_while_importing_the_engine_is_one_line_and_130(home) -> None:
    """Ctrl-C lands during the engine's imports (made certain here by an
    import hook): no traceback, one line, status 130."""
    script = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def hook(name, *args, **kwargs):\n"
        "    if name in ('uharfbuzz', 'pikepdf'):\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = hook\n"
        "from banmian.app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    path = home / "content" / "ctrl-c.yaml"
    path.write_text(page_text())
    done = subprocess.run([sys.executable, "-c", script, "build", str(path)], cwd=home,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 130
    assert done.stderr == "banmian: interrupted\n" and "Traceback" not in done.stderr


def test_a_preflight_error_never_exits_0(home, capsys, monkeypatch) -> None:
    """Whatever the mode, a page whose preflight fails is not written."""
    real = pipeline.preflight_bytes

    def failing(*args, **kwargs):
        report = real(*args, **kwargs)
        report.errors.append(report.errors[0] if report.errors else _finding())
        return report
    monkeypatch.setattr(pipeline, "preflight_bytes", failing)
    for options in ((), ("--allow-overset",), ("--final",)):
        outcome = build(home, "failing", page_text(), capsys, monkeypatch, *options)
        assert outcome.status == 1 and not outcome.pdf.exists()
        assert "preflight found 1 error(s)" in outcome.err


def _finding():
    from banmian.check.preflight import Finding
    return Finding("text-mismatch", "extracted text differs from the source")
