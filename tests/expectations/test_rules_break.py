"""Each rule broken on purpose: ONE cell of the seed changed, every copy validated in one run.

For every case the test asserts that the rule fires at the right place (table, row, column) with
the right difference, and that no rule the edited cell does not feed fires. The seed itself, in
the same run, gives no error and exactly one warning: B12 deriving the blank 公务用车购置及运维费
line (11.00万元 = 110000 元) from 公务用车运行维护费. Its narrative compares with 2022
(较2022年预算减少61.29万元 …) and no 2022 document is loaded: N03 checks the sentences only, and they
hold. The whole run is one validation over ~35 documents, and every rule is executed as one query
for all of them (set-based). Rules of final accounts and of last year's document:
test_rules_final.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from gx_cases import (
    add_summary_line,
    copy_with_id,
    edit_fact,
    find_row,
    load_all,
    scratch_pair,
    set_cell,
    set_fact,
    statements,
)

from expectations import suites
from expectations.run import validate_documents
from ingest.model import Document, Finding
from ingest.reading.narrative import facts_from_paragraph
from ingest.reading.parse import parse_file

SEED_WARNING = ("B12", "warn", "three_public", "二、公务用车购置及运维费", "total")
P02_PROJECT = "提前下达2022年度下派选调生到村工作中央财政补助资金"


@dataclass(frozen=True)
class Case:
    case_id: str
    rule: str
    severity: str
    table: str
    row: str
    column: str
    difference: Decimal | None  # None: the finding names no amounts (N04, P01)
    # every rule the edited cell takes part in, directly or through a blank total derived from it
    # (a 项 value under a blank 款 makes the 款, then its 类, derived: B08 warns, B09 compares)
    feeds: frozenset[str]
    edit: object = field(repr=False)


def _summary(doc, side, line, text, code=None):
    set_cell(find_row(doc, "summary", side=side, line=line, code=code), "amount", text)


def _use_panel(doc, basic: str, project: str) -> None:
    """Jiangsu's second expenditure panel (by use) on the seed's summary: 基本 + 项目 = 本年支出合计."""
    add_summary_line(doc, "一、基本支出", "use.basic", basic)
    add_summary_line(doc, "二、项目支出", "use.project", project)
    add_summary_line(doc, "三、单位预留机动经费", "use.reserve", "")


def _indicator(doc, project: int, index: int):
    return doc.performance_targets[project].indicators[index]


def _funding(doc, **lines: str) -> None:
    doc.performance_targets[0].funding = dict(lines)


def _misprint_item(doc, kind: str, code: str, printed: str) -> None:
    """The 项 row ``code`` printed with a wrong 类 column (welfarehome's "7 11 02" under 21011): the
    reader keeps the code it sees (5 digits, level 3), so its 款 has no 项 child left."""
    row = find_row(doc, kind, code=code)
    assert row.level == 3
    row.code = printed


def _drop_rows(doc, kind: str, keep) -> None:
    table = doc.table(kind)
    table.rows = [r for r in table.rows if keep(r)]


def _add_sentence(doc, sentence: str) -> None:
    """A narrative sentence as the reader records it (its facts, e.g. includes_public_institution)."""
    facts = facts_from_paragraph(sentence, doc.narrative[0].file, page=doc.narrative[0].page)
    assert any(f.kind == "includes_public_institution" for f in facts), facts
    doc.narrative.extend(facts)


def _cases() -> list[Case]:
    def c(case_id, rule, table, row, column, difference, feeds, edit, severity="error"):
        diff = None if difference is None else Decimal(difference)
        return Case(case_id, rule, severity, table, row, column, diff, frozenset(feeds), edit)

    # fmt: off
    return [
        c("B01", "B01", "summary", "收入总计", "amount", "-10000", {"B01", "B03", "N01"},
          lambda d: _summary(d, "expenditure", "grand_total", "1030.59")),
        c("B02", "B02", "summary", "收入总计", "amount", "-10000", {"B02", "N01"},
          lambda d: _summary(d, "income", "carry_over", "12.35")),
        c("B03", "B03", "summary", "支出总计", "amount", "-10000", {"B03"},
          lambda d: _summary(d, "expenditure", "year_end_carry", "1.00")),
        c("B04", "B04", "summary", "本年收入合计", "amount", "-50000", {"B04", "N01"},
          lambda d: _summary(d, "income", "business", "5.00")),
        c("B05", "B05", "summary", "本年支出合计", "amount", "-30000", {"B05", "X02"},
          lambda d: _summary(d, "expenditure", "function", "3.00", code="202")),
        c("B06", "B06", "income", "2013201 行政运行", "total", "-10000", {"B06", "B08", "B09"},
          lambda d: set_cell(find_row(d, "income", code="2013201"), "carry_over", "1.00")),
        c("B07", "B07", "expenditure", "2080899 其他优抚支出", "total", "-5000", {"B07", "B08", "B09"},
          lambda d: set_cell(find_row(d, "expenditure", code="2080899"), "project", "0.50")),
        c("B08", "B08", "expenditure", "21011 行政事业单位医疗", "basic", "1000", {"B07", "B08"},
          lambda d: set_cell(find_row(d, "expenditure", code="2101101"), "basic", "20.81")),
        c("B09", "B09", "general_budget", "合计", "basic", "-1000", {"B07", "B08", "B09"},
          lambda d: set_cell(find_row(d, "general_budget", code="221"), "basic", "40.63")),
        c("B10", "B10", "fiscal_summary", "年初财政拨款结转和结余", "amount", "10000", {"B10"},
          lambda d: set_cell(find_row(d, "fiscal_summary", line="carry_over.general_budget"), "amount", "10.35")),
        c("B11", "B11", "basic_expenditure", "30201 办公费", "total", "-1000", {"B11"},
          lambda d: set_cell(find_row(d, "basic_expenditure", code="30201"), "public", "10.98")),
        c("B12", "B12", "three_public", "三、公务接待费", "total", "-1000", {"B12", "X07"},
          lambda d: set_cell(find_row(d, "three_public", line="reception"), "general_budget", "0.40")),
        c("X01", "X01", "summary", "收入总计", "amount", "-1000", {"X01", "B06", "B09"},
          lambda d: set_cell(find_row(d, "income", level=0), "total", "1029.69")),
        c("X02", "X02", "summary", "213 十三、农林水支出", "amount", "-1000", {"X02", "B07", "B08", "B09"},
          lambda d: set_cell(find_row(d, "expenditure", code="213"), "total", "11.45")),
        c("X03", "X03", "expenditure", "合计", "total", "-1000", {"X03", "B07", "B09"},
          lambda d: set_cell(find_row(d, "expenditure", level=0), "total", "1029.49")),
        c("X04", "X04", "general_budget", "208 社会保障和就业支出", "total", "1000", {"X04", "B07", "B08", "B09"},
          lambda d: set_cell(find_row(d, "general_budget", code="208"), "total", "80.57")),
        c("X05", "X05", "general_budget", "合计", "basic", "-1000", {"X05", "B11"},
          lambda d: set_cell(find_row(d, "basic_expenditure", level=0), "total", "587.04")),
        c("X06", "X06", "fiscal_summary", "一、一般公共预算拨款", "amount", "1000", {"X06", "B10"},
          lambda d: set_cell(find_row(d, "fiscal_summary", side="income", line="general_budget"), "amount",
                             "1018.34")),
        c("X07", "X07", "three_public", "三、公务接待费", "general_budget", "-2000", {"X07", "B11"},
          lambda d: set_cell(find_row(d, "basic_expenditure", code="30217"), "total", "0.50"), "warn"),
        c("X08", "X08", "fixed_assets", "资产总额", "value", "-1000", {"X08", "N01"},
          lambda d: set_cell(find_row(d, "fixed_assets", line="vehicles"), "value", "60.61")),
        c("N01", "N01", "narrative", None, "personnel_expenditure", "1000", {"N01"},
          lambda d: set_fact(d, "personnel_expenditure", "535.37万元", "5353700.00"), "warn"),
        c("N02", "N02", "narrative", None, "operating_costs", "10000", {"N02"},
          lambda d: set_fact(d, "operating_costs", "52.67万元", "526700.00"), "warn"),
        # a 款 whose only 项 is misprinted "7 02 01" (read as 70201, level 3): 22102 against 0
        c("B08-no-item", "B08", "income", "22102 住房改革支出", "total", "405300", {"B08"},
          lambda d: _misprint_item(d, "income", "2210201", "70201")),
        # a 类 printed without any 款 (or 项) under it, in a table that prints 款 rows: 221 against 0
        c("B08-no-kuan", "B08", "income", "221 住房保障支出", "total", "405300", {"B08"},
          lambda d: _drop_rows(d, "income", lambda r: not (r.code or "").startswith("221") or r.code == "221")),
        # 机关运行经费 below 公用经费 in a department that names no 事业单位: must be equal
        c("N02-lower", "N02", "narrative", None, "operating_costs", "-100000", {"N02"},
          lambda d: set_fact(d, "operating_costs", "41.67万元", "416700.00"), "warn"),
        # B05's second panel (Jiangsu 支出用途): 586.94 + 443.65 ≠ 本年支出合计 1029.59
        c("B05-use", "B05", "summary", "本年支出合计", "amount", "-10000", {"B05"},
          lambda d: _use_panel(d, "586.94", "443.65")),
        # 较2022年预算 misread as 较2023年预算: a 2023 budget compares with 2022
        c("N03-year", "N03", "narrative", None, "compared_year", "1", {"N03"},
          lambda d: edit_fact(d, "compared_year", stated="2023", stated_text="较2023年预算"), "warn"),
        # 公务接待费0.30万元(比上年增加0.40万元): last year would have been -0.10万元
        c("N03-negative", "N03", "narrative", None, "three_public.reception", "-1000", {"N03"},
          lambda d: edit_fact(d, "change", subject="three_public.reception", direction="increase",
                              stated="4000.00", stated_text="0.40万元"), "warn"),
        # 210 printed with its pre-2019 name in a 2023 budget
        c("N04", "N04", "summary", "210 十、医疗卫生与计划生育支出", "name", None, {"N04"},
          lambda d: setattr(find_row(d, "summary", code="210"), "name", "十、医疗卫生与计划生育支出"), "warn"),
        c("P01-level2", "P01", "performance_target", "车辆保险费 / 产出指标 / 满意度指标", "level2", None, {"P01"},
          lambda d: setattr(_indicator(d, 0, 1), "level2", "满意度指标"), "warn"),
        c("P01-level1", "P01", "performance_target", "车辆保险费 / 影响指标", "level1", None, {"P01"},
          lambda d: setattr(_indicator(d, 0, 4), "level1", "影响指标"), "warn"),
        # a funding block whose 年度资金申请总额 is not the sum of its lines
        c("P03-sum", "P03", "performance_target", "车辆保险费", "total", "10000", {"P03"},
          lambda d: _funding(d, total="100000.00", current_appropriation="80000.00", carry_over="10000.00",
                             other="0.00"), "warn"),
        # … and one whose 当年财政拨款 exceeds it (the 万里街道 2023 defect)
        c("P03-over", "P03", "performance_target", "车辆保险费", "current_appropriation", "10000", {"P03"},
          lambda d: _funding(d, total="100000.00", current_appropriation="110000.00", carry_over="0.00",
                             other="0.00"), "warn"),
    ]
    # fmt: on


CASES = _cases()

# copies whose edit keeps every rule holding: they give the seed's one warning and nothing else
HOLDING = {
    "B05-use-ok": lambda d: _use_panel(d, "586.94", "442.65"),
    # a table that stops at 款 level (no 项 rows printed): 款 rows are not compared with 0
    "B08-stops-at-kuan": lambda d: _drop_rows(d, "income", lambda r: r.level != 3),
    # the department includes 事业单位 (phrasings of 万里街道, 规划局): 机关运行经费 only ≤ 公用经费
    "N02-includes-canggong": lambda d: (set_fact(d, "operating_costs", "41.67万元", "416700.00"),
                                        _add_sentence(d, "本部门下属1家机关和1家参公事业单位。")),
    "N02-includes-count": lambda d: (set_fact(d, "operating_costs", "41.67万元", "416700.00"),
                                     _add_sentence(d, "本部门中，行政单位1家，事业单位4家，具体包括：")),
    "N02-includes-subordinate": lambda d: (set_fact(d, "operating_costs", "41.67万元", "416700.00"),
                                           _add_sentence(d, "部门决算包括：本级决算、下属行政事业单位决算。")),
    # a 事业单位's own document (社会福利院) with no 机关运行经费
    "N02-unit-institution": lambda d: (set_fact(d, "operating_costs", "0万元", "0.00"),
                                       _add_sentence(d, "本单位是收养社会孤老、寄养有家老人的事业单位。")),
    "P03-ok": lambda d: _funding(d, project_total="300000.00", fiscal="300000.00", project_other="0.00",
                                 total="100000.00", current_appropriation="90000.00", carry_over="10000.00",
                                 other="0.00"),
}


@pytest.fixture(scope="module")
def seed_doc(seed_path) -> Document:
    return parse_file(seed_path)


@pytest.fixture(scope="module")
def broken_run(warehouse_dsn, seed_doc, seed_path, tmp_path_factory):
    raw, audit = scratch_pair(warehouse_dsn, "t_break")
    docs = {"seed": copy_with_id(seed_doc, "seed")}
    for case in CASES:
        doc = copy_with_id(seed_doc, case.case_id)
        case.edit(doc)
        docs[case.case_id] = doc
    for key, edit in HOLDING.items():
        doc = copy_with_id(seed_doc, key)
        edit(doc)
        docs[key] = doc
    # P02 is the reader's: an indicator value whose number cannot be read (1O0, a letter O)
    unreadable = tmp_path_factory.mktemp("p02") / seed_path.name
    text = seed_path.read_text(encoding="utf-8")
    unreadable.write_text(text.replace("\t100保障补贴对象人数", "\t1O0保障补贴对象人数", 1), encoding="utf-8")
    docs["P02"] = parse_file(unreadable)
    load_all(warehouse_dsn, list(docs.values()), raw, "load-break")
    with statements() as executed:
        result = validate_documents(
            warehouse_dsn, [d.document.id for d in docs.values()], "load-break", raw=raw, audit=audit
        )
    return result, {key: doc.document.id for key, doc in docs.items()}, executed


def _place(finding: dict) -> tuple:
    return (finding["rule"], finding["severity"], finding["table"], finding["row"], finding["column"])


def test_seed_gives_only_the_car_line_warning(broken_run):
    result, ids, _ = broken_run
    findings = result.findings[ids["seed"]]
    assert [_place(f) for f in findings] == [SEED_WARNING]
    warning = findings[0]
    assert warning["right"] == "110000.00"
    assert "11.00万元" in warning["message"]
    assert result.statuses[ids["seed"]] == "accepted"
    for doc_findings in result.findings_by_document().values():
        for finding in doc_findings:
            Finding(**finding)  # the contract's finding shape


@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_rule_fires_where_the_cell_was_broken(broken_run, case: Case):
    result, ids, _ = broken_run
    findings = [f for f in result.findings[ids[case.case_id]] if _place(f) != SEED_WARNING]
    hits = [
        f
        for f in findings
        if f["rule"] == case.rule
        and f["severity"] == case.severity
        and f["table"] == case.table
        and f["column"] == case.column
        and (case.row is None or f["row"] == case.row)
    ]
    assert hits, f"{case.rule} did not fire at {case.table}/{case.row}/{case.column}: {findings}"
    if case.difference is None:
        assert hits[0]["difference"] is None, hits[0]
    else:
        assert Decimal(hits[0]["difference"]) == case.difference, hits[0]
    assert hits[0]["message"]
    fired = {f["rule"] for f in findings}
    assert fired <= case.feeds, f"rules the cell does not feed fired: {fired - case.feeds}"
    expected_status = "quarantined" if any(f["severity"] == "error" for f in findings) else "accepted"
    assert case.severity == "warn" or expected_status == "quarantined"
    assert result.statuses[ids[case.case_id]] == expected_status


@pytest.mark.parametrize("key", sorted(HOLDING))
def test_edits_that_keep_the_rules_holding(broken_run, key):
    result, ids, _ = broken_run
    assert [_place(f) for f in result.findings[ids[key]]] == [SEED_WARNING]


def test_unreadable_indicator_value_is_loaded_as_p02(broken_run):
    result, ids, _ = broken_run
    p02 = [f for f in result.findings[ids["P02"]] if f["rule"] == "P02"]
    assert [(f["severity"], f["table"], f["row"], f["column"], f["left"]) for f in p02] == [
        ("warn", "performance_target", f"{P02_PROJECT} / 保障补贴对象人数占应保人数之比", "value_text",
         "1O0保障补贴对象人数占应保人数之比")
    ]
    assert P02_PROJECT in p02[0]["message"] and "无法识别" in p02[0]["message"]
    assert {f["rule"] for f in result.findings[ids["P02"]]} == {"B12", "P02"}
    assert result.statuses[ids["P02"]] == "accepted"


def test_every_rule_is_one_query_for_all_documents(broken_run):
    """Set-based: ~25 documents in scope, and each expectation's SQL is sent exactly twice (the
    rows and GX's row count), never once per document."""
    result, ids, executed = broken_run
    assert len(ids) >= 3
    for rule in suites.RULES:
        marker = suites.rule_sql(rule).splitlines()[0]
        sent = [s for s in executed if marker in s]
        assert len(sent) == 2, (rule.expectation_id, len(sent))


def test_message_reads_like_the_catalogue(broken_run):
    result, ids, _ = broken_run
    b01 = next(f for f in result.findings[ids["B01"]] if f["rule"] == "B01")
    assert b01["message"] == "部门预算收支总表：收入总计 1029.59万元 ≠ 支出总计 1030.59万元，相差 1.00万元"


def test_parent_without_children_is_compared_with_zero(broken_run):
    """welfarehome's 21011 over a 项 misprinted "7 11 02": the 款 is reported against 0 in every
    column it prints an amount in, and the misprinted row itself (no parent 711) in none."""
    result, ids, _ = broken_run
    findings = [f for f in result.findings[ids["B08-no-item"]] if _place(f) != SEED_WARNING]
    assert {(f["rule"], f["severity"], f["table"], f["row"]) for f in findings} == {
        ("B08", "error", "income", "22102 住房改革支出")
    }
    assert {f["column"]: f["right"] for f in findings} == {
        "total": "0.00", "current_income": "0.00", "fiscal_appropriation": "0.00"
    }
    assert all(f["left"] == "405300.00" and "未列示项级科目" in f["message"] for f in findings), findings
    kuan = [f for f in result.findings[ids["B08-no-kuan"]] if f["rule"] == "B08"]
    assert {f["row"] for f in kuan} == {"221 住房保障支出"}
    assert all("未列示款级科目" in f["message"] for f in kuan), kuan
