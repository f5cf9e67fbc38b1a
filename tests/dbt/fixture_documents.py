"""Hand-made documents for the dbt tests, written straight into raw.* and audit.* (raw_schema.sql).

They do not depend on the reader or the loader, and each exists to make one publication case
visible in the marts:

=============  ==============================================================  =================
document        case                                                            published?
=============  ==============================================================  =================
``org23_v1``    组织部门 2023 budget, first reading (accepted)                   no: superseded
``org23_v2``    组织部门 2023 budget, newer reading of the same key (accepted)  yes
``org22``       组织部门 2022 budget: the department's second year              yes
``fin23``       财政局 2023 budget, B07 error                                    no: quarantined
``hr23``        人社局 2023 budget, quarantined, then its error waived           yes
``edu23_v1``    教育局 2023 final accounts (accepted)                            yes: its successor
``edu23_v2``    newer version of the same key, quarantined                       no
``blank``       a blank template the reader rejected                            no
=============  ==============================================================  =================

Amounts are printed in 万元 (as the seed prints them) and converted with ingest.amounts, the same
code the readers use; raw keeps both, and the tests compare the marts with raw to the fen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from ingest.amounts import format_yuan, parse_amount
from ingest.model import finding_kind

REGION = ("河北省", "秦皇岛市", "山海关区")
T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)


@dataclass
class FixtureRow:
    name: str
    values: dict[str, str]  # canonical column -> published text ("" = blank)
    code: str | None = None
    level: int | None = None
    line: str | None = None
    side: str | None = None


@dataclass
class FixtureTable:
    kind: str
    title: str
    columns: list[str]
    rows: list[FixtureRow]
    unit: str = "万元"
    factor: int = 10000
    note: str | None = None


@dataclass
class FixtureDocument:
    name: str
    department: str
    year: int
    phase: str = "budget"
    scope: str = "department"
    reader_version: str = "fixture-1"
    loaded_at: datetime = T0
    status: str = "parsed"
    reason: str | None = None
    tables: list[FixtureTable] = field(default_factory=list)
    figures: dict[str, str | None] = field(default_factory=dict)
    targets: list[tuple[str, str, list[dict]]] = field(default_factory=list)

    @property
    def department_key(self) -> str:
        return "|".join([*REGION, self.department])

    @property
    def document_key(self) -> str | None:
        if self.status != "parsed":
            return None
        return f"{self.department_key}|{self.year}|{self.phase}|{self.scope}"

    @property
    def document_id(self) -> str:
        return f"fixture-{self.name}"


def _budget_tables(scale: str = "1") -> list[FixtureTable]:
    """The standard tables of a small 组织部门-like budget; ``scale`` varies the amounts a little
    so that two versions of one document differ."""
    k = Decimal(scale)

    def v(text: str) -> str:
        return "" if text == "" else str((Decimal(text) * k).quantize(Decimal("0.01")))

    gen = [
        FixtureRow("合计", {"total": v("1029.59"), "basic": v("586.94"), "project": v("442.65")}, level=0),
        FixtureRow("一般公共服务支出", {"total": v("548.16"), "basic": v("416.86"), "project": v("131.30")},
                   code="201", level=1),
        FixtureRow("组织事务", {"total": v("548.16"), "basic": v("416.86"), "project": v("131.30")},
                   code="20132", level=2),
        FixtureRow("行政运行", {"total": v("416.86"), "basic": v("416.86"), "project": ""},
                   code="2013201", level=3),
        FixtureRow("其他组织事务支出", {"total": v("131.30"), "basic": "", "project": v("131.30")},
                   code="2013299", level=3),
        FixtureRow("社会保障和就业支出", {"total": v("481.43"), "basic": v("170.08"), "project": v("311.35")},
                   code="208", level=1),
        # a 项 whose 款 is not printed: the subject dimension still lists 20805
        FixtureRow("机关事业单位基本养老保险缴费支出",
                   {"total": v("481.43"), "basic": v("170.08"), "project": v("311.35")},
                   code="2080505", level=3),
    ]
    return [
        FixtureTable(
            "summary", "部门预算收支总表", ["amount"],
            [
                FixtureRow("一、一般公共预算拨款收入", {"amount": v("1018.24")}, line="general_budget",
                           side="income"),
                FixtureRow("二、政府性基金预算拨款收入", {"amount": ""}, line="government_fund", side="income"),
                FixtureRow("本年收入合计", {"amount": v("1018.24")}, line="current_year_total", side="income"),
                FixtureRow("上年结转结余", {"amount": v("11.35")}, line="carry_over", side="income"),
                FixtureRow("收入总计", {"amount": v("1029.59")}, line="grand_total", side="income"),
                FixtureRow("一、一般公共服务支出", {"amount": v("548.16")}, code="201", line="function",
                           side="expenditure"),
                FixtureRow("八、社会保障和就业支出", {"amount": v("481.43")}, code="208", line="function",
                           side="expenditure"),
                FixtureRow("本年支出合计", {"amount": v("1029.59")}, line="current_year_total",
                           side="expenditure"),
                FixtureRow("支出总计", {"amount": v("1029.59")}, line="grand_total", side="expenditure"),
            ],
        ),
        FixtureTable(
            "income", "部门预算收入总表",
            ["total", "current_income", "fiscal_appropriation", "fiscal_special", "business", "carry_over"],
            [
                FixtureRow("合计", {"total": v("1029.59"), "current_income": v("1018.24"),
                                   "fiscal_appropriation": v("1018.24"), "fiscal_special": "",
                                   "business": "", "carry_over": v("11.35")}, level=0),
                FixtureRow("一般公共服务支出", {"total": v("548.16"), "current_income": v("548.16"),
                                            "fiscal_appropriation": v("548.16"), "fiscal_special": "",
                                            "business": "", "carry_over": ""}, code="201", level=1),
            ],
        ),
        FixtureTable(
            "expenditure", "部门预算支出总表",
            ["total", "basic", "project", "operating", "remit_superior", "subsidy_subordinate"],
            [FixtureRow(r.name, {**r.values, "operating": "", "remit_superior": "", "subsidy_subordinate": ""},
                        code=r.code, level=r.level) for r in gen],
        ),
        FixtureTable(
            "fiscal_summary", "部门预算财政拨款收支总表",
            ["amount", "total", "general_budget", "government_fund", "state_capital"],
            [
                FixtureRow("一、一般公共预算拨款", {"amount": v("1018.24")}, line="general_budget", side="income"),
                FixtureRow("一、一般公共服务支出", {"total": v("548.16"), "general_budget": v("548.16"),
                                               "government_fund": "", "state_capital": ""},
                           code="201", line="function", side="expenditure"),
            ],
        ),
        FixtureTable("general_budget", "部门预算一般公共预算财政拨款支出表", ["total", "basic", "project"], gen),
        FixtureTable(
            "basic_expenditure", "部门预算一般公共预算财政拨款基本支出表", ["total", "personnel", "public"],
            [
                FixtureRow("合计", {"total": v("586.94"), "personnel": v("535.27"), "public": v("51.67")}, level=0),
                FixtureRow("工资福利支出", {"total": v("506.67"), "personnel": v("506.67"), "public": ""},
                           code="301", level=1),
                FixtureRow("基本工资", {"total": v("152.75"), "personnel": v("152.75"), "public": ""},
                           code="30101", level=2),
                FixtureRow("津贴补贴", {"total": v("353.92"), "personnel": v("353.92"), "public": ""},
                           code="30102", level=2),
                FixtureRow("商品和服务支出", {"total": v("51.67"), "personnel": "", "public": v("51.67")},
                           code="302", level=1),
                # an item whose class is not printed: dim_economic_subject still lists 303
                FixtureRow("退休费", {"total": v("28.60"), "personnel": v("28.60"), "public": ""},
                           code="30302", level=2),
                # the government system, kept apart
                FixtureRow("机关工资福利支出", {"total": "-", "personnel": "-", "public": ""},
                           code="50101", level=2),
            ],
        ),
        FixtureTable("government_fund", "部门预算政府基金预算财政拨款支出表", ["total", "basic", "project"], [],
                     note="注：无政府基金预算财政拨款预算，空表列示。"),
        FixtureTable(
            "three_public", "部门预算财政拨款“三公”经费支出表",
            ["total", "general_budget", "government_fund", "state_capital"],
            [
                FixtureRow("合计", {"total": v("11.30"), "general_budget": v("11.30"), "government_fund": "",
                                   "state_capital": ""}, line="total"),
                FixtureRow("二、公务用车购置及运维费", {"total": "", "general_budget": "", "government_fund": "",
                                                 "state_capital": ""}, line="car"),
                FixtureRow("公务用车运行维护费", {"total": v("11.00"), "general_budget": v("11.00"),
                                             "government_fund": "", "state_capital": ""}, line="car.operation"),
                FixtureRow("三、公务接待费", {"total": v("0.30"), "general_budget": v("0.30"),
                                         "government_fund": "", "state_capital": ""}, line="reception"),
            ],
        ),
        # an extra table: loaded in raw, left out of the budget fact
        FixtureTable("operating_costs", "机关运行经费", ["amount"],
                     [FixtureRow("机关运行经费", {"amount": v("51.67")}, line="operating_costs")]),
    ]


def _targets() -> list[tuple[str, str, list[dict]]]:
    return [
        ("车辆保险费", "保障办公车辆正常运行", [
            {"level1": "产出指标", "level2": "数量指标", "level3": "投保车辆数", "value_text": "≥90投保车辆数",
             "comparator": "≥", "value": "90", "unit": "投保车辆数", "quantified": True},
            {"level1": "效益指标", "level2": "可持续影响指标", "level3": "长期使用性", "value_text": "长期",
             "comparator": None, "value": None, "unit": None, "quantified": False},
        ]),
    ]


def fixture_documents() -> list[FixtureDocument]:
    return [
        FixtureDocument("org23_v1", "组织部门", 2023, tables=_budget_tables("0.9"), loaded_at=T0,
                        figures={"income_total": "9266310.00"}),
        FixtureDocument("org23_v2", "组织部门", 2023, tables=_budget_tables(), reader_version="fixture-2",
                        loaded_at=T0 + timedelta(days=10), figures={"income_total": "10295900.00"},
                        targets=_targets()),
        FixtureDocument("org22", "组织部门", 2022, tables=_budget_tables("1.06"),
                        loaded_at=T0 - timedelta(days=300)),
        FixtureDocument("fin23", "财政局", 2023, tables=_budget_tables("2"), targets=_targets()),
        FixtureDocument("hr23", "人力资源和社会保障局", 2023, tables=_budget_tables("1.5")),
        FixtureDocument("edu23_v1", "教育局", 2023, phase="final", tables=_budget_tables("3")),
        FixtureDocument("edu23_v2", "教育局", 2023, phase="final", tables=_budget_tables("3.1"),
                        loaded_at=T0 + timedelta(days=20)),
        FixtureDocument("blank", "空白模板", 2024, status="rejected", reason="blank template: no amounts"),
    ]


# (load_id, document name, status, errors, warnings, decided after T0 by hours)
DECISIONS = [
    ("load-1", "org23_v1", "accepted", 0, 1, 1),
    ("load-1", "org22", "accepted", 0, 0, 1),
    ("load-1", "fin23", "quarantined", 1, 0, 1),
    ("load-1", "hr23", "quarantined", 1, 0, 1),
    ("load-1", "edu23_v1", "accepted", 0, 0, 1),
    ("load-2", "org23_v2", "accepted", 0, 1, 300),
    ("load-2", "hr23", "accepted", 0, 0, 300),  # its error waived: the validation step re-decided
    ("load-3", "edu23_v2", "quarantined", 2, 0, 500),
]

# (load_id, document name, rule, severity, message)
FINDINGS = [
    ("load-1", "fin23", "B07", "error", "合计 ≠ 基本支出 + 项目支出 on row 2013201"),
    ("load-1", "hr23", "X02", "error", "summary function line 208 ≠ expenditure table 类 row"),
    ("load-1", "org23_v1", "B12", "warn", "blank total derived: 公务用车购置及运维费 = 11.00"),
    ("load-2", "org23_v2", "B12", "warn", "blank total derived: 公务用车购置及运维费 = 11.00"),
    ("load-3", "edu23_v2", "F01", "error", "收入总计 ≠ 支出总计"),
    ("load-3", "edu23_v2", "S05", "error", "template placeholder XX in a name"),
]

WAIVERS = [("hr23", "X02", "checked against the paper: the summary is right, the table misprinted", "reviewer")]


def _cells(table: FixtureTable):
    for row_index, row in enumerate(table.rows):
        for column in table.columns:
            if column not in row.values:
                continue
            text = row.values[column]
            amount = parse_amount(text, table.factor)
            yield row_index, column, text, amount


def insert_fixture(conn) -> list[FixtureDocument]:
    """Write the fixture documents, decisions, findings and waivers; returns the documents."""
    documents = fixture_documents()
    by_name = {d.name: d for d in documents}
    with conn.cursor() as cur:
        for load_id in sorted({d[0] for d in DECISIONS}):
            cur.execute(
                "insert into audit.load (load_id, started_at, finished_at, inbox, note) "
                "values (%s, %s, %s, 'fixture', 'dbt test fixture')",
                (load_id, T0, T0 + timedelta(minutes=5)),
            )
        for doc in documents:
            _insert_document(cur, doc)
        for load_id, name, status, errors, warnings, hours in DECISIONS:
            cur.execute(
                "insert into audit.document_status (load_id, document_id, status, errors, warnings, decided_at)"
                " values (%s, %s, %s, %s, %s, %s)",
                (load_id, by_name[name].document_id, status, errors, warnings, T0 + timedelta(hours=hours)),
            )
        for load_id, name, rule, severity, message in FINDINGS:
            cur.execute(
                "insert into audit.finding (load_id, document_id, rule, severity, kind, table_kind, message, "
                "left_value, right_value, difference) values (%s, %s, %s, %s, %s, 'expenditure', %s, 10, 9, 1)",
                (load_id, by_name[name].document_id, rule, severity, finding_kind(rule), message),
            )
        for name, rule, reason, who in WAIVERS:
            cur.execute(
                "insert into audit.waiver (document_id, rule, reason, waived_by) values (%s, %s, %s, %s)",
                (by_name[name].document_id, rule, reason, who),
            )
    conn.commit()
    return documents


def _insert_document(cur, doc: FixtureDocument) -> None:
    figures = {key: doc.figures.get(key) for key in (
        "income_total", "expenditure_total", "current_year_income", "fiscal_appropriation_income",
        "basic_expenditure", "project_expenditure", "personnel_expenditure", "public_expenditure",
        "three_public_total", "operating_costs")}
    cur.execute(
        "insert into raw.document (document_id, document_key, department_key, department, department_code,"
        " region_province, region_city, region_county, year, phase, scope, status, reason, reader_version,"
        " content_hash, figures, contract, load_id, loaded_at)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (doc.document_id, doc.document_key, doc.department_key if doc.status == "parsed" else None,
         doc.department, "203" if doc.department == "组织部门" else None, *REGION, doc.year, doc.phase,
         doc.scope, doc.status, doc.reason, doc.reader_version, f"hash-{doc.name}", json.dumps(figures),
         json.dumps({"document": {"id": doc.document_id}}), "load-1", doc.loaded_at),
    )
    cur.execute(
        "insert into raw.source_file (document_id, file_name, sha256, pages, format) values (%s, %s, %s, %s, %s)",
        (doc.document_id, f"{doc.name}.txt", f"sha-{doc.name}", None, "text"),
    )
    line = 1
    for table_index, table in enumerate(doc.tables):
        cur.execute(
            "insert into raw.disclosure_table (document_id, table_index, kind, title, unit, unit_factor,"
            " file_name, page, columns, note) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (doc.document_id, table_index, table.kind, table.title, table.unit, table.factor,
             f"{doc.name}.txt", table_index + 1, table.columns, table.note),
        )
        for row_index, row in enumerate(table.rows):
            text = "\t".join([row.code or "", row.name, *(row.values.get(c, "") for c in table.columns)])
            cur.execute(
                "insert into raw.table_row (document_id, table_index, row_index, code, name, level, line, side,"
                " page, source_line, source_text) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (doc.document_id, table_index, row_index, row.code, row.name, row.level, row.line, row.side,
                 table_index + 1, line, text),
            )
            line += 1
        for row_index, column, text, amount in _cells(table):
            cur.execute(
                "insert into raw.table_cell (document_id, table_index, row_index, column_name, amount,"
                " half_unit, is_blank, published_text, unit) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (doc.document_id, table_index, row_index, column,
                 None if amount is None else format_yuan(amount.value),
                 0 if amount is None else amount.half_unit, amount is None, text, table.unit),
            )
    if doc.status == "parsed":
        cur.execute(
            "insert into raw.narrative_fact (document_id, fact_index, kind, sentence, stated, stated_amount,"
            " stated_text, unit, file_name, page) values (%s, 0, 'income_total', %s, %s, %s, %s, '万元', %s, 20)",
            (doc.document_id, "2023年预算收入为1029.59万元", "10295900.00", "10295900.00", "1029.59万元",
             f"{doc.name}.txt"),
        )
    for project_index, (project, goal, indicators) in enumerate(doc.targets):
        cur.execute(
            "insert into raw.performance_target (document_id, project_index, project, goal, file_name, page)"
            " values (%s, %s, %s, %s, %s, 30)",
            (doc.document_id, project_index, project, goal, f"{doc.name}.txt"),
        )
        for indicator_index, ind in enumerate(indicators):
            cur.execute(
                "insert into raw.performance_indicator (document_id, project_index, indicator_index, level1,"
                " level2, level3, description, value_text, comparator, value, unit, quantified, basis)"
                " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (doc.document_id, project_index, indicator_index, ind["level1"], ind["level2"], ind["level3"],
                 ind["level3"], ind["value_text"], ind["comparator"], ind["value"], ind["unit"],
                 ind["quantified"], ind["level3"]),
            )
