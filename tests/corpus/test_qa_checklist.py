"""The finance bureau's QA checklist for 普陀区司法局 2026 against what budgetwh reports on that document.

Every defect the checklist marks (符合要求 = 否) is either covered by a rule of the catalogue — then
budgetwh must report it, at its place — or outside the catalogue (layout, punctuation, garbled
glyphs), which the test names. The checklist is read from ../shared at test time.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from ingest.pipeline.validate_files import validate_documents_in_scratch
from ingest.reading.parse import parse_file

DOCUMENT = "sh_putuo_justice_dept_budget_2026.pdf"
CHECKLIST = "sh_putuo_justice_dept_budget_2026.qa_checklist.xlsx"

# checklist defect (matched by words it contains) → (rule, words the finding's message must contain, count)
COVERED = {
    "与2025年预算比较": ("N03", "2026 年的文件应与上一年 2025 年比较", 5),
    "不可能是“增加17.62%”": ("N03", "17.62%", 1),
    "科目名称前后不一致": ("N04", "医疗卫生与计划生育支出", 1),
    "2026年预算安排201.50万元": ("N01", "201.50万元", 1),
}
OUTSIDE = {
    "多余的空表页": "a blank page after the contents (layout)",
    "文字未正常显示": "glyphs that do not render (typesetting)",
    "漏了个句号": "a missing full stop (punctuation)",
    "连续两个句号": "a doubled full stop (punctuation)",
    "多了一个右引号": "a stray closing quote (punctuation)",
}


def checklist_defects(path: Path) -> list[str]:
    """Each numbered defect of every row marked 否, as printed."""
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
    defects = []
    for row in sheet.iter_rows(values_only=True):
        cells = [str(c) for c in row if c is not None]
        if "否" in cells:
            text = cells[cells.index("否") + 1]
            defects += [d.strip() for d in re.split(r"\n(?=\d+\.)", text) if d.strip()]
    return defects


@pytest.fixture(scope="module")
def findings(corpus_dir: Path, warehouse_dsn: str):
    (doc,) = validate_documents_in_scratch([parse_file(corpus_dir / DOCUMENT)], uri=warehouse_dsn)
    return doc.findings


def test_every_checklist_defect_is_classified(corpus_dir: Path, capsys) -> None:
    defects = checklist_defects(corpus_dir / CHECKLIST)
    assert len(defects) == 9
    unclassified = [d for d in defects if not any(k in d for k in (*COVERED, *OUTSIDE))]
    assert not unclassified
    with capsys.disabled():
        outside = [f"  {OUTSIDE[k]}: {d[:40]}" for d in defects for k in OUTSIDE if k in d]
        print(f"\nQA checklist: {len(defects) - len(outside)} defects a rule covers, "
              f"{len(outside)} outside the catalogue:\n" + "\n".join(outside))


@pytest.mark.parametrize("words", list(COVERED))
def test_covered_defect_is_reported(words: str, findings, corpus_dir: Path) -> None:
    assert any(words in d for d in checklist_defects(corpus_dir / CHECKLIST)), words
    rule, message_words, count = COVERED[words]
    hits = [f for f in findings if f.rule == rule and message_words in f.message]
    assert len(hits) >= count, [f.message for f in findings if f.rule == rule]
    assert all(f.severity == "warn" for f in hits)  # N rules warn: the document is accepted


def test_no_error_on_the_document(findings) -> None:
    assert not [f for f in findings if f.severity == "error"]
