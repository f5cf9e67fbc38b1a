"""The nightly discovers every file ``budgetwh parse`` reads: one registry of readers for both.

An inbox of ``.htm`` pages once loaded nothing, because the nightly kept its own list of suffixes.
Here files of every suffix the reader registry names go through the stages of the run (discover,
parse, load, summary) and each one is named in the run's summary, whatever became of it.
"""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import discover, load, parse, summary
from ingest.readers.registry import SUFFIXES, format_of
from ingest.readers.sniff import OLE_MAGIC

PAGE = """<html><head><meta charset="utf-8"><title>{title}</title></head><body>
<p>{title}</p><table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1.00</td></tr></table>
</body></html>"""


def _write_inbox(folder: Path) -> list[str]:
    names = []
    for suffix in (".htm", ".html", ".jsp"):
        name = f"page{suffix}"
        (folder / name).write_text(PAGE.format(title=f"某部门预算公开{suffix}"), encoding="utf-8")
        names.append(name)
    (folder / "old_word.doc").write_bytes(OLE_MAGIC + bytes(504))  # Word 97-2003: an OLE compound file
    names.append("old_word.doc")
    return names


def test_every_suffix_parse_reads_is_discovered(tmp_path: Path):
    for suffix in SUFFIXES:
        (tmp_path / f"x{suffix}").write_bytes(b"x")
    (tmp_path / "notes.md").write_text("not a disclosure", encoding="utf-8")
    found = {Path(p).suffix for p in discover.discover(tmp_path)}
    assert found == set(SUFFIXES) and {".htm", ".doc", ".jsp", ".html"} <= found
    assert format_of("A.HTM") is not None and format_of("notes.md") is None


def test_htm_html_jsp_and_doc_files_are_named_in_the_run_summary(warehouse_dsn: str, tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = _write_inbox(inbox)
    groups = discover.discover_groups(inbox)
    assert sorted(Path(p).name for g in groups for p in g["paths"]) == sorted(names)
    load_id = load.open_load(str(inbox))
    parsed = [parse.parse_group(g["paths"], tmp_path / "staging") for g in groups]
    loaded = load.load_raw(parsed, load_id, groups, [])
    run = summary.summarise(load_id, loaded)
    by_name = {f["file_name"]: f for f in run["files"]}
    assert sorted(by_name) == sorted(names)
    doc = by_name["old_word.doc"]
    assert doc["status"] == "unreadable" and "old_word.doc" in doc["error"] and ".docx" in doc["error"]
