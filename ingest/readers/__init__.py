"""Readers: one module per input format, each turning a file into format-neutral blocks
(ingest/readers/blocks.py). Only the text rendering exists so far; PDF, DOCX and XLSX readers follow.
"""

from ingest.readers.blocks import Block, Grid, GridRow, SourceBlocks, TextLine

__all__ = ["Block", "Grid", "GridRow", "SourceBlocks", "TextLine"]
