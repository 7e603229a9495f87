"""NEW: the content file of a series' next installment, made from the previous one.

What stays from page to page — banner, layout, credits — is kept, with the
series line's installment number advanced. Each article becomes a
placeholder of the same shape — title lines, photos with their aspects — whose
one paragraph is as long as the old body, so the new page builds and fits as
the previous one did, and shows the copy budget, until every 待定 is replaced.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..load.content import Article, Banner, Head, Issue, load_content, normalizing
from ..load.yamlsource import FILE_START, Document, LoadError, located, parse

KICKER = "引题待定"
TITLE = "标题待定"
SUBTITLE = "副题待定"
BYLINE = "待定"  # after the byline's role, e.g. ■通讯员 待定
BODY = "正文待定。"  # repeated to the old body's length
CAPTION = "图说待定"

_SCHEMA_COMMENT = re.compile(r"# yaml-language-server: \$schema=(\S+)")
_INSTALMENT = re.compile(r"[（(]([〇零一二三四五六七八九十百]+|\d+)[）)]$")
_DIGITS = "零一二三四五六七八九"
_FLOW_CHARS = 40


def scaffold(previous: str | Path, target: str | Path, name: str | None = None) -> Path:
    """Write the next installment after ``previous`` to ``target`` and return
    its path. ``name`` defaults to the target's stem.

    Raises LoadError (located messages, as the CLI prints them) if
    ``previous`` does not load, or ``target`` exists or cannot be written:
    an existing file is never overwritten.
    """
    target = Path(target)
    doc = parse(previous)
    issue = load_content(previous, normalize=False)  # text as written, photo aspects read
    text = _header(doc, target) + _dump(_next(issue, target, name, normalizing(doc)))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise LoadError([located(target, FILE_START, "the file already exists",
                                 "choose another name or delete it first; nothing was written")]
                        ) from None
    except OSError as exc:
        raise LoadError([located(target, FILE_START, f"cannot write the file ({exc.strerror})",
                                 "check the folder exists and may be written to")]) from None
    return target


def next_series(series: str) -> str:
    """The series line with its closing installment number one up:
    …巡礼（二）→ …巡礼（三）, (9) → (10); unchanged if it ends in no such number."""
    match = _INSTALMENT.search(series)
    if match is None:
        return series
    number = match.group(1)
    if number.isdigit():
        following = str(int(number) + 1)
    elif number in _CHINESE_NUMBERS:
        following = _chinese_number(_CHINESE_NUMBERS[number] + 1)
    else:
        return series
    return series[:match.start(1)] + following + series[match.end(1):]


def _chinese_number(n: int) -> str:
    """1–999 in Chinese numerals as a series counts: 三, 十, 十一, 二十, 一百零五."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    parts = [_DIGITS[hundreds] + "百"] if hundreds else []
    if tens:
        parts.append(("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十")
    elif hundreds and units:
        parts.append("零")
    if units:
        parts.append(_DIGITS[units])
    return "".join(parts)


_CHINESE_NUMBERS = {_chinese_number(n): n for n in range(1, 999)}


def _next(issue: Issue, target: Path, name: str | None, normalize: bool) -> dict[str, Any]:
    """The new file's data, keys in the order the sample files use."""
    data: dict[str, Any] = {
        "name": name or target.stem,
        "layout": _relative(issue.layout, target),
        "normalize_punctuation": normalize,
    }
    if issue.banner is not None:
        data["banner"] = _banner(issue.banner)
    data["articles"] = [_placeholder(article) for article in issue.articles]
    if issue.credits:
        data["credits"] = issue.credits
    return data


def _banner(banner: Banner) -> dict[str, str]:
    written = {"main": banner.main, "series": next_series(banner.series), "slogan": banner.slogan}
    return {key: text for key, text in written.items() if text}


def _placeholder(article: Article) -> dict[str, Any]:
    """An article of the same shape: optional heads only where it had them,
    as many title lines and photos (same aspect, no file), and one paragraph
    as long as its body."""
    role = article.byline.rpartition(" ")[0]
    data: dict[str, Any] = {
        "kicker": KICKER if article.kicker else "",
        "title": [TITLE] * max(1, len(article.title)),
        "subtitle": SUBTITLE if article.subtitle else "",
        "byline": f"{role} {BYLINE}".strip() if article.byline else "",
        "photos": [{"caption": CAPTION, "aspect": round(p.aspect, 4)} for p in article.photos],
        "body": [BODY * max(1, round(_characters(article) / len(BODY)))],
    }
    return {key: value for key, value in data.items() if value}


def _characters(article: Article) -> int:
    """How much copy the body holds, subheads and lead phrases included."""
    return sum(len("".join(block.phrases)) if isinstance(block, Head)
               else len(block.lead + block.text) for block in article.body)


def _header(doc: Document, target: Path) -> str:
    """The previous file's schema comment (its path made relative to
    ``target``) and what to do with the new file."""
    todo = f"# The installment after {doc.path.name}: replace every 待定.\n"
    match = _SCHEMA_COMMENT.match(doc.text)
    if match is None:
        return todo
    schema = match.group(1)
    if "://" not in schema:
        schema = _relative(doc.resolve(schema), target)
    return f"# yaml-language-server: $schema={schema}\n{todo}"


def _relative(path: Path, target: Path) -> str:
    """``path`` as written in ``target``: relative to its folder, with '/'."""
    return Path(os.path.relpath(path, target.parent.absolute())).as_posix()


class _Dumper(yaml.SafeDumper):
    """Block style as the files are hand-written, but a short list of text
    (title lines) on one line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)  # list items indented under their key

    def represent_list(self, data: list[Any]) -> yaml.Node:
        flow = all(isinstance(item, str) for item in data) and len("".join(data)) <= _FLOW_CHARS
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _Dumper.represent_list)


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1 << 16)
