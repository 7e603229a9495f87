"""JSON Schema (draft 2020-12) for content and layout files, for editors.

Generated, not written: the schema walks the same dataclasses, the same
``kind`` rules and the same ``Shape``s the loader reads with, so the two
cannot disagree on keys, types or required fields. ``RULES`` adds the value
checks the loaders make after reading (enums, bounds).

``python -m banmian.app.schema [FOLDER]`` writes content.schema.json and
layout.schema.json (default folder: ./schema), byte-identical on every run.
"""
from __future__ import annotations

import dataclasses
import inspect
import json
import sys
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..load.content import SHAPES, ContentFile, Photo
from ..load.layout import (
    KINSOKU_LEVELS,
    Arrangement,
    Grid,
    Layout,
    Page,
    Style,
    Typography,
)
from ..load.typed import Shape, keys_of, kind, required

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = Path("schema")

_ANY_SCALAR = ["boolean", "number", "string"]  # text is any scalar, read as written
_SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": _ANY_SCALAR},
    "path": {"type": _ANY_SCALAR},
    "int": {"type": "integer"},
    "float": {"type": "number"},
    "bool": {"type": "boolean"},
}

_ABOVE_ZERO = {"exclusiveMinimum": 0}
_AT_LEAST_ONE = {"minimum": 1}
RULES: dict[tuple[type, str], dict[str, Any]] = {
    # (dataclass, field): keywords for its innermost values, as the loaders check them
    (Typography, "kinsoku"): {"enum": list(KINSOKU_LEVELS)},
    (Arrangement, "costs"): {"minimum": 0},
    (Grid, "columns"): _AT_LEAST_ONE,
    (Grid, "column_chars"): _AT_LEAST_ONE,
    (Grid, "lines"): _AT_LEAST_ONE,
    (Page, "trim_mm"): _ABOVE_ZERO,
    (Grid, "body_size"): _ABOVE_ZERO,
    (Grid, "line_pitch"): _ABOVE_ZERO,
    (Style, "size"): _ABOVE_ZERO,
    (Layout, "colors"): {"minimum": 0, "maximum": 100},
    (Photo, "aspect"): _ABOVE_ZERO,
}


def content_schema() -> dict[str, Any]:
    """The schema of a content file (``content/*.yaml``)."""
    return _Generator(SHAPES).document(ContentFile)


def layout_schema() -> dict[str, Any]:
    """The schema of a layout file (``layouts/*.yaml``)."""
    return _Generator({}).document(Layout)


SCHEMAS = {"content.schema.json": content_schema, "layout.schema.json": layout_schema}


def schema_text(schema: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, two-space indent, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path = FOLDER) -> list[Path]:
    """Write every schema into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in SCHEMAS.items():
        path = folder / name
        path.write_text(schema_text(schema()), encoding="utf-8")
        written.append(path)
    return written


@dataclass
class _Generator:
    """Builds one document's schema; each dataclass becomes a ``$defs`` entry."""

    shapes: Mapping[type, Shape]
    defs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def document(self, root: type) -> dict[str, Any]:
        self.value(root)
        top = self.defs.pop(root.__name__)
        return {"$schema": DRAFT, **top, "$defs": self.defs}

    def value(self, tp: Any, rule: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The schema of a value of type ``tp``, as the loader's ``kind`` reads it;
        ``rule`` applies to its innermost values."""
        name, parts = kind(tp)
        rule = rule or {}
        if name in _SCALARS:
            return {**_SCALARS[name], **rule}
        if name == "optional":
            return {"anyOf": [self.value(parts[0], rule), {"type": "null"}]}
        if name == "tuple":  # a single value stands for a one-item list
            item = self.value(parts[0], rule)
            return {"anyOf": [{"type": "array", "items": item}, item]}
        if name == "fixed":
            return {"type": "array", "prefixItems": [self.value(p, rule) for p in parts],
                    "items": False, "minItems": len(parts)}
        if name == "dict":
            return {"type": "object", "additionalProperties": self.value(parts[0], rule)}
        if name == "union":
            return {"anyOf": [self.value(member) for member in parts]}
        return self.reference(parts[0])

    def reference(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # taken before its fields are walked
            self.defs[cls.__name__] = self.define(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def define(self, cls: type) -> dict[str, Any]:
        """A mapping of the YAML keys of ``cls`` (or, with a scalar shape, a bare scalar)."""
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        keys = keys_of(cls, self.shapes)
        properties = {key: {**self.value(hints[name], RULES.get((cls, name))),
                            **_default(fields[name])} for key, name in keys.items()}
        mapping = {"type": "object", "properties": properties, "additionalProperties": False,
                   "required": sorted(k for k, name in keys.items() if name in required(cls))}
        described = {"title": cls.__name__, "description": inspect.getdoc(cls)}
        scalar = self.shapes.get(cls, Shape()).scalar
        if not scalar:
            return {**described, **mapping}
        scalar_key = next(k for k, name in keys.items() if name == scalar)
        return {**described, "anyOf": [properties[scalar_key], mapping]}


def _default(f: dataclasses.Field) -> dict[str, Any]:
    """``{"default": …}`` for a field that has one, as it would be written."""
    if f.default is not dataclasses.MISSING:
        return {"default": _plain(f.default)}
    if f.default_factory is not dataclasses.MISSING:
        return {"default": _plain(f.default_factory())}
    return {}


def _plain(value: Any) -> Any:
    """A default as JSON data: dataclasses as mappings, tuples as lists."""
    if dataclasses.is_dataclass(value):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schemas into the folder given (default ./schema)."""
    args = sys.argv[1:] if argv is None else list(argv)
    for path in write_schemas(Path(args[0]) if args else FOLDER):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
