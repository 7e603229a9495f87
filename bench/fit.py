#!/usr/bin/env python3
"""How the fit stage scales with the number of arrangements it flows.

    .venv/bin/python bench/fit.py

For each installment in content/ and each page of the synthetic edition
(bench/edition.py), in one process after a warm-up: the arrangements the
search flowed, the fit time (best of 5) and the time per 1,000 arrangements.
Target: the sample page's fit under 300 ms. Writes bench/results/fit.json.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from edition import write_edition

from banmian.compose.blocks import banner_stack, issue_pieces
from banmian.compose.fonts import FontBook
from banmian.load.content import load_content
from banmian.load.layout import load_layout
from banmian.page.fit import fit_page

TARGET_MS = 300.0


def measure(path: Path) -> dict:
    """Fit one page five times from freshly composed pieces; the best time."""
    issue = load_content(path)
    layout = load_layout(issue.layout)
    fonts = FontBook(layout.fonts)
    banner = banner_stack(issue.banner, layout, fonts).lines if issue.banner else 0
    times, plan = [], None
    for _ in range(5):
        pieces = issue_pieces(issue, layout, fonts)  # fresh: the 走行 settings cache per piece
        start = time.perf_counter()
        plan = fit_page(pieces, layout, banner)
        times.append(time.perf_counter() - start)
    best = min(times) * 1000
    return {"page": path.stem, "articles": len(issue.articles), "tried": plan.tried,
            "flush": plan.flush, "fit_ms": round(best, 1),
            "ms_per_1000": round(best / max(plan.tried, 1) * 1000, 1)}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        pages = sorted((ROOT / "content").glob("*.yaml")) + write_edition(Path(tmp), 16)
        rows = [measure(p) for p in pages]
    print(f"{'page':<22}{'articles':>9}{'tried':>8}{'fit ms':>9}{'ms/1000':>9}  flush")
    for r in rows:
        print(f"{r['page']:<22}{r['articles']:>9}{r['tried']:>8}{r['fit_ms']:>9}{r['ms_per_1000']:>9}  {r['flush']}")
    sample = next(r for r in rows if r["page"] == "huaian-2023-02")
    print(f"sample page fit {sample['fit_ms']} ms — target ≤ {TARGET_MS:g} ms: "
          f"{'met' if sample['fit_ms'] <= TARGET_MS else 'NOT met'}")
    out = ROOT / "bench/results/fit.json"
    out.write_text(json.dumps({"target_ms": TARGET_MS, "pages": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
