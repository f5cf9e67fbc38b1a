"""The weaker evidence of who published a document and for which year, and what a half of a pair
says on its own.

Why a module: identity.py reads what a document prints as its identity — the title, the cover, the
tables' header lines. Some files print less: Jiangsu's tables halves print no year, a county's
workbook names its department only in a 编制单位：… line, a file's name or its Title property may be
all that says 2024. This module gathers that evidence, each piece with where it was found, in the
order of trust identity.py applies after the printed title, cover and table headers (docs/
canonical-model.md, "Identity"):

1. **header lines** printed as running text: 编制单位：… / 编制部门：…, 预算年度：2024 / 决算年度；
2. **a running header or footer**: a title line repeated on every page, or carrying a page number
   (江苏省XX局2024年部门预算 - 3 -);
3. **the file name**: 2024年XX局部门预算.pdf, XX局2024年度部门决算.xlsx, or a bare year (…_2024_tables.pdf);
4. **the file's metadata**: its Title, then its Subject (PDF Info — GBK hex decoded by the reader —,
   OOXML core properties): only when it reads as a budget title (a department and a year before
   部门预算 / 决算), never a bare year — metadata is often stale (a 2015 template's title on a 2017
   budget) or another document's altogether;
5. **the other half** of a two-file document (parse.py: R04 says so).

Weak evidence never overrides strong evidence; it fills what the strong evidence leaves empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.model import Finding
from ingest.readers.blocks import Grid, SourceBlocks, TextLine
from ingest.reading.identity import cover_facts, title_facts

HEADER_LINE = "header line"
RUNNING = "running header/footer"
FILE_NAME = "file name"
METADATA_TITLE = "metadata title"
METADATA_SUBJECT = "metadata subject"
OTHER_HALF = "the other half"

_YEAR_LINE = re.compile(r"(?:预算|决算)年度[:：]?((?:19|20)\d{2})(?!\d)")
_COMPILER_LINE = re.compile(r"编制(?:部门|单位)[:：]\s*([^\s:：]{2,40})")
_PAGE_MARK = re.compile(r"(?:第\d+页(?:[,，/]?共\d+页)?|共\d+页|[-—–]\d+[-—–]|\d+/\d+)$")
# 江苏省委办公厅2018年度预算公开表, 2024年上海市普陀区财政局部门决算表
_NAME_DEPT_YEAR = re.compile(r"^(?P<dept>[^\d]{2,40}?)(?P<year>(?:19|20)\d{2})年度?(?:部门|单位)?(?:预算|决算)")
_NAME_YEAR_DEPT = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?P<dept>[^\d]{2,40}?)(?:部门|单位)(?:预算|决算)")
_BARE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PRODUCER = re.compile(r"^(?:Microsoft(?:Word|Excel|PowerPoint)?|WPS(?:文字|表格)?)[-–—:：]", re.IGNORECASE)
_NUMBERING = re.compile(r"^(?:附件\d*[:：、.\-_]?|\d+[、.\-_])")
_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|wps|et|html?|jsp|txt)$", re.IGNORECASE)
# what an institution's name ends with: a guard against a file named after a circular (关于做好2018年…)
_INSTITUTION_END = re.compile(r"(?:[局厅委办部院处室会所站馆校园队社团联府门署庭司行科级]|中心)$")


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: where it was found, and the department and year it states."""

    source: str
    department: str | None = None
    year: int | None = None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def name_facts(text: str | None, *, bare_year: bool = False) -> tuple[str | None, int | None]:
    """(department, year) from a file name or a metadata title; a bare year only where allowed
    (file names: …_2024_tables.pdf)."""
    if not text:
        return None, None
    compact = _NUMBERING.sub("", _PRODUCER.sub("", _EXTENSION.sub("", _compact(text))))
    for pattern in (_NAME_DEPT_YEAR, _NAME_YEAR_DEPT):
        if (m := pattern.match(compact)) is not None:
            dept = m.group("dept").strip("_-. ")
            year = int(m.group("year"))
            return (dept if _INSTITUTION_END.search(dept) and "关于" not in dept else None), year
    if bare_year and len(years := set(_BARE_YEAR.findall(compact))) == 1:
        return None, int(years.pop())
    return None, None


def _header_lines(texts: Iterable[str]) -> Evidence | None:
    department = year = None
    for text in texts:
        compact = unicodedata.normalize("NFKC", text).strip()
        if department is None and (m := _COMPILER_LINE.search(compact)):
            department = m.group(1)
        if year is None and (m := _YEAR_LINE.search(_compact(text))):
            year = int(m.group(1))
    return Evidence(HEADER_LINE, department, year) if department or year else None


def _running_lines(lines: Sequence[TextLine]) -> Evidence | None:
    """A title printed as a running header or footer: repeated on two pages or more, or carrying a
    page number."""
    pages_of: dict[str, set] = {}
    for line in lines:
        compact = _compact(line.text)
        stripped = _PAGE_MARK.sub("", compact)
        if stripped != compact or line.page is not None:
            pages_of.setdefault(stripped, set()).add((line.page, stripped != compact))
    for text, seen in pages_of.items():
        if len({page for page, _ in seen}) < 2 and not any(marked for _, marked in seen):
            continue
        department, year, _ = title_facts([text])
        if department or year:
            return Evidence(RUNNING, department, year)
    return None


def file_texts(source: SourceBlocks) -> list[str]:
    """Every text line and grid cell of one file, in order."""
    texts: list[str] = []
    for block in source.blocks:
        if isinstance(block, TextLine):
            texts.append(block.text)
        elif isinstance(block, Grid):
            texts.extend(c for row in block.rows for c in row.cells if c)
    return texts


def weak_evidence(source: SourceBlocks) -> list[Evidence]:
    """The evidence of one file after its title, cover and table headers, in order of trust."""
    found: list[Evidence] = []
    lines = [b for b in source.blocks if isinstance(b, TextLine)]
    if (header := _header_lines(b.text for b in lines)) is not None:
        found.append(header)
    if (running := _running_lines(lines)) is not None:
        found.append(running)
    for label, text, bare in ((FILE_NAME, source.name, True), (METADATA_TITLE, source.title, False),
                              (METADATA_SUBJECT, source.subject, False)):
        department, year = name_facts(text, bare_year=bare)
        if department or year:
            found.append(Evidence(label, department, year))
    return found


def own_year(source: SourceBlocks, table_years: Sequence[int]) -> tuple[int | None, str | None]:
    """(year, where) as one file states it on its own: title, cover, table headers, then its weak
    evidence; (None, None) when it states none."""
    texts = file_texts(source)
    if (year := title_facts(texts)[1]) is not None:
        return year, "title"
    if (year := cover_facts(texts)[1]) is not None:
        return year, "cover"
    if table_years:
        return Counter(table_years).most_common(1)[0][0], "table header"
    return next(((e.year, e.source) for e in weak_evidence(source) if e.year is not None), (None, None))


def year_from_other_half(sources: Sequence[SourceBlocks], read_tables: Sequence, year: int | None) -> list[Finding]:
    """R04 (warn): files read together as one document where one states no year of its own — not
    in a title, cover, table header, header line, running footer, file name or metadata — take the
    year the other half states; the finding names the file and where the year came from."""
    if len(sources) < 2 or year is None:
        return []
    own = {s.name: own_year(s, [r.facts.year for r in read_tables if r.table.file == s.name and r.facts.year])
           for s in sources}
    stating = [f"{name} ({where})" for name, (y, where) in own.items() if y is not None]
    if not stating:
        return []
    return [
        Finding(rule="R04", severity="warn", file=name,
                message=(f"{name} states no year of its own (no title, cover, table header, header line, "
                         f"running footer, file name or metadata names one): the document's year {year} is "
                         f"taken from the other half, {', '.join(stating)}"))
        for name, (y, _) in own.items() if y is None
    ]
