"""`make lint` as a test: ruff on the Python, sqlfluff on the dbt models and on the balance rules.

The three linters start together (one process each, so two cores are busy and nothing waits on
another) and each test waits for its own. The rules' SQL holds {raw}/{audit}/{batch}/{rule_id}
placeholders, not Jinja: sqlfluff needs the placeholder templater for expectations/, and it takes
the templater only from the command line or the working directory's config, never from a nested
.sqlfluff (expectations/.sqlfluff says why), so it is one sqlfluff run per templater.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# more sqlfluff workers only help where the three runs do not already fill the machine
_PROCESSES = "2" if (os.cpu_count() or 1) >= 6 else "1"
SQLFLUFF_ARGS = ("lint", "--processes", _PROCESSES, "--disable-progress-bar", "--nocolor")

COMMANDS = {
    "ruff": ("ruff", "check", "ingest", "expectations", "dags", "tests", "bench"),
    "sqlfluff-dbt": ("sqlfluff", *SQLFLUFF_ARGS, "dbt_project/models"),
    "sqlfluff-expectations": ("sqlfluff", *SQLFLUFF_ARGS, "--templater", "placeholder", "expectations"),
}


def _executable(name: str) -> str:
    beside = Path(sys.executable).with_name(name)  # the venv's own, whatever PATH says
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed in this environment (make install)", pytrace=False)
    return found


@pytest.fixture(scope="module")
def linters():
    procs = {
        key: subprocess.Popen(
            [_executable(cmd[0]), *cmd[1:]],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        for key, cmd in COMMANDS.items()
    }
    yield procs
    for proc in procs.values():
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("key", list(COMMANDS))
def test_lint_clean(linters, key: str) -> None:
    proc = linters[key]
    output, _ = proc.communicate(timeout=600)
    if proc.returncode != 0:
        pytest.fail(
            f"`{' '.join(COMMANDS[key])}` found violations (exit {proc.returncode}):\n{output}", pytrace=False
        )
