"""Every installment in content/ builds with the same command: flush columns,
a clean preflight, and every character of its content on the page."""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest

from banmian.load.content import Head
from banmian.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CONTENTS = sorted((ROOT / "content").glob("*.yaml"))


def all_text(issue) -> str:
    parts = [issue.credits]
    if issue.banner:
        parts += [issue.banner.main, issue.banner.series, issue.banner.slogan]
    for a in issue.articles:
        parts += [a.kicker, *a.title, a.subtitle, a.byline, *(p.caption for p in a.photos)]
        for block in a.body:
            parts += block.phrases if isinstance(block, Head) else [block.lead, block.text]
    return re.sub(r"\s+", "", "".join(parts))


def test_there_is_a_series():
    assert len(CONTENTS) >= 3


@pytest.mark.parametrize("path", CONTENTS, ids=lambda p: p.stem)
def test_installment_builds_flush_and_clean(path):
    result = build(path)
    assert result.plan.flush, [(b.pieces.article.name, b.flow.overset, b.flow.underset)
                               for b in result.plan.bands]
    assert not result.preflight.errors, result.preflight.render_text()
    text = pypdf.PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text()
    assert Counter(re.sub(r"\s+", "", text)) == Counter(all_text(result.issue))
