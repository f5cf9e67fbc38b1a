"""The 情况说明 of a generated document: the sentences and the facts they state.

Why facts beside sentences: the reader extracts narrative facts from the printed text, and the rules
(N01–N05) compare them with the tables, so the demo states each amount both as a sentence and as the
``NarrativeFact`` it intends the reader to find. A budget's narrative compares with the year before;
a 决算's states 年初预算 against 决算 (N05) and has no year-over-year sentence.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ingest.demo.budget import Budget
from ingest.demo.cells import wan_always, yuan
from ingest.demo.final import Final
from ingest.model import NarrativeFact


def _change(now: int, before: int) -> tuple[str, int, str]:
    """(word, |change|, direction) for a year-over-year sentence."""
    if now > before:
        return "增加", now - before, "increase"
    if now < before:
        return "减少", before - now, "decrease"
    return "持平", 0, "flat"


def _fact(kind: str, text: str, cents: int, file: str, subject: str | None = None,
          direction: Literal["increase", "decrease", "flat"] | None = None) -> NarrativeFact:
    return NarrativeFact(kind=kind, text=text, stated=yuan(cents), stated_text=f"{wan_always(cents)}万元", unit="万元",
                         subject=subject, direction=direction, file=file)


def budget_narrative(b: Budget, previous: Budget, file: str) -> list[NarrativeFact]:
    spec, year = b.spec, b.year
    gb, gf, bu, carry = (b.general_budget, b.fund_total("government_fund"), b.fund_total("business"),
                         b.fund_total("carry_over"))
    income = (
        f"{year}年预算收入为{wan_always(b.total)}万元，其中：一般公共预算收入{wan_always(gb)}万元，"
        f"政府性基金预算收入{wan_always(gf)}万元，国有资本经营预算收入0.00万元，财政专户核拨收入0.00万元，"
        f"单位资金收入{wan_always(bu)}万元，上年结转结余{wan_always(carry)}万元。"
    )
    names = "、".join(p.name for p, _ in b.projects)
    spending = (
        f"{year}年预算支出为{wan_always(b.total)}万元，其中：基本支出{wan_always(b.basic)}万元，"
        f"主要是人员经费{wan_always(b.personnel)}万元和日常公用经费{wan_always(b.public)}万元；"
        f"项目支出{wan_always(b.project_total)}万元，主要为{names}等。"
    )
    word, delta, direction = _change(b.total, previous.total)
    bword, bdelta, _ = _change(b.basic, previous.basic)
    pword, pdelta, _ = _change(b.project_total, previous.project_total)
    change = (
        f"{year}年预算支出安排{wan_always(b.total)}万元，较{year - 1}年预算{word}{wan_always(delta)}万元，"
        f"其中：基本支出{bword}{wan_always(bdelta)}万元，主要原因为人员经费正常调整；"
        f"项目支出{pword}{wan_always(pdelta)}万元，主要原因为项目安排变化。"
    )
    operating = (
        f"{year}年我部门机关运行经费共计安排{wan_always(b.public)}万元，"
        "主要用于办公费、印刷费、水电费、取暖费等日常运行支出。"
    )
    now, before = b.three_public(), previous.three_public()
    tword, tdelta, tdirection = _change(now["subtotal"], before["subtotal"])
    parts = []
    for key, label in (("abroad", "因公出国（境）费"), ("car.purchase", "公务用车购置费"),
                       ("car.operation", "公务用车运行维护费"), ("reception", "公务接待费")):
        pw, pd, _ = _change(now[key], before[key])
        detail = "与上年持平，无增减变化" if pw == "持平" else f"比上年{pw}{wan_always(pd)}万元"
        parts.append(f"{label}{wan_always(now[key])}万元（{detail}）")
    three = (
        f"{year}年，我部门财政拨款“三公”经费预算安排{wan_always(now['subtotal'])}万元，"
        f"比上年{tword}{wan_always(tdelta)}万元。其中：" + "，".join(parts) + "，主要原因是严格落实过紧日子要求。"
    )
    procurement = f"{year}年，{spec.name}安排政府采购预算0.00万元。具体内容见下表。"
    assets = (
        f"{spec.name}上年末固定资产金额为{wan_always(b.assets['total'][1])}万元（详见下表）。"
        "本年度拟购置固定资产总额为0.00万元。"
    )
    return [
        _fact("income_total", income, b.total, file),
        _fact("fiscal_appropriation_income", income, gb + gf, file),
        _fact("expenditure_total", spending, b.total, file),
        _fact("basic_expenditure", spending, b.basic, file),
        _fact("personnel_expenditure", spending, b.personnel, file),
        _fact("public_expenditure", spending, b.public, file),
        _fact("project_expenditure", spending, b.project_total, file),
        _fact("change", change, delta, file, subject="expenditure_total", direction=direction),
        _fact("operating_costs", operating, b.public, file),
        _fact("three_public_total", three, now["subtotal"], file),
        _fact("three_public", three, tdelta, file, subject="three_public_total", direction=tdirection),
        _fact("procurement", procurement, 0, file),
        _fact("fixed_assets", assets, b.assets["total"][1], file),
    ]


def _percent(part: int, whole: int) -> str:
    """part / whole as a percentage with two decimals, rounded half up (完成年初预算的 Z%)."""
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))


def final_narrative(f: Final, file: str) -> list[NarrativeFact]:
    """The 决算 情况说明: totals, 年初预算 against 决算 (N05), 机关运行经费, 三公, assets at year end.

    No year-over-year sentence: the demo publishes no 决算 of the year before to compare with."""
    b, spec, year = f.spent, f.spent.spec, f.spent.year
    fiscal = f.general_budget_income + b.fund_total("government_fund")
    income = (
        f"{year}年度收入总计{wan_always(f.grand_total)}万元，其中：本年收入合计{wan_always(f.current_income)}万元，"
        f"上年结转结余{wan_always(f.carry_in)}万元。本年收入合计中，财政拨款收入{wan_always(fiscal)}万元。"
    )
    grand = b.total + f.year_end_carry
    total = f"{year}年度支出总计{wan_always(grand)}万元，其中：本年支出合计{wan_always(b.total)}万元。"
    names = "、".join(p.name for p, _ in b.projects)
    spending = (
        f"本年支出合计中，基本支出{wan_always(b.basic)}万元，主要是人员经费{wan_always(b.personnel)}万元和"
        f"日常公用经费{wan_always(b.public)}万元；项目支出{wan_always(b.project_total)}万元，主要为{names}等。"
    )
    planned = f.budget.total
    completion = (
        f"{year}年度支出年初预算为{wan_always(planned)}万元，支出决算为{wan_always(b.total)}万元，"
        f"完成年初预算的{_percent(b.total, planned)}%。"
    )
    if b.total < planned:
        reason = "决算数小于预算数的主要原因：部分项目按实际进度执行，结余资金按规定结转下年使用。"
    elif b.total > planned:
        reason = "决算数大于预算数的主要原因：年中追加部分项目经费。"
    else:
        reason = "决算数与预算数持平。"
    operating = (
        f"{year}年度机关运行经费支出{wan_always(b.public)}万元，"
        "主要用于办公费、印刷费、水电费、取暖费等日常运行支出。"
    )
    now = b.three_public()
    three = (
        f"{year}年度财政拨款“三公”经费支出决算{wan_always(now['subtotal'])}万元。其中：因公出国（境）费"
        f"{wan_always(now['abroad'])}万元，公务用车购置费{wan_always(now['car.purchase'])}万元，"
        f"公务用车运行维护费{wan_always(now['car.operation'])}万元，公务接待费{wan_always(now['reception'])}万元。"
    )
    procurement = f"{year}年度，{spec.name}政府采购支出总额0.00万元。"
    assets = (
        f"截至{year}年12月31日，{spec.name}固定资产金额为{wan_always(b.assets['total'][1])}万元（详见下表）。"
    )
    return [
        _fact("income_total", income, f.grand_total, file),
        _fact("current_year_income", income, f.current_income, file),
        _fact("fiscal_appropriation_income", income, fiscal, file),
        _fact("expenditure_total", total, grand, file),
        _fact("basic_expenditure", spending, b.basic, file),
        _fact("personnel_expenditure", spending, b.personnel, file),
        _fact("public_expenditure", spending, b.public, file),
        _fact("project_expenditure", spending, b.project_total, file),
        _fact("final_amount", completion, b.total, file),
        _fact("final_vs_budget", reason, 0, file, subject="final_amount",
              direction="decrease" if b.total < planned else "increase" if b.total > planned else "flat"),
        _fact("operating_costs", operating, b.public, file),
        _fact("three_public_total", three, now["subtotal"], file),
        _fact("procurement", procurement, 0, file),
        _fact("fixed_assets", assets, b.assets["total"][1], file),
    ]
