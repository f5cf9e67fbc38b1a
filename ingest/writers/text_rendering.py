"""Canonical Document → the text rendering of a Hebei-layout budget disclosure (the seed's format).

The seed (../shared/seeds/000_*.txt) is a DOCX rendered as text: a table's title on a line of its
own, then every cell on a line of its own indented by one tab, a blank line after each table row,
three blank lines after a table, ``注：…空表列示。`` after an empty one, and the narrative as plain
paragraphs. This module prints a ``model.Document`` in exactly that layout so that generated
disclosures (ingest/demo.py) go through the same reader as real ones, and so that reader and writer
can be tested against each other by a round trip.

The layout is driven by the Hebei table templates below, not by the document's rows: the summary
tables always print the 31 function lines Hebei prints (empty ones too), and every value is looked
up by its canonical key — ``(side, line)`` for summary lines, the subject code for classified rows,
the line key for 三公 and fixed-asset rows. A cell prints the published text the row keeps
(``Row.texts``) and otherwise its 元 value converted back into the table's unit.

Department documents of both phases are laid out here. A 决算 (final accounts, ``phase ==
"final"``) prints the same Hebei tables under 决算 titles (FINAL_TITLES), 决算年度 headers and
决算数 columns, its summary with the 决算 lines 使用非财政拨款结余 / 结余分配 and 年初 / 年末结转和结余
(F01), its fixed assets as of its own year end, and its narrative as a 决算 情况说明. Its 三公 table
keeps the fund columns (the 决算数): a text rendering has no 预算数 / 决算数 pair the reader could map.
A budget prints exactly as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.model import Document, NarrativeFact, PerformanceTarget, Row, Table

UNIT = "万元"
UNIT_FACTOR = 10000

TITLES = {
    "summary": "部门预算收支总表",
    "income": "部门预算收入总表",
    "expenditure": "部门预算支出总表",
    "fiscal_summary": "部门预算财政拨款收支总表",
    "general_budget": "部门预算一般公共预算财政拨款支出表",
    "basic_expenditure": "部门预算一般公共预算财政拨款基本支出表",
    "government_fund": "部门预算政府基金预算财政拨款支出表",
    "state_capital": "部门预算国有资本经营预算财政拨款支出表",
    "three_public": "部门预算财政拨款“三公”经费支出表",
    "procurement": "部门政府采购预算",
    "fixed_assets": "部门固定资产占用情况表",
}
# 决算 titles: every one is recognised by ingest/table_kinds.py as the same kind, phase final.
FINAL_TITLES = {
    "summary": "部门收入支出决算总表",
    "income": "部门收入决算表",
    "expenditure": "部门支出决算表",
    "fiscal_summary": "部门财政拨款收入支出决算总表",
    "general_budget": "部门一般公共预算财政拨款支出决算表",
    "basic_expenditure": "部门一般公共预算财政拨款基本支出决算表",
    "government_fund": "部门政府性基金预算财政拨款支出决算表",
    "state_capital": "部门国有资本经营预算财政拨款支出决算表",
    "three_public": "部门财政拨款“三公”经费支出决算表",
    "procurement": "部门政府采购情况表",
    "fixed_assets": "部门固定资产占用情况表",
}
STANDARD_ORDER = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_expenditure",
    "government_fund",
    "state_capital",
    "three_public",
)
EMPTY_NOTES = {
    "government_fund": "注：无政府基金预算财政拨款预算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款预算，空表列示。",
    "procurement": "注：无政府采购预算，空表列示。",
}
FINAL_EMPTY_NOTES = {
    "government_fund": "注：无政府性基金预算财政拨款决算，空表列示。",
    "state_capital": "注：无国有资本经营预算财政拨款决算，空表列示。",
    "procurement": "注：无政府采购支出，空表列示。",
}

# The 31 function lines (类) every Hebei summary prints, in order; 人行科目 has no class code.
HEBEI_FUNCTION_LINES: tuple[tuple[str, str | None], ...] = (
    ("一般公共服务支出", "201"),
    ("外交支出", "202"),
    ("国防支出", "203"),
    ("公共安全支出", "204"),
    ("教育支出", "205"),
    ("科学技术支出", "206"),
    ("文化旅游体育与传媒支出", "207"),
    ("社会保障和就业支出", "208"),
    ("社会保险基金支出", "209"),
    ("卫生健康支出", "210"),
    ("节能环保支出", "211"),
    ("城乡社区支出", "212"),
    ("农林水支出", "213"),
    ("交通运输支出", "214"),
    ("资源勘探工业信息等支出", "215"),
    ("商业服务业等支出", "216"),
    ("金融支出", "217"),
    ("援助其他地区支出", "219"),
    ("自然资源海洋气象等支出", "220"),
    ("住房保障支出", "221"),
    ("粮油物资储备支出", "222"),
    ("国有资本经营预算支出", "223"),
    ("灾害防治及应急管理支出", "224"),
    ("预备费", "227"),
    ("其他支出", "229"),
    ("转移性支出", "230"),
    ("债务还本支出", "231"),
    ("债务付息支出", "232"),
    ("债务发行费用支出", "233"),
    ("抗疫特别国债安排的支出", "234"),
    ("人行科目", None),
)
SUMMARY_INCOME_LINES = (
    ("general_budget", "一般公共预算拨款收入"),
    ("government_fund", "政府性基金预算拨款收入"),
    ("state_capital", "国有资本经营预算拨款收入"),
    ("fiscal_special", "财政专户管理资金收入"),
    ("business", "事业收入"),
    ("operating", "事业单位经营收入"),
    ("superior_subsidy", "上级补助收入"),
    ("subordinate_remit", "附属单位上缴收入"),
    ("other", "其他收入"),
)
FISCAL_INCOME_LINES = (
    ("general_budget", "一般公共预算拨款"),
    ("government_fund", "政府性基金预算拨款"),
    ("state_capital", "国有资本经营预算拨款"),
)
INCOME_COLUMNS = (
    "total",
    "current_income",
    "fiscal_appropriation",
    "fiscal_special",
    "business",
    "operating",
    "superior_subsidy",
    "subordinate_remit",
    "other",
    "carry_over",
)
EXPENDITURE_COLUMNS = ("total", "basic", "project", "operating", "remit_superior", "subsidy_subordinate")
GENERAL_BUDGET_COLUMNS = ("total", "basic", "project")
BASIC_COLUMNS = ("total", "personnel", "public")
FUND_COLUMNS = ("total", "general_budget", "government_fund", "state_capital")
THREE_PUBLIC_ROWS = (
    ("total", "合计"),
    ("subtotal", "“三公”经费小计"),
    ("abroad", "一、因公出国（境）费"),
    ("abroad.teaching", "    其中：教学科研人员因公出国（境）费"),
    ("abroad.other", "          其他因公出国（境）费"),
    ("car", "二、公务用车购置及运维费"),
    ("car.purchase", "    其中：公务用车购置费"),
    ("car.operation", "          公务用车运行维护费"),
    ("reception", "三、公务接待费"),
)
FIXED_ASSET_ROWS = (
    ("total", "资产总额"),
    ("buildings", "1、房屋（平方米）"),
    ("buildings.office", "　　其中：办公用房（平方米）"),
    ("vehicles", "2、车辆（台、辆）"),
    ("equipment", "3、单价在20万元以上的设备"),
    ("other", "4、其他固定资产"),
)
PROCUREMENT_COLUMNS = (
    "total",
    "general_budget",
    "government_fund",
    "state_capital",
    "fiscal_special",
    "unit_funds",
    "fiscal_carry_over",
    "other_carry_over",
)
GLOSSARY = (
    "1、一般公共预算拨款收入：指本级财政当年拨付的资金。",
    "2、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。",
    "3、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。",
    "4、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "5、“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    "6、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项公用经费。",
    "7、上年结转：指以前年度尚未完成、结转到本年仍按原规定用途继续使用的资金。",
)

# Narrative sections: which NarrativeFact kinds print under which heading of the 情况说明.
_OVERVIEW = (
    ("1、收入说明", ("income_total", "current_year_income", "fiscal_appropriation_income", "income")),
    (
        "2、支出说明",
        ("expenditure_total", "basic_expenditure", "project_expenditure", "personnel_expenditure",
         "public_expenditure", "expenditure"),
    ),
    ("3、比上年增减情况", ("change",)),
)
_SECTION_KINDS = {
    "operating_costs": 3,
    "three_public_total": 4,
    "three_public": 4,
    "abroad": 4,
    "car": 4,
    "car.purchase": 4,
    "car.operation": 4,
    "reception": 4,
    "procurement": 6,
    "fixed_assets": 7,
    "duties": 1,
}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 31 → 三十一 (enough for the 31 function lines)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def wan_text(value: str | Decimal | None, factor: int = UNIT_FACTOR) -> str:
    """元 amount → the printed text in the table's unit with two decimals; None → blank."""
    if value is None:
        return ""
    return f"{Decimal(value) / factor:.2f}"


class _Out:
    """The text rendering's line discipline: untabbed text lines, tabbed cells, blank row ends."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def text(self, line: str) -> None:
        self.lines.append(line)

    def row(self, cells: Iterable[str]) -> None:
        self.lines.extend(f"\t{cell}" for cell in cells)
        self.lines.append("")

    def blank(self, count: int = 1) -> None:
        self.lines.extend([""] * count)

    def end_table(self) -> None:
        self.blank(2)

    def render(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def _cell(row: Row | None, column: str, factor: int) -> str:
    if row is None:
        return ""
    if column in row.texts:
        return row.texts[column]
    return wan_text(row.values.get(column), factor)


def _factor(table: Table) -> int:
    return table.unit_factor or UNIT_FACTOR


def _unit_line(table: Table) -> str:
    return f"单位：{table.unit or UNIT}"


class _Renderer:
    def __init__(self, doc: Document, notes: Sequence[str]) -> None:
        self.doc = doc
        self.meta = doc.document
        self.notes = notes
        self.out = _Out()
        self.department = self.meta.department or ""
        self.year = self.meta.year or 0
        self.final = self.meta.phase == "final"
        self.titles = FINAL_TITLES if self.final else TITLES
        self.empty_notes = FINAL_EMPTY_NOTES if self.final else EMPTY_NOTES
        self.word = "决算" if self.final else "预算"  # 预算年度 / 决算年度, 部门预算 / 部门决算

    # --- shared pieces --------------------------------------------------------------------
    def header(self, kind: str, table: Table, with_year: bool = True) -> None:
        self.out.text(self.titles.get(kind, table.title))
        lines = [f"{self.meta.department_code or ''}{self.department}"]
        if with_year:
            lines += [f"{self.word}年度：{self.year}", _unit_line(table)]
        self.out.row(lines)

    def column_numbers(self, count: int) -> None:
        self.out.row(["栏次"] + [str(i) for i in range(1, count + 1)])

    def coded_rows(self, table: Table, columns: Sequence[str]) -> None:
        factor = _factor(table)
        data = [r for r in table.rows if r.code or r.line == "total"]
        if not data:
            self.out.row([""] * (len(columns) + 3))
            return
        for number, row in enumerate(data, start=1):
            name = "合计" if row.line == "total" else row.name
            self.out.row([str(number), row.code or "", name] + [_cell(row, c, factor) for c in columns])

    def empty_note(self, kind: str, table: Table) -> None:
        note = table.note or self.empty_notes.get(kind)
        if note and not any(r.code for r in table.rows):
            self.out.text(note)

    # --- the nine standard tables ---------------------------------------------------------
    def summary(self, table: Table) -> None:
        self.header("summary", table)
        self.out.row(["序号", "收入", "支出"])
        self.out.row(["", "项  目", f"{self.word}数", "项  目", f"{self.word}数"])
        self.column_numbers(4)
        factor = _factor(table)
        income = {r.line: r for r in table.rows if r.side == "income"}
        spending = {r.line: r for r in table.rows if r.side == "expenditure" and r.line != "function"}
        functions = {r.code: r for r in table.rows if r.side == "expenditure" and r.line == "function"}
        for index, (name, code) in enumerate(HEBEI_FUNCTION_LINES):
            number = chinese_number(index + 1)
            left = ["", ""]
            if index < len(SUMMARY_INCOME_LINES):
                line, label = SUMMARY_INCOME_LINES[index]
                left = [f"{number}、{label}", _cell(income.get(line), "amount", factor)]
            right = [f"{number}、{name}", _cell(functions.get(code), "amount", factor) if code else ""]
            self.out.row([str(index + 1)] + left + right)
        totals = (
            ("本年收入合计", "current_year_total", "本年支出合计", "current_year_total"),
            ("上年结转结余", "carry_over", "年终结转结余", "year_end_carry"),
            ("收入总计", "grand_total", "支出总计", "grand_total"),
        )
        if self.final:  # F01: 总计 = 本年 + 使用非财政拨款结余 + 年初结转和结余 / + 结余分配 + 年末结转和结余
            totals = (
                ("本年收入合计", "current_year_total", "本年支出合计", "current_year_total"),
                ("使用非财政拨款结余", "non_fiscal_balance", "结余分配", "balance_distribution"),
                ("年初结转和结余", "carry_over", "年末结转和结余", "year_end_carry"),
                ("收入总计", "grand_total", "支出总计", "grand_total"),
            )
        for offset, (in_label, in_line, out_label, out_line) in enumerate(totals):
            self.out.row([
                str(len(HEBEI_FUNCTION_LINES) + 1 + offset),
                in_label,
                _cell(income.get(in_line), "amount", factor),
                out_label,
                _cell(spending.get(out_line), "amount", factor),
            ])
        self.out.end_table()

    def income(self, table: Table) -> None:
        self.header("income", table)
        self.out.row(["序号", "功能分类科目", "合计", "本年收入", "上年结转"])
        self.out.row([
            "", "科目    编码", "科目名称", "", "小计", "财政拨款 收入", "财政专户 收入", "事业收入", "经营收入",
            "上级补助收入", "附属单位上缴收入", "其他收入", "",
        ])
        self.column_numbers(len(INCOME_COLUMNS) + 2)
        self.coded_rows(table, INCOME_COLUMNS)
        self.out.end_table()

    def expenditure(self, table: Table) -> None:
        self.header("expenditure", table)
        self.out.row(["序号", "功能分类科目", "合计", "基本支出", "项目支出", "经营支出", "上解上级     支出",
                      "对附属单位补助支出"])
        self.out.row(["", "科目    编码", "科目名称", "", "", "", "", "", ""])
        self.column_numbers(len(EXPENDITURE_COLUMNS) + 2)
        self.coded_rows(table, EXPENDITURE_COLUMNS)
        self.out.end_table()

    def fiscal_summary(self, table: Table) -> None:
        self.header("fiscal_summary", table)
        self.out.row(["序号", "收入", "支出"])
        self.out.row(["", "项  目", "金额", "项  目", "合计", "一般公共预算财政拨款", "政府性基金预算财政    拨款",
                      "国有资本经营预算财政拨款"])
        self.column_numbers(7)
        factor = _factor(table)
        income = {r.line: r for r in table.rows if r.side == "income"}
        spending = {r.line: r for r in table.rows if r.side == "expenditure" and r.line != "function"}
        functions = {r.code: r for r in table.rows if r.side == "expenditure" and r.line == "function"}

        def funds(row: Row | None) -> list[str]:
            return [_cell(row, c, factor) for c in FUND_COLUMNS]

        for index, (name, code) in enumerate(HEBEI_FUNCTION_LINES):
            number = chinese_number(index + 1)
            left = ["", ""]
            if index < len(FISCAL_INCOME_LINES):
                line, label = FISCAL_INCOME_LINES[index]
                left = [f"{number}、{label}", _cell(income.get(line), "amount", factor)]
            row = functions.get(code) if code else None
            self.out.row([str(index + 1)] + left + [f"{number}、{name}"] + funds(row))
        number = len(HEBEI_FUNCTION_LINES) + 1
        self.out.row([str(number), "本年收入合计", _cell(income.get("current_year_total"), "amount", factor),
                      "本年支出合计"] + funds(spending.get("current_year_total")))
        self.out.row([str(number + 1), "年初财政拨款结转和结余", _cell(income.get("carry_over"), "amount", factor),
                      "年末财政拨款结转和结余"] + funds(spending.get("year_end_carry")))
        for offset, (line, label) in enumerate(FISCAL_INCOME_LINES):
            carry = income.get(f"carry_over.{line}")
            self.out.row([str(number + 2 + offset), f"{chinese_number(offset + 1)}、{label}",
                          _cell(carry, "amount", factor), "", "", "", "", ""])
        self.out.row([str(number + 5), "收入总计", _cell(income.get("grand_total"), "amount", factor), "支出总计"]
                     + funds(spending.get("grand_total")))
        self.out.end_table()

    def function_table(self, kind: str, table: Table) -> None:
        self.header(kind, table)
        self.out.row(["序号", "功能分类科目", "合计", "基本支出", "项目支出"])
        self.out.row(["", "科目编码", "科目名称", "", "", ""])
        self.column_numbers(len(GENERAL_BUDGET_COLUMNS) + 2)
        self.coded_rows(table, GENERAL_BUDGET_COLUMNS)
        self.out.end_table()
        self.empty_note(kind, table)

    def basic_expenditure(self, table: Table) -> None:
        self.header("basic_expenditure", table)
        self.out.row(["序号", "支出部门经济分类科目", "一般公共预算基本支出"])
        self.out.row(["", "科目编码", "科目名称", "合计", "人员经费", "公用经费"])
        self.column_numbers(len(BASIC_COLUMNS) + 2)
        self.coded_rows(table, BASIC_COLUMNS)
        self.out.end_table()

    def three_public(self, table: Table) -> None:
        self.header("three_public", table)
        self.out.row(["序号", "项  目", "资 金 性 质"])
        self.out.row(["", "", "合计", "一般公共预算              财政拨款", "政府性基金                  预算拨款",
                      "国有资本经营              预算财政拨款"])
        self.column_numbers(5)
        factor = _factor(table)
        rows = {r.line: r for r in table.rows if r.line}
        for number, (line, label) in enumerate(THREE_PUBLIC_ROWS, start=1):
            self.out.row([str(number), label] + [_cell(rows.get(line), c, factor) for c in FUND_COLUMNS])
        self.out.end_table()

    # --- the narrative --------------------------------------------------------------------
    def facts(self, section: int) -> list[NarrativeFact]:
        return [f for f in self.doc.narrative if _SECTION_KINDS.get(f.kind, 2) == section]

    def sentences(self, facts: Iterable[NarrativeFact]) -> list[str]:
        seen: list[str] = []
        for fact in facts:
            if fact.text not in seen:
                seen.append(fact.text)
        return seen

    def narrative(self) -> None:
        dept, year, region = self.department, self.year, self.meta.region
        word, final = self.word, self.final
        self.out.text(f"{dept}{year}年部门{word}信息公开情况说明")
        self.out.text(
            "按照《中华人民共和国预算法》、《地方预决算公开操作规程》和《关于进一步推进预算公开工作的实施意见》规定，"
            f"现将{dept}{year}年部门{word}公开如下："
        )
        self.out.text("一、部门职责及机构设置情况")
        self.out.text("部门职责：")
        for sentence in self.sentences(self.facts(1)) or [f"{dept}负责本行政区域内相关领域的行政管理工作。"]:
            self.out.text(sentence)
        self.out.text("机构设置：")
        self.out.text("部门机构设置情况")
        self.out.row(["单位名称", "单位性质", "单位规格", "经费保障形式"])
        place = f"{region.city or ''}{region.county or ''}"
        self.out.row([f"{dept}{place}{dept}本级", "行政", "正科级", "财政拨款"])
        self.out.end_table()

        if final:
            self.out.text("二、部门决算收支总体情况")
            self.out.text("本部门全部收入和支出均纳入部门决算编报范围。")
        else:
            self.out.text("二、部门预算安排的总体情况")
            self.out.text("按照预算管理有关规定，目前我部门预算的编制实行综合预算管理，即全部收入和支出都反映在预算中。")
        overview = self.facts(2)
        for heading, kinds in _OVERVIEW:
            chosen = [f for f in overview if f.kind in kinds]
            if chosen:
                self.out.text(heading)
                self.out.lines.extend(self.sentences(chosen))
        placed = {k for _, kinds in _OVERVIEW for k in kinds}
        self.out.lines.extend(self.sentences(f for f in overview if f.kind not in placed))
        self.out.blank()

        self.out.text("三、机关运行经费支出情况" if final else "三、机关运行经费安排情况")
        for sentence in self.sentences(self.facts(3)) or [f"{year}年我部门未安排机关运行经费。"]:
            self.out.text(sentence)
        self.out.blank()

        self.out.text("四、财政拨款“三公”经费支出决算情况" if final else "四、财政拨款“三公”经费预算情况及增减变化原因")
        self.out.blank()
        for sentence in self.sentences(self.facts(4)):
            self.out.text(sentence)
        self.out.blank()

        self.out.text("五、绩效评价情况" if final else "五、预算绩效信息")
        self.performance(self.doc.performance_targets)

        self.out.text("六、政府采购支出情况" if final else "六、政府采购预算情况")
        for sentence in self.sentences(self.facts(6)) or [f"{year}年，{dept}安排政府采购预算0.00万元。具体内容见下表。"]:
            self.out.text(sentence)
        self.procurement(self.doc.table("procurement"))

        self.out.blank()
        self.out.text("七、国有资产信息")
        for sentence in self.sentences(self.facts(7)):
            self.out.text(sentence)
        if (assets := self.doc.table("fixed_assets")) is not None:
            self.fixed_assets(assets)

        self.out.blank()
        self.out.text("八、名词解释")
        for line in GLOSSARY:
            self.out.text(line)
        self.out.text("九、其他需要说明的事项")
        for line in self.notes or ["我部门无其他需要说明的事项。"]:
            self.out.text(line)

    def performance(self, targets: Sequence[PerformanceTarget]) -> None:
        if not targets:
            self.out.text("本部门本年度无项目绩效目标。")
            return
        self.out.text("第二部分  预算项目绩效目标")
        for number, target in enumerate(targets, start=1):
            self.out.text(f"{number}、{target.project}绩效目标表")
            self.out.row(["绩效目标", target.goal or ""])
            self.out.blank(2)
            self.out.row(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
            previous = None
            for ind in target.indicators:
                level1 = "" if ind.level1 == previous else (ind.level1 or "")
                previous = ind.level1
                self.out.row([level1, ind.level2 or "", ind.level3 or "", ind.description or "",
                              ind.value_text or "", ind.basis or ""])
            self.out.end_table()

    def procurement(self, table: Table | None) -> None:
        code_line = f"{self.meta.department_code or ''}{self.department}"
        self.out.text(self.titles["procurement"])
        self.out.row([code_line, "单位：万元"])
        self.out.row(["政府采购项目来源", "采购物品名称", "政府采购目录序号", "计量  单位", "数量", "单价",
                      "政府采购金额（当年部门预算安排资金）", "预留中  小微企  业份额"])
        self.out.row(["项目名称", "预算    资金", "", "", "", "", "", "合计", "一般公共预算拨款", "基金预算拨款",
                      "国有资本经营预算拨款", "财政专户核拨", "单位    资金", "财政拨    款结转", "非财政    拨款结    转结余",
                      ""])
        rows = [] if table is None else [r for r in table.rows if r.line != "total"]
        if not rows:
            self.out.row([""] * 16)
            self.out.end_table()
            self.out.text(self.empty_notes["procurement"])
            return
        factor = _factor(table) if table is not None else UNIT_FACTOR
        for row in rows:
            self.out.row([row.name, "", "", "", "", ""] + [""]
                         + [_cell(row, c, factor) for c in PROCUREMENT_COLUMNS] + [_cell(row, "sme_share", factor)])
        self.out.end_table()

    def fixed_assets(self, table: Table) -> None:
        self.out.text(self.titles["fixed_assets"])
        code_line = f"{self.meta.department_code or ''}{self.department}"
        as_of = self.year if self.final else self.year - 1  # a 决算 closes its own year, a budget the year before
        self.out.row([code_line, f"截止时间：{as_of}-12-31"])
        self.out.row(["项   目", "数量", "价值（金额单位：万元）"])
        factor = _factor(table)
        rows = {r.line: r for r in table.rows if r.line}
        for line, label in FIXED_ASSET_ROWS:
            row = rows.get(line)
            self.out.row([label, _quantity(row), _cell(row, "value", factor)])
        self.out.end_table()

    # --- the whole document ---------------------------------------------------------------
    def render(self) -> str:
        for kind in STANDARD_ORDER:
            table = self.doc.table(kind)
            if table is None:
                continue
            if kind == "summary":
                self.summary(table)
            elif kind == "fiscal_summary":
                self.fiscal_summary(table)
            elif kind == "income":
                self.income(table)
            elif kind == "expenditure":
                self.expenditure(table)
            elif kind == "basic_expenditure":
                self.basic_expenditure(table)
            elif kind == "three_public":
                self.three_public(table)
            else:
                self.function_table(kind, table)
        self.narrative()
        return self.out.render()


def _quantity(row: Row | None) -> str:
    """A fixed-asset row's printed quantity: kept in ``texts['quantity']`` by the generator, or the
    middle cell of the row's source text as the reader keeps it (``房屋 | 971.86 | 83.00``)."""
    if row is None:
        return ""
    if "quantity" in row.texts:
        return row.texts["quantity"]
    cells = [c.strip() for c in row.source.text.split("|")]
    return cells[1] if len(cells) == 3 else ""


def render_text(doc: Document, *, notes: Sequence[str] = ()) -> str:
    """The text rendering of a budget or final-accounts document in the Hebei layout (see the module docstring).

    ``notes`` are printed under 九、其他需要说明的事项 (the demo marks its documents as generated there).
    """
    return _Renderer(doc, notes).render()
