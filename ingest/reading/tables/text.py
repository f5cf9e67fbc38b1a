"""How a printed label is compared: normalised, without its enumeration, against ordered patterns."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

ENUMERATION = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
TOTAL_NAMES = ("合计", "总计")
_BRACKETED_UNIT = re.compile(r"\((万元|元)\)")  # after NFKC: full-width brackets are ASCII


def clean(text: str) -> str:
    """A label as compared: NFKC, no whitespace, no quotes, no bracketed unit (合计（万元） → 合计:
    the unit is read from the header band, ingest/reading/tables/headers.py)."""
    text = unicodedata.normalize("NFKC", text)
    return _BRACKETED_UNIT.sub("", re.sub(r"[\s“”\"'‘’]", "", text))


def strip_enumeration(label: str) -> str:
    """``一、一般公共服务支出`` → ``一般公共服务支出``; ``其中：公务用车购置费`` → ``公务用车购置费``."""
    text = ENUMERATION.sub("", clean(label))
    return re.sub(r"^其中[:：]", "", text)


def first_match(label: str, patterns: Sequence[tuple[str, str]]) -> str | None:
    """The name paired with the first pattern found in ``label`` (a header's column, a line key)."""
    for pattern, column in patterns:
        if re.search(pattern, label):
            return column
    return None
