"""Two-file documents: a manifest, else department and year, else the file names pair a narrative
with its tables; a half alone is its own document with the S01 findings it earns."""

from __future__ import annotations

import json

import pytest

from ingest.demo.writers.text_rendering import render_text
from ingest.reading.pairing import FileFacts, ManifestError, manifest_groups, pair, read_manifest
from ingest.reading.parse import parse_file, parse_paths
from ingest.reading.vocabulary import STANDARD_KINDS

NARRATIVE_TITLE = "组织部门2023年部门预算信息公开情况说明"


@pytest.fixture(scope="module")
def halves(seed_path):
    """The seed's rendering cut in two: (tables text, narrative text), and the whole reading."""
    whole = parse_file(seed_path)
    text = render_text(whole)
    cut = text.index(NARRATIVE_TITLE)
    return text[:cut], text[cut:]


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _names(doc):
    return [f.name for f in doc.document.source_files]


def test_a_half_alone_is_its_own_document(tmp_path, halves):
    tables, narrative = halves
    doc = parse_file(_write(tmp_path, "x_tables.txt", tables))
    assert doc.document.status == "parsed" and doc.narrative == []
    assert doc.figures.expenditure_total == "10295900.00"
    alone = parse_file(_write(tmp_path, "x_narrative.txt", narrative))
    assert alone.document.status == "parsed" and alone.narrative
    assert not [t for t in alone.tables if t.kind in STANDARD_KINDS]  # procurement / fixed assets only
    assert (alone.document.department, alone.document.year) == ("组织部门", 2023)
    s01 = [f for f in alone.findings if f.rule == "S01"]
    assert len(s01) == 9 and all("no standard table in the file" in f.message for f in s01)


def test_paired_by_file_names(tmp_path, halves, seed_path):
    tables, narrative = halves
    _write(tmp_path, "zz_narrative.txt", narrative)
    _write(tmp_path, "zz_tables.txt", tables)
    docs = parse_paths([tmp_path])
    assert len(docs) == 1
    doc = docs[0]
    assert _names(doc) == ["zz_narrative.txt", "zz_tables.txt"]
    assert doc.findings == [] and doc.narrative and len(doc.tables) == 11
    assert doc.figures == parse_file(seed_path).figures
    assert doc.document.document_key == parse_file(seed_path).document.document_key


def test_paired_by_department_and_year_whatever_the_names(tmp_path, halves):
    tables, narrative = halves
    _write(tmp_path, "a.txt", narrative)
    _write(tmp_path, "b.txt", tables)
    docs = parse_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [_names(d) for d in docs] == [["a.txt", "b.txt"]]
    assert not [f for f in docs[0].findings if f.rule == "S01"]


def test_pair_id_does_not_depend_on_order_and_supersedes_the_half(tmp_path, halves):
    tables, narrative = halves
    n, t = _write(tmp_path, "n.txt", narrative), _write(tmp_path, "t.txt", tables)
    one = parse_paths([n, t])[0]
    other = parse_paths([t, n])[0]
    assert one.document.id == other.document.id
    # the narrative half, which states the region, has the pair's key: the pair supersedes it
    half = parse_file(n)
    assert half.document.document_key == one.document.document_key and half.document.id != one.document.id


def test_manifest_wins_and_is_no_document(tmp_path, halves):
    tables, narrative = halves
    _write(tmp_path, "说明.txt", narrative)
    _write(tmp_path, "表.txt", tables)
    other = _write(tmp_path, "other_narrative.txt", narrative.replace("组织部门", "宣传部门"))
    manifest = tmp_path / "org.manifest.json"
    manifest.write_text(json.dumps({"version": 1, "document": "组织部门 2023",
                                    "files": ["说明.txt", "表.txt", "gone.pdf"]}), encoding="utf-8")
    docs = parse_paths([tmp_path])
    by_files = {tuple(_names(d)): d for d in docs}
    assert set(by_files) == {("说明.txt", "表.txt"), ("gone.pdf",), ("other_narrative.txt",)}
    assert by_files[("说明.txt", "表.txt")].document.status == "parsed"
    missing = by_files[("gone.pdf",)].document
    assert missing.status == "rejected" and missing.reason.startswith("unreadable: listed in")
    assert by_files[("other_narrative.txt",)].document.department == "宣传部门"
    assert other.exists()


def test_naming_only_the_manifest_reads_its_files(tmp_path, halves):
    tables, narrative = halves
    _write(tmp_path, "n.txt", narrative)
    _write(tmp_path, "t.txt", tables)
    manifest = tmp_path / "doc.manifest.json"
    manifest.write_text(json.dumps({"files": ["n.txt", "t.txt"]}), encoding="utf-8")
    docs = parse_paths([manifest])
    assert [_names(d) for d in docs] == [["n.txt", "t.txt"]]


def test_unusable_manifest(tmp_path):
    bad = tmp_path / "bad.manifest.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ManifestError, match="not a readable JSON manifest"):
        read_manifest(bad)
    empty = tmp_path / "empty.manifest.json"
    empty.write_text('{"files": []}', encoding="utf-8")
    groups, rest, errors = manifest_groups([bad, empty])
    assert groups == [] and rest == [] and len(errors) == 2
    docs = parse_paths([tmp_path])
    assert {d.document.status for d in docs} == {"rejected"}
    assert all(d.document.reason.startswith("unreadable: ") for d in docs)


def test_pair_rules_on_facts(tmp_path):
    def facts(name, tables, narrative, dept=None, year=None):
        return FileFacts(tmp_path / name, has_tables=tables, has_narrative=narrative, department=dept, year=year,
                         phase="budget", scope="department")

    groups = pair([
        facts("a.pdf", False, True, "某局", 2018),
        facts("b.pdf", True, False, "某局", 2018),  # content pair with a.pdf
        facts("c_narrative.pdf", False, True),  # name pair (no department in either)
        facts("c_tables.pdf", True, False),
        facts("d_narrative.pdf", True, True, "乙局", 2018),  # two complete documents: never a pair
        facts("d_tables.pdf", True, True, "乙局", 2018),
        facts("e_tables.pdf", True, False),  # a half alone
    ])
    got = sorted((g.how, tuple(p.name for p in g.files)) for g in groups)
    assert got == [
        ("content", ("a.pdf", "b.pdf")),
        ("name", ("c_narrative.pdf", "c_tables.pdf")),
        ("single", ("d_narrative.pdf",)),
        ("single", ("d_tables.pdf",)),
        ("single", ("e_tables.pdf",)),
    ]
