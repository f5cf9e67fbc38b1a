"""The reading rules Jiangsu's layouts added, one by one on small inputs (tests/corpus/ reads the
real documents): table titles, the summary's panel by use,
income by source as rows, the one-row 支出预算总表, narrative subjects, S06 short forms, titles broken
over two lines, and the PDF geometry (rulings beside white boxes, page numbers, finer continuations)."""

from __future__ import annotations

import pytest

from ingest.readers.blocks import Grid, GridRow
from ingest.readers.pdf_continuation import _refining_runs
from ingest.readers.pdf_ruled_tables import _merge_collinear, _Segment, _white
from ingest.reading.identity import cover_facts, title_facts
from ingest.reading.narrative import facts_from_paragraph
from ingest.reading.structure_rules import StructureEvidence, s06_one_department
from ingest.reading.table_kinds import recognise
from ingest.reading.tables.read import read_table


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("十二、政府采购支出预算表", "procurement"),  # was expenditure (支出预算表$)
        ("公开12表：政府采购支出预算表", "procurement"),
        ("2017年政府采购预算表", "procurement"),
        ("十、一般公共预算机关运行经费支出预算表", "operating_costs"),  # was general_budget
        ("公开05表：财政拨款支出预算表", "fiscal_expenditure"),  # was expenditure
        ("财政拨款支出预算表（功能科目）", "fiscal_expenditure"),
        ("六、2017年度江苏省高级人民法院部门财政拨款基本支出预算表", "fiscal_basic_expenditure"),
        ("一般公共预算支出预算表（功能科目）", "general_budget"),
        ("一般公共预算基本支出预算表（经济科目）", "basic_expenditure"),
        ("“三公”经费、会议费、培训费支出预算表（一般公共预算）", "three_public"),
        ("政府性基金预算财政拨款支出预算表", "government_fund"),
        ("财政拨款政府性基金支出预算表", "government_fund"),
        # Hebei's titles keep their kinds
        ("部门预算一般公共预算财政拨款支出表", "general_budget"),
        ("部门预算一般公共预算财政拨款基本支出表", "basic_expenditure"),
        ("部门预算政府基金预算财政拨款支出表", "government_fund"),
    ],
)
def test_jiangsu_titles(title, kind):
    assert recognise(title).kind == kind


def _row(*cells: str, page: int = 1, line: int = 1, spans: tuple[int, ...] | None = None) -> GridRow:
    return GridRow(tuple(cells), line=line, page=page, spans=spans or (1,) * len(cells))


def _grid(*rows: GridRow) -> Grid:
    meta = GridRow(("部门：江苏省某厅", "单位：万元"), page=1)
    return Grid((meta,) + rows, page=1)


def test_summary_with_a_panel_by_use_and_labels_cut_by_a_page_break():
    grid = _grid(
        _row("收入", "", "支出", "", "", "", spans=(2, 0, 4, 0, 0, 0)),
        _row("项目名称", "金额", "功能分类", "", "支出用途", "", spans=(1, 1, 2, 0, 2, 0)),
        _row("", "", "功能科目名称", "金额", "项目名称", "金额"),
        _row("一、财政拨款", "100.00", "一、一般公共服务支出", "90.00", "一、基本支出", "60.00", line=4),
        _row("1.一般公共预算", "100.00", "二、社会保障和就", "10.00", "二、项目支出", "40.00", line=5),
        _row("", "", "业支出", "", "", "", page=2, line=1),
        _row("当年收入", "100.00", "当年支出小计", "", "", "100.00", page=2, line=2, spans=(1, 1, 3, 0, 0, 1)),
        _row("小计", "", "", "", "", "", page=3, line=1),
        _row("收入合计", "100.00", "支出合计", "", "", "100.00", page=3, line=2, spans=(1, 1, 3, 0, 0, 1)),
    )
    table = read_table("summary", "收支预算总表", grid, "x.pdf").table
    rows = [(r.side, r.line, r.code, r.name, r.values["amount"]) for r in table.rows]
    assert rows == [
        ("income", "fiscal_appropriation", None, "一、财政拨款", "1000000.00"),
        ("expenditure", "function", "201", "一、一般公共服务支出", "900000.00"),
        ("expenditure", "use.basic", None, "一、基本支出", "600000.00"),
        ("income", "general_budget", None, "1.一般公共预算", "1000000.00"),
        ("expenditure", "function", "208", "二、社会保障和就业支出", "100000.00"),
        ("expenditure", "use.project", None, "二、项目支出", "400000.00"),
        ("income", "current_year_total", None, "当年收入小计", "1000000.00"),
        ("expenditure", "current_year_total", None, "当年支出小计", "1000000.00"),
        ("income", "grand_total", None, "收入合计", "1000000.00"),
        ("expenditure", "grand_total", None, "支出合计", "1000000.00"),
    ]


def test_fiscal_summary_by_use_reads_its_one_amount_column_as_total():
    grid = _grid(
        _row("收入", "", "支出", "", spans=(2, 0, 2, 0)),
        _row("项目名称", "金额", "支出用途", "", spans=(1, 1, 2, 0)),
        _row("", "", "项目名称", "金额"),
        _row("一、一般公共预算", "100.00", "一、基本支出", "60.00"),
        _row("二、政府性基金预算", "", "二、项目支出", "39.00"),
        _row("", "", "三、单位预留机动经费", "1.00"),
        _row("收入合计", "100.00", "支出合计", "100.00"),
    )
    table = read_table("fiscal_summary", "财政拨款收支预算总表", grid, "x.pdf").table
    assert table.columns == ["amount", "total"]
    spend = [(r.line, r.values["total"]) for r in table.rows if r.side == "expenditure"]
    assert spend == [("use.basic", "600000.00"), ("use.project", "390000.00"), ("use.reserve", "10000.00"),
                     ("grand_total", "1000000.00")]


def test_income_sources_as_rows():
    grid = _grid(
        _row("项目名称", "", "", "金额", spans=(1, 2, 0, 1)),
        _row("收入总计", "", "", "100.00", spans=(3, 0, 0, 1)),
        _row("一般公共预算资金", "", "小计", "99.00", spans=(2, 0, 1, 1)),
        _row("", "", "公共财政拨款(补助)资金", "99.00", spans=(2, 0, 1, 1)),
        _row("其他资金", "", "小计", "1.00", spans=(2, 0, 1, 1)),
        _row("", "", "其他收入", "1.00", spans=(2, 0, 1, 1)),
        _row("上年结转和结余资金", "", "小计", "", spans=(2, 0, 1, 1)),
        _row("", "", "其中：动用上年结转和结余资金", "", spans=(2, 0, 1, 1)),
    )
    read = read_table("income", "收入预算总表", grid, "x.pdf")
    assert read.table.columns == ["total"]
    assert [(r.level, r.line, r.name, r.values["total"]) for r in read.table.rows] == [
        (0, "total", "收入总计", "1000000.00"),
        (1, "general_budget", "一般公共预算资金小计", "990000.00"),
        (2, "general_budget.appropriation", "公共财政拨款(补助)资金", "990000.00"),
        (1, "other", "其他资金小计", "10000.00"),
        (2, "other.other", "其他收入", "10000.00"),
        (1, "carry_over", "上年结转和结余资金小计", None),
        (2, "carry_over.used", "其中：动用上年结转和结余资金", None),
    ]
    assert read.data_row_count == 6


def test_one_row_expenditure_table_is_its_total():
    grid = _grid(_row("合计", "基本支出", "项目支出", "单位预留机动经费", "结转下年资金"),
                 _row("100.00", "60.00", "39.00", "1.00", ""))
    table = read_table("expenditure", "支出预算总表", grid, "x.pdf").table
    # 结转下年资金 is read too (year_end_carry: ingest/reference/column_headers.csv), blank here
    assert table.columns == ["total", "basic", "project", "reserve", "year_end_carry"]
    (row,) = table.rows
    assert row.values["year_end_carry"] is None
    assert (row.name, row.level, row.line, row.values["basic"]) == ("合计", 0, "total", "600000.00")


def test_function_table_with_code_column_and_code_in_the_name_cell():
    grid = _grid(_row("功能科目代码", "功能科目名称", "金额"), _row("", "合计", "10.00"),
                 _row("301", "工资福利支出", "10.00"), _row("30101基本工资", "", "10.00"))
    table = read_table("fiscal_basic_expenditure", "财政拨款基本支出预算表", grid, "x.pdf").table
    assert [(r.code, r.name, r.level) for r in table.rows] == [
        (None, "合计", 0), ("301", "工资福利支出", 1), ("30101", "基本工资", 2)]


def test_procurement_rows_are_named_by_their_printed_labels():
    grid = _grid(_row("采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"),
                 _row("合计", "", "", "", "", "10.00"), _row("一、货物A", "", "", "", "", "10.00"),
                 _row("", "办公设备购置费", "办公设备购置", "", "", "10.00"),
                 _row("", "", "", "台式计算机", "分散自行组织", "10.00"))
    table = read_table("procurement", "政府采购支出预算表", grid, "x.pdf").table
    assert [(r.name, r.level) for r in table.rows] == [
        ("合计", 0), ("一、货物A", None), ("办公设备购置费 / 办公设备购置", None), ("台式计算机 / 分散自行组织", None)]


def _kinds(text: str) -> list[tuple[str, str | None, str]]:
    return [(f.kind, f.subject, f.stated) for f in facts_from_paragraph(text, "x.pdf")]


def test_narrative_subjects_of_jiangsu_sentences():
    assert _kinds("1．一般公共服务支出10528.33万元，主要用于在职人员工资福利支出。") == [
        ("function_expenditure", None, "105283300.00")]
    assert _kinds("1.住房公积金(项):支出1,073.77万元。") == [("function_expenditure", None, "10737700.00")]
    assert _kinds("江苏省某厅2017年度一般公共预算拨款安排的会议费预算支出1305.25万元。") == [
        ("three_public.meeting", None, "13052500.00")]
    assert _kinds("（1）公务用车购置预算支出50万元，与上年预算数相等。") == [
        ("three_public.car.purchase", None, "500000.00")]
    assert _kinds("其中：拟采购货物支出59万元、拟采购工程支出0万元、拟购买服务支出2005.25万元。") == [
        ("procurement.goods", None, "590000.00"), ("procurement.works", None, "0.00"),
        ("procurement.services", None, "20052500.00")]
    assert _kinds("3．其他资金收入预算总计80万元。") == [("unit_funds_income", None, "800000.00")]
    assert _kinds("某厅2018年度财政拨款基本支出预算5,598.17万元，其中：") == [
        ("fiscal_basic_expenditure", None, "55981700.00")]
    assert _kinds("主要原因是政策性增资等原因，增加基本支出844.15万元。") == [
        ("change", "basic_expenditure", "8441500.00")]
    stated = _kinds("2017年度部门支出预算安排与2016年度相比(2016年度部门支出预算安排为8,648.07万元)。")
    assert ("previous_year_amount", "expenditure_total", "86480700.00") in stated  # last year's, not a total
    assert not any(kind == "expenditure_total" for kind, _, _ in stated)


def test_s06_short_form_of_the_own_name_is_no_other_department():
    def s06(*names: str) -> list:
        evidence = StructureEvidence(file="x.pdf", phase="budget", year=2017)
        evidence.departments = [("place", n) for n in names]
        return s06_one_department(evidence)

    assert s06("江苏省人民检察院", "省检察院") == []
    assert s06("江苏省人大常委会办公厅", "省人大办公厅") == []
    assert s06("江苏省委办公厅", "省委办公厅") == []
    assert len(s06("上海市普陀区规划和自然资源局", "上海市规划和自然资源局")) == 1  # another body
    assert len(s06("江苏省人民检察院", "省法院")) == 1


def test_titles_broken_over_two_lines_and_the_cover_department_line():
    assert title_facts(["江苏省政协办公厅2018年度", "部门预算公开"]) == ("江苏省政协办公厅", 2018, "部门预算公开")
    assert title_facts(["江苏省人大常委会办公厅2018年度部门", "预算公开"])[:2] == ("江苏省人大常委会办公厅", 2018)
    assert cover_facts(["江苏省2018年度", "省级部门预算公开报表", "部门:中共江苏省委办公厅"])[0] == "中共江苏省委办公厅"


def test_pdf_rulings_drawn_beside_white_boxes():
    # pieces of one ruling 0.1 pt apart, on either side of a snapping boundary: one run from the leftmost
    pieces = [_Segment(419.3, 84.4, 300.0), _Segment(419.2, 300.0, 510.6)]
    assert [(s.lo, s.hi) for s in _merge_collinear(pieces)] == [(84.4, 510.6)]
    # a white background box's 1.7 pt edge is no ruling (ingest/readers/pdf_ruled_tables.py _rulings skips it)
    assert _white(1) and _white((1, 1, 1)) and _white((0, 0, 0, 0)) and not _white(0) and not _white((0,))


def test_pdf_continuation_with_finer_columns():
    # 收入 | 支出 at the foot of a page, continued under 项目名称 | 金额 | 项目名称 | 金额
    assert _refining_runs([0, 100, 200], [0, 60, 100, 160, 200]) == [(0, 2), (2, 2)]
    assert _refining_runs([0, 100, 200], [0, 60, 130, 200]) is None  # columns that do not nest


def test_comparison_sentence_continues_the_sentence_that_named_the_figure():
    facts = facts_from_paragraph("单位预留机动经费预算数为1685.72万元。与上年相比增加1557.29万元，增长1312.56 %。"
                                 "主要原因是预留人员工资福利支出增加。", "x.pdf")
    joined = "单位预留机动经费预算数为1685.72万元。与上年相比增加1557.29万元,增长1312.56 %。"
    assert [(f.kind, f.subject, f.stated, f.text) for f in facts] == [
        ("reserve_expenditure", None, "16857200.00", joined), ("change", "reserve_expenditure", "15572900.00", joined),
        ("change", "reserve_expenditure", "1312.56%", joined)]
    # a comparison that names its own figure stays a sentence of its own
    facts = facts_from_paragraph("收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%。", "x.pdf")
    assert facts[0].text == "收入支出总计2995.39万元。"
