"""Header trees (ingest/reading/tables/headers.py): each column's path of header labels, top row down,
a merged cell spanning its children; the vocabulary maps the path, not only the leaf."""

from __future__ import annotations

from ingest.readers.blocks import Grid, GridRow
from ingest.reading.tables.headers import merged_column_paths, path_labels
from ingest.reading.tables.read import read_table


def _rows(*rows: tuple[str, ...]) -> list[GridRow]:
    return [GridRow(cells, line=i + 1) for i, cells in enumerate(rows)]


# the 财政部 2021 template's 收入总表, merged cells printed once (DOCX, XLSX): three header levels
HEADER = _rows(
    ("科目编码", "科目名称", "合计", "本年收入", "", "", "", "", "上年结转"),
    ("", "", "", "小计", "财政拨款收入", "单位资金", "", "", ""),
    ("", "", "", "", "", "小计", "事业收入", "其他收入", ""),
)


def test_a_merged_cell_covers_its_children_within_its_parent():
    paths = merged_column_paths(HEADER, 9)
    assert paths[3] == ["本年收入", "小计"]
    assert paths[5] == ["本年收入", "单位资金", "小计"]
    assert paths[7] == ["本年收入", "单位资金", "其他收入"]
    assert paths[8] == ["上年结转"]  # 单位资金 ends where 本年收入 ends
    assert paths[2] == ["合计"]


def test_a_row_shorter_than_the_table_is_no_tree():
    assert merged_column_paths(_rows(("项目", "合计"), ("", "小计", "其他")), 3) is None


def test_a_generic_leaf_is_named_by_its_path_when_the_leaf_alone_is_taken():
    labels = path_labels("income", merged_column_paths(HEADER, 9))
    assert labels[3] == "小计" and labels[5] == "单位资金小计"
    assert labels[:3] == ["科目编码", "科目名称", "合计"] and labels[6:] == ["事业收入", "其他收入", "上年结转"]


def test_the_tree_reads_every_column():
    data = _rows(("", "合计", "130.00", "130.00", "100.00", "30.00", "20.00", "10.00", ""),
                 ("201", "一般公共服务支出", "130.00", "130.00", "100.00", "30.00", "20.00", "10.00", ""))
    grid = Grid(tuple(HEADER + [GridRow(r.cells, line=r.line + 3) for r in data]), line=1)
    read = read_table("income", "部门收入总表", grid, "x.docx", document_unit="万元")
    assert read.findings == []
    total = read.table.rows[0]
    assert total.line == "total"
    assert {k: v for k, v in total.values.items() if v} == {
        "total": "1300000.00", "current_income": "1300000.00", "fiscal_appropriation": "1000000.00",
        "unit_funds": "300000.00", "business": "200000.00", "other": "100000.00"}
