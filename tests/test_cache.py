"""The build cache returns what making would, and misses when any input changes."""
from __future__ import annotations

import shutil
from pathlib import Path

from banmian.cache import Cache
from banmian.images import prepare_photo

ROOT = Path(__file__).resolve().parent.parent
PHOTO = ROOT / "content/photos/jinhu-1.jpg"
ICC = ROOT / "icc/ISOnewspaper_v4_26_bas.icc"


def test_hit_equals_fresh_preparation(tmp_path):
    cache = Cache(tmp_path)
    first = cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    again = cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    assert cache.hits == 1
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


def test_broken_entry_is_a_miss_not_an_error(tmp_path):
    cache = Cache(tmp_path)
    cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    for meta in tmp_path.glob("*.json"):
        meta.write_text("{not json")
    assert cache.photo(PHOTO, 300, 200, ICC, 240, 200).data
    assert cache.hits == 0


def test_no_folder_means_no_cache(tmp_path):
    cache = Cache(None)
    cache.photo(PHOTO, 300, 200, ICC, 240, 200)
    assert cache.photo(PHOTO, 300, 200, ICC, 240, 200) and cache.hits == 0
