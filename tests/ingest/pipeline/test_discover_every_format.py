"""The nightly discovers every file ``budgetwh parse`` reads: one registry of readers for both.

An inbox of ``.htm`` pages once loaded nothing, because the nightly kept its own list of suffixes.
Here files of every suffix the reader registry names go through the stages of the run (discover,
parse, load, summary) and each one is named in the run's summary, whatever became of it. A Word
97-2003 ``.doc`` is read through LibreOffice (the ``soffice`` fixture installs it when missing); a
damaged one is unreadable, with a message naming it.
"""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import discover, load, parse, summary
from ingest.readers.office_convert import convert
from ingest.readers.registry import SUFFIXES, format_of
from ingest.readers.sniff import OLE_MAGIC

PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<p>{title}</p><table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>
</body></html>"""


def _word_97(folder: Path) -> Path:
    """A page like PAGE as a Word 97-2003 file: python-docx writes it, LibreOffice saves it as .doc."""
    import docx

    document = docx.Document()
    document.add_paragraph("某部门预算公开.doc")
    table = document.add_table(rows=2, cols=2)
    for row, texts in zip(table.rows, (("项目", "金额"), ("合计", "1.00")), strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(folder / "word_97.docx")
    return convert(folder / "word_97.docx", "doc:MS Word 97", folder)


def _write_inbox(folder: Path, made: Path) -> list[str]:
    names = []
    for suffix in (".htm", ".html", ".jsp"):
        name = f"page{suffix}"
        (folder / name).write_text(PAGE.format(title=f"某部门预算公开{suffix}"), encoding="utf-8")
        names.append(name)
    (folder / "old_word.doc").write_bytes(OLE_MAGIC + bytes(504))  # an OLE compound file with no Word in it
    _word_97(made).rename(folder / "word_97.doc")
    names += ["old_word.doc", "word_97.doc"]
    return names


def test_every_suffix_parse_reads_is_discovered(tmp_path: Path):
    for suffix in SUFFIXES:
        (tmp_path / f"x{suffix}").write_bytes(b"x")
    (tmp_path / "notes.md").write_text("not a disclosure", encoding="utf-8")
    found = {Path(p).suffix for p in discover.discover(tmp_path)}
    assert found == set(SUFFIXES) and {".htm", ".doc", ".wps", ".et", ".jsp", ".html"} <= found
    assert format_of("A.HTM") is not None and format_of("notes.md") is None


def test_htm_html_jsp_and_doc_files_are_named_in_the_run_summary(warehouse_dsn: str, soffice: str, tmp_path: Path):
    inbox, made = tmp_path / "inbox", tmp_path / "made"
    inbox.mkdir()
    made.mkdir()
    names = _write_inbox(inbox, made)
    groups = discover.discover_groups(inbox)
    assert sorted(Path(p).name for g in groups for p in g["paths"]) == sorted(names)
    load_id = load.open_load(str(inbox))
    parsed = [parse.parse_group(g["paths"], tmp_path / "staging") for g in groups]
    loaded = load.load_raw(parsed, load_id, groups, [])
    run = summary.summarise(load_id, loaded)
    by_name = {f["file_name"]: f for f in run["files"]}
    assert sorted(by_name) == sorted(names)
    damaged = by_name["old_word.doc"]
    assert damaged["status"] == "unreadable" and "old_word.doc" in damaged["error"]
    assert "could not convert old_word.doc as a Word 97-2003 document" in damaged["error"]
    word = by_name["word_97.doc"]  # read through LibreOffice: judged as the pages are, on what it says
    assert word["status"] == by_name["page.htm"]["status"] != "unreadable", word
    assert word["error"] == "word_97.doc: rejected: not a disclosure: no standard table found", word
