"""The nine standard tables of the text rendering, in the Hebei layout.

Why driven by the template (ingest/demo/writers/hebei_template.py), not by the document's rows: the
summary tables always print the 31 function lines Hebei prints (empty ones too), and every value is
looked up by its canonical key — ``(side, line)`` for summary lines, the subject code for classified
rows, the line key for 三公 rows. A 决算 prints the same tables under 决算 titles, 决算年度 headers and
决算数 columns, its summary with the 决算 lines 使用非财政拨款结余 / 结余分配 and 年初 / 年末结转和结余
(F01). Its 三公 table keeps the fund columns (the 决算数): a text rendering has no 预算数 / 决算数
pair the reader could map.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.demo.writers.hebei_template import (
    BASIC_COLUMNS,
    EXPENDITURE_COLUMNS,
    FISCAL_INCOME_LINES,
    FUND_COLUMNS,
    GENERAL_BUDGET_COLUMNS,
    HEBEI_FUNCTION_LINES,
    INCOME_COLUMNS,
    STANDARD_ORDER,
    SUMMARY_INCOME_LINES,
    THREE_PUBLIC_ROWS,
)
from ingest.demo.writers.text_page import TextWriter, cell_text, chinese_number, table_factor, unit_line
from ingest.model import Row, Table


class TablesWriter(TextWriter):
    """Prints the standard tables a document holds, in the order Hebei prints them."""

    def header(self, kind: str, table: Table, with_year: bool = True) -> None:
        self.out.text(self.titles.get(kind, table.title))
        lines = [f"{self.meta.department_code or ''}{self.department}"]
        if with_year:
            lines += [f"{self.word}年度：{self.year}", unit_line(table)]
        self.out.row(lines)

    def column_numbers(self, count: int) -> None:
        self.out.row(["栏次"] + [str(i) for i in range(1, count + 1)])

    def coded_rows(self, table: Table, columns: Sequence[str]) -> None:
        factor = table_factor(table)
        data = [r for r in table.rows if r.code or r.line == "total"]
        if not data:
            self.out.row([""] * (len(columns) + 3))
            return
        for number, row in enumerate(data, start=1):
            name = "合计" if row.line == "total" else row.name
            self.out.row([str(number), row.code or "", name] + [cell_text(row, c, factor) for c in columns])

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
        factor = table_factor(table)
        income = {r.line: r for r in table.rows if r.side == "income"}
        spending = {r.line: r for r in table.rows if r.side == "expenditure" and r.line != "function"}
        functions = {r.code: r for r in table.rows if r.side == "expenditure" and r.line == "function"}
        for index, (name, code) in enumerate(HEBEI_FUNCTION_LINES):
            number = chinese_number(index + 1)
            left = ["", ""]
            if index < len(SUMMARY_INCOME_LINES):
                line, label = SUMMARY_INCOME_LINES[index]
                left = [f"{number}、{label}", cell_text(income.get(line), "amount", factor)]
            right = [f"{number}、{name}", cell_text(functions.get(code), "amount", factor) if code else ""]
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
                cell_text(income.get(in_line), "amount", factor),
                out_label,
                cell_text(spending.get(out_line), "amount", factor),
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
        factor = table_factor(table)
        income = {r.line: r for r in table.rows if r.side == "income"}
        spending = {r.line: r for r in table.rows if r.side == "expenditure" and r.line != "function"}
        functions = {r.code: r for r in table.rows if r.side == "expenditure" and r.line == "function"}

        def funds(row: Row | None) -> list[str]:
            return [cell_text(row, c, factor) for c in FUND_COLUMNS]

        for index, (name, code) in enumerate(HEBEI_FUNCTION_LINES):
            number = chinese_number(index + 1)
            left = ["", ""]
            if index < len(FISCAL_INCOME_LINES):
                line, label = FISCAL_INCOME_LINES[index]
                left = [f"{number}、{label}", cell_text(income.get(line), "amount", factor)]
            row = functions.get(code) if code else None
            self.out.row([str(index + 1)] + left + [f"{number}、{name}"] + funds(row))
        number = len(HEBEI_FUNCTION_LINES) + 1
        self.out.row([str(number), "本年收入合计", cell_text(income.get("current_year_total"), "amount", factor),
                      "本年支出合计"] + funds(spending.get("current_year_total")))
        self.out.row([str(number + 1), "年初财政拨款结转和结余", cell_text(income.get("carry_over"), "amount", factor),
                      "年末财政拨款结转和结余"] + funds(spending.get("year_end_carry")))
        for offset, (line, label) in enumerate(FISCAL_INCOME_LINES):
            carry = income.get(f"carry_over.{line}")
            self.out.row([str(number + 2 + offset), f"{chinese_number(offset + 1)}、{label}",
                          cell_text(carry, "amount", factor), "", "", "", "", ""])
        self.out.row([str(number + 5), "收入总计", cell_text(income.get("grand_total"), "amount", factor), "支出总计"]
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
        factor = table_factor(table)
        rows = {r.line: r for r in table.rows if r.line}
        for number, (line, label) in enumerate(THREE_PUBLIC_ROWS, start=1):
            self.out.row([str(number), label] + [cell_text(rows.get(line), c, factor) for c in FUND_COLUMNS])
        self.out.end_table()

    # --- the standard tables, in the order Hebei prints them ----------------------------------
    def render(self) -> None:
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
