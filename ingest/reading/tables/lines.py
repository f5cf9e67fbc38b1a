"""A row's printed name → its line key: summary income / expenditure / use, 三公, fixed assets.

The labels are data: ingest/reference/summary_lines.csv (one list per line family, in order)."""

from __future__ import annotations

from ingest.reading import vocabulary as v
from ingest.reading.printed_vocabulary import line_patterns
from ingest.reading.tables.text import ENUMERATION, clean, first_match, strip_enumeration


def summary_income_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = line_patterns()["summary_income"]
    return first_match(text, rules)


def summary_expenditure_line(label: str) -> tuple[str | None, str | None]:
    """(line key, 类 code): function lines are ("function", "201")."""
    text = strip_enumeration(label)
    code = v.FUNCTION_CLASSES.get(text)
    if code:
        return "function", code
    rules = line_patterns()["summary_expenditure"]
    line = first_match(text, rules) or summary_use_line(label)
    if line is None and ENUMERATION.match(clean(label)):
        # a numbered line of the function list whose name we do not know (Hebei's 三十一、人行科目)
        return "function", None
    return line, None


def summary_use_line(label: str) -> str | None:
    """Jiangsu's expenditure by use (支出用途): 一、基本支出 / 二、项目支出 / 三、单位预留机动经费."""
    text = strip_enumeration(label)
    return first_match(text, line_patterns()["summary_use"])


def three_public_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = line_patterns()["three_public"]
    return first_match(text, rules)


def fixed_asset_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = line_patterns()["fixed_assets"]
    return first_match(text, rules)
