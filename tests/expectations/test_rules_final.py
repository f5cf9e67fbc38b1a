"""Final accounts (决算) and the narrative rules that compare years, broken on purpose in one run.

Fixtures: a real 决算 (sh_putuo_planning_final_2024.pdf as the PDF reader reads it) for F01–F03,
B11 / B12 on 决算 tables, N01 shares, N03, N04 and N05, one edit per copy; a generated department
(ingest/demo/: 财政局 2023 and 2024, consistent by construction) for N03 against last year's
loaded document; and the real 万里街道 2023 budget for its known P03 and N03 defects.

Last year's document is the newest of the same department key, phase and scope that is accepted or
validated in the same run. Here the 2023 demo document is validated first, on its own, and every
other copy is then validated in ONE run, each rule one query for all; a last test validates two
years together, as a first load of a backlog does.
A case asserts the rule fires at its place with its difference, and that every other finding of
the copy is either one the unedited document has at the same place or one of a rule the edited
figure feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from gx_cases import copy_with_id, edit_fact, find_row, load_all, scratch_pair, set_cell

from expectations.run import validate_documents
from ingest.demo.documents import generate_documents
from ingest.model import Document, Finding
from ingest.reading.parse import parse_file

PLANNING = "sh_putuo_planning_final_2024.pdf"
WANLI = "sh_putuo_wanli_street_dept_budget_2023.pdf"


@dataclass(frozen=True)
class Case:
    case_id: str
    base: str  # the fixture edited: final (the 决算) or demo (the 2024 demo budget)
    rule: str
    severity: str
    table: str
    row: str | None
    column: str
    difference: Decimal | None
    feeds: frozenset[str]
    edit: object = field(repr=False)


def _corpus_file(corpus_dir: Path, name: str) -> Path:
    path = corpus_dir / name
    if not path.exists():
        pytest.fail(f"{path} is missing: these tests read the shared corpus", pytrace=False)
    return path


def _cell(kind: str, column: str, text: str, **where):
    return lambda d: set_cell(find_row(d, kind, **where), column, text)


def _old_health_name(doc: Document) -> None:
    """卫生健康支出(类)236.63万元,占2.43%; printed with the pre-2019 name of 210."""
    for fact in doc.narrative:
        if fact.text.startswith("卫生健康支出(类)236.63万元"):
            fact.text = fact.text.replace("卫生健康支出", "医疗卫生与计划生育支出", 1)


def _cases() -> list[Case]:
    def c(case_id, rule, table, column, difference, feeds, edit, severity="error", base="final", row=None):
        diff = None if difference is None else Decimal(difference)
        return Case(case_id, base, rule, severity, table, row, column, diff, frozenset(feeds), edit)

    # fmt: off
    return [
        # 年初结转和结余 112.88 → 113.88: 总计 9859.38 ≠ 9746.50 + 0 + 113.88
        c("F01", "F01", "summary", "amount", "-10000", {"F01"},
          _cell("summary", "amount", "113.88", side="income", line="carry_over"), row="总计"),
        # fiscal summary 本年收入合计 9747.50 + 0 ≠ 本年支出合计 9746.50 + 0
        c("F02", "F02", "fiscal_summary", "amount", "10000", {"F02"},
          _cell("fiscal_summary", "amount", "9747.50", side="income", line="current_year_total"),
          row="本年收入合计"),
        # income row: 本年收入合计 54.63 ≠ 财政拨款收入 54.53 (the 款 above it stops adding up: B08)
        c("F03-income", "F03", "income", "current_income", "1000", {"F03", "B08"},
          _cell("income", "current_income", "54.63", code="2080501"), row="2080501 行政单位离退休"),
        # expenditure row: 本年支出合计 45.00 ≠ 基本 0.00 + 项目 46.00
        c("F03-expenditure", "F03", "expenditure", "total", "-10000", {"F03", "B08"},
          _cell("expenditure", "project", "46.00", code="2200199"), row="2200199 其他自然资源事务支出"),
        # two-panel basic-expenditure table: 人员经费合计 4885.09 ≠ 301 4816.14 + 303 67.96
        c("B11-final", "B11", "basic_expenditure", "personnel", "9900", {"B11", "N01"},
          _cell("basic_expenditure", "personnel", "4885.09", level=0), row="合计"),
        # 三公 预算数 column: 合计 2.85 ≠ 0 + 0 + 2.95 (the 决算数 column is checked on its own)
        c("B12-final", "B12", "three_public", "budget", "-1000", {"B12", "N05"},
          _cell("three_public", "budget", "2.95", line="reception"), row="合计"),
        # 基本支出5377.64万元，占56.10%: 5377.64 / 9759.38 = 55.10%
        c("N01-share", "N01", "narrative", "share.basic_expenditure", "1.00", {"N01"},
          lambda d: edit_fact(d, "share", subject="basic_expenditure", stated="56.10%", stated_text="56.10%"),
          "warn"),
        # 与2022年度相比 in a 2024 决算
        c("N03-year", "N03", "narrative", "compared_year", "-1", {"N03"},
          lambda d: edit_fact(d, "compared_year", stated="2022", stated_text="与2022年度"), "warn"),
        # 机关运行经费142.80万元，比2023年度减少13.52万元，下降9.65%: 13.52 / 156.32 = 8.65%
        c("N03-percent", "N03", "narrative", "operating_costs", "-1.00", {"N03"},
          lambda d: edit_fact(d, "change", subject="operating_costs", nth=1, stated="9.65%", stated_text="9.65%"),
          "warn"),
        # 截至2023年12月31日 left over in a 2024 决算
        c("N03-as-of", "N03", "narrative", "as_of_date", "-1", {"N03"},
          lambda d: edit_fact(d, "as_of_date", stated="2023", stated_text="截至2023年12月31日"), "warn"),
        # 210 with its pre-2019 name in a 2024 决算 table
        c("N04", "N04", "summary", "name", None, {"N04"},
          lambda d: setattr(find_row(d, "summary", code="210"), "name", "九、医疗卫生与计划生育支出"), "warn",
          row="210 九、医疗卫生与计划生育支出"),
        # … and in a sentence of the narrative (both facts of the sentence carry the edited text)
        c("N04-narrative", "N04", "narrative", "name", None, {"N04"}, _old_health_name, "warn",
          row="医疗卫生与计划生育支出(类)236.63万元,占2.43%;"),
        # 完成年初预算的96.45%: 9746.50 / 10210.34 = 95.46%
        c("N05-completion", "N05", "narrative", "completion.final_amount", "0.99", {"N05"},
          lambda d: edit_fact(d, "completion", stated="96.45%", stated_text="96.45%"), "warn"),
        # 决算数大于预算数 while 9746.50 < 10210.34
        c("N05-direction", "N05", "narrative", "final_vs_budget.final_amount", "-4638400", {"N05"},
          lambda d: edit_fact(d, "final_vs_budget", direction="increase", stated_text="决算数大于预算"), "warn"),
        # 较2023年预算增加81.25万元 while the loaded 2023 document gives 80.25万元
        c("N03-prior", "N03", "narrative", "expenditure_total", "10000", {"N03"},
          lambda d: edit_fact(d, "change", subject="expenditure_total", stated="812500.00", stated_text="81.25万元"),
          "warn", base="demo"),
    ]
    # fmt: on


CASES = _cases()


@pytest.fixture(scope="module")
def planning_doc(corpus_dir) -> Document:
    return parse_file(_corpus_file(corpus_dir, PLANNING))


@pytest.fixture(scope="module")
def demo_docs(tmp_path_factory) -> dict[int, Document]:
    """财政局 2023 and 2024 from the demo generator, read back through the text reader."""
    folder = tmp_path_factory.mktemp("demo")
    docs = {}
    for demo in generate_documents(departments=["finance"], years=(2023, 2024), broken=None):
        path = folder / demo.filename
        path.write_text(demo.text, encoding="utf-8")
        docs[demo.year] = parse_file(path)
    return docs


@pytest.fixture(scope="module")
def final_run(warehouse_dsn, planning_doc, demo_docs, corpus_dir):
    raw, audit = scratch_pair(warehouse_dsn, "t_final")
    prior = demo_docs[2023]
    load_all(warehouse_dsn, [prior], raw, "load-prior")
    first = validate_documents(warehouse_dsn, [prior.document.id], "load-prior", raw=raw, audit=audit)
    assert first.statuses == {prior.document.id: "accepted"}, first.findings

    bases = {"final": planning_doc, "demo": demo_docs[2024]}
    docs = {"final": copy_with_id(planning_doc, "final"), "demo": copy_with_id(demo_docs[2024], "demo")}
    for case in CASES:
        doc = copy_with_id(bases[case.base], case.case_id)
        case.edit(doc)
        docs[case.case_id] = doc
    docs["wanli"] = parse_file(_corpus_file(corpus_dir, WANLI))
    load_all(warehouse_dsn, list(docs.values()), raw, "load-final")
    result = validate_documents(warehouse_dsn, [d.document.id for d in docs.values()], "load-final", raw=raw,
                                audit=audit)
    return result, {key: doc.document.id for key, doc in docs.items()}


def _place(finding: dict) -> tuple:
    return (finding["rule"], finding["severity"], finding["table"], finding["row"], finding["column"])


def test_final_accounts_hold_and_earn_their_known_warnings(final_run):
    """The 决算 as printed: every F rule (and B08, B09, B11, B12 on its tables) holds; N05 finds the
    two completion percentages stated against a 年初预算 of 0 (三公 因公出国, 公务用车)."""
    result, ids = final_run
    findings = result.findings[ids["final"]]
    assert result.statuses[ids["final"]] == "accepted"
    assert not [f for f in findings if f["severity"] == "error"]
    assert {f["rule"] for f in findings} <= {"N01", "N02", "N05", "S06"}
    n05 = sorted((f["column"], f["left"], f["right"]) for f in findings if f["rule"] == "N05")
    assert n05 == [("completion.three_public.abroad", "0.00", None), ("completion.three_public.car", "0.00", None)]
    for doc_findings in result.findings_by_document().values():
        for finding in doc_findings:
            Finding(**finding)  # the contract's finding shape


def test_the_demo_budget_agrees_with_last_years_document(final_run):
    """2024 against the loaded, accepted 2023: every change stated holds (no N03), and nothing else."""
    result, ids = final_run
    assert result.findings[ids["demo"]] == []
    assert result.statuses[ids["demo"]] == "accepted"


@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_rule_fires_where_the_figure_was_broken(final_run, case: Case):
    result, ids = final_run
    known = {_place(f) for f in result.findings[ids[case.base]]}
    findings = [f for f in result.findings[ids[case.case_id]] if _place(f) not in known]
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
    assert fired <= case.feeds, f"rules the figure does not feed fired: {fired - case.feeds}"
    expected = "quarantined" if case.severity == "error" else "accepted"
    assert result.statuses[ids[case.case_id]] == expected


def test_messages_name_table_row_figures_and_difference(final_run):
    result, ids = final_run
    f01 = next(f for f in result.findings[ids["F01"]] if f["rule"] == "F01")
    assert f01["message"] == (
        "收入支出决算总表：总计 9859.38万元 ≠ 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 9860.38万元，"
        "相差 1.00万元（允许舍入误差 150.00元）"
    )
    prior = next(f for f in result.findings[ids["N03-prior"]] if f["rule"] == "N03")
    assert "2023年已加载文件" in prior["message"] and "81.25万元" in prior["message"]


def test_real_budget_defects_are_found(final_run):
    """万里街道 2023 (expected.json): 当年财政拨款 11,419,043.00 over 年度资金申请总额 10,903,043.00
    (P03, page 35); 比2022年预算执行数增加314.82% where 11.67 → 45.41 is 289.12% (N03); 政府性基金
    0万元 比2022年预算增加1421.25万元 (N03: last year would be negative)."""
    result, ids = final_run
    findings = result.findings[ids["wanli"]]
    assert result.statuses[ids["wanli"]] == "accepted"
    p03 = [(f["row"], f["column"], f["left"], f["right"], f["difference"], f["page"])
           for f in findings if f["rule"] == "P03"]
    assert p03 == [("公共服务设施运行经费", "current_appropriation", "11419043.00", "10903043.00", "516000.00", 35)]
    n03 = {(f["column"], f["left"], f["right"]) for f in findings if f["rule"] == "N03"}
    assert ("function_expenditure", "314.82", "289.12") in n03
    assert ("government_fund_expenditure", "0.00", "14212500.00") in n03


def test_two_years_validated_together_are_compared(warehouse_dsn, demo_docs):
    """A backlog loaded in one night: 2023 and 2024 in one validation. 2024's 较2023年 sentence is
    checked against 2023's table figure (each document is decided once: later would be never)."""
    raw, audit = scratch_pair(warehouse_dsn, "t_years")
    prior = copy_with_id(demo_docs[2023], "years-2023")
    broken = copy_with_id(demo_docs[2024], "years-2024")
    edit_fact(broken, "change", subject="expenditure_total", stated="812500.00", stated_text="81.25万元")
    load_all(warehouse_dsn, [prior, broken], raw, "load-years")
    result = validate_documents(warehouse_dsn, [prior.document.id, broken.document.id], "load-years", raw=raw,
                                audit=audit)
    assert result.findings[prior.document.id] == []
    n03 = [f for f in result.findings[broken.document.id] if f["rule"] == "N03"]
    assert [(f["column"], Decimal(f["difference"])) for f in n03] == [("expenditure_total", Decimal("10000"))], n03
    assert "2023年已加载文件" in n03[0]["message"]
    assert result.statuses == {prior.document.id: "accepted", broken.document.id: "accepted"}  # N03 warns
