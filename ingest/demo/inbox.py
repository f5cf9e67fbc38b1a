"""The demo inbox: generated documents written as files, in the formats the readers read.

Why a module of its own: what ``budgetwh demo-inbox`` (and ``make demo``) puts in a folder — which
department in which format (:data:`MIXED_FORMATS`), where each file goes, the copy of the seed from
the read-only ../shared folder, a document cut into two files the way Jiangsu publishes — is a
question of files, apart from how the documents are built (ingest/demo/documents.py). Deterministic:
the same arguments write byte-identical files.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from ingest import settings
from ingest.demo.catalogue import (
    BROKEN,
    BROKEN_RULE,
    DEFAULT_SEED,
    DEFAULT_YEARS,
    DEMO_NOTE,
    DEMO_PHASES,
    DEPARTMENTS,
)
from ingest.demo.documents import DemoDocument, break_rule_b07, generate_documents

SEED_NAME = "000_6885cbf63360e79d.txt"


def two_files(demo: DemoDocument, county: str | None = None) -> tuple[str, str]:
    """A generated document as two files' texts, (tables, narrative), the way Jiangsu publishes
    公开表 and 情况说明 apart (ingest/pairing.py). ``county`` renames 演示区, so the pair's document
    key is its own and does not supersede the single-file document of the same department and year."""
    text = demo.text.replace("演示区", county) if county else demo.text
    title = text.index(f"{demo.year}年部门预算信息公开情况说明")
    cut = text.rindex("\n", 0, title) + 1
    return text[:cut], text[cut:]


def shared_seed_path() -> Path:
    """The seed disclosure in the read-only ../shared folder (BUDGETWH_SHARED moves it)."""
    return settings.shared_dir() / "seeds" / SEED_NAME


# ``write_demo_inbox(formats=MIXED_FORMATS)``: an inbox that holds every format the readers read
# (the broken document stays a text rendering, so its quarantine shows the same row as ever).
MIXED_FORMATS = {"education": "docx", "health": "xlsx", "agriculture": "pdf"}


def demo_path(dir: Path, demo: DemoDocument, fmt: str) -> Path:  # noqa: A002
    """Where a generated document is written in ``fmt`` (text | docx | xlsx | pdf)."""
    return dir / (demo.filename if fmt == "text" else Path(demo.filename).with_suffix(f".{fmt}").name)


def _write_demo(path: Path, demo: DemoDocument, fmt: str) -> None:
    """One generated document in ``fmt``, printed exactly as its text rendering (broken row included)."""
    if fmt == "text":
        path.write_text(demo.text, encoding="utf-8")
        return
    from ingest.demo.writers.docx import write_docx
    from ingest.demo.writers.pdf import write_pdf
    from ingest.demo.writers.xlsx import write_xlsx

    writers = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}
    if fmt not in writers:
        raise ValueError(f"no demo writer for format {fmt!r} (text, docx, xlsx or pdf)")
    printed = demo.document.model_copy(deep=True)
    if demo.broken_rule == BROKEN_RULE:
        break_rule_b07(printed)
    writers[fmt](printed, path, notes=[DEMO_NOTE])


def write_demo_inbox(
    dir: Path,  # noqa: A002 - the name the CLI and the brief use
    include_seed: bool = True,
    *,
    departments: Sequence[str] | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    broken: tuple[str, int] | None = BROKEN,
    formats: dict[str, str] | None = None,
    phases: Sequence[str] = DEMO_PHASES,
) -> list[Path]:
    """Write the demo disclosures (and a copy of the seed when ../shared exists) into ``dir``.

    ``formats`` maps department slugs to the format their documents are written in (text, docx,
    xlsx, pdf; see :data:`MIXED_FORMATS`); departments not named are text renderings, as they all
    are by default. ``phases`` (:func:`generate_documents`): by default budgets and the final accounts
    (决算) of every year but the latest; final accounts are always text renderings (the DOCX, XLSX
    and PDF writers lay out budgets only). Deterministic: the same arguments write byte-identical files, so loading the
    inbox twice is a no-op the second time. Files already in ``dir`` are left alone. Returns the
    paths written, sorted.
    """
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    slugs = {spec.name: spec.slug for spec in DEPARTMENTS}
    written = []
    for demo in generate_documents(seed, departments, years, broken, phases):
        fmt = (formats or {}).get(slugs[demo.department], "text") if demo.phase == "budget" else "text"
        path = demo_path(dir, demo, fmt)
        _write_demo(path, demo, fmt)
        written.append(path)
    seed_file = shared_seed_path()
    if include_seed and seed_file.exists():
        target = dir / SEED_NAME
        shutil.copyfile(seed_file, target)
        written.append(target)
    return sorted(written)
