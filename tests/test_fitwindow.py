"""bench/copygen.py writes exact, repeatable copy; bench/fitwindow's summary
agrees with its own rows, and a plan's capacity is what its copy sets in."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

import pytest

from banmian.load.content import Head, Paragraph, load_content

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "bench"))    # after the packages: bench/ has build.py, fit.py…
import copygen  # noqa: E402

_path = str(ROOT / "bench" / "fitwindow")   # a script without .py: its loader is named
_loader = SourceFileLoader("bench_fitwindow", _path)
fitwindow = sys.modules["bench_fitwindow"] = module_from_spec(
    spec_from_file_location("bench_fitwindow", _path, loader=_loader))
_loader.exec_module(fitwindow)


def paragraph_chars(blocks: list) -> int:
    return sum(len(b) if isinstance(b, str) else len(b.get("lead", "")) + len(b["text"])
               for b in blocks if not (isinstance(b, dict) and "head" in b))


@pytest.mark.parametrize("chars, subheads", [(40, 0), (333, 2), (1201, 6), (4999, 3)])
def test_copy_is_exact_and_repeatable(chars, subheads):
    for seed in range(5):
        body = copygen.Writer(random.Random(seed)).body(chars, subheads)
        assert paragraph_chars(body) == chars
        assert sum(isinstance(b, dict) and "head" in b for b in body) == subheads
        assert body == copygen.Writer(random.Random(seed)).body(chars, subheads)
        assert all(b for b in body)


def test_copy_has_the_marks_of_real_copy():
    text = "".join(b if isinstance(b, str) else b.get("lead", "") + b.get("text", "")
                   for b in copygen.Writer(random.Random(1)).body(8000, 5) if "head" not in b)
    for mark in ("“", "”", "《", "》", "——", "……", "、", "%", "万元", "季度", "年"):
        assert mark in text, mark
    assert any(c.isdigit() for c in text) and "." in text


def test_plan_content_loads_with_exact_bodies(tmp_path):
    plan = fitwindow.draw_plan(11, 3)
    assert len(plan.articles) == 4 and plan.photos == 6
    chars = fitwindow.case_chars(plan, 6000, 7)
    assert sum(chars) == 6000
    path = fitwindow.write_content(tmp_path / "p.yaml", fitwindow.page_content(plan, chars, "7"))
    issue = load_content(path)
    assert not issue.changes
    assert [sum(len(b.lead) + len(b.text) for b in a.body if isinstance(b, Paragraph))
            for a in issue.articles] == chars
    assert [sum(isinstance(b, Head) for b in a.body) for a in issue.articles] == [a.subheads for a in plan.articles]
    assert [tuple(p.aspect for p in a.photos) for a in issue.articles] == [a.photos for a in plan.articles]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """The quick sweep on three plans (one, two and three articles; 0, 1 and 2 photos) at 10 % steps."""
    out = tmp_path_factory.mktemp("fitwindow")
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "fitwindow"), "--quick", "--step", "10",
                          "--results", str(out), "--work", str(out / "work")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    summary = json.loads((out / "fitwindow.json").read_text(encoding="utf-8"))
    cases = json.loads((out / "fitwindow-cases.json").read_text(encoding="utf-8"))
    return summary, cases, run.stdout, out


def test_sweep_summary_shape(sweep):
    summary, cases, stdout, _ = sweep
    steps = [-20, -10, 0, 10]
    assert summary["cases"] == len(cases["cases"]) == 3 * len(steps)
    assert fitwindow.steps(10) == steps
    assert set(summary["flush_rate"]) == {"photos_2plus", "photos_0_1"}
    assert set(summary["flush_rate"]["photos_2plus"]) == {"-20..+10", "-10..+5"}
    assert set(summary["flush_rate"]["photos_0_1"]) == {"-15..+3", "-7..+1"}
    for windows in summary["flush_rate"].values():
        assert all(0 <= r <= 1 for r in windows.values())
    assert isinstance(summary["violations"], int) and summary["violations"] >= 0
    assert 0 < summary["median_fit_s"] <= summary["max_fit_s"]
    assert "-20..+10" in stdout and "convention violations" in stdout


def test_sweep_rates_follow_the_rows(sweep):
    summary, cases, _, _ = sweep
    rows = cases["cases"]
    for row in rows:
        assert row["flush"] == (not any(row["over"]) and not any(row["under"]))
    for kind, windows in fitwindow.WINDOWS.items():
        for low, high in windows:
            picked = [r["flush"] for r in rows if (r["photos"] >= 2) == (kind == "photos_2plus")
                      and low <= r["step"] <= high]
            key = f"{low}..{high:+d}"
            assert summary["flush_rate"][kind][key] == round(sum(picked) / len(picked), 4)


def test_copy_at_capacity_sets_in_the_free_lines(sweep):
    """Each case's copy is its share of the capacity to the character (read
    back from the content file built), and at 0 % the engine sets it in the
    plan's free lines within the noise of where paragraphs end."""
    _, cases, _, out = sweep
    for row in cases["cases"]:
        assert sum(row["chars"]) == round(row["capacity"] * (1 + row["step"] / 100))
        issue = load_content(out / "work" / f"plan-{row['plan']:02d}" / f"case{row['step']:+03d}.yaml")
        assert [sum(len(b.lead) + len(b.text) for b in a.body if isinstance(b, Paragraph))
                for a in issue.articles] == row["chars"]
        if row["step"] == 0:
            assert abs(sum(row["body_lines"]) - row["free_lines"]) <= max(5, 0.02 * row["free_lines"])
    for plan in cases["plans"]:
        assert 11 < plan["chars_per_body_line"] < 14.5 and 13 < plan["full_line_chars"] < 14.5
