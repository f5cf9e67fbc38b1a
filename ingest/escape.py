"""Escaping published text for the medium it leaves in: one function per medium, said once.

The warehouse keeps a document's text exactly as published (raw.* byte for byte); only where text
reaches a person or a file is it escaped, here:

* :func:`script_json` — JSON inside an HTML ``<script>`` element: ``<``, ``>`` and ``&`` written as
  ``\\u003c`` ``\\u003e`` ``\\u0026`` (no ``<!--``, no ``</script>``), U+2028/U+2029 and lone
  surrogates as ``\\uXXXX``; still valid JSON with the same values.
* :func:`visible_controls` — control characters no XML document may hold (XLSX, HTML text, e-mail)
  replaced by their visible Control Pictures (ESC → ␛, BEL → ␇, NUL → ␀), lone surrogates by U+FFFD.
* :func:`plotly_text` — text plotly.js draws (titles, axis categories, hover): it reads ``<br>``,
  ``<b>`` … as markup, so ``&``, ``<`` and ``>`` are written as entities, which it shows as printed.
* :func:`starts_formula` / :func:`csv_cell` — a spreadsheet cell that would start a formula
  (``=`` ``+`` ``-`` ``@``, tab, CR, their full-width forms) is written as text: in CSV behind an
  apostrophe, in XLSX as a string cell with Excel's quote prefix (ingest/report/exports.py).
* :func:`terminal` / :func:`terminal_json` — what is printed: control characters (C0 but the line
  break, DEL, C1) and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, and
  the marks U+200E, U+200F, U+061C) shown as escapes (``\\x1b``, ``\\u202e``), never sent raw.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Control characters an XML 1.0 document may not hold (tab, LF and CR it may), and lone surrogates,
# which no UTF-8 file can hold.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_PLOTLY_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PLOTLY_UNSAFE = re.compile("[&<>]")
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_TERMINAL_UNSAFE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")
_TERMINAL_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    return "\ufffd"


def visible_controls(text: str) -> str:
    """``text`` with the characters XML forbids shown visibly (ESC → ␛, BEL → ␇; a lone surrogate → �)."""
    return _XML_ILLEGAL.sub(lambda m: _picture(m.group()), text)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``: it cannot open a
    comment, close the element or break the page's encoding; ``JSON.parse`` gives back ``value``."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def plotly_text(text: str) -> str:
    """``text`` for plotly.js, which reads a few HTML tags in its labels: shown as printed."""
    return _PLOTLY_UNSAFE.sub(lambda m: _PLOTLY_MARKUP[m.group()], visible_controls(text))


def starts_formula(text: str) -> bool:
    """Would a spreadsheet program read this cell as a formula (or an operator to one)?"""
    return text.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that would start a formula behind an apostrophe (as spreadsheet programs show
    text), forbidden control characters shown visibly; numbers and blanks as they are."""
    if not isinstance(value, str):
        return value
    text = visible_controls(value)
    return "'" + text if starts_formula(text) else text


def _terminal_escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """``text`` safe to print: every control character but the line break, and every bidirectional
    control, shown as an escape (``\\x1b``, ``\\x07``, ``\\u202e``) so nothing reaches the terminal raw."""
    return _TERMINAL_UNSAFE.sub(lambda m: _terminal_escape(m.group()), text)


def terminal_json(text: str) -> str:
    """JSON text safe to print: the characters JSON leaves raw that a terminal acts on (DEL, C1,
    bidirectional controls, U+2028/U+2029, lone surrogates) written as ``\\uXXXX``; the same JSON value."""
    return _TERMINAL_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
