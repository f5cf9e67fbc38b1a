"""Whether a file in which no standard table was read is still a disclosure, and if not, why.

Three cases look alike to the table reader — nothing it recognises — and must end differently:

* a disclosure whose tables cannot be read: a web page whose tables are pictures, or the narrative
  half of a two-file document arriving alone. Its title names a department, a year and a budget
  (…2018年部门预算情况说明). It is parsed, and the S rules report every missing table (S01);
* a file that is about a disclosure but is none, such as a finance bureau's review checklist
  (公开情况检查表): rejected, saying what it is;
* anything else: rejected as not a disclosure.

Blank fill-in templates do have standard tables (with no amounts) and are rejected in
ingest/reading/parse.py as ``blank template: no amounts``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from ingest.reading.identity import title_facts

_CHECKLIST = re.compile(r"(检查|审核|自查|核查|评分|考核)(情况)?(表|清单)|检查内容|符合要求")
_TITLE_LINES = 15  # a title is among the first lines of a document


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def checklist_title(lines: Sequence[str]) -> str | None:
    """The title of a review checklist (…公开情况检查表), when the first lines are one."""
    for line in lines[:_TITLE_LINES]:
        if _CHECKLIST.search(_compact(line)):
            return line.strip()
    return None


def reads_as_disclosure(lines: Sequence[str]) -> bool:
    """Whether the text has a disclosure title: department + year + 预算 / 决算 (identity.title_facts)."""
    department, year, _ = title_facts(lines[: _TITLE_LINES * 4])
    return bool(department) and year is not None


def rejection_reason(lines: Sequence[str], default: str) -> str | None:
    """None when a document without readable standard tables is still a disclosure (parse it and let
    S01 say which tables are missing); else the reason to reject it (``default`` when nothing more
    specific is known)."""
    if (title := checklist_title(lines)) is not None:
        return f"not a disclosure: a review checklist ({title}), not the published document"
    if reads_as_disclosure(lines):
        return None
    return default
