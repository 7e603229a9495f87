"""Located YAML: parse a file keeping every node's line and column, and
convert the node tree into frozen dataclasses by their type hints.

Not ``yaml.safe_load``, because it drops positions, keeps the last of two
duplicate keys without a word and expands aliases. Every problem here is a
message ``file:line:column: what is wrong — how to fix it``, and a file's
problems are reported together, not one per run.

``kind`` is the one place a Python type becomes a YAML rule; the converter
(and a schema generator) dispatch on its answer. What types cannot say (text
that must not be blank, a list that must not be empty) a loader says with a
``Check`` per dataclass, whose problems are reported with the converter's own.
"""
from __future__ import annotations

import bisect
import dataclasses
import math
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

T = TypeVar("T")
Key = str | int
TextHook = Callable[[str, ScalarNode], str]
"""Called on every text value with its node; returns the text to store."""

NoneType = type(None)
_NULL_TAG = "tag:yaml.org,2002:null"
_INVALID: Any = object()  # a value that failed; its error is already recorded

_SCALARS = {str: "str", int: "int", float: "float", bool: "bool", Path: "path"}

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings read; the files need far less, and
the YAML composer recurses once per level."""

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
"""Control characters, lone surrogates and line separators."""
_TEXT_CONTROLS = "\t\n"  # the only ones text may hold
_REACH = 256  # source characters searched for one value character (escapes, indentation)

_BOM = "\ufeff"  # a UTF-8 byte order mark, which some editors write first

FILE_START = yaml.Mark("", 0, 0, 0, None, None)
"""Where a problem with the whole file is reported: line 1, column 1."""

EXPECTED: dict[str, tuple[str, str]] = {
    # kind: (what a value of this kind is called, an example to write)
    "str": ("text", "some text"),
    "int": ("a whole number", "3"),
    "float": ("a number", "10.5"),
    "bool": ("true or false", "true"),
    "path": ("a file path", "photos/a.jpg"),
    "tuple": ("a list", "[a, b]"),
    "dict": ("a mapping", "{name: value}"),
    "dataclass": ("a mapping", "{key: value}"),
    "union": ("a mapping", "{key: value}"),
}

_SYNTAX_FIXES = {
    "mapping values are not allowed": "put text that contains ': ' in quotes, or check the indentation",
    "found character '\\t'": "indent with spaces, not tabs",
    "expected a single document": "keep one document per file (remove the '---' line)",
}


class LoadError(Exception):
    """A file could not be loaded; ``messages`` are located, one per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Problem:
    """A problem found after conversion, located by its key path: from the
    file's root, or, when a ``Check`` returns it, from the checked value's node."""

    keys: tuple[Key, ...]
    what: str
    fix: str


@dataclass(frozen=True)
class Shape:
    """How a dataclass may be written besides a mapping of its field names.

    ``keys`` maps a YAML key to the field it fills where the two differ;
    ``scalar`` names the field a bare scalar fills (``- text`` for a paragraph).
    """

    keys: Mapping[str, str] = field(default_factory=dict)
    scalar: str = ""


Check = Callable[[Mapping[str, Any]], Iterable[Problem]]
"""Looks at a dataclass value's fields once they are converted (field name to
value, with the defaults of fields not written; a field that failed or is
missing is left out, its problem already recorded) and returns the value's
problems, keys below its node as written in the file. A value with any is
refused; they are reported with every other problem in the file, so a check
runs even when one of the value's fields failed."""


def kind(tp: Any) -> tuple[str, tuple[Any, ...]]:
    """The YAML rule for a Python type: its kind (str, int, float, bool, path,
    tuple, fixed, dict, dataclass, optional, union) and the types of its parts."""
    if tp in _SCALARS:
        return _SCALARS[tp], ()
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        rest = tuple(a for a in args if a is not NoneType)
        if len(rest) < len(args):
            return "optional", (rest[0] if len(rest) == 1 else typing.Union[rest],)
        return "union", args
    if origin is tuple:
        return ("tuple", args[:1]) if args[1:] == (Ellipsis,) else ("fixed", args)
    if origin is dict:
        return "dict", args[1:]
    if dataclasses.is_dataclass(tp):
        return "dataclass", (tp,)
    raise TypeError(f"no YAML rule for {tp!r}")


def expected(tp: Any) -> tuple[str, str]:
    """What a value of type ``tp`` is called in messages, and an example of one."""
    name, parts = kind(tp)
    if name == "optional":
        return expected(parts[0])
    if name == "fixed":
        return (f"a list of {len(parts)} items",
                f"[{', '.join(expected(p)[1] for p in parts)}]")
    return EXPECTED[name]


def suggestion(word: str, valid: Iterable[str]) -> str:
    """'did you mean …? valid: …' — the fix part for a name that is not known."""
    import difflib  # only when reporting an error

    valid = sorted(valid)
    close = difflib.get_close_matches(word, valid, n=1)
    guess = f"did you mean `{close[0]}`? " if close else ""
    return f"{guess}valid: {', '.join(valid) or 'none defined yet'}"


def located(path: Path | str, mark: yaml.Mark, what: str, fix: str) -> str:
    """The message format every loader uses (1-based line and column), on one
    printable line whatever the file holds."""
    return _printable(f"{path}:{mark.line + 1}:{mark.column + 1}: {what} — {fix}")


def _printable(text: str) -> str:
    """``text`` with control characters, lone surrogates and line separators
    written as escapes, so a message stays one readable line."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def is_file(path: Path | str) -> bool:
    """``Path.is_file``, but a name the system cannot take (too long, say) is
    simply not a file rather than an exception."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its node tree and what locating things in it needs."""

    path: Path
    text: str
    root: Node

    def message(self, node: Node, what: str, fix: str) -> str:
        return located(self.path, node.start_mark, what, fix)

    def node_at(self, keys: Sequence[Key]) -> Node:
        """The node at a key path, or the deepest node on it that exists."""
        return below(self.root, keys)

    def error(self, problems: Iterable[Problem]) -> LoadError:
        """The problems as one LoadError, located and in file order."""
        ordered = sorted(problems, key=lambda p: self.node_at(p.keys).start_mark.index)
        return LoadError([self.message(self.node_at(p.keys), p.what, p.fix) for p in ordered])

    def resolve(self, value: str) -> Path:
        """A path written in this file, made absolute from the file's folder."""
        return Path(os.path.normpath(self.path.parent.absolute() / value))

    def positions(self, node: ScalarNode, offsets: Sequence[int],
                  value: str | None = None) -> list[tuple[int, int]]:
        """1-based line and column in the file of each character ``offsets`` of a scalar
        (of ``value``, when given: the scalar's value with its blank space changed).

        Walks the value and the source together once, matching non-blank
        characters, so quotes, escapes, folded lines and block indentation
        are stepped over; each character is looked for only a short way on,
        so the walk stays linear in the value's length.
        """
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            start = self.text.find("\n", start, end) + 1 or start  # past the header
        wanted, found_at = set(offsets), {}
        at = found = start
        text = node.value if value is None else value
        for index, char in enumerate(text[: max(offsets, default=-1) + 1]):
            hit = -1 if char.isspace() else self.text.find(char, at, min(end, at + _REACH))
            if hit >= 0:
                at, found = hit + 1, hit
            if index in wanted:
                found_at[index] = found
        return [self.line_column(found_at[offset]) for offset in offsets]

    def unfolded(self, node: ScalarNode) -> str:
        """The scalar's value with the line structure of its source: a space
        YAML folded a line break into is a line feed again, and blank space
        across a blank line of the source is two, as in a literal block
        (``|``), so every way of writing text breaks lines alike."""
        value = node.value
        if node.style == "|" or node.start_mark.line == node.end_mark.line:
            return value
        runs = [m for m in _BLANK_RUN.finditer(value) if 0 < m.start() and m.end() < len(value)]
        if not runs:
            return value
        lines = [line for line, _ in
                 self.positions(node, [at for m in runs for at in (m.start() - 1, m.end())])]
        parts, at = [], 0
        for number, run in enumerate(runs):
            gap = lines[2 * number + 1] - lines[2 * number]
            parts += [value[at:run.start()], _refolded(run.group(), gap)]
            at = run.end()
        return "".join([*parts, value[at:]])

    def line_column(self, index: int) -> tuple[int, int]:
        """1-based line and column of a character index of the text."""
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(match.end() for match in re.finditer("\n", self.text))]


_BLANK_RUN = re.compile(r"[ \t\n]+")


def _refolded(space: str, lines_apart: int) -> str:
    """The blank space between two characters ``lines_apart`` source lines
    apart, as a literal block would hold it."""
    if lines_apart >= 2:
        return "\n\n"  # a blank line
    if lines_apart == 1 and "\n" not in space:
        return "\n"  # a line break folded into a space
    return space


def child(node: Node, key: Key) -> Node | None:
    """The value node under a mapping key or at a list index, if there is one."""
    if isinstance(node, MappingNode):
        return next((v for k, v in node.value if k.value == key), None)
    if isinstance(node, SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def below(node: Node, keys: Sequence[Key]) -> Node:
    """The node at a key path from ``node``, or the deepest node on it that exists."""
    for key in keys:
        node = child(node, key) or node
    return node


_CLoader: type | None = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
"""libyaml's loader: the same nodes and marks as PyYAML's, composed many times faster."""

_NOT_PLAIN = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern + "|[\t\r\x85\u2028\u2029\ufeff]"
                        "|^(?![ ]*#).*\\?", re.MULTILINE)
"""What PyYAML's reader refuses (libyaml refuses a slightly different set),
and the characters where libyaml's reading differs from PyYAML's: it takes
tabs and some `?` keys where PyYAML refuses them (a `?` outside comment
lines is left to PyYAML), and counts columns differently after other line
breaks than a newline."""


class _Composer(yaml.SafeLoader):
    """A SafeLoader that notes where aliases are used, to refuse them before
    anything expands them (nested aliases grow exponentially), and refuses
    nesting deeper than MAX_DEPTH before the composer's recursion overflows."""

    def __init__(self, path: Path, stream: str) -> None:
        super().__init__(stream)
        self.path = path
        self.aliases: list[yaml.AliasEvent] = []
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.aliases.append(event)
        if self.depth == MAX_DEPTH:
            raise LoadError([located(self.path, event.start_mark,
                                     f"lists and mappings nested more than {MAX_DEPTH} deep",
                                     "check the brackets and the indentation here")])
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse(path: str | Path) -> Document:
    """Read and compose a YAML file; unreadable files, text that is not UTF-8,
    syntax errors, empty files and aliases raise LoadError."""
    path = Path(path)
    text = _read_text(path)
    root = _fast_compose(text)
    if root is _PROBLEM:
        root = _compose(path, text)
    if root is None:
        raise LoadError([located(path, FILE_START, "the file is empty", "write its keys (the "
                                 "sample files in content/ and layouts/ show them)")])
    return Document(path, text, root)


_PROBLEM: Any = object()  # the fast composer saw something only ``_compose`` reports


def _fast_compose(text: str) -> Node | None:
    """The node tree composed by libyaml, when it is available and the file is
    plain: printable, well formed, no alias and no nesting deeper than
    MAX_DEPTH. Otherwise ``_PROBLEM``, and ``_compose`` reads the file again to
    report what is wrong in the words and at the places it always has."""
    if _CLoader is None or _NOT_PLAIN.search(text):
        return _PROBLEM
    loader = _CLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return _PROBLEM
    finally:
        loader.dispose()
    return root if root is None or _plain_tree(root) else _PROBLEM


def _plain_tree(root: Node) -> bool:
    """Whether no node of the tree is reached twice (libyaml composes an alias
    as the anchored node itself), nested MAX_DEPTH deep or an empty value
    (libyaml places those elsewhere than PyYAML, and messages point at them)."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= MAX_DEPTH or id(node) in seen or node.value == "":
            return False
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
    return True


def _compose(path: Path, text: str) -> Node | None:
    """Compose with PyYAML's own parser, which locates every problem."""
    try:
        loader = _Composer(path, text)  # checks the text for unprintable characters
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise LoadError([_syntax_message(path, exc)]) from None
    except ReaderError as exc:
        raise LoadError([_reader_message(path, text, exc)]) from None
    if loader.aliases:
        raise LoadError([located(path, e.start_mark, f"YAML alias `*{e.anchor}`",
                                 "write the value out in full: aliases are not supported")
                         for e in loader.aliases])
    return root


def _read_text(path: Path) -> str:
    """The file's text (a UTF-8 byte order mark dropped); LoadError if it
    cannot be read or is not UTF-8, located at the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError([located(path, FILE_START, f"cannot read the file ({exc.strerror or exc})",
                                 "check the path")]) from None
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        before = data[:exc.start].decode("utf-8").removeprefix(_BOM)  # up to the bad byte
        raise LoadError([located(path, _mark(before, len(before)),
                                 f"not UTF-8 text (byte 0x{data[exc.start]:02x})",
                                 "save the file as UTF-8 (GBK and UTF-16 are not read)")]) from None


def _reader_message(path: Path, text: str, exc: ReaderError) -> str:
    """An unprintable character in the file itself (not an escape), located."""
    return located(path, _mark(text, exc.position),
                   f"unprintable character U+{exc.character:04X} in the file",
                   "delete it; a YAML file holds printable text only")


def _mark(text: str, index: int) -> yaml.Mark:
    """Where character ``index`` of ``text`` is, as PyYAML marks it (0-based)."""
    line_start = text.rfind("\n", 0, index) + 1
    return yaml.Mark("", index, text.count("\n", 0, index), index - line_start, None, None)


def _syntax_message(path: Path, exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    said = f"{exc.context} {exc.problem}"
    fix = next((f for p, f in _SYNTAX_FIXES.items() if p in said),
               "check the indentation, quotes and brackets here and on the line before")
    mark = exc.problem_mark or exc.context_mark
    return located(path, mark, f"YAML syntax error: {problem}", fix)


def read(doc: Document, node: Node, tp: type[T], shapes: Mapping[type, Shape] | None = None,
         text: TextHook | None = None, checks: Mapping[type, Check] | None = None,
         quote: bool = True) -> T:
    """Convert ``node`` of ``doc`` to ``tp``; raise LoadError with every problem
    found, those the ``checks`` of its dataclasses return among them. With
    ``quote`` false a wrong value is named by its kind only, never quoted
    (for a file that may not be what it was said to be)."""
    converter = _Converter(doc, shapes or {}, text, checks or {}, quote=quote)
    value = converter.convert(node, tp)
    if converter.errors:
        raise LoadError([message for _, message in sorted(converter.errors)])
    return value


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


def _describe(node: Node, quote: bool = True) -> str:
    """How a wrong value is named in a message: quoted (shortened), or only
    as "text" when ``quote`` is false."""
    if isinstance(node, SequenceNode):
        return f"a list of {len(node.value)}"
    if isinstance(node, MappingNode):
        return "a mapping"
    if _is_null(node):
        return "nothing"
    if not quote:
        return "text"
    value = " ".join(node.value.split())
    return f"'{value}'" if len(value) <= 24 else f"'{value[:24]}…'"


def _failed(values: Iterable[Any]) -> bool:
    return any(v is _INVALID for v in values)


@dataclass
class _Converter:
    """Converts nodes to typed values, recording located errors as it goes."""

    doc: Document
    shapes: Mapping[type, Shape]
    text: TextHook | None
    checks: Mapping[type, Check] = field(default_factory=dict)
    quote: bool = True
    errors: list[tuple[int, str]] = field(default_factory=list)  # (index in file, message)
    constructor: SafeConstructor = field(default_factory=SafeConstructor)

    def convert(self, node: Node, tp: Any) -> Any:
        name, parts = kind(tp)
        return getattr(self, f"_{name}")(node, *parts)

    def error(self, node: Node, what: str, fix: str) -> Any:
        self.errors.append((node.start_mark.index, self.doc.message(node, what, fix)))
        return _INVALID

    def wrong(self, node: Node, tp: Any) -> Any:
        noun, example = expected(tp)
        return self.error(node, f"expected {noun}, got {_describe(node, self.quote)}",
                          f"write {noun}, e.g. `{example}`")

    def _raw(self, node: Node) -> str:
        if not isinstance(node, ScalarNode) or _is_null(node):
            return self.wrong(node, str)
        bad = next((m.group() for m in _UNPRINTABLE.finditer(node.value)
                    if m.group() not in _TEXT_CONTROLS), None)
        if bad is not None:
            return self.error(node, f"text holds U+{ord(bad):04X}, a character that does not "
                              "print", "delete it, or the escape (`\\x..`, `\\u..`) that writes it")
        return node.value

    def _str(self, node: Node) -> str:
        value = self._raw(node)
        return value if value is _INVALID or self.text is None else self.text(value, node)

    def _path(self, node: Node) -> Path:
        """A file path, relative to the folder of the file it is written in."""
        value = self._raw(node)
        return value if value is _INVALID else self.doc.resolve(value)

    def _typed(self, node: Node, tp: type, accept: tuple[type, ...]) -> Any:
        """The YAML value of a scalar if it is one of ``accept`` (bool counts only if listed)."""
        try:
            value = self.constructor.construct_object(node) if isinstance(node, ScalarNode) else None
        except Exception:  # PyYAML's constructors fail in many ways on odd tagged scalars
            value = None
        if isinstance(value, accept) and (bool in accept or not isinstance(value, bool)):
            return value
        return self.wrong(node, tp)

    def _int(self, node: Node) -> int:
        return self._typed(node, int, (int,))

    def _float(self, node: Node) -> float:
        """A finite number: infinity, NaN and ints too large for a float are refused."""
        value = self._typed(node, float, (int, float))
        if value is _INVALID:
            return value
        try:
            value = float(value)
        except OverflowError:
            value = math.inf
        return value if math.isfinite(value) else self.wrong(node, float)

    def _bool(self, node: Node) -> bool:
        return self._typed(node, bool, (bool,))

    def _optional(self, node: Node, inner: Any) -> Any:
        return None if _is_null(node) else self.convert(node, inner)

    def _tuple(self, node: Node, item: Any) -> tuple[Any, ...]:
        """A list; a single value stands for a one-item list."""
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        values = tuple(self.convert(n, item) for n in nodes)
        return _INVALID if _failed(values) else values

    def _fixed(self, node: Node, *items: Any) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode) or len(node.value) != len(items):
            return self.wrong(node, tuple[items])
        values = tuple(self.convert(n, t) for n, t in zip(node.value, items))
        return _INVALID if _failed(values) else values

    def _dict(self, node: Node, item: Any) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            return self.wrong(node, dict[str, item])
        values = {key: self.convert(value, item) for key, (_, value) in self.pairs(node).items()}
        return _INVALID if _failed(values.values()) else values

    def pairs(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """Key → (key node, value node); duplicate and non-text keys are errors."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.error(key, "a key must be plain text", "write `name: value`")
            elif key.value in pairs:
                first = pairs[key.value][0].start_mark.line + 1
                self.error(key, f"duplicate key `{key.value}:` (first on line {first})",
                           f"keep one `{key.value}:` in this mapping and delete the other")
            else:
                pairs[key.value] = key, value
        return pairs

    def _union(self, node: Node, *members: type) -> Any:
        """One of several dataclasses, chosen by the node's keys (or its being
        a scalar, for a member with a ``scalar`` shape)."""
        member = self.pick(node, members)
        if member is not None:
            return self.convert(node, member)
        ways = " or ".join(self.written(m) for m in members)
        return self.error(node, f"expected {ways}, got {_describe(node, self.quote)}",
                          "write one of those forms")

    def pick(self, node: Node, members: Sequence[type]) -> type | None:
        """For a mapping, the member that knows most of its keys (on a tie, the
        one that knows the first key); for a scalar, the one with a scalar shape."""
        if not isinstance(node, MappingNode):
            scalar = isinstance(node, ScalarNode) and not _is_null(node)
            return next((m for m in members if scalar and self.shape(m).scalar), None)
        keys = [k.value for k, _ in node.value if isinstance(k, ScalarNode)]

        def fit(member: type) -> tuple[int, bool]:
            known = self.fields(member)
            return sum(k in known for k in keys), bool(keys) and keys[0] in known

        best = max(members, key=fit)
        return best if fit(best)[0] else None

    def written(self, cls: type) -> str:
        """How ``cls`` may be written, for messages: 'text, a mapping with `a:`/`b:`'."""
        keys = "/".join(f"`{k}:`" for k in self.fields(cls))
        return ("text, " if self.shape(cls).scalar else "") + f"a mapping with {keys}"

    def shape(self, cls: type) -> Shape:
        return self.shapes.get(cls, Shape())

    def fields(self, cls: type) -> dict[str, str]:
        return keys_of(cls, self.shapes)

    def _dataclass(self, node: Node, cls: type) -> Any:
        scalar = self.shape(cls).scalar
        if scalar and isinstance(node, ScalarNode) and not _is_null(node):
            return self.build(cls, node, {scalar: node})
        if not isinstance(node, MappingNode):
            return self.wrong(node, cls)
        fields, given = self.fields(cls), {}
        for key, (key_node, value) in self.pairs(node).items():
            if key in fields:
                given[fields[key]] = value
            else:
                self.error(key_node, f"unknown key `{key}:`", suggestion(key, fields))
        return self.build(cls, node, given)

    def build(self, cls: type, node: Node, given: dict[str, Node]) -> Any:
        """``cls`` from its fields' nodes; a ``source`` field gets the node's
        position, as ``SourceType(file, line, column)``. A value its ``Check``
        finds problems in is refused, each problem located below ``node``."""
        hints = typing.get_type_hints(cls)
        values = {name: self.convert(value, hints[name]) for name, value in given.items()}
        missing = [(key, name) for key, name in self.fields(cls).items()
                   if name not in given and name in required(cls)]
        for key, name in missing:
            noun, example = expected(hints[name])
            self.error(node, f"`{key}:` is missing here",
                       f"add `{key}:` with {noun}, e.g. `{example}`")
        checked = self.check(cls, node, values)
        if missing or _failed(values.values()) or not checked:
            return _INVALID
        if "source" in hints:
            mark = node.start_mark
            source_type = kind(hints["source"])[1][0]  # Source | None or Source
            values["source"] = source_type(str(self.doc.path), mark.line + 1, mark.column + 1)
        return cls(**values)

    def check(self, cls: type, node: Node, values: Mapping[str, Any]) -> bool:
        """Run the ``Check`` of ``cls`` on the fields that converted (and the
        defaults of those not written), recording its problems; false if any."""
        check = self.checks.get(cls)
        if check is None:
            return True
        known = {name: value for name, value in {**defaults(cls), **values}.items()
                 if value is not _INVALID}  # a default stands in only for a field not written
        problems = list(check(known))
        for problem in problems:
            self.error(below(node, problem.keys), problem.what, problem.fix)
        return not problems


def keys_of(cls: type, shapes: Mapping[type, Shape]) -> dict[str, str]:
    """YAML key → field name of ``cls``; ``source`` comes from the node, never the file."""
    rename = {name: key for key, name in shapes.get(cls, Shape()).keys.items()}
    return {rename.get(f.name, f.name): f.name for f in dataclasses.fields(cls)
            if f.name != "source"}


def defaults(cls: type) -> dict[str, Any]:
    """Field name → default value, for the fields of ``cls`` that have one."""
    return {f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
            for f in dataclasses.fields(cls) if f.name not in required(cls)}


def required(cls: type) -> set[str]:
    """Names of the fields of ``cls`` that have no default."""
    return {f.name for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
