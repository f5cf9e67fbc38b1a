"""Where a table kind is recognised: printed titles (under every regional alias) → canonical kinds.

Every region names the same standard tables differently (disclosure-formats.md): Hebei prints
部门预算收支总表, Shanghai 部门财务收支预算总表, Jiangsu 收支预算总表 under a 公开NN表 label, and final
accounts use 决算 titles. This module is the one place that maps a title onto a kind of
ingest/reading/vocabulary.py, so that adding a region means adding aliases here and nothing else.

Order matters: a title is tested against the most specific kinds first (基本支出 before 一般公共预算,
财政拨款收支总表 before 收支总表, “三公” before everything that mentions 一般公共预算).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PERFORMANCE_KIND = "performance_target"  # 绩效目标表: read by ingest/reading/performance.py, not a Table


@dataclass(frozen=True)
class KindMatch:
    kind: str
    phase: str  # budget | final, as far as the title tells (决算 → final)


# (kind, regular expression over the normalised title). Normalised = NFKC, no spaces, quotes removed.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (PERFORMANCE_KIND, r"绩效目标(填报)?表$"),
    # 三公: Hebei 财政拨款“三公”经费支出表, Shanghai “三公”经费和机关运行经费预算表,
    # Jiangsu 一般公共预算“三公”经费、会议费、培训费支出预算表, 决算 “三公”经费支出决算表
    ("three_public", r"三公经费.*表$"),
    # extras whose titles also name a standard table's words: Jiangsu 一般公共预算机关运行经费支出预算表,
    # 政府采购支出预算表 / 2017年政府采购预算表
    ("operating_costs", r"机关运行经费.*表$"),
    ("procurement", r"政府采购(.*表|预算|情况表|预算明细表|决算表)$"),
    # Jiangsu prints all fiscal appropriations before the general-budget tables: 财政拨款基本支出预算表
    # (economic classes) and 财政拨款支出预算表 (functions), not Hebei's 一般公共预算财政拨款…表
    ("fiscal_basic_expenditure", r"(?<!一般公共预算)财政拨款基本支出(预算)?表$"),
    # basic expenditure: Hebei 一般公共预算财政拨款基本支出表, Shanghai 基本支出部门预算经济分类预算表,
    # Jiangsu 一般公共预算基本支出预算表, 决算 一般公共预算财政拨款基本支出决算表
    ("basic_expenditure", r"基本支出.*表$"),
    ("government_fund", r"政府(性)?基金.*支出.*表$"),
    ("state_capital", r"国有资本经营预算.*支出.*表$"),
    # fiscal summary: 财政拨款收支总表 / 财政拨款收支预算总表 / 财政拨款收入支出决算总表
    ("fiscal_summary", r"财政拨款收(入)?支(出)?(预算|决算)?总表$"),
    ("fiscal_expenditure", r"(?<!一般公共预算)(?<!基金预算)财政拨款支出(预算)?表$"),
    ("general_budget", r"一般公共预算.*支出.*表$"),
    # summary: 部门预算收支总表 / 部门财务收支预算总表 / 收支预算总表 / 收入支出决算总表
    ("summary", r"收(入)?支(出)?(预算|决算)?总表$"),
    # income: 部门预算收入总表 / 部门收入预算总表 / 收入预算总表 / 收入决算表
    ("income", r"收入(预算|决算)?总?表$"),
    # expenditure: 部门预算支出总表 / 部门支出预算总表 / 支出预算总表 / 支出决算表
    ("expenditure", r"支出(预算|决算)?总?表$"),
    ("fixed_assets", r"固定资产(占用)?(情况)?表$"),
)
_COMPILED = tuple((kind, re.compile(p)) for kind, p in _PATTERNS)

# A label such as 公开01表, 表1, 附表3, 1、 printed before the title itself.
_PREFIX = re.compile(r"^(公开\d+表[:：]?|附表\d*|表\d+|\d+[、.．]|[一二三四五六七八九十]+、)")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_MAX_TITLE = 50  # a narrative sentence is not a title


def normalise_title(title: str) -> str:
    """NFKC (full width → half width), no whitespace or quotes, numbering prefix removed."""
    text = unicodedata.normalize("NFKC", title).translate(_QUOTES)
    text = re.sub(r"\s+", "", text)
    text = _PREFIX.sub("", text)
    text = re.sub(r"[（(](单位|金额单位)[:：][^）)]*[)）]$", "", text)
    # a qualifier after the title: 财政拨款支出预算表（功能科目）, …培训费支出预算表（一般公共预算）
    return re.sub(r"表[（(][^()（）]{1,12}[)）]$", "表", text)


def recognise(title: str) -> KindMatch | None:
    """The kind a title names, or None when it names no table kind we know."""
    text = normalise_title(title)
    if not text or len(text) > _MAX_TITLE or text.endswith(("。", "，", "；")):
        return None
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return KindMatch(kind, "final" if "决算" in text else "budget")
    return None


def project_of_performance_title(title: str) -> str:
    """``1、车辆保险费绩效目标表`` → ``车辆保险费``."""
    text = re.sub(r"^\s*\d+[、.．]\s*", "", title.strip())
    return re.sub(r"绩效目标(填报)?表$", "", text).strip()
