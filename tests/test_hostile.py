"""Hostile input: whatever bytes a content or layout file holds, the loaders
either return their value or raise LoadError whose every message is located
(`file:line:column: what — fix`) — never another exception, never a hang.
A content file that loads sets nothing that prints nothing: no empty or blank
text, no empty list of articles, title lines, subhead phrases or paragraphs
(that once loaded, then crashed the composer or set empty lines).
The command line turns such input into exit status 2 and a message, no traceback."""
from __future__ import annotations

import re
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import CONTENT_FILE, LAYOUT, RANDOM_FILE, ROOT, SAMPLE, mutated

from banmian.app.cli import main
from banmian.load.content import Head, Issue, Paragraph, load_content
from banmian.load.layout import Layout, load_layout
from banmian.load.yamlsource import LoadError

LOCATED = re.compile(r"^.+:\d+:\d+: .+ — .+$")
HOSTILE = settings(deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the project, so the sample files' relative paths
    resolve: fonts and icc linked, content/photos and layouts/ copies (linked
    photos would lie outside the content's folder, and the sample never load)."""
    home = tmp_path_factory.mktemp("hostile")
    for name in ("fonts", "icc"):
        (home / name).symlink_to(ROOT / name)
    (home / "content").mkdir()
    shutil.copytree(ROOT / "content" / "photos", home / "content" / "photos")
    (home / "layouts").mkdir()
    shutil.copy(LAYOUT, home / "layouts" / LAYOUT.name)
    return home


def loads_or_explains(load, path: Path, data: bytes, returns: type) -> None:
    """Write ``data`` to ``path``; loading it gives a ``returns`` or located
    messages. A page that loads sets only text that prints."""
    path.write_bytes(data)
    try:
        value = load(path)
    except LoadError as err:
        assert err.messages
        for message in err.messages:
            assert LOCATED.fullmatch(message), message
    else:
        assert isinstance(value, returns)
        if isinstance(value, Issue):
            assert_sets_only_visible_text(value)


def _visible(text: str) -> bool:
    """Some character that is neither space nor an invisible format character."""
    return any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)


def assert_sets_only_visible_text(issue: Issue) -> None:
    """Every text the engine sets prints something; an optional one is '' or
    prints something; no list the engine lays out is a list of nothing."""
    optional = [issue.credits, issue.name]
    if issue.banner is not None:
        assert _visible(issue.banner.main), issue.banner
        optional += [issue.banner.series, issue.banner.slogan]
    assert issue.articles
    for article in issue.articles:
        assert article.title and all(map(_visible, article.title)), article.title
        optional += [article.kicker, article.subtitle, article.byline]
        assert all(_visible(photo.caption) for photo in article.photos), article.photos
        assert any(isinstance(block, Paragraph) for block in article.body), article.body
        for block in article.body:
            if isinstance(block, Head):
                assert block.phrases and all(map(_visible, block.phrases)), block
            else:
                assert _visible(block.text), block
                optional.append(block.lead)
    assert all(text == "" or _visible(text) for text in optional), optional


@HOSTILE
@given(data=RANDOM_FILE)
def test_random_files(home: Path, data: bytes) -> None:
    loads_or_explains(load_content, home / "content" / "random.yaml", data, Issue)


@settings(HOSTILE, max_examples=60)
@given(data=mutated(SAMPLE.read_text(encoding="utf-8")))
def test_mutated_content(home: Path, data: bytes) -> None:
    loads_or_explains(load_content, home / "content" / "mutated.yaml", data, Issue)


@settings(HOSTILE, max_examples=60)
@given(data=mutated(LAYOUT.read_text(encoding="utf-8")))
def test_mutated_layout(home: Path, data: bytes) -> None:
    loads_or_explains(load_layout, home / "layouts" / "mutated.yaml", data, Layout)


@settings(HOSTILE, max_examples=80)
@given(data=CONTENT_FILE)
def test_content_shaped_data(home: Path, data: bytes) -> None:
    loads_or_explains(load_content, home / "content" / "shaped.yaml", data, Issue)


JPEG = (ROOT / "content" / "photos" / "jinhu-1.jpg").read_bytes()


@settings(HOSTILE, max_examples=40)
@given(flips=st.lists(st.tuples(st.integers(0, 600), st.integers(0, 255)), min_size=1, max_size=6),
       end=st.integers(0, len(JPEG)))
def test_damaged_photo(home: Path, flips: list[tuple[int, int]], end: int) -> None:
    """A photo whose header is damaged or cut short is a located problem too."""
    photo = bytearray(JPEG[:end])
    for at, byte in flips:
        if at < len(photo):
            photo[at] = byte
    (home / "content" / "damaged.jpg").write_bytes(photo)
    page = ("layout: ../layouts/broadsheet-feature.yaml\narticles:\n  - title: [题]\n"
            "    body: [文]\n    photos: [{caption: 图, file: damaged.jpg}]\n")
    loads_or_explains(load_content, home / "content" / "photo.yaml", page.encode(), Issue)


PAGE = "layout: ../layouts/broadsheet-feature.yaml\narticles: "
KNOWN = [  # each of these once crashed or stalled a loader
    pytest.param("content", PAGE + "[" * 3000 + "]" * 3000, id="deep nesting"),
    pytest.param("content", PAGE + "[]\nnormalize_punctuation: !!timestamp x\n", id="bad tag"),
    pytest.param("content", PAGE + "[{title: [a], body: [{? [a] : b}]}]\n", id="list as key"),
    pytest.param("content", PAGE + '[{title: ["\\ud800"], body: [x]}]\n', id="lone surrogate"),
    pytest.param("content", PAGE + '[]\n"a\\nb": 1\n', id="line break in a key"),
    pytest.param("content", PAGE + '[{title: [a], body: ["' + "\\u4e00," * 50_000 + '"]}]\n',
                 id="50,000 escaped changes"),
    pytest.param("content", PAGE + "[{title: [a], body: ['" + "(" * 50_000 + "甲" + ")" * 50_000
                 + "']}]\n", id="50,000 nested brackets"),
    pytest.param("layouts", LAYOUT.read_text(encoding="utf-8").replace(
        "columns: 8", "columns: " + "9" * 5000), id="5,000-digit number"),
]


@pytest.mark.parametrize("folder, text", KNOWN)
def test_known_hostile_files(home: Path, folder: str, text: str) -> None:
    load, returns = (load_content, Issue) if folder == "content" else (load_layout, Layout)
    started = time.perf_counter()
    loads_or_explains(load, home / folder / "known.yaml", text.encode("utf-8"), returns)
    assert time.perf_counter() - started < 2


# --- through the command line -------------------------------------------------

@pytest.mark.parametrize("data, at", [
    ("layout: x.yaml\ncredits: 本版".encode("gbk"), ":2:10: not UTF-8 text"),
    ("\ufefflayout: x.yaml\ncredits: 本版".encode()[:-1], ":2:11: not UTF-8 text"),
    (b"", ":1:1: the file is empty"),
    (b"layout: x.yaml\narticles: []\ncredits: \x00\n", ":3:10: unprintable character U+0000"),
    (None, ":1:1: cannot read the file"),
], ids=["gbk", "cut short after a byte order mark", "empty", "nul", "missing"])
def test_cli_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               data: bytes | None, at: str) -> None:
    path = tmp_path / "page.yaml"
    if data is not None:
        path.write_bytes(data)
    assert main(["build", str(path), "-o", str(tmp_path / "page.pdf")]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"{path}{at}") and LOCATED.fullmatch(err.rstrip("\n"))
    assert "Traceback" not in out + err
    assert not (tmp_path / "page.pdf").exists()
