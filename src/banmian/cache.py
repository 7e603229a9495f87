"""A disk cache of what a build derives from unchanged inputs, so an editor's
rebuilds skip the slow, repeatable work: print-ready photos (the colour
conversion), compositions (``kept``), font subsets, the output profile
compressed for the PDF, and the preflight's ink reading of each image.

An entry is keyed by everything its value depends on: the input bytes, the
parameters, the kind of value and ``version()``, a digest of the engine's
own source and the versions of the libraries that make the entries, so
entries made by other code are never served. A changed input therefore
simply misses; nothing is ever invalidated by time. A cache that cannot be
read or written, or an entry that is not whole (each ends in a checksum of
itself), is a miss, never an error.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import zlib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pikepdf
import PIL
import reportlab
import uharfbuzz

from .files import write_atomic
from .output.images import PreparedImage, prepare_photo

FORMAT = "3"
"""The layout of entries on disk; ``version()`` includes it."""


@lru_cache(maxsize=1)
def version() -> bytes:
    """The cache format, a digest of every module of the engine and the
    versions of the libraries whose output the cache holds (shaping, font
    cuts, colour conversion, JPEG and Flate coding, PDF objects): another
    version may make other bytes."""
    digest = hashlib.sha256(FORMAT.encode())
    package = Path(__file__).parent
    for module in sorted(package.rglob("*.py")):
        digest.update(module.relative_to(package).as_posix().encode())
        digest.update(module.read_bytes())
    digest.update(makers().encode())
    return digest.digest()


def makers() -> str:
    """The versions of the libraries that make what the cache holds."""
    return (f"uharfbuzz {uharfbuzz.__version__}, Pillow {PIL.__version__}, pikepdf "
            f"{pikepdf.__version__}, ReportLab {reportlab.Version}, zlib {zlib.ZLIB_RUNTIME_VERSION}")


class Cache:
    """Derived values under ``folder`` (None: no caching at all)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0

    def memo(self, kind: str, key: bytes, make: Callable[[], bytes]) -> bytes:
        """A ``Memo`` on disk: one file per entry, named by kind and digest,
        holding the value and its checksum."""
        if self.folder is None:
            return make()
        path = self.folder / f"{kind}-{_digest(kind.encode(), version(), key)}"
        found = self._read(path)
        if found is not None and _sealed(found[:-_SEAL]) == found[-_SEAL:]:
            self.hits += 1
            return found[:-_SEAL]
        value = make()
        self._write(path, value + _sealed(value))
        return value

    def photo(self, path: Path, width: float, height: float, icc: Path,
              max_ink: float, min_ppi: float) -> PreparedImage:
        """``images.prepare_photo``, kept as two memo entries: the JPEG and
        its description (a hit is counted for each)."""
        made: list[PreparedImage] = []

        def prepared() -> PreparedImage:
            if not made:
                made.append(prepare_photo(path, width, height, icc, max_ink, min_ppi))
            return made[0]

        if self.folder is None:
            return prepared()
        key = b"".join(hashlib.sha256(part).digest() for part in (
            path.read_bytes(), icc.read_bytes(),
            f"{width:.3f} {height:.3f} {max_ink} {min_ppi}".encode()))
        data = self.memo("photo-jpeg", key, lambda: prepared().data)
        meta = self.memo("photo", key, lambda: json.dumps(_description(prepared())).encode())
        return made[0] if made else PreparedImage(data=data, **{
            k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(meta).items()})

    def _read(self, path: Path) -> bytes | None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data

    def _write(self, path: Path, data: bytes) -> None:
        try:
            write_atomic(path, data)
        except OSError:
            pass


def _description(image: PreparedImage) -> dict[str, object]:
    """A prepared photo's fields but its JPEG, for the cache."""
    return {f.name: getattr(image, f.name) for f in dataclasses.fields(image) if f.name != "data"}


_SEAL = 16


def _sealed(value: bytes) -> bytes:
    """The checksum a memo entry ends with: a truncated or garbled file misses."""
    return hashlib.blake2b(value, digest_size=_SEAL).digest()


def _digest(*parts: bytes) -> str:
    """SHA-256 over the parts' own digests, so no two part lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()
