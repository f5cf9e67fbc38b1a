"""Identity from all the evidence (issue 11): file metadata as the readers hand it over (PDF Info with
GBK written as hex or raw, UTF-16; DOCX / XLSX core properties), the weaker evidence in its order of
trust, pairing tolerant of institutional suffixes, and R04 when a half takes the other half's year."""

from __future__ import annotations

import pytest

from ingest.demo.documents import generate_documents
from ingest.demo.inbox import two_files
from ingest.readers.blocks import SourceBlocks, TextLine
from ingest.readers.metadata import decode_pdf_string
from ingest.readers.pdf import read_pdf
from ingest.reading.evidence import FILE_NAME, METADATA_TITLE, name_facts, weak_evidence
from ingest.reading.identity import identify
from ingest.reading.pairing import FileFacts, names_match_tolerantly, pair
from ingest.reading.parse import parse_file, parse_paths

GBK_TITLE = "Microsoft Word - 江苏省委办公厅2017年部门预算.doc"


# --- metadata as the readers hand it over ----------------------------------------------------------


def test_pdf_strings_in_every_encoding_portals_use():
    hex_gbk = "<" + GBK_TITLE.encode("gbk").hex().upper() + ">"
    assert decode_pdf_string(hex_gbk) == GBK_TITLE  # GBK bytes spelled as hex inside a literal
    assert decode_pdf_string(hex_gbk.encode("ascii")) == GBK_TITLE
    assert decode_pdf_string("某局2024年部门预算".encode("gbk")) == "某局2024年部门预算"  # raw GBK
    assert decode_pdf_string(b"\xfe\xff" + "某局".encode("utf-16-be")) == "某局"
    assert decode_pdf_string("<FEFF" + "某局".encode("utf-16-be").hex() + ">") == "某局"
    assert decode_pdf_string("某局".encode()) == "某局"
    assert decode_pdf_string(b"1.pdf") == "1.pdf" and decode_pdf_string(b" ") is None
    assert decode_pdf_string(None) is None


def _pdf_with_info(path, title: bytes, subject: bytes | None = None):
    """A one-page PDF whose Info Title (and Subject) literal holds exactly ``title`` (bytes patched in
    place of a placeholder of the same length, so the cross-reference table stays right)."""
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), invariant=1)
    page.setTitle("T" * len(title))
    if subject is not None:
        page.setSubject("S" * len(subject))
    page.drawString(100, 700, "hello")
    page.save()
    data = path.read_bytes().replace(b"(" + b"T" * len(title) + b")", b"(" + title + b")")
    if subject is not None:
        data = data.replace(b"(" + b"S" * len(subject) + b")", b"(" + subject + b")")
    path.write_bytes(data)
    return path


def test_pdf_reader_hands_over_title_and_subject(tmp_path):
    hex_title = ("<" + GBK_TITLE.encode("gbk").hex().upper() + ">").encode("ascii")
    raw = "某局2024年部门预算".encode("gbk")
    assert not any(b in raw for b in b"()\\")  # nothing a literal string would have to escape
    read = read_pdf(_pdf_with_info(tmp_path / "x.pdf", hex_title, raw))
    assert (read.title, read.subject) == (GBK_TITLE, "某局2024年部门预算")
    assert FILE_NAME not in {e.source for e in weak_evidence(read)}  # x.pdf names nothing
    found = {e.source: (e.department, e.year) for e in weak_evidence(read)}
    assert found[METADATA_TITLE] == ("江苏省委办公厅", 2017)
    plain = read_pdf(_pdf_with_info(tmp_path / "y.pdf", b"plain"))
    assert (plain.title, plain.subject) == ("plain", "unspecified")  # ReportLab's default subject


def test_docx_and_xlsx_core_properties(tmp_path):
    import docx
    import openpyxl

    from ingest.readers.docx import read_docx
    from ingest.readers.xlsx import read_xlsx

    document = docx.Document()
    document.add_paragraph("正文")
    document.core_properties.title = "某局2024年部门预算"
    document.core_properties.subject = "部门预算公开"
    document.save(tmp_path / "a.docx")
    read = read_docx(tmp_path / "a.docx")
    assert (read.title, read.subject) == ("某局2024年部门预算", "部门预算公开")
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "表"
    workbook.properties.title = "2024年某局部门预算表"
    workbook.save(tmp_path / "b.xlsx")
    read = read_xlsx(tmp_path / "b.xlsx")
    assert (read.title, read.subject) == ("2024年某局部门预算表", None)


# --- the weaker evidence and its order of trust ---------------------------------------------------


def test_names_and_titles_of_files():
    assert name_facts("2024年XX局部门预算.pdf") == ("XX局", 2024)
    assert name_facts("上海市普陀区财政局2024年度部门决算.xlsx") == ("上海市普陀区财政局", 2024)
    assert name_facts(GBK_TITLE) == ("江苏省委办公厅", 2017)
    assert name_facts("江苏省委办公厅2018年度预算公开表.xls") == ("江苏省委办公厅", 2018)
    assert name_facts("js_cppcc_office_budget_2017_tables.pdf", bare_year=True) == (None, 2017)
    assert name_facts("js_cppcc_office_budget_2017_tables.pdf") == (None, None)  # metadata: no bare year
    assert name_facts("关于做好2018年省以下地方预决算") == (None, None)  # a circular, not a budget
    assert name_facts("离婚协议书") == (None, None)
    assert name_facts("P020180205123456.pdf", bare_year=True) == (None, None)


def _source(name, lines=(), title=None, subject=None):
    return SourceBlocks(name=name, format="text", sha256="0" * 64,
                        blocks=[TextLine(t, page=p) for t, p in lines], title=title, subject=subject)


def test_weak_evidence_in_order_of_trust():
    source = _source("2023年乙局部门预算.pdf", [("编制单位：甲局  单位：万元", 1), ("预算年度：2024", 1),
                                              ("丙局2022年部门预算 第1页", 1), ("丙局2022年部门预算 第2页", 2)],
                     title="丁局2021年部门预算")
    assert [(e.source, e.department, e.year) for e in weak_evidence(source)] == [
        ("header line", "甲局", 2024), ("running header/footer", "丙局", 2022), ("file name", "乙局", 2023),
        ("metadata title", "丁局", 2021)]
    weaker = [(e.source, e.department, e.year) for e in weak_evidence(source)]
    # weak evidence fills only what the printed title leaves empty, and says where each fact came from
    ident = identify(["组织部门2023年部门预算信息公开情况说明"], [], [], ["budget"], weaker)
    assert (ident.department, ident.year, ident.sources) == ("组织部门", 2023, {"department": "title", "year": "title"})
    ident = identify(["部门：组织部门"], [], [], ["budget"], weaker[2:])
    assert (ident.department, ident.year, ident.sources) == ("组织部门", 2023, {"department": "cover",
                                                                                "year": "file name"})


# --- pairing tolerant of institutional suffixes ---------------------------------------------------


@pytest.mark.parametrize(("a", "b", "same"), [
    ("中共江苏省委", "中共江苏省委办公厅", True),
    ("中国共产党江苏省委员会", "中共江苏省委办公厅", True),
    ("江苏省委办公厅", "中共江苏省委办公厅", True),
    ("某局", "某局机关", True),
    ("某局本级", "某局", True),
    ("某局（本级）", "某局", True),
    ("某局办公室", "某局机关", False),  # two bodies of one parent
    ("中共江苏省委办公厅", "中共江苏省委组织部", False),
    ("某局", "某局机关本级", False),  # one suffix, not two
    ("某局", "某某局", False),
])
def test_names_match_tolerantly(a, b, same):
    assert names_match_tolerantly(a, b) is same and names_match_tolerantly(b, a) is same


def _facts(tmp_path, name, half, dept, year):
    return FileFacts(tmp_path / name, has_tables=half == "tables", has_narrative=half == "narrative",
                     department=dept, year=year, phase="budget", scope="department")


def _groups(groups):
    return sorted((g.how, tuple(p.name for p in g.files)) for g in groups)


def test_tolerant_pairs(tmp_path):
    groups = pair([
        _facts(tmp_path, "a1", "narrative", "中共江苏省委", 2024),
        _facts(tmp_path, "a2", "tables", "中共江苏省委办公厅", None),  # no year: the narrative's applies
        _facts(tmp_path, "b1", "narrative", "某局", 2024),
        _facts(tmp_path, "b2", "tables", "某局机关", 2024),
        _facts(tmp_path, "c1", "narrative", "乙局本级", None),
        _facts(tmp_path, "c2", "tables", "乙局", 2023),
        _facts(tmp_path, "d1", "narrative", "丙局办公室", 2024),  # two offices of one parent: never
        _facts(tmp_path, "d2", "tables", "丙局机关", 2024),
        _facts(tmp_path, "e1", "narrative", "丁局", 2024),  # years that contradict: never
        _facts(tmp_path, "e2", "tables", "丁局机关", 2023),
        _facts(tmp_path, "f1", "narrative", "戊局", None),  # no year on either side: the content cannot tell
        _facts(tmp_path, "f2", "tables", "戊局机关", None),
    ])
    assert _groups(groups) == [
        ("single", ("d1",)), ("single", ("d2",)), ("single", ("e1",)), ("single", ("e2",)),
        ("single", ("f1",)), ("single", ("f2",)),
        ("tolerant", ("a1", "a2")), ("tolerant", ("b1", "b2")), ("tolerant", ("c1", "c2")),
    ]


def test_tolerant_pairing_only_when_unambiguous(tmp_path):
    groups = pair([
        _facts(tmp_path, "n", "narrative", "某局", 2024),
        _facts(tmp_path, "t1", "tables", "某局机关", None),
        _facts(tmp_path, "t2", "tables", "某局本级", 2024),
    ])
    assert _groups(groups) == [("single", ("n",)), ("single", ("t1",)), ("single", ("t2",))]
    # an exact match is paired first, and what is left is not paired with it again
    groups = pair([
        _facts(tmp_path, "n", "narrative", "某局", 2024),
        _facts(tmp_path, "t1", "tables", "某局", 2024),
        _facts(tmp_path, "t2", "tables", "某局机关", None),
    ])
    assert _groups(groups) == [("content", ("n", "t1")), ("single", ("t2",))]


# --- the document: a tables half with no year and a suffixed name --------------------------


@pytest.fixture(scope="module")
def demo():
    return next(iter(generate_documents(20240, None, [2024], None, ["budget"])))


def test_tables_half_without_year_and_with_suffix_pairs_with_its_narrative(tmp_path, demo):
    tables, narrative = two_files(demo)
    code_line = f"\t{demo.document.document.department_code}{demo.department}\n"
    assert code_line in tables and "预算年度：2024" in tables
    tables = tables.replace(f"\t预算年度：{demo.year}\n", "").replace(
        code_line, f"\t{demo.document.document.department_code}{demo.department}机关\n")
    (tmp_path / "a.txt").write_text(narrative, encoding="utf-8")
    (tmp_path / "b.txt").write_text(tables, encoding="utf-8")
    alone = parse_file(tmp_path / "b.txt").document
    assert (alone.department, alone.year, alone.document_key) == (f"{demo.department}机关", None, None)
    docs = parse_paths([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert [[f.name for f in d.document.source_files] for d in docs] == [["a.txt", "b.txt"]]
    doc = docs[0]
    whole = parse_file(_write(tmp_path / "whole.txt", demo.text))
    assert doc.figures == whole.figures and doc.narrative
    assert (doc.document.year, doc.document.department) == (demo.year, demo.department)
    assert doc.document.identity_sources == {"department": "title", "year": "title"}
    r04 = [f for f in doc.findings if f.rule == "R04"]
    assert len(r04) == 1 and r04[0].severity == "warn" and r04[0].kind == "reading" and r04[0].file == "b.txt"
    assert f"year {demo.year} is taken from the other half, a.txt (title)" in r04[0].message
    assert not [f for f in doc.findings if f.severity == "error"]
    assert {f.rule for f in doc.findings} <= {"R04", "S06"}  # S06: the two names printed, visible


def test_a_half_whose_file_name_states_the_year_takes_no_finding(tmp_path, demo):
    tables, narrative = two_files(demo)
    tables = tables.replace(f"\t预算年度：{demo.year}\n", "")
    (tmp_path / "x_narrative.txt").write_text(narrative, encoding="utf-8")
    (tmp_path / f"x_{demo.year}_tables.txt").write_text(tables, encoding="utf-8")
    alone = parse_file(tmp_path / f"x_{demo.year}_tables.txt").document
    assert (alone.year, alone.identity_sources["year"]) == (demo.year, "file name")
    docs = parse_paths([tmp_path])
    assert len(docs) == 1 and not [f for f in docs[0].findings if f.rule == "R04"]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
