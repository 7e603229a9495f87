"""The commands around a build, as a desk uses them: start the next
installment, publish the e-paper, and keep every file where it belongs."""
from __future__ import annotations

import re

import pytest
from test_cli import sample_copy

from banmian.app.cli import main
from banmian.app.outputs import OUT, default_output
from banmian.app.watch import Round, watch
from banmian.load.content import load_content
from banmian.load.yamlsource import LoadError


def test_new_scaffolds_the_next_installment_and_it_builds_as_a_proof(tmp_path, capsys):
    previous, target = sample_copy(tmp_path), tmp_path / "next" / "huaian-2023-03.yaml"
    assert main(["new", str(previous), str(target)]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    issue = load_content(target)
    assert issue.name == "huaian-2023-03"
    assert len(issue.articles) == len(load_content(previous).articles)
    out = tmp_path / "next.pdf"
    assert main(["proof", str(target), "-o", str(out), "--dpi", "20"]) == 0
    assert out.read_bytes().startswith(b"%PDF") and out.with_suffix(".annotated.png").exists()
    assert "placeholder" in capsys.readouterr().out


def test_new_never_overwrites(tmp_path, capsys):
    target = tmp_path / "taken.yaml"
    target.write_text("mine", encoding="utf-8")
    assert main(["new", str(sample_copy(tmp_path)), str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{target}:" in err and "already exists" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "mine"


def test_epaper_goes_beside_the_default_pdf_with_a_region_per_article(tmp_path, monkeypatch, capsys):
    content = sample_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", str(content), "--epaper"]) == 0
    name = load_content(content).name
    index = OUT / name / "index.html"
    assert f"e-paper: {index}" in capsys.readouterr().out
    html = index.read_text(encoding="utf-8")
    assert len(re.findall(r'<a class="region"', html)) == len(load_content(content).articles)
    assert (OUT / name / "page.png").exists() and (OUT / f"{name}.pdf").exists()


def test_a_name_that_leaves_out_is_refused(tmp_path, monkeypatch, capsys):
    content = sample_copy(tmp_path, lambda d: d.update(name="../escape"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    assert main(["build", str(content), "--epaper"]) == 2
    err = capsys.readouterr().err
    assert f"{content}:1:" in err and "'../escape'" in err and "-o" in err
    assert not (tmp_path / "escape.pdf").exists() and not (tmp_path / "escape").exists()
    assert not (work / OUT).exists() or not any((work / OUT).glob("*.pdf"))


@pytest.mark.parametrize("name", ["../escape", "/tmp/escape", "a/b", "a\\b", ".cache", ".."])
def test_only_plain_names_make_default_paths(tmp_path, name):
    with pytest.raises(LoadError, match="cannot name a file in out/"):
        default_output(load_content(sample_copy(tmp_path, lambda d: d.update(name=name))))


def test_a_plain_name_stays_in_out(tmp_path):
    issue = load_content(sample_copy(tmp_path, lambda d: d.update(name="淮安-2023.v2")))
    assert default_output(issue) == OUT / "淮安-2023.v2.pdf"


def test_an_explicit_output_may_go_anywhere(tmp_path):
    content = sample_copy(tmp_path, lambda d: d.update(name="../escape"))
    out = tmp_path / "elsewhere" / "page.pdf"
    assert main(["build", str(content), "-o", str(out)]) == 0 and out.exists()


def test_watch_refuses_the_name_too_and_carries_on(tmp_path, monkeypatch):
    content = sample_copy(tmp_path, lambda d: d.update(name="../escape"))
    monkeypatch.chdir(tmp_path)
    rounds: list[Round] = []
    assert watch(content, cache=tmp_path / "cache", on_round=rounds.append, max_rounds=1) == 2
    assert "'../escape'" in rounds[0].error and not (tmp_path / "escape.pdf").exists()
