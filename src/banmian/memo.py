"""The build cache as the stages see it: a function from (kind, key, make)
to bytes. Stages take a ``Memo`` so they can keep what they derive without
knowing where or whether it is stored (``cache`` is the one on disk)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Memo(Protocol):
    """``memo(kind, key, make)``: the bytes ``make()`` returns for ``key``,
    kept from an earlier call when there was one."""

    def __call__(self, kind: str, key: bytes, make: Callable[[], bytes]) -> bytes: ...
