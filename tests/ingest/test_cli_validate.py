"""`budgetwh validate` as a finance clerk reads it: every finding a sentence with the rule id, in Chinese
labels — which table, which row and column, which figures, by how much — and where in which file.

Runs the real command (reader, loader, the Great Expectations suites on a scratch schema pair of the
session's PostgreSQL) on the seed, which balances but for a blank 三公 total (B12 warns), and on the
demo generator's broken document (B07: a 合计 that leaves out its 项目支出).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.demo.catalogue import BROKEN
from ingest.demo.documents import generate_documents


@pytest.fixture(scope="module")
def broken_file(tmp_path_factory) -> tuple[Path, object]:
    department, year = BROKEN
    demo = next(d for d in generate_documents(departments=[department], years=[year]) if d.broken_rule)
    path = tmp_path_factory.mktemp("validate") / demo.filename
    path.write_text(demo.text, encoding="utf-8")
    return path, demo


@pytest.fixture(scope="module")
def output(warehouse_dsn: str, seed_path: Path, broken_file) -> dict[str, object]:
    seed = CliRunner().invoke(main, ["validate", str(seed_path)])
    broken = CliRunner().invoke(main, ["validate", str(broken_file[0])])
    return {"seed": seed, "broken": broken}


def _findings(text: str) -> list[tuple[str, str]]:
    """(finding line, the 位置 line under it) for every finding printed."""
    lines = text.splitlines()
    return [(line, lines[i + 1] if i + 1 < len(lines) else "") for i, line in enumerate(lines)
            if re.match(r"  \[[A-Z]\d\d ", line)]


def test_the_seed_passes_with_its_warning_in_words(output, seed_path: Path):
    result = output["seed"]
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.splitlines()[0].startswith(f"{seed_path.name}：组织部门 2023年部门预算")
    assert "通过，有 1 个警告" in text
    assert "收入总计：1,029.59万元（10,295,900.00元）" in text
    [(line, place)] = _findings(text)
    assert line.startswith("  [B12 警告] 部门预算财政拨款“三公”经费支出表：二、公务用车购置及运维费")
    assert "11.00万元" in line
    assert place.strip() == (f"位置：表《部门预算财政拨款“三公”经费支出表》，行“二、公务用车购置及运维费”，列“合计”，"
                             f"文件 {seed_path.name}")


def test_a_broken_document_says_which_table_row_figures_and_by_how_much(output, broken_file):
    path, demo = broken_file
    result = output["broken"]
    assert result.exit_code == 1, "an error finding fails the command"
    text = result.stdout
    assert "未通过" in text.splitlines()[0] and "隔离" in text.splitlines()[0]
    findings = _findings(text)
    b07 = [(line, place) for line, place in findings if line.startswith("  [B07 错误] ")]
    assert b07, text
    line, place = b07[0]
    # the table, the row (its code), the printed total and the sum of its parts, the difference
    assert re.search(rf"部门预算支出总表：{demo.broken_row} \S+ 合计 [\d.]+万元 ≠ .*基本支出 \+ 项目支出.* [\d.]+万元，"
                     r"相差 [\d.]+万元", line), line
    assert f"行“{demo.broken_row}" in place and "列“合计”" in place and f"文件 {path.name}" in place
    for finding_line, _ in findings:  # Chinese labels only: no English severity left
        assert not re.search(r"\b(error|warn)\b", finding_line), finding_line
        assert re.match(r"  \[[A-Z]\d\d (错误|警告)\] ", finding_line)


def test_json_stays_the_contract_object(warehouse_dsn: str, broken_file):
    import json

    result = CliRunner().invoke(main, ["validate", "--json", str(broken_file[0])])
    document = json.loads(result.stdout.splitlines()[0])
    assert {f["rule"] for f in document["findings"] if f["severity"] == "error"} >= {"B07"}


def test_a_document_the_reader_could_not_read_is_not_blamed(warehouse_dsn: str, seed_path: Path, broken_file,
                                                             tmp_path: Path):
    """Issue 11: one cell of the seed misprinted for the reader (416.86 → 416.8O) gives an R01 reading
    finding: the verdict says it could not be read, not that the document does not add up, and the
    findings are grouped by who is at fault; --json labels each finding with its kind."""
    import json

    lines = seed_path.read_text(encoding="utf-8").split("\n")
    cell = next(i for i, line in enumerate(lines) if line == "\t416.86" and "\t201" in lines[i - 4:i])
    lines[cell] = "\t416.8O"
    unreadable = tmp_path / seed_path.name
    unreadable.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(unreadable)])
    assert result.exit_code == 1, result.output
    text = result.stdout
    first = text.splitlines()[0]
    assert "未能读取（could not be read）" in first and "不是文件本身的错误" in first and "隔离" not in first
    reading = text.index("读取问题（could not be read")
    assert text.index("[R01 错误]") > reading
    if "文件问题（does not add up" in text:  # the seed's B12 warning, and whatever the misread cell broke
        assert text.index("[R01 错误]") < text.index("文件问题（does not add up")
    broken = CliRunner().invoke(main, ["validate", str(broken_file[0])]).stdout
    assert "未通过（does not add up）" in broken.splitlines()[0]
    assert not re.search(r"\[R\d\d 错误\]", broken)  # no reading error: the document is to blame
    as_json = json.loads(CliRunner().invoke(main, ["validate", "--json", str(unreadable)]).stdout)
    kinds = {f["rule"]: f["kind"] for f in as_json["findings"]}
    assert kinds["R01"] == "reading" and kinds.get("B12") == "document"
