"""The rule files as text: what Great Expectations and SQLAlchemy need from them, no database.

GX formats each query with ``str.format`` (so the only brace pair allowed is ``{batch}``) and
SQLAlchemy's ``text()`` reads ``:name`` as a bind parameter (so no ASCII colon before a word;
messages use the full-width ：). Each rule restricts itself to the validation's documents by
joining the batch, and every rule of the catalogue's required set exists.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from expectations import suites

REQUIRED = (
    {f"B{i:02d}" for i in range(1, 13)}
    | {f"X{i:02d}" for i in range(1, 7)}
    | {"F01", "F02", "F03", "N01", "N02", "N03", "N04", "N05", "P01", "P03"}
)


def test_required_rules_exist_once():
    ids = [r.expectation_id for r in suites.RULES]
    assert len(ids) == len(set(ids))
    assert REQUIRED <= {r.rule_id for r in suites.RULES if not r.derived}
    for path in suites.RULES_DIR.glob("*.sql"):
        assert path.stem == "derived" or any(r.path == path for r in suites.RULES), path


@pytest.mark.parametrize("rule", suites.RULES, ids=[r.expectation_id for r in suites.RULES])
def test_rule_sql_is_safe_for_gx_and_sqlalchemy(rule):
    sql = suites.rule_sql(rule, raw="scratch_ab12_raw", audit="scratch_ab12_audit")
    assert sql.startswith(f"-- {rule.rule_id} ({rule.severity})")
    assert re.findall(r"[{}]", sql.replace("{batch}", "")) == []
    assert re.search(r"(?<![:\w]):\w", sql) is None, "ASCII colon before a word reads as a bind parameter"
    assert "join {batch} as scope" in sql
    # every schema is a parameter: no bare audit. / raw. left (P01 and P03 read {raw} only)
    bare = sql.replace("scratch_ab12_audit.", "").replace("scratch_ab12_raw.", "")
    assert "scratch_ab12_audit." in sql or "scratch_ab12_raw." in sql
    assert "audit." not in bare and re.search(r"\braw\.", bare) is None
    body = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    keywords = re.findall(r"\b(SELECT|FROM|JOIN|WHERE|WITH|GROUP BY|UNION ALL)\b", body)
    assert keywords == [], "SQL is lower case"


def test_schema_names_are_checked():
    with pytest.raises(ValueError):
        suites.rule_sql(suites.RULES[0], raw="raw; drop schema raw")


def test_importing_the_suites_does_not_import_great_expectations():
    code = "import expectations.suites, expectations.run, sys; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_severity_is_written_once_in_the_first_line():
    """The header says the severity; the query selects it from the ``{severity}`` placeholder and
    the suite's meta reads it from the header: no second literal to drift."""
    for rule in suites.RULES:
        text = rule.path.read_text(encoding="utf-8")
        assert re.search(r"'(error|warn)' as severity", text) is None, rule.path
        assert "'{severity}' as severity" in text, rule.path
        assert f"'{rule.severity}' as severity" in suites.rule_sql(rule)


def test_identity_files_name_rules_that_read_them():
    """expectations/identities/<ID>.csv: every file is a rule that checks identity_check and whose
    header points at the file; every such rule derives its blank totals."""
    terms = suites.identity_terms()
    rules = {term[0] for term in terms}
    assert rules == {p.stem for p in suites.IDENTITIES_DIR.glob("*.csv")}
    for rule_id in rules:
        text = (suites.RULES_DIR / f"{rule_id}.sql").read_text(encoding="utf-8")
        assert f"expectations/identities/{rule_id}.csv" in text, rule_id
        assert f"ic.rule = '{rule_id}' and not ic.holds" in text, rule_id
        assert rule_id in suites.DERIVING_RULE_IDS
    assert len(terms) == len({(t[0], t[1]) for t in terms})


def test_objects_run_in_one_documented_order_and_no_function_is_long():
    """Every file of sql/ is in suites.OBJECTS_SQL, and no function (SQL or PL/pgSQL) in
    expectations/ is over 150 lines, from its `create` to its closing `$$;`."""
    files = set(suites.SQL_DIR.rglob("*.sql"))
    assert files == set(suites.OBJECTS_SQL)
    for path in files | set(suites.RULES_DIR.glob("*.sql")):
        lines = path.read_text(encoding="utf-8").splitlines()
        starts = [i for i, line in enumerate(lines) if re.match(r"create (or replace )?function", line)]
        for start in starts:
            end = next(i for i in range(start, len(lines)) if lines[i].startswith("$$"))
            assert end - start + 1 <= 150, (path.name, lines[start])


def test_the_readme_table_says_each_rule_files_severity():
    readme = (suites.RULES_DIR.parent / "README.md").read_text(encoding="utf-8")
    for rule in suites.RULES:
        if not rule.derived:
            row = re.search(rf"^\| {rule.rule_id} \| [^|]+ \| (error|warn)\b", readme, re.MULTILINE)
            assert row is not None and row[1] == rule.severity, rule.rule_id
