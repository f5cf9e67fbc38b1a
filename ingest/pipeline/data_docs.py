"""Great Expectations Data Docs of every load, kept as artifacts, with an index that names the rules.

Each validation of the nightly run builds GX's own site (expectations/run.py, ``docs_dir``) in a
folder of its load: ``<root>/<load id>/index.html``, its suites under ``expectations/`` and one
page per suite run under ``validations/`` (each expectation described as ``<rule id> (<severity>):
<title>``). Beside it, ``rules.json`` records what the validation found per rule. ``<root>/index.html``
lists every load, newest first, with a table of its rules — id, severity, title, unexpected rows —
linking each rule to the GX page of its suite: one page to start from.

``<root>`` is ``BUDGETWH_GX_DOCS_DIR``, else ``<artifacts>/gx`` (``BUDGETWH_ARTIFACTS_DIR``, default
data/artifacts; data/ and artifacts/ are git-ignored). A load folder is about 4 MB (GX's fonts and
images included); old ones can be deleted at will, and the index is rewritten at every validation.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.settings import gx_docs_dir

RULES_FILE = "rules.json"


def docs_root() -> Path:
    """Where the Data Docs of all loads are: ``BUDGETWH_GX_DOCS_DIR`` or <artifacts>/gx."""
    return gx_docs_dir()


def safe_name(load_id: str) -> str:
    """A load id as a folder name (anything but letters, digits, - _ . becomes _)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in load_id)


def load_folder(load_id: str, root: Path | None = None) -> Path:
    """``<root>/<load id>/``: where GX builds the site of this load's validation."""
    return (root or docs_root()) / safe_name(load_id)


def load_index(load_id: str, root: Path | None = None) -> Path | None:
    """The GX site of ``load_id`` (its index.html) when one was built, else None."""
    index = load_folder(load_id, root) / "index.html"
    return index if index.is_file() else None


def record(load_id: str, expectations: list[dict[str, Any]], statuses: dict[str, str],
           root: Path | None = None) -> Path:
    """Write ``rules.json`` of a load's validation (one entry per expectation: rule id, severity,
    suite, title, success, unexpected rows) and rewrite the index of all loads; returns the index."""
    from expectations.suites import RULES

    titles = {rule.expectation_id: rule.title for rule in RULES}
    folder = load_folder(load_id, root)
    folder.mkdir(parents=True, exist_ok=True)
    entries = [{**e, "title": titles.get(e.get("expectation_id") or "", "")} for e in expectations]
    payload = {
        "load_id": load_id,
        "validated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": len(statuses),
        "unread": sum(s == "unread" for s in statuses.values()),
        "quarantined": sum(s == "quarantined" for s in statuses.values()),
        "expectations": entries,
    }
    (folder / RULES_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    return write_index(root)


def _suite_page(folder: Path, suite: str) -> str | None:
    pages = sorted((folder / "validations" / suite).glob("**/*.html"))
    return pages[-1].relative_to(folder.parent).as_posix() if pages else None


def _load_section(folder: Path, data: dict[str, Any]) -> str:
    e = html.escape
    name = folder.name
    gx_index = f"{name}/index.html" if (folder / "index.html").is_file() else None
    head = (f"<h2 id=\"{e(name)}\">load {e(data['load_id'])}</h2>"
            f"<p>validated {e(data['validated_at'])}: {data['documents']} documents, "
            f"{data.get('unread', 0)} could not be read, {data['quarantined']} do not add up (quarantined)"
            + (f" · <a href=\"{e(gx_index)}\">Great Expectations Data Docs of this load</a>" if gx_index else "")
            + "</p>")
    rows = []
    for item in sorted(data["expectations"], key=lambda x: (x.get("rule_id") or "", x.get("expectation_id") or "")):
        page = _suite_page(folder, item.get("suite") or "")
        outcome = "passed" if item.get("success") else f"{item.get('unexpected', 0)} rows"
        rule = e(item.get("expectation_id") or item.get("rule_id") or "?")
        link = f"<a href=\"{e(page)}\">{rule}</a>" if page else rule
        rows.append(f"<tr class=\"{'ok' if item.get('success') else 'failed'}\"><td>{link}</td>"
                    f"<td>{e(item.get('severity') or '')}</td><td>{e(item.get('suite') or '')}</td>"
                    f"<td>{e(item.get('title') or '')}</td><td>{e(outcome)}</td></tr>")
    table = ("<table><tr><th>rule</th><th>severity</th><th>suite</th><th>checks</th><th>result</th></tr>"
             + "".join(rows) + "</table>")
    return head + table


def write_index(root: Path | None = None) -> Path:
    """``<root>/index.html``: every load's rules and results, newest first, linked to GX's pages."""
    root = root or docs_root()
    root.mkdir(parents=True, exist_ok=True)
    loads = []
    for path in root.glob(f"*/{RULES_FILE}"):
        try:
            loads.append((path.parent, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError):
            continue
    loads.sort(key=lambda item: item[1].get("validated_at", ""), reverse=True)
    body = "".join(_load_section(folder, data) for folder, data in loads) or "<p>No validation yet.</p>"
    page = (
        "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
        "<title>budgetwh — balance rules, Great Expectations Data Docs</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}tr.failed td{background:#fde8e8}</style>"
        "</head><body><h1>budgetwh: balance rules by load</h1>"
        "<p>Each rule of the catalogue (balance-rules.md) is one Great Expectations expectation; a rule "
        "links to the validation page of its suite.</p>" + body + "</body></html>"
    )
    index = root / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
