"""The text-rendering reader undoes the DOCX layout only: cells, rows, wraps, titles, line numbers."""

from __future__ import annotations

import pytest

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Grid, TextLine
from ingest.readers.text_rendering import blocks_from_text, decode, read_text_rendering

SAMPLE = "\n".join([
    "部门预算支出总表",          # 1 title
    "\t203组织部门",             # 2
    "\t单位：万元",              # 3
    "",                          # 4 row break
    "\t1",                       # 5
    "\t对高校毕业生到基层任职补",  # 6
    "助",                        # 7 wrapped continuation (no tab)
    "\t11.35",                   # 8
    "",                          # 9
    "",                          # 10 several blank lines stay inside one grid
    "\t2",                       # 11
    "\t",                        # 12 empty cell
    "\t1.第一句。",               # 13
    "2.第二句",                  # 14 a new numbered item inside the cell keeps its break
    "",                          # 15
    "注：空表列示。",              # 16 paragraph ends the grid
    "下一段",                     # 17
])


def test_blocks_split_titles_grids_and_paragraphs():
    blocks = blocks_from_text(SAMPLE)
    assert [type(b) for b in blocks] == [TextLine, Grid, TextLine, TextLine]
    title, grid, note, paragraph = blocks
    assert (title.text, title.line) == ("部门预算支出总表", 1)
    assert (note.text, note.line) == ("注：空表列示。", 16)
    assert (paragraph.text, paragraph.line) == ("下一段", 17)
    assert [r.cells for r in grid.rows] == [
        ("203组织部门", "单位：万元"),
        ("1", "对高校毕业生到基层任职补助", "11.35"),
        ("2", "", "1.第一句。\n2.第二句"),
    ]
    assert [r.line for r in grid.rows] == [2, 5, 11]
    assert grid.rows[1].text == "1 | 对高校毕业生到基层任职补助 | 11.35"


def test_untabbed_line_after_untabbed_line_is_a_paragraph_not_a_wrap():
    blocks = blocks_from_text("第一行\n第二行\n")
    assert [b.text for b in blocks] == ["第一行", "第二行"]


def test_decode_utf8_and_gb18030_and_rejects_binary():
    assert decode("预算".encode()) == "预算"
    assert decode("预算".encode("gb18030")) == "预算"
    with pytest.raises(UnreadableFile):
        decode(b"\x00\x01\x02")


def test_seed_blocks(seed_path):
    source = read_text_rendering(seed_path)
    assert source.format == "text" and len(source.sha256) == 64
    grids = [b for b in source.blocks if isinstance(b, Grid)]
    # 11 tables + the unit list (机构设置) + 15 performance forms
    assert len(grids) == 27
    first = grids[0]
    assert first.rows[0].cells == ("203组织部门", "预算年度：2023", "单位：万元")
    assert first.rows[0].line == 2
    # the one wrapped cell of the seed: project 14's goal, lines 2509–2510
    goal_row = next(r for g in grids for r in g.rows if r.line == 2508)
    assert goal_row.cells[1].startswith("1.解决到村任职选调生的后顾之忧")
    assert goal_row.cells[1].endswith("让他们在基层真正经受实践锻炼。")
    assert "\n2.加强对到村任职选调生" in goal_row.cells[1]
