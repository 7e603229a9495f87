"""Typed YAML: the located node tree converted into frozen dataclasses by
their type hints.

``kind`` is the one place a Python type becomes a YAML rule; the converter
(and a schema generator) dispatch on its answer. What types cannot say (text
that must not be blank, a list that must not be empty) a loader says with a
``Check`` per dataclass, whose problems are reported with the converter's own.
"""
from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlsource import UNPRINTABLE, Document, LoadError, Problem, below, suggestion

T = TypeVar("T")
TextHook = Callable[[str, ScalarNode], str]
"""Called on every text value with its node; returns the text to store."""
NoneType = type(None)
_NULL_TAG = "tag:yaml.org,2002:null"
_INVALID: Any = object()  # a value that failed; its error is already recorded
_SCALARS = {str: "str", int: "int", float: "float", bool: "bool", Path: "path"}
_TEXT_CONTROLS = "\t\n"  # the only ones text may hold

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
    """Converts nodes to typed values, recording located errors as it goes.
    It is one walk over the document tree: each method converts one kind of
    node and records into the same located error list, so all of a file's
    problems are reported at once, in file order."""

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
        bad = next((m.group() for m in UNPRINTABLE.finditer(node.value)
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
