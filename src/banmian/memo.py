"""The build cache as the stages see it: a function from (kind, key, make,
load) to a value. Stages take a ``Memo`` so they can keep what they derive
without knowing where or whether it is stored (``cache`` is the one on disk)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Memo(Protocol):
    """``memo(kind, key, make, load)``: ``load`` of the bytes ``make()``
    returns for ``key``, kept from an earlier call when there was one; an
    entry ``load`` cannot read (it raises) is made again."""

    def __call__(self, kind: str, key: bytes, make: Callable[[], bytes],
                 load: Callable[[bytes], T] = ...) -> T: ...
