"""End to end: `budgetwh run` — the budget_nightly DAG through dag.test() — on a small inbox, twice.

The inbox holds the seed, two generated departments (财政局 2024, which balances, and 公安分局 2024,
broken on purpose: B07), two documents published as two files each (卫生健康局 2024 as
``…_narrative.txt`` + ``…_tables.txt``, paired by name; 农业农村局 2024 under names that say
nothing, paired by department and year after reading) and a file that cannot be read. Everything is real: the session's embedded
PostgreSQL, the reader, the loader, the Great Expectations suites, dbt build and Airflow with a
SQLite metadata database under data/. The same inbox is then run again, which must change no row
of raw, of the decisions or of the marts, while audit.load records the second load.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from ingest.demo.documents import generate_documents
from ingest.demo.inbox import two_files, write_demo_inbox
from ingest.pipeline.airflow_runner import format_summary, run_inbox

pytestmark = pytest.mark.slow

UNREADABLE = "scanned_letter.txt"
DEMO_DEPARTMENTS = ["finance", "public_security"]
DEMO_YEARS = [2024]
TWO_FILE_COUNTY = "演示双文件区"  # the two-file documents' own region: their document keys are theirs alone
NAME_PAIR = ("health_2024_narrative.txt", "health_2024_tables.txt")
CONTENT_PAIR = ("agri_a.txt", "agri_b.txt")  # narrative, tables
SEED_EXPENDITURE_TOTAL = Decimal("10295900.00")  # 1029.59 万元, the seed's 支出总计 / 支出总表 合计
# audit tables whose row counts must not change either when the same inbox runs again (besides raw.*, marts.*)
IDEMPOTENT_AUDIT = ("audit.finding", "audit.document_status")
# the audit's record of loads as a mart: one row per load, so it records the second load too
PER_LOAD_MARTS = ("marts.mart_data_quality__load",)


@pytest.fixture(scope="module")
def inbox(warehouse_dsn: str, seed_path: Path) -> Path:
    folder = Path(os.environ["BUDGETWH_DATA_DIR"]) / "e2e-inbox"
    write_demo_inbox(folder, include_seed=False, departments=DEMO_DEPARTMENTS, years=DEMO_YEARS)
    shutil.copyfile(seed_path, folder / seed_path.name)
    (folder / UNREADABLE).write_bytes(b"\x00\x00\xff\xfe scanned image, not text")
    for names, demo in zip((NAME_PAIR, CONTENT_PAIR), two_file_demos(), strict=True):
        tables, narrative = two_files(demo, county=TWO_FILE_COUNTY)
        (folder / names[0]).write_text(narrative, encoding="utf-8")
        (folder / names[1]).write_text(tables, encoding="utf-8")
    return folder


def two_file_demos():
    return [generate_documents(departments=[slug], years=DEMO_YEARS)[0] for slug in ("health", "agriculture")]


@pytest.fixture(scope="module")
def demos():
    return {d.filename: d for d in generate_documents(departments=DEMO_DEPARTMENTS, years=DEMO_YEARS)}


def table_counts(uri: str) -> dict[str, int]:
    with psycopg.connect(uri) as conn:
        tables = [r[0] for r in conn.execute(
            """select table_schema || '.' || table_name from information_schema.tables
               where table_schema in ('raw', 'marts') and table_type = 'BASE TABLE' order by 1"""
        ).fetchall()]
        tables += list(IDEMPOTENT_AUDIT)
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def audit_loads(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        return conn.execute("select count(*) from audit.load").fetchone()[0]


def run_command(inbox: Path) -> tuple[dict, str]:
    """``budgetwh run --inbox DIR --json`` as a user types it, progress on (its default): (the JSON on
    stdout, stderr with the progress lines)."""
    command = [str(Path(sys.executable).with_name("budgetwh")), "run", "--inbox", str(inbox), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), timeout=900, check=False)
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        pytest.fail(f"budgetwh run --json printed more than JSON on stdout ({exc}):\n{result.stdout[:2000]}")
    return summary, result.stderr


@pytest.fixture(scope="module")
def runs(inbox: Path, airflow_metadata: Path, warehouse_dsn: str):
    """The first run in-process (run_inbox), the second through the command line, as JSON."""
    loads_before = audit_loads(warehouse_dsn)
    first = run_inbox(inbox)
    counts_first = table_counts(warehouse_dsn)
    second, second_stderr = run_command(inbox)
    counts_second = table_counts(warehouse_dsn)
    return SimpleNamespace(first=first, second=second, counts_first=counts_first, counts_second=counts_second,
                           loads_added=audit_loads(warehouse_dsn) - loads_before, second_stderr=second_stderr)


@pytest.fixture
def conn(warehouse_dsn: str):
    with psycopg.connect(warehouse_dsn) as connection:
        yield connection


def _document_id(conn, file_name: str) -> str:
    return conn.execute("select document_id from raw.source_file where file_name = %s", (file_name,)).fetchone()[0]


def test_both_runs_succeed_with_every_task(runs):
    for summary in (runs.first, runs.second):
        assert summary["state"] == "success", format_summary(summary)
        assert summary["failed_tasks"] == [] and summary["failed_steps"] == []
        assert {t["task_id"] for t in summary["tasks"]} == {
            "discover", "open_load", "parse", "pair_halves", "parse_pair", "load_raw", "validate", "build_marts",
            "validate_marts", "summarise", "check_steps", "report",
        }


def test_parse_tasks_are_labelled_by_file(runs, inbox: Path):
    labels = sorted(t["label"] for t in runs.first["tasks"] if t["task_id"] == "parse")
    singles = [p.name for p in inbox.iterdir() if p.name not in NAME_PAIR]
    assert labels == sorted([*singles, " + ".join(NAME_PAIR)])
    assert [t["label"] for t in runs.first["tasks"] if t["task_id"] == "parse_pair"] == [" + ".join(CONTENT_PAIR)]


@pytest.mark.parametrize("names", [NAME_PAIR, CONTENT_PAIR], ids=["by-name", "by-content"])
def test_a_two_file_document_loads_once_with_both_files_and_reaches_the_marts(runs, conn, names):
    lines = conn.execute(
        "select file_name, status, document_id from audit.load_file where load_id = %s and file_name = any(%s)",
        (runs.first["load_id"], list(names)),
    ).fetchall()
    assert sorted(line[0] for line in lines) == sorted(names) and {line[1] for line in lines} == {"loaded"}
    [document_id] = {line[2] for line in lines}
    files = [r[0] for r in conn.execute(
        "select file_name from raw.source_file where document_id = %s order by file_name", (document_id,))]
    assert files == sorted(names)
    halves_alone = conn.execute(
        """select count(*) from raw.source_file f join raw.document d using (document_id)
           where f.file_name = any(%s) and d.document_id <> %s""", (list(names), document_id)).fetchone()[0]
    assert halves_alone == 0, "a half read alone was loaded beside its pair"
    demo = dict(zip((NAME_PAIR, CONTENT_PAIR), two_file_demos(), strict=True))[names]
    total = conn.execute(
        """select amount_yuan from marts.fct_budget_line
           where document_id = %s and table_kind = 'expenditure' and line_key = 'total' and measure_code = 'total'""",
        (document_id,)).fetchone()
    assert total is not None, "the paired document is not published"
    assert total[0] == Decimal(demo.figures.expenditure_total)
    status = next(d["status"] for d in runs.first["documents"] if d["document_id"] == document_id)
    assert status == "accepted"


def test_the_unreadable_file_is_recorded_with_its_reason_and_the_rest_loads(runs, conn):
    rows = conn.execute(
        "select file_name, status, error from audit.load_file where load_id = %s order by file_name",
        (runs.first["load_id"],),
    ).fetchall()
    by_name = {name: (status, error) for name, status, error in rows}
    status, error = by_name.pop(UNREADABLE)
    assert status == "unreadable"
    assert error.startswith(f"{UNREADABLE}: cannot be read:") and "NUL" in error
    # another test of the session may have loaded the seed already: loaded or already_loaded, never lost
    assert len(by_name) == 7 and {s for s, _ in by_name.values()} <= {"loaded", "already_loaded"}
    assert runs.first["unreadable"] == 1 and runs.first["failed"] == 0


def test_seed_figures_reach_the_marts(runs, conn, seed_path: Path):
    seed_id = _document_id(conn, seed_path.name)
    total = conn.execute(
        """select amount_yuan from marts.fct_budget_line
           where document_id = %s and table_kind = 'expenditure' and line_key = 'total' and measure_code = 'total'""",
        (seed_id,),
    ).fetchone()[0]
    assert total == SEED_EXPENDITURE_TOTAL
    by_class = conn.execute(
        """select sum(amount_yuan) from marts.fct_budget_line
           where document_id = %s and table_kind = 'expenditure' and subject_level = 1 and measure_code = 'total'""",
        (seed_id,),
    ).fetchone()[0]
    assert by_class == SEED_EXPENDITURE_TOTAL


def test_generated_figures_reach_the_marts(runs, conn, demos):
    finance = demos["demo_2024_106_finance.txt"]
    doc_id = _document_id(conn, finance.filename)
    rows = dict(conn.execute(
        """select measure_code, amount_yuan from marts.fct_budget_line
           where document_id = %s and table_kind = 'expenditure' and line_key = 'total'""",
        (doc_id,),
    ).fetchall())
    assert rows["total"] == Decimal(finance.figures.expenditure_total)
    assert rows["basic"] == Decimal(finance.figures.basic_expenditure)
    assert rows["project"] == Decimal(finance.figures.project_expenditure)


def test_the_broken_document_is_quarantined_and_not_published(runs, conn, demos):
    broken = next(d for d in demos.values() if d.broken_rule)
    doc_id = _document_id(conn, broken.filename)
    status, errors = conn.execute(
        "select status, errors from audit.document_status where document_id = %s order by decided_at desc limit 1",
        (doc_id,),
    ).fetchone()
    assert status == "quarantined" and errors >= 1
    rules = {r[0] for r in conn.execute(
        "select rule from audit.finding where document_id = %s and severity = 'error'", (doc_id,)
    ).fetchall()}
    assert broken.broken_rule in rules
    assert conn.execute("select count(*) from marts.fct_budget_line where document_id = %s", (doc_id,)).fetchone()[0] == 0
    assert conn.execute("select count(*) from raw.document where document_id = %s", (doc_id,)).fetchone()[0] == 1
    summary_doc = next(d for d in runs.first["documents"] if d["document_id"] == doc_id)
    assert summary_doc["status"] == "quarantined" and any(r.startswith("B07") for r in summary_doc["reasons"])


def test_running_the_same_inbox_again_changes_no_raw_or_mart_row(runs):
    changed = {t: (runs.counts_first[t], runs.counts_second[t])
               for t in runs.counts_first if runs.counts_first[t] != runs.counts_second.get(t)}
    per_load = {t: changed.pop(t) for t in PER_LOAD_MARTS if t in changed}
    assert changed == {}
    assert all(second == first + 1 for first, second in per_load.values()), per_load
    assert any(t.startswith("marts.") for t in runs.counts_first) and any(t.startswith("raw.") for t in runs.counts_first)
    assert runs.loads_added == 2, "audit.load records both loads"
    second = runs.second
    assert (second["loaded"], second["already_loaded"], second["unreadable"]) == (0, 7, 1)  # files
    assert [d["status"] for d in second["documents"]] == [d["status"] for d in runs.first["documents"]]


def test_summary_says_what_happened_and_where_to_look(runs, warehouse_dsn: str):
    text = format_summary(runs.first)
    assert "quarantined" in text and "公安分局" in text and UNREADABLE in text
    assert runs.first["dsn"] == warehouse_dsn
    assert "marts.fct_budget_line" in runs.first["mart_tables"]
    assert runs.first["gx_data_docs"].endswith("index.html")
    assert Path(runs.first["dbt_log"]).is_file() and "dbt log:" in text
    assert (runs.first["accepted"], runs.first["quarantined"]) == (4, 1)
    assert runs.first["warned"] >= 1, "the seed's blank 三公 car line is a B12 warning"


def test_each_run_keeps_its_dbt_docs_and_grants_the_reader(runs, conn):
    """build_marts: the dbt docs site of the run in <artifacts>/dbt-docs/<load id>/, and the read-only
    role granted on the marts it just built (NOLOGIN here: no BUDGETWH_READER_PASSWORD is set)."""
    import json

    from ingest.settings import dbt_docs_dir

    for summary in (runs.first, runs.second):
        folder = dbt_docs_dir(summary["load_id"])
        for name in ("index.html", "static_index.html", "manifest.json", "catalog.json", "run_results.json"):
            assert (folder / name).is_file(), f"{folder / name} is missing"
        catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
        assert "model.budgetwh.mart_comparison__department_year" in catalog["nodes"]
        run_results = json.loads((folder / "run_results.json").read_text(encoding="utf-8"))
        assert run_results["args"]["which"] == "build"
    granted = {r[0] for r in conn.execute(
        "select table_name from information_schema.role_table_grants"
        " where grantee = 'budgetwh_reader' and table_schema = 'marts' and privilege_type = 'SELECT'"
    ).fetchall()}
    assert {"fct_budget_line", "mart_comparison__department_year", "dim_document"} <= granted
    assert conn.execute("select count(*) from information_schema.role_table_grants where grantee = 'budgetwh_reader'"
                        " and table_schema in ('raw', 'audit')").fetchone() == (0,)


def test_the_command_prints_only_its_json_on_stdout_and_reads_mapped_results_in_one_go(runs):
    """``runs.second`` parsed as JSON at all is the first half; Airflow's log lines went to stderr."""
    assert runs.second["state"] == "success" and runs.second["load_id"] != runs.first["load_id"]
    assert "XCom not found" not in runs.second_stderr, "a mapped task's results were read one by one"
    assert "run: " in runs.second_stderr, "the progress line of budgetwh run went missing"
