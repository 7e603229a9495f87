"""Punctuation normalisation: what changes, what must not, and where each
change is reported in the content file."""
from __future__ import annotations

from pathlib import Path

import pytest

from banmian.load.content import load_content
from banmian.load.normalize import normalize_punctuation

CASES = [
    # sentences of the sample page
    ("2023年8月18日,金湖县政协主席会议视察专精特新企业培育工作。",
     "2023年8月18日，金湖县政协主席会议视察专精特新企业培育工作。"),
    ("——二〇二三年淮安市县区政协工作巡礼(二)", "——二〇二三年淮安市县区政协工作巡礼（二）"),
    ("制定党组成员联系党外常委、党员常委(委员)联系党外委员制度。",
     "制定党组成员联系党外常委、党员常委（委员）联系党外委员制度。"),
    ("主席会议21次;开展三级先导工程", "主席会议21次；开展三级先导工程"),
    ("■本版策划:王成虎 孙伯秋 唐筱葳", "■本版策划：王成虎 孙伯秋 唐筱葳"),
    ("办结率和满意率均为100%。向市政协", "办结率和满意率均为100%。向市政协"),
    ("坚定“一条心、一起拼、一起向未来”的信念,在新时代", "坚定“一条心、一起拼、一起向未来”的信念，在新时代"),
    ("“有事好商量—‘码’上议”协商议事平台", "“有事好商量—‘码’上议”协商议事平台"),
    # digits and Latin stay
    ("共3,000人", "共3,000人"),
    ("上午10:30开会", "上午10:30开会"),
    ("时间:10:30", "时间：10:30"),
    ("见(1)", "见（1）"),
    ("(1)", "(1)"),
    ("3(1)2", "3(1)2"),
    ("Hello, world! (Really?)", "Hello, world! (Really?)"),
    ("it's Huai'an", "it's Huai'an"),
    ("http://www.color.org/a?b=1", "http://www.color.org/a?b=1"),
    # Chinese context on one side only, or inside a pair
    ("金湖(Jinhu)县", "金湖（Jinhu）县"),
    ("(委员)", "（委员）"),
    ("真的吗?好!", "真的吗？好！"),
    ("Huai'an (淮安) is", "Huai'an （淮安） is"),
    # straight quotes pair in order, nested singles inside doubles
    ('开展"民生专题协商议事月"活动', "开展“民生专题协商议事月”活动"),
    ("他说:\"她说'你好'。\"", "他说：“她说‘你好’。”"),
    ('"ABC"活动', "“ABC”活动"),
    ('He said "hi" and left', 'He said "hi" and left'),
    ('一个"孤立的引号', '一个"孤立的引号'),
    # a mark between Western tokens embedded in Chinese; English quotations keep theirs
    ("增长12.5%,PM2.5浓度下降", "增长12.5%，PM2.5浓度下降"),
    ("使用App,提高效率", "使用App，提高效率"),
    ("他说:\"It's great!\"。", "他说：“It's great!”。"),
    ("他说:\"好!\"。", "他说：“好！”。"),
    ("共3,000人,其中", "共3,000人，其中"),
    ("Hello, world, again", "Hello, world, again"),
    ("登录网站https://www.hazx.gov.cn/a?b=1查询", "登录网站https://www.hazx.gov.cn/a?b=1查询"),
    ("网址:https://www.hazx.gov.cn,欢迎访问", "网址：https://www.hazx.gov.cn，欢迎访问"),
    ("来信请寄zx@hazx.gov.cn;来电", "来信请寄zx@hazx.gov.cn；来电"),
    ("登录zx.gov.cn/a:b查询", "登录zx.gov.cn/a:b查询"),
    # already full-width: untouched
    ("（委员）：“你好”，‘是’；好？好！", "（委员）：“你好”，‘是’；好？好！"),
]


@pytest.mark.parametrize(("before", "after"), CASES)
def test_normalize_table(before: str, after: str) -> None:
    assert normalize_punctuation(before)[0] == after


def test_edits_list_each_change_by_index() -> None:
    text, edits = normalize_punctuation('甲(乙),"丙"')
    assert text == "甲（乙），“丙”"
    assert [(e.index, e.before, e.after) for e in edits] == [
        (1, "(", "（"), (3, ")", "）"), (4, ",", "，"), (5, '"', "“"), (7, '"', "”")]


def _content(tmp_path: Path, body: str) -> Path:
    (tmp_path / "layout.yaml").write_text("", encoding="utf-8")
    path = tmp_path / "page.yaml"
    path.write_text("layout: layout.yaml\narticles:\n  - title: [标题]\n    body:\n" + body,
                    encoding="utf-8")
    return path


def _changes_at(path: Path, **options: bool) -> list[tuple[int, int, str]]:
    issue = load_content(path, **options)
    lines = path.read_text(encoding="utf-8").splitlines()
    for change in issue.changes:  # the file has the mark where the change says
        assert lines[change.source.line - 1][change.source.column - 1] == change.before
    return [(c.source.line, c.source.column, c.before) for c in issue.changes]


@pytest.mark.parametrize(("body", "expected"), [
    ("      - 甲,乙:丙\n", [(5, 10, ","), (5, 12, ":")]),
    ('      - "甲,\\"乙\\""\n', [(5, 11, ","), (5, 13, '"'), (5, 16, '"')]),
    ("      - '甲,''乙'''\n", [(5, 11, ","), (5, 12, "'"), (5, 15, "'")]),
    ("      - lead: 甲(乙)。\n        text: 丙,丁\n", [(5, 16, "("), (5, 18, ")"), (6, 16, ",")]),
    ("      - |\n        甲,乙\n          丙;丁\n", [(6, 10, ","), (7, 12, ";")]),
    ("      - >-  # a comment, with commas, here\n        甲,乙\n        丙;丁\n",
     [(6, 10, ","), (7, 10, ";")]),
    ("      - 甲,乙\n        丙;丁\n", [(5, 10, ","), (6, 10, ";")]),
])
def test_changes_are_located_in_the_file(tmp_path: Path, body: str,
                                         expected: list[tuple[int, int, str]]) -> None:
    assert _changes_at(_content(tmp_path, body)) == expected


def test_normalizing_can_be_switched_off(tmp_path: Path) -> None:
    path = _content(tmp_path, "      - 甲,乙\n")
    assert load_content(path, normalize=False).articles[0].body[0].text == "甲,乙"
    path.write_text(path.read_text(encoding="utf-8") + "normalize_punctuation: false\n",
                    encoding="utf-8")
    assert load_content(path).changes == ()
    assert load_content(path, normalize=True).articles[0].body[0].text == "甲，乙"


@pytest.mark.parametrize("text", [",", "!", "?", ";", ":", "a,", ",a", "“,”"])
def test_a_mark_at_either_end_of_the_text_is_no_error(text: str) -> None:
    """Found by the hostile-input suite: a mark with no neighbour on one side."""
    assert normalize_punctuation(text)[0] == text
