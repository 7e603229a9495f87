"""Hostile layout values and command-line outputs.

Layout values: each value that once crashed a build (ZeroDivisionError,
AssertionError, "Subsetting failed", a ValueError from the PDF/X step) or was
accepted silently (a negative gutter overprinting columns, a 400 % colour,
a text file as a font making every character 缺字, an sRGB profile as the
press condition) is now a located error — `file:line:column: what — fix` at
the value — exit 2, and the previous PDF stays as it was.

Outputs: a build never writes over one of its own inputs, never replaces
its PDF with a proof, refuses a folder or a name the file system cannot
take, reports a failed write in one line, and refuses a proof resolution
that is not a number or would need gigabytes — all before writing anything.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageCms
from strategies import LAYOUT, ROOT, SAMPLE

import banmian.files
from banmian.app.cli import main
from banmian.load.layout import load_layout
from banmian.load.yamlsource import LoadError

LOCATED = re.compile(r"^.+:\d+:\d+: .+ — .+$")
SECONDS = 10
PAGE = """layout: ../layouts/l.yaml
articles:
  - title: [测试标题]
    body: [正文。]
"""
OLD_PDF = b"%PDF-1.3 the previous good file\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project-shaped folder, the working directory: the faces and the
    profile linked file by file (a build that wrongly wrote over one would
    replace the link, never the project's file), the sample layout as
    layouts/l.yaml, a one-article page and the sample page with their
    photos, and a previous PDF at out/page.pdf."""
    for name in ("fonts", "icc"):
        (tmp_path / name).mkdir()
        for file in (ROOT / name).iterdir():
            (tmp_path / name / file.name).symlink_to(file)
    (tmp_path / "layouts").mkdir()
    shutil.copy(LAYOUT, tmp_path / "layouts" / "l.yaml")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "photos", content / "photos",
                    ignore=shutil.ignore_patterns("*.py", "*.txt"))
    (content / "page.yaml").write_text(PAGE, encoding="utf-8")
    (content / "sample.yaml").write_text(SAMPLE.read_text(encoding="utf-8").replace(
        "../layouts/broadsheet-feature.yaml", "../layouts/l.yaml"), encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page.pdf").write_bytes(OLD_PDF)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def digests(home: Path) -> dict[str, str]:
    """Every file under ``home`` that is not the build cache, by content."""
    return {str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(home.rglob("*")) if p.is_file() and ".cache" not in p.parts}


def run(home: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``banmian build argv`` in-process, timed, no traceback: (status, stdout, stderr)."""
    started = time.perf_counter()
    try:
        status = main(["build", *argv])
    except SystemExit as exit_:  # argparse refuses an argument this way
        status = exit_.code
    assert time.perf_counter() - started < SECONDS
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def refused(home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], why: str) -> str:
    """Exit 2 with ``why`` in the message, and not a file changed."""
    before = digests(home)
    status, out, err = run(home, capsys, *argv)
    assert status == 2, (status, out, err)
    assert re.search(why, err), err
    assert digests(home) == before
    return err


# --- layout values -----------------------------------------------------------------------

def cut(source: Path, size: int) -> Path:
    target = Path("cut-" + source.name)
    target.write_bytes(source.read_bytes()[:size])
    return target


def srgb() -> Path:
    path = Path("srgb.icc")
    path.write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    return path


def written(name: str, data: bytes) -> Path:
    Path(name).write_bytes(data)
    return Path(name)


FONT = ROOT / "fonts" / "NotoSerifCJKsc-Regular.otf"
ICC = ROOT / "icc" / "ISOnewspaper_v4_26_bas.icc"
FILES = {  # a file made in the home folder, named where the layout names a font or profile
    "text as font": (lambda: written("notes.ttf", b"not a font\n"), "kai", "not an OpenType"),
    "empty font": (lambda: written("empty.otf", b""), "kai", "not an OpenType"),
    "truncated font": (lambda: cut(FONT, 300_000), "shusong", "cut short at 300000 bytes"),
    "font cut in its directory": (lambda: cut(FONT, 40), "shusong", "cut short"),
    "JPEG as font": (lambda: cut(ROOT / "content/photos/jinhu-1.jpg", 10**9), "kai",
                     "not an OpenType"),
    "collection": (lambda: written("c.ttc", b"ttcf" + bytes(60)), "kai", "font collection"),
    "Latin face": (lambda: written("vera.ttf", (Path(reportlab.__file__).parent / "fonts"
                                                / "Vera.ttf").read_bytes()),
                   "kai", "no glyph for 一 。: not a Chinese face"),
    "profile as font": (lambda: cut(ICC, 10**9), "hei", "not an OpenType"),
    "text as profile": (lambda: written("p.icc", b"a profile, honestly\n"), "icc",
                        "not an ICC profile"),
    "10-byte profile": (lambda: cut(ICC, 10), "icc", "not an ICC profile"),
    "cut profile": (lambda: cut(ICC, 5000), "icc", "cut short: 5000 of its 1018366 bytes"),
    "sRGB profile": (srgb, "icc", "RGB display profile, not a CMYK output"),
    "font as profile": (lambda: cut(FONT, 10**6), "icc", "not an ICC profile"),
}


@pytest.mark.parametrize("name", FILES)
def test_fonts_and_profiles_are_what_they_claim(home: Path, capsys: pytest.CaptureFixture[str],
                                                name: str) -> None:
    make, key, why = FILES[name]
    path = make().resolve()
    layout = home / "layouts" / "l.yaml"
    text = layout.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.lstrip().startswith(f"{key}:"))
    layout.write_text(re.sub(rf"(?m)^(\s*{key}: )\S+", rf"\g<1>{path}", text, count=1),
                      encoding="utf-8")
    err = refused(home, capsys, ["content/page.yaml", "-o", "out/page.pdf"], why)
    assert err.startswith(f"{layout}:{line}:") and LOCATED.fullmatch(err.rstrip("\n")), err


VALUES = [  # (what the sample layout says, what a hostile one says instead, the message)
    ("pdfx: PDF/X-1a:2001", "pdfx: PDF/X-9", "unknown PDF/X version `PDF/X-9`"),
    ("pdfx: PDF/X-1a:2001", "pdfx: PDF/X-3:2002", "unknown PDF/X version"),
    ("output_condition_identifier: IFRA26", "output_condition_identifier: ' '",
     "the print condition has no name"),
    ("bleed_mm: 0 ", "bleed_mm: -5 ", r"`bleed_mm: -5` is outside 0–50"),
    ("bleed_mm: 0 ", "bleed_mm: 900 ", "is outside 0–50"),
    ("crop_marks: false", "crop_marks: true\n  crop_mark_width: 0", "crop_mark_width: 0"),
    ("crop_marks: false", "crop_marks: true\n  crop_mark_length_mm: -1", "crop_mark_length_mm"),
    ("  photo_columns: [3, 4]", "  photo_columns: []", "`photo_columns` is an empty list"),
    ("photo_crop_limit: 0.35", "photo_crop_limit: 2", "photo_crop_limit: 2"),
    ("  photo_margin_lines: 1", "  photo_margin_lines: 1\n  costs: {wido: 4}", "unknown cost `wido`"),
    ("  min_strip_lines: 10", "  min_strip_lines: 0", "min_strip_lines: 0"),
    ("  lines: 103", "  lines: 5", r"`banner_lines: 8` is outside 0–4"),
    ("  lines: 103", "  lines: 9", "9 lines leave none for articles"),
    ("banner_lines: 8", "banner_lines: 500", r"`banner_lines: 500` is outside 0–102"),
    ("banner_lines: 8", "banner_lines: -1", "banner_lines: -1"),
    ("credits_lines: 1", "credits_lines: -3", "credits_lines: -3"),
    ("rule_lines: 1 ", "rule_lines: 200 ", "rule_lines: 200"),
    ("gutter_chars: 1", "gutter_chars: -5", r"`gutter_chars: -5` is outside 1–13"),
    ("gutter_chars: 1", "gutter_chars: 0", "columns with none run into each other"),
    ("gutter_chars: 1", "gutter_chars: 99", "gutter_chars: 99"),
    ("line_pitch: 13.5", "line_pitch: 5", "at least the body size 9 pt"),
    ("headline_columns: 3", "headline_columns: 0", "headline_columns: 0"),
    ("headline_columns: 3", "headline_columns: 9", "headline_columns: 9` is outside 1–8"),
    ("photo_columns: [3, 4]", "photo_columns: []", "`photo_columns` is an empty list"),
    ("photo_columns: [3, 4]", "photo_columns: [3, 12]", "photo_columns.1: 12"),
    ("photo_columns: [3, 4]", "photo_columns: [0]", "photo_columns.0: 0"),
    ("subhead_lines: [3, 2]", "subhead_lines: []", "`subhead_lines` is an empty list"),
    ("subhead_lines: [3, 2]", "subhead_lines: [3, 0]", "subhead_lines.1: 0"),
    ("photo_aspect_tolerance: 0.15", "photo_aspect_tolerance: -0.1", "photo_aspect_tolerance"),
    ("caption_gap_lines: 0", "caption_gap_lines: -1", "caption_gap_lines: -1"),
    ("photo_margin_lines: 1", "photo_margin_lines: -2", "photo_margin_lines: -2"),
    ("rule_width: 0.75", "rule_width: 0", "rule_width: 0"),
    ("banner_rule_width: 2", "banner_rule_width: -2", "banner_rule_width: -2"),
    ("max_ink: 240", "max_ink: 0", "max_ink: 0"),
    ("max_ink: 240", "max_ink: 500", "max_ink: 500"),
    ("min_ppi: 200", "min_ppi: 0", "min_ppi: 0"),
    ("red: [0, 100, 100, 0]", "red: [100, 100, 100, 100]",
     "red is 400 % total ink, over the print condition's 240 %"),
    ("red: [0, 100, 100, 0]", "red: [100, 100, 50, 0]", "red is 250 % total ink"),
    ("red: [0, 100, 100, 0]", "red: [0, 100, 100, 101]", "red: K is 101"),
    ("body: {font: shusong, size: 9, leading: 13.5}", "body: {font: shusong, size: 9, leading: -1}",
     "leading: -1"),
    ("cjk_latin_space: 0 ", "cjk_latin_space: -1 ", "cjk_latin_space: -1"),
    ("indent_chars: 2", "indent_chars: 13", "indent_chars: 13` is outside 0–12"),
    ("indent_chars: 2", "indent_chars: -1", "indent_chars: -1"),
]


@pytest.mark.parametrize("sample, hostile, why", VALUES, ids=[v[1].strip() for v in VALUES])
def test_layout_values(home: Path, capsys: pytest.CaptureFixture[str], sample: str, hostile: str,
                       why: str) -> None:
    layout = home / "layouts" / "l.yaml"
    text = layout.read_text(encoding="utf-8")
    assert sample in text
    layout.write_text(text.replace(sample, hostile, 1), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_layout(layout)
    assert all(LOCATED.fullmatch(m) for m in caught.value.messages), caught.value.messages
    assert any(re.search(why, m) for m in caught.value.messages), caught.value.messages
    err = refused(home, capsys, ["content/sample.yaml", "-o", "out/page.pdf"], why)
    assert LOCATED.fullmatch(err.splitlines()[0]), err


def test_the_sample_layout_and_its_edges_load(home: Path) -> None:
    """Negative control: the shipped values, and the edges of the ranges, are accepted."""
    layout = home / "layouts" / "l.yaml"
    text = layout.read_text(encoding="utf-8")
    load_layout(layout)
    edges = (text.replace("bleed_mm: 0 ", "bleed_mm: 3 ").replace("crop_marks: false", "crop_marks: true")
             .replace("red: [0, 100, 100, 0]", "red: [40, 100, 100, 0]")
             .replace("headline_columns: 3", "headline_columns: 8"))
    layout.write_text(edges, encoding="utf-8")
    loaded = load_layout(layout)
    assert loaded.page.bleed_mm == 3 and sum(loaded.colors["red"]) == 240


@pytest.mark.parametrize("lines", [10, 14, 15])
def test_articles_need_room_on_the_grid(home: Path, capsys: pytest.CaptureFixture[str],
                                        lines: int) -> None:
    """Two articles under an 8-line banner need 16 lines: fewer once tripped an
    AssertionError in the band split; now it is a located error — at the
    content (its articles or its headlines have no room) or at the layout
    (a strip length the grid cannot hold)."""
    layout = home / "layouts" / "l.yaml"
    layout.write_text(layout.read_text(encoding="utf-8").replace("  lines: 103", f"  lines: {lines}"),
                      encoding="utf-8")
    err = refused(home, capsys, ["content/sample.yaml", "-o", "out/page.pdf"],
                  "need at least 16 lines|headline block needs 11 body lines and the page has|"
                  "min_strip_lines: 10` is outside")
    assert all(LOCATED.fullmatch(line) for line in err.rstrip("\n").splitlines())


# --- outputs -------------------------------------------------------------------------------

INPUTS = ["content/page.yaml", "layouts/l.yaml", "content/photos/jinhu-1.jpg",
          "fonts/NotoSerifCJKsc-Regular.otf", "icc/ISOnewspaper_v4_26_bas.icc", "out/x.png", "",
          "out", "content", "out/.pdf", "out/page.PDF.txt"]


@pytest.mark.parametrize("output", INPUTS)
def test_output_must_be_a_pdf_name(home: Path, capsys: pytest.CaptureFixture[str], output: str) -> None:
    """`-o` naming the content, the layout, a photo, a face, the profile, a
    PNG, nothing or a folder: refused before building, nothing replaced."""
    refused(home, capsys, ["content/sample.yaml", "-o", output, "--proof"],
            "the PDF's file name must end in .pdf")


def test_proof_beside_its_pdf_never_replaces_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-o out/x.png --proof` once wrote the PDF, then the proof over it."""
    refused(home, capsys, ["content/page.yaml", "-o", "out/x.png", "--proof"], "must end in .pdf")
    assert run(home, capsys, "content/page.yaml", "-o", "out/x.pdf", "--proof", "20")[0] == 0
    assert Path("out/x.pdf").read_bytes().startswith(b"%PDF-")
    assert Path("out/x.png").read_bytes().startswith(b"\x89PNG")


def test_a_proof_may_not_replace_a_photo(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The page's photo is photos/p.png: `-o content/photos/p.pdf --proof` would write its proof there."""
    Image.open("content/photos/jinhu-1.jpg").save("content/photos/p.png")
    Path("content/page.yaml").write_text(PAGE + "    photos: [{caption: 图说, file: photos/p.png}]\n",
                                         encoding="utf-8")
    refused(home, capsys, ["content/page.yaml", "-o", "content/photos/p.pdf", "--proof", "20"],
            r"writing content/photos/p.png would replace .*p.png, an input of this build")


@pytest.mark.parametrize("target", ["content/page.yaml", "layouts/l.yaml",
                                    "fonts/LXGWWenKai-Regular.ttf", "icc/ISOnewspaper_v4_26_bas.icc"])
def test_a_pdf_name_linked_to_an_input(home: Path, capsys: pytest.CaptureFixture[str],
                                       target: str) -> None:
    """A .pdf name that is the same file as an input (a link to it) is refused too."""
    Path("out/link.pdf").symlink_to(home / target)
    refused(home, capsys, ["content/page.yaml", "-o", "out/link.pdf"], "an input of this build")


def test_a_folder_named_like_a_pdf(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("out/folder.pdf").mkdir()
    refused(home, capsys, ["content/page.yaml", "-o", "out/folder.pdf"], "is a folder")


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_a_write_that_fails(home: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """A read-only folder or a full disk (simulated: the tests run with
    rights that ignore modes): one line, exit 2, the old PDF kept."""
    def fail(src: str, dst: str) -> None:
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(banmian.files.os, "replace", fail)
    err = refused(home, capsys, ["content/page.yaml", "-o", "out/page.pdf"],
                  f"cannot write out/page.pdf: {re.escape(os.strerror(code))} — ")
    assert err.rstrip("\n").count("\n") == 0 and Path("out/page.pdf").read_bytes() == OLD_PDF
    assert not [p for p in Path("out").iterdir() if p.name.endswith(".tmp")]


def test_a_path_that_cannot_be_made(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(home, capsys, ["content/page.yaml", "-o", "/proc/no/such.pdf"], "cannot write")


def test_a_long_chinese_name(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """82 CJK characters are 246 bytes: the PDF's name fits NAME_MAX, the
    temporary file beside it once did not (now a short ASCII name)."""
    name = "淮" * 82
    Path("content/long.yaml").write_text(f"name: {name}\n" + PAGE, encoding="utf-8")
    status, out, err = run(home, capsys, "content/long.yaml")
    assert status == 0, err
    assert Path(f"out/{name}.pdf").read_bytes().startswith(b"%PDF-")
    refused(home, capsys, ["content/long.yaml", "--proof", "20"],
            rf"{name}.annotated.png is 260 bytes, over the 255")


def test_a_name_too_long_for_any_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("content/long.yaml").write_text("name: " + "淮" * 90 + "\n" + PAGE, encoding="utf-8")
    refused(home, capsys, ["content/long.yaml"], "is 274 bytes, over the 255")


@pytest.mark.parametrize("dpi", ["nan", "inf", "-inf", "-100", "0", "0.5", "abc", "1e400", ""])
def test_proof_resolution_is_refused_up_front(home: Path, capsys: pytest.CaptureFixture[str],
                                              dpi: str) -> None:
    """Once a crash after the PDF had been replaced: now argparse refuses it."""
    refused(home, capsys, ["content/page.yaml", "-o", "out/page.pdf", f"--proof={dpi}"],
            "argument --proof: .* is not a resolution")


@pytest.mark.parametrize("dpi", ["1500", "443", "100000"])
def test_proof_resolution_is_bounded(home: Path, capsys: pytest.CaptureFixture[str], dpi: str) -> None:
    """1500 dpi needed over 2 GB; the largest for the broadsheet page is stated."""
    refused(home, capsys, ["content/page.yaml", "-o", "out/page.pdf", "--proof", dpi],
            "use at most 442 dpi")


def test_proof_command_dpi_is_checked_too(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digests(home)
    with pytest.raises(SystemExit) as exit_:
        main(["proof", "content/page.yaml", "--dpi", "nan"])
    assert exit_.value.code == 2 and digests(home) == before
    assert "is not a resolution" in capsys.readouterr().err


def test_watch_reports_an_output_it_may_not_write(home: Path) -> None:
    """`banmian watch -o` a proof's name: each round says why, no traceback."""
    from banmian.app.watch import rebuild

    done = rebuild(Path("content/page.yaml"), Path("out/x.png"), 20, cache=Path("out/.cache"))
    assert done.status == 2 and "must end in .pdf" in done.error and "Traceback" not in done.error
    assert not Path("out/x.png").exists()
