"""Scaffolding the next installment: what stays is kept, the series number
moves on, the articles become placeholders of the same shape, the new file
loads and builds, and an existing file is never overwritten."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from banmian.app.scaffold import CAPTION, TITLE, next_series, scaffold
from banmian.load.content import load_content
from banmian.load.yamlsource import LoadError
from banmian.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "huaian-2023-02.yaml"
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scaffold(SAMPLE, tmp_path_factory.mktemp("next") / "issues" / "huaian-2023-03.yaml")


def test_keeps_banner_credits_and_layout(scaffolded: Path) -> None:
    before, after = load_content(SAMPLE, normalize=False), load_content(scaffolded, normalize=False)
    assert after.name == "huaian-2023-03"
    assert after.layout == before.layout == LAYOUT
    assert after.credits == before.credits
    assert (after.banner.main, after.banner.slogan) == (before.banner.main, before.banner.slogan)
    assert before.banner.series.endswith("巡礼(二)") and after.banner.series.endswith("巡礼(三)")
    assert load_content(scaffolded).banner.series.endswith("巡礼（三）")


def test_articles_become_placeholders_of_the_same_shape(scaffolded: Path) -> None:
    before, after = load_content(SAMPLE), load_content(scaffolded)
    assert len(after.articles) == len(before.articles)
    for old, new in zip(before.articles, after.articles):
        assert new.title == (TITLE,) * len(old.title)
        assert "待定" in new.kicker and "待定" in new.byline
        assert len(new.body) == 1 and "待定" in new.body[0].text
        assert [p.caption for p in new.photos] == [CAPTION] * len(old.photos)
        assert all(p.file is None for p in new.photos)
        assert [p.aspect for p in new.photos] == pytest.approx([p.aspect for p in old.photos],
                                                               abs=1e-3)


def test_schema_comment_points_at_the_schema(scaffolded: Path) -> None:
    first = scaffolded.read_text(encoding="utf-8").splitlines()[0]
    schema = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first).group(1)
    assert (scaffolded.parent / schema).resolve() == ROOT / "schema" / "content.schema.json"


def test_builds_without_overset(scaffolded: Path) -> None:
    result = build(scaffolded, preflight=False)
    assert not [band for band in result.plan.bands if band.flow.overset]


def test_name_may_be_given(tmp_path: Path) -> None:
    assert load_content(scaffold(SAMPLE, tmp_path / "x.yaml", name="淮安-三")).name == "淮安-三"


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "taken.yaml"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        scaffold(SAMPLE, target)
    assert caught.value.messages == [
        f"{target}:1:1: the file already exists — choose another name or delete it first; "
        "nothing was written"]
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_previous_must_load(tmp_path: Path) -> None:
    with pytest.raises(LoadError):
        scaffold(tmp_path / "missing.yaml", tmp_path / "new.yaml")
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize("before, after", [
    ("——二〇二三年淮安市县区政协工作巡礼（二）", "——二〇二三年淮安市县区政协工作巡礼（三）"),
    ("巡礼(二)", "巡礼(三)"),
    ("巡礼(九)", "巡礼(十)"),
    ("巡礼（十九）", "巡礼（二十）"),
    ("巡礼（九十九）", "巡礼（一百）"),
    ("巡礼（一百零九）", "巡礼（一百一十）"),
    ("巡礼(9)", "巡礼(10)"),
    ("巡礼（二）之后", "巡礼（二）之后"),
    ("二〇二三年巡礼", "二〇二三年巡礼"),
    ("巡礼（两）", "巡礼（两）"),
    ("", ""),
])
def test_next_series(before: str, after: str) -> None:
    assert next_series(before) == after
