"""The rules of the house (docs/architecture.md), checked on the source tree itself.

* No import cycle among the modules of ingest/, expectations/ and dags/: imports inside functions
  count, and importing ``a.b.c`` imports the packages ``a`` and ``a.b`` first.
* No Python module in ingest/ over 600 lines; no SQL function over 150 lines.
* Every ``BUDGETWH_*`` setting is read in ingest/settings.py only, and the README's table of settings
  is the one that module declares.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ingest import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "expectations", "dags")
MAX_MODULE_LINES = 600
MAX_SQL_FUNCTION_LINES = 150


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports anywhere in its file, with the packages they live in."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    edges = set()
    parts = name.split(".")
    for i in range(1, len(parts)):  # importing a.b.c runs the __init__ of a and of a.b first
        if (parent := ".".join(parts[:i])) in known:
            edges.add(parent)
    for target in targets:
        parts = target.split(".")
        for i in range(1, len(parts) + 1):  # a.b.c imports a and a.b first
            prefix = ".".join(parts[:i])
            if prefix in known and prefix != name:
                edges.add(prefix)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle():
    known = _modules()
    assert "ingest.reading.parse" in known and "dags.budget_nightly" in known
    edges = {name: _imports(name, path, known) for name, path in known.items()}
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle_through_a_package(tmp_path: Path):
    """The check above can fail: a package whose __init__ imports its own submodule is a cycle, since
    importing the submodule runs the __init__ first."""
    package = tmp_path / "p"
    package.mkdir()
    (package / "__init__.py").write_text("from p.a import x\n", encoding="utf-8")
    (package / "a.py").write_text("x = 1\n", encoding="utf-8")
    known = {"p": package / "__init__.py", "p.a": package / "a.py"}
    edges = {name: _imports(name, path, known) for name, path in known.items()}
    assert _cycles(edges) == [["p", "p.a"]]


def test_no_module_in_ingest_is_over_600_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "ingest").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


_FUNCTION = re.compile(r"create\s+or\s+replace\s+function\s+(\S+?)\s*\(.*?\$\$(.*?)\$\$", re.I | re.S)


def test_no_sql_function_is_over_150_lines():
    sql_files = [p for folder in ("expectations", "ingest", "dbt_project") for p in (ROOT / folder).rglob("*.sql")]
    assert sql_files
    long = {}
    for path in sql_files:
        for match in _FUNCTION.finditer(path.read_text(encoding="utf-8")):
            lines = match.group(2).count("\n") + 1
            if lines > MAX_SQL_FUNCTION_LINES:
                long[f"{path.relative_to(ROOT)}:{match.group(1)}"] = lines
    assert long == {}


_READS_SETTING = re.compile(r"""(?:environ(?:\.get)?\s*[\[(]|getenv\s*\()\s*["'](?:BUDGETWH_|AIRFLOW_CONN_BUDGETWH)""")


def test_settings_are_read_in_one_place():
    readers = [str(p.relative_to(ROOT)) for package in PACKAGES for p in (ROOT / package).rglob("*.py")
               if p.name != "settings.py" and _READS_SETTING.search(p.read_text(encoding="utf-8"))]
    assert readers == []
    assert _READS_SETTING.search('os.environ.get("BUDGETWH_DSN")')  # the pattern sees a read


def test_every_declared_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert settings.settings_table() in readme, "README's Settings table differs from ingest/settings.py SETTINGS"


def test_an_undeclared_setting_is_refused():
    with pytest.raises(KeyError, match="not a declared setting"):
        settings.value("BUDGETWH_NO_SUCH_THING")
    assert settings.value("BUDGETWH_INBOX", {"BUDGETWH_INBOX": " /in "}) == "/in"


# What may import what (docs/architecture.md, "Rules of the house"): each room and the rooms it may
# use. The base is the canonical model and the few modules everything shares.
BASE = ("ingest", "ingest.model", "ingest.amounts", "ingest.errors", "ingest.hashing", "ingest.settings",
        "ingest.contract_schema", "ingest.escape")
MAY_IMPORT: dict[str, tuple[str, ...]] = {
    "base": (),
    "ingest.readers": (),
    "ingest.reading": ("ingest.readers",),
    "ingest.demo": ("ingest.readers",),
    "ingest.warehouse": (),
    "expectations": ("ingest.warehouse",),
    "ingest.report": ("ingest.warehouse",),
    "ingest.pipeline": ("ingest.readers", "ingest.reading", "ingest.warehouse", "expectations", "ingest.report"),
    "front": ("ingest.readers", "ingest.reading", "ingest.warehouse", "expectations", "ingest.report",
              "ingest.pipeline", "ingest.demo"),
    "dags": ("ingest.pipeline",),
}


def _room(module: str) -> str:
    if module in BASE:
        return "base"
    if module in ("ingest.cli", "ingest.progress"):
        return "front"
    parts = module.split(".")
    return parts[0] if parts[0] != "ingest" else ".".join(parts[:2])


def test_each_room_imports_only_the_rooms_below_it():
    known = _modules()
    rooms = {_room(name) for name in known}
    assert rooms <= set(MAY_IMPORT), f"a module outside every room: {rooms - set(MAY_IMPORT)}"
    wrong = sorted(f"{name} → {target}" for name, path in known.items() for target in _imports(name, path, known)
                   if _room(target) not in ("base", _room(name), *MAY_IMPORT[_room(name)]))
    assert wrong == []
