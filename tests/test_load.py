"""Loading content and layout files: the sample page loads whole and in
order, and each kind of mistake is reported at its line and column with a fix."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PIL import Image

from banmian.content import Head, Issue, Paragraph, load_content
from banmian.layout import STYLE_ROLES, load_layout
from banmian.yamlsource import LoadError

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
