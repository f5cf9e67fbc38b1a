"""Who published a document, for which year, phase and scope, and the keys that identify it.

Why a module: the warehouse's idempotence and supersession hang on these keys (contract.md,
"Identity, versions, pairs"). The document id is a hash over the file contents plus the reader
version; the department key is region + name, normalised so that the same department prints the
same key whatever the width of its characters or the spelling of 中国共产党…委员会; the document key
is what a corrected publication supersedes.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ingest import READER_VERSION
from ingest.model import Region
from ingest.reading import vocabulary as v

ALIASES_CSV = Path(__file__).resolve().parent.parent / "reference" / "department_aliases.csv"

# The title of a narrative: 组织部门2023年部门预算信息公开情况说明 / XX局2024年度部门决算
_TITLE = re.compile(r"^(?P<dept>\S+?)(?P<year>(?:19|20)\d{2})年度?(?P<rest>(部门|单位)?(预算|决算).*)$")
_CPC = re.compile(r"中国共产党(.+?)委员会")
_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")
_COVER_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?P<rest>(部门|单位)(预算|决算))$")
_HEADING = re.compile(r"^(\S+?)(?:19|20)\d{2}年度?(?:部门|单位)(?:预算|决算)表$")
_NAME_LINE = re.compile(r"^[^\d\s:：，,。；;、]{2,20}$")
# 部门：中共江苏省委办公厅 (the cover of Jiangsu's 公开报表, and the 部门 line over each of its tables)
_COVER_DEPARTMENT = re.compile(r"^(预算主管部门|预算单位|主管部门|部门)[:：](\S{2,40})$")
_TITLE_CUT = re.compile(r"(?:19|20)\d{2}年度?(?:部门|单位)?$")  # 江苏省政协办公厅2018年度 / 部门预算公开
_COVER_TITLE = re.compile(r"^\S*?(?P<year>(?:19|20)\d{2})年度?(?:区级|市级|县级|省级)?(?P<scope>部门|单位)(预算|决算)$")
_COUNTY = re.compile(r"^(.{1,8}?(?:区|县|旗|市))")


@dataclass
class Identity:
    department: str | None = None
    department_code: str | None = None
    region: Region = field(default_factory=Region)
    year: int | None = None
    phase: str | None = None
    scope: str | None = None
    department_key: str | None = None
    document_key: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # fact → where it was read (title, cover, …)


def title_facts(texts: Iterable[str]) -> tuple[str | None, int | None, str | None]:
    """(department, year, rest) from the first line that reads as a document title.

    Also read: a part heading (第三部分 上海市普陀区财政局 2024 年度部门决算情况说明: the 第三部分 is
    no part of the name), and a cover whose name stands on the lines above 2024 年度部门决算
    (上海市普陀区规划和自然 / 资源局 / 2024 年度部门决算).
    """
    previous: list[str] = []
    cut = ""  # a title broken after its year (江苏省政协办公厅2018年度 / 部门预算公开)
    for text in texts:
        compact = _PART.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
        if len(compact) > 60:
            previous, cut = [], ""
            continue
        if (cover := _COVER_YEAR.match(compact)) and previous:
            return "".join(previous), int(cover.group("year")), cover.group("rest")
        previous = (previous + [compact])[-3:] if _NAME_LINE.match(compact) else []
        joined, cut = cut + compact, compact if _TITLE_CUT.search(compact) else ""
        m = _TITLE.match(compact)
        if (m is None or not _complete_title(m.group("rest"))) and joined != compact:
            m = _TITLE.match(joined)
        if m is None:
            continue
        if "说明" in m.group("rest") or m.group("rest").endswith(("预算", "决算", "公开")):
            return m.group("dept"), int(m.group("year")), m.group("rest")
    return None, None, None


def _complete_title(rest: str) -> bool:
    return "说明" in rest or rest.endswith(("预算", "决算", "公开"))


def heading_departments(texts: Iterable[str]) -> list[str]:
    """Names printed in part headings over the tables (上海市规划和自然资源局 2024 年度部门决算表),
    for S06: a heading may name another body than the cover."""
    names: list[str] = []
    for text in texts:
        compact = _PART.sub("", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
        if len(compact) <= 60 and (m := _HEADING.match(compact)) and m.group(1) not in names:
            names.append(m.group(1))
    return names


def cover_facts(texts: Iterable[str]) -> tuple[str | None, int | None, str | None]:
    """(department, year, scope) from a Shanghai cover: 上海市普陀区2025年区级单位预算 /
    预算单位：上海市普陀区人民政府办公室 (预算主管部门：… on a department budget)."""
    department = year = scope = None
    for text in texts:
        compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
        if department is None and (m := _COVER_DEPARTMENT.match(compact)):
            department = m.group(2)
            scope = scope or ("unit" if m.group(1) == "预算单位" else "department")
        if year is None and (m := _COVER_TITLE.match(compact)):
            year = int(m.group("year"))
            scope = "unit" if m.group("scope") == "单位" else "department"
        if department and year:
            break
    return department, year, scope


def region_from_text(texts: Iterable[str]) -> Region:
    """Province / city / county as far as the text states them (a known city implies its province)."""
    joined = "\n".join(unicodedata.normalize("NFKC", t) for t in texts)
    province = next((p for p in v.PROVINCES if p in joined), None)
    city = None
    for municipality in v.MUNICIPALITIES:
        if municipality in joined:
            province = city = municipality
            break
    if city is None:
        # the first city printed; of the province's own cities where the province is stated
        found = [(joined.find(c), c) for c, p in v.CITY_PROVINCE.items() if province in (None, p) and c in joined]
        city = min(found)[1] if found else None
        if city and province is None:
            province = v.CITY_PROVINCE[city]
    county = None
    if city:
        for m in re.finditer(re.escape(city), joined):
            after = joined[m.end() : m.end() + 10]
            if (c := _COUNTY.match(after)) and not c.group(1).endswith("市"):
                county = c.group(1)
                break
    return Region(province=province, city=city, county=county)


def normalise_name(name: str) -> str:
    """Full width → half width, no whitespace, 中国共产党…委员会 → 中共…委 (the 本级 suffix is kept)."""
    text = unicodedata.normalize("NFKC", name)
    text = re.sub(r"\s+", "", text)
    return _CPC.sub(r"中共\1委", text)


@lru_cache(maxsize=1)
def department_aliases() -> dict[str, str]:
    """alias key → canonical key (data: ingest/reference/department_aliases.csv; a missing file is an
    error, never an empty table: every key would silently change)."""
    with ALIASES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {r["alias_key"]: r["department_key"] for r in rows if r.get("alias_key")}


def department_key(region: Region, department: str | None) -> str | None:
    if not department:
        return None
    place = "".join(p for p in (region.province, region.city, region.county) if p)
    if region.city and region.city == region.province:
        place = "".join(p for p in (region.city, region.county) if p)
    key = f"{normalise_name(place)}/{normalise_name(department)}"
    return department_aliases().get(key, key)


def document_key(dept_key: str | None, year: int | None, phase: str | None, scope: str | None) -> str | None:
    if not dept_key or year is None or not phase or not scope:
        return None
    return f"{dept_key}|{year}|{phase}|{scope}"


def content_hash(file_hashes: Sequence[str]) -> str:
    """sha256 over the sorted content hashes of the source files (what the loader stores)."""
    return hashlib.sha256("\n".join(sorted(file_hashes)).encode()).hexdigest()


def document_id(file_hashes: Sequence[str], reader_version: str = READER_VERSION) -> str:
    """sha256 over the sorted content hashes of the source files plus the reader version."""
    payload = "\n".join(sorted(file_hashes)) + "\n" + reader_version
    return hashlib.sha256(payload.encode()).hexdigest()


def identify(
    texts: Sequence[str],
    table_departments: Sequence[tuple[str | None, str | None]],
    table_years: Sequence[int],
    phases: Sequence[str],
    weaker: Sequence[tuple[str, str | None, int | None]] = (),
) -> Identity:
    """Document metadata from its title lines, table headers and the kinds of its tables.

    ``table_departments`` are (code, name) pairs from the tables' department lines (203组织部门) or
    编制单位; ``phases`` the phase each recognised table title implies. ``weaker`` is the evidence
    read after those, in order of trust, as (where, department, year) (ingest/reading/evidence.py:
    header lines, a running footer, the file name, metadata): it fills only what the stronger
    evidence leaves empty. ``sources`` records where each of department and year was read.
    """
    title_dept, title_year, rest = title_facts(texts)
    cover_dept, cover_year, cover_scope = cover_facts(texts)
    code = next((c for c, _ in table_departments if c), None)
    header_dept = next((n for _, n in table_departments if n), None)
    sources: dict[str, str] = {}
    department = _first("department", sources, [("cover", cover_dept), ("title", title_dept),
                                                ("table header", header_dept), *((w, d) for w, d, _ in weaker)])
    year = _first("year", sources, [("title", title_year), ("cover", cover_year),
                                    ("table header", table_years[0] if table_years else None),
                                    *((w, y) for w, _, y in weaker)])
    phase = "final" if "final" in phases or (rest and "决算" in rest) else "budget"
    scope = "unit" if (rest and re.search(r"单位(预算|决算)", rest)) or cover_scope == "unit" else "department"
    region = region_from_text(texts)
    ident = Identity(department=department, department_code=code, region=region, year=year, phase=phase,
                     scope=scope, sources=sources)
    ident.department_key = department_key(region, department)
    ident.document_key = document_key(ident.department_key, year, phase, scope)
    return ident


def _first(fact: str, sources: dict[str, str], candidates: Sequence[tuple[str, object]]):
    """The first candidate with a value, its place recorded in ``sources`` under ``fact``."""
    for where, value in candidates:
        if value:
            sources[fact] = where
            return value
    return None
