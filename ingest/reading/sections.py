"""A document's blocks → titled grids (with their notes), paragraphs and the document's unit.

The block walk: each grid whose title (the text line above it, or its own first caption line) names
a table kind becomes a ``TitledGrid``; caption lines between title and grid (部门：… 单位：万元)
become the grid's meta rows; the 注：… line after it is its note. The text lines no table used are
the file's paragraphs. Reading a grid into a table is ingest/reading/tables/'s work, not this one's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.amounts import looks_like_amount
from ingest.readers.blocks import Grid, GridRow, SourceBlocks, TextLine
from ingest.reading.table_kinds import PERFORMANCE_KIND, KindMatch, recognise

_DOC_UNIT = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元)$")
_DOC_UNIT_CUT = re.compile(r"^(?:金额)?单位[:：](万?)$")
_UNIT_REST = re.compile(r"^[(（]?(万元|元)[)）]?$")
_NOTE = re.compile(r"^注[:：]|空表列示|本部门无相关|本表无数据|^[(（]无[^()（）]*[)）]$")
# a caption line printed between a title and its grid (部门：… 单位：万元): the grid's meta row
_CAPTION_LINE = re.compile(r"^(?:部门(?:名称)?|编制(?:部门|单位)|(?:金额)?单位)[:：]")


@dataclass
class TitledGrid:
    """A grid with the title that names its kind, the file it is in and the note printed under it."""

    title: str
    match: KindMatch
    grid: Grid
    file: str
    note: str | None = None  # never read for a performance target table


@dataclass
class Sections:
    """What the block walk finds in a document's files, in document order."""

    unit: str | None  # the document's unit, printed outside any table
    grids: list[TitledGrid] = field(default_factory=list)
    paragraphs: dict[str, list[TextLine]] = field(default_factory=dict)  # file → lines no table used
    texts: list[str] = field(default_factory=list)  # every paragraph line and grid cell: what identity reads
    # grids that print amounts under a title no kind recognises: (title or "", file, page), for R03
    unrecognised: list[tuple[str, str, int | None]] = field(default_factory=list)


def _document_unit(sources: Sequence[SourceBlocks]) -> str | None:
    """A unit printed on its own line outside any table (the cover's 金额单位：万元), if any."""
    for source in sources:
        lines = [re.sub(r"\s+", "", b.text) for b in source.blocks if isinstance(b, TextLine)]
        for k, text in enumerate(lines):
            if m := _DOC_UNIT.match(text):
                return m.group(1)
            # split over two lines around other text: 单位：万 / … / 元
            if (m := _DOC_UNIT_CUT.match(text)) and (
                    rest := next((t for t in lines[k + 1 : k + 4] if t in ("万元", "元")), None)):
                return "万元" if (m.group(1) + rest).startswith("万") else "元"
    return None


def _table_title(blocks: Sequence, index: int) -> tuple[str, KindMatch, list[int], Grid] | None:
    """(title, kind, indices of the text lines it used, grid) of the grid at ``index``, or None;
    the grid's page is then the title's.

    The title is the text line right above the grid; caption lines between the two (部门：…
    单位：万元, printed as running text) are skipped and become the grid's meta rows; a title wrapped
    over two lines (…培训费支出预算 / 表) is joined. Where the title is the grid's own first caption
    line (一、2017年度…收支预算总表 above 单位：万元, in the table's type size) it is taken from there.
    """
    grid = blocks[index]
    captions: list[int] = []
    i = index - 1
    while i >= 0 and len(captions) < 2 and isinstance(blocks[i], TextLine) and (
            _CAPTION_LINE.match(re.sub(r"\s+", "", blocks[i].text)) or _unit_rest(blocks, i)):
        captions.insert(0, i)
        i -= 1
    if i >= 0 and isinstance(blocks[i], TextLine):
        candidates = [(blocks[i].text, [i])]
        if i >= 1 and isinstance(blocks[i - 1], TextLine):
            candidates.append((blocks[i - 1].text + blocks[i].text, [i - 1, i]))
        for text, used in candidates:
            if (match := recognise(text)) is not None:
                meta = tuple(GridRow((blocks[k].text,), line=blocks[k].line, page=blocks[k].page) for k in captions)
                # the table is where its title is printed: a title at the foot of a page names the
                # page the reader looks for, while each row keeps the page it is printed on
                page = blocks[used[0]].page if blocks[used[0]].page is not None else grid.page
                if meta or page != grid.page:
                    grid = Grid(meta + grid.rows, line=grid.line, page=page)
                return text, match, used + captions, grid
    for k, row in enumerate(grid.rows[:2]):
        cells = [c for c in row.cells if c.strip()]
        if row.spans is None and len(cells) == 1 and (match := recognise(cells[0])) is not None:
            return cells[0], match, [], Grid(grid.rows[:k] + grid.rows[k + 1 :], line=grid.line, page=grid.page)
    return None


def _unit_rest(blocks: Sequence, i: int) -> bool:
    """The line at ``i`` ends a unit split over two lines (单位：万 / 元): a caption like the first."""
    text = re.sub(r"\s+", "", blocks[i].text)
    before = blocks[i - 1] if i >= 1 else None
    return (bool(_UNIT_REST.match(text)) and isinstance(before, TextLine)
            and bool(_DOC_UNIT_CUT.match(re.sub(r"\s+", "", before.text))))


def _title_above(blocks: Sequence, index: int) -> str:
    """The text printed right above a grid no title names (what R03 quotes), or ""."""
    i = index - 1
    while i >= 0 and isinstance(blocks[i], TextLine) and (
            _CAPTION_LINE.match(re.sub(r"\s+", "", blocks[i].text)) or _unit_rest(blocks, i)):
        i -= 1
    if i >= 0 and isinstance(blocks[i], TextLine):
        return blocks[i].text.strip()
    grid = blocks[index]
    first = next((c for row in grid.rows[:1] for c in row.cells if c.strip()), "")
    return first.strip()


def _note_after(blocks: Sequence, index: int, consumed: set[int]) -> str | None:
    """The note printed right under the grid at ``index`` (its lines are marked consumed), or None."""
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    note = None
    if isinstance(after, TextLine) and _NOTE.search(after.text):
        note = after.text
        consumed.add(index + 1)
        # 决算 tables print 注：本表反映… and then 说明：…故本表无数据。: both are the note
        following = blocks[index + 2] if index + 2 < len(blocks) else None
        if isinstance(following, TextLine) and _NOTE.search(following.text) and "本表" in following.text:
            note = f"{note}\n{following.text}"
            consumed.add(index + 2)
    return note


def sections(sources: Sequence[SourceBlocks]) -> Sections:
    """Walk the blocks of one document's files (one, or narrative + tables) in order."""
    found = Sections(unit=_document_unit(sources))
    texts = found.texts
    for source in sources:
        blocks = source.blocks
        consumed: set[int] = set()
        for index, block in enumerate(blocks):
            if not isinstance(block, Grid):
                continue
            texts.extend(c for r in block.rows for c in r.cells if c)
            titled = _table_title(blocks, index)
            if titled is None:
                if any(looks_like_amount(c) for row in block.rows for c in row.cells[1:]):
                    found.unrecognised.append((_title_above(blocks, index), source.name, block.page))
                continue
            title, match, used, block = titled
            consumed.update(used)
            note = None if match.kind == PERFORMANCE_KIND else _note_after(blocks, index, consumed)
            found.grids.append(TitledGrid(title, match, block, source.name, note))
        lines = [b for i, b in enumerate(blocks) if isinstance(b, TextLine) and i not in consumed]
        found.paragraphs[source.name] = lines
        texts[:0] = [b.text for b in lines]
    return found
