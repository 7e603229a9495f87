#!/usr/bin/env python3
"""Time `banmian build` as a whole process: one warm-up, then the median and
spread of N runs, and the peak memory (max RSS) of each run's process.

    .venv/bin/python bench/build.py [content.yaml] [-n 5] [--cold]

Each run works in a temporary folder, so the photo cache (``out/.cache``,
relative to the working directory) is warm after the warm-up, or empty for
every run with ``--cold``. Targets (2-core machine): at most 0.55 s wall
cold and 0.35 s warm (median), 150 MiB peak; the goal is Typst's 0.33 s for
the same page. Writes
bench/results/build.json. ``bench/run`` measures this and more.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content/huaian-2023-02.yaml"
TARGETS_S = {"cold": 0.55, "warm": 0.35}
"""Whole-process wall time of the sample page, median, by build cache."""
TARGET_MIB, GOAL_S = 150.0, 0.33


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds, peak RSS in MiB (the largest of
    it and the children it waited for), exit status and its output."""

    wall: float
    peak_mib: float
    status: int
    out: str
    err: str


def child_env(pycache: Path) -> dict[str, str]:
    """The environment for measured processes: bytecode cached (in
    ``pycache``, outside the source tree), as on an editor's machine, even
    where the shell sets PYTHONDONTWRITEBYTECODE."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def run(argv: Sequence[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run ``argv`` to the end; wall time from start to reaping, peak RSS from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_maxrss / 1024, process.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def banmian(args: Sequence[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> Run:
    """``python -m banmian ARGS`` in ``cwd``; raises if the exit status is not in ``ok``."""
    result = run([sys.executable, "-m", "banmian", *args], cwd, env)
    if result.status not in ok:
        raise RuntimeError(f"banmian {' '.join(args)} exited {result.status}:\n{result.err[-2000:]}")
    return result


def series(once: Callable[[], Run], n: int) -> list[Run]:
    """A warm-up, then ``n`` measured runs."""
    once()
    return [once() for _ in range(n)]


def summary(runs: Sequence[Run]) -> dict:
    """Median, spread and peak of a series, with the median stage timings the
    build reports printed (summed over pages when there are several)."""
    walls = [r.wall for r in runs]
    stages = [stage_timings(r.out) for r in runs]
    names = list(stages[0]) if stages else []
    return {
        "runs": len(runs),
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "peak_mib": round(max(r.peak_mib for r in runs), 1),
        "stages_ms": {k: round(statistics.median(s.get(k, 0.0) for s in stages), 1) for k in names},
    }


def stage_timings(report: str) -> dict[str, float]:
    """The ``timings:`` lines of build reports, stage by stage in ms, summed."""
    total: dict[str, float] = {}
    for line in re.findall(r"^\s*timings: (.*)$", report, re.MULTILINE):
        for stage, ms in re.findall(r"(\w+) (\d+(?:\.\d+)?) ms", line):
            total[stage] = total.get(stage, 0.0) + float(ms)
    return total


def sample_build(content: Path, n: int, cold: bool, env: dict[str, str], extra: Sequence[str] = ()) -> dict:
    """Time ``banmian build CONTENT -o PDF [EXTRA]`` in a temporary working
    folder: a fresh one for every run when ``cold`` (empty photo cache),
    else one folder whose cache the warm-up fills."""
    with tempfile.TemporaryDirectory(prefix="banmian-bench-") as tmp:
        shared = Path(tmp) / "warm"
        shared.mkdir()

        def once() -> Run:
            cwd = Path(tempfile.mkdtemp(dir=tmp)) if cold else shared
            return banmian(["build", str(content.resolve()), "-o", str(cwd / "page.pdf"), *extra], cwd, env)

        return summary(series(once, n))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("-n", type=int, default=5, help="measured runs after the warm-up")
    parser.add_argument("--cold", action="store_true", help="empty photo cache for every run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="banmian-pycache-") as pycache:
        result = sample_build(args.content, args.n, args.cold, child_env(Path(pycache)))
    cache = "cold" if args.cold else "warm"
    target_s = TARGETS_S[cache]
    result = {"content": str(args.content), "cache": cache, "cpus": os.cpu_count(), **result,
              "targets": {"wall_s": target_s, "peak_mib": TARGET_MIB, "goal_s": GOAL_S}}
    out = ROOT / "bench/results/build.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    ok = result["median_s"] <= target_s and result["peak_mib"] <= TARGET_MIB
    print(f"build ({result['cache']} cache): median {result['median_s']} s "
          f"(min {result['min_s']}, max {result['max_s']}), peak {result['peak_mib']} MiB — "
          f"target ≤ {target_s} s and ≤ {TARGET_MIB:g} MiB: {'met' if ok else 'NOT met'}; "
          f"goal {GOAL_S} s: {'met' if result['median_s'] <= GOAL_S else 'not yet'}")
    print("  stages (median, ms): " + ", ".join(f"{k} {v:g}" for k, v in result["stages_ms"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
