"""Does a change keep what budgetwh reads and finds? ``parse --json`` and ``validate --json`` of the seed
and every corpus document at two revisions, compared byte for byte.

    python -m bench.same_output BEFORE [AFTER]      # AFTER defaults to the working tree

Why a script and not a test: it needs two checkouts (a git worktree of each revision under data/)
and runs every reader and every rule twice (a few minutes). A refactor that must not change behaviour
(issue 10's regrouping) records its result in the closing note. Each revision runs with its own code
(``python -m ingest.cli`` in its checkout, this project's virtual environment) and its own embedded
PostgreSQL (``BUDGETWH_DATA_DIR`` in its checkout's data/), so the two never share a server.

``validate`` orders findings that tie on every sort key as the database returns them (two N03
findings of one document may swap between runs), so a validate output that differs byte for byte is
compared again with each document's findings sorted before it counts as a difference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from ingest import settings

ROOT = settings.PROJECT_ROOT
SKIPPED = {"README.md", "expected.json"}


def _checkout(revision: str | None) -> Path:
    """The project at ``revision`` (a git worktree in data/same-output/), or this working tree."""
    if revision is None:
        return ROOT
    folder = ROOT / "data" / "same-output" / revision.replace("/", "_")
    if not (folder / "ingest").is_dir():
        subprocess.run(["git", "worktree", "add", "--force", "--detach", str(folder), revision], cwd=ROOT,
                       check=True, capture_output=True)
    return folder


def _commands() -> list[tuple[str, list[str]]]:
    shared = settings.shared_dir()
    corpus = sorted(p for p in (shared / "corpus").iterdir() if p.name not in SKIPPED)
    seed = shared / "seeds" / "000_6885cbf63360e79d.txt"
    runs = [("parse seed", ["parse", "--json", str(seed)])]
    runs += [(f"parse {p.name}", ["parse", "--json", str(p)]) for p in corpus]
    runs += [("parse corpus folder", ["parse", "--json", str(shared / "corpus")]),
             ("validate seed", ["validate", "--json", str(seed)]),
             ("validate corpus folder", ["validate", "--json", str(shared / "corpus")])]
    return runs


def _run(checkout: Path, args: list[str]) -> bytes:
    env = {**os.environ, "BUDGETWH_DATA_DIR": str(checkout / "data" / "same-output-pg"),
           "BUDGETWH_SHARED": str(settings.shared_dir())}
    env.pop("BUDGETWH_DSN", None)
    done = subprocess.run([sys.executable, "-m", "ingest.cli", *args], cwd=checkout, env=env,
                          capture_output=True, timeout=1800, check=False)
    return done.stdout


def _findings_sorted(output: bytes) -> list[str]:
    """Each document of a ``--json`` output (one object a line) with its findings in a fixed order."""
    documents = []
    for line in output.decode("utf-8").splitlines():
        document = json.loads(line)
        document["findings"] = sorted(document.get("findings") or [], key=lambda f: json.dumps(f, sort_keys=True))
        documents.append(json.dumps(document, sort_keys=True, ensure_ascii=False))
    return documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after", nargs="?")
    parser.add_argument("--only", default="", help="compare only the outputs whose label contains this text")
    options = parser.parse_args(argv)
    before, after = _checkout(options.before), _checkout(options.after)
    differing = 0
    commands = [(label, args) for label, args in _commands() if options.only in label]
    for label, args in commands:
        old, new = _run(before, args), _run(after, args)
        if old == new:
            verdict = "identical"
        elif args[0] == "validate" and _findings_sorted(old) == _findings_sorted(new):
            verdict = "identical but for the order of findings that tie on every sort key"
        else:
            verdict = "DIFFERENT"
            differing += 1
        print(f"{label}: {verdict} ({len(new)} bytes)")
    print(f"{len(commands)} outputs compared, {differing} different")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
