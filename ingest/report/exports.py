"""The report's comparison tables as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)
and as one XLSX workbook with a sheet per table.

Amounts are in 万元 like the page, but exact (元 ÷ 10 000, never rounded); shares and changes are
percentages. The XLSX shows them with thousands separators and two decimals while each cell keeps
the exact value.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.escape import csv_cell, starts_formula, visible_controls
from ingest.report.formatting import phase_name, scope_name, to_wan


def _pct(value: Any) -> Decimal | None:
    if value is None:
        return None
    return (value if isinstance(value, Decimal) else Decimal(str(value))) * 100


@dataclass(frozen=True)
class Column:
    header: str
    get: Callable[[dict[str, Any]], Any]
    kind: str = "text"  # text | int | wan | pct


def _wan(field: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: to_wan(row.get(field))


def _share(field: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: _pct(row.get(field))


def _field(field: str) -> Callable[[dict[str, Any]], Any]:
    return lambda row: row.get(field)


DEPARTMENT_YEAR_COLUMNS = (
    Column("地区", _field("region_path")),
    Column("部门", _field("department_name")),
    Column("年度", _field("fiscal_year"), "int"),
    Column("阶段", lambda r: phase_name(r.get("phase"))),
    Column("口径", lambda r: scope_name(r.get("scope"))),
    Column("支出合计排名", _field("rank_expenditure_total"), "int"),
    Column("支出合计（万元）", _wan("expenditure_total"), "wan"),
    Column("基本支出（万元）", _wan("basic_expenditure"), "wan"),
    Column("项目支出（万元）", _wan("project_expenditure"), "wan"),
    Column("基本支出占比（%）", _share("basic_share"), "pct"),
    Column("项目支出占比（%）", _share("project_share"), "pct"),
    Column("人员经费（万元）", _wan("personnel_expenditure"), "wan"),
    Column("公用经费（万元）", _wan("public_expenditure"), "wan"),
    Column("人员经费占基本支出（%）", _share("personnel_share"), "pct"),
    Column("公用经费占基本支出（%）", _share("public_share"), "pct"),
    Column("“三公”经费排名", _field("rank_three_public_total"), "int"),
    Column("“三公”经费合计（万元）", _wan("three_public_total"), "wan"),
    Column("因公出国（境）费（万元）", _wan("three_public_abroad"), "wan"),
    Column("公务用车购置及运行维护费（万元）", _wan("three_public_car"), "wan"),
    Column("其中：公务用车购置费（万元）", _wan("three_public_car_purchase"), "wan"),
    Column("其中：公务用车运行维护费（万元）", _wan("three_public_car_operation"), "wan"),
    Column("公务接待费（万元）", _wan("three_public_reception"), "wan"),
    Column("机关运行经费（万元）", _wan("operating_costs"), "wan"),
    Column("上年支出合计（万元）", _wan("prior_expenditure_total"), "wan"),
    Column("支出合计比上年增减（万元）", _wan("expenditure_change"), "wan"),
    Column("支出合计比上年增减（%）", _share("expenditure_change_pct"), "pct"),
    Column("“三公”经费比上年增减（万元）", _wan("three_public_change"), "wan"),
    Column("“三公”经费比上年增减（%）", _share("three_public_change_pct"), "pct"),
    Column("文件编号（document_id）", _field("document_id")),
)

FUNCTION_SUBJECT_COLUMNS = (
    Column("部门", _field("department_name")),
    Column("年度", _field("fiscal_year"), "int"),
    Column("阶段", lambda r: phase_name(r.get("phase"))),
    Column("口径", lambda r: scope_name(r.get("scope"))),
    Column("功能分类科目编码", _field("function_code")),
    Column("功能分类科目名称", _field("function_name")),
    Column("级次", lambda r: {1: "类", 2: "款", 3: "项"}.get(r.get("subject_level"), r.get("subject_level"))),
    Column("金额（万元）", _wan("amount_yuan"), "wan"),
    Column("占支出合计（%）", _share("share_of_total"), "pct"),
    Column("文件编号（document_id）", _field("document_id")),
)

BUDGET_VS_FINAL_COLUMNS = (
    Column("地区", _field("region_name")),
    Column("部门", _field("department_name")),
    Column("年度", _field("fiscal_year"), "int"),
    Column("口径", lambda r: scope_name(r.get("scope"))),
    Column("预算支出合计（万元）", _wan("budget_expenditure_total"), "wan"),
    Column("决算支出合计（万元）", _wan("final_expenditure_total"), "wan"),
    Column("决算减预算（万元）", _wan("expenditure_difference"), "wan"),
    Column("执行率（%）", _share("expenditure_execution_rate"), "pct"),
    Column("预算“三公”经费（万元）", _wan("budget_three_public_total"), "wan"),
    Column("决算“三公”经费（万元）", _wan("final_three_public_total"), "wan"),
    Column("“三公”经费决算减预算（万元）", _wan("three_public_difference"), "wan"),
)

TABLES = (
    ("department_year", "部门年度对比", DEPARTMENT_YEAR_COLUMNS, "department_years"),
    ("function_subject", "功能分类构成", FUNCTION_SUBJECT_COLUMNS, "function_subjects"),
    ("budget_vs_final", "预算与决算", BUDGET_VS_FINAL_COLUMNS, "budget_vs_final"),
)


def _csv_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else csv_cell(value)


def _xlsx_text(cell) -> None:
    """A cell of text from a document stays text, never a formula: text that would start one
    (openpyxl makes a formula of any string beginning with ``=``) is a string cell with Excel's quote
    prefix, so editing it in Excel keeps it text too."""
    if isinstance(cell.value, str) and starts_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def write_csv(path: Path, columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in columns])
        for row in rows:
            writer.writerow([_csv_value(c.get(row)) for c in columns])
    return path


def write_xlsx(path: Path, tables: Sequence[tuple[str, Sequence[Column], Sequence[dict[str, Any]]]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = {"wan": "#,##0.00", "pct": "0.00", "int": "0"}
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in tables:
        sheet = book.create_sheet(title)
        sheet.append([c.header for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F1")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in rows:
            # control characters XML forbids (openpyxl would raise IllegalCharacterError) shown visibly
            sheet.append([visible_controls(v) if isinstance(v := c.get(row), str) else v for c in columns])
            for cell in sheet[sheet.max_row]:
                _xlsx_text(cell)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(10, min(28, len(column.header) * 2 + 2))
            if column.kind in formats:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = formats[column.kind]
                    cell.alignment = Alignment(horizontal="right")
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
    return path


def export_tables(data, out_dir: Path) -> dict[str, Path]:
    """Write ``<name>.csv`` for each comparison table and ``comparison_tables.xlsx``; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    sheets = []
    for name, title, columns, attribute in TABLES:
        rows = getattr(data, attribute)
        paths[f"{name}.csv"] = write_csv(out_dir / f"{name}.csv", columns, rows)
        sheets.append((title, columns, rows))
    paths["comparison_tables.xlsx"] = write_xlsx(out_dir / "comparison_tables.xlsx", sheets)
    return paths
