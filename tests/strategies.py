"""Hypothesis strategies for hostile input files: random bytes and text,
mutations of the sample files, and YAML dumped from random content-shaped data.

Each strategy gives the bytes of a whole file; the tests write them to disk
and hand the path to a loader.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "huaian-2023-02.yaml"
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"

CONTENT_KEYS = ("name", "layout", "normalize_punctuation", "banner", "main", "series", "slogan",
                "articles", "kicker", "title", "subtitle", "byline", "photos", "caption", "file",
                "aspect", "body", "head", "lead", "text", "credits")

# Escapes a double-quoted YAML scalar may hold: lone surrogates, controls,
# separators, an astral character and its (wrong, for YAML) surrogate pair.
ESCAPES = ("\\ud800", "\\udfff", "\\ud83d\\ude00", "\\x00", "\\a", "\\e", "\\x1b", "\\r",
           "\\u2028", "\\N", "\\L", "\\P", "\\0", "\\t", "\\n", "\\U0001F600", "\\x85")

SNIPPETS = ("", "~", "{}", "[]", "[[]]", "{a: }", "&a x", "*a", "!!binary xx", "!!int abc",
            "!!float x", "!!timestamp nope", "!!timestamp 2023-13-45", "2023-13-45", "1e9999",
            ".nan", ".inf", "-.inf", "0x1F", "0o17", "1_000", "10:30:00", "9" * 5000, "yes",
            "!!python/object/apply:os.system [ls]", "!!set {a}", "!!omap [a]", "? [a]\n  : b",
            "{? [a] : b}", "|\n  块\n", ">-\n    折叠\n", "'单引号''内'", "\"未闭合", "\t制表",
            "- a\n- b", "a: b: c", "%YAML 1.1", "--- x", "...", "@", "`", "👨‍👩‍👧‍👦🇨🇳",
            "<<: {a: 1}", "!!str", "!local x", "\ufeff", "\u3000全角空格",
            # text that prints nothing, as a value and as a list of it
            "''", "' '", '"\u3000"', '"\\u200b"', '" \\t\\n "', "['']", "[' ', x]")

ALIAS_BOMB = "\n".join(["bomb0: &b0 [x, x, x, x, x, x, x, x, x]"] + [
    f"bomb{i + 1}: &b{i + 1} [{', '.join([f'*b{i}'] * 9)}]" for i in range(8)]) + "\n"

ENCODINGS = ("utf-8",) * 8 + ("utf-8-sig", "gbk", "utf-16", "big5")  # mostly readable


def huge(pieces: st.SearchStrategy[str], limit: int = 100_000) -> st.SearchStrategy[str]:
    """Up to ``limit`` characters made by repeating a short piece (cheap to draw)."""
    return st.tuples(pieces, st.integers(1, limit)).map(lambda t: (t[0] * t[1])[:limit])


def quoted(parts: list[str]) -> str:
    return '"' + "".join(parts) + '"'


PLAIN_TEXT = st.text(st.characters(blacklist_characters='"\\\n'), max_size=8)
# Raw control characters are refused before anything else is read, so most
# text leaves them out; RANDOM_FILE and the escapes bring them in.
PRINTABLE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)
BLANK_TEXT = st.sampled_from(["", " ", "   ", "\u3000", "\u3000\u3000", "\t", "\n", " \n ",
                             "\u00a0", "\u200b", "\ufeff", " \u200b\u3000"])
"""Text that prints nothing: empty, spaces (full-width, no-break), line
breaks, invisible format characters. Where text must be set, a loader
refuses it; where text is optional, only '' is accepted (as absent)."""
HUGE_TEXT = huge(st.sampled_from(["一,", "(甲", "(", ")", '"甲"', "😀", "a'b", "甲 ", "x"])
                 | st.text(min_size=1, max_size=4))

# A value as written after `key: ` in a YAML file.
VALUE_SOURCE = st.one_of(
    st.lists(st.sampled_from(ESCAPES) | PLAIN_TEXT, max_size=6).map(quoted),
    st.text(max_size=20).map(json.dumps),  # JSON escapes astral characters as surrogate pairs
    HUGE_TEXT,
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 3000).map(lambda n: "{a: " * n + "}" * n),
    st.sampled_from(SNIPPETS),
    PRINTABLE_TEXT,
)

KEY_SOURCE = st.sampled_from(CONTENT_KEYS) | PRINTABLE_TEXT

Mutation = Callable[[list[str]], list[str]]


def _set_value(at: int, value: str) -> Mutation:
    """The value of the ``at``-th `key:` line (counting round) becomes ``value``."""
    def apply(lines: list[str]) -> list[str]:
        keyed = [i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")]
        if keyed:
            i = keyed[at % len(keyed)]
            lines[i] = lines[i].split(":", 1)[0] + ": " + value
        return lines
    return apply


def _insert(at: int, indent: int, key: str, value: str) -> Mutation:
    def apply(lines: list[str]) -> list[str]:
        lines.insert(at % (len(lines) + 1), " " * indent + f"{key}: {value}")
        return lines
    return apply


def _duplicate(at: int) -> Mutation:
    def apply(lines: list[str]) -> list[str]:
        return lines[: at % len(lines) + 1] + lines[at % len(lines):] if lines else lines
    return apply


def _delete(at: int, count: int) -> Mutation:
    def apply(lines: list[str]) -> list[str]:
        start = at % (len(lines) or 1)
        return lines[:start] + lines[start + count:]
    return apply


def _truncate(cut: int) -> Mutation:
    """The last ``cut`` characters gone (counting round)."""
    def apply(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return text[: len(text) - cut % (len(text) + 1)].split("\n")
    return apply


def _append(text: str) -> Mutation:
    return lambda lines: [*lines, *text.split("\n")]


# A one-line value or list item as the sample files write them: `key: value`, `- text`.
_WRITTEN_VALUE = re.compile(r"^ *(?:- )?[a-z_]+: (?=\S)|^ *- (?=\S)")
BLANK_SOURCE = ("''", "' '", "'   '", '"\u3000"', '"\\u200b"', '"\\t"', "[]", "['']", "[' ', 甲]")


def _blank(at: int, value: str) -> Mutation:
    """The ``at``-th one-line value or list item (counting round) becomes
    ``value``, text that prints nothing or a list of nothing."""
    def apply(lines: list[str]) -> list[str]:
        written = [(i, m.end()) for i, line in enumerate(lines) if (m := _WRITTEN_VALUE.match(line))]
        if written:
            i, end = written[at % len(written)]
            lines[i] = lines[i][:end] + value
        return lines
    return apply


MUTATION = st.one_of(
    st.builds(_set_value, st.integers(0, 10_000), VALUE_SOURCE),
    st.builds(_insert, st.integers(0, 10_000), st.integers(0, 8), KEY_SOURCE, VALUE_SOURCE),
    st.builds(_blank, st.integers(0, 10_000), st.sampled_from(BLANK_SOURCE)),
    st.builds(_duplicate, st.integers(0, 10_000)),
    st.builds(_delete, st.integers(0, 10_000), st.integers(1, 20)),
    st.builds(_truncate, st.integers(0, 100_000)),
    st.builds(_append, st.sampled_from([ALIAS_BOMB, "\x00", "\x07", 'x: "\\ud800"',
                                        "key: [unclosed", "\t- tab"])),
)

BYTE_FLIPS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3)


def _encode(text: str, encoding: str, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(text.encode(encoding, "replace"))
    for at, byte in flips:
        if data:
            data[at % len(data)] = byte
    return bytes(data)


def mutated(original: str) -> st.SearchStrategy[bytes]:
    """``original`` with a few mutations, in a mostly-UTF-8 encoding, sometimes
    with bytes overwritten."""
    def build(mutations: list[Mutation], encoding: str, flips: list[tuple[int, int]]) -> bytes:
        lines = original.split("\n")
        for mutation in mutations:
            lines = mutation(lines)
        return _encode("\n".join(lines), encoding, flips)
    return st.builds(build, st.lists(MUTATION, min_size=1, max_size=4),
                     st.sampled_from(ENCODINGS), st.one_of(*[st.just([])] * 5, BYTE_FLIPS))


RANDOM_FILE = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    st.text(max_size=200).map(lambda t: t.encode("gbk", "replace")),
    st.sampled_from(SNIPPETS).map(lambda t: t.encode("utf-8")),
    st.integers(1, 5000).map(lambda n: ("- " * n + "x\n").encode()),
    st.integers(1, 5000).map(lambda n: "".join(f"{' ' * i}k{i}:\n" for i in range(n)).encode()),
    st.just(ALIAS_BOMB.encode() + b"layout: *b8\n"),
)

# --- YAML dumped from content-shaped data ------------------------------------

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                   HUGE_TEXT, st.sampled_from(["😀", "👨‍👩‍👧", "甲(乙)", "", " ", "\u3000"]))
ANYTHING = st.recursive(
    SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEY_SOURCE, inner, max_size=3),
    max_leaves=8)


def sometimes(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly a value of the right shape, sometimes anything at all."""
    return st.one_of(valid, valid, ANYTHING)


def with_unknown_keys(mapping: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    extra = st.dictionaries(st.text(max_size=8), ANYTHING, max_size=1)
    return st.builds(lambda d, e: {**e, **d}, mapping, extra | st.just({}))


TEXT = st.one_of(st.text(max_size=30), HUGE_TEXT, st.sampled_from(["甲,乙", "(一)", "“x”"]),
                 BLANK_TEXT)
PHOTO = with_unknown_keys(st.fixed_dictionaries(
    {"caption": sometimes(TEXT)},
    optional={"aspect": sometimes(st.floats(-1, 5)),
              "file": sometimes(st.sampled_from(["photos/jinhu-1.jpg", "photos/none.jpg", "",
                                                 "/", "photos", "x" * 5000]))}))
BLOCK = st.one_of(TEXT, st.fixed_dictionaries({"head": sometimes(st.lists(TEXT, max_size=3))}),
                  with_unknown_keys(st.fixed_dictionaries({"text": sometimes(TEXT)},
                                                          optional={"lead": sometimes(TEXT)})))
ARTICLE = with_unknown_keys(st.fixed_dictionaries(
    {"title": sometimes(st.lists(TEXT, max_size=3)),
     "body": sometimes(st.lists(sometimes(BLOCK), max_size=5))},
    optional={"kicker": sometimes(TEXT), "subtitle": sometimes(TEXT), "byline": sometimes(TEXT),
              "photos": sometimes(st.lists(sometimes(PHOTO), max_size=3))}))
CONTENT = with_unknown_keys(st.fixed_dictionaries(
    {"layout": sometimes(st.just("../layouts/broadsheet-feature.yaml")),
     "articles": sometimes(st.lists(sometimes(ARTICLE), max_size=3))},
    optional={"name": sometimes(TEXT), "credits": sometimes(TEXT),
              "normalize_punctuation": sometimes(st.booleans()),
              "banner": sometimes(with_unknown_keys(st.fixed_dictionaries(
                  {"main": sometimes(TEXT)},
                  optional={"series": sometimes(TEXT), "slogan": sometimes(TEXT)})))}))
CONTENT_FILE = CONTENT.map(lambda data: yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
