"""Glyphs and text lines of a PDF page: the layer under every other part of the PDF reader.

pdfplumber gives characters at positions, nothing more. The ruled tables (pdf_ruled_tables.py), the
captions and page text (pdf_page.py) and the paragraphs (pdf.py) all need the same answer to "which
glyphs form one line, and what does it read": lines grouped by vertical overlap (**Lines** in
ingest/readers/pdf.py's docstring), gaps that are or are not spaces, a cell's wrapped lines joined.
Those rules live here once, apart from any table or page geometry.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.readers.text_rendering import join_wrapped

_CELL_GAP = 2.0  # a gap wider than this many glyph widths splits a caption line into cells
_WORD_CHARS = re.compile(r"[0-9A-Za-z.,%\-+()（）]")


@dataclass(frozen=True, slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class _Line:
    glyphs: list[_Glyph]
    top: float  # reference band: the first (highest) glyph's
    bottom: float

    @property
    def x0(self) -> float:  # where the printed text starts (a leading space glyph is no indent)
        return min((g.x0 for g in self.glyphs if g.text != " "), default=self.glyphs[0].x0)

    @property
    def x1(self) -> float:
        return max((g.x1 for g in self.glyphs if g.text != " "), default=self.glyphs[-1].x1)

    @property
    def size(self) -> float:
        return statistics.median(g.size for g in self.glyphs)

    @property
    def span_top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def span_bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)


def _glyphs(chars: Iterable[dict]) -> list[_Glyph]:
    """pdfplumber chars → glyphs, overprints once; a space glyph is kept as " " (line_text decides)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[_Glyph] = []
    for c in chars:
        text = c.get("text") or ""
        if not text or not c.get("upright", True):
            continue
        if not text.strip():
            text = " "
        key = (text, round(c["x0"]), round(c["top"]))
        if key in seen:
            continue  # the same glyph printed twice (faux bold)
        seen.add(key)
        out.append(_Glyph(text, c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or (c["bottom"] - c["top"])))
    return out


def _best_line(lines: Sequence[_Line], g: _Glyph) -> _Line | None:
    best, best_overlap = None, 0.0
    for line in lines:
        overlap = min(line.bottom, g.bottom) - max(line.top, g.top)
        share = overlap / min(g.height, line.bottom - line.top or 0.1)
        if share >= 0.5 and share > best_overlap:
            best, best_overlap = line, share
    return best


def group_lines(glyphs: Sequence[_Glyph]) -> list[_Line]:
    """Glyphs → lines, top to bottom, each sorted by x (see ingest/readers/pdf.py's docstring). Printed glyphs
    make the lines; a space glyph joins the line it overlaps, or none."""
    lines: list[_Line] = []
    spaces: list[_Glyph] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        if g.text == " ":
            spaces.append(g)
            continue
        best = _best_line(lines[-6:][::-1], g)
        if best is None:
            lines.append(_Line([g], g.top, g.bottom))
        else:
            best.glyphs.append(g)
    for g in spaces:
        if (best := _best_line(lines, g)) is not None:
            best.glyphs.append(g)
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHARS.match(ch))


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def line_text(glyphs: Sequence[_Glyph]) -> str:
    """Glyphs of one line → text.

    Gaps between glyphs are no spaces (justified Chinese text spreads its characters), except
    between two Latin/number tokens printed apart (``301 01``). A space the PDF prints as a glyph
    is kept (``上海市 XX 局``, ``万元， 国有资本``), once, unless it stands between two Chinese
    characters, where it is justification too (``418.80万 元`` reads 418.80万元).
    """
    parts: list[str] = []
    previous: _Glyph | None = None
    pending_space = False
    for g in glyphs:
        if g.text == " ":
            pending_space = previous is not None
            continue
        if previous is not None:
            gap = g.x0 - previous.x1
            printed = pending_space and not (_ideograph(previous.text[-1]) and _ideograph(g.text[0]))
            spread = gap > 0.25 * min(g.size, previous.size) and _is_word(previous.text[-1]) and _is_word(g.text[0])
            if printed or spread:
                parts.append(" ")
        parts.append(g.text)
        previous = g
        pending_space = False
    return "".join(parts)


def _split_cells(line: _Line) -> list[str]:
    """A caption line → cells, split where the gap is wider than a couple of glyphs."""
    cells: list[list[_Glyph]] = [[]]
    previous: _Glyph | None = None
    for g in line.glyphs:
        if g.text == " ":
            continue  # the gap is measured between printed glyphs
        if previous is not None and g.x0 - previous.x1 > _CELL_GAP * g.size:
            cells.append([])
        cells[-1].append(g)
        previous = g
    return [line_text(c) for c in cells if c]


def cell_text(glyphs: Sequence[_Glyph]) -> str:
    """All glyphs of one table cell → its text; lines wrapped inside the cell are joined."""
    text = ""
    for line in group_lines(glyphs):
        part = line_text(line.glyphs).strip()
        if part:
            text = join_wrapped(text, part) if text else part
    return text
