"""Grid + recognised kind → canonical ``model.Table``: columns, line keys, codes, levels, exact amounts.

Why here and not in the readers: every format prints the same tables with the same headers, only
laid out differently. Once a reader has produced a grid, mapping its printed headers onto the
canonical columns of ingest/vocabulary.py, dropping scaffolding (序号, 栏次, header rows, the
department-code line, 预算年度), reading the unit and turning each cell into 元 is the same work for
all of them. Nothing here judges whether the numbers add up: that is the SQL rules' job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.amounts import AmountError, is_blank, looks_like_amount, parse_amount
from ingest.model import Finding, Row, SourceRef, Table
from ingest.readers.blocks import Grid, GridRow
from ingest.reading import vocabulary as v

FUNCTION_KINDS = ("income", "expenditure", "general_budget", "government_fund", "state_capital")
SUMMARY_KINDS = ("summary", "fiscal_summary")
HALF_UNIT_PLACES = Decimal("0.0001")  # raw.table_cell.half_unit is numeric(20, 4)

# printed header → canonical column, per family; first match wins, so specific names come first
_INCOME_HEADERS = (
    (r"上年结转", "carry_over"),
    (r"^(合计|总计)$", "total"),
    (r"^小计$|^本年收入(小计|合计)?$", "current_income"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"财政专户", "fiscal_special"),
    (r"财政拨款", "fiscal_appropriation"),
    (r"经营收入", "operating"),
    (r"事业收入", "business"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位上缴", "subordinate_remit"),
    (r"其他收入", "other"),
)
_EXPENDITURE_HEADERS = (
    (r"^(合计|总计|本年支出合计)$", "total"),
    (r"^小计$", "total"),  # 决算 fund tables: 本年支出 / 小计
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"经营支出", "operating"),
    (r"上(缴|解)上级", "remit_superior"),
    (r"对附属单位补助", "subsidy_subordinate"),
    (r"机动经费", "reserve"),
    (r"^金额$", "total"),  # Jiangsu function tables print one amount column, 金额
)
_BASIC_HEADERS = (
    # 决算数: the two-panel 决算 layout's one amount column; 金额: Jiangsu's one amount column
    (r"^(合计|总计|决算数|预算数|金额)$", "total"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
)
_FUND_HEADERS = (
    (r"^(合计|总计)$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
)
_FIXED_ASSET_HEADERS = ((r"价值|金额", "value"),)
_PROCUREMENT_HEADERS = (
    (r"^(合计|总计)$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"基金预算", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"财政专户", "fiscal_special"),
    (r"单位资金", "unit_funds"),
    (r"非财政拨款结转", "other_carry_over"),
    (r"财政拨款结转", "fiscal_carry_over"),
    (r"中小微企业", "sme_share"),
)
_HEADERS_BY_KIND = {
    "income": _INCOME_HEADERS,
    "expenditure": _EXPENDITURE_HEADERS,
    "general_budget": _EXPENDITURE_HEADERS,
    "government_fund": _EXPENDITURE_HEADERS,
    "state_capital": _EXPENDITURE_HEADERS,
    "basic_expenditure": _BASIC_HEADERS,
    "three_public": _FUND_HEADERS,
    "fixed_assets": _FIXED_ASSET_HEADERS,
    "procurement": _PROCUREMENT_HEADERS,
    "operating_costs": ((r"^(合计|总计|金额)$|机关运行经费", "total"),),
    "fiscal_expenditure": _EXPENDITURE_HEADERS,
    "fiscal_basic_expenditure": _BASIC_HEADERS,
}

_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_YEAR = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_DEPT_CODE = re.compile(r"^(\d{3,9})\s*(?!年)([^\d\s:：][^:：]*)$")  # 203组织部门, not 2024年…
_COMPILER = re.compile(r"编制(?:部门|单位)[:：]\s*(\S.*)$")
_META = re.compile(r"(预算|决算)年度|单位[:：]|编制(部门|单位)|截止(时间|日期)")
_ENUM = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
_TOTAL_NAMES = ("合计", "总计")


def clean(text: str) -> str:
    """A label as compared: NFKC, no whitespace, no quotes."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s“”\"'‘’]", "", text)


def strip_enumeration(label: str) -> str:
    """``一、一般公共服务支出`` → ``一般公共服务支出``; ``其中：公务用车购置费`` → ``公务用车购置费``."""
    text = _ENUM.sub("", clean(label))
    return re.sub(r"^其中[:：]", "", text)


@dataclass
class TableHeaderFacts:
    """What a table's scaffolding says about the document: checked by the S rules, used by identity."""

    year: int | None = None
    department: str | None = None
    department_code: str | None = None
    unit: str | None = None


@dataclass
class ReadTable:
    table: Table
    facts: TableHeaderFacts
    findings: list[Finding] = field(default_factory=list)
    data_row_count: int = 0  # physical rows with any label or amount (S02: "has rows")


# --- scaffolding ------------------------------------------------------------------------------


def _is_meta_row(row: GridRow) -> bool:
    cells = [c for c in row.cells if c.strip()]
    if not cells:
        return False
    return all(_META.search(c) or _DEPT_CODE.match(clean(c)) for c in cells) and not any(
        looks_like_amount(c) for c in cells
    )


def _is_column_number_row(row: GridRow) -> bool:
    """栏次 1 2 3 …, or a row of consecutive column numbers alone."""
    cells = [clean(c) for c in row.cells]
    if cells and cells[0] == "栏次":
        return True
    numbers = [c for c in cells if c]
    return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) == len(cells)


def split_grid(grid: Grid) -> tuple[list[GridRow], list[GridRow], list[GridRow]]:
    """(meta rows, header rows, data rows). The 栏次 row, when printed, ends the header."""
    rows = list(grid.rows)
    meta: list[GridRow] = []
    while rows and (_is_meta_row(rows[0]) or rows[0].is_blank()):
        meta.append(rows.pop(0))
    numbered = next((i for i, r in enumerate(rows) if _is_column_number_row(r)), None)
    if numbered is not None:
        return meta, rows[:numbered], rows[numbered + 1 :]
    header: list[GridRow] = []
    positional = any(r.spans for r in rows)
    while rows and not any(looks_like_amount(c) for c in rows[0].cells[1:]) and not rows[0].is_blank():
        if positional and _positional_data_row(rows[0]):
            break
        if not positional and header and _looks_like_data_label(rows[0]):
            break
        header.append(rows.pop(0))
    return meta, header, rows


def _looks_like_data_label(row: GridRow) -> bool:
    first = clean(next((c for c in row.cells if c.strip()), ""))
    return bool(re.match(r"^\d{3,7}$", first)) or first in _TOTAL_NAMES


def header_facts(meta: Sequence[GridRow], header: Sequence[GridRow], title: str) -> TableHeaderFacts:
    facts = TableHeaderFacts()
    for cell in [c for r in meta for c in r.cells] + [c for r in header for c in r.cells] + [title]:
        text = unicodedata.normalize("NFKC", cell).strip()
        if facts.unit is None and (m := _UNIT.search(text.replace(" ", ""))):
            facts.unit = m.group(1)
        if facts.year is None and (m := _YEAR.search(text)):
            facts.year = int(m.group(1))
        if cell is title:
            continue
        if facts.department is None and (m := _COMPILER.search(text)):
            facts.department = m.group(1).strip()
    for row in meta:
        for cell in row.cells:
            m = _DEPT_CODE.match(clean(cell))
            if m and facts.department_code is None and not _META.search(cell):
                facts.department_code, facts.department = m.group(1), facts.department or m.group(2)
    return facts


def column_labels(header: Sequence[GridRow], width: int) -> list[str]:
    """One label per data column from (up to two levels of) header rows with merged cells.

    A DOCX rendering prints a merged cell once. The bottom header row has one cell per column;
    where it is blank the column's label is the cell above it (a vertically merged cell), and a
    non-blank run in the bottom row sits under one horizontally merged group cell above. The leaf
    label wins; a blank leaf takes the label of the cell above.
    """
    if not header:
        return [""] * width
    bottom = [clean(c) for c in header[-1].cells] + [""] * width
    bottom = bottom[:width]
    if len(header) == 1:
        return bottom
    top = [clean(c) for c in header[-2].cells if clean(c)]
    above = [""] * width
    pos = 0
    for index, label in enumerate(top):
        if pos >= width:
            break
        if not bottom[pos]:
            above[pos] = label
            pos += 1
            continue
        start = pos
        if "科目" in label:
            while pos < width and bottom[pos] and re.search(r"编码|名称|科目|类|款|项", bottom[pos]):
                pos += 1
        elif index == len(top) - 1:
            pos = width
        else:
            while pos < width and bottom[pos]:
                pos += 1
        for i in range(start, max(pos, start + 1)):
            above[i] = label
        pos = max(pos, start + 1)
    return [b or a for b, a in zip(bottom, above, strict=True)]


def _map_header(label: str, patterns: Sequence[tuple[str, str]]) -> str | None:
    for pattern, column in patterns:
        if re.search(pattern, label):
            return column
    return None


def _is_label_header(label: str) -> bool:
    return bool(re.search(r"^项目$|名称$|^科目$", label))


def _is_code_header(label: str) -> bool:
    return "编码" in label or label.endswith("代码") or label in ("类", "款", "项")  # Jiangsu: 功能科目代码


# --- cells ------------------------------------------------------------------------------------


def _format_half(value: Decimal) -> str:
    return str(value.quantize(HALF_UNIT_PLACES))


@dataclass
class _CellReader:
    """Turns printed cells into values / texts / half_units of a Row, collecting R01 findings."""

    kind: str
    title: str
    file: str
    factor: int | None
    findings: list[Finding] = field(default_factory=list)

    def fill(self, row: Row, column: str, text: str, label: str, where: str | None = None) -> None:
        """``where``: the cell's place in the file when the reader knows it (sheet / row / cell)."""
        row.texts[column] = text
        try:
            amount = parse_amount(text, self.factor or 1)
        except AmountError:
            row.values[column] = None
            self.findings.append(
                Finding(
                    rule="R01",
                    severity="error",
                    table=self.kind,
                    row=row.code or row.name,
                    column=column,
                    file=self.file,
                    message=(
                        f"{self.title}: row {row.code or ''} {row.name!r}, column {label or column}: "
                        f"cell {text!r} is not an amount" + (f" ({where})" if where else "")
                    ).replace("row  ", "row "),
                )
            )
            return
        if amount is None or self.factor is None:
            # blank, or no unit to convert with (S04 reports the unit once; never a guess)
            row.values[column] = None
            return
        row.values[column] = amount.yuan()
        row.half_units[column] = _format_half(amount.half_unit)


def _source(row: GridRow) -> SourceRef:
    return SourceRef(page=row.page, line=row.line, text=row.text)


# --- line keys --------------------------------------------------------------------------------


def summary_income_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"本年收入合计|当年收入小计|本年收入小计", "current_year_total"),
        (r"收入总计|^收入合计$|^总计$", "grand_total"),
        (r"使用非财政拨款结余", "non_fiscal_balance"),  # 决算: 使用非财政拨款结余（含专用结余）
        (r"^财政拨款(收入)?$", "fiscal_appropriation"),  # Shanghai: the parent of 1. 一般公共预算 …
        (r"上年结转|年初.*结转|结转和结余$", "carry_over"),
        (r"一般公共预算", "general_budget"),
        (r"政府性基金", "government_fund"),
        (r"国有资本经营", "state_capital"),
        (r"财政专户", "fiscal_special"),
        (r"经营收入", "operating"),
        (r"事业收入", "business"),
        (r"上级补助", "superior_subsidy"),
        (r"附属单位上缴", "subordinate_remit"),
        (r"其他收入", "other"),
        (r"^其他资金$", "other"),  # Jiangsu: 三、其他资金 (事业收入, 经营收入, 其他收入 …) is the other sources
    )
    return _map_header(text, rules)


def summary_expenditure_line(label: str) -> tuple[str | None, str | None]:
    """(line key, 类 code): function lines are ("function", "201")."""
    text = strip_enumeration(label)
    code = v.FUNCTION_CLASSES.get(text)
    if code:
        return "function", code
    rules = (
        (r"本年支出合计|当年支出小计|本年支出小计", "current_year_total"),
        (r"支出总计|^支出合计$|^总计$", "grand_total"),
        (r"年终结转|年末.*结转|结转下年", "year_end_carry"),
        (r"^结余分配$", "balance_distribution"),  # 决算
    )
    line = _map_header(text, rules) or summary_use_line(label)
    if line is None and _ENUM.match(clean(label)):
        # a numbered line of the function list whose name we do not know (Hebei's 三十一、人行科目)
        return "function", None
    return line, None


def summary_use_line(label: str) -> str | None:
    """Jiangsu's expenditure by use (支出用途): 一、基本支出 / 二、项目支出 / 三、单位预留机动经费."""
    text = strip_enumeration(label)
    return _map_header(text, ((r"^基本支出$", "use.basic"), (r"^项目支出$", "use.project"),
                              (r"机动经费$", "use.reserve")))


def three_public_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"^(合计|总计)$", "total"),
        (r"三公经费(小计|合计)|^小计$", "subtotal"),
        (r"教学科研人员因公出国", "abroad.teaching"),
        (r"其他因公出国", "abroad.other"),
        (r"因公出国", "abroad"),
        (r"公务用车购置及运", "car"),
        (r"公务用车购置", "car.purchase"),
        (r"公务用车运", "car.operation"),
        (r"公务接待", "reception"),
        (r"会议费", "meeting"),
        (r"培训费", "training"),
        (r"机关运行经费", "operating_costs"),
    )
    return _map_header(text, rules)


def fixed_asset_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"资产总额|^合计$", "total"),
        (r"办公用房", "buildings.office"),
        (r"房屋", "buildings"),
        (r"车辆", "vehicles"),
        (r"设备", "equipment"),
        (r"其他固定资产", "other"),
    )
    return _map_header(text, rules)


# --- tables -----------------------------------------------------------------------------------


def _pad(row: GridRow, width: int) -> list[str]:
    return list(row.cells) + [""] * (width - len(row.cells))


def _level_of(kind: str, code: str | None) -> int | None:
    if not code:
        return None
    if kind in ("basic_expenditure", "fiscal_basic_expenditure", "operating_costs"):
        return v.level_of_economic_code(code)
    return v.level_of_function_code(code)


def read_table(
    kind: str,
    title: str,
    grid: Grid,
    file: str,
    document_unit: str | None = None,
    note: str | None = None,
) -> ReadTable:
    """Normalise one recognised grid into a canonical Table (see the module docstring)."""
    meta, header, data = split_grid(grid)
    facts = header_facts(meta, header, title)
    unit = facts.unit or document_unit
    factor = v.UNIT_FACTORS.get(unit) if unit else None
    table = Table(kind=kind, title=title, unit=unit, unit_factor=factor, file=file, page=grid.page, note=note)
    cells = _CellReader(kind, title, file, factor)
    width = max([grid.width] + [len(r.cells) for r in data])
    paths: list[list[str]] | None = None
    if any(r.spans for r in header):
        header, data = _lift_code_labels(header, data)
        paths = positional_column_paths(header, width)
        labels = [path[-1] if path else "" for path in paths]
    else:
        labels = column_labels(header, width)
    if kind in SUMMARY_KINDS:
        count = _read_summary(kind, table, labels, data, width, cells)
    elif kind == "three_public" and paths is not None and _parts_as_columns(paths):
        count = _read_three_public_columns(table, paths, data, width, cells)
    elif kind == "basic_expenditure" and (panels := _panels(labels)) is not None:
        count = _read_panels(kind, table, labels, panels, data, width, cells)
    elif kind == "income" and (amount := _sources_as_rows(labels)) is not None:
        count = _read_source_rows(table, labels, amount, data, width, cells)
    else:
        count = _read_rows(kind, table, labels, data, width, cells)
    return ReadTable(table=table, facts=facts, findings=cells.findings, data_row_count=count)


def _classify(kind: str, row: Row, parts: int) -> None:
    """A row's level and line key from its code, its name and how its code was printed."""
    if not row.code and clean(row.name) in _TOTAL_NAMES:
        row.level, row.line = 0, "total"
    elif kind == "three_public":
        row.line = three_public_line(row.name)
        row.level = 0 if row.line == "total" else None
    elif kind == "fixed_assets":
        row.line = fixed_asset_line(row.name)
        row.level = {"total": 0, "buildings.office": 2}.get(row.line or "", 1)
    elif parts > 1:
        row.level = parts  # split 类 / 款 / 项 columns: the level is where the code was printed
    else:
        row.level = _level_of(kind, row.code)


def _read_rows(
    kind: str, table: Table, labels: list[str], data: list[GridRow], width: int, cells: _CellReader
) -> int:
    patterns = _HEADERS_BY_KIND.get(kind, ())
    code_cols = [i for i, lab in enumerate(labels) if _is_code_header(lab)]
    label_cols = [i for i, lab in enumerate(labels) if _is_label_header(lab) and i not in code_cols]
    amount_cols: dict[int, str] = {}
    for i, lab in enumerate(labels):
        if i in code_cols or i in label_cols or lab == "序号":
            continue
        column = _map_header(lab, patterns)
        if column and column not in amount_cols.values():
            amount_cols[i] = column
    name_col = label_cols[0] if label_cols else None
    table.columns = list(amount_cols.values())
    table.column_labels = {column: labels[i] for i, column in amount_cols.items()}
    count = 0
    for grid_row in data:
        raw = _pad(grid_row, width)
        if _is_empty_marker_row(raw):
            continue  # 无 / … : an empty table's marker, a template's placeholder row
        code, parts = join_code([raw[i] for i in code_cols])
        name = raw[name_col].strip() if name_col is not None else ""
        if not name and name_col is None:
            name = next((c.strip() for i, c in enumerate(raw) if c.strip() and i not in amount_cols), "")
        if kind == "procurement":
            # 采购品目大类 | 专项名称 | 经济科目 | 采购物品名称 | 采购组织形式: each row fills some of them
            name = " / ".join(c.strip() for i, c in enumerate(raw) if c.strip() and i not in amount_cols)
        if not code and not name and all(is_blank(raw[i]) for i in amount_cols):
            continue  # blank filler row (an empty table prints one)
        if code and not code.isdigit():
            name, code, parts = f"{code}{name}", None, 0
        if code_cols and not code and (m := _CODE_IN_LABEL.match(clean(name))):
            code, name, parts = m.group(1), m.group(2), 1  # no ruling between the code and name cells
        if not code and not name and name_col is None and not code_cols and "total" in amount_cols.values():
            # Jiangsu 支出预算总表: one row of amounts under 合计 | 基本支出 | 项目支出 | …: the table's 合计
            name = next(labels[i] for i, column in amount_cols.items() if column == "total")
        row = Row(code=code, name=name, source=_source(grid_row))
        blank_total = not code and clean(name) in _TOTAL_NAMES and all(is_blank(raw[i]) for i in amount_cols)
        count += 0 if blank_total else 1  # an empty table's 合计 row with nothing in it is no data
        _classify(kind, row, parts)
        for i, column in amount_cols.items():
            cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
        table.rows.append(row)
    return count


# --- income by source printed as rows (Jiangsu 收入预算总表: 项目名称 | 金额) ------------------------

_SOURCE_GROUPS = (
    (r"总计|^合计$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"专户", "fiscal_special"),  # 财政专户管理资金 (also misprinted 财政转专户管理资金)
    (r"上年结转|结转和结余", "carry_over"),
    (r"^其他资金$|^单位资金$", "other"),
)
_SOURCE_ITEMS = (
    (r"公共财政拨款|^财政拨款", "appropriation"),
    (r"专项收入", "earmarked"),
    (r"教育收费", "education_fees"),
    (r"非税收入", "non_tax"),
    (r"事业收入", "business"),
    (r"经营收入", "operating"),
    (r"其他收入", "other"),
    (r"债务|贷款", "debt"),
    (r"动用", "used"),
)
_SUBTOTAL = ("", "小计", "合计")


def _sources_as_rows(labels: Sequence[str]) -> int | None:
    """The amount column of an income table that lists its sources as rows under one 金额 column
    (no header names a source), else None."""
    amounts = [i for i, lab in enumerate(labels) if re.fullmatch(r"金额|预算数", lab)]
    if len(amounts) != 1 or any(_map_header(lab, _INCOME_HEADERS) for lab in labels):
        return None
    return amounts[0]


def _read_source_rows(
    table: Table, labels: list[str], amount: int, data: list[GridRow], width: int, cells: _CellReader
) -> int:
    """One row per source: a group (一般公共预算资金 | 小计) and its items (| 公共财政拨款(补助)资金);
    the group's cell is printed once, in its first row. Line keys: the group's source
    (``general_budget``, ``fiscal_special``, ``other``, ``carry_over`` …) and ``<group>.<item>``
    (``general_budget.appropriation``, ``other.business``, ``carry_over.used`` …); 收入总计 is the
    table's 合计 row (``total``, level 0), read with the one column ``total``."""
    table.columns = ["total"]
    table.column_labels = {"total": labels[amount]}
    group_key = None
    count = 0
    for grid_row in data:
        raw = _pad(grid_row, width)
        texts = [raw[i].strip() for i in range(amount)]
        if not any(texts) and is_blank(raw[amount]):
            continue
        item = texts[-1] if len(texts) > 1 else ""
        head = next((t for t in texts[:-1] if t), "") if len(texts) > 1 else texts[0]
        if head:
            group_key = _map_header(clean(head), _SOURCE_GROUPS)
        if head and clean(item) in _SUBTOTAL:
            name, line, level = f"{head}{item}", group_key, 1
            if group_key == "total":
                name, level = head, 0
        else:
            name = item
            key = _map_header(strip_enumeration(item), _SOURCE_ITEMS)
            line = f"{group_key}.{key}" if group_key and key else None
            level = 2
        row = Row(name=name, line=line, level=level, source=_source(grid_row))
        cells.fill(row, "total", raw[amount].strip(), labels[amount], grid_row.where(amount))
        table.rows.append(row)
        count += level != 0
    return count


def _summary_layout(
    kind: str, labels: list[str], width: int
) -> tuple[int, int, int | None, dict[int, str], dict[int, str]]:
    """(income label column, expenditure label column, use label column or None, income amount
    columns, expenditure amount columns) of a summary-kind table."""
    label_cols = [i for i, lab in enumerate(labels) if _is_label_header(lab)]
    if len(label_cols) < 2:
        # no 项目 headers found (a blank template whose rows all read as header): assume the
        # two-panel layout instead of indexing past the row (项目 | 预算数 | 项目 | 预算数 at width 4)
        label_cols = [1, 3] if width >= 5 else [0, width // 2] if width >= 2 else [0, 0]
    income_label, expenditure_label = label_cols[0], label_cols[1]
    use_label = label_cols[2] if len(label_cols) > 2 and label_cols[2] + 1 < width else None
    income_amounts = {i: v.AMOUNT for i in range(income_label + 1, expenditure_label)}
    income_amounts = dict(list(income_amounts.items())[:1])
    expenditure_amounts: dict[int, str] = {}
    if kind == "fiscal_summary":
        for i in range(expenditure_label + 1, use_label or width):
            column = _map_header(labels[i], _FUND_HEADERS)
            if column and column not in expenditure_amounts.values():
                expenditure_amounts[i] = column
        if not expenditure_amounts and expenditure_label + 1 < width and use_label is None:
            # one amount column (Jiangsu 金额): the expenditure side's 合计
            expenditure_amounts = {expenditure_label + 1: "total"}
    if not expenditure_amounts and expenditure_label + 1 < width:
        expenditure_amounts = {expenditure_label + 1: v.AMOUNT}
    return income_label, expenditure_label, use_label, income_amounts, expenditure_amounts


def _read_summary(
    kind: str, table: Table, labels: list[str], data: list[GridRow], width: int, cells: _CellReader
) -> int:
    """Two panels per physical row → two logical rows (side income / expenditure); Jiangsu prints a
    third, the expenditure by use (基本支出 / 项目支出 / 单位预留机动经费), whose rows are expenditure
    lines ``use.*`` of their own."""
    income_label, expenditure_label, use_label, income_amounts, expenditure_amounts = _summary_layout(
        kind, labels, width)
    columns = [v.AMOUNT] + [c for c in expenditure_amounts.values() if c != v.AMOUNT]
    table.columns = columns
    table.column_labels = {v.AMOUNT: labels[income_label + 1] if income_label + 1 < width else ""}
    table.column_labels.update({c: labels[i] for i, c in expenditure_amounts.items() if c != v.AMOUNT})
    count = 0
    in_carry_over = False
    last: dict[str, Row] = {}  # the last row of each side, for a label wrapped over a page break
    previous_page: int | None = None
    for grid_row in data:
        raw = _pad(grid_row, width)
        spans = list(grid_row.spans or ()) + [1] * width
        left, right = raw[income_label].strip(), raw[expenditure_label].strip()
        use = raw[use_label].strip() if use_label is not None and spans[use_label] != 0 else ""
        new_page = previous_page is not None and grid_row.page != previous_page
        previous_page = grid_row.page
        if new_page and not any(looks_like_amount(c) for c in raw) and _join_wrapped_labels(last, left, right):
            continue  # the rest of a label cut by the page break (八、社会保障和就 / 业支出)
        if not left and not right and not use:
            continue
        count += 1
        if left:
            line = summary_income_line(left)
            if line == "carry_over":
                in_carry_over = True
            elif line in ("general_budget", "government_fund", "state_capital") and in_carry_over:
                line = f"carry_over.{line}"
            elif line in ("grand_total", "current_year_total"):
                in_carry_over = False
            row = Row(name=left, line=line, side="income", source=_source(grid_row))
            for i, column in income_amounts.items():
                cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
            table.rows.append(row)
            last["income"] = row
        if right:
            amounts = expenditure_amounts
            span = spans[expenditure_label]
            if span > 1 and len(amounts) == 1 and expenditure_label + span < width:
                # a label over both expenditure panels (Jiangsu 当年支出小计, 支出合计): its amount is
                # printed in the column after it
                amounts = {expenditure_label + span: next(iter(amounts.values()))}
            last["expenditure"] = _expenditure_line(table, grid_row, right, raw, amounts, labels, cells)
        if use:
            row = Row(name=use, line=summary_use_line(use), side="expenditure", source=_source(grid_row))
            cells.fill(row, v.AMOUNT, raw[use_label + 1].strip(), labels[use_label + 1], grid_row.where(use_label + 1))
            table.rows.append(row)
    return count


def _expenditure_line(table: Table, grid_row: GridRow, label: str, raw: list[str], amounts: dict[int, str],
                      labels: list[str], cells: _CellReader) -> Row:
    line, code = summary_expenditure_line(label)
    row = Row(name=label, line=line, code=code, side="expenditure", level=1 if line == "function" else None,
              source=_source(grid_row))
    for i, column in amounts.items():
        cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
    table.rows.append(row)
    return row


def _join_wrapped_labels(last: dict[str, Row], left: str, right: str) -> bool:
    """A row at the top of a page that only finishes the labels of the row before it (the cell was
    cut by the page break): join them into that row and say so. A label that reads as a line of its
    own, or whose join reads as none, is a row of its own."""
    joined: dict[str, tuple[str, str | None, str | None]] = {}
    for side, text in (("income", left), ("expenditure", right)):
        if not text:
            continue
        row = last.get(side)
        if row is None:
            return False
        if side == "income":
            if summary_income_line(text) is not None or (line := summary_income_line(row.name + text)) is None:
                return False
            joined[side] = (row.name + text, line, None)
        else:
            line, code = summary_expenditure_line(text)
            if line is not None:
                return False
            line, code = summary_expenditure_line(row.name + text)
            if line is None or (line == "function" and code is None):
                return False
            joined[side] = (row.name + text, line, code)
    if not joined:
        return False
    for side, (name, line, code) in joined.items():
        row = last[side]
        row.name, row.line, row.code = name, line, code
        row.level = 1 if line == "function" else None
    return True


# --- positional grids (PDF): one cell per column, merged cells with spans ----------------------

_EMPTY_MARKERS = re.compile(r"^(无|此表为空|本表为空|[…。.．·]+)$")
# a subject code printed in the name cell (the ruling between the two is missing): 30104其他社会保障缴费
_CODE_IN_LABEL = re.compile(r"^(\d{3}|\d{5}|\d{7})(?![\d年月日%.])(\S.*)$")
_CODE_LABELS = ("类", "款", "项")
_PERSONNEL_TOTAL = re.compile(r"^人员经费(合计|小计)$")
_PUBLIC_TOTAL = re.compile(r"^公用经费(合计|小计)$")


def _is_empty_marker_row(cells: Sequence[str]) -> bool:
    """A row holding only 无 (an empty table says so) or ellipses (a template's sample rows)."""
    texts = [clean(c) for c in cells if clean(c)]
    return bool(texts) and all(_EMPTY_MARKERS.match(t) for t in texts)


def _positional_data_row(row: GridRow) -> bool:
    """In a positional grid, where the header ends: a row that starts with a subject code, an
    empty-table marker, or a 合计 row whose other cells hold no header text."""
    first = clean(row.cells[0]) if row.cells else ""
    if re.match(r"^\d{3,7}$", first) or _is_empty_marker_row(row.cells) or _ENUM.match(first):
        return True  # a code, 无, or a numbered line (一、一般公共预算财政拨款收入) of a table with no amounts
    if first in _TOTAL_NAMES:
        return all(not clean(c) or looks_like_amount(c) for c in row.cells[1:])
    return False


def join_code(cells: Sequence[str]) -> tuple[str | None, int]:
    """Code cells of a row → (joined code, how many code columns are filled).

    Split over 类 / 款 / 项 columns the parts join (204 | 06 | 01 → 2040601); a one-digit 款 or 项
    part lost its leading zero in a spreadsheet export and is padded (301 | 2 → 30102). The 类
    part is never padded: a misprinted 类 (7 | 11 | 02) stays as printed, for the rules to catch.
    """
    texts = [clean(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return None, 0
    if len(texts) > 1 and all(t.isdigit() for t in filled):
        padded = [texts[0]] + [t.zfill(2) if len(t) == 1 else t for t in texts[1:]]
        return "".join(padded), len(filled)
    return "".join(texts), len(filled) if len(texts) > 1 else 1


def _lift_code_labels(header: list[GridRow], data: list[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """决算 tables print the 类 / 款 / 项 labels in the band of the 合计 row: move them to a header row."""
    if not data:
        return header, data
    first = data[0]
    positions = [i for i, c in enumerate(first.cells) if clean(c) in _CODE_LABELS]
    if not positions or not any(looks_like_amount(c) or clean(c) in _TOTAL_NAMES for c in first.cells):
        return header, data
    labels = tuple(c if i in positions else "" for i, c in enumerate(first.cells))
    rest = tuple("" if i in positions else c for i, c in enumerate(first.cells))
    spans = tuple(1 for _ in first.cells)
    lifted = GridRow(labels, line=first.line, page=first.page, spans=spans)
    kept = GridRow(rest, line=first.line, page=first.page, spans=first.spans, refs=first.refs)
    return header + [lifted], [kept] + data[1:]


def positional_column_paths(header: Sequence[GridRow], width: int) -> list[list[str]]:
    """For each column, the header texts that cover it, top to bottom (merged cells included).

    ``["项目", "功能分类科目编码", "类"]``, ``["“三公”经费预算数", "公务用车购置及运行费", "购置费"]``: the
    last one is the column's own label, the ones above say which group it belongs to.
    """
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        if row.spans is None:
            continue
        cells = list(row.cells) + [""] * (width - len(row.cells))
        spans = list(row.spans) + [1] * (width - len(row.spans))
        for j in range(width):
            if spans[j] == 0 or not clean(cells[j]):
                continue
            for k in range(j, min(width, j + max(spans[j], 1))):
                text = clean(cells[j])
                if not paths[k] or paths[k][-1] != text:
                    paths[k].append(text)
    return paths


# --- 三公 printed as one row, the parts as columns (Shanghai) --------------------------------------


def _parts_as_columns(paths: Sequence[Sequence[str]]) -> bool:
    return sum(1 for p in paths if _three_public_part(p)[0] in ("abroad", "reception")) >= 2


def _three_public_part(path: Sequence[str]) -> tuple[str | None, str]:
    """(line, column) of one 三公 column from its header path: 决算 tables pair 预算数 / 决算数
    under each part; a budget prints one amount per part. 小计 / 购置费 / 运行费 under
    公务用车购置及运行费 are the car lines."""
    column = "total"
    texts = list(path)
    if texts and texts[-1] in ("预算数", "决算数"):
        column = "budget" if texts.pop() == "预算数" else "total"  # 决算数 is the document's own amount
    for k in range(len(texts) - 1, -1, -1):
        parent = three_public_line(texts[k - 1]) if k else None
        leaf = texts[k]
        if parent == "car":
            if re.search(r"小计|合计", leaf):
                return "car", column
            if "购置" in leaf:
                return "car.purchase", column
            if "运行" in leaf or "运维" in leaf:
                return "car.operation", column
        line = three_public_line(leaf)
        if line == "subtotal" and parent is None and k == 0:
            return "subtotal", column
        if line:
            return line, column
    return None, column


def _read_three_public_columns(
    table: Table, paths: list[list[str]], data: list[GridRow], width: int, cells: _CellReader
) -> int:
    """One printed row (or none) → one canonical row per part (total, abroad, car …)."""
    parts: dict[str, Row] = {}
    columns: list[str] = []
    printed = [r for r in data if any(looks_like_amount(c) for c in r.cells)]
    for j, path in enumerate(paths):
        line, column = _three_public_part(path)
        if line is None:
            continue
        if column not in columns:
            columns.append(column)
        if not printed:
            continue
        grid_row = printed[0]
        raw = _pad(grid_row, width)
        row = parts.get(line)
        if row is None:
            name = next((t for t in reversed(path) if t not in ("预算数", "决算数")), line)
            row = parts[line] = Row(name=name, line=line, level=0 if line == "total" else None,
                                    source=_source(grid_row))
        cells.fill(row, column, raw[j].strip(), "/".join(path), grid_row.where(j))
    table.columns = columns
    table.column_labels = {"total": "决算数" if "budget" in columns else "预算数", "budget": "预算数"}
    table.column_labels = {c: table.column_labels[c] for c in columns}
    table.rows.extend(parts.values())
    return len(printed)


# --- economic classes printed in two panels side by side (决算) ----------------------------------


def _panels(labels: Sequence[str]) -> tuple[int, int] | None:
    """(start of the right panel, width) when a table prints two code/name/amount panels."""
    names = [i for i, lab in enumerate(labels) if _is_label_header(lab) and not _is_code_header(lab)]
    if len(names) != 2:
        return None
    start = names[1]
    while start > 0 and _is_code_header(labels[start - 1]):
        start -= 1
    if start <= names[0]:
        return None
    return start, len(labels)


def _read_panels(
    kind: str, table: Table, labels: list[str], panels: tuple[int, int], data: list[GridRow], width: int,
    cells: _CellReader,
) -> int:
    """Left panel rows, then right panel rows, read as one table; the footer 人员经费合计 |
    公用经费合计 becomes the 合计 row with its personnel and public columns."""
    start, end = panels
    left: list[GridRow] = []
    right: list[GridRow] = []
    footer: list[tuple[GridRow, str, str]] = []
    for grid_row in data:
        raw = _pad(grid_row, width)
        texts = [clean(c) for c in raw]
        personnel = next((i for i, t in enumerate(texts) if _PERSONNEL_TOTAL.match(t)), None)
        public = next((i for i, t in enumerate(texts) if _PUBLIC_TOTAL.match(t)), None)
        if personnel is not None or public is not None:
            amounts = [c.strip() for c in raw if looks_like_amount(c)]
            left_amount = next((c.strip() for c in raw[:start] if looks_like_amount(c)), "")
            right_amount = next((c.strip() for c in raw[start:end] if looks_like_amount(c)), "")
            if not amounts:
                left_amount = right_amount = ""
            footer.append((grid_row, left_amount, right_amount))
            continue
        for part, lo, hi in ((left, 0, start), (right, start, end)):
            cells_of = tuple(raw[lo:hi])
            if any(clean(c) for c in cells_of):
                spans = grid_row.spans[lo:hi] if grid_row.spans else None
                part.append(GridRow(cells_of, line=grid_row.line, page=grid_row.page, spans=spans))
    count = _read_rows(kind, table, labels[:start], left, start, cells)
    count += _read_rows(kind, table, labels[start:end], right, end - start, cells)
    for grid_row, personnel, public in footer:
        row = Row(name="合计", level=0, line="total", source=_source(grid_row))
        cells.fill(row, "personnel", personnel, "人员经费合计")
        cells.fill(row, "public", public, "公用经费合计")
        table.rows.append(row)
        for column, label in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
            if column not in table.columns:
                table.columns.append(column)
                table.column_labels[column] = label
    return count
