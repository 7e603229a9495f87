"""``banmian watch`` as an editor lives with it: saves, slips, recovery."""
from __future__ import annotations

import threading

from test_cli import ROOT, overset, sample_copy

from banmian.app.watch import Round, inputs_of, state, wait_for_change, watch
from banmian.load.content import load_content

FIRST = "2023年以来"


def test_a_broken_save_keeps_the_good_files_and_the_next_good_save_rebuilds(tmp_path):
    content, out = sample_copy(tmp_path), tmp_path / "page.pdf"
    good = content.read_text(encoding="utf-8")
    saves = [good.replace("articles:", "articles: [", 1),       # a YAML syntax error
             good.replace(FIRST, FIRST + "至今", 1)]             # a one-paragraph edit
    rounds: list[Round] = []
    files: list[tuple[bytes, bytes]] = []

    def on_round(done: Round) -> None:
        rounds.append(done)
        files.append((out.read_bytes(), out.with_suffix(".png").read_bytes()))
        if saves:
            content.write_text(saves.pop(0), encoding="utf-8")

    status = watch(content, out, 20, cache=tmp_path / "cache", on_round=on_round,
                   max_rounds=3, interval=0.05)
    assert [r.status for r in rounds] == [0, 2, 0] and status == 0
    broken = rounds[1]
    assert f"{content}:" in broken.error and "YAML" in broken.error and "kept" in broken.report
    assert files[1] == files[0]                      # the broken round touched nothing
    assert files[2][0] != files[0][0]                # the edit made a new page
    for done in (rounds[0], rounds[2]):
        assert "written" in done.report and done.report.count("— flush") == 2


def test_overset_is_reported_and_not_written(tmp_path):
    content, out = sample_copy(tmp_path, overset), tmp_path / "page.pdf"
    rounds: list[Round] = []
    watch(content, out, cache=tmp_path / "cache", on_round=rounds.append, max_rounds=1)
    assert rounds[0].status == 1 and "not written" in rounds[0].report
    assert "characters to cut" in rounds[0].report and not out.exists()


def test_stop_ends_the_loop_while_waiting(tmp_path):
    stop = threading.Event()
    rounds: list[Round] = []
    runner = threading.Thread(target=watch, args=(sample_copy(tmp_path), tmp_path / "page.pdf"),
                              kwargs={"cache": tmp_path / "cache", "stop": stop,
                                      "on_round": rounds.append, "interval": 0.05})
    runner.start()
    stop.set()
    runner.join(timeout=60)
    assert not runner.is_alive() and len(rounds) == 1


def test_the_layout_and_every_photo_are_watched():
    issue = load_content(ROOT / "content/huaian-2023-02.yaml")
    watched = inputs_of(issue)
    assert watched[:2] == (issue.path, issue.layout)
    assert {p.file for a in issue.articles for p in a.photos} <= set(watched)


def test_a_changed_or_missing_file_is_seen(tmp_path):
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"one")
    seen = {photo: state(photo)}
    never = threading.Event()
    photo.write_bytes(b"three")
    assert wait_for_change(seen, 0.01, never)
    photo.unlink()
    assert state(photo) is None and wait_for_change({photo: (0, 3)}, 0.01, never)
    stopped = threading.Event()
    stopped.set()
    assert not wait_for_change({photo: None}, 0.01, stopped)

