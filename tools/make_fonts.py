#!/usr/bin/env python3
"""Regenerate the shipped faces in fonts/ from their public sources.

The sources are Debian's font packages (Noto CJK 20220127, LXGW WenKai 1.250),
fetched with ``apt-get download`` and unpacked with ``dpkg-deb``. Each face is
cut down with HarfBuzz's subsetter to the character ranges a Simplified-Chinese
newspaper page needs — the whole CJK Unified Ideographs block, Extension A and
what the face has of Extensions B–H (rare name characters), CJK and general punctuation, ASCII, Latin-1, Greek and common symbols — and the
OpenType features a horizontal or vertical SC page uses. CFF outlines stay CFF.

Run on a Debian machine with apt:  python tools/make_fonts.py
The result is deterministic: fonts/SHA256SUMS records what was produced.
"""
from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import uharfbuzz as hb

FONTS = Path(__file__).resolve().parent.parent / "fonts"
PACKAGES = ("fonts-noto-cjk", "fonts-noto-cjk-extra", "fonts-lxgw-wenkai")
NOTO = "usr/share/fonts/opentype/noto"
SC = 2  # face index of the Simplified-Chinese member in the Noto CJK collections

#: shipped file name -> (path inside the packages, collection index)
FACES = {
    "NotoSerifCJKsc-Regular.otf": (f"{NOTO}/NotoSerifCJK-Regular.ttc", SC),
    "NotoSerifCJKsc-Bold.otf": (f"{NOTO}/NotoSerifCJK-Bold.ttc", SC),
    "NotoSerifCJKsc-Black.otf": (f"{NOTO}/NotoSerifCJK-Black.ttc", SC),
    "NotoSansCJKsc-Medium.otf": (f"{NOTO}/NotoSansCJK-Medium.ttc", SC),
    "NotoSansCJKsc-Bold.otf": (f"{NOTO}/NotoSansCJK-Bold.ttc", SC),
}

#: shipped unmodified: the OFL reserves the names "LXGW" and "霞鹜", so a cut-down
#: copy could not keep its name; the whole face is only 16 MB anyway.
VERBATIM = {
    "LXGWWenKai-Regular.ttf": "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
}

RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00FF),  # ASCII, Latin-1
    (0x0370, 0x03FF),                    # Greek (α, μ, Ω)
    (0x2000, 0x206F), (0x20A0, 0x20CF),  # general punctuation, currency
    (0x2100, 0x218F), (0x2190, 0x21FF),  # letterlike (℃ №), number forms (Ⅻ), arrows
    (0x2200, 0x22FF), (0x2460, 0x24FF),  # maths (≤ ≥), enclosed numbers (①)
    (0x2500, 0x27BF),                    # box drawing, shapes (■ ●), symbols (★)
    (0x3000, 0x303F), (0x3040, 0x30FF),  # CJK symbols and punctuation, kana
    (0x3200, 0x33FF),                    # enclosed CJK, CJK compatibility (㎡)
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF),  # CJK Extension A, CJK Unified Ideographs
    (0xF900, 0xFAFF),                    # compatibility ideographs
    (0x20000, 0x323AF),                  # Extensions B–H: rare characters of names and
                                         # places (the 通用规范汉字表 has ~200 there)
    (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),  # vertical and compatibility forms
    (0xFF00, 0xFFEF),                    # half- and full-width forms
)

FEATURES = ("ccmp", "locl", "kern", "palt", "halt", "pwid", "fwid", "hwid",
            "vert", "vrt2", "vkrn", "vpal", "vhal")


def fetch_sources(work: Path) -> Path:
    """Download and unpack the Debian packages into *work*; return the root."""
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=work, check=True)
    root = work / "root"
    for deb in sorted(work.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def subset(source: Path, index: int) -> bytes:
    """The face at *index* of *source*, cut to RANGES and FEATURES."""
    face = hb.Face(hb.Blob.from_file_path(str(source)), index)
    inp = hb.SubsetInput()
    for lo, hi in RANGES:
        for cp in range(lo, hi + 1):
            inp.unicode_set.add(cp)
    features = inp.sets(hb.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    for tag in FEATURES:
        features.add(int.from_bytes(tag.encode(), "big"))
    out = hb.subset(face, inp)
    if out is None:
        raise SystemExit(f"subsetting {source} failed")
    return out.blob.data


def copy_licences(root: Path) -> None:
    """Keep each upstream's copyright file beside the faces it covers."""
    doc = root / "usr/share/doc"
    for package, target in (("fonts-noto-cjk", "LICENSE-NotoCJK.txt"),
                            ("fonts-lxgw-wenkai", "LICENSE-LXGWWenKai.txt")):
        (FONTS / target).write_text((doc / package / "copyright").read_text())


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = fetch_sources(Path(tmp))
        sums = []
        for name, (rel, index) in FACES.items():
            data = subset(root / rel, index)
            (FONTS / name).write_bytes(data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
            print(f"{name}: {len(data) / 1e6:.1f} MB")
        for name, rel in VERBATIM.items():
            data = (root / rel).read_bytes()
            (FONTS / name).write_bytes(data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
        copy_licences(root)
    (FONTS / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
