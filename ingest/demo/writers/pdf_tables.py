"""One layout table as a ReportLab flowable, ruled as a layout variant says (ingest/demo/layouts.py).

Published PDFs draw a table's grid in different ways, and a reader must find the cells whichever
way: ``lines`` — stroked ruling lines (the default, what pdf.py always drew); ``rect_borders`` —
every cell border a thin filled rectangle (Excel-to-PDF exports); ``cell_fills`` — each cell a
light filled rectangle with a white gap to its neighbours and no line at all; ``horizontal`` — a
rule above and below the header and below the table only; ``none`` — no ruling at all, the columns
shown by alignment only.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ingest.amounts import looks_like_amount
from ingest.demo.writers.layout import LayoutTable

RULE = 0.6  # pt: a ruling line's width, and a border rectangle's thickness
GAP = 1.2  # pt: the white gap between two filled cell backgrounds
FILL = (0.88, 0.88, 0.88)


def _markup(text: str) -> str:
    return "<br/>".join(escape(part) for part in text.split("\n"))


def column_widths(table: LayoutTable, available: float) -> list[float]:
    """Share the page width by the longest text of each column (merged cells excluded), within bounds."""
    weights = [2.0] * table.width
    for row in table.rows:
        for c, cell in enumerate(row):
            if cell is None or cell.colspan > 1 or not cell.text:
                continue
            longest = max(len(part) for part in cell.text.split("\n"))
            weights[c] = max(weights[c], min(float(longest), 24.0))
    total = sum(weights)
    return [available * w / total for w in weights]


def _table_class(ruling: str):
    """A ReportLab Table drawing its cells as ``ruling`` says (a subclass: a split table keeps it)."""
    from reportlab.platypus import Table

    class CellRectTable(Table):
        def _cell_rects(self):
            spans = getattr(self, "_spanRects", None) if self._spanCmds else None
            cols, rows = self._colpositions, self._rowpositions
            for r in range(self._nrows):
                for c in range(self._ncols):
                    if spans is not None:
                        rect = spans.get((c, r))
                        if rect is not None:
                            yield rect
                    else:
                        yield cols[c], rows[r + 1], cols[c + 1] - cols[c], rows[r] - rows[r + 1]

        def _drawBkgrnd(self):  # noqa: N802 (ReportLab's name)
            super()._drawBkgrnd()
            canvas = self.canv
            if ruling == "cell_fills":
                canvas.setFillColorRGB(*FILL)
                for x, y, w, h in self._cell_rects():
                    canvas.rect(x + GAP / 2, y + GAP / 2, w - GAP, h - GAP, stroke=0, fill=1)
            elif ruling == "rect_borders":
                canvas.setFillColorRGB(0, 0, 0)
                for x, y, w, h in self._cell_rects():
                    half = RULE / 2
                    canvas.rect(x - half, y - half, w + RULE, RULE, stroke=0, fill=1)
                    canvas.rect(x - half, y + h - half, w + RULE, RULE, stroke=0, fill=1)
                    canvas.rect(x - half, y - half, RULE, h + RULE, stroke=0, fill=1)
                    canvas.rect(x + w - half, y - half, RULE, h + RULE, stroke=0, fill=1)

    return Table if ruling == "lines" else CellRectTable


def table_flowable(table: LayoutTable, styles, available: float, repeat_headers: bool, ruling: str = "lines"):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, TableStyle

    data = []
    for row in table.rows:
        cells = []
        for cell in row:
            if cell is None or not cell.text:
                cells.append("")
                continue
            style = styles["number"] if looks_like_amount(cell.text) else styles["cell"]
            cells.append(Paragraph(_markup(cell.text), style))
        data.append(cells)
    commands = []
    if ruling == "lines":
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    elif ruling == "horizontal":
        first_header = 1 if table.header_rows > 1 else 0  # under the caption row
        commands += [("LINEABOVE", (0, first_header), (-1, first_header), RULE, colors.black),
                     ("LINEBELOW", (0, table.header_rows - 1), (-1, table.header_rows - 1), RULE, colors.black),
                     ("LINEBELOW", (0, -1), (-1, -1), RULE, colors.black)]
    commands += [
        ("FONT", (0, 0), (-1, -1), styles["cell"].fontName, styles["cell"].fontSize, styles["cell"].leading),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    for r, c, last_r, last_c in table.spans():
        commands.append(("SPAN", (c, r), (last_c, last_r)))
    return _table_class(ruling)(data, colWidths=column_widths(table, available), style=TableStyle(commands),
                                repeatRows=table.header_rows if repeat_headers else 0, hAlign="LEFT")
