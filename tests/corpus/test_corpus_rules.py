"""The whole corpus through the production rules, in one validation (issue 4's corpus promise).

Every rule id that expected.json (an independent reading) lists for a document must be reported,
errors as errors; a document whose `expect_errors` is empty must get no error finding at all: an
error there could only come from a misread cell or a wrong rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_checks import expected_readings

from ingest.pipeline.validate_files import validate_documents_in_scratch
from ingest.reading.parse import parse_paths


def _key(doc) -> str:
    names = [f.name for f in doc.document.source_files]
    if len(names) == 1:
        return names[0]
    stems = {re.sub(r"_(narrative|tables)\.pdf$", "", n) for n in names}
    assert len(stems) == 1, names
    return stems.pop()


@pytest.fixture(scope="module")
def validated(corpus_dir: Path, warehouse_dsn: str) -> dict:
    files = sorted(p for p in corpus_dir.iterdir() if p.name not in ("README.md", "expected.json"))
    docs = validate_documents_in_scratch(parse_paths(files), uri=warehouse_dsn)
    return {_key(d): d for d in docs}


def _entries(corpus_dir: Path) -> list[str]:
    return sorted(expected_readings(corpus_dir))


@pytest.fixture(scope="module")
def expected(corpus_dir: Path) -> dict:
    return expected_readings(corpus_dir)


def test_every_expected_document_is_read(validated: dict, expected: dict) -> None:
    assert sorted(validated) == sorted(expected)


@pytest.mark.parametrize("key", _entries(Path(__file__).resolve().parents[2].parent / "shared" / "corpus")
                         if (Path(__file__).resolve().parents[2].parent / "shared" / "corpus").exists() else [])
def test_rules_reported_as_expected(key: str, validated: dict, expected: dict) -> None:
    entry, doc = expected[key], validated[key]
    assert doc.document.status == entry["status"], doc.document.reason
    errors = {f.rule for f in doc.findings if f.severity == "error"}
    reported = {f.rule for f in doc.findings}
    missing_errors = set(entry.get("expect_errors") or []) - errors
    missing_warnings = set(entry.get("expect_warnings") or []) - reported
    assert not missing_errors and not missing_warnings, (
        f"{key}: not reported: errors {sorted(missing_errors)}, warnings {sorted(missing_warnings)}"
    )
    if not entry.get("expect_errors"):
        wrong = [f"{f.rule} {f.table} {f.row} {f.column}: {f.message}" for f in doc.findings
                 if f.severity == "error"]
        assert not wrong, f"{key}: error findings on a document with none expected:\n" + "\n".join(wrong)


def test_rules_summary(validated: dict, expected: dict, capsys) -> None:
    """Prints how many documents get exactly the expected rule ids (and which extra ones appear)."""
    exact = 0
    lines = []
    for key, entry in sorted(expected.items()):
        want = set(entry.get("expect_errors") or []) | set(entry.get("expect_warnings") or [])
        got = {f.rule for f in validated[key].findings}
        exact += want == got
        if want != got:
            lines.append(f"  {key}: expected {sorted(want)}, reported {sorted(got)}")
    with capsys.disabled():
        print(f"\nrule ids exact {exact}/{len(expected)}")
        print("\n".join(lines))
    assert exact > 0
