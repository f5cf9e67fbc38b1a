"""The web-page reader: narrative text as lines, data tables as grids (spans unshifted), pictures
reported as images and never read, page furniture skipped."""

from __future__ import annotations

import pytest

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Grid, Image, TextLine
from ingest.readers.html import blocks_from_html, read_html
from ingest.reading.parse import parse_file

PAGE = """<%@ page language="java" contentType="text/html; charset=UTF-8"
    pageEncoding="UTF-8"%>
<html><head><title>某某局</title><script>var x = "不读";</script></head>
<body>
<div class="breadCutNav">当前位置：首页 &gt; 某某局2023年部门预算情况说明</div>
<nav>首页 | 政务公开</nav>
<h2>某某局2023年部门预算情况说明</h2>
<div class="content"><p>&nbsp;&nbsp; 一、基本情况<br>&nbsp;&nbsp; 机关运行经费  12.50万元。<br></p>
<p style="display:none">隐藏文字</p>
<table>
  <tr><th rowspan="2">序号</th><th colspan="2">科目</th><th>金额</th></tr>
  <tr><td>编码</td><td>名称</td><td>万元</td></tr>
  <tr><td>1</td><td>201</td><td>一般公共服务支出</td><td>10.00</td></tr>
</table>
<p><img src="http://example.gov.cn/a/table1.gif" width="750" height="843"></p>
<p><img src="/icons/dot.gif" width="8" height="8">附件</p>
<table><tr><td><p>布局表格里的正文</p></td><td><table><tr><td>内</td></tr></table></td></tr></table>
</div>
<div class="footer">版权所有</div>
</body></html>"""


def test_page_text_tables_and_images_in_reading_order():
    blocks = blocks_from_html(PAGE)
    texts = [b.text for b in blocks if isinstance(b, TextLine)]
    assert texts == ["某某局2023年部门预算情况说明", "一、基本情况", "机关运行经费 12.50万元。", "附件",
                     "布局表格里的正文", "内"]
    grid = next(b for b in blocks if isinstance(b, Grid))
    assert [r.cells for r in grid.rows] == [
        ("序号", "科目", "", "金额"),  # colspan leaves a blank column
        ("", "编码", "名称", "万元"),  # rowspan continues as a blank cell
        ("1", "201", "一般公共服务支出", "10.00"),
    ]
    images = [b for b in blocks if isinstance(b, Image)]
    assert [(i.name, i.width, i.height, i.page) for i in images] == [("table1.gif", 750, 843, 1)]
    assert blocks.index(images[0]) > blocks.index(grid)


def test_a_page_whose_tables_are_images_is_parsed_with_s01_saying_so(tmp_path):
    path = tmp_path / "budget.html"
    body = "<p>某某局2023年部门预算情况说明</p><p>机关运行经费12.50万元。</p>" + \
        "".join(f'<p><img src="t{i}.gif" width="700" height="800"></p>' for i in range(3))
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    doc = parse_file(path)
    assert doc.document.status == "parsed"
    assert (doc.document.department, doc.document.year, doc.document.phase) == ("某某局", 2023, "budget")
    assert doc.tables == [] and doc.figures.operating_costs == "125000.00"
    s01 = [f for f in doc.findings if f.rule == "S01"]
    assert {f.table for f in s01} == {"summary", "income", "expenditure", "fiscal_summary", "general_budget",
                                      "basic_expenditure", "government_fund", "state_capital", "three_public"}
    assert all("tables are published as images: 3 image(s), not read" in f.message for f in s01)
    assert {f.rule for f in doc.findings} == {"S01"}


def test_gb18030_page(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes('<html><head><meta charset="gb2312"></head><body><p>部门预算</p></body></html>'.encode(
        "gb18030"))
    assert [b.text for b in read_html(path).blocks] == ["部门预算"]


def test_a_pdf_named_html_is_unreadable(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"%PDF-1.5\n...")
    with pytest.raises(UnreadableFile, match="not a web page: the content is a PDF document"):
        read_html(path)
