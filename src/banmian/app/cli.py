"""Command line: ``banmian build | proof | watch | new | check``. Argument parsing,
exit codes and writing files atomically; what is built and how is elsewhere.

Exit status: 0 built; 1 built but not acceptable (overset without
``--allow-overset``, a preflight error or text off the page in any mode, or
``--final`` with errors) — nothing is written then; 2 bad input (a located
message, no traceback); 130 interrupted.

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
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..files import (
    OUT,  # the standard library only: Ctrl-C while importing stays one line
)


def main(argv: Sequence[str] | None = None) -> int:
    """The command; Ctrl-C at any point, the engine's imports included (this
    module imports only the standard library), ends it with one line and 130."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("banmian: interrupted", file=sys.stderr)
        return 130


def _main(argv: Sequence[str] | None) -> int:
    from ..compose.fonts import MissingGlyph
    from ..load.yamlsource import LoadError
    from .outputs import OutputError

    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (LoadError, MissingGlyph, OutputError) as err:
        print(err, file=sys.stderr)
        return 2


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
                       help="refuse to write unless the page is flush, keeps the layout conventions "
                            "and passes preflight")
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
        from .outputs import require_pdf_name

        require_pdf_name(args.output)
    if len(args.content) == 1:
        outcomes = [_build_one(args.content[0], args)]
    else:
        from concurrent.futures import ProcessPoolExecutor

        from .. import pipeline  # noqa: F401  (imported once here, inherited by forked workers)
        with ProcessPoolExecutor(max_workers=min(len(args.content), os.cpu_count() or 1),
                                 initializer=_leave_interrupts_to_the_parent) as pool:
            outcomes = list(pool.map(_build_guarded, args.content, [args] * len(args.content)))
    for _, out, err in outcomes:
        if out:
            print(out)
        if err:
            print(err, file=sys.stderr)
    return max(status for status, _, _ in outcomes)


def _leave_interrupts_to_the_parent() -> None:
    """A page worker ignores Ctrl-C: the command stops once, with one line."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _build_guarded(content: Path, args: argparse.Namespace) -> tuple[int, str, str]:
    """``_build_one`` for a page of an edition: a page that fails in the
    engine itself is reported with its traceback (status 1, nothing written
    for it) and the other pages' reports still print."""
    try:
        return _build_one(content, args)
    except Exception:  # a defect in the engine, not in the input: report it, keep going
        import traceback

        return 1, "", (f"banmian: {content}: not built — the engine failed; please report this "
                       f"with the file:\n{traceback.format_exc()}")


def _build_one(content: Path, args: argparse.Namespace) -> tuple[int, str, str]:
    """Build one page and write its files: (exit status, report, errors)."""
    from ..compose.fonts import MissingGlyph
    from ..load.yamlsource import LoadError
    from ..pipeline import build
    from .outputs import OutputError, blocking, default_output, write_outputs
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


def _watch(args: argparse.Namespace) -> int:
    from .watch import watch

    return watch(args.content, args.output, args.proof, allow_overset=args.allow_overset)


def _new(args: argparse.Namespace) -> int:
    from .scaffold import scaffold

    print(scaffold(args.previous, args.target, args.name))
    return 0


def _check(args: argparse.Namespace) -> int:
    from ..check.preflight import preflight

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
