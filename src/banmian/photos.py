"""Photos for the page: converted to newsprint CMYK at the size they are
placed, on all cores, through the build cache — and, for a photo the cache
has not seen, converted whole as soon as the content is loaded, so the work
overlaps composing and fitting. Part of the orchestration beside
``pipeline``: it uses the cache and its pool."""
from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path

from .cache import PHOTO_SEEN, Cache
from .load.content import Issue
from .load.layout import Layout
from .load.yamlsource import LoadError
from .output import pdfx
from .output.images import PhotoError, PreparedImage, Whole, convert_whole
from .page.display import Image, Page


class Early:
    """Photos converted whole before their frames are known, one after
    another on one worker of the pool (the build's own thread keeps the other
    core). A photo not yet started when its frame is known is left to its
    preparation, which converts it at the placed size on whichever core is
    free."""

    def __init__(self, files: list[Path], icc: Path, pool: Executor) -> None:
        self.icc, self.lock = icc, threading.Lock()
        self.waiting = list(files)
        self.made: dict[Path, Future[Whole | None]] = {path: Future() for path in files}
        pool.submit(self._convert_all)

    def _convert_all(self) -> None:
        while True:
            with self.lock:
                if not self.waiting:
                    return
                path = self.waiting.pop(0)
            try:
                self.made[path].set_result(convert_whole(path, self.icc))
            except BaseException as exc:
                self.made[path].set_exception(exc)

    def whole(self, path: Path) -> Whole | None:
        """The photo converted whole, waiting for it if it is under way; None
        if it was never started, is not a file this converts, or was handed
        out before (it is let go once taken: whole photos are large)."""
        with self.lock:
            if path in self.waiting:
                self.waiting.remove(path)
                return None
            made = self.made.pop(path, None)
        return made.result() if made else None


def start_early(issue: Issue, layout: Layout, store: Cache) -> Early | None:
    """Start what needs no layout decision on the cache's pool: compressing
    the output profile, and converting whole each photo file the cache has
    not seen before (a rebuild's photos are in the cache already)."""
    if store.pool is None or store.folder is None or not layout.print.icc:
        return None
    icc = Path(layout.print.icc)
    profile = icc.read_bytes()
    store.prefetch(pdfx.PROFILE_KIND, profile, lambda: pdfx.deflate_profile(profile))
    limits = (layout.print.max_ink, layout.print.min_ppi)
    files = [path for path in dict.fromkeys(p.file for a in issue.articles for p in a.photos if p.file)
             if not store.has(PHOTO_SEEN, store.source_key(path, icc, *limits))]
    return Early(files, icc, store.pool) if files else None


def prepare_photos(page: Page, issue: Issue, layout: Layout, cache: Cache,
                   early: Early | None = None,
                   meanwhile: Callable[[], object] = lambda: None) -> dict[str, PreparedImage]:
    """Each photo converted for newsprint at the size it is placed (keyed by
    ``Image.key``), from its ``early`` whole conversion when there is one.
    Photos are independent and Pillow's decoding, resampling and colour
    transforms release the GIL, so they are prepared on all cores at once
    (last first: those are the ones the early conversion is least likely to
    have started), and this thread does ``meanwhile()`` while they are. A
    photo that cannot be decoded is a LoadError at its entry in the content
    file."""
    icc, limits = Path(layout.print.icc), (layout.print.max_ink, layout.print.min_ppi)
    images = [image for image in page.of_type(Image) if image.path]

    def prepared(image: Image) -> PreparedImage | str:
        whole = early.whole(image.path) if early else None
        try:
            return cache.photo(image.path, image.width, image.height, icc, *limits, whole)
        except PhotoError as err:
            return f"{_photo_place(issue, image.path)}: {err} — replace the file with a whole copy"

    shared = nullcontext(cache.pool) if cache.pool else ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    with shared as pool:
        pending = {image.key: pool.submit(prepared, image) for image in reversed(images)}
        meanwhile()
        results = {image.key: pending[image.key].result() for image in images}
    problems = sorted({r for r in results.values() if isinstance(r, str)})
    if problems:
        raise LoadError(problems)
    return results  # type: ignore[return-value]


def _photo_place(issue: Issue, path: Path) -> str:
    """Where the content file names the photo: its entry's line, else the file."""
    for article in issue.articles:
        for photo in article.photos:
            if photo.file == path and photo.source:
                return str(photo.source)
    return str(issue.path)
