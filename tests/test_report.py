"""The copy-fit report's sentences: what an editor reads to decide what to
cut, add or move."""
from __future__ import annotations

import pytest

import banmian.app.report
from banmian.app.report import ArticleFit, typography_line
from banmian.compose.lines import Line, PositionedGlyph


def fit(over: int = 0, empty: int = 0, widows: int = 0) -> ArticleFit:
    return ArticleFit("洪泽区政协", 1300, 100, 30, ("3 col × 17 lines",), over, empty, widows, 13.0)


@pytest.mark.parametrize("article, status", [
    (fit(), "flush"),
    (fit(over=2), "2 lines over ≈ 26 characters to cut"),
    (fit(empty=1), "1 line under ≈ 13 characters to add"),
    (fit(over=2, empty=2), "2 lines over ≈ 26 characters to cut, and 2 lines left empty where a "
                           "subhead could not be kept with its text — move a subhead, or cut a "
                           "line more"),
    (fit(over=135, empty=1), "135 lines over ≈ 1755 characters to cut, and 1 line left empty where "
                             "a subhead could not be kept with its text — move a subhead, or cut a "
                             "line more"),
    (fit(widows=1), "flush (1 paragraph line alone at a column's head or foot — a line more or "
                    "less in a paragraph before it moves it)"),
    (fit(empty=3, widows=2), "3 lines under ≈ 39 characters to add (2 paragraph lines alone at a "
                             "column's head or foot — a line more or less in a paragraph before "
                             "it moves it)"),
])
def test_status_says_what_to_do(article, status):
    assert article.status == status


def line(stretch_em: float, last: bool = False) -> Line:
    glyph = PositionedGlyph(1, 0.0, "shusong", 9.0, "一")
    return Line((glyph,), 117.0, 117.0, last, stretch_em * 9.0, 0.0, 0, 1)


def test_typography_line_counts_every_stretched_line_including_the_loosest(monkeypatch):
    lines = [line(0.0), line(0.04), line(0.3), line(0.0, last=True)]
    monkeypatch.setattr(banmian.app.report, "body_lines", lambda build: lines)
    text = typography_line(None)
    assert text == ("typography: 3 justified body lines, 2 stretched "
                    "(max 0.300 em; ≤0: 1, ≤0.05: 1, >0.25: 1)")


def test_typography_line_without_justified_lines(monkeypatch):
    monkeypatch.setattr(banmian.app.report, "body_lines", lambda build: [line(0.0, last=True)])
    assert typography_line(None) == "typography: no justified body lines"


def test_a_photo_that_no_band_can_hold_is_reported_and_blocks_writing(tmp_path, capsys):
    """Four articles on one page: the last band is too short for its photo.
    The photo is named, not silently left out, and the PDF is not written."""
    import copy

    import yaml
    from test_cli import sample_copy

    from banmian.app.cli import main

    def crowded(data):
        first, second = data["articles"]
        data["articles"] = [first, second, dict(copy.deepcopy(first), kicker="第三篇"),
                            dict(copy.deepcopy(second), kicker="第四篇")]
    path = sample_copy(tmp_path, crowded)
    out = tmp_path / "page.pdf"
    assert main(["build", str(path), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "photo not placed — no size within the aspect tolerance fits" in captured.out
    assert "text or a photo does not fit" in captured.err and not out.exists()
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["articles"][3]["kicker"] == "第四篇"


@pytest.mark.parametrize("fits, status", [
    ([fit(), fit()], ""),
    ([fit(over=3), fit(empty=10)], "3 lines over, 10 lines under — move copy between articles "
                                   "before cutting or adding"),
    ([fit(empty=2), fit(empty=1)], "3 lines under ≈ 39 characters to add"),
    ([fit(over=1), fit()], "1 line over ≈ 13 characters to cut"),
])
def test_page_status_sums_the_articles(fits, status):
    from banmian.app.report import page_status
    assert page_status(fits) == status


def test_a_caption_broken_inside_a_url_is_reported(tmp_path, capsys):
    from test_cli import sample_copy

    from banmian.app.cli import main

    def linked(data):
        photo = data["articles"][0]["photos"][0]
        photo["caption"] = ("图为活动现场。详见https://www.hazx.gov.cn/szyj/2023/0615/"
                            "index_detail_20230615_0001_zhuanti_huodong_xianchang.html")
    path = sample_copy(tmp_path, linked)
    main(["build", str(path), "-o", str(tmp_path / "page.pdf"), "--allow-overset"])
    out = capsys.readouterr().out
    assert ": caption: broken: line" in out
