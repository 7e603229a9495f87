"""Loading content and layout files: the sample page loads whole and in
order, and each kind of mistake is reported at its line and column with a fix."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PIL import Image

from banmian.load.content import Head, Issue, Paragraph, load_content
from banmian.load.layout import STYLE_ROLES, load_layout
from banmian.load.yamlsource import LoadError

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "huaian-2023-02.yaml"
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"
SEED = ROOT.parent / "shared" / "seeds" / "000_7afb2be384d67ebd.txt"


def _body_text(blocks: tuple[Paragraph | Head, ...]) -> list[str]:
    return [part for b in blocks
            for part in (b.phrases if isinstance(b, Head) else (b.lead, b.text))]


def _seed_order(issue: Issue) -> str:
    """The issue's text in the seed's extraction order, without whitespace."""
    first, second = issue.articles
    banner = issue.banner
    parts = [first.kicker, *first.title, *(p.caption for p in first.photos), first.byline,
             *_body_text(first.body), banner.main, banner.series, banner.slogan,
             second.kicker, *second.title, second.byline, *_body_text(second.body),
             issue.credits, *(p.caption for p in second.photos)]
    return re.sub(r"\s", "", "".join(parts))


def _seed() -> str:
    if not SEED.exists():
        pytest.skip("the seed text is not on this machine")
    return re.sub(r"\s", "", SEED.read_text(encoding="utf-8"))


def test_sample_content_loads() -> None:
    issue = load_content(SAMPLE)
    assert issue.name == "huaian-2023-02"
    assert issue.layout == LAYOUT
    assert [a.kicker for a in issue.articles] == ["金湖县政协", "洪泽区政协"]
    assert [a.title for a in issue.articles] == [("踔厉奋发担使命", "勇毅前行谱新篇"),
                                                 ("勇担新使命", "攀登新高峰")]
    assert [a.byline for a in issue.articles] == ["■通讯员 闵海燕", "■通讯员 晁如波"]
    assert issue.banner.series == "——二〇二三年淮安市县区政协工作巡礼（二）"
    heads = [[b.phrases for b in a.body if isinstance(b, Head)] for a in issue.articles]
    assert [len(h) for h in heads] == [5, 5]
    assert all(len(phrases) == 2 for h in heads for phrases in h)
    paragraphs = [b for a in issue.articles for b in a.body if isinstance(b, Paragraph)]
    assert [p.lead for p in paragraphs if not p.lead] == ["", ""]  # the two article leads
    assert all(p.lead.endswith("。") for p in paragraphs if p.lead)
    photos = [p for a in issue.articles for p in a.photos]
    assert [p.file.name for p in photos] == ["jinhu-1.jpg", "jinhu-2.jpg", "hongze-1.jpg",
                                             "hongze-2.jpg"]
    assert all(abs(p.aspect - 1.5) < 0.01 and p.caption.startswith("2023年") for p in photos)


def test_sample_keeps_every_seed_character_in_order() -> None:
    seed = _seed()
    assert _seed_order(load_content(SAMPLE, normalize=False)) == seed
    issue = load_content(SAMPLE)
    back = {c.after: c.before for c in issue.changes}
    assert len(back) == len({(c.after, c.before) for c in issue.changes})  # one way each
    assert not set(back) & set(seed)  # so mapping back is exact
    text = _seed_order(issue)
    assert sum(text.count(after) for after in back) == len(issue.changes) > 100
    assert text.translate(str.maketrans(back)) == seed


def test_sample_changes_point_at_their_characters() -> None:
    issue = load_content(SAMPLE)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    positions = [(c.source.line, c.source.column) for c in issue.changes]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    for change in issue.changes:
        assert lines[change.source.line - 1][change.source.column - 1] == change.before


def test_sample_layout_loads() -> None:
    layout = load_layout(LAYOUT)
    assert layout.grid.columns == 8 and layout.grid.lines == 103
    assert set(STYLE_ROLES) <= set(layout.styles)
    assert layout.fonts["shusong"] == str(ROOT / "fonts" / "NotoSerifCJKsc-Regular.otf")
    assert all(Path(f).is_absolute() and Path(f).is_file() for f in layout.fonts.values())
    assert Path(layout.print.icc).is_absolute()
    assert layout.colors["red"] == (0, 100, 100, 0)


# --- one test per kind of mistake -------------------------------------------

PAGE = """\
layout: layout.yaml
articles:
  - kicker: 金湖县政协
    title: [踔厉奋发担使命, 勇毅前行谱新篇]
    photos:
      - caption: 示意
        file: photos/a.jpg
    body:
      - 一段正文。
"""


def _errors(path: Path, load=load_content) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load(path)
    assert str(caught.value) == "\n".join(caught.value.messages)
    return caught.value.messages


def _page(tmp_path: Path, text: str = PAGE, photo: bytes | None = None) -> Path:
    """A content file in ``tmp_path`` with an empty layout file and, if given, photos/a.jpg."""
    (tmp_path / "layout.yaml").write_text("", encoding="utf-8")
    if photo is not None:
        (tmp_path / "photos").mkdir()
        (tmp_path / "photos" / "a.jpg").write_bytes(photo)
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def jpeg() -> bytes:
    return (ROOT / "content" / "photos" / "jinhu-1.jpg").read_bytes()


def test_unknown_key_suggests_the_closest(tmp_path: Path, jpeg: bytes) -> None:
    path = _page(tmp_path, PAGE.replace("kicker:", "kiker:"), jpeg)
    assert _errors(path) == [
        f"{path}:3:5: unknown key `kiker:` — did you mean `kicker`? "
        "valid: body, byline, kicker, photos, subtitle, title"]


def test_wrong_type(tmp_path: Path) -> None:
    path = _page(tmp_path, PAGE.replace("file: photos/a.jpg", "aspect: wide"))
    assert _errors(path) == [
        f"{path}:7:17: expected a number, got 'wide' — write a number, e.g. `10.5`"]


def test_missing_required_field(tmp_path: Path, jpeg: bytes) -> None:
    path = _page(tmp_path, PAGE.replace("    title: [踔厉奋发担使命, 勇毅前行谱新篇]\n", ""), jpeg)
    assert _errors(path) == [
        f"{path}:3:5: `title:` is missing here — add `title:` with a list, e.g. `[a, b]`"]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = _page(tmp_path, PAGE.replace("kicker: 金湖县政协", "kicker: 金湖: 县政协"))
    assert _errors(path) == [
        f"{path}:3:15: YAML syntax error: mapping values are not allowed here — "
        "put text that contains ': ' in quotes, or check the indentation"]


def test_duplicate_key(tmp_path: Path, jpeg: bytes) -> None:
    path = _page(tmp_path, PAGE + "  - title: [一]\n    body: [二]\n    title: [三]\n", jpeg)
    assert _errors(path) == [
        f"{path}:12:5: duplicate key `title:` (first on line 10) — "
        "keep one `title:` in this mapping and delete the other"]


def test_missing_photo_file(tmp_path: Path) -> None:
    path = _page(tmp_path)
    assert _errors(path) == [
        f"{path}:7:15: photo file not found: {tmp_path / 'photos' / 'a.jpg'} — "
        "put the image there or correct `file:` (relative to this content file)"]


def test_unreadable_photo(tmp_path: Path) -> None:
    path = _page(tmp_path, photo="不是图片\n".encode())
    [message] = _errors(path)
    assert message.startswith(f"{path}:7:15: cannot read a.jpg as an image (")
    assert message.endswith(") — save it as a JPEG, PNG or TIFF file")


def test_placeholder_photo_keeps_its_aspect(tmp_path: Path) -> None:
    path = _page(tmp_path, PAGE.replace("file: photos/a.jpg", "aspect: 1.25"))
    photo = load_content(path).articles[0].photos[0]
    assert photo.file is None and photo.aspect == 1.25


def test_photo_aspect_follows_exif_orientation(tmp_path: Path) -> None:
    path = _page(tmp_path, photo=b"")
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter clockwise
    Image.new("RGB", (300, 200)).save(tmp_path / "photos" / "a.jpg", exif=exif)
    assert load_content(path).articles[0].photos[0].aspect == pytest.approx(200 / 300)


def test_all_errors_of_a_file_are_reported(tmp_path: Path) -> None:
    text = PAGE.replace("kicker:", "kiker:").replace("file: photos/a.jpg", "aspect: wide")
    text += "  - {head: [一]}\nnormalize_punctuation: maybe\n"
    messages = _errors(_page(tmp_path, text))
    assert [re.search(r":(\d+:\d+): (.{12})", m).groups() for m in messages] == [
        ("3:5", "unknown key "), ("7:17", "expected a n"), ("10:5", "`body:` is m"),
        ("10:5", "`title:` is "), ("10:6", "unknown key "), ("11:24", "expected tru")]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    path = _page(tmp_path, "\n".join(levels) + "\nlayout: *i\n")
    started = time.perf_counter()
    messages = _errors(path)
    assert time.perf_counter() - started < 1
    assert messages[0] == (f"{path}:2:8: YAML alias `*a` — "
                           "write the value out in full: aliases are not supported")


def _layout(tmp_path: Path, old: str, new: str, at: str) -> tuple[Path, str]:
    """The sample layout with ``old`` made ``new`` and its paths made absolute;
    and where ``at`` (a part of ``new``) starts in it, as 'line:column'."""
    text = LAYOUT.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    before = text[:text.index(new) + new.index(at)]
    path = tmp_path / "layout.yaml"
    path.write_text(text.replace("../", f"{ROOT}/"), encoding="utf-8")
    return path, f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_missing_font(tmp_path: Path) -> None:
    path, at = _layout(tmp_path, "../fonts/LXGWWenKai-Regular.ttf", "../fonts/Missing.ttf",
                       at="../")
    assert _errors(path, load_layout) == [
        f"{path}:{at}: file not found: {ROOT / 'fonts' / 'Missing.ttf'} — "
        "put the file there or correct the path (relative to this layout file)"]


def test_bad_colour_name(tmp_path: Path) -> None:
    path, at = _layout(tmp_path, "banner: {font: biaosong, size: 54, color: red}", "banner: {font: biaosong, size: 54, color: rde}", at="rde")
    assert _errors(path, load_layout) == [
        f"{path}:{at}: unknown colour `rde` — did you mean `red`? valid: black, red"]


# --- text that prints nothing ------------------------------------------------

ARTICLE = """\
  - kicker: 金湖县政协
    title: [踔厉奋发担使命, 勇毅前行谱新篇]
    subtitle: ——副题
    byline: ■通讯员 闵海燕
    photos:
      - caption: 示意图说。
        aspect: 1.5
    body:
      - 一段正文。
      - head: [坚持政治引领, 在学习贯彻新思想上筑根基]
      - lead: 坚持党的领导把方向。
        text: 其余的话。
"""
FULL_PAGE = f"""\
name: blank
layout: {LAYOUT}
banner:
  main: 砥砺奋进新征程
  series: ——二〇二三年淮安市县区政协工作巡礼（二）
  slogan: 实干笃行新时代
articles:
{ARTICLE}credits: ■本版策划：王成虎
"""
BODY = ARTICLE[ARTICLE.index("    body:"):]

REMOVE_OR_WRITE = "remove it, or write the text"
EMPTY_TEXT = [  # (old, new, where in new the message points, the message after 'file:line:col: ')
    pytest.param("- 一段正文。", "- ''", "''", f"empty paragraph — {REMOVE_OR_WRITE}",
                 id="empty paragraph"),
    pytest.param("- 一段正文。", "- '   '", "'",
                 f"paragraph holds only blank space — {REMOVE_OR_WRITE}", id="paragraph of spaces"),
    pytest.param("- 一段正文。", '- "\u3000\u3000"', '"',
                 f"paragraph holds only blank space — {REMOVE_OR_WRITE}", id="paragraph of 全角空格"),
    pytest.param("- 一段正文。", '- "\\u200b"', '"',
                 f"paragraph holds only blank space — {REMOVE_OR_WRITE}", id="zero-width space"),
    pytest.param("- 一段正文。", "- lead: ''\n        text: ''", "lead",
                 f"empty paragraph — {REMOVE_OR_WRITE}", id="empty lead and text"),
    pytest.param("text: 其余的话。", "text: ''", "''",
                 "lead phrase with no text after it — write the rest of the paragraph under "
                 "`text:`, or write the phrase as a plain paragraph (`- …`)", id="lead only"),
    pytest.param("lead: 坚持党的领导把方向。", "lead: ' '", "'",
                 "lead phrase holds only blank space — remove `lead:`, or write the text",
                 id="blank lead"),
    pytest.param("caption: 示意图说。", "caption: ''", "''",
                 "empty caption — write the caption: every photo has one", id="empty caption"),
    pytest.param("caption: 示意图说。", "caption: \"\\t\"", '"',
                 "caption holds only blank space — write the caption: every photo has one",
                 id="blank caption"),
    pytest.param("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: []", "[]",
                 "no title lines — write the title, one or two lines, e.g. `title: [第一行, 第二行]`",
                 id="no title lines"),
    pytest.param("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: [踔厉奋发担使命, '']", "''",
                 f"empty title line — {REMOVE_OR_WRITE}", id="empty title line"),
    pytest.param("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: ' '", "'",
                 f"title line holds only blank space — {REMOVE_OR_WRITE}", id="title of spaces"),
    pytest.param("head: [坚持政治引领, 在学习贯彻新思想上筑根基]", "head: []", "[]",
                 "subhead with no phrases — remove it, or write its phrases, "
                 "e.g. `head: [第一行, 第二行]`", id="subhead with no phrases"),
    pytest.param("head: [坚持政治引领, 在学习贯彻新思想上筑根基]", "head: ['', 在学习贯彻新思想上筑根基]",
                 "''", f"empty subhead phrase — {REMOVE_OR_WRITE}", id="empty subhead phrase"),
    pytest.param("kicker: 金湖县政协", "kicker: ' '", "'",
                 "kicker holds only blank space — remove `kicker:`, or write the text",
                 id="blank kicker"),
    pytest.param("subtitle: ——副题", "subtitle: \"\u3000\"", '"',
                 "subtitle holds only blank space — remove `subtitle:`, or write the text",
                 id="blank subtitle"),
    pytest.param("byline: ■通讯员 闵海燕", "byline: '  '", "'",
                 "byline holds only blank space — remove `byline:`, or write the text",
                 id="blank byline"),
    pytest.param("main: 砥砺奋进新征程", "main: ''", "''",
                 "empty banner main line — write the banner's main line, or remove `banner:`",
                 id="empty banner main line"),
    pytest.param("series: ——二〇二三年淮安市县区政协工作巡礼（二）", "series: ' '", "'",
                 "series line holds only blank space — remove `series:`, or write the text",
                 id="blank series line"),
    pytest.param("slogan: 实干笃行新时代", "slogan: ' '", "'",
                 "slogan holds only blank space — remove `slogan:`, or write the text",
                 id="blank slogan"),
    pytest.param("credits: ■本版策划：王成虎", "credits: ' '", "'",
                 "credits line holds only blank space — remove `credits:`, or write the text",
                 id="blank credits"),
    pytest.param("name: blank", "name: ' '", "'",
                 "name holds only blank space — remove `name:`, or write the text", id="blank name"),
    pytest.param(BODY, "    body: []\n", "[]",
                 "empty body — write the article's paragraphs under `body:`", id="empty body"),
    pytest.param(BODY, "    body:\n      - head: [坚持政治引领]\n", "- head",
                 "body has subheads but no paragraph — write the article's paragraphs under `body:`",
                 id="body of subheads only"),
    pytest.param("        text: 其余的话。\n", "        text: 其余的话。\n      - head: [结语]\n",
                 "head: [结", "subhead with no paragraph after it — write the section's "
                 "paragraphs under it, or remove it", id="subhead last"),
    pytest.param("      - head: [坚持政治引领, 在学习贯彻新思想上筑根基]\n",
                 "      - head: [第一部分]\n      - head: [坚持政治引领, 在学习贯彻新思想上筑根基]\n",
                 "head: [第", "subhead with no paragraph after it — write the section's "
                 "paragraphs under it, or remove it", id="two subheads in a row"),
    pytest.param(f"articles:\n{ARTICLE}", "articles: []\n", "[]",
                 "no articles — write at least one under `articles:`, with its `title:` and `body:`",
                 id="no articles"),
]


def _edited(old: str, new: str, at: str) -> tuple[str, str]:
    """FULL_PAGE with ``old`` made ``new``; and where ``at`` (a part of ``new``)
    starts in it, as 'line:column'."""
    assert FULL_PAGE.count(old) == 1 and at in new
    text = FULL_PAGE.replace(old, new)
    before = text[:text.index(new) + new.index(at)]
    return text, f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_the_full_page_loads(tmp_path: Path) -> None:
    path = tmp_path / "page.yaml"
    path.write_text(FULL_PAGE, encoding="utf-8")
    [article] = load_content(path).articles
    assert article.title == ("踔厉奋发担使命", "勇毅前行谱新篇") and len(article.body) == 3


@pytest.mark.parametrize("old, new, at, message", EMPTY_TEXT)
def test_text_that_prints_nothing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str],
                                             old: str, new: str, at: str, message: str) -> None:
    """Each is a located error with a fix, exit status 2, and nothing written
    (these once crashed the composer, or set empty lines)."""
    from banmian.app.cli import main

    text, where = _edited(old, new, at)
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(path), "-o", str(tmp_path / "page.pdf")]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{path}:{where}: {message}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["page.yaml"]


def test_empty_optional_text_is_absent(tmp_path: Path) -> None:
    """An optional text written '' is the same as no key at all."""
    text = FULL_PAGE
    for key in ("name", "series", "slogan", "kicker", "subtitle", "byline", "lead", "credits"):
        text = re.sub(rf"^( *(- )?{key}): .*$", r"\1: ''", text, count=1, flags=re.MULTILINE)
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    issue = load_content(path)
    [article] = issue.articles
    assert (issue.name, issue.credits, issue.banner.series, issue.banner.slogan) == ("page", "", "", "")
    assert (article.kicker, article.subtitle, article.byline) == ("", "", "")
    assert article.body[2] == Paragraph("其余的话。", "", article.body[2].source)
    assert article.name == "踔厉奋发担使命"


def test_text_problems_are_reported_with_the_others(tmp_path: Path) -> None:
    text = (FULL_PAGE.replace("kicker:", "kiker:").replace("- 一段正文。", "- ''")
            .replace("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: []")
            .replace("byline: ■通讯员 闵海燕", "byline: ' '")) + "normalize_punctuation: maybe\n"
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    messages = _errors(path)
    assert [re.search(r":(\d+:\d+): (.{12})", m).groups() for m in messages] == [
        ("8:5", "unknown key "), ("9:12", "no title lin"), ("11:13", "byline holds"),
        ("16:9", "empty paragr"), ("21:24", "expected tru")]


def test_shaping_no_text_gives_no_glyphs() -> None:
    """HarfBuzz gives an empty buffer no glyph lists; the face gives an empty one."""
    from banmian.compose.fonts import Face

    face = Face("shusong", ROOT / "fonts" / "NotoSerifCJKsc-Regular.otf")
    assert face.shape("") == []
    assert [g.advance for g in face.shape("一")] == [1.0]
