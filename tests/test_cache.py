"""The build cache returns what making would, and misses when any input changes."""
from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

import pytest

import banmian.cache
import banmian.pipeline
from banmian.cache import PHOTO_SEEN, Cache
from banmian.compose.fonts import Face
from banmian.output.images import JPEG_READING, prepare_photo
from banmian.output.pdffonts import subset

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "content/photos/jinhu-1.jpg"
ICC = ROOT / "icc/ISOnewspaper_v4_26_bas.icc"
SAMPLE = ROOT / "content/huaian-2023-02.yaml"


def test_hit_equals_fresh_preparation(tmp_path):
    cache = Cache(tmp_path)
    first = cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    again = cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    assert cache.hits == 1                      # one entry: the description and its JPEG
    assert again == first == prepare_photo(PHOTO, 300, 200, ICC, 240, 200)


def test_changed_photo_frame_or_limit_misses(tmp_path):
    photo = tmp_path / "p.jpg"
    shutil.copy(PHOTO, photo)
    cache = Cache(tmp_path / "cache")
    cache.photo(photo, 300, 200, ICC, 240, 200)
    cache.photo(photo, 301, 200, ICC, 240, 200)
    cache.photo(photo, 300, 200, ICC, 230, 200)
    shutil.copy(ROOT / "content/photos/hongze-1.jpg", photo)
    changed = cache.photo(photo, 300, 200, ICC, 240, 200)
    assert cache.hits == 0
    assert changed.data == prepare_photo(photo, 300, 200, ICC, 240, 200).data


@pytest.mark.parametrize("keep", [100, -100], ids=["description only", "JPEG cut short"])
def test_broken_photo_entry_is_a_miss_not_an_error(tmp_path, keep):
    """A truncated entry is made again, never embedded."""
    cache = Cache(tmp_path)
    fresh = cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    (entry,) = [p for p in tmp_path.iterdir() if p.name.startswith("photo-") and "seen" not in p.name]
    entry.write_bytes(entry.read_bytes()[:keep])
    again = Cache(tmp_path)
    assert again.photo(PHOTO, 300, 200, ICC, 240, 200) == fresh
    assert again.hits == 0                      # made again (its reading is put, not read)


def test_no_folder_means_no_cache(tmp_path):
    cache = Cache(None)
    cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    assert cache.photo(PHOTO, 300, 200, ICC, 240, 200) and cache.hits == 0


class Maker:
    """A ``make`` for ``Cache.memo`` that counts its calls and returns ``value``."""

    def __init__(self, value: bytes) -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.value


def test_memo_keeps_what_make_returned(tmp_path):
    """The second call is served from disk: make is not called again."""
    cache, make = Cache(tmp_path), Maker(b"\x00deflated\xff")
    assert cache.memo("icc-flate", b"profile", make) == b"\x00deflated\xff"
    assert (make.calls, cache.hits) == (1, 0)
    assert cache.memo("icc-flate", b"profile", make) == b"\x00deflated\xff"
    assert (make.calls, cache.hits) == (1, 1)
    assert Cache(tmp_path).memo("icc-flate", b"profile", Maker(b"other")) == b"\x00deflated\xff"


@pytest.mark.parametrize("damage", [lambda data: data[:-1], lambda data: data[:3],
                                    lambda data: b"{not json" + data[9:], lambda data: b""],
                         ids=["last byte lost", "truncated", "garbled", "empty"])
def test_a_damaged_memo_entry_is_a_miss_not_an_error(tmp_path, damage):
    """An entry cut short or overwritten is made again, never served."""
    Cache(tmp_path).memo("ink", b"key", Maker(b"12.5"))
    (entry,) = tmp_path.iterdir()
    entry.write_bytes(damage(entry.read_bytes()))
    cache, make = Cache(tmp_path), Maker(b"12.5")
    assert cache.memo("ink", b"key", make) == b"12.5" and make.calls == 1 and cache.hits == 0
    assert Cache(tmp_path).memo("ink", b"key", Maker(b"never")) == b"12.5"   # and stored again


def test_memo_entries_survive_in_a_new_cache_on_the_same_folder(tmp_path):
    """What one build stored, the next build (a new Cache) reads."""
    Cache(tmp_path).memo("ink", b"key", Maker(b"12.5"))
    later, make = Cache(tmp_path), Maker(b"never")
    assert later.memo("ink", b"key", make) == b"12.5" and make.calls == 0 and later.hits == 1


@pytest.mark.parametrize("kind, key", [("ink", b"other key"), ("font", b"key"), ("ink", b"key\0")])
def test_memo_other_key_or_kind_misses(tmp_path, kind, key):
    """Kind and key both name the entry: one kind's value never serves another."""
    cache = Cache(tmp_path)
    cache.memo("ink", b"key", Maker(b"first"))
    make = Maker(b"second")
    assert cache.memo(kind, key, make) == b"second"
    assert make.calls == 1 and cache.hits == 0
    assert cache.memo("ink", b"key", Maker(b"unused")) == b"first"


def test_memo_and_photos_miss_when_the_engine_changes(tmp_path, monkeypatch):
    """Entries made by other code (another version, an edited module) are
    never served: ``version()`` digests the engine's source."""
    cache = Cache(tmp_path)
    cache.memo("font", b"key", Maker(b"old way"))
    cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    monkeypatch.setattr(banmian.cache, "version", lambda: b"an edited engine")
    make = Maker(b"new way")
    assert cache.memo("font", b"key", make) == b"new way" and make.calls == 1
    cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    assert cache.hits == 0


def test_memo_creates_a_missing_folder(tmp_path):
    cache = Cache(tmp_path / "out" / ".cache")
    cache.memo("ink", b"key", Maker(b"value"))
    assert cache.memo("ink", b"key", Maker(b"unused")) == b"value" and cache.hits == 1


def test_unwritable_folder_is_a_miss_not_an_error(tmp_path):
    """A cache folder that cannot exist (its parent is a file) costs the
    saving, never the build."""
    (tmp_path / "file").write_bytes(b"not a folder")
    cache, make = Cache(tmp_path / "file" / "cache"), Maker(b"value")
    assert cache.memo("ink", b"key", make) == b"value"
    assert Cache(tmp_path / "file" / "cache").memo("ink", b"key", make) == b"value"
    assert make.calls == 2 and cache.hits == 0      # nothing was stored for the next build
    assert cache.photo(PHOTO, 300, 200, ICC, 240, 200).data
    assert (tmp_path / "file").read_bytes() == b"not a folder"


def test_memo_without_folder_never_stores(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cache, make = Cache(None), Maker(b"value")
    assert cache.memo("ink", b"key", make) == cache.memo("ink", b"key", make) == b"value"
    assert make.calls == 2 and cache.hits == 0
    assert list(tmp_path.iterdir()) == []


def test_font_cut_from_the_memo_equals_a_fresh_cut(tmp_path):
    """A face's subset read back from the cache has the same program and codes."""
    face = Face("shusong", ROOT / "fonts/NotoSerifCJKsc-Regular.otf")
    text = "淮安市洪泽区，清澈见底。"
    used = {g.gid: text[g.cluster] for g in face.shape(text)}
    cache = Cache(tmp_path)
    first, again = subset(face, used, cache.memo), subset(face, used, cache.memo)
    assert cache.hits == 1
    assert again == first == subset(face, used)


class Counting(Cache):
    """A Cache that records itself and counts the entries it had to make
    (or was given), by kind."""

    made: list[Counting] = []

    def __init__(self, folder: Path | None, pool: Executor | None = None) -> None:
        super().__init__(folder, pool)
        self.making: Counter[str] = Counter()
        Counting.made.append(self)

    def _made(self, path: Path, label: bytes, make: Callable[[], bytes]) -> bytes:
        self.making[path.name.rsplit("-", 1)[0]] += 1
        return super()._made(path, label, make)


@pytest.fixture(scope="module")
def sample_builds(tmp_path_factory) -> dict[str, tuple[bytes, Counting]]:
    """The sample page built cold into a cache, warm from it, and with no cache."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(banmian.pipeline, "Cache", Counting)
        Counting.made = []
        builds = {}
        for name, cache in (("cold", folder), ("warm", folder), ("none", None)):
            built = banmian.pipeline.build(SAMPLE, cache=cache)
            assert built.preflight is not None
            builds[name] = (built.pdf, Counting.made[-1])
    return builds


def test_warm_build_makes_nothing_and_gives_the_same_bytes(sample_builds):
    """The second build takes the profile, font cuts, photos and ink readings
    from the cache, and they make the same PDF. The first build's preflight
    reads each photo's ink from the reading its preparation made of the same
    JPEG bytes (and decodes nothing again), and the render the profile its
    pool compressed while the text was composed."""
    (cold, made), (warm, served) = sample_builds["cold"], sample_builds["warm"]
    assert {"icc-flate", "font", "photo", JPEG_READING} <= set(made.making)
    assert made.making[JPEG_READING] == 4 and made.hits == 4 + 1
    assert served.hits >= sum(made.making.values()) - made.making[PHOTO_SEEN] and not served.making
    assert warm == cold


def test_cached_build_equals_uncached_build(sample_builds):
    (cold, _), (warm, _), (none, uncached) = (sample_builds[k] for k in ("cold", "warm", "none"))
    assert uncached.hits == 0 and uncached.folder is None
    assert none == cold == warm
