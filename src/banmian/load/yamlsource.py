"""Located YAML: parse a file keeping every node's line and column (``typed``
converts the node tree into dataclasses).

Not ``yaml.safe_load``, because it drops positions, keeps the last of two
duplicate keys without a word and expands aliases. Every problem here is a
message ``file:line:column: what is wrong — how to fix it``, and a file's
problems are reported together, not one per run.
"""
from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

Key = str | int



MAX_DEPTH = 32
"""Deepest nesting of lists and mappings read; the files need far less, and
the YAML composer recurses once per level."""

UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
"""Control characters, lone surrogates and line separators."""
_REACH = 256  # source characters searched for one value character (escapes, indentation)

_BOM = "\ufeff"  # a UTF-8 byte order mark, which some editors write first

FILE_START = yaml.Mark("", 0, 0, 0, None, None)
"""Where a problem with the whole file is reported: line 1, column 1."""


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
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


