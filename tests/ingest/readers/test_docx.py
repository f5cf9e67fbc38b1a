"""The .docx reader: paragraphs and real Word tables in document order, merged cells unshifted,
broken files refused with a reason naming the file."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Grid, TextLine
from ingest.readers.docx import read_docx
from ingest.reading.parse import parse_file


def _merged_table_document(path):
    """部门预算支出总表-like table: 序号 merged down, 功能分类科目 merged across two columns."""
    document = docx.Document()
    document.add_paragraph("部门预算支出总表")
    table = document.add_table(rows=4, cols=5)
    top, bottom, first, second = (row.cells for row in table.rows)
    top[0].text, top[1].text, top[3].text, top[4].text = "序号", "功能分类科目", "合计", "基本支出"
    bottom[1].text, bottom[2].text = "科目编码", "科目名称"
    top[0].merge(bottom[0])  # vertical merge
    top[1].merge(top[2])  # horizontal merge
    top[3].merge(bottom[3])
    top[4].merge(bottom[4])
    for cells, values in ((first, ("1", "201", "一般公共服务支出", "548.16", "416.86")),
                          (second, ("2", "2013201", "行政运行", "416.86", ""))):
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    paragraph = second[2].paragraphs[0]
    paragraph.add_run().add_break()
    paragraph.add_run("（含机关）")
    document.add_paragraph("注：本表为示例。")
    document.add_paragraph("")  # empty paragraphs are not lines
    document.add_paragraph("第一行\n第二行")
    document.save(path)
    return path


def test_paragraphs_and_tables_in_document_order(tmp_path):
    source = read_docx(_merged_table_document(tmp_path / "t.docx"))
    assert source.format == "docx" and len(source.sha256) == 64
    kinds = [type(b).__name__ for b in source.blocks]
    assert kinds == ["TextLine", "Grid", "TextLine", "TextLine", "TextLine"]
    assert [b.text for b in source.blocks if isinstance(b, TextLine)] == [
        "部门预算支出总表", "注：本表为示例。", "第一行", "第二行",
    ]


def test_merged_cells_print_once_and_never_shift_columns(tmp_path):
    grid = next(b for b in read_docx(_merged_table_document(tmp_path / "t.docx")).blocks if isinstance(b, Grid))
    assert [r.cells for r in grid.rows] == [
        ("序号", "功能分类科目", "", "合计", "基本支出"),  # the horizontal merge leaves a blank column
        ("", "科目编码", "科目名称", "", ""),  # vertical merges continue as blanks
        ("1", "201", "一般公共服务支出", "548.16", "416.86"),
        ("2", "2013201", "行政运行\n（含机关）", "416.86", ""),  # a manual line break is kept
    ]
    assert grid.rows[2].where(3) == "table 1, row 3, cell 4"


def test_grid_before_pads_the_row(tmp_path):
    path = tmp_path / "before.docx"
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(table.rows, (("a", "b", "c"), ("x", "y", "z")), strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    # the second row starts one grid column further right (w:gridBefore), with its first cell removed
    from docx.oxml.ns import qn

    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    properties = tr.get_or_add_trPr()
    before = properties.makeelement(qn("w:gridBefore"), {qn("w:val"): "1"})
    properties.append(before)
    document.save(path)
    grid = next(b for b in read_docx(path).blocks if isinstance(b, Grid))
    assert [r.cells for r in grid.rows] == [("a", "b", "c"), ("", "y", "z")]


def test_the_seed_as_word_reads_like_its_text_rendering(tmp_path, seed_path):
    from ingest.demo.writers.docx import write_docx

    seed = parse_file(seed_path)
    doc = parse_file(write_docx(seed, tmp_path / "seed.docx"))
    assert doc.document.status == "parsed" and doc.document.source_files[0].format == "docx"
    assert doc.figures == seed.figures
    assert [t.kind for t in doc.tables] == [t.kind for t in seed.tables]


def test_truncated_docx_is_unreadable_naming_the_file(tmp_path):
    whole = io.BytesIO()
    docx.Document().save(whole)
    path = tmp_path / "truncated.docx"
    path.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    with pytest.raises(UnreadableFile) as info:
        read_docx(path)
    assert info.value.path == path
    assert "truncated or damaged" in info.value.reason
    assert "truncated.docx" in str(info.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.7\n%binary", "not a Word .docx document: the content is a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Word 97-2003 (.doc)"),
        (b"", "empty file"),
    ],
)
def test_a_file_that_is_not_what_its_suffix_says(tmp_path, content, expected):
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as info:
        read_docx(path)
    assert expected in info.value.reason and info.value.path == path


def test_a_workbook_named_docx(tmp_path):
    path = tmp_path / "tables.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnreadableFile, match="the content is an Excel .xlsx workbook"):
        read_docx(path)
