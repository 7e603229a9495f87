"""A disk cache of print-ready photos, so an editor's rebuilds skip the
colour conversion (the slowest stage when nothing about a photo changed).

An entry is keyed by everything the result depends on: the photo's bytes,
the profile's bytes, the frame size and the limits, and ``VERSION`` (bump it
when ``images`` changes what it makes). A changed photo, profile or frame
therefore simply misses; nothing is ever invalidated by time.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from .files import write_atomic
from .images import PreparedImage, prepare_photo

VERSION = "2"


class PhotoCache:
    """Prepared photos under ``folder`` (None: no caching at all)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0

    def prepare(self, path: Path, width: float, height: float, icc: Path,
                max_ink: float, min_ppi: float) -> PreparedImage:
        if self.folder is None:
            return prepare_photo(path, width, height, icc, max_ink, min_ppi)
        key = _key(path, width, height, icc, max_ink, min_ppi)
        found = self._read(key)
        if found is not None:
            self.hits += 1
            return found
        image = prepare_photo(path, width, height, icc, max_ink, min_ppi)
        self._write(key, image)
        return image

    def _read(self, key: str) -> PreparedImage | None:
        meta, data = self.folder / f"{key}.json", self.folder / f"{key}.jpg"
        try:
            fields = json.loads(meta.read_text(encoding="utf-8"))
            return PreparedImage(data=data.read_bytes(), **{
                k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()})
        except (OSError, ValueError, TypeError):
            return None

    def _write(self, key: str, image: PreparedImage) -> None:
        """Data first, then metadata, each atomically: a reader sees a whole
        entry or none. A cache that cannot be written is no error."""
        fields = {f.name: getattr(image, f.name) for f in dataclasses.fields(image) if f.name != "data"}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{key}.jpg", image.data)
            write_atomic(self.folder / f"{key}.json", json.dumps(fields).encode())
        except OSError:
            pass


def _key(path: Path, width: float, height: float, icc: Path, max_ink: float, min_ppi: float) -> str:
    digest = hashlib.sha256()
    for part in (path.read_bytes(), icc.read_bytes(),
                 f"{width:.3f} {height:.3f} {max_ink} {min_ppi} {VERSION}".encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()
