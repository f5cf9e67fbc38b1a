"""The figures the narrative states, as ``NarrativeFact``s the N rules compare with the tables.

Why: a disclosure repeats its totals in prose (2023年预算收入为1029.59万元 …), and the prose is where
documents contradict their own tables. This module only records what each sentence says — which
figure, how much, as printed — and never compares (N01–N03 live in SQL).

How: each amount (…万元 / …元) or percentage is read with the words before it, back to the previous
amount or clause mark (，；。：). The last subject word there names the figure (基本支出, 人员经费 …);
a direction word (增加 / 减少 / 持平) makes it a year-over-year change of that subject, or of the
subject named just before when the clause names none (较2022年预算减少61.29万元 follows 支出 1029.59万元).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from ingest.amounts import format_yuan
from ingest.model import NarrativeFact
from ingest.readers.blocks import TextLine

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_FIGURE = re.compile(_NUMBER + r"\s*(万元|元|%)|(持平)")
_CLAUSE_MARKS = "，,；;。：:"
_DIRECTIONS = (
    (re.compile(r"(增加|增长|上升|提高)了?$"), "increase"),
    (re.compile(r"(减少|下降|降低)了?$"), "decrease"),
)
_COMPARED = re.compile(r"(较|比|与)(上年|上一年|去年|\d{4}年)")
# (fact kind, words naming it); the first listed kind found in the words before a figure wins
SUBJECTS: tuple[tuple[str, str], ...] = (
    # 决算 narratives: 年初预算为 X 万元 is last year's plan, not a table figure of this document
    ("initial_budget", r"年初预算(数)?为?$"),
    ("three_public.abroad", r"因公出国"),
    ("three_public.car", r"公务用车购置及运"),
    ("three_public.car.purchase", r"公务用车购置(费|支出)"),
    ("three_public.car.operation", r"公务用车运行"),
    ("three_public.reception.foreign", r"外宾接待"),  # 其中：外宾接待支出, a part of 公务接待
    ("three_public.reception", r"公务接待(费|支出)"),
    ("three_public_total", r"三公"),
    ("operating_costs", r"机关运行经费|财政拨款运行经费"),  # 重庆: 一般公共预算财政拨款运行经费
    ("procurement_total", r"政府采购"),
    ("fixed_assets_purchase", r"购置.*固定资产|固定资产.*购置"),
    ("fixed_assets_total", r"固定资产"),
    # a function line (“一般公共服务支出（类）…（项）”2.63万元): not the expenditure total
    # (“…（项）”2.63万元, “…-行政运行”科目1,202.95万元, …行政运行(01项)1672.67万元)
    ("function_expenditure", r"[（(]\d*[类款项][)）][”\"]?$|[”\"]科目$"),
    ("final_amount", r"支出决算(数)?为$"),
    ("general_budget_expenditure", r"一般公共预算(财政)?拨款支出"),
    ("government_fund_expenditure", r"政府性基金(预算)?(财政)?拨款支出"),
    ("state_capital_expenditure", r"国有资本经营(预算)?(财政)?拨款支出"),
    ("fiscal_appropriation_expenditure", r"财政拨款支出"),
    ("personnel_expenditure", r"人员经费"),
    ("public_expenditure", r"公用经费"),
    ("basic_expenditure", r"基本支出"),
    ("project_expenditure", r"项目支出"),
    ("general_budget_income", r"一般公共预算(拨款)?收入"),
    ("government_fund_income", r"政府性基金(预算)?(拨款)?收入"),
    ("state_capital_income", r"国有资本经营(预算)?(拨款)?收入"),
    ("fiscal_special_income", r"财政专户"),
    ("unit_funds_income", r"单位资金收入"),
    # one source among the unit's own funds (事业收入0万元；事业单位经营收入0万元；其他收入0万元)
    ("business_income", r"事业收入"),
    ("operating_income", r"经营收入"),
    ("other_income", r"其他收入"),
    ("carry_over", r"上年结转"),
    ("fiscal_appropriation_income", r"财政拨款收入"),
    ("current_year_income", r"本年收入合计"),
    ("current_year_expenditure", r"本年支出合计"),
    ("income_total", r"收入"),
    ("expenditure_total", r"支出"),
)
_SUBJECTS = tuple((kind, re.compile(words)) for kind, words in SUBJECTS)


def subject_of(words: str) -> str | None:
    for kind, pattern in _SUBJECTS:
        if pattern.search(words):
            return kind
    return None


def _stated(number: str, unit: str) -> str:
    value = Decimal(number.replace(",", ""))
    if unit == "%":
        places = max(2, -value.as_tuple().exponent)
        return f"{value:.{places}f}%"
    return format_yuan(value * (10000 if unit == "万元" else 1)) or ""


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。；;") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。；;") if i != -1]
    return text[left : (min(rights) + 1 if rights else len(text))].strip()


def facts_from_paragraph(text: str, file: str, line: int | None = None, page: int | None = None) -> list[NarrativeFact]:
    """Every stated figure of one paragraph (see the module docstring for how each is named)."""
    text = unicodedata.normalize("NFKC", text).replace("％", "%")
    facts: list[NarrativeFact] = []
    last_subject: str | None = None
    previous_end = 0
    for match in _FIGURE.finditer(text):
        start = match.start()
        clause_start = max([text.rfind(m, 0, start) for m in _CLAUSE_MARKS] + [-1]) + 1
        words = text[max(previous_end, clause_start) : start]
        previous_end = match.end()
        own_subject = subject_of(words)
        sentence = _sentence(text, start, match.end())
        base = {"text": sentence, "file": file, "page": page, "line": line}
        if match.group(3):  # 持平: a change of zero for the subject just named
            subject = own_subject or last_subject
            if subject and _COMPARED.search(words):
                facts.append(NarrativeFact(kind="change", subject=subject, direction="flat", stated="0.00",
                                           stated_text=words.strip("（( ") + "持平", unit=None, **base))
            continue
        number, unit = match.group(1), match.group(2)
        direction = next((d for pattern, d in _DIRECTIONS if pattern.search(words)), None)
        stated_text = f"{number}{unit}"
        if direction:
            subject = own_subject or last_subject
            if subject is None:
                continue
            facts.append(NarrativeFact(kind="change", subject=subject, direction=direction,
                                       stated=_stated(number, unit), stated_text=stated_text, unit=unit, **base))
            continue
        if unit == "%":
            if "占" in words:
                # 基本支出…占总支出的50%: the subject is named before 占; after it comes the base
                subject = subject_of(words[: words.index("占")]) or last_subject
                facts.append(NarrativeFact(kind="share", subject=subject, stated=_stated(number, unit),
                                           stated_text=stated_text, unit=unit, **base))
            continue
        if own_subject is None:
            continue
        last_subject = own_subject
        facts.append(NarrativeFact(kind=own_subject, stated=_stated(number, unit), stated_text=stated_text,
                                   unit=unit, **base))
    return facts


def narrative_facts(lines: Iterable[TextLine], file: str) -> list[NarrativeFact]:
    """The stated figures of every narrative paragraph, in document order."""
    facts: list[NarrativeFact] = []
    for block in lines:
        facts.extend(facts_from_paragraph(block.text, file, block.line, block.page))
    return facts
