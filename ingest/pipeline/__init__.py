"""The nightly pipeline: one module per stage of the ``budget_nightly`` DAG (dags/), one function per task.

    discover.py  the inbox's files in reading groups (no file is read)
    parse.py     read each group, stage its contract JSON; pair halves found by content
    load.py      open a load; COPY the staged documents into raw; one audit line per file
    validate.py  the balance rules through Great Expectations (expectations/); decisions
    marts.py     dbt build, the dbt docs site, the mart checks (mart_checks/*.sql)
    summary.py   what the run did, read back from the audit
    report.py    the comparison report (ingest/report/)

Beside them: airflow_runner.py (``budgetwh run``: the DAG in-process), run_lock.py (one run at a
time per warehouse; recovery of a killed run), alerts.py (who is told), data_docs.py (the Great
Expectations site of each load), validate_files.py (``budgetwh validate``: read, load and validate
in a scratch schema).

discover → open a load → parse (one task per group of files: usually one file, both halves of a
two-file document) → pair halves found by content and read them together → load raw → validate
(GX) → dbt build → validate marts → summary. Each function is the whole body of one Airflow task,
so the DAG file only wires them (style guide §3), and each is idempotent:

* ``parse_group`` writes each parsed document's contract JSON to a staging folder keyed by its id (a
  hash of its files' contents and the reader version); running it again rewrites the same file. Tasks pass each
  other small values (paths, hashes, statuses), never documents, so XComs stay small under any
  executor. The staging folder is the only local state: ``BUDGETWH_STAGING_DIR`` must point at a
  volume every worker shares when tasks run on different machines.
* ``load_raw`` writes each document once (ingest/warehouse/load.py: one transaction per document, keyed by
  its id); the same files again are ``already_loaded``. Its audit lines are upserts keyed by
  (load id, file path), and the load id comes from the DAG run, so a retried task rewrites them.
* ``validate`` decides each document once, like it is loaded once: only documents without a
  decision are validated, so the same inbox again adds no finding, no decision and no mart row;
  ``build_marts`` rebuilds the marts from raw + audit; ``validate_marts`` only reads.

A file that cannot be read never stops the others: the reader's ``UnreadableFile`` becomes an
``unreadable`` line in audit.load_file naming the file and the reason, a reader crash a ``failed``
line with the exception, and a parse task that died without reporting is recorded as ``failed`` by
``load_raw`` from the list of discovered files.

Heavy modules (psycopg, Great Expectations, dbt) are imported inside the functions that use them:
the DAG file imports the stage modules only inside its tasks, and ``discover`` must stay cheap.
"""
