"""What a build writes and when: the default output path, the problems that
stop a file being written, and writing the PDF with its proofs and e-paper
files atomically. Shared by ``cli`` and ``watch``."""
from __future__ import annotations

import errno
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.conventions import summary
from ..files import OUT, write_atomic
from ..load.yamlsource import Problem, parse

if TYPE_CHECKING:
    from ..load.content import Issue
    from ..pipeline import Build

NAME_MAX = 255  # bytes in one file name on the usual file systems


class OutputError(Exception):
    """A file of the build cannot or must not be written; nothing was."""



def blocking(result: Build, allow_overset: bool = False, final: bool = False) -> list[str]:
    """What stops the file being written in this mode; a preflight error
    stops it in every mode."""
    problems = []
    if result.off_page:
        problems.append(f"{len(result.off_page)} line(s) of text lie off the page: {result.off_page[0]}")
    over = [b.pieces.article.name for b in result.plan.bands
            if b.flow.overset or len(b.photos) < len(b.pieces.photos)]
    if over and not allow_overset:
        problems.append(f"text or a photo does not fit ({', '.join(over)}); cut copy, or use --allow-overset for a proof")
    if result.preflight and result.preflight.errors:
        problems.append(f"preflight found {len(result.preflight.errors)} error(s)")
    if final:
        if not result.plan.flush:
            problems.append("columns are not flush")
        overfull = [w for p in result.pieces for w in p.warnings if ": overfull: " in w]
        if overfull:
            problems.append(f"{len(overfull)} line(s) run past their measure: {overfull[0]}")
        if result.conventions:
            rules = [v.rule for v in result.conventions]
            problems.append(f"{summary(rules)} (first: {result.conventions[0]})")
        if any(p.file is None for a in result.issue.articles for p in a.photos):
            problems.append("a photo slot has no file yet (placeholder)")
        problems += [f"{path}: {w.removeprefix('error: ')}" for path, image in result.photos.items()
                     for w in image.warnings if w.startswith("error:")]
    return problems


def default_output(issue: Issue) -> Path:
    """``out/<name>.pdf``. The name is the content file's to choose but the
    folder is not: a name with a path in it (``../x``, ``/x``) or a leading
    dot (``.cache`` is the photo cache) is refused with a located LoadError."""
    name = issue.name
    if not name.startswith(".") and not set(name) & set("/\\"):  # "." and ".." start with one
        return OUT / f"{name}.pdf"
    doc = parse(issue.path)
    raise doc.error([Problem(("name",), f"name {name!r} cannot name a file in {OUT}/",
                             "use a plain file name: no '/', '\\' or leading '.' "
                             "(or give the PDF's path with -o)")])


def write_outputs(result: Build, output: Path, proof_dpi: float | None = None,
                  epaper: bool = False) -> list[tuple[str, Path]]:
    """Write the PDF and whichever of proofs and e-paper are asked for, each
    file atomically, once all are made and none would replace an input;
    returns (kind, path) of the files besides the PDF. Raises OutputError
    (nothing written) when a file must not or cannot be written."""
    files = output_files(result, output, proof_dpi, epaper)
    _refuse_replacing(files, read_files(result))
    for path, (_, data) in files.items():
        try:
            write_atomic(path, data)
        except OSError as err:
            raise OutputError(f"banmian: cannot write {path}: {_reason(err)}; "
                              f"the previous {path.name}, if any, is kept") from None
    return [(kind, path) for path, (kind, _) in files.items() if kind not in ("pdf", "")]


def output_files(result: Build, output: Path, proof_dpi: float | None = None,
                 epaper: bool = False) -> dict[Path, tuple[str, bytes]]:
    """Every file a build writes, by path: (kind for the report, bytes). The
    PDF's name must end in .pdf: proofs and the e-paper folder are named
    after it, so `-o x.png --proof` would otherwise write the proof over it."""
    require_pdf_name(output)
    files = {output: ("pdf", result.pdf)}
    if proof_dpi:
        from .proof import largest_dpi, proof_images

        if proof_dpi > largest_dpi(result.layout):
            raise OutputError(f"banmian: --proof {proof_dpi:g}: this page's proofs would be too "
                              f"large to make — use at most {largest_dpi(result.layout)} dpi")
        images = proof_images(result.pdf, result.page, result.layout, proof_dpi, result.conventions)
        for suffix, image in images.items():
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=1)
            files[output.with_suffix(suffix)] = ("proof", buffer.getvalue())
    if epaper:
        from .epaper import epaper_files
        folder = output.with_suffix("")
        for name, data in epaper_files(result).items():
            files[folder / name] = ("e-paper" if name == "index.html" else "", data)
    return files


def require_pdf_name(output: Path) -> None:
    if output.suffix.lower() != ".pdf" or not output.stem:
        raise OutputError(f"banmian: -o {str(output)!r}: the PDF's file name must end in .pdf — "
                          "e.g. -o proofs/page.pdf")


def read_files(result: Build) -> list[Path]:
    """What the build read: content, layout, photos, faces and profile."""
    layout = result.layout
    return [*inputs_of(result.issue), *map(Path, layout.fonts.values()),
            *([Path(layout.print.icc)] if layout.print.icc else [])]


def inputs_of(issue: Issue) -> tuple[Path, ...]:
    """The files a build of ``issue`` reads that an editor changes."""
    photos = (p.file for a in issue.articles for p in a.photos if p.file is not None)
    return tuple(dict.fromkeys([issue.path, issue.layout, *photos]))


def _refuse_replacing(files: dict[Path, tuple[str, bytes]], inputs: Sequence[Path]) -> None:
    """No output may be a folder, an input, or a name too long to create."""
    for path in files:
        if len(os.fsencode(path.name)) > NAME_MAX:
            raise OutputError(f"banmian: the file name {path.name} is {len(os.fsencode(path.name))} "
                              f"bytes, over the {NAME_MAX} a file system takes — shorten the "
                              "content's `name:`, or give -o a shorter name")
        if os.path.isdir(path):
            raise OutputError(f"banmian: {path} is a folder — name a file with -o, e.g. "
                              f"-o {path / 'page.pdf'}")
        same = next((i for i in inputs if _same_file(path, i)), None)
        if same is not None:
            raise OutputError(f"banmian: writing {path} would replace {same}, an input of this "
                              "build — give -o another file name")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, ValueError):
        return False


def _reason(err: OSError) -> str:
    """The system's words for a failed write, and what to do about it."""
    fix = {errno.ENOSPC: "free some space", errno.EDQUOT: "free some space",
           errno.EACCES: "choose a folder you may write to", errno.EPERM: "choose a folder you may write to",
           errno.EROFS: "choose a folder you may write to",
           errno.ENAMETOOLONG: "give a shorter name"}.get(err.errno, "check the path")
    return f"{err.strerror or err} — {fix}"
