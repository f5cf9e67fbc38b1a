"""The PDF reader's mechanics on PDFs drawn here, glyph by glyph and ruling by ruling (ReportLab's
built-in CID font STSong-Light): columns by position with blank cells, merged header cells, wrapped
labels, captions and titles, continuation pages with a repeated header, split 类/款/项 codes,
thousands separators and the spellings of zero, totals first or last, digits on a shifted
baseline, wrapped paragraphs. The corpus tests (tests/corpus/) read the real Shanghai PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.readers.blocks import Grid, TextLine
from ingest.readers.pdf import read_pdf
from ingest.reading.tables.grid import join_code
from ingest.reading.tables.read import read_table

FONT = "STSong-Light"
PAGE = (842.0, 595.0)  # A4 landscape, points


@dataclass
class Box:
    """A ruled table drawn at (left, top) in PDF points from the page's top-left corner."""

    left: float
    top: float
    widths: list[float]
    row_height: float = 20.0
    size: float = 10.0
    rows: list[list[str]] = field(default_factory=list)
    # (row, first column, last column): cells merged across columns (no vertical ruling inside)
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    # (row, column): a cell merged with the one below it (no horizontal ruling under it)
    vmerges: list[tuple[int, int]] = field(default_factory=list)
    # cells whose text wraps onto a second line inside the cell: (row, column) → (line 1, line 2)
    wrapped: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


def _canvas(path: Path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return canvas.Canvas(str(path), pagesize=PAGE)


def _text(c, x: float, top: float, text: str, size: float = 10.0) -> None:
    """Text whose glyph tops sit at ``top`` (points from the page top)."""
    c.setFont(FONT, size)
    c.drawString(x, PAGE[1] - top - size * 0.88, text)


def _box(c, box: Box) -> None:
    xs = [box.left]
    for w in box.widths:
        xs.append(xs[-1] + w)
    ys = [box.top + i * box.row_height for i in range(len(box.rows) + 1)]
    c.setLineWidth(0.5)
    for i, y in enumerate(ys):  # horizontal rulings, skipping vertically merged cells
        for j in range(len(box.widths)):
            if 0 < i < len(box.rows) and (i - 1, j) in box.vmerges:
                continue
            c.line(xs[j], PAGE[1] - y, xs[j + 1], PAGE[1] - y)
    for j, x in enumerate(xs):  # vertical rulings, skipping horizontally merged cells
        for i in range(len(box.rows)):
            if any(r == i and first < j <= last for r, first, last in box.merges):
                continue
            c.line(x, PAGE[1] - ys[i], x, PAGE[1] - ys[i + 1])
    for i, row in enumerate(box.rows):
        for j, cell in enumerate(row):
            if (i, j) in box.wrapped:
                first, second = box.wrapped[(i, j)]
                _text(c, xs[j] + 2, ys[i] + 1, first, box.size)
                _text(c, xs[j] + 2, ys[i] + 1 + box.size * 1.1, second, box.size)
            elif cell:
                _text(c, xs[j] + 2, ys[i] + (box.row_height - box.size) / 2, cell, box.size)


def _blocks(path: Path):
    return read_pdf(path).blocks


def _grids(path: Path) -> list[Grid]:
    return [b for b in _blocks(path) if isinstance(b, Grid)]


EXPENDITURE = [
    ["项目", "", "", "", "支出预算", "", ""],
    ["功能分类科目编码", "", "", "功能分类科目名称", "合计", "基本支出", "项目支出"],
    ["类", "款", "项", "", "", "", ""],
    ["204", "", "", "公共安全支出", "1,252,300", "0", "1,252,300"],
    ["204", "06", "", "司法", "150,000", "", "150,000"],
    ["204", "06", "01", "行政运行", "150,000.00", "-", "150,000"],
    ["301", "2", "", "津贴补贴", "0.00", "", ""],
    ["合计", "", "", "", "1,252,300", "0", "1,252,300"],
]
WIDTHS = [40, 40, 40, 200, 90, 90, 90]


def _expenditure_box(rows=EXPENDITURE, top: float = 120.0) -> Box:
    merges = [(0, 0, 3), (0, 4, 6), (1, 0, 2)] + [(i, 0, 3) for i, r in enumerate(rows) if r[0] == "合计"]
    return Box(left=60, top=top, widths=WIDTHS, rows=[list(r) for r in rows], merges=merges,
               vmerges=[(1, 3), (1, 4), (1, 5), (1, 6)])


@pytest.fixture()
def expenditure_pdf(tmp_path) -> Path:
    path = tmp_path / "expenditure.pdf"
    c = _canvas(path)
    _text(c, 300, 60, "2023年部门支出预算总表", 18)
    _text(c, 62, 95, "编制部门：上海市普陀区某某局", 12)
    _text(c, 590, 95, "单位：元", 12)
    _box(c, _expenditure_box())
    c.showPage()
    c.save()
    return path


def test_title_caption_and_positional_cells(expenditure_pdf):
    blocks = _blocks(expenditure_pdf)
    assert isinstance(blocks[0], TextLine) and blocks[0].text == "2023年部门支出预算总表"
    grid = blocks[1]
    assert isinstance(grid, Grid) and grid.page == 1
    # the caption above the table in the table's own type size: first row, split at the wide gap
    assert grid.rows[0].cells == ("编制部门：上海市普陀区某某局", "单位：元") and grid.rows[0].spans is None
    by_text = {r.cells[3]: r for r in grid.rows if len(r.cells) == 7}
    # blank cells stay blank in their own column: nothing shifts left
    assert by_text["司法"].cells == ("204", "06", "", "司法", "150,000", "", "150,000")
    assert by_text["行政运行"].cells == ("204", "06", "01", "行政运行", "150,000.00", "-", "150,000")
    assert [r.line for r in grid.rows[1:]] == list(range(1, len(EXPENDITURE) + 1))


def test_merged_header_cells_carry_their_span(expenditure_pdf):
    grid = _grids(expenditure_pdf)[0]
    header = grid.rows[1]
    assert header.cells == ("项目", "", "", "", "支出预算", "", "")
    assert header.spans == (4, 0, 0, 0, 3, 0, 0)
    assert grid.rows[2].spans == (3, 0, 0, 1, 1, 1, 1)
    total = grid.rows[-1]
    assert total.cells[0] == "合计" and total.spans[:4] == (4, 0, 0, 0)


def test_table_reads_split_codes_separators_and_zeros(expenditure_pdf):
    blocks = _blocks(expenditure_pdf)
    read = read_table("expenditure", blocks[0].text, blocks[1], "x.pdf")
    table = read.table
    assert table.unit == "元" and table.columns == ["total", "basic", "project"]
    rows = {r.code or r.name: r for r in table.rows}
    assert rows["2040601"].level == 3 and rows["20406"].level == 2 and rows["204"].level == 1
    assert rows["204"].values == {"total": "1252300.00", "basic": "0.00", "project": "1252300.00"}
    # a blank cell is None, "-" and "0.00" are zero; separators and decimals are read exactly
    assert rows["20406"].values["basic"] is None
    assert rows["2040601"].values == {"total": "150000.00", "basic": "0.00", "project": "150000.00"}
    assert rows["2040601"].half_units["total"] == "0.0050" and rows["2040601"].half_units["project"] == "0.5000"
    # a one-digit 款 part lost its leading zero: 301 | 2 is 30102
    assert rows["30102"].level == 2 and rows["30102"].values["total"] == "0.00"
    total = rows["合计"]
    assert (total.level, total.line, total.values["total"]) == (0, "total", "1252300.00")
    assert read.facts.department == "上海市普陀区某某局"


def test_join_code_pads_kuan_and_xiang_never_lei():
    assert join_code(["204", "06", "01"]) == ("2040601", 3)
    assert join_code(["301", "7"]) == ("30107", 2)
    assert join_code(["7", "11", "02"]) == ("71102", 3)  # a misprinted 类 stays as printed
    assert join_code(["2080505"]) == ("2080505", 1)
    assert join_code(["", "", ""]) == (None, 0)


def test_total_row_first(tmp_path):
    """决算 tables print 合计 first, right under the header; budgets print it last."""
    rows = [EXPENDITURE[0], EXPENDITURE[1], EXPENDITURE[2], EXPENDITURE[-1]] + EXPENDITURE[3:6]
    box = Box(left=60, top=120, widths=WIDTHS, rows=[list(r) for r in rows],
              merges=[(0, 0, 3), (0, 4, 6), (1, 0, 2), (3, 0, 3)], vmerges=[(1, 3), (1, 4), (1, 5), (1, 6)])
    path = tmp_path / "first.pdf"
    c = _canvas(path)
    _text(c, 330, 60, "支出决算表", 16)
    _text(c, 590, 95, "单位：万元", 11)
    _box(c, box)
    c.save()
    blocks = _blocks(path)
    table = read_table("expenditure", blocks[0].text, blocks[1], "x.pdf").table
    assert table.unit == "万元"
    assert [(r.name, r.level) for r in table.rows][:2] == [("合计", 0), ("公共安全支出", 1)]
    assert table.rows[0].values["total"] == "12523000000.00"


def test_continuation_page_is_joined_and_its_repeated_header_dropped(tmp_path):
    path = tmp_path / "two_pages.pdf"
    c = _canvas(path)
    _text(c, 300, 60, "2023年部门支出预算总表", 18)
    _text(c, 590, 95, "单位：元", 12)
    _box(c, _expenditure_box(EXPENDITURE[:5]))
    c.showPage()
    second = EXPENDITURE[:3] + EXPENDITURE[5:]
    _box(c, _expenditure_box(second, top=40))
    c.showPage()
    c.save()
    grids = _grids(path)
    assert len(grids) == 1
    grid = grids[0]
    headers = [r for r in grid.rows if r.cells[:1] == ("项目",)]
    assert len(headers) == 1  # the header repeated on page 2 is dropped
    pages = {r.cells[3]: r.page for r in grid.rows if len(r.cells) == 7 and r.cells[3]}
    assert pages["司法"] == 1 and pages["行政运行"] == 2 and grid.rows[-1].page == 2
    table = read_table("expenditure", "2023年部门支出预算总表", grid, "x.pdf").table
    assert [r.code for r in table.rows if r.code] == ["204", "20406", "2040601", "30102"]
    assert table.rows[-1].source.page == 2


def test_wrapped_label_is_one_cell(tmp_path):
    rows = [list(r) for r in EXPENDITURE]
    rows.insert(6, ["208", "05", "05", "", "4,412,547", "4,412,547", "0"])
    box = _expenditure_box(rows)
    box.row_height = 26
    box.wrapped[(6, 3)] = ("机关事业单位基本养老保险缴费支", "出")
    path = tmp_path / "wrapped.pdf"
    c = _canvas(path)
    _text(c, 300, 60, "2023年部门支出预算总表", 18)
    _box(c, box)
    c.save()
    grid = _grids(path)[0]
    row = next(r for r in grid.rows if r.cells[:3] == ("208", "05", "05"))
    assert row.cells[3] == "机关事业单位基本养老保险缴费支出"
    assert row.cells[4:] == ("4,412,547", "4,412,547", "0")


def test_amount_on_another_baseline_stays_in_its_row(tmp_path):
    """决算 tables set the label at the top of a tall row and the amounts lower: one row."""
    path = tmp_path / "offset.pdf"
    c = _canvas(path)
    _text(c, 330, 60, "收入支出决算总表", 16)
    box = Box(left=60, top=120, widths=[220, 90, 220, 90], row_height=30, rows=[
        ["项目", "决算数", "项目", "决算数"], ["", "", "", ""], ["", "", "", ""]])
    _box(c, box)
    _text(c, 62, 152, "一、一般公共预算财政拨款收入", 10)
    _text(c, 284, 165, "2,940.05", 10)
    _text(c, 372, 152, "一、一般公共服务支出", 10)
    _text(c, 594, 165, "2,106.66", 10)
    _text(c, 62, 182, "本年收入合计", 10)
    _text(c, 284, 195, "2,946.25", 10)
    c.save()
    grid = _grids(path)[0]
    assert grid.rows[1].cells == ("一、一般公共预算财政拨款收入", "2,940.05", "一、一般公共服务支出", "2,106.66")
    assert grid.rows[2].cells == ("本年收入合计", "2,946.25", "", "")


def test_title_printed_inside_the_box_is_hoisted(tmp_path):
    """绩效目标填报表: the title is the first, larger, full-width cell of the ruled box."""
    path = tmp_path / "form.pdf"
    c = _canvas(path)
    box = Box(left=60, top=60, widths=[100, 200, 100, 200], rows=[
        ["财政项目支出绩效目标填报表", "", "", ""],
        ["项目名称", "就业援助基地补贴", "项目性质", "经常性项目"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "补贴对象审核完成率", "=100.00(%)"],
    ], merges=[(0, 0, 3)])
    _box(c, box)
    c.setFont(FONT, 14)
    c.drawString(200, PAGE[1] - 60 - 16, "财政项目支出绩效目标填报表")
    c.save()
    blocks = _blocks(path)
    assert isinstance(blocks[0], TextLine) and blocks[0].text.startswith("财政项目支出绩效目标填报表")
    grid = blocks[1]
    assert grid.rows[0].cells == ("项目名称", "就业援助基地补贴", "项目性质", "经常性项目")


def test_shifted_digits_stay_in_their_sentence_and_wrapped_lines_join(tmp_path):
    path = tmp_path / "narrative.pdf"
    c = _canvas(path)
    # a sentence in one font whose numbers sit 4.8 pt lower, wrapped at the right margin
    _text(c, 96, 100, "上海市普陀区财政局", 12)
    _text(c, 204, 104.8, "2024", 12)
    _text(c, 228, 100, "年度收入支出总计", 12)
    _text(c, 324, 104.8, "2995.39", 12)
    _text(c, 363, 100, "万元。与", 12)
    _text(c, 411, 104.8, "2023", 12)
    _text(c, 435, 100, "年度相比，收入支出", 12)
    _text(c, 72, 114, "总计减少", 12)
    _text(c, 120, 118.8, "56.95", 12)
    _text(c, 151, 114, "万元。", 12)
    _text(c, 96, 140, "二、收入决算情况说明", 12)
    c.save()
    lines = [b for b in _blocks(path) if isinstance(b, TextLine)]
    assert [b.text for b in lines] == [
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元。",
        "二、收入决算情况说明",
    ]
    assert (lines[0].page, lines[0].line) == (1, 1)


def test_a_pdf_without_text_is_unreadable(tmp_path):
    from ingest.errors import UnreadableFile

    path = tmp_path / "scan.pdf"
    c = _canvas(path)
    c.rect(100, 100, 200, 200)
    c.save()
    with pytest.raises(UnreadableFile, match="no text layer"):
        read_pdf(path)
