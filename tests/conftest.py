"""Fixtures shared by the composer's tests: the sample layout and its faces,
read once per module that asks."""
from __future__ import annotations

from pathlib import Path

import pytest

from banmian.compose.fonts import FontBook
from banmian.load.layout import Layout, load_layout

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout(ROOT / "layouts" / "broadsheet-feature.yaml")


@pytest.fixture(scope="module")
def fonts(layout: Layout) -> FontBook:
    return FontBook(layout.fonts)
