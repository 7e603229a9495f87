"""Command line: ``banmian build | proof | watch | new | check``. Argument parsing,
exit codes and writing files atomically; what is built and how is elsewhere.

Exit status: 0 built; 1 built but not acceptable (overset without
``--allow-overset``, or ``--final`` with errors) — nothing is written then;
2 bad input (a located message, no traceback).

Files go to ``out/`` unless ``-o`` names a place: the default name comes from
the content file, so a name that would leave ``out/`` is refused. Every file
a build writes is made in memory first and checked before any is written:
the PDF's name ends in ``.pdf``, no file replaces an input of the build or a
folder, names fit the file system; a file that cannot be written (a
read-only folder, a full disk) is a one-line error and the old file stays.
"""
from __future__ import annotations

import argparse
import gc
import io
import errno
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .files import write_atomic
from .fonts import MissingGlyph
from .yamlsource import LoadError, Problem, parse

if TYPE_CHECKING:
    from .content import Issue
    from .pipeline import Build

OUT = Path("out")
NAME_MAX = 255  # bytes in one file name on the usual file systems


class OutputError(Exception):
    """A file of the build cannot or must not be written; nothing was."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (LoadError, MissingGlyph, OutputError) as err:
        print(err, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="banmian", description="Lay out a Chinese newspaper feature page as print-ready PDF.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build pages from content files")
    build.add_argument("content", type=Path, nargs="+",
                       help="content YAML, e.g. content/huaian-2023-02.yaml; several build in parallel")
    build.add_argument("-o", "--output", type=Path,
                       help="PDF to write (default out/<name>.pdf); only with one content file")
    build.add_argument("--no-normalize", action="store_true",
                       help="keep half-width punctuation as written (no normalisation)")
    build.add_argument("--allow-overset", action="store_true",
                       help="write the PDF even when text does not fit (marked on the proof)")
    build.add_argument("--final", action="store_true",
                       help="refuse to write unless the page is flush and passes preflight")
    build.add_argument("--json", action="store_true", help="print the report as JSON")
    build.add_argument("--proof", nargs="?", type=_dpi, const=100.0, metavar="DPI",
                       help="also write PNG proofs beside the PDF: the page and an annotated "
                            "copy with grid, blocks and warnings (default 100 dpi)")
    build.add_argument("--epaper", action="store_true",
                       help="also write an e-paper beside the PDF: <name>/index.html and <name>/page.png")
    build.set_defaults(run=_build)
    proof = commands.add_parser("proof", help="build and write PNG proofs (same as build --proof)")
    proof.add_argument("content", type=Path, nargs="+")
    proof.add_argument("-o", "--output", type=Path, help="PDF to write (default out/<name>.pdf)")
    proof.add_argument("--dpi", dest="proof", type=_dpi, default=100.0)
    proof.set_defaults(run=_build, no_normalize=False, allow_overset=True, final=False, json=False,
                       epaper=False)
    watch = commands.add_parser("watch", help="rebuild on every save of the content, its layout "
                                "or its photos; Ctrl-C stops")
    watch.add_argument("content", type=Path, help="content YAML")
    watch.add_argument("-o", "--output", type=Path, help="PDF to write (default out/<name>.pdf)")
    watch.add_argument("--proof", nargs="?", type=_dpi, const=100.0, metavar="DPI",
                       help="also write PNG proofs beside the PDF (default 100 dpi)")
    watch.add_argument("--allow-overset", action="store_true",
                       help="write the PDF even when text does not fit (marked on the proof)")
    watch.set_defaults(run=_watch)
    new = commands.add_parser("new", help="start the next installment of a series from the previous page")
    new.add_argument("previous", type=Path, help="the previous page's content YAML")
    new.add_argument("target", type=Path, help="the content YAML to create (never overwritten)")
    new.add_argument("--name", help="the page's name (default: the target's file name without .yaml)")
    new.set_defaults(run=_new)
    check = commands.add_parser("check", help="preflight a PDF for the printing plant "
                                "(exit 1: errors found, 2: the file cannot be checked)")
    check.add_argument("pdf", type=Path)
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.set_defaults(run=_check)
    return parser


def _dpi(text: str) -> float:
    """A proof resolution, refused before anything is built unless it is a
    number of at least 1 dpi (the page's own upper bound is checked with
    the page, see ``proof.largest_dpi``)."""
    try:
        dpi = float(text)
    except ValueError:
        dpi = math.nan
    if not (math.isfinite(dpi) and dpi >= 1):
        raise argparse.ArgumentTypeError(f"{text!r} is not a resolution — give dots per inch, "
                                         "e.g. 100 or 300")
    return dpi


def _build(args: argparse.Namespace) -> int:
    """Build each content file; pages are independent, so several go to a
    process pool. Reports print in the order given; the exit status is the
    worst of the pages'.

    The cyclic garbage collector is off for the run: a build's garbage is
    almost all acyclic (a few hundred objects in cycles per page), and the
    collector's passes over the composer's many small objects cost more
    than that frees in a build of a few pages; it is on again afterwards."""
    gc.disable()
    try:
        return _build_all(args)
    finally:
        gc.enable()


def _build_all(args: argparse.Namespace) -> int:
    if args.output and len(args.content) > 1:
        print("banmian: -o names one PDF — give one content file, or drop -o to write out/<name>.pdf",
              file=sys.stderr)
        return 2
    if args.output:
        require_pdf_name(args.output)
    if len(args.content) == 1:
        outcomes = [_build_one(args.content[0], args)]
    else:
        from concurrent.futures import ProcessPoolExecutor

        from . import pipeline  # noqa: F401  (imported once here, inherited by forked workers)
        with ProcessPoolExecutor(max_workers=min(len(args.content), os.cpu_count() or 1)) as pool:
            outcomes = list(pool.map(_build_one, args.content, [args] * len(args.content)))
    for _, out, err in outcomes:
        if out:
            print(out)
        if err:
            print(err, file=sys.stderr)
    return max(status for status, _, _ in outcomes)


def _build_one(content: Path, args: argparse.Namespace) -> tuple[int, str, str]:
    """Build one page and write its files: (exit status, report, errors)."""
    from .pipeline import build
    from .report import json_report, text_report

    try:
        result = build(content, normalize=False if args.no_normalize else None, cache=OUT / ".cache")
        output = args.output or default_output(result.issue)
    except (LoadError, MissingGlyph, OutputError) as err:
        return 2, "", str(err)
    report = (json.dumps(json_report(result, str(output)), ensure_ascii=False, indent=2)
              if args.json else text_report(result, str(output)))
    problems = blocking(result, allow_overset=args.allow_overset, final=args.final)
    if problems:
        return 1, report, "\n".join(f"not written: {output}: {p}" for p in problems)
    try:
        written = write_outputs(result, output, args.proof, args.epaper)
    except OutputError as err:
        return 2, report, str(err)
    return 0, "\n".join([report, *(f"  {kind}: {path}" for kind, path in written)]), ""


def blocking(result: Build, allow_overset: bool = False, final: bool = False) -> list[str]:
    """What stops the file being written in this mode."""
    problems = []
    over = [b.pieces.article.name for b in result.plan.bands
            if b.flow.overset or len(b.photos) < len(b.pieces.photos)]
    if over and not allow_overset:
        problems.append(f"text or a photo does not fit ({', '.join(over)}); cut copy, or use --allow-overset for a proof")
    if final:
        if not result.plan.flush:
            problems.append("columns are not flush")
        if result.preflight and result.preflight.errors:
            problems.append(f"preflight found {len(result.preflight.errors)} error(s)")
        overfull = [w for p in result.pieces for w in p.warnings if ": overfull: " in w]
        if overfull:
            problems.append(f"{len(overfull)} line(s) run past their measure: {overfull[0]}")
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
        for suffix, image in proof_images(result.pdf, result.page, result.layout, proof_dpi).items():
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
    from .watch import inputs_of

    layout = result.layout
    return [*inputs_of(result.issue), *map(Path, layout.fonts.values()),
            *([Path(layout.print.icc)] if layout.print.icc else [])]


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


def _watch(args: argparse.Namespace) -> int:
    from .watch import watch

    return watch(args.content, args.output, args.proof, allow_overset=args.allow_overset)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import scaffold

    print(scaffold(args.previous, args.target, args.name))
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import preflight

    report = preflight(args.pdf)
    if args.json:
        print(report.to_json())
    elif report.readable:
        print(report.render_text())
    else:
        print(f"banmian check: {args.pdf}: {report.errors[0].message}", file=sys.stderr)
    return 2 if not report.readable else 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
