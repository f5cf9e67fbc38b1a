"""The `budgetwh` command: parse or validate files, run the nightly pipeline in-process, print the DSN.

Heavy imports (psycopg, Great Expectations, Airflow, dbt) happen inside the commands that need them:
`budgetwh parse` must stay fast and must not touch a database (contract.md).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import click

from ingest import READER_VERSION
from ingest.escape import terminal, terminal_json  # what is printed: control characters shown escaped

# platformdirs (pulled in by Airflow and GX) warns on machines without a login session; not ours to act on
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            files.append(p)
    return files


def _parse_all(files: list[Path], *, show_progress: bool = False):
    """Parse the files into documents (two-file documents paired: ingest/reading/pairing.py), sorted by
    document key; an unreadable file becomes a rejected document naming the file and the reason.
    With ``show_progress`` and more than one file, progress goes to standard error (ingest/progress.py)."""
    from ingest.reading.parse import parse_paths

    if not show_progress or len(files) < 2:
        return parse_paths(files)
    from ingest.progress import Progress

    progress = Progress("parse")
    docs = parse_paths(files, progress=progress.update)
    progress.finish(f"{len(docs)} documents")
    return docs


def _state(doc) -> str:
    """ok | warnings | errors | unreadable | rejected: what a document came to."""
    meta = doc.document
    if meta.status == "rejected":
        return "unreadable" if (meta.reason or "").startswith("unreadable") else "rejected"
    if any(f.severity == "error" for f in doc.findings):
        return "errors"
    return "warnings" if doc.findings else "ok"


def _tally(docs) -> str:
    """``5 documents: 3 ok, 1 warnings, 0 errors, 1 unreadable, 0 rejected``."""
    states = [_state(d) for d in docs]
    counts = ", ".join(f"{states.count(s)} {s}" for s in ("ok", "warnings", "errors", "unreadable", "rejected"))
    return f"{len(docs)} documents: {counts}"


def _describe(doc) -> str:
    meta = doc.document
    files = ", ".join(f.name for f in meta.source_files)
    if meta.status == "rejected":
        state = _state(doc)
        reason = (meta.reason or "").removeprefix("unreadable: ") if state == "unreadable" else meta.reason
        return f"{files}: {state} — {reason}"
    errors = sum(f.severity == "error" for f in doc.findings)
    warns = sum(f.severity == "warn" for f in doc.findings)
    state = "errors" if errors else "warnings" if warns else "ok"
    lines = [
        f"{files}: {state} — {meta.department} {meta.year} {meta.phase}/{meta.scope}, "
        f"{len(doc.tables)} tables, {sum(len(t.rows) for t in doc.tables)} rows "
        f"({errors} errors, {warns} warnings)",
    ]
    for key, value in doc.figures.model_dump().items():
        lines.append(f"  {key:<28} {value if value is not None else '—'}")
    for f in doc.findings:
        lines.append(f"  [{f.rule} {f.severity}] {f.message}")
    return "\n".join(lines)


# `budgetwh validate` speaks to a finance clerk: Chinese labels, the rule id, the place, the sentence.
SEVERITY_LABELS = {"error": "错误", "warn": "警告"}
FINDING_KIND_HEADINGS = {  # ingest.model.Finding.kind
    "reading": "读取问题（could not be read：读取程序未能读懂所印内容）：",
    "document": "文件问题（does not add up：所印数字相互矛盾）：",
}
FIGURE_LABELS = {
    "income_total": "收入总计",
    "expenditure_total": "支出总计",
    "current_year_income": "本年收入合计",
    "fiscal_appropriation_income": "财政拨款收入",
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "personnel_expenditure": "人员经费",
    "public_expenditure": "公用经费",
    "three_public_total": "“三公”经费",
    "operating_costs": "机关运行经费",
}
def _yuan_text(value: str | None) -> str:
    """An amount in 元 (the contract's string) as 万元 with its 元 beside it: 1029.59万元（10295900.00元）."""
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(value or "")
    except InvalidOperation:
        return "—"
    return f"{amount / 10000:,.2f}万元（{amount:,.2f}元）"


def _finding_lines(doc, finding) -> list[str]:
    """One finding: ``[B07 错误] <the rule's sentence>``, then where: table, row, column, file and page."""
    lines = [f"  [{finding.rule} {SEVERITY_LABELS.get(finding.severity, finding.severity)}] {finding.message}"]
    from ingest.reading.vocabulary import column_label

    place = []
    table = doc.table(finding.table) if finding.table else None
    if finding.table:
        place.append(f"表《{table.title if table else finding.table}》")
    if finding.row:
        place.append(f"行“{finding.row}”")
    if finding.column and (label := column_label(table.kind if table else None, finding.column)):
        place.append(f"列“{label}”")  # the headings of ingest/reference/column_labels.csv
    if finding.file:
        place.append(f"文件 {finding.file}" + (f" 第 {finding.page} 页" if finding.page else ""))
    if place:
        lines.append("      位置：" + "，".join(place))
    return lines


def _describe_validated(doc) -> str:
    """A validated document for a finance clerk: the verdict, the figures in Chinese, every finding."""
    meta = doc.document
    if meta.status == "rejected":
        return _describe(doc)
    errors = [f for f in doc.findings if f.severity == "error"]
    warnings = [f for f in doc.findings if f.severity != "error"]
    files = ", ".join(f.name for f in meta.source_files)
    phase = {"budget": "预算", "final": "决算"}.get(meta.phase or "", meta.phase or "")
    scope = {"department": "部门", "unit": "单位"}.get(meta.scope or "", meta.scope or "")
    if any(f.kind == "reading" for f in errors):  # unread: the reader is at fault, not the document
        verdict = (f"未能读取（could not be read）：{len(errors)} 个错误、{len(warnings)} 个警告。读取程序未能读懂下列内容，"
                   "这不是文件本身的错误；该文件暂不进入数据集市（unread）")
    elif errors:
        verdict = (f"未通过（does not add up）：{len(errors)} 个错误、{len(warnings)} 个警告。"
                   "该文件将被隔离，不进入数据集市；请对照原件核对下列数字")
    elif warnings:
        verdict = f"通过，有 {len(warnings)} 个警告（已记录，不影响发布）"
    else:
        verdict = "通过：所有平衡规则成立"
    lines = [f"{files}：{meta.department or '?'} {meta.year or ''}年{scope}{phase}，{len(doc.tables)} 张表 — {verdict}"]
    for key, value in doc.figures.model_dump().items():
        if value is not None:
            lines.append(f"  {FIGURE_LABELS.get(key, key)}：{_yuan_text(value)}")
    for kind, heading in FINDING_KIND_HEADINGS.items():  # reading findings and document defects apart
        found = [f for f in errors + warnings if f.kind == kind]
        if found:
            lines.append(heading)
            for finding in found:
                lines += _finding_lines(doc, finding)
    return "\n".join(lines)


@click.group(help="budgetwh: Chinese budget disclosures in, exact tables and proven balances out.")
@click.version_option(READER_VERSION, prog_name="budgetwh")
def main() -> None:
    pass


@main.command(help="Read disclosure files (or folders) and print what was read. Reads only: no database.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the contract object (JSON Lines for several).")
@click.option("--progress/--no-progress", "show_progress", default=True,
              help="Report progress on standard error when reading several files (default: on).")
def parse(files: tuple[str, ...], as_json: bool, show_progress: bool) -> None:
    docs = _parse_all(_expand(files), show_progress=show_progress)
    for doc in docs:
        click.echo(terminal_json(doc.model_dump_json()) if as_json else terminal(_describe(doc)))
    if not as_json and len(docs) > 1:
        click.echo(_tally(docs))


@main.command(help="Parse, load into a scratch schema, run every balance rule; exit 1 on any error finding.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the contract object with all findings.")
def validate(files: tuple[str, ...], as_json: bool) -> None:
    from ingest.pipeline.validate_files import validate_documents_in_scratch

    docs = _parse_all(_expand(files))
    validated = validate_documents_in_scratch(docs)
    any_error = False
    for doc in validated:
        any_error |= any(f.severity == "error" for f in doc.findings)
        click.echo(terminal_json(doc.model_dump_json()) if as_json else terminal(_describe_validated(doc)))
    sys.exit(1 if any_error else 0)


@main.command(help="Print the warehouse's connection URI (psql and other libpq clients accept it).")
def dsn() -> None:
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.load import ensure_schema

    uri = warehouse.dsn()
    ensure_schema(uri)
    click.echo(uri)


@main.command(help="Serve the embedded warehouse on 127.0.0.1:5432 with password authentication, for a BI tool "
                   "on this machine (user budgetwh_reader, password from BUDGETWH_READER_PASSWORD).")
@click.option("--stop", is_flag=True, help="Stop listening on TCP; the local socket stays.")
def serve(stop: bool) -> None:
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.serve import ServeError, stop_tcp
    from ingest.warehouse.serve import serve as expose

    try:
        if stop:
            warehouse.dsn()
            stop_tcp(warehouse.data_dir() / "pg")
            click.echo("The warehouse listens on its local socket only.")
            return
        click.echo(expose().describe())
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.contextmanager
def _stdout_on_stderr() -> Iterator[None]:
    """Send whatever is written to standard output meanwhile to standard error instead, at the file
    descriptor too: Airflow's task runner logs to the stdout it found when it was configured, and
    only the command's own result belongs on standard output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _run_or_exit(inbox: Path) -> dict:
    """run_inbox, or exit 75 (EX_TEMPFAIL) saying who holds the warehouse when another run does."""
    from ingest.pipeline.airflow_runner import run_inbox
    from ingest.pipeline.run_lock import EXIT_RUN_IN_PROGRESS, RunInProgress

    try:
        return run_inbox(inbox)
    except RunInProgress as exc:
        click.echo(f"budgetwh run: {exc}", err=True)
        sys.exit(EXIT_RUN_IN_PROGRESS)


@main.command(help="Run the nightly pipeline (the budget_nightly DAG, in-process) on an inbox folder. "
              "Exit 0 when the run succeeds, 1 when a step failed, 75 when another run holds the warehouse "
              "(it waits BUDGETWH_RUN_WAIT seconds first; default 0).")
@click.option("--inbox", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", "show_progress", default=True,
              help="Report progress on standard error: files parsed of all, the current file, elapsed time.")
def run(inbox: Path, as_json: bool, show_progress: bool) -> None:
    from ingest.pipeline.airflow_runner import format_summary

    with _stdout_on_stderr():  # Airflow's own log lines: stdout holds the summary (and --json parses)
        if show_progress:
            from ingest.pipeline.discover import discover
            from ingest.progress import Progress, pipeline_progress

            progress = Progress("run")
            with pipeline_progress(progress, len(discover(inbox.resolve()))):  # files, manifests included
                summary = _run_or_exit(inbox.resolve())
            progress.finish(str(summary.get("state", "")))
        else:
            summary = _run_or_exit(inbox.resolve())
    click.echo(terminal_json(json.dumps(summary, ensure_ascii=False, indent=2, default=str)) if as_json
               else format_summary(summary))
    if summary.get("state") not in (None, "success"):
        sys.exit(1)


@main.command(help="Write the cross-department comparison report (self-contained HTML, CSV, XLSX) from the marts.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for comparison_report.html and its tables (created when missing).")
def report(out_dir: Path) -> None:
    from ingest.pipeline.report import report_of_latest_load

    try:
        result = report_of_latest_load(out_dir)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"report:  {result.html}  ({result.departments} departments, {result.charts} charts)")
    for name, path in result.exports.items():
        click.echo(f"table:   {path}" if name.endswith(".csv") else f"excel:   {path}")


@main.command("debug-page", help="Draw what the reader saw on one page of a PDF (cells, header and data rows, "
              "panels, title, kind, unit, columns) over the page image, and print it as text (docs/reading.md).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("page", type=click.IntRange(min=1))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PNG to write.")
@click.option("--scale", default=2.0, show_default=True, type=click.FloatRange(min=0.25, max=8),
              help="Pixels per PDF point.")
@click.option("--json", "as_json", is_flag=True, help="Print what was drawn as JSON (tables, rows, cells in points).")
def debug_page(file: Path, page: int, out: Path, scale: float, as_json: bool) -> None:
    from ingest.errors import UnreadableFile
    from ingest.reading import debug_page as debugger

    if file.suffix.lower() != ".pdf":
        raise click.ClickException(f"{file.name}: debug-page draws PDF pages only")
    try:
        debug, size = debugger.write_debug_page(file, page, out, scale)
    except (UnreadableFile, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(terminal_json(json.dumps(debugger.as_json(debug, size), ensure_ascii=False)))
        return
    click.echo(terminal(debugger.describe(debug)))
    click.echo(f"picture: {out} ({size[0]}×{size[1]} px)")


@main.command("demo-inbox", help="Write a demo inbox of generated disclosures: budgets of every demo year and the "
              "final accounts (决算) of every year but the last (plus the seed when ../shared exists).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--formats", "formats", type=click.Choice(["mixed", "text"]), default="mixed", show_default=True,
              help="mixed: some departments as DOCX, XLSX and PDF (every reader is exercised); text: all text "
                   "renderings.")
def demo_inbox(directory: Path, formats: str) -> None:
    from ingest.demo.inbox import MIXED_FORMATS, write_demo_inbox

    for path in write_demo_inbox(directory, formats=MIXED_FORMATS if formats == "mixed" else None):
        click.echo(path)


@main.command(help="Release a document held back by RULE after checking the finding against the paper.")
@click.argument("document")
@click.argument("rule")
@click.option("--reason", required=True, help="Why the finding does not hold the document back (kept in the audit).")
@click.option("--by", "who", default=None, help="Who waives (default: BUDGETWH_USER or the login name).")
def waive(document: str, rule: str, reason: str, who: str | None) -> None:
    from expectations.waivers import WaiverError
    from expectations.waivers import waive as record_waiver

    try:
        outcome = record_waiver(document, rule, reason, who)
    except WaiverError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{outcome.document_id[:12]}: {rule} waived; document now {outcome.status} "
               f"({outcome.remaining_errors} unwaived errors). The marts take it on the next run.")


@main.command(help="Print the JSON Schema of the contract object, generated from the model.")
def schema() -> None:
    from ingest.contract_schema import schema_text

    click.echo(schema_text(), nl=False)  # exactly docs/contract.schema.json (make schema)


if __name__ == "__main__":
    main()
