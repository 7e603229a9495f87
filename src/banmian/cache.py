"""A disk cache of what a build derives from unchanged inputs, so an editor's
rebuilds skip the slow, repeatable work: print-ready photos (the colour
conversion), compositions (``kept``), font subsets, the output profile
compressed for the PDF, and the preflight's ink reading of each image.

An entry is keyed by everything its value depends on: the input bytes, the
parameters, the kind of value and ``version()``, a digest of the engine's
own source and the versions of the libraries that make the entries, so
entries made by other code are never served. A changed input therefore
simply misses; nothing is ever invalidated by time. A cache that cannot be
read or written is a miss, never an error, and so is an entry that is not
whole, not the entry it is named as (each ends in a seal over its kind, key
and value, so a file copied over another misses), not a regular file (a
FIFO, a device, a folder or a symbolic link is never opened), or a value its
reader cannot take (whatever it raises).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
import zlib
from collections.abc import Callable
from concurrent.futures import Executor, Future
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import pikepdf
import PIL
import reportlab
import uharfbuzz

from .files import write_atomic
from .output.images import (
    JPEG_READING,
    JpegReading,
    PreparedImage,
    Whole,
    prepare_photo,
)

T = TypeVar("T")
FORMAT = "4"
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


def _identity(value: bytes) -> bytes:
    return value


class Cache:
    """Derived values under ``folder`` (None: no caching at all).

    Entries made or read during a build are also kept in memory, so a value
    another stage made a moment ago (the preflight's reading of a JPEG that
    preparation decoded to verify it) is served without touching the disk.
    With a ``pool`` the entries are written by its threads while the build
    goes on; the pool's shutdown waits for them. It is one store, kept as
    one class (one algorithm of sealing, reading and writing entries): every
    method reads or writes the same entries, sealed the same way.
    """

    def __init__(self, folder: Path | None, pool: Executor | None = None) -> None:
        self.folder, self.pool = folder, pool
        self.hits = 0
        self.known: dict[Path, bytes | Future[bytes]] = {}

    def memo(self, kind: str, key: bytes, make: Callable[[], bytes],
             load: Callable[[bytes], T] = _identity) -> T:  # type: ignore[assignment]
        """A ``Memo`` on disk: one file per entry, named by kind and digest,
        holding the value and a seal over kind, key and value (so an entry
        that is damaged, cut short, or another entry's file is a miss)."""
        if self.folder is None:
            return load(make())
        path, label = self._entry(kind, key)
        value = self._known(path)
        if value is None:
            value = self._read(path, label)
        if value is not None:
            try:
                loaded = load(value)
            except Exception:  # noqa: BLE001 — whatever a damaged entry raises, it is a miss
                pass
            else:
                self.hits += 1
                self.known[path] = value
                return loaded
        value = self._made(path, label, make)
        return load(value)

    def prefetch(self, kind: str, key: bytes, make: Callable[[], bytes]) -> None:
        """Start reading or making the entry on the pool, for a later
        ``memo(kind, key, …)`` to find ready (or wait for) instead of making it."""
        if self.folder is None or self.pool is None:
            return
        path, label = self._entry(kind, key)
        if path not in self.known:
            self.known[path] = self.pool.submit(
                lambda: self._read(path, label) or self._made(path, label, make))

    def has(self, kind: str, key: bytes) -> bool:
        """Whether a whole entry for ``key`` is on disk (or made in this build)."""
        if self.folder is None:
            return False
        path, label = self._entry(kind, key)
        return path in self.known or self._read(path, label) is not None

    def photo(self, path: Path, width: float, height: float, icc: Path,
              max_ink: float, min_ppi: float, whole: Whole | None = None) -> PreparedImage:
        """``images.prepare_photo`` kept as one entry (description and JPEG);
        the JPEG's reading is kept for the preflight as well. ``whole`` is
        the photo converted before its frame was known, when it was."""
        if self.folder is None:
            return prepare_photo(path, width, height, icc, max_ink, min_ppi, whole=whole)
        made: list[PreparedImage] = []

        def prepared() -> bytes:
            made.append(prepare_photo(path, width, height, icc, max_ink, min_ppi, whole=whole))
            self.put(JPEG_READING, made[0].data, made[0].reading.dump())
            self.put(PHOTO_SEEN, self.source_key(path, icc, max_ink, min_ppi), b"")
            return _pack_photo(made[0])

        key = self.source_key(path, icc, max_ink, min_ppi) + f"{width:.3f} {height:.3f}".encode()
        return self.memo("photo", key, prepared, lambda data: made[0] if made else _unpack_photo(data))

    def source_key(self, path: Path, icc: Path, max_ink: float, min_ppi: float) -> bytes:
        """What a photo's preparation depends on but its frame: the photo's
        and the profile's bytes and the limits."""
        return b"".join(hashlib.sha256(part).digest() for part in (
            path.read_bytes(), icc.read_bytes(), f"{max_ink} {min_ppi}".encode()))

    def put(self, kind: str, key: bytes, value: bytes) -> None:
        """Keep ``value`` for ``key`` (made here by other means than ``make``)."""
        if self.folder is not None:
            self._made(*self._entry(kind, key), lambda: value)

    def _entry(self, kind: str, key: bytes) -> tuple[Path, bytes]:
        """The entry's file and the label its seal covers: the file's name,
        itself a digest of the kind, the engine's version and the key."""
        assert self.folder is not None
        name = f"{kind}-{_digest(kind.encode(), version(), key)}"
        return self.folder / name, name.encode()

    def _known(self, path: Path) -> bytes | None:
        """The entry's value if this build read or made it (waiting for a prefetch)."""
        found = self.known.get(path)
        if isinstance(found, Future):
            found = found.result()
            self.known[path] = found
        return found

    def _made(self, path: Path, label: bytes, make: Callable[[], bytes]) -> bytes:
        value = make()
        self.known[path] = value
        self._write(path, value + _sealed(label, value))
        return value

    def _read(self, path: Path, label: bytes) -> bytes | None:
        """The entry's value if the file is a regular one and its seal holds.
        Nothing else is ever opened: a FIFO would block, a device never end."""
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > _LARGEST:
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(_LARGEST + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        value, seal = data[:-_SEAL], data[-_SEAL:]
        return value if len(data) >= _SEAL and _sealed(label, value) == seal else None

    def _write(self, path: Path, data: bytes) -> None:
        if self.pool is not None:
            self.pool.submit(_write_quietly, path, data)
        else:
            _write_quietly(path, data)


def _write_quietly(path: Path, data: bytes) -> None:
    """Write an entry; a cache that cannot be written is only slower."""
    try:
        write_atomic(path, data)
    except OSError:
        pass


PHOTO_SEEN = "photo-seen"
"""A photo prepared before at some size (its conversion is worth starting early only if not)."""

def _pack_photo(image: PreparedImage) -> bytes:
    """A prepared photo as one entry: its description as JSON, a line feed, its JPEG."""
    fields = {f.name: getattr(image, f.name) for f in dataclasses.fields(image)
              if f.name not in ("data", "reading")}
    fields["reading"] = dataclasses.asdict(image.reading)
    fields["sha256"] = hashlib.sha256(image.data).hexdigest()
    return json.dumps(fields).encode() + b"\n" + image.data


def _unpack_photo(entry: bytes) -> PreparedImage:
    """The photo an entry holds; raises (a miss) unless it is whole and consistent."""
    head, data = entry.split(b"\n", 1)
    fields = json.loads(head)
    if fields.pop("sha256") != hashlib.sha256(data).hexdigest():
        raise ValueError("the entry's JPEG is not the one it describes")
    fields["warnings"] = tuple(fields["warnings"])
    fields["reading"] = JpegReading.load(json.dumps(fields["reading"]).encode())
    image = PreparedImage(data=data, **fields)
    if (image.color_space, image.decode_inverted) not in (("DeviceCMYK", True), ("DeviceGray", False)):
        raise ValueError("not a prepared photo's colour space")
    return image


_SEAL = 16
_LARGEST = 1 << 28
"""No entry is larger (256 MiB): a bigger file in the folder is not one of ours."""


def _sealed(label: bytes, value: bytes) -> bytes:
    """The checksum a memo entry ends with, over its name, key and value: a
    truncated or garbled file misses, and so does another entry's file."""
    digest = hashlib.blake2b(digest_size=_SEAL)
    digest.update(hashlib.sha256(label).digest())
    digest.update(value)
    return digest.digest()


def _digest(*parts: bytes) -> str:
    """SHA-256 over the parts' own digests, so no two part lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()
