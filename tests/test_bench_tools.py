"""bench/edition.py writes valid content files, the same for the same seed."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from banmian.load.content import Head, Paragraph, load_content

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_edition", ROOT / "bench/edition.py")
edition = sys.modules["bench_edition"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(edition)


def test_edition_pages_load_and_repeat(tmp_path):
    files = edition.write_edition(tmp_path / "a", pages=3, seed=1)
    again = edition.write_edition(tmp_path / "b", pages=3, seed=1)
    assert [f.read_bytes() for f in files] == [f.read_bytes() for f in again]
    for path in files:
        issue = load_content(path)
        photos = [p for a in issue.articles for p in a.photos]
        body = sum(len(b.lead) + len(b.text) for a in issue.articles for b in a.body if isinstance(b, Paragraph))
        assert 1 <= len(issue.articles) <= 3 and 1 <= len(photos) <= 4
        assert all(p.file is not None and p.file.is_file() for p in photos)
        assert all(a.kicker and len(a.title) == 2 and a.byline and any(isinstance(b, Head) for b in a.body)
                   for a in issue.articles)
        assert 3000 < body < 6500
        assert not issue.changes
