"""The `budgetwh` command: parse or validate files, run the nightly pipeline in-process, print the DSN.

Heavy imports (psycopg, Great Expectations, Airflow, dbt) happen inside the commands that need them:
`budgetwh parse` must stay fast and must not touch a database (contract.md).
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import click

from ingest import READER_VERSION

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
    """Parse the files into documents (two-file documents paired: ingest/pairing.py), sorted by
    document key; an unreadable file becomes a rejected document naming the file and the reason.
    With ``show_progress`` and more than one file, progress goes to standard error (ingest/progress.py)."""
    from ingest.parse import parse_paths

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
        click.echo(doc.model_dump_json() if as_json else _describe(doc))
    if not as_json and len(docs) > 1:
        click.echo(_tally(docs))


@main.command(help="Parse, load into a scratch schema, run every balance rule; exit 1 on any error finding.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the contract object with all findings.")
def validate(files: tuple[str, ...], as_json: bool) -> None:
    from ingest.validate_files import validate_documents_in_scratch

    docs = _parse_all(_expand(files))
    validated = validate_documents_in_scratch(docs)
    any_error = False
    for doc in validated:
        any_error |= any(f.severity == "error" for f in doc.findings)
        click.echo(doc.model_dump_json() if as_json else _describe(doc))
    sys.exit(1 if any_error else 0)


@main.command(help="Print the warehouse's connection URI (psql and other libpq clients accept it).")
def dsn() -> None:
    from ingest import warehouse
    from ingest.load import ensure_schema

    uri = warehouse.dsn()
    ensure_schema(uri)
    click.echo(uri)


@main.command(help="Serve the embedded warehouse on 127.0.0.1:5432 with password authentication, for a BI tool "
                   "on this machine (user budgetwh_reader, password from BUDGETWH_READER_PASSWORD).")
@click.option("--stop", is_flag=True, help="Stop listening on TCP; the local socket stays.")
def serve(stop: bool) -> None:
    from ingest import warehouse
    from ingest.serve import ServeError, stop_tcp
    from ingest.serve import serve as expose

    try:
        if stop:
            warehouse.dsn()
            stop_tcp(warehouse.data_dir() / "pg")
            click.echo("The warehouse listens on its local socket only.")
            return
        click.echo(expose().describe())
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command(help="Run the nightly pipeline (the budget_nightly DAG, in-process) on an inbox folder.")
@click.option("--inbox", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--progress/--no-progress", "show_progress", default=True,
              help="Report progress on standard error: files parsed of all, the current file, elapsed time.")
def run(inbox: Path, as_json: bool, show_progress: bool) -> None:
    from ingest.airflow_runner import format_summary, run_inbox

    if show_progress:
        from ingest.pipeline import discover
        from ingest.progress import Progress, pipeline_progress

        progress = Progress("run")
        with pipeline_progress(progress, len(discover(inbox.resolve()))):
            summary = run_inbox(inbox.resolve())
        progress.finish(str(summary.get("state", "")))
    else:
        summary = run_inbox(inbox.resolve())
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str) if as_json
               else format_summary(summary))
    if summary.get("state") not in (None, "success"):
        sys.exit(1)


@main.command(help="Write the cross-department comparison report (self-contained HTML, CSV, XLSX) from the marts.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for comparison_report.html and its tables (created when missing).")
def report(out_dir: Path) -> None:
    from ingest.report import build_report

    try:
        result = build_report(out_dir)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"report:  {result.html}  ({result.departments} departments, {result.charts} charts)")
    for name, path in result.exports.items():
        click.echo(f"table:   {path}" if name.endswith(".csv") else f"excel:   {path}")


@main.command("demo-inbox", help="Write a demo inbox of generated disclosures (plus the seed when ../shared exists).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--formats", "formats", type=click.Choice(["mixed", "text"]), default="mixed", show_default=True,
              help="mixed: some departments as DOCX, XLSX and PDF (every reader is exercised); text: all text "
                   "renderings.")
def demo_inbox(directory: Path, formats: str) -> None:
    from ingest.demo import MIXED_FORMATS, write_demo_inbox

    for path in write_demo_inbox(directory, formats=MIXED_FORMATS if formats == "mixed" else None):
        click.echo(path)


@main.command(help="Release a document held back by RULE after checking the finding against the paper.")
@click.argument("document")
@click.argument("rule")
@click.option("--reason", required=True, help="Why the finding does not hold the document back (kept in the audit).")
@click.option("--by", "who", default=None, help="Who waives (default: BUDGETWH_USER or the login name).")
def waive(document: str, rule: str, reason: str, who: str | None) -> None:
    from ingest.waivers import WaiverError
    from ingest.waivers import waive as record_waiver

    try:
        outcome = record_waiver(document, rule, reason, who)
    except WaiverError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{outcome.document_id[:12]}: {rule} waived; document now {outcome.status} "
               f"({outcome.remaining_errors} unwaived errors). The marts take it on the next run.")


@main.command(help="Print the JSON Schema of the contract object, generated from the model.")
def schema() -> None:
    from ingest.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
