"""The 情况说明 of the text rendering: the narrative with its forms (绩效目标, 政府采购, 固定资产).

Why apart from the tables: the narrative is laid out from the document's facts and targets, not from
the Hebei table template; it places each ``NarrativeFact`` under the heading the reader expects it
under (``_SECTION_KINDS``), so that what the writer prints is what the reader extracts. A 决算
prints its 情况说明 under the 决算 headings, and its fixed assets as of its own year end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.demo.writers.hebei_template import FIXED_ASSET_ROWS, GLOSSARY, PROCUREMENT_COLUMNS, UNIT_FACTOR
from ingest.demo.writers.text_page import TextWriter, cell_text, table_factor
from ingest.model import NarrativeFact, PerformanceTarget, Row, Table

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


class NarrativeWriter(TextWriter):
    """Prints the 情况说明 after the tables, into the same lines."""

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
        factor = table_factor(table) if table is not None else UNIT_FACTOR
        for row in rows:
            self.out.row([row.name, "", "", "", "", ""] + [""]
                         + [cell_text(row, c, factor) for c in PROCUREMENT_COLUMNS] + [cell_text(row, "sme_share", factor)])
        self.out.end_table()

    def fixed_assets(self, table: Table) -> None:
        self.out.text(self.titles["fixed_assets"])
        code_line = f"{self.meta.department_code or ''}{self.department}"
        as_of = self.year if self.final else self.year - 1  # a 决算 closes its own year, a budget the year before
        self.out.row([code_line, f"截止时间：{as_of}-12-31"])
        self.out.row(["项   目", "数量", "价值（金额单位：万元）"])
        factor = table_factor(table)
        rows = {r.line: r for r in table.rows if r.line}
        for line, label in FIXED_ASSET_ROWS:
            row = rows.get(line)
            self.out.row([label, _quantity(row), cell_text(row, "value", factor)])
        self.out.end_table()


def _quantity(row: Row | None) -> str:
    """A fixed-asset row's printed quantity: kept in ``texts['quantity']`` by the generator, or the
    middle cell of the row's source text as the reader keeps it (``房屋 | 971.86 | 83.00``)."""
    if row is None:
        return ""
    if "quantity" in row.texts:
        return row.texts["quantity"]
    cells = [c.strip() for c in row.source.text.split("|")]
    return cells[1] if len(cells) == 3 else ""
