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
