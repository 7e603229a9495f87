"""Writing files so that nothing is ever half-written: the PDF, proofs,
e-paper files and cache entries all go through ``write_atomic``."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Where a build writes unless told otherwise: ``out/<name>.pdf``, proofs
#: beside it, the build cache in ``out/.cache``.
OUT = Path("out")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so a reader sees the old file or the new
    one, never half of either; a failure leaves the old file as it was.
    The temporary name is short and ASCII whatever ``path`` is called, so a
    long Chinese name that fits the file system does not fail on it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".banmian-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
