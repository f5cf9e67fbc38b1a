"""What the PDF reader sees of a page: characters with their boxes, line segments and rectangles.

The layer under the recogniser (pdf_page.py, pdf_ruled_tables.py, pdf_glyphs.py), so that where the
geometry comes from can change without touching how tables are found: today pdfplumber, later pdfium
(pypdfium2: character boxes and path bounds at a few hundred pages a second; reading-notes.md). A
source fills one :class:`PageGeometry` per page and nothing else.

Every object is a small dict in pdfplumber's vocabulary, page coordinates in points with ``top``
measured down from the top of the page:

- ``chars``: ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size`` (font size) and ``upright``;
- ``lines``: ``x0``, ``x1``, ``top``, ``bottom`` of a stroked segment;
- ``rects``: ``x0``, ``x1``, ``top``, ``bottom``, ``stroke`` and ``fill`` (drawn / filled or not) and
  ``non_stroking_color`` (the fill colour: a gray level, RGB or CMYK tuple; white prints nothing).

A curve's bounds are not kept: no table here is ruled by curves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_CHAR_KEYS = ("text", "x0", "x1", "top", "bottom", "size", "upright")
_LINE_KEYS = ("x0", "x1", "top", "bottom")
_RECT_KEYS = ("x0", "x1", "top", "bottom", "stroke", "fill", "non_stroking_color")


@dataclass
class PageGeometry:
    """One page: its box (x0, top, x1, bottom), its height, and its characters, lines and rectangles."""

    bbox: tuple[float, float, float, float]
    height: float
    chars: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)


def _pick(obj: dict, keys: tuple[str, ...]) -> dict:
    return {key: obj[key] for key in keys if key in obj}


def from_pdfplumber(page) -> PageGeometry:
    """A pdfplumber page's geometry (each object read once)."""
    return PageGeometry(
        bbox=tuple(page.bbox),
        height=page.height,
        chars=[_pick(c, _CHAR_KEYS) for c in page.chars],
        lines=[_pick(obj, _LINE_KEYS) for obj in page.lines],
        rects=[_pick(obj, _RECT_KEYS) for obj in page.rects],
    )
