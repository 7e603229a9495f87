"""Benchmark of the line composer on the sample body at the 13-em column.

Shapes, itemises, breaks and positions every paragraph of the seed page (full-
width punctuation, run-in lead phrases in their own style) — 1×, 4× and 16×
over — and prints the median of five timed runs after a warm-up, the cost per
1,000 characters, whether the cost grows linearly (within 10 %, judged on the
fastest run of each size, which leaves out the noise of a shared machine),
and how much the justified lines were stretched. The target is under 100 ms
for 1×.

    .venv/bin/python bench/compose.py
"""
from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

from banmian.compose.fonts import FontBook
from banmian.compose.lines import Line, TextRun, stretch_stats
from banmian.compose.paragraph import compose, prepare
from banmian.load.layout import Layout, load_layout

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = ROOT / "layouts" / "broadsheet-feature.yaml"
SAMPLE = ROOT / "tests" / "data" / "seed_body.txt"
REPEATS = 5
TARGET_MS = 100.0


def paragraphs(path: Path) -> list[list[TextRun]]:
    """One paragraph a line; a tab ends a run-in lead phrase."""
    result = []
    for line in path.read_text(encoding="utf-8").splitlines():
        lead, _, body = line.rpartition("\t")
        result.append(([TextRun(lead, "lead")] if lead else []) + [TextRun(body, "body")])
    return result


def compose_all(body: list[list[TextRun]], layout: Layout, fonts: FontBook) -> list[Line]:
    measure = layout.grid.column_width
    return [line for runs in body for line in compose(prepare(runs, layout, fonts), measure).lines]


def timed_ms(body: list[list[TextRun]], layout: Layout, fonts: FontBook) -> list[float]:
    """``REPEATS`` timed runs after a warm-up, each starting without the
    garbage of the one before (as ``timeit`` keeps collection out)."""
    compose_all(body, layout, fonts)
    times = []
    for _ in range(REPEATS):
        gc.collect()
        start = time.perf_counter()
        compose_all(body, layout, fonts)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    layout = load_layout(LAYOUT)
    fonts = FontBook(layout.fonts)
    body = paragraphs(SAMPLE)
    chars = sum(len(run.text) for runs in body for run in runs)
    print(f"sample body: {len(body)} paragraphs, {chars} characters, "
          f"measure {layout.grid.column_chars} em = {layout.grid.column_width:g} pt")
    best_per_k = {}
    for copies in (1, 4, 16):
        times = timed_ms(body * copies, layout, fonts)
        thousands = chars * copies / 1000
        best_per_k[copies] = min(times) / thousands
        ms = statistics.median(times)
        print(f"{copies:>3}×: {ms:8.1f} ms median  ({ms / thousands:.2f} ms per 1,000 characters; "
              f"fastest {min(times):.1f} ms)")
        if copies == 1:
            print(f"      target < {TARGET_MS:g} ms for 1×: {'met' if ms < TARGET_MS else 'missed'}")
    growth = max(best_per_k.values()) / best_per_k[1]
    print(f"linear within 10 %: {'yes' if growth <= 1.10 else 'no'} "
          f"(worst cost per character {growth:.2f}× that of 1×, fastest runs)")
    report(compose_all(body, layout, fonts))


def report(lines: list[Line]) -> None:
    stats = stretch_stats(lines)
    print(f"justified lines: {stats.lines}, stretched: {stats.stretched}, "
          f"mean {stats.mean_em:.3f} em, max {stats.max_em:.3f} em per gap")
    low = 0.0
    for upper, count in stats.buckets:
        label = "= 0" if upper == 0 else f"{low:.2f}–{upper:.2f} em" if upper < float("inf") else f"> {low:.2f} em"
        print(f"  stretch {label:>14}: {count}")
        low = upper


if __name__ == "__main__":
    main()
