"""Page layout in single corpus documents: tables continued over pages, labels cut by a page break,
titles in caption lines, codes printed in one or several columns, cell borders drawn as hairlines,
text outside the visible sheet, amounts with or without separators."""

from __future__ import annotations

from corpus_checks import blocks
from corpus_documents import for_document

from ingest.readers.blocks import TextLine
from ingest.reading import vocabulary as v

# --- Shanghai -----------------------------------------------------------------------------------


@for_document("sh_putuo_wanli_street_dept_budget_2023.pdf")
def test_continuation_rows_keep_their_page(doc):
    table = doc.table("general_budget")
    assert table.page == 20
    rows = {r.code: r for r in table.rows if r.code}
    assert rows["204"].source.page == 20 and rows["20406"].source.page == 21
    assert rows["2120199"].source.page == 23 and table.rows[-1].source.page == 23
    assert rows["2080505"].name == "机关事业单位基本养老保险缴费支出"  # wrapped over two lines on p12


@for_document("sh_putuo_wanli_street_dept_budget_2024.pdf")
def test_one_digit_item_codes(doc):
    """The economic table prints item codes 301 | 2 and 301 | 7 (a spreadsheet dropped the leading zero)."""
    rows = {r.code: r for r in doc.table("basic_expenditure").rows if r.code}
    assert rows["30102"].source.text.startswith("301 | 2 | 津贴补贴")
    assert (rows["30102"].level, rows["30102"].values["total"]) == (2, "16623810.00")
    assert (rows["30107"].level, rows["30107"].values["total"]) == (2, "11447100.00")


@for_document("sh_putuo_govoffice_unit_budget_2025.pdf")
def test_summary_by_use_panel_stays_in_the_printed_row(doc):
    """The expenditure side printed by use (合计 | 人员经费 | 公用经费 | 项目支出): the 合计 is the
    amount, the by-use columns are read into personnel / public / project (column_headers.csv,
    family summary), and the printed row keeps them all."""
    summary = doc.table("summary")
    assert summary.columns == ["amount", "personnel", "public", "project"]
    line = next(r for r in summary.rows if r.side == "expenditure" and r.code == "201")
    assert line.values == {"amount": "82096797.42", "personnel": "13819399.88", "public": "1867397.54",
                           "project": "66410000.00"}
    assert line.source.text.endswith("82,096,797.42 | 13,819,399.88 | 1,867,397.54 | 66,410,000.00")


@for_document("sh_putuo_justice_dept_budget_2026.pdf")
def test_amounts_with_and_without_separators(doc):
    """Function and economic tables print 87267272.44 and 0.00 for zero, the summaries separators."""
    income = {r.code or r.name: r for r in doc.table("income").rows}
    assert income["204"].texts["total"] == "87267272.44" and income["204"].values["total"] == "87267272.44"
    assert income["204"].texts["business"] == "0.00" and income["204"].values["business"] == "0.00"
    summary = next(r for r in doc.table("summary").rows if r.line == "grand_total" and r.side == "income")
    assert summary.texts["amount"] == "96,282,213.44" and summary.values["amount"] == "96282213.44"


@for_document("sh_putuo_finance_final_2024.pdf")
def test_two_panel_economic_table(doc):
    table = doc.table("basic_expenditure")
    rows = {r.code: r for r in table.rows if r.code}
    assert rows["301"].values == {"total": "20828500.00"} and rows["302"].values == {"total": "1710700.00"}
    assert rows["30103"].values == {"total": None}  # 奖金: blank
    assert rows["31002"].source.page == 17
    total = table.rows[-1]
    assert (total.line, total.values) == ("total", {"personnel": "21522600.00", "public": "1846500.00"})


@for_document("sh_putuo_planning_final_2024.pdf")
def test_codes_in_one_column(doc):
    rows = {r.code: r for r in doc.table("general_budget").rows if r.code}
    assert rows["2080505"].name == "机关事业单位基本养老保险缴费支出"  # wrapped over three lines
    assert (rows["22102"].source.page, rows["22102"].values["total"]) == (15, "4610800.00")
    three = {r.line: r.values for r in doc.table("three_public").rows}
    assert three["reception"] == {"budget": "28500.00", "total": "3900.00"}


# --- Jiangsu ------------------------------------------------------------------------------------


@for_document("js_npc_office_budget_2017.pdf")
def test_text_set_below_the_sheet_is_not_read(doc, corpus_dir, key):
    """Page 11 carries a copy of the 财政拨款基本支出预算表 and the start of the government-fund table
    below the visible sheet (top 841 to 2700 pt on an 842 pt page): only the visible tables count."""
    assert [t.kind for t in doc.tables if t.page == 11] == ["fiscal_expenditure"]
    basic = doc.table("fiscal_basic_expenditure")
    assert basic.page == 12 and len(basic.rows) == 24  # 合计 + 23, once; the title at the foot of p12
    assert basic.rows[0].source.page == 13  # … and the grid from p13
    page_11 = [b.text for b in blocks(corpus_dir / key) if isinstance(b, TextLine) and b.page == 11]
    assert page_11 == ["财政拨款支出预算表", "部门：江苏省人大常委会办公厅单位：万元"]  # title, caption


@for_document("js_npc_office_budget_2017.pdf")
def test_labels_cut_by_a_page_break_are_one_row(doc):
    rows = {(r.side, r.line, r.code): r for r in doc.table("summary").rows}
    social = rows[("expenditure", "function", "208")]
    assert social.name == "八、社会保障和就业支出" and social.values["amount"] == "16085100.00"
    assert (social.source.page, social.source.line) == (7, 11)  # 八、社会保障和就 p7, 业支出 p8
    current = rows[("income", "current_year_total", None)]
    assert current.name == "当年收入小计" and current.values["amount"] == "136490700.00"
    assert rows[("expenditure", "grand_total", None)].values["amount"] == "136490700.00"  # p9, a wide cell


@for_document("js_npc_office_budget_2018.pdf")
def test_procurement_continued_over_a_page_number(doc):
    table = doc.table("procurement")
    assert (table.page, table.rows[0].name, table.rows[0].values["total"]) == (17, "合计", "20642500.00")
    assert [r.source.page for r in table.rows].count(18) == 10
    assert table.rows[-1].name == "印刷服务 / 分散自行组织"


@for_document("js_procuratorate_budget_2017.pdf")
def test_procurement_table_is_procurement_with_labelled_rows(doc):
    """Known bug (issue 3): 十二、政府采购支出预算表 was read as kind expenditure with unlabelled rows,
    which put a non-standard table into the fact table with duplicate subjects."""
    assert [t.kind for t in doc.tables].count("expenditure") == 1
    table = doc.table("procurement")
    assert table.title == "十二、政府采购支出预算表" and table.kind not in v.STANDARD_KINDS
    assert table.columns == ["total"] and table.column_labels == {"total": "总计"}
    assert (table.rows[0].name, table.rows[0].level, table.rows[0].values["total"]) == ("合计", 0, "28898000.00")
    assert all(r.name for r in table.rows)
    assert [r.name for r in table.rows[1:4]] == [
        "一、货物A", "办公、办案设备更新购置费 / 办公设备购置", "台式计算机（20万以上） / 政府集中采购"]
    assert [r.source.page for r in table.rows][-1] == 18


@for_document("js_procuratorate_budget_2017.pdf")
def test_code_and_name_in_one_cell(doc):
    """Page 13 continues the 财政拨款基本支出预算表 without the ruling between 科目编码 and 科目名称
    (30104其他社会保障缴费 in one cell): code and name are still told apart."""
    rows = [(r.code, r.name, r.values["total"]) for r in doc.table("fiscal_basic_expenditure").rows
            if r.source.page == 13]
    assert rows[:3] == [("30104", "其他社会保障缴费", "756400.00"), ("302", "商品和服务支出", "25980600.00"),
                        ("30201", "办公费", "1380000.00")]
    assert all(r[0] and r[0].isdigit() for r in rows)


@for_document("js_procuratorate_budget_2018.pdf")
def test_operating_costs_name_and_amount_apart(doc):
    """The 机关运行经费 table's ruling between 科目名称 and the amount is drawn as hairline pieces."""
    rows = [(r.code, r.name, r.values["total"]) for r in doc.table("operating_costs").rows[:3]]
    assert rows == [(None, "合计", "27225700.00"), ("302", "商品和服务支出", "27225700.00"),
                    ("30201", "办公费", "1300000.00")]


@for_document("js_procuratorate_budget_2018.pdf")
def test_label_cut_by_the_page_break(doc):
    """十七、国土海洋气象等支 (p13) / 出 (p14) is one summary row."""
    rows = [(r.name, r.values["amount"]) for r in doc.table("summary").rows if r.code == "220"]
    assert rows == [("十七、国土海洋气象等支出", None)]


@for_document("js_high_court_budget_2017.pdf")
def test_titles_in_the_caption_lines(doc):
    assert doc.tables[0].title == "一、2017年度江苏省高级人民法院部门收支预算总表"
    assert {t.unit for t in doc.tables} == {"万元"}
    summary = doc.table("summary")
    assert summary.rows[0].name == "一、财政拨款"  # the title is no row


@for_document("js_high_court_budget_2017.pdf")
def test_cells_apart_where_hairline_borders_meet_white_boxes(doc):
    income = [(r.line, r.values["total"]) for r in doc.table("income").rows[:5]]
    assert income == [("total", "288493800.00"), ("general_budget", "288493800.00"),
                      ("general_budget.appropriation", "288493800.00"), ("general_budget.earmarked", None),
                      ("government_fund", None)]
    general = [(r.code, r.name, r.values["total"]) for r in doc.table("general_budget").rows[1:3]]
    assert general == [("204", "公共安全支出", "235131100.00"), ("20405", "法院", "235131100.00")]
    basic = [(r.code, r.name) for r in doc.table("basic_expenditure").rows[1:3]]
    assert basic == [("301", "工资福利支出"), ("30101", "基本工资")]


@for_document("js_high_court_budget_2018.pdf")
def test_fiscal_summary_header_fragment_continued_with_finer_columns(doc):
    """The 财政拨款收支预算总表 starts at the foot of page 10 with its two-cell header row (收入 | 支出)
    and continues on page 11 with four columns."""
    table = doc.table("fiscal_summary")
    assert (table.title, table.page) == ("四、2018年度江苏省高级人民法院财政拨款收支预算总表", 10)
    assert table.columns == ["amount", "total"]
    assert [(r.side, r.line, r.values.get("amount", r.values.get("total"))) for r in table.rows] == [
        ("income", "general_budget", "331721500.00"), ("expenditure", "use.basic", "185708200.00"),
        ("income", "government_fund", None), ("expenditure", "use.project", "113432700.00"),
        ("expenditure", "use.reserve", "32580600.00"),
        ("income", "grand_total", "331721500.00"), ("expenditure", "grand_total", "331721500.00")]


@for_document("js_high_court_budget_2018.pdf")
def test_title_above_a_unit_line(doc):
    table = doc.table("basic_expenditure")
    assert (table.title, table.unit) == ("八、2018年度江苏省高级人民法院一般公共预算基本支出预算表", "万元")


@for_document("js_cppcc_office_budget_2017")
def test_procurement_continued_under_its_repeated_title(doc):
    """The 政府采购 table continued on page 13 under its repeated title, department line and header."""
    tables = [t for t in doc.tables if t.kind == "procurement"]
    assert len(tables) == 1 and tables[0].page == 12
    rows = tables[0].rows
    assert sorted({r.source.page for r in rows}) == [12, 13]
    assert not any("采购品目大类" in r.name or "部门" in r.name for r in rows)  # no repeated header row
