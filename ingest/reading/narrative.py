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
from ingest.reading.vocabulary import FUNCTION_CLASSES

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
_FIGURE = re.compile(_NUMBER + r"\s*(万元|元|%)|(持平)")
_CLAUSE_MARKS = "，,；;。：:"
_DIRECTIONS = (
    (re.compile(r"(增加|增长|上升|提高)了?$"), "increase"),
    (re.compile(r"(减少|下降|降低)了?$"), "decrease"),
)
# a direction word before the subject (增加基本支出844.15万元, 较上年减少部门支出 1,653 万元)
_DIRECTION_WORDS = (
    (re.compile(r"增加|增长|上升|提高"), "increase"),
    (re.compile(r"减少|下降|降低"), "decrease"),
)
_COMPARED = re.compile(r"(较|比|与)(上年|上一年|去年|\d{4}年)")
# an item of the function (or economic) classification named since the previous figure:
# 人大事务（款）行政运行（项）支出, 住房公积金(项):支出1,073.77万元, 检察(款): 2018年预算支出合计
_ITEM_MARK = re.compile(r"[（(]\d*[类款项][)）]")
# (fact kind, words naming it); the first listed kind found in the words before a figure wins
SUBJECTS: tuple[tuple[str, str], ...] = (
    # 决算 narratives: 年初预算为 X 万元 is last year's plan, not a table figure of this document
    ("initial_budget", r"年初预算(数)?为?$"),
    ("three_public.abroad", r"因公出国"),
    ("three_public.car", r"公务用车购置及运"),
    ("three_public.car.purchase", r"公务用车购置(?!及)"),  # 公务用车购置费 / 购置预算支出 / 购置为0
    ("three_public.car.operation", r"公务用车运行"),
    ("three_public.reception.foreign", r"外宾接待"),  # 其中：外宾接待支出, a part of 公务接待
    ("three_public.reception", r"公务接待(费|支出)"),
    ("three_public_total", r"三公"),
    ("operating_costs", r"机关运行经费|财政拨款运行经费"),  # 重庆: 一般公共预算财政拨款运行经费
    # 会议费 and 培训费 beside the 三公 (Jiangsu prints them in the 三公 table): not the expenditure total
    ("three_public.meeting", r"会议费"),
    ("three_public.training", r"培训费"),
    # the parts of the procurement budget: 拟采购货物支出 59万元, 服务类政府采购支出预算 1,011.90万元
    ("procurement.goods", r"货物类?政府采购|(采购|购买)货物"),
    ("procurement.works", r"工程类?政府采购|(采购|购买)工程"),
    ("procurement.services", r"服务类?政府采购|(采购|购买)服务"),
    ("procurement_total", r"政府采购"),
    ("fixed_assets_purchase", r"购置.*固定资产|固定资产.*购置"),
    ("fixed_assets_total", r"固定资产"),
    # a function line (“一般公共服务支出（类）…（项）”2.63万元): not the expenditure total
    # (“…（项）”2.63万元, “…-行政运行”科目1,202.95万元, …行政运行(01项)1672.67万元)
    ("function_expenditure", r"[（(]\d*[类款项][)）][”\"]?(支出)?$|[”\"]科目$|(" + "|".join(FUNCTION_CLASSES) + r")$"),
    ("final_amount", r"支出决算(数)?为$"),
    ("general_budget_expenditure", r"一般公共预算(财政)?拨款支出"),
    ("government_fund_expenditure", r"政府性基金(预算)?(财政)?(拨款)?支出"),
    ("state_capital_expenditure", r"国有资本经营(预算)?(财政)?拨款支出"),
    ("fiscal_appropriation_expenditure", r"财政拨款(预算)?支出"),
    # 财政拨款基本支出 (Jiangsu: the fiscal tables' basic spending, other funds not included)
    ("fiscal_basic_expenditure", r"财政拨款基本支出"),
    ("personnel_expenditure", r"人员经费"),
    ("public_expenditure", r"公用经费"),
    ("basic_expenditure", r"基本支出"),
    ("project_expenditure", r"项目支出"),
    ("reserve_expenditure", r"预留机动经费"),  # Jiangsu 单位预留机动经费, the third use beside 基本 / 项目
    ("general_budget_income", r"一般公共预算(拨款)?收入"),
    ("government_fund_income", r"政府性基金(预算)?(拨款)?收入"),
    ("state_capital_income", r"国有资本经营(预算)?(拨款)?收入"),
    ("fiscal_special_income", r"财政专户"),
    ("unit_funds_income", r"单位资金收入|其他资金"),  # Jiangsu 其他资金: 事业收入, 经营收入, 其他收入
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

# --- what N03 / N05 need besides the figures (the rules compare them in SQL) -------------------
# the year a sentence compares with and against what: 较2022年预算 (budget), 比2022年预算执行数
# (execution), 比2023年度决算 (final), 与2023年度相比 (unnamed) → fact compared_year, stated the year
_COMPARED_YEAR = re.compile(r"(较|比|与)(\d{4})年(度)?(预算执行数|预算执行|执行数|预算数|预算|决算数|决算)?")
# a date the text states its position at (截至2023年12月31日) → fact as_of_date, stated the year
_AS_OF = re.compile(r"截(?:至|止)(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
# 决算 against 年初预算: 完成(年初)预算的 95.45% → fact completion (subject: the figure completed)
_COMPLETION = re.compile(r"完成(年初)?预算(数)?的?$")
# 决算数小于预算数 / 决算数与预算数基本持平 → fact final_vs_budget with a direction (大于 (小于) is a template)
_FINAL_VS_BUDGET = re.compile(
    r"决算数?(?:(大于|高于|超过)|(小于|低于)|(等于))(?:年初)?预算|决算数?(?:与|同|和)(?:年初)?预算数?(?:基本)?(持平|相等|一致)"
)
_YEAR = re.compile(r"(\d{4})年")
# the department includes 事业单位, or the unit is one (N02: 机关运行经费 then only ≤ 公用经费):
# 所属/下属/二级(行政)事业单位, 下属1家机关和1家参公事业单位, 事业单位 4 家, 1家事业单位,
# 本院是收养…的事业单位 → fact includes_public_institution, stated 1, stated_text the words.
# Not 是指 (the glossary: 机关运行经费是指…事业单位…) and not a count of 0 (事业单位 0 家).
_COUNT = r"(?:[1-9]\d*|[一二两三四五六七八九十]+)"
_INCLUDES_INSTITUTION = re.compile(
    r"(?:所属|下属|二级)[^。；;，,：:]{0,12}事业单位"
    rf"|事业单位\s*{_COUNT}\s*(?:家|个)"
    rf"|{_COUNT}\s*(?:家|个)[^。；;，,：:0-9]{{0,6}}事业单位"
    r"|是(?!指)[^。；;，,：:]{0,40}事业单位"
)


def _compared_years(text: str, start: int, end: int) -> set[str]:
    """The years the sentence around text[start:end] compares with (比2022年…)."""
    return {m.group(2) for m in _COMPARED_YEAR.finditer(_sentence(text, start, end))}


def _statements(text: str, base_of) -> list[tuple[int, NarrativeFact]]:
    """The facts a paragraph states without a figure of their own, with their positions: the years
    it compares with, the dates it is as of, and 决算 against 预算 (大于 / 小于 / 持平)."""
    found: list[tuple[int, NarrativeFact]] = []
    for m in _COMPARED_YEAR.finditer(text):
        against = m.group(4) or ""
        what = "execution" if "执行" in against else "final" if "决算" in against else "budget" if against else None
        found.append((m.start(), NarrativeFact(kind="compared_year", subject=what, stated=m.group(2),
                                               stated_text=m.group(0), unit="年", **base_of(m))))
    for m in _AS_OF.finditer(text):
        found.append((m.start(), NarrativeFact(kind="as_of_date", stated=m.group(1), stated_text=m.group(0),
                                               unit="年", **base_of(m))))
    for m in _FINAL_VS_BUDGET.finditer(text):
        direction = "increase" if m.group(1) else "decrease" if m.group(2) else "flat"
        clause_start = max([text.rfind(c, 0, m.start()) for c in _CLAUSE_MARKS] + [-1]) + 1
        subject = subject_of(text[clause_start : m.start()]) or ""
        subject = subject if subject.startswith("three_public") else "final_amount"
        found.append((m.start(), NarrativeFact(kind="final_vs_budget", subject=subject, direction=direction,
                                               stated="0.00", stated_text=m.group(0), unit=None, **base_of(m))))
    for m in _INCLUDES_INSTITUTION.finditer(text):
        found.append((m.start(), NarrativeFact(kind="includes_public_institution", stated="1",
                                               stated_text=m.group(0), unit=None, **base_of(m))))
    return sorted(found, key=lambda item: item[0])


def subject_of(words: str) -> str | None:
    words = words.strip()
    for kind, pattern in _SUBJECTS:
        if pattern.search(words):
            return kind
    return None


def _stated(number: str, unit: str) -> str:
    value = Decimal(number.replace(",", ""))
    if unit == "%":
        places = max(2, -value.as_tuple().exponent)
        return f"{value:.{places}f}%"
    amount = value * (10000 if unit == "万元" else 1)
    if amount.adjusted() >= 18:  # beyond the warehouse's numeric(20, 2): ingest/reading/parse.py reports it (R05)
        return str(amount)
    return format_yuan(amount) or ""


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence around text[start:end] begins and ends (after its 。 / ；)."""
    left = max(text.rfind(mark, 0, start) for mark in "。；;") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。；;") if i != -1]
    return left, (min(rights) + 1 if rights else len(text))


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in "。；;") + 1
    rights = [i for i in (text.find(mark, end) for mark in "。；;") if i != -1]
    return text[left : (min(rights) + 1 if rights else len(text))].strip()


def _direction(words: str, own_subject: str | None) -> str | None:
    """increase / decrease when the words before a figure make it a change: a direction word right
    before it (较上年增加), or before the subject the words name (增加基本支出844.15万元)."""
    direction = next((d for pattern, d in _DIRECTIONS if pattern.search(words.rstrip())), None)
    if direction is None and own_subject is not None:
        direction = next((d for pattern, d in _DIRECTION_WORDS if pattern.search(words)), None)
    return direction


def _continued_sentence(text: str, facts: list[NarrativeFact], named: tuple[int, int, int] | None,
                        left: int, start: int, right: int) -> str | None:
    """基本支出预算数为7877.76万元。与上年相比增加211.08万元，增长2.75%。: a comparison that names no
    figure and follows right after the sentence that named it continues that sentence. Both facts then
    carry the two as one sentence (N03 reads a figure and its change within one sentence)."""
    if named is None:
        return None
    index, named_left, named_right = named
    if left <= named_left or text[named_right:left].strip() or subject_of(text[left:start]) is not None:
        return None  # not the next sentence, or one that names a figure of its own
    joined = text[named_left:right].strip()
    if index < len(facts):
        facts[index] = facts[index].model_copy(update={"text": joined})
    return joined


def _own_subject(words: str, stretch: str) -> str | None:
    """The figure the words before an amount name; behind a （类）/（款）/（项） mark a function line,
    except a 决算 pair (1、…（项）。主要用于…。年初预算为1560.05万元，支出决算为1511.89万元: N05 reads it)."""
    subject = subject_of(words)
    if _ITEM_MARK.search(stretch) and subject not in ("initial_budget", "final_amount"):
        return "function_expenditure"
    return subject


def facts_from_paragraph(text: str, file: str, line: int | None = None, page: int | None = None) -> list[NarrativeFact]:
    """Every stated figure of one paragraph (see the module docstring for how each is named)."""
    text = unicodedata.normalize("NFKC", text).replace("％", "%")
    facts: list[NarrativeFact] = []
    last_subject: str | None = None
    named: tuple[int, int, int] | None = None  # the fact that named it: (index in facts, sentence span)
    previous_end = 0
    statements = _statements(
        text, lambda m: {"text": _sentence(text, m.start(), m.end()), "file": file, "page": page, "line": line}
    )
    for match in _FIGURE.finditer(text):
        start = match.start()
        while statements and statements[0][0] < start:
            facts.append(statements.pop(0)[1])
        clause_start = max([text.rfind(m, 0, start) for m in _CLAUSE_MARKS] + [-1]) + 1
        words = text[max(previous_end, clause_start) : start]
        stretch = text[previous_end:start]
        previous_end = match.end()
        own_subject = _own_subject(words, stretch)
        sentence = _sentence(text, start, match.end())
        base = {"text": sentence, "file": file, "page": page, "line": line}
        left, right = _sentence_span(text, start, match.end())
        if own_subject is None and (joined := _continued_sentence(text, facts, named, left, start, right)):
            base = {**base, "text": joined}
        if match.group(3):  # 持平: a change of zero for the subject just named
            subject = own_subject or last_subject
            if subject and _COMPARED.search(words):
                facts.append(NarrativeFact(kind="change", subject=subject, direction="flat", stated="0.00",
                                           stated_text=words.strip("（( ") + "持平", unit=None, **base))
            continue
        number, unit = match.group(1), match.group(2)
        direction = _direction(words, own_subject)
        stated_text = f"{number}{unit}"
        if direction:
            subject = own_subject or last_subject
            if subject is None:
                continue
            facts.append(NarrativeFact(kind="change", subject=subject, direction=direction,
                                       stated=_stated(number, unit), stated_text=stated_text, unit=unit, **base))
            continue
        if unit == "%":
            if _COMPLETION.search(words.rstrip()):
                # 支出决算为9746.50万元，完成年初预算的95.45%: of the figure just named (a completion
                # printed as a paragraph of its own follows the 年初预算 / 支出决算 pair before it)
                facts.append(NarrativeFact(kind="completion", subject=last_subject or "final_amount",
                                           stated=_stated(number, unit), stated_text=stated_text, unit=unit, **base))
            elif "占" in words:
                # 基本支出…占总支出的50%: the subject is named before 占; after it comes the base
                subject = subject_of(words[: words.index("占")]) or last_subject
                facts.append(NarrativeFact(kind="share", subject=subject, stated=_stated(number, unit),
                                           stated_text=stated_text, unit=unit, **base))
            continue
        if own_subject is None:
            # a year-over-year sentence may print both years' amounts without naming the figure again
            # (2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%): the
            # compared year's amount is last year's, the other year's this year's, of the figure just named
            year = _YEAR.search(words)
            compared = _compared_years(text, start, match.end()) if year else set()
            if last_subject is None or year is None or not compared:
                continue
            if year.group(1) in compared:
                facts.append(NarrativeFact(kind="previous_year_amount", subject=last_subject,
                                           stated=_stated(number, unit), stated_text=stated_text, unit=unit,
                                           **base))
                continue
            own_subject = last_subject
        if _COMPARED.search(words):
            # 与2016年度相比(2016年度部门支出预算安排为8,648.07万元): last year's amount, not this year's
            facts.append(NarrativeFact(kind="previous_year_amount", subject=own_subject,
                                       stated=_stated(number, unit), stated_text=stated_text, unit=unit, **base))
            continue
        last_subject = own_subject
        named = (len(facts), left, right)
        facts.append(NarrativeFact(kind=own_subject, stated=_stated(number, unit), stated_text=stated_text,
                                   unit=unit, **base))
    facts.extend(fact for _, fact in statements)
    return facts


def narrative_facts(lines: Iterable[TextLine], file: str) -> list[NarrativeFact]:
    """The stated figures of every narrative paragraph, in document order."""
    facts: list[NarrativeFact] = []
    for block in lines:
        facts.extend(facts_from_paragraph(block.text, file, block.line, block.page))
    return facts
