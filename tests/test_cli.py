"""The command line as a layout editor uses it: exit codes, reports, files."""
from __future__ import annotations

import copy
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from banmian.app.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content/huaian-2023-02.yaml"


def sample_copy(tmp_path: Path, edit=None) -> Path:
    """The sample content in ``tmp_path`` (paths made absolute), optionally edited."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["layout"] = str(ROOT / "layouts/broadsheet-feature.yaml")
    shutil.copytree(ROOT / "content/photos", tmp_path / "photos", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("*.py", "*.txt"))
    if edit:
        edit(data)
    path = tmp_path / "page.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_build_writes_pdf_and_flush_report(tmp_path, capsys):
    out = tmp_path / "page.pdf"
    assert main(["build", str(SAMPLE), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-1.3")
    report = capsys.readouterr().out
    assert "金湖县政协" in report and "洪泽区政协" in report
    assert report.count("— flush") == 2
    assert "preflight: PASS" in report


def test_same_input_same_bytes(tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["build", str(SAMPLE), "-o", str(first)]) == 0
    assert main(["build", str(SAMPLE), "-o", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_bad_input_exits_2_and_keeps_the_good_pdf(tmp_path, capsys):
    out = tmp_path / "page.pdf"
    out.write_bytes(b"%PDF- the good one")
    broken = sample_copy(tmp_path, lambda d: d["articles"][0].update(colour="red"))
    assert main(["build", str(broken), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}:" in err and "unknown" in err and "Traceback" not in err
    assert out.read_bytes() == b"%PDF- the good one"


def overset(data: dict) -> None:
    """Triple the second article's body: far more than its band can hold."""
    body = data["articles"][1]["body"]
    body.extend([copy.deepcopy(block) for block in body * 2])


def test_overset_is_reported_and_not_written(tmp_path, capsys):
    out = tmp_path / "page.pdf"
    assert main(["build", str(sample_copy(tmp_path, overset)), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "lines over" in captured.out and "characters to cut" in captured.out
    assert "not written" in captured.err
    assert not out.exists()


def test_allow_overset_writes_a_marked_proof(tmp_path, capsys):
    out = tmp_path / "page.pdf"
    args = ["build", str(sample_copy(tmp_path, overset)), "-o", str(out), "--allow-overset", "--proof", "30"]
    assert main(args) == 0
    assert out.exists() and out.with_suffix(".annotated.png").exists()
    assert "lines over" in capsys.readouterr().out


def test_final_refuses_a_placeholder_photo(tmp_path, capsys):
    def placeholder(data):
        del data["articles"][0]["photos"][0]["file"]
    out = tmp_path / "page.pdf"
    assert main(["build", str(sample_copy(tmp_path, placeholder)), "-o", str(out), "--final"]) == 1
    captured = capsys.readouterr()
    assert "placeholder" in captured.out and "placeholder" in captured.err
    assert not out.exists()


def test_no_normalize_switch_keeps_half_width_punctuation(tmp_path, capsys):
    out = tmp_path / "page.pdf"
    assert main(["build", str(SAMPLE), "-o", str(out), "--no-normalize", "--json"]) == 0
    assert '"normalisations": []' in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"]])
def test_python_m_banmian_help(argv):
    result = subprocess.run([sys.executable, "-m", "banmian", *argv], capture_output=True, text=True)
    assert result.returncode == 0 and "banmian" in result.stdout


def test_a_photo_far_below_100_ppi_is_refused_in_every_mode(tmp_path, capsys):
    """Far too low a resolution is a preflight error, and no build exits 0
    with a preflight error: the PDF is not written, with or without --final."""
    from PIL import Image
    small = tmp_path / "small.jpg"
    Image.new("RGB", (150, 100), (40, 60, 160)).save(small)

    def low_resolution(data):
        data["articles"][0]["photos"][0]["file"] = str(small)
    path = sample_copy(tmp_path, low_resolution)
    assert main(["build", str(path), "-o", str(tmp_path / "final.pdf"), "--final"]) == 1
    assert "ppi" in capsys.readouterr().err and not (tmp_path / "final.pdf").exists()
    assert main(["build", str(path), "-o", str(tmp_path / "proof.pdf")]) == 1
    captured = capsys.readouterr()
    assert "ppi" in captured.out and "preflight found 1 error" in captured.err
    assert not (tmp_path / "proof.pdf").exists()


def test_a_character_no_face_has_is_a_located_error(tmp_path, capsys):
    def rare(data):
        data["articles"][1]["byline"] = "■通讯员 𠀀海燕"   # CJK Extension B: not in the shipped faces
    out = tmp_path / "page.pdf"
    assert main(["build", str(sample_copy(tmp_path, rare)), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "缺字" in err and "U+20000" in err and "Traceback" not in err
    assert not out.exists()


def test_photo_outside_the_content_folder_needs_permission(tmp_path, capsys):
    def outside(data):
        data["articles"][0]["photos"][0]["file"] = "../elsewhere.jpg"
    (tmp_path / "inner").mkdir()
    shutil.copy(ROOT / "content/photos/jinhu-1.jpg", tmp_path / "elsewhere.jpg")
    path = sample_copy(tmp_path / "inner", outside)
    assert main(["build", str(path), "-o", str(tmp_path / "a.pdf")]) == 2
    assert "outside the content's folder" in capsys.readouterr().err
    allowed = sample_copy(tmp_path / "inner", lambda d: (outside(d), d.update(photos_outside=True)))
    assert main(["build", str(allowed), "-o", str(tmp_path / "a.pdf")]) == 0


def test_photos_without_an_output_profile_are_a_located_error(tmp_path, capsys):
    layout = (ROOT / "layouts/broadsheet-feature.yaml").read_text(encoding="utf-8")
    layout = layout.replace("../fonts/", f"{ROOT}/fonts/")
    layout = "\n".join(l for l in layout.splitlines() if not l.strip().startswith("icc:"))
    (tmp_path / "layout.yaml").write_text(layout, encoding="utf-8")
    path = sample_copy(tmp_path, lambda d: d.update(layout=str(tmp_path / "layout.yaml")))
    assert main(["build", str(path), "-o", str(tmp_path / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert "layout.yaml:1:1:" in err and "print.icc" in err and "Traceback" not in err


def test_final_refuses_a_line_that_runs_past_its_measure():
    """Defence in depth: emergency breaks leave nothing overfull, but should a
    line ever run past its column, --final does not let it go to press."""
    from banmian.app.outputs import blocking
    from banmian.pipeline import build

    result = build(SAMPLE)
    assert blocking(result, final=True) == []
    pieces = result.pieces[0]
    warned = dataclasses.replace(pieces, warnings=pieces.warnings + (
        "content/x.yaml:3:7: overfull: line 2 'ABC' sticks out 4.00 pt past the 117 pt measure",))
    problems = blocking(dataclasses.replace(result, pieces=[warned] + result.pieces[1:]), final=True)
    assert problems and "run past their measure" in problems[0] and "sticks out" in problems[0]


def test_urls_and_codes_in_the_copy_stay_in_their_column(tmp_path, capsys):
    """A page whose copy carries a long URL, an e-mail address and a product
    code: every body line keeps to its column (nothing overprints the next),
    the text reads back whole, and each emergency break is reported."""
    from banmian.compose.blocks import BodyLine
    from banmian.pipeline import build

    url = "https://www.hazx.gov.cn/szyj/2023/0615/index_detail_20230615_0001.html"
    def with_links(data):
        body = data["articles"][0]["body"]
        body[0] = (body[0] + f"详情可登录{url}查询，或发送电子邮件至hazx_shuzinongye2023@163.com，"
                   "农机编号为NJ-JS0830-2023-000417-HAYX。")
    path = sample_copy(tmp_path, with_links)
    assert main(["build", str(path), "-o", str(tmp_path / "page.pdf"), "--allow-overset"]) == 0
    assert "broken: line" in capsys.readouterr().out
    result = build(path)
    lines = [item.line for band in result.plan.bands for item in band.items
             if isinstance(item, BodyLine)]
    assert all(line.width <= line.measure + 0.01 for line in lines)
    assert url in "".join(result.page.text.split())
