"""The `budgetwh` command: parse or validate files, run the nightly pipeline in-process, print the DSN.

Heavy imports (psycopg, Great Expectations, Airflow, dbt) happen inside the commands that need them:
`budgetwh parse` must stay fast and must not touch a database (contract.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ingest import READER_VERSION


def _expand(paths: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            files.append(p)
    return files


def _parse_all(files: list[Path]):
    """Parse each file; an unreadable file becomes a rejected document naming the file and reason."""
    from ingest.errors import UnreadableFile
    from ingest.parse import parse_file, rejected_document

    docs = []
    for path in files:
        try:
            docs.append(parse_file(path))
        except UnreadableFile as exc:
            docs.append(rejected_document(path, f"unreadable: {exc.reason}"))
    return sorted(docs, key=lambda d: (d.document.document_key or "", d.document.id))


def _describe(doc) -> str:
    meta = doc.document
    files = ", ".join(f.name for f in meta.source_files)
    if meta.status == "rejected":
        return f"{files}: rejected — {meta.reason}"
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
def parse(files: tuple[str, ...], as_json: bool) -> None:
    docs = _parse_all(_expand(files))
    for doc in docs:
        click.echo(doc.model_dump_json() if as_json else _describe(doc))


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


@main.command(help="Run the nightly pipeline (the budget_nightly DAG, in-process) on an inbox folder.")
@click.option("--inbox", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def run(inbox: Path, as_json: bool) -> None:
    from ingest.airflow_runner import format_summary, run_inbox

    summary = run_inbox(inbox.resolve())
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2, default=str) if as_json
               else format_summary(summary))
    if summary.get("state") not in (None, "success"):
        sys.exit(1)


@main.command("demo-inbox", help="Write a demo inbox of generated disclosures (plus the seed when ../shared exists).")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def demo_inbox(directory: Path) -> None:
    from ingest.demo import write_demo_inbox

    for path in write_demo_inbox(directory):
        click.echo(path)


@main.command(help="Print the JSON Schema of the contract object, generated from the model.")
def schema() -> None:
    from ingest.model import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
