"""The spreadsheet readers (.xlsx, .xls): one sheet per table, title rows as text, merged cells
unshifted, numbers exactly as displayed, R01 naming sheet / row / cell, broken files refused."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from openpyxl.styles import Font

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Grid, TextLine
from ingest.readers.spreadsheet import Sheet, blocks_from_sheet, column_letter, format_number, parse_range
from ingest.readers.xls import read_workbook, read_xls
from ingest.readers.xlsx import read_xlsx
from ingest.reading.parse import parse_file


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1018.24, "0.00", "1018.24"),
        (1018.2399999999999, "0.00", "1018.24"),  # the float Excel stored, displayed as printed
        (0.1 + 0.2, "General", "0.3"),
        (205.0, "General", "205"),
        (1234567.5, "#,##0.00", "1,234,567.50"),
        (11.3, "0.0", "11.3"),
        (0.125, "0.0%", "12.5%"),
        (-5, "#,##0.00;(#,##0.00)", "(5.00)"),
        (0.0, "0.00", "0.00"),
        (Decimal("12.345"), "0.00", "12.35"),  # half up, as Excel rounds
        (3, '"¥"#,##0.00', "3.00"),
    ],
)
def test_numbers_print_as_their_format_displays_them(value, fmt, text):
    assert format_number(value, fmt) == text


def test_ranges_and_letters():
    assert parse_range("B2:D3") == (2, 2, 3, 4)
    assert parse_range("$A$1") == (1, 1, 1, 1)
    assert column_letter(1) == "A" and column_letter(28) == "AB"


def test_sheet_layout_rules():
    sheet = Sheet("部门支出总表")
    cells = {
        (1, 1): "2026年部门支出预算总表",  # a title before the grid
        (3, 1): "编制部门：某局", (3, 5): "单位：元",
        (4, 1): "项目", (4, 3): "合计",
        (5, 1): "合计", (5, 3): "1,000.00",
        (6, 1): "其中：办公用房",  # one non-empty cell inside the grid: a grid row
        (7, 1): "201", (7, 2): "一般公共服务支出", (7, 3): "1,000.00",
        (9, 1): "注：本表为示例。",  # after the grid: a note
    }
    sheet.cells.update(cells)
    blocks = blocks_from_sheet(sheet)
    assert [type(b).__name__ for b in blocks] == ["TextLine", "Grid", "TextLine"]
    grid = blocks[1]
    assert [r.cells[:3] for r in grid.rows][3] == ("其中：办公用房", "", "")
    assert {len(r.cells) for r in grid.rows} == {5}  # every row as wide as the grid
    assert grid.rows[4].where(2) == "sheet 部门支出总表, row 7, cell C7"


def test_a_caption_merged_across_the_grid_splits_it_and_a_grid_without_title_takes_the_sheet_name():
    sheet = Sheet("三公经费表")
    sheet.cells.update({(1, 1): "a", (1, 2): "b", (2, 1): "第二部分", (3, 1): "c", (3, 2): "d"})
    sheet.merges.append((2, 1, 2, 2))
    blocks = blocks_from_sheet(sheet)
    assert [b.text if isinstance(b, TextLine) else "grid" for b in blocks] == [
        "三公经费表", "grid", "第二部分", "grid",
    ]


def _workbook(path, *, amount="442.65"):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "部门预算支出总表"
    ws["A1"] = "部门预算支出总表"
    ws["A1"].font = Font(bold=True)
    ws.merge_cells("A1:E1")
    ws.append(["203组织部门", "预算年度：2023", "单位：万元"])
    ws.append(["序号", "功能分类科目", None, "合计", "项目支出"])
    ws.merge_cells("B3:C3")
    ws.merge_cells("A3:A4")
    ws.merge_cells("D3:D4")
    ws.merge_cells("E3:E4")
    ws.append([None, "科目编码", "科目名称"])
    ws.append(["1", None, "合计", 1029.59, amount])
    for cell in ("D5", "E5"):
        ws[cell].number_format = "0.00"
    hidden = workbook.create_sheet("隐藏")
    hidden["A1"] = "不应读出"
    hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_xlsx_blocks_merges_and_numbers(tmp_path):
    source = read_xlsx(_workbook(tmp_path / "w.xlsx"))
    assert source.format == "xlsx"
    title, grid = source.blocks  # the hidden sheet is not read
    assert isinstance(title, TextLine) and title.text == "部门预算支出总表"
    assert isinstance(grid, Grid)
    assert [r.cells for r in grid.rows] == [
        ("203组织部门", "预算年度：2023", "单位：万元", "", ""),
        ("序号", "功能分类科目", "", "合计", "项目支出"),
        ("", "科目编码", "科目名称", "", ""),
        ("1", "", "合计", "1029.59", "442.65"),
    ]


def test_a_cell_that_is_not_an_amount_is_r01_naming_sheet_row_and_cell(tmp_path):
    doc = parse_file(_workbook(tmp_path / "bad.xlsx", amount="四四二"))
    r01 = [f for f in doc.findings if f.rule == "R01"]
    assert len(r01) == 1
    assert r01[0].severity == "error" and r01[0].column == "project" and r01[0].file == "bad.xlsx"
    assert "sheet 部门预算支出总表, row 5, cell E5" in r01[0].message
    assert "'四四二' is not an amount" in r01[0].message


def test_the_seed_as_a_workbook_reads_like_its_text_rendering(tmp_path, seed_path):
    from ingest.demo.writers.xlsx import write_xlsx

    seed = parse_file(seed_path)
    path = write_xlsx(seed, tmp_path / "seed.xlsx")
    assert "部门预算收支总表" in openpyxl.load_workbook(path, read_only=True).sheetnames
    doc = parse_file(path)
    assert doc.figures == seed.figures and doc.findings == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("fake.xlsx", b"%PDF-1.4 not a workbook", "not an Excel .xlsx workbook: the content is a PDF document"),
        ("page.xlsx", b"<html><body><table></table></body></html>", "the content is an HTML page"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "OLE compound file"),
    ],
)
def test_xlsx_that_is_not_what_its_suffix_says(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as info:
        read_xlsx(path)
    assert expected in info.value.reason and name in str(info.value)


def test_truncated_xlsx(tmp_path):
    whole = _workbook(tmp_path / "w.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(UnreadableFile, match="truncated or damaged"):
        read_xlsx(path)


# --- .xls (BIFF8; RK numbers, shared strings and damaged files: test_xls.py) ----------------------


def test_xls_template_from_the_corpus(corpus_dir):
    path = corpus_dir / "sh_fill_template_budget.xls"
    sheets = read_workbook(path.read_bytes())
    assert len(sheets) == 16 and sheets[6].name == "单位收支总表"
    assert sheets[7].cells[(9, 1)] == "205"  # a sample subject code, General format
    source = read_xls(path)
    titles = [b.text for b in source.blocks if isinstance(b, TextLine)]
    assert "2026年预算单位支出预算总表" in titles
    assert any(isinstance(b, Grid) for b in source.blocks)


def test_xls_that_is_not_an_xls(tmp_path):
    path = tmp_path / "data.xls"
    path.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>")
    with pytest.raises(UnreadableFile, match="not an Excel 97-2003 .xls workbook: the content is an HTML page"):
        read_xls(path)
    truncated = tmp_path / "cut.xls"
    truncated.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 700)
    with pytest.raises(UnreadableFile, match="not a readable .xls workbook"):
        read_xls(truncated)
