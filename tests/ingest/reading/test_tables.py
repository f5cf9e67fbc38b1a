"""Every table of the seed, row by row, against values typed from the seed; plus broken grids."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.readers.blocks import Grid, GridRow
from ingest.reading.parse import parse_file
from ingest.reading.tables.headers import column_labels
from ingest.reading.tables.read import read_table

# (code, name, 合计, 基本支出, 项目支出) in 万元 as printed; "" = blank
EXPENDITURE = [
    (None, "合计", "1029.59", "586.94", "442.65"),
    ("201", "一般公共服务支出", "548.16", "416.86", "131.30"),
    ("20132", "组织事务", "548.16", "416.86", "131.30"),
    ("2013201", "行政运行", "416.86", "416.86", ""),
    ("2013299", "其他组织事务支出", "131.30", "", "131.30"),
    ("208", "社会保障和就业支出", "80.47", "80.47", ""),
    ("20805", "行政事业单位养老支出", "78.89", "78.89", ""),
    ("2080501", "行政单位离退休", "26.44", "26.44", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "52.45", "52.45", ""),
    ("20808", "抚恤", "1.58", "1.58", ""),
    ("2080899", "其他优抚支出", "1.58", "1.58", ""),
    ("210", "卫生健康支出", "349.08", "49.08", "300.00"),
    ("21011", "行政事业单位医疗", "349.08", "49.08", "300.00"),
    ("2101101", "行政单位医疗", "320.91", "20.91", "300.00"),
    ("2101103", "公务员医疗补助", "28.17", "28.17", ""),
    ("213", "农林水支出", "11.35", "", "11.35"),
    ("21301", "农业农村", "11.35", "", "11.35"),
    ("2130152", "对高校毕业生到基层任职补助", "11.35", "", "11.35"),
    ("221", "住房保障支出", "40.53", "40.53", ""),
    ("22102", "住房改革支出", "40.53", "40.53", ""),
    ("2210201", "住房公积金", "40.53", "40.53", ""),
]
# income: (code, name, 合计, 小计, 财政拨款收入, 上年结转); the other source columns are blank throughout
INCOME = [
    (None, "合计", "1029.59", "1018.24", "1018.24", "11.35"),
    ("201", "一般公共服务支出", "548.16", "548.16", "548.16", ""),
    ("20132", "组织事务", "548.16", "548.16", "548.16", ""),
    ("2013201", "行政运行", "416.86", "416.86", "416.86", ""),
    ("2013299", "其他组织事务支出", "131.30", "131.30", "131.30", ""),
    ("208", "社会保障和就业支出", "80.47", "80.47", "80.47", ""),
    ("20805", "行政事业单位养老支出", "78.89", "78.89", "78.89", ""),
    ("2080501", "行政单位离退休", "26.44", "26.44", "26.44", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "52.45", "52.45", "52.45", ""),
    ("20808", "抚恤", "1.58", "1.58", "1.58", ""),
    ("2080899", "其他优抚支出", "1.58", "1.58", "1.58", ""),
    ("210", "卫生健康支出", "349.08", "349.08", "349.08", ""),
    ("21011", "行政事业单位医疗", "349.08", "349.08", "349.08", ""),
    ("2101101", "行政单位医疗", "320.91", "320.91", "320.91", ""),
    ("2101103", "公务员医疗补助", "28.17", "28.17", "28.17", ""),
    ("213", "农林水支出", "11.35", "", "", "11.35"),
    ("21301", "农业农村", "11.35", "", "", "11.35"),
    ("2130152", "对高校毕业生到基层任职补助", "11.35", "", "", "11.35"),
    ("221", "住房保障支出", "40.53", "40.53", "40.53", ""),
    ("22102", "住房改革支出", "40.53", "40.53", "40.53", ""),
    ("2210201", "住房公积金", "40.53", "40.53", "40.53", ""),
]
# basic_expenditure: (code, name, 合计, 人员经费, 公用经费)
BASIC = [
    (None, "合计", "586.94", "535.27", "51.67"),
    ("301", "工资福利支出", "506.67", "506.67", ""),
    ("30101", "基本工资", "152.75", "152.75", ""),
    ("30102", "津贴补贴", "88.52", "88.52", ""),
    ("30103", "奖金", "34.23", "34.23", ""),
    ("30107", "绩效工资", "86.42", "86.42", ""),
    ("30108", "机关事业单位基本养老保险缴费", "52.45", "52.45", ""),
    ("30110", "职工基本医疗保险缴费", "20.91", "20.91", ""),
    ("30111", "公务员医疗补助缴费", "28.17", "28.17", ""),
    ("30112", "其他社会保障缴费", "2.69", "2.69", ""),
    ("30113", "住房公积金", "40.53", "40.53", ""),
    ("302", "商品和服务支出", "51.67", "", "51.67"),
    ("30201", "办公费", "10.88", "", "10.88"),
    ("30202", "印刷费", "0.32", "", "0.32"),
    ("30205", "水费", "0.10", "", "0.10"),
    ("30206", "电费", "0.20", "", "0.20"),
    ("30207", "邮电费", "3.50", "", "3.50"),
    ("30208", "取暖费", "6.43", "", "6.43"),
    ("30211", "差旅费", "1.00", "", "1.00"),
    ("30213", "维修(护)费", "0.15", "", "0.15"),
    ("30216", "培训费", "2.17", "", "2.17"),
    ("30217", "公务接待费", "0.30", "", "0.30"),
    ("30228", "工会经费", "5.94", "", "5.94"),
    ("30229", "福利费", "3.82", "", "3.82"),
    ("30231", "公务用车运行维护费", "1.80", "", "1.80"),
    ("30239", "其他交通费用", "12.90", "", "12.90"),
    ("30299", "其他商品和服务支出", "2.16", "", "2.16"),
    ("303", "对个人和家庭的补助", "28.60", "28.60", ""),
    ("30301", "离休费", "12.83", "12.83", ""),
    ("30302", "退休费", "13.61", "13.61", ""),
    ("30305", "生活补助", "1.58", "1.58", ""),
    ("30309", "奖励金", "0.08", "0.08", ""),
    ("30399", "其他对个人和家庭的补助", "0.50", "0.50", ""),
]
# 三公: (line, name, 合计, 一般公共预算财政拨款)
THREE_PUBLIC = [
    ("total", "合计", "11.30", "11.30"),
    ("subtotal", "“三公”经费小计", "11.30", "11.30"),
    ("abroad", "一、因公出国（境）费", "", ""),
    ("abroad.teaching", "其中：教学科研人员因公出国（境）费", "", ""),
    ("abroad.other", "其他因公出国（境）费", "", ""),
    ("car", "二、公务用车购置及运维费", "", ""),
    ("car.purchase", "其中：公务用车购置费", "", ""),
    ("car.operation", "公务用车运行维护费", "11.00", "11.00"),
    ("reception", "三、公务接待费", "0.30", "0.30"),
]
SUMMARY_FUNCTION_LINES_WITH_AMOUNTS = {"201": "548.16", "208": "80.47", "210": "349.08", "213": "11.35",
                                       "221": "40.53"}


def yuan(wan: str) -> str | None:
    return None if wan == "" else str((Decimal(wan) * 10000).quantize(Decimal("0.01")))


@pytest.fixture(scope="module")
def doc(seed_path):
    return parse_file(seed_path)


def _level(code):
    return 0 if code is None else {3: 1, 5: 2, 7: 3}[len(code)]


@pytest.mark.parametrize("kind", ["expenditure", "general_budget"])
def test_expenditure_tables_row_by_row(doc, kind):
    table = doc.table(kind)
    assert table.unit == "万元" and table.unit_factor == 10000
    assert table.columns[:3] == ["total", "basic", "project"]
    got = [(r.code, r.name, r.values["total"], r.values["basic"], r.values["project"]) for r in table.rows]
    want = [(c, n, yuan(t), yuan(b), yuan(p)) for c, n, t, b, p in EXPENDITURE]
    assert got == want
    assert [r.level for r in table.rows] == [_level(c) for c, *_ in EXPENDITURE]
    assert table.rows[0].line == "total"
    assert all(r.line is None for r in table.rows[1:])


def test_expenditure_row_keeps_text_tolerance_and_source(doc):
    row = next(r for r in doc.table("expenditure").rows if r.code == "2101101")
    assert row.values == {"total": "3209100.00", "basic": "209100.00", "project": "3000000.00",
                          "operating": None, "remit_superior": None, "subsidy_subordinate": None}
    assert row.texts["total"] == "320.91" and row.texts["operating"] == ""
    assert row.half_units == {"total": "50.0000", "basic": "50.0000", "project": "50.0000"}
    assert row.source.page is None and row.source.line is not None
    assert row.source.text == "14 | 2101101 | 行政单位医疗 | 320.91 | 20.91 | 300.00 |  |  | "


def test_income_table_row_by_row(doc):
    table = doc.table("income")
    assert table.columns == ["total", "current_income", "fiscal_appropriation", "fiscal_special", "business",
                             "operating", "superior_subsidy", "subordinate_remit", "other", "carry_over"]
    got = [(r.code, r.name, r.values["total"], r.values["current_income"], r.values["fiscal_appropriation"],
            r.values["carry_over"]) for r in table.rows]
    assert got == [(c, n, yuan(a), yuan(b), yuan(f), yuan(o)) for c, n, a, b, f, o in INCOME]
    for row in table.rows:
        for column in ("fiscal_special", "business", "operating", "superior_subsidy", "subordinate_remit", "other"):
            assert row.values[column] is None and row.texts[column] == ""


def test_basic_expenditure_rows(doc):
    table = doc.table("basic_expenditure")
    assert table.columns == ["total", "personnel", "public"]
    assert len(table.rows) == 33
    got = [(r.code, r.name, r.values["total"], r.values["personnel"], r.values["public"]) for r in table.rows]
    assert got == [(c, n, yuan(t), yuan(p), yuan(u)) for c, n, t, p, u in BASIC]
    assert [r.level for r in table.rows] == [0] + [1 if len(c) == 3 else 2 for c, *_ in BASIC[1:]]


def test_three_public_lines(doc):
    table = doc.table("three_public")
    assert table.columns == ["total", "general_budget", "government_fund", "state_capital"]
    got = [(r.line, r.name, r.values["total"], r.values["general_budget"]) for r in table.rows]
    assert got == [(line, name, yuan(t), yuan(g)) for line, name, t, g in THREE_PUBLIC]


def test_empty_fund_tables_carry_their_notes(doc):
    fund, capital = doc.table("government_fund"), doc.table("state_capital")
    assert fund.rows == [] and fund.note == "注：无政府基金预算财政拨款预算，空表列示。"
    assert capital.rows == [] and capital.note == "注：无国有资本经营预算财政拨款预算，空表列示。"
    assert fund.unit == capital.unit == "万元"


def test_summary_two_panels(doc):
    table = doc.table("summary")
    income = {r.line: r for r in table.rows if r.side == "income"}
    assert list(income) == ["general_budget", "government_fund", "state_capital", "fiscal_special", "business",
                            "operating", "superior_subsidy", "subordinate_remit", "other",
                            "current_year_total", "carry_over", "grand_total"]
    assert income["general_budget"].values == {"amount": "10182400.00"}
    assert income["carry_over"].values == {"amount": "113500.00"}
    assert income["grand_total"].values == {"amount": "10295900.00"}
    assert income["business"].values == {"amount": None}
    functions = [r for r in table.rows if r.side == "expenditure" and r.line == "function"]
    assert len(functions) == 31  # every printed function line, empty ones too
    assert functions[0].code == "201" and functions[-1].name == "三十一、人行科目"
    assert {r.code: r.values["amount"] for r in functions if r.values["amount"]} == {
        code: yuan(v) for code, v in SUMMARY_FUNCTION_LINES_WITH_AMOUNTS.items()
    }
    others = [(r.line, r.values["amount"]) for r in table.rows if r.side == "expenditure" and r.line != "function"]
    assert others == [("current_year_total", "10295900.00"), ("year_end_carry", None),
                      ("grand_total", "10295900.00")]


def test_fiscal_summary_lines_and_fund_columns(doc):
    table = doc.table("fiscal_summary")
    income = [(r.line, r.values["amount"]) for r in table.rows if r.side == "income"]
    assert income == [
        ("general_budget", "10182400.00"), ("government_fund", None), ("state_capital", None),
        ("current_year_total", "10182400.00"), ("carry_over", "113500.00"),
        ("carry_over.general_budget", "113500.00"), ("carry_over.government_fund", None),
        ("carry_over.state_capital", None), ("grand_total", "10295900.00"),
    ]
    health = next(r for r in table.rows if r.side == "expenditure" and r.code == "210")
    assert health.values == {"total": "3490800.00", "general_budget": "3490800.00", "government_fund": None,
                             "state_capital": None}
    assert len([r for r in table.rows if r.line == "function"]) == 31


def test_fixed_assets_and_procurement(doc):
    assets = doc.table("fixed_assets")
    assert [(r.line, r.values["value"]) for r in assets.rows] == [
        ("total", "2763300.00"), ("buildings", "830000.00"), ("buildings.office", None),
        ("vehicles", "605100.00"), ("equipment", None), ("other", "1328200.00"),
    ]
    procurement = doc.table("procurement")
    assert procurement.rows == [] and procurement.note == "注：无政府采购预算，空表列示。"


def test_every_standard_table_is_read_in_order(doc):
    assert [t.kind for t in doc.tables] == [
        "summary", "income", "expenditure", "fiscal_summary", "general_budget", "basic_expenditure",
        "government_fund", "state_capital", "three_public", "procurement", "fixed_assets",
    ]
    assert all(t.unit == "万元" and t.unit_factor == 10000 for t in doc.tables)


def _grid(*rows: tuple[str, ...]) -> Grid:
    return Grid(tuple(GridRow(r, line=i + 1) for i, r in enumerate(rows)))


def test_unreadable_amount_is_r01_never_a_guess():
    grid = _grid(
        ("203组织部门", "预算年度：2023", "单位：万元"),
        ("序号", "功能分类科目", "合计", "基本支出", "项目支出"),
        ("", "科目编码", "科目名称", "", ""),
        ("栏次", "1", "2", "3", "4"),
        ("1", "201", "一般公共服务支出", "12a.5", "12.5"),
    )
    read = read_table("expenditure", "部门预算支出总表", grid, "x.txt")
    row = read.table.rows[0]
    assert row.values["total"] is None and row.texts["total"] == "12a.5"
    assert "total" not in row.half_units
    assert row.values["basic"] == "125000.00" and row.half_units["basic"] == "500.0000"
    [finding] = read.findings
    assert (finding.rule, finding.severity, finding.table, finding.column) == ("R01", "error", "expenditure", "total")
    assert "部门预算支出总表" in finding.message and "一般公共服务支出" in finding.message
    assert "'12a.5'" in finding.message


def test_no_unit_gives_no_values_but_keeps_text():
    grid = _grid(("序号", "项目", "合计"), ("1", "合计", "10.00"))
    read = read_table("basic_expenditure", "基本支出表", grid, "x.txt")
    assert read.table.unit is None and read.table.unit_factor is None
    assert read.table.rows[0].values == {"total": None} and read.table.rows[0].texts == {"total": "10.00"}
    inherited = read_table("basic_expenditure", "基本支出表", grid, "x.txt", document_unit="元")
    assert inherited.table.unit == "元" and inherited.table.rows[0].values == {"total": "10.00"}
    assert inherited.table.rows[0].half_units == {"total": "0.0050"}


def test_zero_dash_and_split_codes():
    grid = _grid(
        ("单位：元",),
        ("类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"),
        ("204", "06", "01", "行政运行", "1,234.50", "-", "1,234.5"),
    )
    row = read_table("general_budget", "一般公共预算支出表", grid, "x.txt").table.rows[0]
    assert (row.code, row.level) == ("2040601", 3)
    assert row.values == {"total": "1234.50", "basic": "0.00", "project": "1234.50"}
    assert row.half_units == {"total": "0.0050", "basic": "0.0000", "project": "0.0500"}


def test_column_labels_resolve_merged_headers():
    header = [
        GridRow(("序号", "支出部门经济分类科目", "一般公共预算基本支出")),
        GridRow(("", "科目编码", "科目名称", "合计", "人员经费", "公用经费")),
    ]
    assert column_labels(header, 6) == ["序号", "科目编码", "科目名称", "合计", "人员经费", "公用经费"]
    header = [
        GridRow(("序号", "功能分类科目", "合计", "本年收入", "上年结转")),
        GridRow(("", "科目编码", "科目名称", "", "小计", "财政拨款收入", "其他收入", "")),
    ]
    assert column_labels(header, 8) == ["序号", "科目编码", "科目名称", "合计", "小计", "财政拨款收入", "其他收入",
                                        "上年结转"]
