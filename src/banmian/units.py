"""Units. Layout lengths are points (1/72 in) as floats; grid positions are
whole columns and whole body lines as ints, so "flush" is an integer equality."""
from __future__ import annotations

MM = 72 / 25.4


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * MM


def to_mm(points: float) -> float:
    """Points to millimetres."""
    return points / MM
