"""A demo document poisoned in every text field (issue 12): its department, a project, an indicator,
a narrative sentence, a table title and its file name carry formula starts, markup that would open an
HTML comment or close a script, terminal escape sequences, BEL and a right-to-left override.

The demo load of this folder's conftest puts it in its inbox beside the demo documents: it is the
demo's 财政局 of another generator seed, renamed, so it adds up and is published on its merits."""

from __future__ import annotations

from pathlib import Path

DEPARTMENT = '=HYPERLINK("x")<!--<script>\x1b[31m\x07\u202e毒局'
PROJECT = "+项目</script><b>经费\x1b]0;t\x07"
INDICATOR = "@SUM(1)指标\u202e\x07"
NARRATIVE = "<!--<script>办公费\x1b[2J"
TABLE_TITLE = "部门固定资产占用情况表</script>\x07"
FILE_NAME = "report_=HYPERLINK(1)_\x1b[31m_\u202e<!--<script>_poison.txt"
SEED = 1234


def write_poisoned_document(inbox: Path) -> Path:
    from ingest.demo.documents import generate_documents

    demo = generate_documents(seed=SEED, departments=["finance"], years=[2024])[0]
    text = (demo.text.replace("财政局", DEPARTMENT).replace("财政业务综合管理经费", PROJECT)
            .replace("预算评审项目数", INDICATOR).replace("办公费、印刷费", NARRATIVE + "、印刷费")
            .replace("部门固定资产占用情况表", TABLE_TITLE))
    for part in (DEPARTMENT, PROJECT, INDICATOR, NARRATIVE, TABLE_TITLE):
        assert part in text, part
    path = inbox / FILE_NAME
    path.write_text(text, encoding="utf-8")
    return path
