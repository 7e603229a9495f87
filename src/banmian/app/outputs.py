"""What a build writes and when: the default output path, the problems that
stop a file being written, and writing the PDF with its proofs and e-paper
files atomically. Shared by ``cli`` and ``watch``."""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..check.conventions import summary
from ..files import OUT, write_atomic
from ..load.yamlsource import Problem, parse

if TYPE_CHECKING:
    from ..load.content import Issue
    from ..pipeline import Build



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
    file atomically; returns (kind, path) of the files besides the PDF."""
    write_atomic(output, result.pdf)
    written = []
    if proof_dpi:
        from .proof import proof_images
        images = proof_images(result.pdf, result.page, result.layout, proof_dpi, result.conventions)
        for suffix, image in images.items():
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=1)
            write_atomic(output.with_suffix(suffix), buffer.getvalue())
            written.append(("proof", output.with_suffix(suffix)))
    if epaper:
        from .epaper import epaper_files
        folder = output.with_suffix("")
        for name, data in epaper_files(result).items():
            write_atomic(folder / name, data)
        written.append(("e-paper", folder / "index.html"))
    return written
