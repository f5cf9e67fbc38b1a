"""Department, region, year, keys and the document id."""

from __future__ import annotations

import hashlib

from ingest import READER_VERSION
from ingest.model import Region
from ingest.reading.identity import department_key, document_id, normalise_name, region_from_text, title_facts
from ingest.reading.parse import parse_file


def test_seed_identity(seed_path):
    meta = parse_file(seed_path).document
    assert meta.status == "parsed" and meta.reason is None
    assert (meta.department, meta.department_code, meta.year, meta.phase, meta.scope) == (
        "组织部门", "203", 2023, "budget", "department")
    assert meta.region == Region(province="河北省", city="秦皇岛市", county="山海关区")
    assert meta.department_key == "河北省秦皇岛市山海关区/组织部门"
    assert meta.document_key == "河北省秦皇岛市山海关区/组织部门|2023|budget|department"
    sha = hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert meta.source_files[0].model_dump() == {"name": seed_path.name, "sha256": sha, "pages": None,
                                                 "format": "text"}
    assert meta.id == document_id([sha]) and meta.reader_version == READER_VERSION


def test_document_id_is_order_free_and_versioned():
    assert document_id(["b", "a"]) == document_id(["a", "b"])
    assert document_id(["a"], "0.1.0") != document_id(["a"], "0.2.0")
    assert document_id(["a"], "x") == hashlib.sha256(b"a\nx").hexdigest()


def test_name_normalisation():
    assert normalise_name("中国共产党秦皇岛市山海关区委员会组织部本级") == "中共秦皇岛市山海关区委组织部本级"
    assert normalise_name("组织部门　（本级）") == "组织部门(本级)"
    region = Region(province="河北省", city="秦皇岛市", county="山海关区")
    assert department_key(region, "组 织 部 门") == department_key(region, "组织部门")


def test_region_from_text():
    assert region_from_text(["上海市普陀区人民政府办公室"]) == Region(province="上海市", city="上海市", county="普陀区")
    assert region_from_text(["江苏省人大办公厅"]) == Region(province="江苏省")
    assert region_from_text(["没有地名"]) == Region()


def test_title_facts():
    assert title_facts(["组织部门2023年部门预算信息公开情况说明"]) == ("组织部门", 2023, "部门预算信息公开情况说明")
    assert title_facts(["4、2022年度干部考核经费绩效目标表"]) == (None, None, None)
