"""``banmian watch``: rebuild a page on every save, so the layout editor sees
the copy fit while cutting copy.

The inputs — the content file, its layout and its photos — are polled by
modification time and size (standard library only: no watcher dependency,
and it works on network shares). Each rebuild runs in-process with the photo
cache, so a text edit skips the colour conversion. A broken save prints its
located error and leaves the last good PDF and proofs as they were; the next
good save builds again. Preflight is left to ``banmian build`` and ``check``:
it would add about half again to every round of a proofing loop.
"""
from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..compose.fonts import MissingGlyph
from ..files import OUT
from ..load.content import load_content
from ..load.yamlsource import LoadError
from ..pipeline import Build, build
from .outputs import OutputError, blocking, default_output, inputs_of, write_outputs
from .report import fits

POLL = 0.3
"""Seconds between looks at the inputs: quick enough to feel immediate."""

State = tuple[int, int] | None
"""A file's (modification time in ns, size), or None while it is missing."""


@dataclass(frozen=True)
class Round:
    """One rebuild: its exit status as ``build`` would give it (0 written,
    1 not written, 2 bad input), what to print, and the inputs to watch from
    now on (empty when the content could not be read: keep the old ones)."""

    status: int
    report: str
    error: str
    inputs: tuple[Path, ...]


def watch(content: Path, output: Path | None = None, proof_dpi: float | None = None, *,
          allow_overset: bool = False, cache: Path | None = OUT / ".cache",
          on_round: Callable[[Round], None] | None = None, stop: threading.Event | None = None,
          max_rounds: int | None = None, interval: float = POLL) -> int:
    """Build ``content`` now and again after every change to its inputs, until
    ``stop`` is set or ``max_rounds`` rounds have run; each round goes to
    ``on_round`` (default: printed). Returns the last round's status."""
    stop = stop or threading.Event()
    on_round = on_round or show
    inputs: tuple[Path, ...] = (Path(content),)
    rounds = 0
    while True:
        before = states(inputs)
        done = rebuild(content, output, proof_dpi, allow_overset, cache)
        on_round(done)
        rounds += 1
        inputs = done.inputs or inputs
        # a save during the build counts: compare with the states it started from
        seen = {path: before[path] if path in before else state(path) for path in inputs}
        if rounds == max_rounds or not wait_for_change(seen, interval, stop):
            return done.status


def rebuild(content: Path, output: Path | None = None, proof_dpi: float | None = None,
            allow_overset: bool = False, cache: Path | None = None) -> Round:
    """Build once and write the files if the page may be written."""
    start = time.perf_counter()
    try:
        result = build(content, preflight=False, cache=cache)
        target = output or default_output(result.issue)
        problems = blocking(result, allow_overset=allow_overset)
        if not problems:
            write_outputs(result, target, proof_dpi)
    except (LoadError, MissingGlyph, OutputError) as err:
        return _failed(content, str(err))
    except Exception:  # a file caught half-written, or a bug: the watcher carries on
        return _failed(content, traceback.format_exc().rstrip())
    seconds = time.perf_counter() - start
    head = f"not written: {'; '.join(problems)}" if problems else "written"
    return Round(1 if problems else 0, "\n".join([f"{_now()} {target} {head}", *summary(result, seconds)]),
                 "", inputs_of(result.issue))


def summary(result: Build, seconds: float) -> list[str]:
    """One line per article (its copy fit), then where the time went."""
    lines = []
    for fit in fits(result):
        photos = ", ".join(fit.photos) or "no photos"
        lines.append(f"  {fit.name}: {fit.chars} characters, module {fit.module}, "
                     f"{photos} — {fit.status}")
    stages = ", ".join(f"{k} {v * 1000:.0f}" for k, v in result.timings.items())
    lines.append(f"  {seconds:.2f} s ({stages} ms)")
    return lines


def _failed(content: Path, error: str) -> Round:
    return Round(2, f"{_now()} {content} not rebuilt; the last good files are kept", error,
                 _readable_inputs(content))


def _readable_inputs(content: Path) -> tuple[Path, ...]:
    """The inputs named by the content file if it still loads (the layout or
    a photo may be what is broken), else none known."""
    try:
        return inputs_of(load_content(content))
    except LoadError:
        return ()


def state(path: Path) -> State:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def states(paths: Iterable[Path]) -> dict[Path, State]:
    return {path: state(path) for path in paths}


def wait_for_change(seen: dict[Path, State], interval: float, stop: threading.Event) -> bool:
    """Poll until a file differs from ``seen`` (True; at once if it already
    does) or ``stop`` is set (False)."""
    while states(seen) == seen:
        if stop.wait(interval):
            return False
    return True


def show(done: Round) -> None:
    """Print a round: the summary to stdout, an error to stderr."""
    print(done.report, flush=True)
    if done.error:
        print(done.error, file=sys.stderr, flush=True)


def _now() -> str:
    return time.strftime("%H:%M:%S")
