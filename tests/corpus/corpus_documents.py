"""What the corpus tests expect of each parsed PDF document beyond expected.json: the data table of
tests/corpus/test_corpus_documents.py (and the documents the per-topic modules name).

expected.json (../shared/corpus) gives each document's fields, figures, function_leaf_rows and rule
ids; this table adds, per document, what was counted from its printed pages:

- ``leaf_rows``: the 7-digit 项 rows, the same number as expected.json's ``function_leaf_rows``
  (asserted against both);
- ``reading_rules``: the ids of the findings the reader itself reports, the same set as the S / R
  rules among expected.json's ``expect_errors`` / ``expect_warnings`` (asserted against both);
- ``table_rows``: per table kind, the rows carrying a code, a line label or an amount (header rows
  and the 合计 / 总计 grand-total row excluded) and the page(s) each count was made on, named in
  the failure message; for a two-file Jiangsu document, pages of its ``_tables.pdf`` file;
- ``breaks``: the sums a correct reading finds broken — real defects of the document, listed in
  expected.json's ``defects`` (none, for a sound document);
- ``document`` / ``figures`` / ``titles``: values the reader must give exactly, beside expected.json's
  normalised comparison (document fields, figures, table titles by kind).

Keys are expected.json's: a file name, or the common stem of a two-file Jiangsu document
(``…_narrative.pdf`` + ``…_tables.pdf``). Test ids name the document without ``.pdf``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from corpus_checks import Break, is_jiangsu


@dataclass(frozen=True)
class Printed:
    about: str
    leaf_rows: int
    reading_rules: set[str]
    table_rows: dict[str, tuple[int, str]]
    breaks: list[Break] = field(default_factory=list)
    document: dict[str, str] = field(default_factory=dict)
    figures: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)


PRINTED: dict[str, Printed] = {
    "sh_putuo_wanli_street_dept_budget_2023.pdf": Printed(
        about="""普陀区万里街道办事处 部门预算 2023 (sh_putuo_wanli_street_dept_budget_2023.pdf): 元 tables with
thousands separators and whole yuan, 类/款/项 code columns, tables continued over four pages (the
general-budget table repeats its header on each), 三公 in 万元 as one row, five 绩效目标填报表.""",
        leaf_rows=34,
        reading_rules=set(),
        table_rows={
            "summary": (8, "p10: 财政拨款收入 … 其他收入 beside 八 function lines; the last row has only 八、住房保障支出"),
            "income": (66, "p11 14 + p12 20 + p13 20 + p14 12"),
            "expenditure": (66, "p15 14 + p16 20 + p17 20 + p18 12"),
            "fiscal_summary": (8, "p19: 8 function lines, the 3 fund lines beside the first three"),
            "general_budget": (66, "p20 15 + p21 19 + p22 19 + p23 13 (header repeated on p21-p23)"),
            "government_fund": (0, "p24: header, an empty 合计 row and the 空表 note"),
            "state_capital": (0, "p25: likewise"),
            "basic_expenditure": (30, "p26 14 + p27 16"),
            "three_public": (1, "p28: one row of amounts"),
        },
    ),
    "sh_putuo_wanli_street_dept_budget_2024.pdf": Printed(
        about="""普陀区万里街道办事处 部门预算 2024 (sh_putuo_wanli_street_dept_budget_2024.pdf): the 2023 layout;
the economic table prints item codes 301 | 2 and 301 | 7 (a spreadsheet dropped the leading
zero), the 三公 table prints amounts and an 空表 note, and pages 15 and 20 are empty table frames.""",
        leaf_rows=33,
        reading_rules=set(),
        table_rows={
            "summary": (9, "p10: nine function lines"),
            "income": (66, "p11 12 + p12 18 + p13 18 + p14 18 (p15 is an empty frame)"),
            "expenditure": (66, "p16 12 + p17 18 + p18 18 + p19 18 (p20 is an empty frame)"),
            "fiscal_summary": (9, "p21"),
            "general_budget": (66, "p22 13 + p23 16 + p24 16 + p25 16 + p26 5"),
            "government_fund": (0, "p27"),
            "state_capital": (0, "p28"),
            "basic_expenditure": (31, "p29 13 + p30 18"),
            "three_public": (1, "p31"),
        },
    ),
    "sh_putuo_govoffice_dept_budget_2025.pdf": Printed(
        about="""普陀区人民政府办公室 部门预算 2025 (sh_putuo_govoffice_dept_budget_2025.pdf): 元 with fen, empty
fund tables with notes, and a 三公 row whose car cells are blank: every amount must land in its
own column by position (867.50 | 839.00 | 28.50 | blank | blank | blank | 213.28).""",
        leaf_rows=12,
        reading_rules=set(),
        table_rows={
            "summary": (7, "p8: 7 income lines beside 4 function lines"),
            "income": (20, "p9 12 + p10 8"),
            "expenditure": (20, "p11 12 + p12 8"),
            "fiscal_summary": (4, "p13"),
            "general_budget": (20, "p14 13 + p15 7"),
            "government_fund": (0, "p16"),
            "state_capital": (0, "p17"),
            "basic_expenditure": (29, "p18 13 + p19 16"),
            "three_public": (1, "p20"),
        },
    ),
    "sh_putuo_govoffice_unit_budget_2025.pdf": Printed(
        about="""普陀区人民政府办公室 单位预算 2025 (sh_putuo_govoffice_unit_budget_2025.pdf): the unit document of
the same body (预算单位：…, 2025年区级单位预算 → scope unit, 编制单位 in the table headers); its 财务收支
预算总表 adds a by-use panel (合计 | 基本支出: 人员经费, 公用经费 | 项目支出) beside the function lines.""",
        leaf_rows=12,
        reading_rules=set(),
        table_rows={
            "summary": (7, "p8: 7 income lines beside 4 function lines"),
            "income": (20, "p9 12 + p10 8"),
            "expenditure": (20, "p11 12 + p12 8"),
            "fiscal_summary": (4, "p13"),
            "general_budget": (20, "p14 13 + p15 7"),
            "government_fund": (0, "p16"),
            "state_capital": (0, "p17"),
            "basic_expenditure": (29, "p18 13 + p19 16"),
            "three_public": (1, "p20"),
        },
        document={"scope": "unit"},
    ),
    "sh_putuo_finance_dept_budget_2025.pdf": Printed(
        about="""普陀区财政局 部门预算 2025 (sh_putuo_finance_dept_budget_2025.pdf): 元 with fen; the 三公 row prints
only 0.95 under 合计 and 公务接待费 and 229.43 under 机关运行经费, every other cell blank.""",
        leaf_rows=11,
        reading_rules=set(),
        table_rows={
            "summary": (7, "p9"),
            "income": (19, "p10 12 + p11 7"),
            "expenditure": (19, "p12 12 + p13 7"),
            "fiscal_summary": (4, "p14"),
            "general_budget": (19, "p15 13 + p16 6"),
            "government_fund": (0, "p17"),
            "state_capital": (0, "p18"),
            "basic_expenditure": (29, "p19 14 + p20 15"),
            "three_public": (1, "p21"),
        },
    ),
    "sh_putuo_justice_dept_budget_2026.pdf": Printed(
        about="""普陀区司法局 部门预算 2026 (sh_putuo_justice_dept_budget_2026.pdf): function and economic tables
print amounts without thousands separators (87267272.44) and 0.00 for zero, the summaries with
separators; the empty fund tables print a 无 row besides their note; page 3 is an empty frame.""",
        leaf_rows=13,
        # the 无 rows are no data: no S02 (rows and an empty note) on the fund tables
        reading_rules=set(),
        table_rows={
            "summary": (7, "p10"),
            "income": (21, "p11"),
            "expenditure": (21, "p12 12 + p13 9"),
            "fiscal_summary": (4, "p14"),
            "general_budget": (21, "p15 14 + p16 7"),
            "government_fund": (0, "p17: a 无 row, an empty 合计 row and the note"),
            "state_capital": (0, "p18: likewise"),
            "basic_expenditure": (29, "p19 13 + p20 16"),
            "three_public": (1, "p21"),
        },
    ),
    "sh_putuo_welfarehome_unit_budget_2024.pdf": Printed(
        about="""普陀区社会福利院 单位预算 2024 (sh_putuo_welfarehome_unit_budget_2024.pdf): a 事业单位 with 事业收入;
its expenditure and general-budget tables print the 项 row of 21011 with 类 code "7" (7 | 11 | 02),
a real defect of the document (B08 in expected.json) that the reading must keep as printed.""",
        leaf_rows=6,
        reading_rules=set(),
        table_rows={
            "summary": (7, "p7 (一、一般公共服务支出 is printed with no amount)"),
            "income": (14, "p8"),
            "expenditure": (14, "p9, including the row printed 7 | 11 | 02"),
            "fiscal_summary": (4, "p10"),
            "general_budget": (14, "p11, likewise"),
            "government_fund": (0, "p12"),
            "state_capital": (0, "p13"),
            "basic_expenditure": (26, "p14"),
            "three_public": (1, "p15"),
        },
        # the document's own B08 break (expected.json defects): 21011 has no 项 child once its only child
        # is printed under 类 "7", in both tables where it is
        breaks=[
            ("expenditure", "21011", "total", "503724.00", "0"),
            ("expenditure", "21011", "basic", "503724.00", "0"),
            ("general_budget", "21011", "total", "503724.00", "0"),
            ("general_budget", "21011", "basic", "503724.00", "0"),
        ],
    ),
    "sh_putuo_finance_final_2024.pdf": Printed(
        about="""普陀区财政局 部门决算 2024 (sh_putuo_finance_final_2024.pdf): final accounts in 万元. Labels sit at
the top of tall rows and the amounts lower; 类 / 款 / 项 labels share the band of the 合计 row; the
economic table prints two panels side by side over two pages with a 人员经费合计 | 公用经费合计
footer; the 三公 table pairs 预算数 / 决算数 under each part; the narrative sets its numbers in
Times on a baseline 4.8 pt below the FangSong text.""",
        leaf_rows=11,
        reading_rules=set(),
        table_rows={
            "summary": (28, "p6 26 (八 income lines beside 二十六 function lines) + p7 2 (结余 / 结转和结余 rows)"),
            "income": (19, "p8 14 + p9 5"),
            "expenditure": (19, "p10 11 + p11 8"),
            "fiscal_summary": (30, "p12 13 + p13 17 (26 function lines, 年初结转 and its 3 fund lines)"),
            "general_budget": (19, "p15"),
            "basic_expenditure": (64, "p16 19 rows x 2 panels + p17 7 left and 19 right entries"),
            "three_public": (1, "p18"),
            "government_fund": (0, "p19"),
            "state_capital": (0, "p20"),
        },
        # the identities expected.json says hold only within rounding (301: 2,082.85 vs 2,082.86 …) hold
        breaks=[],
    ),
    "sh_putuo_planning_final_2024.pdf": Printed(
        about="""普陀区规划和自然资源局 部门决算 2024 (sh_putuo_planning_final_2024.pdf): final accounts in 万元 with
codes in one column (2080501), table titles in the body size under a page heading that names the
city bureau (上海市规划和自然资源局: S06), the cover name wrapped over two lines, and two-line notes
under the empty fund tables (注：本表反映… / 说明：…故本表无数据。).""",
        leaf_rows=13,
        reading_rules={"S06"},
        table_rows={
            "summary": (26, "p7: 24 function lines + 使用非财政拨款结余 / 年初结转和结余 rows"),
            "income": (24, "p8 11 + p9 13"),
            "expenditure": (24, "p10 11 + p11 13"),
            "fiscal_summary": (28, "p12 15 + p13 13"),
            "general_budget": (24, "p14 21 + p15 3"),
            "basic_expenditure": (65, "p16: 38 physical rows, two panels"),
            "three_public": (1, "p17"),
            "government_fund": (0, "p18"),
            "state_capital": (0, "p19"),
        },
        # expected.json: several identities hold only within rounding (212: 3,832.36 vs 1,572.70 + 2,259.65)
        breaks=[],
    ),
    "sh_template_dept_final_2024.pdf": Printed(
        about="""The official 决算 template (sh_template_dept_final_2024.pdf, 上海市 XX 局): no amounts anywhere, sample
subject rows and 。。。/… placeholder rows, XX in every name and figure. It names a department and a
year, so it is read as a document and its placeholders are an S05 error (quarantined), unlike the
fill-in workbooks, which name neither and are rejected as blank templates.""",
        leaf_rows=1,
        reading_rules={"S05"},
        table_rows={
            "summary": (26, "p5: 24 function lines + 2 结余 / 结转 rows, all without amounts"),
            "income": (5, "p6: 205 / 20502 / 2050205 / 207 / 20799; the … rows are placeholders"),
            "expenditure": (5, "p7: likewise"),
            "fiscal_summary": (28, "p8 15 + p9 13"),
            "general_budget": (5, "p10"),
            "basic_expenditure": (65, "p11: two panels of sample codes"),
            "three_public": (0, "p12: header rows only"),
            "government_fund": (0, "p13"),
            "state_capital": (0, "p14"),
        },
        document={"department": "上海市XX局"},  # printed 上海市 XX 局: the reader drops the spaces
        figures={"three_public_total": "0.00"},  # the table is there and empty
    ),
    "js_npc_office_budget_2017.pdf": Printed(
        about="""江苏省人大常委会办公厅 部门预算 2017 (js_npc_office_budget_2017.pdf): 万元 tables numbered by the
table of contents only (一 to 十二, no 公开NN表 labels), page numbers under every page, summary labels
cut by page breaks (八、社会保障和就 / 业支出, 当年收入 / 小计), a copy of two tables set below the
visible sheet of page 11, 三公 beside 会议费 and 培训费.""",
        leaf_rows=12,
        # the table of contents names the department 省人大办公厅: a short form of its own name, no S06
        reading_rules=set(),
        table_rows={
            "summary": (22, "p7 8 + p8 13 + p9 1: 20 function lines, 当年收入小计 (cut: 当年收入 p8 / 小计 p9), 上年结转资金"),
            "income": (14, "p9 6 + p10 8: five source groups (小计) and their nine items, 收入总计 excluded"),
            "expenditure": (1, "p10: the one row of amounts under 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金"),
            "fiscal_expenditure": (18, "p11: 201, 20101, 9 项; 208, 20805, 2080504; 221, 22102, 2 项"),
            "fiscal_summary": (3, "p12: 一般公共预算 / 基本支出, 政府性基金预算 / 项目支出, 单位预留机动经费"),
            "fiscal_basic_expenditure": (23, "p13 11 + p14 11 + p15 1 (title on p12)"),
            "government_fund": (0, "p15: an empty 合计 row, note （无政府性基金支出）"),
            "general_budget": (18, "p16 13 + p17 5"),
            "basic_expenditure": (23, "p17 7 + p18 16"),
            "operating_costs": (15, "p19: 302, 12 items, 310, 31002 (title on p18)"),
            "three_public": (1, "p20: one row of amounts"),
            "procurement": (25, "p20 1 + p21 11 + p22 10 + p23 3: rows that carry an amount, 合计 excluded"),
        },
        document={"department": "江苏省人大常委会办公厅"},
    ),
    "js_npc_office_budget_2018.pdf": Printed(
        about="""江苏省人大常委会办公厅 部门预算 2018 (js_npc_office_budget_2018.pdf): tables labelled 公开01表 to
公开12表, the cover title broken after 部门 (江苏省人大常委会办公厅2018年度部门 / 预算公开), the
summary's department line wrapped (部门名称：江苏省人大 / 常委会办公厅), the procurement table continued
over a page number, 三公 with a blank 公务用车购置费.""",
        leaf_rows=14,
        reading_rules=set(),
        table_rows={
            "summary": (22, "p8: 20 function lines, 当年收入小计 | 当年支出小计, 上年结转资金 | 结转下年资金"),
            "income": (14, "p9: five source groups (小计) and their nine items"),
            "expenditure": (1, "p10: the one row of amounts"),
            "fiscal_summary": (3, "p10: 一般公共预算 / 基本支出, 政府性基金预算 / 项目支出, 单位预留机动经费"),
            "fiscal_expenditure": (20, "p11: 201, 20101, 9 项; 208, 20805, 3 项; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (23, "p12: 301 + 8, 302 + 9, 303 + 3"),
            "general_budget": (20, "p13"),
            "basic_expenditure": (23, "p14"),
            "three_public": (1, "p15: one row of amounts"),
            "government_fund": (0, "p15: 合计 with nothing in it, note 注：本部门无相关收支项目"),
            "operating_costs": (10, "p16: 302 and its 9 items"),
            "procurement": (23, "p17 13 + p18 10 (the page number 17 between them is no break)"),
        },
        document={"department": "江苏省人大常委会办公厅"},  # not the wrapped caption's 江苏省人大
        titles={"fiscal_expenditure": "财政拨款支出预算表（功能科目）"},
    ),
    "js_procuratorate_budget_2017.pdf": Printed(
        about="""江苏省人民检察院 部门预算 2017 (js_procuratorate_budget_2017.pdf): tables titled 一、 to 十二、 (no
公开NN表 labels), several continued over a page number, the 财政拨款基本支出预算表 continued on page 13
without the ruling between code and name, 其他资金 15.00 beside the fiscal appropriation, and the
政府采购支出预算表 (十二) that used to be read as an expenditure table.""",
        leaf_rows=9,
        # S02: the government-fund table prints no rows and no note. The part heading over the tables
        # names the department 省检察院, a short form of its own name: no S06
        reading_rules={"S02"},
        table_rows={
            "summary": (22, "p10: 20 function lines, 当年收入小计 | 当年支出小计, 上年结转资金 | 结转下年资金"),
            "income": (14, "p11: five source groups (小计) and their nine items"),
            "expenditure": (1, "p11: the one row of amounts"),
            "fiscal_summary": (3, "p11 1 + p12 2 (一般公共预算 / 基本支出 on p11; 政府性基金预算 / 项目支出, 机动经费 p12)"),
            "fiscal_expenditure": (15, "p12: 204, 20404, 6 项; 208, 20805, 2080504; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (27, "p12 4 + p13 23 (code and name printed in one cell on p13)"),
            "government_fund": (0, "p13: header and an empty 合计 row, no note (S02)"),
            "general_budget": (15, "p14"),
            "basic_expenditure": (27, "p14 8 + p15 19"),
            "operating_costs": (15, "p15 9 + p16 6"),
            "three_public": (1, "p16: one row of amounts"),
            "procurement": (45, "p16 9 + p17 25 + p18 11: rows that carry an amount, 合计 excluded"),
        },
        document={"department": "江苏省人民检察院"},
    ),
    "js_procuratorate_budget_2018.pdf": Printed(
        about="""江苏省人民检察院 部门预算 2018 (js_procuratorate_budget_2018.pdf): titles 公开01表：… on one line,
the 三公 table and the 机关运行经费 table drawn with hairline rulings beside white background boxes (the
ruling under the 三公 header and the one between 科目名称 and the amount), a summary label cut by the
page break (十七、国土海洋气象等支 / 出), the government-fund table marked 此表为空, and the
政府采购支出预算表 over four pages.""",
        leaf_rows=8,
        reading_rules=set(),
        table_rows={
            "summary": (22, "p13 17 + p14 5 (十七、国土海洋气象等支 p13 / 出 p14 is one row)"),
            "income": (14, "p14: five source groups (小计) and their nine items"),
            "expenditure": (1, "p15: the one row of amounts"),
            "fiscal_summary": (3, "p15"),
            "fiscal_expenditure": (14, "p15 3 + p16 11: 204, 20404, 3 项; 208, 20805, 3 项; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (29, "p16 14 + p17 15"),
            "general_budget": (14, "p17 10 + p18 4"),
            "basic_expenditure": (29, "p18 23 + p19 6"),
            "three_public": (1, "p19: one row of amounts"),
            "government_fund": (0, "p19: 合计 empty, a 此表为空 row, note 说明：本部门无相关收支项目。"),
            "operating_costs": (15, "p20: 302 and its 14 items"),
            "procurement": (51, "p20 4 + p21 20 + p22 23 + p23 4: rows that carry an amount, 合计 excluded"),
        },
        titles={"procurement": "公开12表：政府采购支出预算表"},
    ),
    "js_high_court_budget_2017.pdf": Printed(
        about="""江苏省高级人民法院 部门预算 2017 (js_high_court_budget_2017.pdf): each title (一、2017年度江苏省高级
人民法院部门收支预算总表) printed in the table's own type size right above 单位：万元, so the reader takes
it as the grid's first caption line; cell borders drawn as hairline pieces beside white background
boxes (the ruling between 一般公共预算资金 and 政府性基金, between 204 and 20405, between 301 and 30101).""",
        leaf_rows=9,
        reading_rules={"S02"},
        table_rows={
            "summary": (22, "p11 3 + p12 19"),
            "income": (14, "p12 8 + p13 6: five source groups (小计) and their nine items"),
            "expenditure": (1, "p13: the one row of amounts"),
            "fiscal_summary": (3, "p13"),
            "fiscal_expenditure": (15, "p13 13 + p14 2: 204, 20405, 6 项; 208, 20805, 2080504; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (32, "p14"),
            "government_fund": (0, "p15: header and an empty 合计 row, no note (S02)"),
            "general_budget": (15, "p15"),
            "basic_expenditure": (32, "p15 10 + p16 22"),
            "operating_costs": (17, "p16 12 + p17 5"),
            "three_public": (1, "p17: one row of amounts"),
            "procurement": (52, "p17 19 + p18 33: rows that carry an amount, 合计 excluded"),
        },
    ),
    "js_high_court_budget_2018.pdf": Printed(
        about="""江苏省高级人民法院 部门预算 2018 (js_high_court_budget_2018.pdf): titles in the caption lines as in
2017; the 财政拨款收支预算总表 starts at the foot of page 10 with its two-cell header row (收入 | 支出)
and continues on page 11 with four columns; the 一般公共预算基本支出预算表 title stands above a
separate 单位：万元 line.""",
        leaf_rows=11,
        reading_rules={"S02"},
        table_rows={
            "summary": (22, "p9 17 + p10 5"),
            "income": (14, "p10: five source groups (小计) and their nine items"),
            "expenditure": (1, "p10: the one row of amounts"),
            "fiscal_summary": (3, "p11 (its header row 收入 | 支出 on p10)"),
            "fiscal_expenditure": (17, "p11: 204, 20405, 6 项; 208, 20805, 3 项; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (33, "p11 5 + p12 28"),
            "general_budget": (17, "p12 5 + p13 12"),
            "basic_expenditure": (33, "p13 24 + p14 9"),
            "three_public": (1, "p14: one row of amounts"),
            "government_fund": (0, "p14: header and an empty 合计 row, no note (S02)"),
            "operating_costs": (16, "p14 13 + p15 3"),
            "procurement": (53, "p15 27 + p16 26: rows that carry an amount, 合计 excluded"),
        },
    ),
    "js_party_office_budget_2017": Printed(
        about="""中共江苏省委办公厅 部门预算 2017, two files read as one document (js_party_office_budget_2017_narrative.pdf
+ js_party_office_budget_2017_tables.pdf): the narrative's title says 江苏省委办公厅, the tables' 部门
line 中国共产党江苏省委员会办公厅; income includes 财政专户管理资金 147.20; the part heading over the
tables says 省委办公厅.""",
        leaf_rows=5,
        # S02 only: 省委办公厅 in the part heading is a short form of the department's name, no S06
        reading_rules={"S02"},
        table_rows={
            "summary": (22, "p1"),
            "income": (14, "p2: five source groups (小计) and their nine items"),
            "expenditure": (1, "p3: the one row of amounts"),
            "fiscal_summary": (3, "p4"),
            "fiscal_expenditure": (11, "p5: 201, 20131, 2 项; 208, 20805, 2080504; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (30, "p6: 301 + 6, 302 + 15, 303 + 6"),
            "government_fund": (0, "p7: header and an empty 合计 row, no note (S02)"),
            "general_budget": (11, "p8"),
            "basic_expenditure": (30, "p9"),
            "operating_costs": (17, "p10"),
            "three_public": (1, "p11: one row of amounts"),
            "procurement": (46, "p12 15 + p13 21 + p14 10: rows that carry an amount, 合计 excluded"),
        },
        document={"department": "中国共产党江苏省委员会办公厅",
                  "department_key": "江苏省/中共江苏省委办公厅"},  # the key 2018 has too
    ),
    "js_party_office_budget_2018": Printed(
        about="""中共江苏省委办公厅 部门预算 2018, two files read as one document (js_party_office_budget_2018_narrative.pdf
+ js_party_office_budget_2018_tables.pdf): the tables file opens with a cover (江苏省2018年度 / 省级部门
预算公开报表 / 部门:中共江苏省委办公厅) and its own contents page.""",
        leaf_rows=7,
        reading_rules=set(),
        table_rows={
            "summary": (22, "p3"),
            "income": (14, "p4: five source groups (小计) and their nine items"),
            "expenditure": (1, "p5: the one row of amounts"),
            "fiscal_summary": (3, "p6"),
            "fiscal_expenditure": (13, "p7: 201, 20131, 2 项; 208, 20805, 3 项; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (30, "p8"),
            "general_budget": (13, "p9"),
            "basic_expenditure": (30, "p10"),
            "three_public": (1, "p11: one row of amounts"),
            "government_fund": (0, "p12: an empty 合计 row, note 注：本部门无相关收支项目"),
            "operating_costs": (15, "p13"),
            "procurement": (38, "p14 23 + p15 15: rows that carry an amount, 合计 excluded"),
        },
        document={"department": "中共江苏省委办公厅",  # the cover of the tables file
                  "department_key": "江苏省/中共江苏省委办公厅"},  # 2017's key
    ),
    "js_cppcc_office_budget_2017": Printed(
        about="""江苏省政协办公厅 部门预算 2017, two files read as one document (js_cppcc_office_budget_2017_narrative.pdf
+ js_cppcc_office_budget_2017_tables.pdf): tables labelled 表一 to 表十二, the 政府采购 table continued on
page 13 under its repeated title, department line and header, 其他资金 80.00, the 收入预算总表 label
财政转专户管理资金 (sic), the 三公 title qualified （一般公共预算）.""",
        leaf_rows=8,
        reading_rules=set(),
        table_rows={
            "summary": (22, "p1"),
            "income": (14, "p2: five source groups (小计) and their nine items"),
            "expenditure": (1, "p3: the one row of amounts"),
            "fiscal_summary": (3, "p4"),
            "fiscal_expenditure": (14, "p5: 201, 20102, 5 项; 208, 20805, 2080504; 221, 22102, 2 项"),
            "fiscal_basic_expenditure": (26, "p6"),
            "government_fund": (0, "p7: an empty 合计 row, note 注：我单位无2017年政府性基金支出安排。"),
            "general_budget": (14, "p8"),
            "basic_expenditure": (26, "p9"),
            "operating_costs": (14, "p10"),
            "three_public": (1, "p11: one row of amounts"),
            "procurement": (39, "p12 24 + p13 15 (title, 部门 line and header repeated on p13): amounts, 合计 excluded"),
        },
        document={"department": "江苏省政协办公厅"},
        titles={"three_public": "“三公”经费、会议费、培训费支出预算表（一般公共预算）"},
    ),
    "js_cppcc_office_budget_2018": Printed(
        about="""江苏省政协办公厅 部门预算 2018, two files read as one document (js_cppcc_office_budget_2018_narrative.pdf
+ js_cppcc_office_budget_2018_tables.pdf): tables labelled 公开01表 to 公开12表, the narrative's title
broken after the year (江苏省政协办公厅2018年度 / 部门预算公开), 其他资金 80.00, the government-fund
note 注：本部门无该项目.""",
        leaf_rows=10,
        # 注：本部门无该项目 is the government-fund table's empty-table note: no S02 (test_corpus_empty_tables)
        reading_rules=set(),
        table_rows={
            "summary": (22, "p1"),
            "income": (14, "p2: five source groups (小计) and their nine items"),
            "expenditure": (1, "p3: the one row of amounts"),
            "fiscal_summary": (3, "p4"),
            "fiscal_expenditure": (16, "p5"),
            "fiscal_basic_expenditure": (27, "p6"),
            "general_budget": (16, "p7"),
            "basic_expenditure": (27, "p8"),
            "three_public": (1, "p9: one row of amounts"),
            "government_fund": (0, "p10: an empty 合计 row, note 注：本部门无该项目"),
            "operating_costs": (14, "p11"),
            "procurement": (28, "p12: rows that carry an amount, 合计 excluded"),
        },
        document={"department": "江苏省政协办公厅"},
    ),
}

SHANGHAI = [key for key in PRINTED if not is_jiangsu(key)]
JIANGSU = [key for key in PRINTED if is_jiangsu(key)]
TWO_FILES = [key for key in JIANGSU if not key.endswith(".pdf")]  # keyed by the stem of both files


def doc_id(key: str) -> str:
    return key.removesuffix(".pdf")


def documents(keys: list[str]) -> list:
    """``key`` parameters, each with the document's name as its id."""
    return [pytest.param(key, id=doc_id(key)) for key in keys]


def for_document(key: str):
    """Run a document-specific test on the document ``key`` (the ``doc`` and ``expected`` fixtures
    read it); its id names the document."""
    assert key in PRINTED, key
    return pytest.mark.parametrize("key", documents([key]))
