"""Where a table kind is recognised: printed titles (under every regional alias) → canonical kinds.

Every region names the same standard tables differently (disclosure-formats.md): Hebei prints
部门预算收支总表, Shanghai 部门财务收支预算总表, Jiangsu 收支预算总表 under a 公开NN表 label, the
财政部 templates 部门收支总表 / 收入支出决算总表 …, and final accounts use 决算 titles. The aliases
are data: ingest/reference/table_titles.csv (read by ingest/reading/printed_vocabulary.py), so that
adding a region means adding rows there and nothing else. This module normalises a title and tries
them in their ``order``: the most specific kinds first (基本支出 before 一般公共预算, 财政拨款收支总表
before 收支总表, “三公” before everything that mentions 一般公共预算).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.reading.printed_vocabulary import title_patterns

PERFORMANCE_KIND = "performance_target"  # 绩效目标表: read by ingest/reading/performance.py, not a Table


@dataclass(frozen=True)
class KindMatch:
    kind: str
    phase: str  # budget | final, as far as the title tells (决算 → final)


# A label such as 公开01表, 表1, 附表3, 1、 printed before the title itself.
_PREFIX = re.compile(r"^(公开\d+表[:：]?|附表\d*|表\d+|\d+[、.．]|[一二三四五六七八九十]+、)")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_MAX_TITLE = 50  # a narrative sentence is not a title
# a qualifier after the title: 财政拨款支出预算表（功能科目）, …培训费支出预算表（一般公共预算）,
# 一般公共预算支出表（按经济科目）
_QUALIFIER = re.compile(r"表[（(]([^()（）]{1,14})[)）]$")


def split_title(title: str) -> tuple[str, str]:
    """(normalised title, its qualifier or ""): NFKC (full width → half width), no whitespace or
    quotes, numbering prefix and printed unit removed, the bracketed qualifier after 表 split off."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES)
    text = re.sub(r"\s+", "", text)
    text = _PREFIX.sub("", text)
    text = re.sub(r"[（(](单位|金额单位)[:：][^）)]*[)）]$", "", text)
    if m := _QUALIFIER.search(text):
        return text[: m.start()] + "表", m.group(1)
    return text, ""


def normalise_title(title: str) -> str:
    """The title as its patterns see it (``split_title`` without the qualifier)."""
    return split_title(title)[0]


def recognise(title: str) -> KindMatch | None:
    """The kind a title names, or None when it names no table kind we know."""
    text, qualifier = split_title(title)
    if not text or len(text) > _MAX_TITLE or text.endswith(("。", "，", "；")):
        return None
    for alias in title_patterns():
        if alias.pattern.search(text) and (alias.qualifier is None or alias.qualifier.search(qualifier)):
            return KindMatch(alias.kind, "final" if "决算" in text else "budget")
    return None


def project_of_performance_title(title: str) -> str:
    """``1、车辆保险费绩效目标表`` → ``车辆保险费``."""
    text = re.sub(r"^\s*\d+[、.．]\s*", "", title.strip())
    return re.sub(r"绩效目标(填报)?表$", "", text).strip()
