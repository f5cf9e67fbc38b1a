"""
### budget_nightly — load the inbox of budget disclosures into the warehouse

Every night at 00:00 UTC (08:00 Beijing), and on demand with `budgetwh run --inbox DIR`:

1. **discover** the disclosure files in the inbox (DAG param `inbox`, default `$BUDGETWH_INBOX`);
2. **open_load**: create the raw/audit schemas if missing, take the warehouse (one run at a time:
   `audit.run_lease`, waiting at most `$BUDGETWH_RUN_WAIT` s; a dead run's load is closed as
   interrupted) and open a load in `audit.load` (its id comes from the run id, so retries write to
   the same load);
3. **parse** each group of files in its own mapped task (labelled with the file names): one file,
   or the two halves of a two-file document (`<stem>_narrative` + `<stem>_tables`, or a
   `.manifest.json` with its files), staging each document as JSON in `$BUDGETWH_STAGING_DIR`; an
   unreadable file is recorded, never fatal; then **pair_halves** finds halves that only their
   content pairs (same department and year) and **parse_pair** reads each such pair together;
4. **load_raw** every staged document into `raw` (COPY, one transaction per document, a no-op for a
   document already loaded; a pair read together instead of its halves) and one line per file into
   `audit.load_file` — it runs even when some parse tasks failed;
5. **validate** the documents with the Great Expectations suites (one SQL definition per rule):
   findings to `audit.finding`, accepted / quarantined to `audit.document_status`;
6. **build_marts**: `dbt build` (staging → marts, accepted documents only, with dbt tests);
7. **validate_marts**: the marts against raw and audit (cells, totals, no quarantined document);
8. **summarise** what was loaded, quarantined and warned (runs whatever happened upstream) and give
   the warehouse back, and
   **check_steps** fails the run when any step failed;
9. **report**: the cross-department comparison report from the marts (self-contained HTML with
   charts, CSV and XLSX tables) in `$BUDGETWH_REPORT_DIR` (default `data/report`).

Each task body is one call into a stage module of `ingest/pipeline/`; see `dags/README.md` for the tables written.

**Alerts** (`ingest/pipeline/alerts.py`): a failed run, and every document `validate` quarantines (with the
rule, table, row and both sides), go to the channels set by `BUDGETWH_ALERT_WEBHOOK`,
`BUDGETWH_ALERT_EMAIL_TO` (SMTP connection `BUDGETWH_ALERT_SMTP_CONN_ID`) and `BUDGETWH_ALERT_FILE`.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, TriggerRule, dag, task

DEFAULT_ARGS = {
    "owner": "budgetwh",
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
}


def alert_run_failed(context) -> None:
    """on_failure_callback of the run: the notifier of ingest/pipeline/alerts.py tells the channels configured by
    BUDGETWH_ALERT_* (webhook, e-mail, file) which run and task failed. Imported here, not at the top."""
    from ingest.pipeline.alerts import notifier

    notifier("run_failed")(context)


def alert_quarantined(context) -> None:
    """on_success_callback of validate: the documents this load quarantined, with rule and place."""
    from ingest.pipeline.alerts import notifier

    notifier("quarantined")(context)


@dag(
    dag_id="budget_nightly",
    schedule="@daily",
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,  # one load at a time: dbt's target/ folder and the marts are shared
    dagrun_timeout=timedelta(hours=3),
    doc_md=__doc__,
    default_args=DEFAULT_ARGS,
    on_failure_callback=alert_run_failed,
    tags=["budgetwh", "ingest", "great-expectations", "dbt"],
    params={
        "inbox": Param(
            "",
            type="string",
            title="Inbox folder",
            description="Folder of disclosure files to load (default: $BUDGETWH_INBOX).",
        ),
    },
)
def budget_nightly():
    @task
    def discover(inbox: str) -> list[dict]:
        from ingest.pipeline import discover as stage

        return stage.discover_groups(inbox)

    @task
    def open_load(inbox: str, run_id: str | None = None) -> str:  # run_id comes from the task context
        from ingest.pipeline import load as stage

        return stage.open_run(inbox, stage.load_id_for_run(run_id or ""))

    @task(map_index_template="{{ task.op_kwargs['group']['label'] }}")
    def parse(group: dict) -> list[dict]:
        from ingest.pipeline import parse as stage

        return stage.parse_group(group["paths"])

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def pair_halves(parsed: list[list[dict]]) -> list[dict]:
        from ingest.pipeline import parse as stage

        return stage.pair_halves(parsed)

    @task(map_index_template="{{ task.op_kwargs['group']['label'] }}")
    def parse_pair(group: dict) -> list[dict]:
        from ingest.pipeline import parse as stage

        return stage.parse_pair(group["paths"])

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def load_raw(parsed: list[list[dict]], load_id: str, discovered: list[dict], paired: list[list[dict]]) -> dict:
        from ingest.pipeline import load as stage

        return stage.load_raw(parsed, load_id, discovered, paired)

    @task(on_success_callback=alert_quarantined)
    def validate(load_summary: dict) -> dict:
        from ingest.pipeline import validate as stage

        return stage.validate(load_summary)

    @task
    def build_marts() -> dict:
        from ingest.pipeline import marts as stage

        return stage.build_marts()

    @task
    def validate_marts() -> dict:
        from ingest.pipeline import marts as stage

        return stage.validate_marts()

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def summarise(load_id: str, load: dict, validation: dict, marts: dict, mart_checks: dict) -> dict:
        from ingest.pipeline import summary as stage

        return stage.finish_run(load_id, load, validation, marts, mart_checks)

    @task
    def report(summary: dict) -> dict:
        from ingest.pipeline import report as stage

        return stage.build_report(summary)

    @task
    def check_steps(summary: dict) -> dict:
        from ingest.pipeline import summary as stage

        return stage.raise_for_failed_steps(summary)

    inbox = "{{ params.inbox }}"
    groups = discover(inbox)
    load_id = open_load(inbox)
    parsed = parse.expand(group=groups)
    paired = parse_pair.expand(group=pair_halves(parsed))
    loaded = load_raw(parsed, load_id, groups, paired)
    validation = validate(loaded)
    marts = build_marts()
    mart_checks = validate_marts()
    validation >> marts >> mart_checks
    summary = summarise(load_id, loaded, validation, marts, mart_checks)
    check_steps(summary)
    report(summary)


budget_nightly()
