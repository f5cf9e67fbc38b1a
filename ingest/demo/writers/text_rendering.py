"""Canonical Document → the text rendering of a Hebei-layout budget disclosure (the seed's format).

The seed (../shared/seeds/000_*.txt) is a DOCX rendered as text: a table's title on a line of its
own, then every cell on a line of its own indented by one tab, a blank line after each table row,
three blank lines after a table, ``注：…空表列示。`` after an empty one, and the narrative as plain
paragraphs. This package prints a ``model.Document`` in exactly that layout so that generated
disclosures (ingest/demo/documents.py) go through the same reader as real ones, and so that reader
and writer can be tested against each other by a round trip.

Department documents of both phases are laid out: the tables by
ingest/demo/writers/text_tables.py (from the Hebei template, ingest/demo/writers/hebei_template.py),
then the 情况说明 by ingest/demo/writers/text_narrative.py, into the same lines
(ingest/demo/writers/text_page.py). A 决算 (final accounts, ``phase == "final"``) prints under 决算
titles and headings; a budget prints exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.demo.writers.text_narrative import NarrativeWriter
from ingest.demo.writers.text_page import TextOut
from ingest.demo.writers.text_tables import TablesWriter
from ingest.model import Document


def render_text(doc: Document, *, notes: Sequence[str] = ()) -> str:
    """The text rendering of a budget or final-accounts document in the Hebei layout (see the module docstring).

    ``notes`` are printed under 九、其他需要说明的事项 (the demo marks its documents as generated there).
    """
    out = TextOut()
    TablesWriter(doc, notes, out).render()
    NarrativeWriter(doc, notes, out).narrative()
    return out.render()
