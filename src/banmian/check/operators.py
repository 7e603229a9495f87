"""The PDF operators the preflight knows: what each takes, which paint, and
how a wrong one is told (PDF 1.7 Annex A)."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Array, Dictionary, Name

if TYPE_CHECKING:
    pass


_FILL_OPS = frozenset({"f", "F", "f*", "B", "B*", "b", "b*"})
_STROKE_OPS = frozenset({"S", "s", "B", "B*", "b", "b*"})
_SHOW_OPS = frozenset({"Tj", "TJ", "'", '"'})
_NUMBERS = {"cm": 6, "Tm": 6, "w": 1, "g": 1, "G": 1, "k": 4, "K": 4, "rg": 3, "RG": 3, "Td": 2,
            "TD": 2, "TL": 1, "Tc": 1, "Tw": 1, "Tz": 1, "Ts": 1, "Tr": 1, "m": 2, "l": 2, "c": 6,
            "v": 4, "y": 4, "re": 4, "J": 1, "j": 1, "M": 1, "i": 1, "d0": 2, "d1": 6}
#: What each operator takes (PDF 1.7 Annex A), for those the check interprets or
#: that are fixed: a number, a name, a string or an array.
_OPERANDS: dict[str, tuple[str, ...]] = {
    **{op: ("number",) * count for op, count in _NUMBERS.items()},
    **{op: () for op in ("q", "Q", "BT", "ET", "h", "n", "W", "W*", "EMC", "BX", "EX",
                         *_FILL_OPS, *_STROKE_OPS)},
    **{op: ("name",) for op in ("gs", "Do", "cs", "CS", "sh", "ri", "BMC", "MP")},
    "Tf": ("name", "number"), "Tj": ("string",), "'": ("string",),
    '"': ("number", "number", "string"), "TJ": ("array",), "d": ("array", "number"),
}
#: Every operator of PDF 1.7 (Annex A); any other outside BX … EX is damage.
_PDF_OPERATORS = frozenset("""b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F
    f* G g gs h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ
    TL Tm Tr Ts Tw Tz v w W W* y ' \"""".split())


def _shown_parts(operands: list) -> list[bytes | float]:
    """A show operator's strings (bytes) and TJ's position adjustments (floats)."""
    shown = operands[-1] if isinstance(operands[-1], Array) else operands[-1:]
    parts: list[bytes | float] = []
    for part in shown:  # by type code: pikepdf's isinstance is slow, and a page shows thousands
        kind = type(part)
        if kind is int or kind is Decimal:
            parts.append(float(part))
        elif kind is pikepdf.Object and part._type_code == pikepdf.ObjectType.string:
            parts.append(bytes(part))
        else:
            raise ValueError("TJ takes strings and numbers")
    return parts


def _check_operands(op: str, operands: list) -> None:
    """Operands of the kinds and number the operator takes (others are damage:
    a RIP stops on them, and the checks would read a colour or size wrongly)."""
    wanted = _OPERANDS.get(op)
    if wanted is not None and (len(operands) != len(wanted) or not all(
            map(_is_kind, operands, wanted))):
        raise ValueError(f"{op} takes {' '.join(wanted) or 'no operands'}")


def _is_kind(operand: Any, kind: str) -> bool:
    if kind == "number":
        return isinstance(operand, (int, float, Decimal)) and not isinstance(operand, bool)
    return isinstance(operand, {"name": Name, "string": pikepdf.String, "array": Array}[kind])


def _brief_operands(instruction: Any) -> str:
    operands = getattr(instruction, "operands", [])
    text = " ".join(repr(o) if not isinstance(o, (Array, Dictionary)) else type(o).__name__
                    for o in operands[:4])
    return (text[:60] + "…" if len(text) > 60 else text) or "none"
