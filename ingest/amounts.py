"""Published amount text → exact decimal 元, with the cell's own rounding tolerance.

Why a module of its own: every reader needs the same answer to "what does this cell say", and the
balance rules need to know how precisely it was printed (4335.3 万元 is exact to ±500 元, 3990.45 万元
to ±50 元). Floats never appear: 万元 × 10000 is exact in Decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_ZERO_MARKS = {"-", "—", "－", "--", "——"}
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


class AmountError(ValueError):
    """A cell that should hold an amount holds something else."""


@dataclass(frozen=True)
class Amount:
    value: Decimal  # in 元
    half_unit: Decimal  # tolerance in 元: half a unit of the last printed digit
    text: str  # as printed

    def yuan(self) -> str:
        return format_yuan(self.value)


def normalise_text(text: str) -> str:
    """Full-width digits and punctuation to half-width, spaces removed."""
    table = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")
    return text.translate(table).replace(" ", "").replace("\u3000", "").replace("\xa0", "")


def is_blank(text: str | None) -> bool:
    return text is None or normalise_text(text) == ""


def parse_amount(text: str, factor: int) -> Amount | None:
    """Parse a printed amount in a table whose unit is ``factor`` 元 (1 or 10000).

    Blank → None (the caller decides whether a blank means 0 or "omitted"). ``-`` and its dashes → 0
    (exact). Raises AmountError for text that is not an amount.
    """
    raw = normalise_text(text)
    if raw == "":
        return None
    if raw in _ZERO_MARKS:
        return Amount(Decimal(0), Decimal(0), text)
    if not _NUMBER.match(raw):
        raise AmountError(f"not an amount: {text!r}")
    number = Decimal(raw.replace(",", ""))
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    half = Decimal(1).scaleb(-decimals) / 2 * factor
    return Amount(number * factor, half, text)


def format_yuan(value: Decimal | None) -> str | None:
    """元 with exactly two decimals, as the contract prints figures."""
    if value is None:
        return None
    return str(value.quantize(Decimal("0.01")))


def looks_like_amount(text: str) -> bool:
    raw = normalise_text(text)
    return bool(raw) and (raw in _ZERO_MARKS or bool(_NUMBER.match(raw)))
