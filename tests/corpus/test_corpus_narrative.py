"""The narrative (编制说明) and the 绩效目标 forms of single corpus documents: numbers kept in their
sentences, stated amounts read as printed (misprints included) and given the kind that keeps them
from a false comparison."""

from __future__ import annotations

from corpus_checks import blocks
from corpus_documents import for_document

from ingest.readers.blocks import TextLine


@for_document("sh_putuo_wanli_street_dept_budget_2023.pdf")
def test_performance_forms_with_funding(doc, expected):
    targets = doc.performance_targets
    assert len(targets) == expected["performance_projects"] == 5
    assert [t.page for t in targets] == [31, 32, 33, 34, 35]
    assert targets[0].project == "新建万里街道社区公共服务中心"
    assert targets[0].goal.startswith("建成后作为万里街道社区事务受理")
    funding = targets[4].funding
    assert targets[4].project == "公共服务设施运行经费"
    assert (funding["total"], funding["fiscal"], funding["carry_over"], funding["other"]) == (
        "10903043.00", "10903043.00", "0.00", "0.00")
    # p35: the sub-line 当年财政拨款 exceeds the 年度资金申请总额 it belongs to (P03, expected.json)
    assert funding["current_appropriation"] == "11419043.00"
    first = targets[0].indicators[0]
    assert (first.level1, first.level2, first.level3, first.comparator, first.value) == (
        "产出指标", "数量指标", "规划建筑面积", "≥", "13459.00")


@for_document("sh_putuo_wanli_street_dept_budget_2024.pdf")
def test_no_performance_forms(doc):
    assert doc.performance_targets == []


@for_document("sh_putuo_finance_dept_budget_2025.pdf")
def test_narrative_amount_split_by_a_space_glyph(corpus_dir, key):
    """p22 prints 中介机构服务费418.80万 元 with a space glyph inside 万元, in a justified line: the
    paragraph reads 418.80万元, and its wrapped lines are one paragraph."""
    texts = [b.text for b in blocks(corpus_dir / key) if isinstance(b, TextLine) and b.page == 22]
    assert "涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元，信息化系统日常维护费166.66万元，援滇干部工作经费3.00万元。" in " ".join(texts)


@for_document("sh_putuo_finance_final_2024.pdf")
def test_shifted_numbers_stay_in_their_sentences(doc):
    """The narrative sets its numbers in Times on a baseline 4.8 pt below the FangSong text."""
    facts = {f.stated_text: f for f in doc.narrative if f.page == 21}
    assert facts["2995.39万元"].text == "上海市普陀区财政局2024年度收入支出总计2995.39万元。"
    assert facts["0.3万元"].text.startswith("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元")
    operating = next(f for f in doc.narrative if f.kind == "operating_costs")
    assert (operating.page, operating.stated) == (24, "1846500.00")


@for_document("js_npc_office_budget_2017.pdf")
def test_function_lines_of_the_narrative_are_not_the_total(doc):
    """1．一般公共服务支出10528.33万元 and 会议费预算支出1305.25万元 name a function line and 会议费, not
    the expenditure total: read as such, they raise no N01 against 13,649.07."""
    kinds = {f.stated_text: f.kind for f in doc.narrative if f.page in (23, 29) and f.kind != "change"}
    assert kinds["10528.33万元"] == "function_expenditure"
    assert kinds["1305.25万元"] == "three_public.meeting"
    totals = {f.stated for f in doc.narrative if f.kind == "expenditure_total"}
    assert totals == {"136490700.00"}


@for_document("js_npc_office_budget_2018.pdf")
def test_narrative_class_lines(doc):
    facts = [(f.kind, f.stated_text) for f in doc.narrative if f.page == 20 and f.kind != "change"]
    assert ("function_expenditure", "12706.28万元") in facts  # 1．一般公共服务（类）支出12706.28万元
    # 单位预留机动经费预算数为1685.72万元。与上年相比增加1557.29万元，增长1312.56 %。
    reserve = [(f.kind, f.stated) for f in doc.narrative if f.page == 21
               and "reserve_expenditure" in (f.kind, f.subject)]
    assert reserve == [("reserve_expenditure", "16857200.00"), ("change", "15572900.00"), ("change", "1312.56%")]


@for_document("js_procuratorate_budget_2017.pdf")
def test_narrative_basic_expenditure_misprint_is_read_as_printed(doc):
    """The defect expected.json lists (N01): 基本支出预算数为12323.46万元 against the table's 12,323.48."""
    basic = [f.stated for f in doc.narrative if f.kind == "basic_expenditure" and f.page == 19]
    assert basic == ["123234600.00", "123234800.00"]  # 此外，基本支出… p19; 基本支出12323.48万元，占68.48%


@for_document("js_cppcc_office_budget_2018")
def test_fiscal_basic_spending_of_the_narrative_is_its_own_figure(doc):
    """财政拨款基本支出预算5,598.17万元 is the fiscal appropriations' basic spending (the tables' 5,598.17),
    not the 支出预算总表's 基本支出 5,678.17 that includes 其他资金 80.00: no N01 between the two."""
    fiscal = next(r for r in doc.table("fiscal_summary").rows if r.line == "use.basic")
    stated = {f.stated for f in doc.narrative if f.kind == "fiscal_basic_expenditure"}
    assert stated == {fiscal.values["total"]} == {"55981700.00"}
    assert {f.stated for f in doc.narrative if f.kind == "basic_expenditure"} <= {doc.figures.basic_expenditure}
