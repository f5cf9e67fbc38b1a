"""How the report prints numbers and labels: 万元 with thousands separators, percentages, Chinese names.

Amounts arrive as exact 元 (``Decimal``); the page shows 万元 rounded half up to two decimals, the
way disclosures print them, and keeps the exact 元 in a ``data-value`` attribute beside each figure.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

WAN = Decimal(10000)
CENT = Decimal("0.01")
DASH = "—"

PHASE_NAMES = {"budget": "预算", "final": "决算"}
SCOPE_NAMES = {"department": "部门", "unit": "单位"}
# a held-back document says why: it could not be read (unread: the reader's fault) or it does not
# add up (quarantined: the document's); ingest.model.Finding.kind tells its findings apart
STATUS_NAMES = {"accepted": "已接受", "quarantined": "已隔离：数字不符", "unread": "未能读取",
                "undecided": "未判定", "superseded": "已被取代"}
FINDING_KIND_NAMES = {"reading": "读取问题", "document": "文件问题"}
SEVERITY_NAMES = {"error": "错误", "warn": "警告", "info": "提示"}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_wan(yuan: Any) -> Decimal | None:
    """元 → 万元, exact (no rounding)."""
    amount = _decimal(yuan)
    return None if amount is None else amount / WAN


def wan_value(yuan: Any) -> float | None:
    """元 → 万元 as a float rounded to 0.01, for chart data."""
    amount = to_wan(yuan)
    return None if amount is None else float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def wan(yuan: Any) -> str:
    """元 → ``1,234.56`` (万元, two decimals, thousands separators); ``—`` for a blank."""
    amount = to_wan(yuan)
    if amount is None:
        return DASH
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def signed_wan(yuan: Any) -> str:
    """Like :func:`wan` with an explicit sign: ``+12.30`` / ``-4.00``."""
    text = wan(yuan)
    if text == DASH or text.startswith("-"):
        return text
    return "+" + text if to_wan(yuan) else text


def pct(ratio: Any, signed: bool = False) -> str:
    """A ratio (0.4437…) → ``44.37%``; ``—`` for a blank."""
    value = _decimal(ratio)
    if value is None:
        return DASH
    number = (value * 100).quantize(CENT, rounding=ROUND_HALF_UP)
    text = f"{number:,.2f}%"
    return f"+{text}" if signed and number > 0 else text


def pct_value(ratio: Any) -> float | None:
    value = _decimal(ratio)
    return None if value is None else float((value * 100).quantize(CENT, rounding=ROUND_HALF_UP))


def plain(value: Any) -> str:
    """The exact value for a ``data-value`` attribute ('' for a blank)."""
    number = _decimal(value)
    return "" if number is None else format(number.normalize(), "f")


def phase_name(code: str | None) -> str:
    return PHASE_NAMES.get(code or "", code or DASH)


def scope_name(code: str | None) -> str:
    return SCOPE_NAMES.get(code or "", code or DASH)


_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、．.]\s*")


def function_label(name: str | None) -> str:
    """A function subject's name without the list number some regions print before it (十三、农林水支出)."""
    return _ORDINAL.sub("", name or "").strip()
