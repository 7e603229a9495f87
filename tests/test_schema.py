"""The JSON Schemas: generated fresh they equal the committed files, every
shipped file passes both schema and loader, and schema and loader agree on
the structural mistakes (unknown key, wrong type, missing field) and on the
enums and bounds the loaders check."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from test_load import PAGE

from banmian.app.schema import SCHEMAS, content_schema, layout_schema, main, schema_text
from banmian.load.content import load_content
from banmian.load.layout import load_layout
from banmian.load.yamlsource import LoadError

ROOT = Path(__file__).resolve().parents[1]
CONTENT = Draft202012Validator(content_schema())
LAYOUT = Draft202012Validator(layout_schema())
LAYOUT_FILE = ROOT / "layouts" / "broadsheet-feature.yaml"


@pytest.mark.parametrize("name", SCHEMAS)
def test_committed_schema_is_current(name: str) -> None:
    committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
    assert committed == schema_text(SCHEMAS[name]()), "run `python -m banmian.app.schema`"


def test_schemas_are_valid_draft_2020_12() -> None:
    for schema in (content_schema(), layout_schema()):
        Draft202012Validator.check_schema(schema)


def test_main_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    main([str(tmp_path)])
    first = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    main([str(tmp_path)])
    assert first == {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(first) == sorted(SCHEMAS)
    assert all(data.endswith(b"}\n") for data in first.values())


def _instance(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted((ROOT / "content").glob("*.yaml")), ids=lambda p: p.name)
def test_content_files_pass_schema_and_loader(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/content.schema.json")
    CONTENT.validate(_instance(path))
    load_content(path)


@pytest.mark.parametrize("path", sorted((ROOT / "layouts").glob("*.yaml")), ids=lambda p: p.name)
def test_layout_files_pass_schema_and_loader(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../schema/layout.schema.json")
    LAYOUT.validate(_instance(path))
    load_layout(path)


# --- schema and loader agree ---------------------------------------------------

PLACEHOLDER_PAGE = PAGE.replace("file: photos/a.jpg", "aspect: 1.5")

CONTENT_MISTAKES = {
    # the structural mistakes of test_load.py, and more of their kind
    "unknown key": ("kicker:", "kiker:"),
    "wrong type": ("aspect: 1.5", "aspect: wide"),
    "missing field": ("    title: [踔厉奋发担使命, 勇毅前行谱新篇]\n", ""),
    "not a list": ("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: {a: b}"),
    "null text": ("kicker: 金湖县政协", "kicker: ~"),
    "unknown block": ("- 一段正文。", "- {head: [一], text: 二}"),
    "bad flag": ("layout:", "normalize_punctuation: maybe\nlayout:"),
    "zero aspect": ("aspect: 1.5", "aspect: 0"),
}
CONTENT_VARIANTS = {
    "as written": ("", ""),
    "one title line, not a list": ("title: [踔厉奋发担使命, 勇毅前行谱新篇]", "title: 踔厉奋发担使命"),
    "a number as text": ("kicker: 金湖县政协", "kicker: 2023"),
    "every block form": ("- 一段正文。", "- 一段正文。\n      - head: [一, 二]\n      - {lead: 甲。, text: 乙}"),
    "banner and credits": ("layout:", "banner: {main: 主, series: 系列}\ncredits: 策划\nlayout:"),
}


def _content(tmp_path: Path, old: str, new: str) -> Path:
    (tmp_path / "layout.yaml").write_text("", encoding="utf-8")
    assert old in PLACEHOLDER_PAGE
    path = tmp_path / "page.yaml"
    path.write_text(PLACEHOLDER_PAGE.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new", CONTENT_MISTAKES.values(), ids=CONTENT_MISTAKES)
def test_content_mistakes_are_refused_by_both(tmp_path: Path, old: str, new: str) -> None:
    path = _content(tmp_path, old, new)
    with pytest.raises(LoadError):
        load_content(path)
    assert not CONTENT.is_valid(_instance(path))


@pytest.mark.parametrize("old, new", CONTENT_VARIANTS.values(), ids=CONTENT_VARIANTS)
def test_content_variants_are_accepted_by_both(tmp_path: Path, old: str, new: str) -> None:
    path = _content(tmp_path, old, new)
    load_content(path)
    CONTENT.validate(_instance(path))


LAYOUT_MISTAKES = {
    "unknown key": ("  bleed_mm: 0 ", "  bleed: 0 "),
    "missing field": ("  lines: 103\n", ""),
    "wrong type": ("  columns: 8", "  columns: eight"),
    "kinsoku level": ("kinsoku: basic", "kinsoku: loose"),
    "negative cost": ("  photo_margin_lines: 1", "  photo_margin_lines: 1\n  costs: {widow: -4}"),
    "no columns": ("  columns: 8", "  columns: 0"),
    "zero size": ("body_size: 9 ", "body_size: 0 "),
    "ink over 100": ("red: [0, 100, 100, 0]", "red: [0, 101, 100, 0]"),
    "short colour": ("red: [0, 100, 100, 0]", "red: [0, 100, 100]"),
}
LAYOUT_VARIANTS = {
    "as written": ("", ""),
    "strict kinsoku": ("kinsoku: basic", "kinsoku: strict"),
    "a default left out": ("  max_ink: 240\n", ""),
    "one value for a list": ("photo_columns: [3, 4]", "photo_columns: 3"),
}


def _layout(tmp_path: Path, old: str, new: str) -> Path:
    text = LAYOUT_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "layout.yaml"
    path.write_text(text.replace(old, new, 1).replace("../", f"{ROOT}/"), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new", LAYOUT_MISTAKES.values(), ids=LAYOUT_MISTAKES)
def test_layout_mistakes_are_refused_by_both(tmp_path: Path, old: str, new: str) -> None:
    path = _layout(tmp_path, old, new)
    with pytest.raises(LoadError):
        load_layout(path)
    assert not LAYOUT.is_valid(_instance(path))


@pytest.mark.parametrize("old, new", LAYOUT_VARIANTS.values(), ids=LAYOUT_VARIANTS)
def test_layout_variants_are_accepted_by_both(tmp_path: Path, old: str, new: str) -> None:
    path = _layout(tmp_path, old, new)
    load_layout(path)
    LAYOUT.validate(_instance(path))


def test_schema_carries_the_docstrings_and_defaults() -> None:
    schema = json.loads(schema_text(layout_schema()))
    typography = schema["$defs"]["Typography"]
    assert typography["description"].startswith("Line-composition knobs")
    assert typography["properties"]["kinsoku"]["default"] == "basic"
    assert schema["required"] == ["arrangement", "colors", "fonts", "grid", "name", "page", "styles"]
