#!/usr/bin/env python3
"""Time the sample build as a whole process: one warm-up, then the median and
spread of N runs, and the peak memory (max RSS) of the slowest child.

    .venv/bin/python bench/build.py [content.yaml] [-n 5]

Targets (2-core machine): under 1 s wall and 200 MiB peak now; the goal is
Typst's 0.33 s for the same page. Writes bench/results/build.json.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S, TARGET_MIB, GOAL_S = 1.0, 200.0, 0.33


def one_run(content: Path, output: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `banmian build` process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-m", "banmian", "build", str(content), "-o", str(output)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default=str(ROOT / "content/huaian-2023-02.yaml"))
    parser.add_argument("-n", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "page.pdf"
        one_run(Path(args.content), output)
        runs = [one_run(Path(args.content), output) for _ in range(args.n)]
    walls = [w for w, _ in runs]
    peak = max(m for _, m in runs)
    result = {
        "content": args.content, "runs": args.n, "cpus": os.cpu_count(),
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3), "max_s": round(max(walls), 3),
        "peak_mib": round(peak, 1),
        "targets": {"wall_s": TARGET_S, "peak_mib": TARGET_MIB, "goal_s": GOAL_S},
    }
    out = ROOT / "bench/results/build.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    ok = result["median_s"] <= TARGET_S and peak <= TARGET_MIB
    print(f"sample build: median {result['median_s']} s (min {result['min_s']}, max {result['max_s']}), "
          f"peak {result['peak_mib']} MiB — target ≤ {TARGET_S} s and ≤ {TARGET_MIB} MiB: "
          f"{'met' if ok else 'NOT met'}; goal {GOAL_S} s: "
          f"{'met' if result['median_s'] <= GOAL_S else 'not yet'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
